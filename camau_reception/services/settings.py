"""Typed settings stored as JSON (idle lock minutes, print options, targets, ...)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from camau_reception.models.settings import Setting
from camau_reception.models.users import Role
from camau_reception.services import audit
from camau_reception.services.actor import Actor
from camau_reception.services.auth import require
from camau_reception.services.errors import ValidationError

IDLE_LOCK_KEY = "security.idle_lock_minutes"
IDLE_LOCK_LIMITS = (0, 240)  # minutes; 0 = never lock on its own

DEFAULTS: dict[str, Any] = {
    IDLE_LOCK_KEY: 15,
    "print.receipt_two_per_sheet": True,
    "backup.keep_daily": 14,
    "backup.keep_weekly": 8,
    "backup.keep_monthly": 24,
}


def check_idle_lock_minutes(value: object) -> int:
    """A whole number of minutes within ``IDLE_LOCK_LIMITS``; raises ``ValidationError``."""
    low, high = IDLE_LOCK_LIMITS
    message = f"Hãy nhập số phút từ {low} đến {high} (0 = không tự khóa)."
    try:
        minutes = value if isinstance(value, int) else int(str(value).strip())
    except ValueError:
        raise ValidationError({"idle_lock_minutes": message}) from None
    if isinstance(minutes, bool) or not low <= minutes <= high:
        raise ValidationError({"idle_lock_minutes": message})
    return minutes


# Keys whose value ``put`` checks (and normalises) before storing it.
VALIDATORS: dict[str, Callable[[Any], Any]] = {IDLE_LOCK_KEY: check_idle_lock_minutes}


def get(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    if row is None:
        return DEFAULTS.get(key, default)
    return json.loads(row.value)


def put(session: Session, actor: Actor, key: str, value: Any, *, admin_only: bool = True) -> None:
    """Store a setting (administrator only unless ``admin_only=False``); a change is written to
    the audit log. Keys in ``VALIDATORS`` raise ``ValidationError`` on a bad value."""
    if admin_only:
        require(actor, Role.ADMIN)
    check = VALIDATORS.get(key)
    if check is not None:
        value = check(value)
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


def idle_lock_minutes(session: Session) -> int:
    """Minutes without a key press or click before the screen locks (0 = never). A value
    written by hand outside the limits is brought within them."""
    low, high = IDLE_LOCK_LIMITS
    try:
        minutes = int(get(session, IDLE_LOCK_KEY) or 0)
    except (TypeError, ValueError):
        return int(DEFAULTS[IDLE_LOCK_KEY])
    return min(max(minutes, low), high)
