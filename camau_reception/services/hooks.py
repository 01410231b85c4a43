"""In-process notifications between areas, so that an area reacts to another's event
without the other importing it (e.g. a password reset drops the user's protected-data key)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

_handlers: dict[str, list[Callable[..., None]]] = defaultdict(list)

PASSWORD_RESET = "user.password_reset"


def connect(event: str, handler: Callable[..., None]) -> None:
    if handler not in _handlers[event]:
        _handlers[event].append(handler)


def emit(event: str, **kwargs: Any) -> None:
    """Call every handler inside the caller's transaction; a failure aborts the whole action."""
    _load_area_services()
    for handler in list(_handlers[event]):
        handler(**kwargs)


_loaded = False


def _load_area_services() -> None:
    """Import every service module once so their ``connect`` calls have run."""
    global _loaded
    if _loaded:
        return
    import importlib
    import pkgutil

    import camau_reception.services as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"{pkg.__name__}.{info.name}")
    _loaded = True
