"""Benchmark: peak memory of ``mea-trade screen`` on a file of a million lines.

Run by hand (not in CI):  python benchmarks/bench_screen_memory.py [--lines N] [--mode hs]

Writes a synthetic customs file of declaration lines into a temporary folder (a
few commodities, routes and dates carrying most lines, as in real files, with
empty cells, quantities as trade documents write them, and a bad line in every
thousand: an unbalanced quote, a Latin-1 byte, an extra field or a ``#`` line),
then runs ``mea-trade screen FILE -o OUT`` in a fresh process and prints the
process's peak resident memory (``VmHWM``, read by the process itself just before
it exits), its time, and the lines in and out. Goal: peak memory under 300 MB,
whatever the file size (the file is read and written as a stream).
"""

from __future__ import annotations

import argparse
import pathlib
import random
import subprocess
import sys
import tempfile
import time

GOAL_MB = 300

CHILD = """
import sys
from mea_trade.cli import main
code = main(sys.argv[1:])
with open("/proc/self/status") as fh:
    peak = next(line for line in fh if line.startswith("VmHWM:")).split()[1]
print(f"peak_kb={peak} exit={code}", file=sys.stderr)
"""


def write_file(path: pathlib.Path, lines: int) -> None:
    rng = random.Random(2026)
    commodities = ["HCFC-22", "R-404A", "R-410A", "HFC-134a", "HCFC-141b", "R-22", "2903.71"]
    routes = [("CN", "GH"), ("DE", "TR"), ("US", "MX"), ("IN", "BR"), ("CN", "Allemagne")]
    quantities = ["500 kg", "1,5 t", "2 MT", "12 500 kg", "", "300 lb"]
    with path.open("wb") as fh:
        fh.write(b"reference,commodity,exporter,importer,date,quantity,state,hs_code,note\n")
        for i in range(lines):
            exporter, importer = rng.choice(routes)
            cells = [
                f"D-{i:07d}",
                rng.choice(commodities),
                exporter,
                importer,
                f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                rng.choice(quantities),
                rng.choice(["new", "", "recycled"]),
                "2903.71",
                "",
            ]
            text = ",".join(f'"{c}"' if "," in c else c for c in cells)
            bad = i % 1000
            if bad == 1:
                text = text.replace("D-", '"D-', 1)  # an opening quote never closed
            elif bad == 2:
                text += ",EXTRA"
            elif bad == 3:
                text = "# " + text
            raw = text.encode()
            if bad == 4:
                raw = raw[: len(raw) - 1] + b"Soci\xe9t\xe9"  # a Latin-1 byte in the note
            fh.write(raw + b"\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--mode", choices=("assess", "hs"), default="assess")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source = pathlib.Path(folder) / "declarations.csv"
        target = pathlib.Path(folder) / "screened.csv"
        print(f"writing {args.lines:,} lines ...", flush=True)
        write_file(source, args.lines)
        size = source.stat().st_size / 1e6
        command = [sys.executable, "-c", CHILD, "screen", str(source), "-o", str(target)]
        command += ["--mode", args.mode, "--quiet"]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        report = done.stderr.strip().splitlines()[-1]
        peak_mb = int(report.split("peak_kb=")[1].split()[0]) / 1024
        with target.open("rb") as fh:
            out_lines = sum(1 for _ in fh) - 1
    print(f"input      {args.lines:12,} lines ({size:.0f} MB), --mode {args.mode}")
    print(f"output     {out_lines:12,} lines (one per input line; a quoted field may hold one)")
    print(f"time       {seconds:12.1f} s   ({args.lines / seconds:,.0f} lines/s)")
    print(f"peak RSS   {peak_mb:12.1f} MB  (goal < {GOAL_MB} MB): ", end="")
    print("ok" if peak_mb < GOAL_MB else "OVER THE GOAL")
    if done.returncode != 0:
        print(f"mea-trade exited {done.returncode}: {done.stderr[-500:]}")


if __name__ == "__main__":
    main()
