"""Widgets of the Đơn thư area."""
