"""Importing Excel/CSV exports of the provincial systems, with a column-mapping step."""
