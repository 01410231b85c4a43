"""Exports to Excel, iCalendar and CSV, one module per document."""
