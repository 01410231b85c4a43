"""Sections other areas add to the Tổng quan page.

Each module defines ``ORDER: int``, ``ROLES: frozenset`` (empty = everyone) and
``build(ctx, parent) -> QWidget``; the widget may define ``refresh()``.
"""
