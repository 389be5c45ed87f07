"""Benchmark: the CITES room's first load and warm lookups.

Run by hand (not in CI):  python benchmarks/bench_cites.py

Prints:
* ``import mea_trade`` with and without touching ``mt.cites`` (the room parses no
  data until first used);
* the first (cold) load of the checklist, of the name indexes and of the listing
  tables;
* a warm :func:`mea_trade.cites.listing` lookup (target < 5 us), by name and by
  taxon and date, with and without a country; a warm :func:`mea_trade.cites.taxon`;
* full assessments of a CITES shipment per second (cached epochs).
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import time
import timeit


def _startup(code: str, runs: int = 9) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _per_call(stmt: str, setup: str, number: int = 200_000) -> float:
    timer = timeit.Timer(stmt, setup=setup)
    return min(timer.repeat(repeat=5, number=number)) / number


def main() -> None:
    """Run the measurements and print them."""
    plain = _startup("import mea_trade")
    room = _startup("import mea_trade as mt; mt.cites")
    print(f"import mea_trade: {plain * 1e3:.1f} ms; with mt.cites (no data): {room * 1e3:.1f} ms")

    import mea_trade as mt
    from mea_trade.cites.checklist import bundled

    start = time.perf_counter()
    book = bundled()
    loaded = time.perf_counter()
    mt.cites.taxon("Ball python")
    indexed = time.perf_counter()
    mt.cites.listing("Python regius", on=dt.date(2024, 1, 1))
    tables = time.perf_counter()
    print(
        f"first use: checklist {len(book)} taxa {(loaded - start) * 1e3:.0f} ms, name indexes "
        f"{(indexed - loaded) * 1e3:.0f} ms, listing tables {(tables - indexed) * 1e3:.0f} ms"
    )
    setup = (
        "import datetime as dt; import mea_trade as mt; "
        "t = mt.cites.taxon('Python regius'); d = dt.date(2024, 1, 1); "
        "mt.cites.listing('Python regius', on='2024-01-01'); mt.cites.listing(t, on=d); "
        "mt.cites.listing('Loxodonta africana', on=d, country='BW')"
    )
    for label, stmt in (
        ("listing by name and ISO date", "mt.cites.listing('Python regius', on='2024-01-01')"),
        ("listing by taxon and date", "mt.cites.listing(t, on=d)"),
        ("listing with a country", "mt.cites.listing('Loxodonta africana', on=d, country='BW')"),
        ("taxon by common name", "mt.cites.taxon('Ball python')"),
    ):
        print(f"warm {label}: {_per_call(stmt, setup) * 1e6:.2f} us (target < 5 us)")
    shipment = (
        "s = mt.Shipment('Python regius', exporter='GH', importer='US', date='2024-06-01', "
        "purpose='T', source='W'); mt.assess(s)"
    )
    per = _per_call("mt.assess(s)", setup + "; " + shipment, number=20_000)
    print(f"assess (CITES shipment, warm): {1 / per:,.0f} per second")


if __name__ == "__main__":
    main()
