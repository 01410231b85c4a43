"""Typed settings stored as JSON (idle lock minutes, print options, targets, ...)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from camau_reception.models.settings import Setting
from camau_reception.models.users import Role
from camau_reception.services import audit
from camau_reception.services.actor import Actor
from camau_reception.services.auth import require

DEFAULTS: dict[str, Any] = {
    "security.idle_lock_minutes": 15,
    "print.receipt_two_per_sheet": True,
    "backup.keep_daily": 14,
    "backup.keep_weekly": 8,
    "backup.keep_monthly": 24,
}


def get(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    if row is None:
        return DEFAULTS.get(key, default)
    return json.loads(row.value)


def put(session: Session, actor: Actor, key: str, value: Any, *, admin_only: bool = True) -> None:
    if admin_only:
        require(actor, Role.ADMIN)
    row = session.get(Setting, key)
    text = json.dumps(value, ensure_ascii=False)
    old = row.value if row else None
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text
    session.flush()
    if old != text:
        audit.log_event(session, actor, "setting.update", "setting", key, f"{key} = {text}")
