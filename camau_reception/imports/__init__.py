"""Importing Excel/CSV exports of the provincial systems, with a column-mapping step.

``tabular``: reading, mapping, preview, rejection report, one-transaction runs (any area may
use it); ``procedures``: the procedure catalogue; ``dossiers``: the one-stop system's dossiers.
"""
