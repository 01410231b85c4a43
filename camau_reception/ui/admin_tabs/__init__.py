"""Tabs of the Quản trị page: each module has ``ORDER``, ``TITLE`` and ``build(ctx, parent)``."""
