"""The signed-in inspector's unlocked keys, in this process's memory only.

The key ring needs the password, which exists only at sign-in. Two ways fill this cache:

- the sign-in dialog emits ``user.signed_in`` with the password inside its transaction;
  ``services.corruption_keys`` unlocks there and parks the ring, which ``get`` picks up;
- or the sign-in code calls ``on_login(ctx_or_db, actor, password)`` after a successful
  sign-in (it reuses a ring already parked, so the key is derived once).

``sign_out`` at sign-out (wired by ``ui.corruption.session``). Only one user is signed in per
process: storing a ring drops every other.
"""

from __future__ import annotations

from typing import Any

from camau_reception.services import corruption_keys as keys
from camau_reception.services.actor import Actor

_rings: dict[int, keys.KeyRing] = {}


def _database(ctx_or_db: Any):
    return getattr(ctx_or_db, "db", ctx_or_db)


def store(actor_id: int, ring: keys.KeyRing) -> None:
    for other in [uid for uid in _rings if uid != actor_id]:
        _rings.pop(other).wipe()
    _rings[actor_id] = ring


def on_login(ctx_or_db: Any, actor: Actor, password: str) -> keys.KeyRing | None:
    """Unlock ``actor``'s keys with the password just used to sign in (AppContext or
    Database). Returns the ring, or None for a user without the inspector role."""
    ring = keys.take_signed_in_ring(actor.id)
    if ring is None:
        with _database(ctx_or_db).write() as session:
            ring = keys.unlock(session, actor, password)
    if ring is None:
        forget(actor.id)
        return None
    store(actor.id, ring)
    return ring


def get(actor_id: int) -> keys.KeyRing | None:
    ring = keys.take_signed_in_ring(actor_id)
    if ring is not None:
        store(actor_id, ring)
    return _rings.get(actor_id)


def forget(actor_id: int) -> None:
    ring = _rings.pop(actor_id, None)
    if ring is not None:
        ring.wipe()


def clear() -> None:
    for actor_id in list(_rings):
        forget(actor_id)


def sign_out(actor_id: int) -> None:
    """Wipe the user's keys at sign-out: the cached ring and one still parked by sign-in."""
    parked = keys.take_signed_in_ring(actor_id)
    if parked is not None:
        parked.wipe()
    forget(actor_id)
