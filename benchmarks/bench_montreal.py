"""Benchmark: Article 3 calculated levels over a year's reporting for 200 parties.

Run by hand (not in CI):  python benchmarks/bench_montreal.py

Builds a synthetic year of Article 7 data (200 parties, 40 substance lines each,
drawn from the controlled substances of every annex group), then times
* building the 200 :class:`~mea_trade.montreal.Report` objects (validation of
  every line),
* ``calculated_level(report)`` for every group of every party (the whole year),
* ``compliance(party, "C/I", year, report)`` for 200 parties with published
  baselines.
"""

from __future__ import annotations

import contextlib
import random
import statistics
import time

import mea_trade as mt
from mea_trade import montreal as mp


def _best(fn: object, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    rng = random.Random(2026)
    controlled = [s for s in mt.substances(controlled=True) if s.annex_group]
    parties = 200
    lines_per_party = 40

    def build() -> list[mp.Report]:
        out = []
        for _ in range(parties):
            subs = rng.sample(controlled, lines_per_party)
            lines = [
                mp.ReportLine(
                    substance=s,
                    production=rng.uniform(0, 1000),
                    imports=rng.uniform(0, 1000),
                    exports=rng.uniform(0, 500),
                    destroyed=rng.uniform(0, 10),
                )
                for s in subs
            ]
            out.append(mp.Report(year=2019, lines=lines))
        return out

    reports = build()
    t_build = _best(build, repeat=3)
    t_levels = _best(lambda: [mp.calculated_level(r) for r in reports])
    groups = sum(len(mp.calculated_level(r)) for r in reports)
    print(f"{parties} parties x {lines_per_party} lines, year 2019")
    print(f"  build and validate reports      {t_build * 1e3:8.1f} ms")
    print(
        f"  calculated_level, all groups     {t_levels * 1e3:8.1f} ms "
        f"({groups} group levels, {t_levels / parties * 1e6:.0f} us per party)"
    )

    hcfc_parties = [
        c.alpha2
        for c in mt.countries.all_countries()
        if mp.published_baseline(c, "C/I", "A5") is not None
    ][:parties]
    hcfc = [
        mp.Report(year=2021, lines=[{"substance": "HCFC-22", "imports": rng.uniform(0, 500)}])
        for _ in hcfc_parties
    ]

    def check() -> list[mp.Compliance]:
        out = []
        for code, rep in zip(hcfc_parties, hcfc, strict=True):
            with contextlib.suppress(mt.MissingDataError):
                out.append(mp.compliance(code, "C/I", 2021, rep))
        return out

    t_comp = _best(check)
    n = len(check())
    print(
        f"  compliance C/I 2021              {t_comp * 1e3:8.1f} ms "
        f"({n} parties, {statistics.fmean([t_comp / max(n, 1)]) * 1e6:.0f} us each)"
    )


if __name__ == "__main__":
    main()
