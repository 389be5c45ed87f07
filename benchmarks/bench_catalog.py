"""Benchmark: import cost and lookup speed of the catalog.

Run by hand (not in CI):  python benchmarks/bench_catalog.py

Prints, side by side:
* the time to start an interpreter and ``import attrs``, ``import mea_trade`` and
  ``import pint`` (median of several fresh processes); the target is that
  ``import mea_trade`` costs at most 1.5x ``import attrs`` and parses no data;
* the time of one lookup by alias after first use (target < 2 us), the first
  (cold) load of the catalog, an ODP-tonne conversion, and, when the
  ``chemicals`` package is installed, its ``ODP()`` lookup for comparison.
"""

from __future__ import annotations

import importlib
import statistics
import subprocess
import sys
import time
import timeit


def _startup(code: str, runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _per_call(stmt: str, setup: str, number: int = 200_000) -> float:
    timer = timeit.Timer(stmt, setup=setup)
    best = min(timer.repeat(repeat=5, number=number))
    return best / number


def main() -> None:
    bare = _startup("pass")
    rows = [("bare interpreter", bare)]
    for module in ("attrs", "mea_trade", "pint"):
        rows.append((f"import {module}", _startup(f"import {module}") - bare))
    print("Import cost (median of 15 fresh processes, interpreter start subtracted)")
    for label, seconds in rows:
        print(f"  {label:<22} {seconds * 1e3:8.1f} ms")
    ratio = rows[2][1] / rows[1][1] if rows[1][1] > 0 else float("nan")
    print(f"  mea_trade / attrs       {ratio:8.2f} x   (target <= 1.5)")

    cold = _startup("import mea_trade as mt; mt.substance('R-22')") - bare
    print(f"\nFirst lookup incl. import and catalog load: {cold * 1e3:.1f} ms")

    setup = "import mea_trade as mt; mt.substance('HCFC-22')"
    print("\nPer call after first use (best of 5)")
    for label, stmt in [
        ("substance('HCFC-22')", "mt.substance('HCFC-22')"),
        ("substance('R22')", "mt.substance('R22')"),
        ("substance('hcfc 22')", "mt.substance('hcfc 22')"),
        ("substance('75-45-6')", "mt.substance('75-45-6')"),
        ("substance('chlorodifluoromethane')", "mt.substance('chlorodifluoromethane')"),
        ("mixture('R-410A')", "mt.mixture('R-410A')"),
        ("substance('HCFC-22').odp", "mt.substance('HCFC-22').odp"),
    ]:
        print(f"  {label:<36} {_per_call(stmt, setup) * 1e6:8.3f} us   (target < 2 us)")
    for label, stmt, extra in [
        ("hs.classify('R-404A')", "mt.hs.classify('R-404A')", "; mt.hs.classify('R-22')"),
        ("hs.flags('2903.45.10')", "mt.hs.flags('2903.45.10')", "; mt.hs.flags('2903.45')"),
        (
            "parties.is_party('IN', 'montreal')",
            "mt.parties.is_party('IN', 'montreal', on=d)",
            "; import datetime; d = datetime.date(2020, 1, 1)"
            "; mt.parties.is_party('US', 'cwc', on=d)",
        ),
    ]:
        print(f"  {label:<36} {_per_call(stmt, setup + extra, number=50_000) * 1e6:8.3f} us")
    conv = _per_call(
        "mt.odp_tonnes('HCFC-22', q)",
        setup + "; from mea_trade.units import ureg; q = 1000 * ureg.kg",
        number=20_000,
    )
    print(f"  {'odp_tonnes(HCFC-22, 1000 kg)':<36} {conv * 1e6:8.3f} us")
    try:
        importlib.import_module("chemicals")
    except ImportError:
        print("\n(chemicals not installed: pip install chemicals to compare its ODP lookup)")
    else:
        ref = _per_call(
            "ODP('75-45-6')",
            "from chemicals.environment import ODP; ODP('75-45-6')",
            number=20_000,
        )
        print(f"\nchemicals.environment.ODP('75-45-6'):   {ref * 1e6:8.3f} us")


if __name__ == "__main__":
    main()
