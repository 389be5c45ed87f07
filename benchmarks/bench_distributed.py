"""Benchmark: one file of declaration lines screened in one process, with Dask and with Spark.

Run by hand (not in CI):

    python benchmarks/bench_distributed.py [--lines 1000000] [--workers 2] [--blocksize 3MB]
                                           [--file conventions|repeated|distinct]
                                           [--runs 1] [--no-spark] [--folder DIR --keep]

Writes a synthetic file, then runs each engine in a fresh Python process, so that no
run inherits another's loaded data, memos or memory. The file (``--file``):

* ``conventions`` (the default): ``mea_trade.testing.write_synthetic_declarations``,
  the bundled sample's lines of every convention with other countries and dates
  (Namibia on about 1 %): tens of thousands of distinct groups met again and again;
  seeded as ``bench_scale.py`` seeds its files (18), so that ``--folder`` and ``--keep``
  share them;
* ``repeated`` and ``distinct``: the two customs files of ``bench_scale.py`` (issue
  #18): a few hundred (commodity, exporter, importer, year) carrying every
  line, or every line a different (commodity, exporter, importer, date).

With ``--runs`` above 1 the engines run in turn, run after run (interleaved), and the
medians are reported. The engines:

* **single process**: ``pandas.read_csv`` (every cell as text), ``mt.screen`` of
  the whole frame, ``to_parquet``;
* **Dask, own cluster**: ``screen_file_with_dask`` as users call it: a
  ``LocalCluster`` of *workers* processes started for the call, CSV read in
  partitions of *blocksize* bytes, Parquet written;
* **Dask, running cluster**: the same on a cluster already started and whose workers
  have imported mea_trade, pandas, pyarrow and dask.dataframe (a service that screens
  file after file); the bundled data still loads on first use in each worker, as in
  the single process;
* **Spark local[workers]**: ``spark.read.csv`` with ``SPARK_CSV_OPTIONS``,
  ``screen_spark_dataframe``, ``write.parquet``; the session's start is timed apart.

Each engine's libraries are imported before its timer starts, as the single process
imports pandas and mea_trade before its own (for Dask, ``dask.dataframe`` in the
caller: about a second that is not screening).

Reported: wall time, lines/s, speed-up over the single process, the cores other
processes of the machine kept busy meanwhile (``others``: a figure measured on a
machine that was not quiet is not the engine's), and the peak
resident memory of each worker process (the single process itself; Dask's worker
processes; Spark's Python workers, and the JVM apart), sampled every 50 ms from
/proc through psutil and, for the single process and Dask workers, ``ru_maxrss``.
The outputs are compared line for line with the single process's.

Goal (issue #19): Dask >= 1.7x the single process on 2 cores, < 500 MB per worker.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any

MB = 1024 * 1024


class PeakMemory:
    """Peak resident memory of every descendant process of this one, sampled in a thread."""

    def __init__(self, interval: float = 0.05) -> None:
        import psutil

        self._me = psutil.Process()
        self._interval = interval
        self.peaks: dict[int, tuple[str, int]] = {}
        #: CPU seconds (user + system) of each descendant, at its last sample.
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        import psutil

        self._start = time.perf_counter()
        self._busy = _busy_seconds(psutil.cpu_times())
        self._own = _cpu_seconds(self._me)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        import psutil

        self._stop.set()
        self._thread.join()
        self.wall = time.perf_counter() - self._start
        ours = _cpu_seconds(self._me) - self._own + sum(self.cpu.values())
        busy = _busy_seconds(psutil.cpu_times()) - self._busy
        #: Cores the other processes of the machine kept busy, on average, meanwhile.
        self.other_cores = max(0.0, busy - ours) / self.wall

    def _sample(self) -> None:
        import psutil

        while True:
            try:
                children = self._me.children(recursive=True)
            except psutil.Error:  # a process ended while the tree was read
                children = []
            for child in children:
                try:
                    with child.oneshot():
                        rss = child.memory_info().rss
                        times = child.cpu_times()
                    line = " ".join(child.cmdline())
                except psutil.Error:
                    continue
                _, peak = self.peaks.get(child.pid, (line, 0))
                self.peaks[child.pid] = (line, max(peak, rss))
                self.cpu[child.pid] = times.user + times.system
            if self._stop.wait(self._interval):
                return

    def matching(self, *words: str) -> list[float]:
        """Peaks (MB) of the processes whose command line has any of *words*."""
        return sorted(
            (peak / MB for line, peak in self.peaks.values() if any(w in line for w in words)),
            reverse=True,
        )


def _busy_seconds(times: Any) -> float:
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))


def _cpu_seconds(process: Any) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


def _max_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _import_libraries() -> int:
    """Import what a screening process imports, as the single process does before its timer."""
    import dask.dataframe  # noqa: F401
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401

    import mea_trade  # noqa: F401

    return os.getpid()


# ------------------------------------------------------------------ engines (child processes)


def run_single(source: str, target: str) -> dict[str, Any]:
    import pandas as pd

    import mea_trade as mt
    from mea_trade.scale import PANDAS_CSV_OPTIONS

    with PeakMemory() as machine:
        start = time.perf_counter()
        frame = pd.read_csv(source, **PANDAS_CSV_OPTIONS)
        read = time.perf_counter()
        screened = mt.screen(frame)
        done = time.perf_counter()
        screened.to_parquet(target, index=False)
        end = time.perf_counter()
    return {
        "other_cores": machine.other_cores,
        "seconds": end - start,
        "read_s": read - start,
        "screen_s": done - read,
        "worker_mb": [_max_rss_mb()],
        "lines": len(screened),
    }


def run_dask_own_cluster(source: str, target: str, workers: int, blocksize: str) -> dict[str, Any]:
    from mea_trade.scale import screen_file_with_dask

    _import_libraries()  # the caller's imports, not timed (as pandas for the single process)

    with PeakMemory() as memory:
        start = time.perf_counter()
        summary = screen_file_with_dask(source, target, workers=workers, blocksize=blocksize)
        seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "other_cores": memory.other_cores,
        "lines": summary.lines,
        "worker_mb": memory.matching("spawn_main"),
    }


def run_dask_running_cluster(
    source: str, target: str, workers: int, blocksize: str
) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    from mea_trade.scale import screen_file_with_dask

    _import_libraries()
    with (
        PeakMemory() as memory,
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(_import_libraries)
        start = time.perf_counter()
        summary = screen_file_with_dask(source, target, blocksize=blocksize, client=client)
        seconds = time.perf_counter() - start
        peaks = client.run(_max_rss_mb)
        partitions = len(list(pathlib.Path(target).glob("*.parquet")))
    return {
        "seconds": seconds,
        "other_cores": memory.other_cores,
        "lines": summary.lines,
        "partitions": partitions,
        "worker_mb": sorted(peaks.values(), reverse=True),
        "sampled_worker_mb": memory.matching("spawn_main"),
    }


def run_spark(source: str, target: str, workers: int) -> dict[str, Any]:
    from pyspark.sql import SparkSession

    from mea_trade import scale

    os.environ["PYSPARK_PYTHON"] = sys.executable  # workers run this Python, with mea_trade
    with PeakMemory() as memory:
        begin = time.perf_counter()
        spark = (
            SparkSession.builder.master(f"local[{workers}]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", "2g")
            .config("spark.sql.execution.arrow.maxRecordsPerBatch", "50000")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        start = time.perf_counter()
        lines = spark.read.options(**scale.SPARK_CSV_OPTIONS).csv(source)
        partitions = lines.rdd.getNumPartitions()
        scale.screen_spark_dataframe(lines).write.mode("overwrite").parquet(target)
        seconds = time.perf_counter() - start
        spark.stop()
    return {
        "seconds": seconds,
        "other_cores": memory.other_cores,
        "session_s": start - begin,
        "partitions": partitions,
        "worker_mb": memory.matching("pyspark.daemon", "pyspark.worker"),
        "jvm_mb": memory.matching("java"),
    }


ENGINES = ("single", "dask-own-cluster", "dask-running-cluster", "spark")


def _write(kind: str, path: pathlib.Path, lines: int) -> None:
    """The benchmark file of *kind*, written by ``bench_scale.py`` (seed 18)."""
    sys.path.insert(0, str(pathlib.Path(__file__).parent))
    from bench_scale import write_kind

    write_kind(kind, path, lines)


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _child(engine: str, source: str, target: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", engine, source, target]
    command += ["--workers", str(args.workers), "--blocksize", args.blocksize]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"{engine} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _same_lines(folder_or_file: pathlib.Path, reference: Any) -> bool:
    import pandas as pd

    if folder_or_file.is_dir():
        parts = sorted(folder_or_file.glob("*.parquet"))
        frame = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    else:
        frame = pd.read_parquet(folder_or_file)
    frame = frame.sort_values("reference", kind="stable").reset_index(drop=True)
    frame = frame.astype(object).where(frame.notna(), "")
    return bool(frame.equals(reference))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--blocksize", default="3MB")
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument(
        "--file", choices=("conventions", "repeated", "distinct"), default="conventions"
    )
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--folder", help="write the file here (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="reuse the file if it exists")
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "SOURCE", "TARGET"))
    args = parser.parse_args()

    if args.child:
        engine, source, target = args.child
        if engine == "single":
            result = run_single(source, target)
        elif engine == "spark":
            result = run_spark(source, target, args.workers)
        elif engine == "dask-own-cluster":
            result = run_dask_own_cluster(source, target, args.workers, args.blocksize)
        else:
            result = run_dask_running_cluster(source, target, args.workers, args.blocksize)
        print(json.dumps(result))
        return

    import pandas as pd

    engines = [e for e in ENGINES if not (args.no_spark and e == "spark")]
    with tempfile.TemporaryDirectory() as scratch:
        folder = pathlib.Path(scratch)
        source = pathlib.Path(args.folder or scratch) / f"{args.file}_{args.lines}.csv"
        source.parent.mkdir(parents=True, exist_ok=True)
        if not (args.keep and source.exists()):
            print(f"writing {args.lines:,} lines ({args.file}) ...", flush=True)
            _write(args.file, source, args.lines)
        size = source.stat().st_size / MB
        print(f"{source.name}: {size:.0f} MB, {os.cpu_count()} cores", flush=True)
        runs: dict[str, list[dict[str, Any]]] = {engine: [] for engine in engines}
        for run in range(args.runs):
            for engine in engines:
                print(f"run {run + 1}: {engine} ...", flush=True)
                target = folder / f"{engine}-{run}.parquet"
                runs[engine].append(_child(engine, str(source), str(target), args))
        # compared once every run is over: a child inherits the peak RSS of this process
        # (Linux keeps ru_maxrss across fork and exec), which must stay small meanwhile
        reference = pd.read_parquet(folder / "single-0.parquet")
        reference = reference.sort_values("reference", kind="stable").reset_index(drop=True)
        reference = reference.astype(object).where(reference.notna(), "")
        same = {
            engine: all(
                _same_lines(folder / f"{engine}-{run}.parquet", reference)
                for run in range(args.runs)
            )
            for engine in engines
        }

        single = _median([r["seconds"] for r in runs["single"]])
        print()
        print(f"{args.file} file, {args.lines:,} lines, median of {args.runs} run(s)")
        print(
            f"{'engine':<22}{'seconds':>9}{'lines/s':>10}{'speed-up':>9}{'others':>8}"
            "  peak MB per worker (largest run)"
        )
        for engine, results in runs.items():
            seconds = _median([r["seconds"] for r in results])
            others = max(r["other_cores"] for r in results)
            peaks = [max(m) for m in zip(*(r["worker_mb"] for r in results), strict=False)]
            workers = ", ".join(f"{m:.0f}" for m in peaks)
            every = ", ".join(f"{r['seconds']:.1f}" for r in results)
            print(
                f"{engine:<22}{seconds:>9.1f}{args.lines / seconds:>10,.0f}"
                f"{single / seconds:>8.2f}x{others:>8.2f}  {workers}"
                + (f"  (runs: {every} s)" if len(results) > 1 else "")
                + ("" if same[engine] else "  RESULTS DIFFER")
            )
        print()
        print(json.dumps(runs, indent=1))


if __name__ == "__main__":
    main()
