"""camau-reception: the citizen-reception office program (Phần mềm tiếp công dân)."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "camau-reception"
