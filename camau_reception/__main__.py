"""``python -m camau_reception``."""

from __future__ import annotations

import sys

from camau_reception.cli import main

sys.exit(main())
