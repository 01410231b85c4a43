"""Widgets of the Lịch tiếp công dân area."""
