"""Benchmark: instructions per screened line, counted by callgrind, for two versions of the code.

Run by hand (not in CI; needs valgrind):

    python benchmarks/bench_instructions.py [--file distinct|repeated|conventions]
                                            [--lines 5000] [--against REV]

Timings on a shared machine vary by a fifth from run to run and by half from hour to
hour (see the scale page), too much to tell a change of a tenth. Instructions counted by
``valgrind --tool=callgrind`` do not vary with the machine's load: the same code, input
and hash seed give the same count to about a thousandth (two runs of one revision gave
639,629 and 640,229 instructions a line). This counts them for ``mt.screen`` on *lines* lines
of one of the benchmark files (``bench_scale.py``'s customs files or the file of every
convention, seed 18), for the working tree's ``src`` and for the ``src`` of the git
revision *REV* (default ``HEAD``), and prints the instructions per line of each and
their ratio.

Each count is the difference of two runs under callgrind (``PYTHONHASHSEED=0``): one
that reads the file, loads the bundled data and screens 50 lines, and one that then
screens the next *lines* lines too, so that starting Python, importing the libraries
and loading the data cancel out. The four runs go two at a time. Under callgrind
Python runs about fifty times slower: 5,000 lines of the file whose lines all differ
take about two minutes in all.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

WARM = 50  # lines screened before the count starts (the bundled data load)

_CHILD = """
import sys
import pandas as pd
import mea_trade as mt
frame = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
mt.screen(frame.head({warm}))
lines = int(sys.argv[2])
if lines:
    mt.screen(frame.iloc[{warm}:{warm} + lines])
"""


def _write(kind: str, path: pathlib.Path, lines: int) -> None:
    """The benchmark file of *kind*, written by ``bench_scale.py`` (seed 18)."""
    sys.path.insert(0, str(pathlib.Path(__file__).parent))
    from bench_scale import write_kind

    write_kind(kind, path, lines)


def _count(source: pathlib.Path, file: pathlib.Path, lines: int, folder: pathlib.Path) -> int:
    """Instructions callgrind counts for the child screening *lines* lines with *source*."""
    out = folder / f"callgrind.{source.parent.name}.{lines}"
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(source)}
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            sys.executable,
            "-c",
            _CHILD.format(warm=WARM),
            str(file),
            str(lines),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"callgrind failed for {source}")
    for line in done.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1].strip())
    raise SystemExit(f"no count in callgrind's output for {source}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--file", choices=("distinct", "repeated", "conventions"), default="distinct"
    )
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--against", default="HEAD", help="the git revision to compare with")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    root = pathlib.Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        file = folder / f"{args.file}.csv"
        _write(args.file, file, args.lines + WARM)
        revision = folder / "revision"
        revision.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", args.against, "src"],
            capture_output=True,
            check=True,
        )
        subprocess.run(["tar", "-x", "-C", str(revision)], input=archive.stdout, check=True)
        sources = {"working tree": root / "src", args.against: revision / "src"}
        jobs = [(s, n) for s in sources.values() for n in (0, args.lines)]
        with ThreadPoolExecutor(max_workers=2) as pool:
            counts = list(pool.map(lambda job: _count(job[0], file, job[1], folder), jobs))
    per_line = {
        name: (counts[2 * i + 1] - counts[2 * i]) / args.lines for i, name in enumerate(sources)
    }
    print(f"{args.lines:,} lines of the {args.file} file, instructions per line (callgrind)")
    for name, value in per_line.items():
        print(f"  {name:<14} {value:>12,.0f}")
    new, old = per_line["working tree"], per_line[args.against]
    print(f"  working tree / {args.against}: {new / old:.3f}")


if __name__ == "__main__":
    main()
