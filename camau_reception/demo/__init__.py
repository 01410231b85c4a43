"""Demo database: realistic Vietnamese data for every area.

Each module here defines ``ORDER: int`` and ``populate(ctx: DemoContext) -> None``; they run in
order, each in its own transaction.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
import secrets
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database, open_database


@dataclass
class DemoContext:
    db: Database
    rng: random.Random
    today: date
    actors: dict[str, Actor] = field(default_factory=dict)
    credentials: list[tuple[str, str, str]] = field(default_factory=list)
    # Areas leave things here for later areas (e.g. citizen ids for petitions).
    shared: dict[str, object] = field(default_factory=dict)

    def actor(self, username: str) -> Actor:
        return self.actors[username]


def demo_password(rng: random.Random | None = None) -> str:
    """Readable but strong: three groups of letters and digits (≥ 10 characters)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    pick = rng.choice if rng else secrets.choice
    return "-".join("".join(pick(alphabet) for _ in range(4)) for _ in range(3))


def create_demo_database(
    path: Path, *, seed: int = 2026, today: date | None = None
) -> list[tuple[str, str, str]]:
    """Create a new database at ``path`` filled by every demo module; returns credentials."""
    db = open_database(path, create=True)
    try:
        ctx = DemoContext(db=db, rng=random.Random(seed), today=today or date.today())
        modules = []
        for info in pkgutil.iter_modules(__path__):
            module = importlib.import_module(f"{__name__}.{info.name}")
            modules.append(module)
        for module in sorted(modules, key=lambda m: m.ORDER):
            module.populate(ctx)
        return ctx.credentials
    finally:
        db.close()
