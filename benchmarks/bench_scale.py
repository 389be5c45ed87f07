"""Benchmark: screening a million customs declaration lines (issue #18).

Run by hand (not in CI)::

    python benchmarks/bench_scale.py                  # 1,000,000 lines, 3 runs of each
    python benchmarks/bench_scale.py --lines 200000 --runs 5 --folder /tmp/files --keep
    python benchmarks/bench_scale.py --files repeated    # one of the two files only

Writes two seeded synthetic customs files (``--seed``, default 18):

* **repeated**: a few hundred distinct (commodity, exporter, importer, year), drawn with
  Zipf-like weights as in a national file; the day of the year, the quantity and the
  reference vary on every line;
* **distinct**: every line a different (commodity, exporter, importer, date): any of
  the commodity spellings, any pair of the 249 ISO 3166 States and territories, any day
  of 2000-2035.

and, with ``--files conventions`` (or ``all``), a third:

* **conventions**: ``mea_trade.testing.write_synthetic_declarations`` (the file of
  ``benchmarks/bench_distributed.py``): the bundled sample's lines of every
  convention, with other countries and dates 2015-2030; tens of thousands of
  distinct groups met again and again, as in a national file of many partners.

The first two spell commodities as declarations do (about 35 % substance names and synonyms,
15 % CAS numbers, 30 % ASHRAE blends, 20 % HS codes, some national), quantities as
trade documents write them, and about 5 % unreadable lines (an unknown commodity, an
impossible date, an unknown country, an ambiguous quantity, a missing exporter; the bad
values come from a pool, as bad values in real files repeat).

Then, for each file, each measurement in a fresh process (``--runs`` times; the
medians are printed, the machine may run other work):

* ``mt.screen(frame)`` on the file read with ``pd.read_csv(dtype=str,
  keep_default_na=False)`` (the read is timed apart), the process's peak RSS;
* ``mea-trade screen FILE -o OUT`` end to end (interpreter start included), the peak RSS
  of each of its processes (it reads and writes in a second one where it can), and
  again with ``--processes 1``; the runs of the three are interleaved;
* a bare pandas baseline doing the minimum equivalent work: normalise the commodity
  text, merge with a table of substance names, merge the exporter and the importer
  with a table of Montreal Protocol parties;

and once: ``mt.assess`` calls per second on repeated shipments (warm), a warm
``mt.substance`` lookup, ``import mea_trade``. The results of ``mt.screen`` and of the
command are checked to be the same texts for every line.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import pathlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

STATES = 249  # ISO 3166 States and territories in the bundled country table
_BAD_COMMODITIES = [
    "unobtainium",
    "HCFC-2222",
    "R-4O4A",
    "refrigerant gas",
    "HFC-134",
    "R-22x",
    "Freon",
    "75-45-7",
    "2903.99",
    "R-410",
    "HCFC 22 cylinders",
    "CFC12 recovered",
    "HFC-32 50%, HFC-125 40%",
    "R-1234",
    "methyl bromine",
    "gas",
]
_BAD_DATES = ["2024-02-30", "31/12/2024", "2023-13-01", "yesterday", "20240501"]
_BAD_COUNTRIES = ["XX", "Atlantis", "Untied States", "ZZZ", "Chinaa", "999"]
_BAD_QUANTITIES = ["2 tons", "1,500 kg", "5 m", "500", "3 T"]
_QUANTITY_FORMS = ["{w} kg", "{w},{c} t", "{w} MT", "{g} kg", "{w}.{c} t", "{w} lbs", ""]
HEADER = ["reference", "commodity", "exporter", "importer", "date", "quantity", "state", "note"]


# ------------------------------------------------------------------ the files


def _commodities(rng: random.Random) -> list[list[str]]:
    """Spellings by kind: names and synonyms, CAS numbers, ASHRAE blends, HS codes."""
    import mea_trade as mt

    names: list[str] = []
    cas: list[str] = []
    for s in mt.substances():
        names.append(s.name)
        names.extend(x for x in s.synonyms if len(x) < 30)
        if s.cas:
            cas.append(s.cas)
    blends = [str(m.name) for m in mt.mixtures()]
    codes: set[str] = set()
    items: list[Any] = [*mt.substances(), *mt.mixtures()]
    for item in items:
        try:
            codes.add(str(mt.hs.classify(item).code))
        except mt.MeaTradeError:
            continue
    hs: list[str] = []
    for code in sorted(codes):
        digits = code.replace(".", "")
        hs.extend([code, digits, f"{code}.00", f"{code}.00.10"])
    hs.extend(["8415.10", "8418.10", "8418.50.00", "3808.92", "2811.21"])
    return [names, cas, blends, hs]


def _pick(rng: random.Random, pools: list[list[str]]) -> str:
    kind = rng.choices(range(4), weights=(35, 15, 30, 20))[0]
    return rng.choice(pools[kind])


def _countries() -> list[str]:
    import mea_trade as mt

    return sorted(c.alpha2 for c in mt.countries.all_countries(kind="state"))


def _quantity(rng: random.Random) -> str:
    form = rng.choice(_QUANTITY_FORMS)
    whole = rng.randrange(1, 999)
    grouped = f"{rng.randrange(1, 99)} {rng.randrange(1000):03d}"
    return form.format(w=whole, c=rng.randrange(1, 99), g=grouped)


def write_file(path: pathlib.Path, lines: int, *, distinct: bool, seed: int) -> None:
    """Write one synthetic customs file (see the module's description)."""
    rng = random.Random(seed + (1 if distinct else 0))
    pools = _commodities(rng)
    countries = _countries()
    start = dt.date(2000, 1, 1)
    span = (dt.date(2035, 12, 31) - start).days + 1
    keys: list[tuple[str, str, str, int]] = []
    weights: list[float] = []
    if not distinct:
        hubs = rng.sample(countries, 12)  # a national file: a few partners carry most lines
        for i in range(300):
            exporter, importer = rng.choice(hubs), rng.choice(countries)
            if rng.random() < 0.5:
                exporter, importer = importer, exporter
            keys.append((_pick(rng, pools), exporter, importer, rng.randrange(2000, 2036)))
            weights.append(1 / (1 + i) ** 0.8)
    seen: set[tuple[str, str, str, dt.date]] = set()
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(HEADER)
        for i in range(lines):
            if distinct:
                while True:
                    commodity = _pick(rng, pools)
                    exporter, importer = rng.choice(countries), rng.choice(countries)
                    day = start + dt.timedelta(days=rng.randrange(span))
                    if (commodity, exporter, importer, day) not in seen:
                        seen.add((commodity, exporter, importer, day))
                        break
            else:
                commodity, exporter, importer, year = rng.choices(keys, weights)[0]
                day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
            cells = [
                f"D-{i:07d}",
                commodity,
                exporter,
                importer,
                day.isoformat(),
                _quantity(rng),
                rng.choice(["", "", "", "new", "recycled"]),
                "" if i % 7 else "seal intact",
            ]
            if rng.random() < 0.05:  # an unreadable line
                what = rng.randrange(5)
                if what == 0:
                    cells[1] = rng.choice(_BAD_COMMODITIES)
                elif what == 1:
                    cells[4] = rng.choice(_BAD_DATES)
                elif what == 2:
                    cells[rng.choice((2, 3))] = rng.choice(_BAD_COUNTRIES)
                elif what == 3:
                    cells[5] = rng.choice(_BAD_QUANTITIES)
                else:
                    cells[2] = ""
            out.writerow(cells)


def write_kind(kind: str, path: pathlib.Path, lines: int, seed: int = 18) -> None:
    """Write the benchmark file of *kind*: ``repeated``, ``distinct`` or ``conventions``."""
    if kind == "conventions":
        from mea_trade.testing import write_synthetic_declarations

        write_synthetic_declarations(path, lines, seed=seed)
    else:
        write_file(path, lines, distinct=kind == "distinct", seed=seed)


# ------------------------------------------------------------------ measurements (children)


def _peak_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")  # pragma: no cover - not Linux


def _read(path: str) -> Any:
    import pandas as pd

    return pd.read_csv(path, dtype=str, keep_default_na=False)


def child_screen(path: str, results: str | None) -> dict[str, float]:
    import mea_trade as mt

    start = time.perf_counter()
    frame = _read(path)
    read = time.perf_counter() - start
    start = time.perf_counter()
    out = mt.screen(frame)
    seconds = time.perf_counter() - start
    if results:
        columns = ["status", "requirements", "prohibitions", "notes", "flags", "error"]
        out[columns].to_csv(results, index=False)
    return {"seconds": seconds, "read": read, "rss": _peak_mb(), "lines": len(frame)}


def child_baseline(path: str) -> dict[str, float]:
    import pandas as pd

    import mea_trade as mt
    from mea_trade._names import key

    frame = _read(path)
    rows = []
    for s in mt.substances():
        for name in (s.name, *s.synonyms, s.cas or "", s.ashrae or ""):
            if name:
                rows.append((key(name), s.name, s.annex_group or ""))
    for m in mt.mixtures():
        for name in (str(m.name), *m.synonyms):
            rows.append((key(name), str(m.name), ";".join(m.annex_groups)))
    substances = pd.DataFrame(rows, columns=["key", "name", "groups"]).drop_duplicates("key")
    parties = pd.DataFrame(
        [
            (c.alpha2, getattr(mt.parties.participation(c, "montreal"), "entry_into_force", None))
            for c in mt.parties.parties("montreal", on=dt.date(2025, 1, 1))
        ],
        columns=["code", "since"],
    )
    start = time.perf_counter()
    norm = frame["commodity"].str.strip().str.casefold().str.replace(r"[\W_]+", "", regex=True)
    merged = pd.DataFrame({"key": norm}).merge(substances, on="key", how="left")
    exporter = frame[["exporter"]].merge(parties, left_on="exporter", right_on="code", how="left")
    importer = frame[["importer"]].merge(parties, left_on="importer", right_on="code", how="left")
    merged["exporter_since"] = exporter["since"].to_numpy()
    merged["importer_since"] = importer["since"].to_numpy()
    seconds = time.perf_counter() - start
    assert len(merged) == len(frame)
    return {"seconds": seconds, "rss": _peak_mb(), "lines": len(frame)}


_CLI_CHILD = """
import resource, sys, time
from mea_trade.cli import main
code = main(sys.argv[1:])
with open("/proc/self/status") as fh:
    peak = next(line for line in fh if line.startswith("VmHWM:")).split()[1]
second = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kB on Linux
print(f"peak_kb={peak} second_kb={second} exit={code}", file=sys.stderr)
"""


def run_cli(path: pathlib.Path, target: pathlib.Path, *options: str) -> dict[str, float]:
    """``mea-trade screen`` end to end: its seconds, and the peak RSS of each process.

    ``rss`` is the command's; ``second_rss`` that of its second process, which reads
    and writes the file while the first screens (0 when it screens in one process).
    """
    command = [sys.executable, "-c", _CLI_CHILD, "screen", str(path), "-o", str(target)]
    start = time.perf_counter()
    done = subprocess.run(
        [*command, "--quiet", *options], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    report = done.stderr.strip().splitlines()[-1]
    if "peak_kb=" not in report:
        raise SystemExit(f"mea-trade screen failed: {done.stderr[-2000:]}")
    return {
        "seconds": seconds,
        "rss": int(report.split("peak_kb=")[1].split()[0]) / 1024,
        "second_rss": int(report.split("second_kb=")[1].split()[0]) / 1024,
    }


def child_assess(path: str) -> dict[str, float]:
    import mea_trade as mt
    import mea_trade.assessment

    rows = _read(path).head(20_000).to_dict("records")
    shipments = []
    for row in rows:
        try:
            shipments.append(mea_trade.assessment._from_mapping(row))
        except mt.MeaTradeError:
            continue
    values = mea_trade.assessment._assessed_values
    distinct = list({values(s): s for s in shipments}.values())[:300]
    calls = distinct * (300_000 // len(distinct))
    for s in distinct:
        mt.assess(s)
    start = time.perf_counter()
    for s in calls:
        mt.assess(s)
    per_second = len(calls) / (time.perf_counter() - start)
    mt.substance("R-22")
    start = time.perf_counter()
    for _ in range(200_000):
        mt.substance("R-22")
    lookup_us = (time.perf_counter() - start) / 200_000 * 1e6
    return {"assess_per_s": per_second, "distinct": len(distinct), "lookup_us": lookup_us}


def import_ms(runs: int = 7) -> float:
    code = "import time; t = time.perf_counter(); import mea_trade; print(time.perf_counter() - t)"
    out = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout)
        for _ in range(runs)
    ]
    return statistics.median(out) * 1e3


def _child(kind: str, path: str, results: str | None = None) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", kind, path]
    if results:
        command += ["--results", results]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"child {kind} failed: {done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _same_results(cli_out: pathlib.Path, frame_out: pathlib.Path) -> bool:
    columns = ["line", "status", "requirements", "prohibitions", "notes", "flags", "error"]
    with cli_out.open(encoding="utf-8", newline="") as a, frame_out.open(encoding="utf-8") as b:
        left = csv.reader(a)
        width = len(next(left)) - len(columns) + 1  # the results after the line number
        right = csv.reader(b)
        next(right)
        for one, two in zip(left, right, strict=True):
            if one[width:] != two:
                return False
    return True


# ------------------------------------------------------------------ main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--folder", help="where to write the files (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the files (with --folder)")
    parser.add_argument(
        "--files",
        choices=["both", "repeated", "distinct", "conventions", "all"],
        default="both",
        help="which file to measure (default: both, the repeated and the distinct one)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--results", help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        children = {
            "screen": lambda p: child_screen(p, args.results),
            "baseline": child_baseline,
            "assess": child_assess,
        }
        print(json.dumps(children[args.child](args.path)))
        return

    with tempfile.TemporaryDirectory() as scratch:
        folder = pathlib.Path(args.folder or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        files = {
            "repeated": folder / f"repeated_{args.lines}.csv",
            "distinct": folder / f"distinct_{args.lines}.csv",
            "conventions": folder / f"conventions_{args.lines}.csv",
        }
        if args.files == "both":
            del files["conventions"]
        elif args.files != "all":
            files = {args.files: files[args.files]}
        for kind, path in files.items():
            if not (args.keep and path.exists()):
                print(f"writing {path.name} ...", flush=True)
                write_kind(kind, path, args.lines, seed=args.seed)
        print(f"\n{args.lines:,} lines per file, median of {args.runs} runs", flush=True)
        print(f"{'':28} {'seconds':>8} {'lines/s':>11} {'x baseline':>10} {'peak RSS':>9}")
        for kind, path in files.items():
            screened: list[dict[str, float]] = []
            baseline: list[dict[str, float]] = []
            cli: list[dict[str, float]] = []
            cli_one: list[dict[str, float]] = []
            target = folder / f"{kind}_screened.csv"
            one_target = folder / f"{kind}_screened_one.csv"
            for _ in range(args.runs):  # interleaved: the machine's speed drifts
                screened.append(_child("screen", str(path)))
                cli.append(run_cli(path, target))
                cli_one.append(run_cli(path, one_target, "--processes", "1"))
                baseline.append(_child("baseline", str(path)))
            check = folder / f"{kind}_frame_results.csv"
            _child("screen", str(path), results=str(check))
            same = _same_results(target, check) and target.read_bytes() == one_target.read_bytes()
            base = statistics.median(r["seconds"] for r in baseline)
            rows = [
                ("mt.screen(frame)", screened),
                ("mea-trade screen (CLI)", cli),
                ("  --processes 1", cli_one),
                ("bare pandas baseline", baseline),
            ]
            print(f"{kind} file")
            for label, runs in rows:
                seconds = statistics.median(r["seconds"] for r in runs)
                rss = statistics.median(r["rss"] for r in runs)
                print(
                    f"  {label:26} {seconds:8.2f} {args.lines / seconds:11,.0f} "
                    f"{seconds / base:10.2f} {rss:7.0f} MB"
                )
            read = statistics.median(r["read"] for r in screened)
            cli_s = statistics.median(r["seconds"] for r in cli)
            one_s = statistics.median(r["seconds"] for r in cli_one)
            screen_s = statistics.median(r["seconds"] for r in screened)
            second = statistics.median(r["second_rss"] for r in cli)
            print(f"  (pd.read_csv of the file: {read:.2f} s, not in mt.screen's time)")
            print(f"  (the CLI's second process, reading and writing: {second:.0f} MB peak RSS)")
            print(
                f"  CLI / mt.screen: {cli_s / screen_s:.2f} ({one_s / screen_s:.2f} in one "
                f"process); CLI / (read + screen): {cli_s / (read + screen_s):.2f}; "
                f"same results, line for line: {same}"
            )
        if "repeated" not in files:
            return
        single = _child("assess", str(files["repeated"]))
        print(
            f"\nmt.assess, {single['distinct']:.0f} shipments repeated, warm: "
            f"{single['assess_per_s']:,.0f} per s"
        )
        print(f"mt.substance('R-22'), warm: {single['lookup_us']:.2f} us")
        print(f"import mea_trade: {import_ms():.1f} ms (median of 7)")
        if not args.keep:
            for path in folder.glob("*_screened*.csv"):
                path.unlink()


if __name__ == "__main__":
    main()
