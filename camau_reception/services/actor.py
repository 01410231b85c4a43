"""The signed-in user as the services see it: a plain value, never an ORM object."""

from __future__ import annotations

from dataclasses import dataclass

from camau_reception.models.users import Role


@dataclass(frozen=True)
class Actor:
    id: int
    username: str
    full_name: str
    roles: frozenset[Role]
    position: str = ""

    def has(self, *roles: Role) -> bool:
        return any(r in self.roles for r in roles)


# Used by command-line maintenance and migrations where no person is signed in.
SYSTEM = Actor(
    id=0,
    username="system",
    full_name="Hệ thống",
    roles=frozenset({Role.ADMIN, Role.OFFICER, Role.LEADER}),
)


def user_id_of(actor: Actor) -> int | None:
    """The users.id to store for ``actor`` (None for the system)."""
    return actor.id or None
