"""Engine, pragmas, migrations, backups."""
