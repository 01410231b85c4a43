"""Tiếp công dân: the reception form, the register list and its paper."""
