"""Thin launcher: ``python main.py`` opens the program (see ``camau_reception.cli``)."""

from __future__ import annotations

import sys

from camau_reception.cli import main

if __name__ == "__main__":
    sys.exit(main())
