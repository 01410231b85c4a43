"""ORM entities, one module per area. ``load_all()`` imports every module of the package."""

from __future__ import annotations

import importlib
import pkgutil

from camau_reception.models.base import Base

_loaded = False


def load_all() -> type[Base]:
    """Import every model module so ``Base.metadata`` knows every table."""
    global _loaded
    if not _loaded:
        for info in pkgutil.iter_modules(__path__):
            if not info.name.startswith("_"):
                importlib.import_module(f"{__name__}.{info.name}")
        _loaded = True
    return Base


__all__ = ["Base", "load_all"]
