"""The importers' former home: the catalogue lives in ``imports.procedures``, the one-stop
export in ``imports.dossiers``. Kept so that callers written before the split still work."""

from __future__ import annotations

from camau_reception.imports.dossiers import CHANNELS, DOSSIER_FIELDS, import_dossiers
from camau_reception.imports.procedures import LEVELS, PROCEDURE_FIELDS, import_procedures
from camau_reception.imports.tabular import parse_datetime, yes

__all__ = [
    "CHANNELS",
    "DOSSIER_FIELDS",
    "LEVELS",
    "PROCEDURE_FIELDS",
    "import_dossiers",
    "import_procedures",
    "parse_datetime",
    "yes",
]
