"""Widgets of the Hồ sơ TTHC area: late list and letters, register, catalogue, import wizard,
indicators and the counter survey; the page in ``ui/areas/dossiers.py`` puts them in tabs."""
