"""The petition state machine in one place: which action leads from which states to which.

The actions themselves live in ``services.petitions`` (each takes ``(session, actor,
petition_id, ..., on=date)``, checks the role and the state, writes one dated step with its
clock and one audit event, and raises ``ValidationError`` / ``PermissionDenied`` /
``ConflictError`` with a Vietnamese message). This module names the graph so that pages,
reports and tests read it instead of re-deriving it, and re-exports the actions so callers may
import the workflow from here::

    received ─classify→ classified ─accept→ accepted ─start_verification→ verifying
        │                   ├─transfer→ transferred ─close→ closed        │
        │                   ├─guide→ guided (once per matter) ─close→     ├─extend→ extended
        │                   ├─return→ returned ─close→                    │   (leader approves)
        └─archive→ archived ←┘ (duplicate, anonymous, not eligible)       └─resolve→ resolved
    resolved ─notify→ notified ─close→ closed;  closed/archived/returned/transferred/guided
    ─reopen (with a reason)→ received
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from camau_reception.models.petitions import STATE_LABELS, Petition, PetitionState
from camau_reception.services.actor import Actor
from camau_reception.services.petitions import (
    ACTION_LABELS,
    ALLOWED,
    HANDLERS,
    accept,
    archive,
    available_actions,
    classify,
    close,
    dismiss_duplicates,
    extend,
    guide,
    link_duplicate,
    notify,
    reopen,
    resolve,
    return_,
    start_verification,
    transfer,
)

S = PetitionState

# Where each action leads.
TARGET: dict[str, PetitionState] = {
    "classify": S.CLASSIFIED,
    "accept": S.ACCEPTED,
    "transfer": S.TRANSFERRED,
    "guide": S.GUIDED,
    "return": S.RETURNED,
    "archive": S.ARCHIVED,
    "start_verification": S.VERIFYING,
    "extend": S.EXTENDED,
    "resolve": S.RESOLVED,
    "notify": S.NOTIFIED,
    "close": S.CLOSED,
    "reopen": S.RECEIVED,
}

ACTIONS: dict[str, Callable[..., Petition]] = {
    "classify": classify,
    "accept": accept,
    "transfer": transfer,
    "guide": guide,
    "return": return_,
    "archive": archive,
    "start_verification": start_verification,
    "extend": extend,
    "resolve": resolve,
    "notify": notify,
    "close": close,
    "reopen": reopen,
}

# States in which the petition is finished (no legal clock, nothing owed to the citizen).
FINAL_STATES = frozenset({S.CLOSED})


def transitions() -> list[tuple[PetitionState, str, PetitionState]]:
    """Every edge of the graph as (from, action, to), in a stable order."""
    return [
        (state, action, TARGET[action])
        for action, states in ALLOWED.items()
        for state in sorted(states, key=lambda s: list(S).index(s))
    ]


def actions_from(state: PetitionState) -> list[str]:
    """The actions the graph allows in ``state`` (before the petition-specific conditions that
    ``services.petitions.available_actions`` adds: eligibility, extension limits)."""
    return [a for a, states in ALLOWED.items() if state in states]


def describe() -> str:
    """The graph in Vietnamese, one line per edge (for help pages and documentation)."""
    return "\n".join(
        f"{STATE_LABELS[a]} —{ACTION_LABELS[action].lower()}→ {STATE_LABELS[b]}"
        for a, action, b in transitions()
    )


def perform(
    session: Session, actor: Actor, petition_id: int, action: str, **kwargs: Any
) -> Petition:
    """Run one action by name (``kwargs`` are the action's own: ``on=``, ``decision_no=`` …)."""
    if action not in ACTIONS:
        from camau_reception.services.errors import ValidationError

        raise ValidationError({"action": f"Không có thao tác “{action}”."})
    return ACTIONS[action](session, actor, petition_id, **kwargs)


__all__ = [
    "ACTIONS",
    "ACTION_LABELS",
    "ALLOWED",
    "FINAL_STATES",
    "HANDLERS",
    "TARGET",
    "accept",
    "actions_from",
    "archive",
    "available_actions",
    "classify",
    "close",
    "describe",
    "dismiss_duplicates",
    "extend",
    "guide",
    "link_duplicate",
    "notify",
    "perform",
    "reopen",
    "resolve",
    "return_",
    "start_verification",
    "transfer",
    "transitions",
]
