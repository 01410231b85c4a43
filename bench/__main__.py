"""``make bench``: every benchmark in turn, or the ones named (``python -m bench reception``).

Each module prints its own table and writes ``bench/results/<area>.json``.
"""

from __future__ import annotations

import importlib
import sys
import time

AREAS = ("startup", "reception", "dashboard", "schedule", "dossiers", "corruption", "reports")


def main(argv: list[str]) -> int:
    chosen = argv or list(AREAS)
    unknown = [a for a in chosen if a not in AREAS]
    if unknown:
        print(f"unknown benchmark: {', '.join(unknown)}; choose from {', '.join(AREAS)}")
        return 2
    for area in chosen:
        print(f"\n=== bench_{area} ===", flush=True)
        started = time.perf_counter()
        module = importlib.import_module(f"bench.bench_{area}")
        if area == "startup":
            module.main()
        else:
            module.main([])
        print(f"(bench_{area}: {time.perf_counter() - started:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
