"""Reasons a database file cannot be opened; each carries a Vietnamese message for the user."""

from __future__ import annotations

from pathlib import Path


class DatabaseOpenError(Exception):
    """The file is never touched when one of these is raised."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


class NotOurDatabase(DatabaseOpenError):
    pass


class NewerDatabase(DatabaseOpenError):
    pass


class CorruptDatabase(DatabaseOpenError):
    pass
