"""Widgets of the Hồ sơ TTHC area."""
