"""Benchmark: screening one million declaration lines.

Run by hand (not in CI):  python benchmarks/bench_screen.py [--lines N]

Builds one synthetic file of declaration lines (HS codes drawn from chapters 29
and 38 and a few others, commodities from the catalog, country pairs and dates
over 2015-2030) and prints:

* HS flags through ``screen(frame, mode="hs")`` against a plain pandas merge of
  the same lines with the same flag table (the practical limit; goal: within 2x);
* full assessments per second through ``screen(rows)`` (goal: >= 100,000 per
  core; assessments are cached per date epoch, so repeated commodity/country
  pairs are cheap, as in real customs files), and ``assess()`` alone;
* ``import mea_trade`` time;
* peak memory with every dataset loaded (goal: under 100 MB).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import subprocess
import sys
import time


def _import_time() -> float:
    code = "import time; t = time.perf_counter(); import mea_trade; print(time.perf_counter() - t)"
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(7)
    ]
    return sorted(runs)[len(runs) // 2]


def _peak_memory() -> float:
    code = (
        "import resource, mea_trade as mt, mea_trade.montreal as mp, mea_trade.screening as sc;"
        "mt.substances(); mt.mixtures(); mt.hs.classify('R-22'); mt.parties.coverage();"
        "mp.schedule('C/I', 'A5'); mp.published_baseline('BR', 'C/I', 'A5'); sc.hs_flag_table();"
        "mt.assess(mt.Shipment('R-502', exporter='US', importer='IQ', date='1995-01-01'));"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout) / 1024  # kB -> MB on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--assess-lines", type=int, default=300_000)
    args = parser.parse_args()

    # Measured first, in fresh processes, before this one grows (Linux carries a parent's
    # peak RSS across fork/exec into the child's ru_maxrss).
    import_ms = _import_time() * 1e3
    memory_mb = _peak_memory()

    import pandas as pd

    import mea_trade as mt
    from mea_trade.screening import hs_flag_table, screen

    rng = random.Random(2026)
    subheadings = [c.replace(".", "") for c in (str(x) for x in _codes())]
    countries = [c.alpha2 for c in mt.countries.all_countries() if c.kind == "state"]
    commodities = [s.name for s in mt.substances(controlled=True)][:60] + [
        m.name for m in mt.mixtures()
    ][:40]
    start = dt.date(2015, 1, 1)
    n = args.lines
    print(f"building {n:,} synthetic lines ...", flush=True)
    codes = [rng.choice(subheadings) + f"{rng.randrange(100):02d}" for _ in range(n)]
    frame = pd.DataFrame({"hs_code": codes})

    # --- HS flags: screen(mode="hs") vs a pandas merge with the same table
    table = pd.DataFrame(
        [(k, " ".join(v)) for k, v in hs_flag_table().items()], columns=["six", "flags"]
    )
    t = time.perf_counter()
    out = screen(frame, mode="hs")
    t_screen = time.perf_counter() - t
    t = time.perf_counter()
    six = frame["hs_code"].str.slice(0, 6)
    merged = pd.DataFrame({"six": six}).merge(table, on="six", how="left")
    t_merge = time.perf_counter() - t
    assert (out["flags"].to_numpy() == merged["flags"].fillna("").to_numpy()).all()
    print(f"HS flags, {n:,} lines")
    print(f"  screen(mode='hs')   {n / t_screen:12,.0f} lines/s  ({t_screen:.2f} s)")
    print(f"  pandas merge        {n / t_merge:12,.0f} lines/s  ({t_merge:.2f} s)")
    print(f"  ratio               {t_screen / t_merge:12.2f} x   (goal <= 2)")

    # --- full assessments
    # (a) a customs-like file: one year of lines, commodities and routes drawn with
    #     Zipf-like weights (a few routes and substances carry most lines);
    # (b) the worst case: every line a different commodity/route/date combination.
    m = args.assess_lines
    pairs = [(rng.choice(countries), rng.choice(countries)) for _ in range(400)]
    route_w = [1 / (i + 1) for i in range(len(pairs))]
    item_w = [1 / (i + 1) for i in range(len(commodities))]

    def lines(kind: str) -> list[dict[str, str | None]]:
        out = []
        for i in range(m):
            if kind == "customs":
                exporter, importer = rng.choices(pairs, route_w)[0]
                item = rng.choices(commodities, item_w)[0]
                day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(366))
            else:
                exporter, importer = rng.choice(pairs)
                item = rng.choice(commodities)
                day = start + dt.timedelta(days=rng.randrange(5800))
            out.append(
                {
                    "reference": f"L{i}",
                    "commodity": item,
                    "exporter": exporter,
                    "importer": importer,
                    "date": day.isoformat(),
                }
            )
        return out

    for kind in ("customs", "distinct"):
        rows = lines(kind)
        t = time.perf_counter()
        results = screen(rows)
        t_rows = time.perf_counter() - t
        errors = sum(1 for r in results if r.error)
        ships = [r.assessment.shipment for r in results if r.assessment is not None]
        t = time.perf_counter()
        for s in ships:
            mt.assess(s)
        t_assess = time.perf_counter() - t
        print(f"\nFull assessments, {m:,} {kind} lines ({errors} unreadable), one core")
        print(
            f"  screen(rows)        {m / t_rows:12,.0f} lines/s  ({t_rows:.2f} s, parsing included)"
        )
        print(f"  assess(shipment)    {len(ships) / t_assess:12,.0f} per s   (goal >= 100,000)")

    print(f"\nimport mea_trade      {import_ms:8.1f} ms (median of 7)")
    print(f"peak memory, all data loaded  {memory_mb:6.1f} MB (goal < 100)")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"this process peak             {own:6.1f} MB (incl. the synthetic frames)")


def _codes() -> list[str]:
    from mea_trade._data import read_csv

    keep = ("29", "38", "84", "03", "44")
    return [
        r["code"]
        for r in read_csv("hs/subheadings.csv")
        if r["edition"] == "HS2022" and r["code"][:2] in keep
    ]


if __name__ == "__main__":
    main()
