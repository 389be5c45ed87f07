"""Dask: a generated file screened on a LocalCluster of two workers equals mt.screen, line for line.

The cluster tests take tens of seconds (worker processes start, each loads the data), so
they are marked ``slow``; they are part of the normal suite.
"""

from __future__ import annotations

import os
import pathlib
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import mea_trade as mt
from mea_trade import scale
from mea_trade.testing import write_synthetic_declarations

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pytest.importorskip("pyarrow")


def _read_folder(folder: pathlib.Path) -> Any:
    """The Parquet files of *folder* in the order of their names, as one frame."""
    parts = sorted(folder.glob("*.parquet"))
    assert parts, f"no Parquet file in {folder}"
    return pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)


def _assert_same_lines(got: Any, expected: Any) -> None:
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected)
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True).astype(object),
        expected.reset_index(drop=True).astype(object),
        check_dtype=False,
    )


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A LocalCluster of two single-threaded worker processes, for the tests that share it."""
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as running,
    ):
        yield running


@pytest.mark.slow
def test_file_screened_on_its_own_cluster_equals_screen_line_for_line(
    synthetic_declarations: pathlib.Path, single_process_screen: Any, tmp_path: pathlib.Path
) -> None:
    # the default engine: a LocalCluster for the call, two workers, ~1 MB partitions
    summary = scale.screen_file_with_dask(
        synthetic_declarations, tmp_path / "screened", workers=2, blocksize="1MB"
    )
    got = _read_folder(tmp_path / "screened")
    assert len(list((tmp_path / "screened").glob("*.parquet"))) >= 8
    _assert_same_lines(got, single_process_screen)
    expected = single_process_screen["status"].value_counts().sort_index().to_dict()
    assert summary.lines == len(single_process_screen) == 200_000
    assert dict(summary.by_status) == expected
    namibia = (got["exporter"] == "NA") | (got["importer"] == "NA")
    assert namibia.sum() > 1_000
    assert not got.loc[namibia, "error"].str.contains("missing field").any()


@pytest.mark.slow
def test_parquet_screened_on_both_workers_equals_screen_line_for_line(
    synthetic_declarations: pathlib.Path,
    single_process_screen: Any,
    client: Any,
    tmp_path: pathlib.Path,
) -> None:
    source = tmp_path / "declarations"
    lines = dd.read_csv(synthetic_declarations, blocksize="1MB", **scale.PANDAS_CSV_OPTIONS)
    lines.to_parquet(source, write_index=False)
    with distributed.get_task_stream(client) as stream:
        summary = scale.screen_file_with_dask(source, tmp_path / "screened", client=client)
    workers = {t["worker"] for t in stream.data if "screen_partition" in str(t["key"])}
    assert len(workers) == 2, "the partitions ran on one worker only"
    assert summary.lines == 200_000
    _assert_same_lines(_read_folder(tmp_path / "screened"), single_process_screen)


def test_default_reader_is_reported_by_the_partition_function(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "lines.csv"
    write_synthetic_declarations(path, 3_000)
    scale._reset_warning()
    try:
        naive = dd.read_csv(path, dtype=str, blocksize=50_000)  # "NA" read as missing
        with pytest.warns(scale.MissingCountryWarning, match="keep_default_na=False"):
            out = scale.screen_dask_dataframe(naive).compute(scheduler="sync")
    finally:
        scale._reset_warning()
    assert out["error"].str.contains("missing field").any()
    good = dd.read_csv(path, blocksize=50_000, **scale.PANDAS_CSV_OPTIONS)
    assert good.npartitions > 2
    with warnings.catch_warnings():
        warnings.simplefilter("error", scale.MissingCountryWarning)
        screened = scale.screen_dask_dataframe(good).compute(scheduler="sync")
    expected = mt.screen(pd.read_csv(path, **scale.PANDAS_CSV_OPTIONS))
    _assert_same_lines(screened, expected)


def test_meta_matches_every_partition() -> None:
    frame = pd.DataFrame(
        {"commodity": ["R-22", "xx"] * 3, "exporter": ["CN"] * 6, "importer": ["GH"] * 6}
    ).assign(date="2024-05-01")
    lazy = scale.screen_dask_dataframe(dd.from_pandas(frame, npartitions=3))
    assert list(lazy.columns) == list(scale.output_dtypes(frame.dtypes))
    computed = lazy.compute(scheduler="sync")
    assert (computed.dtypes == lazy.dtypes).all()


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Port 8787 is already in use")  # the recipe's dashboard
@pytest.mark.parametrize("name", ["dask-file", "dask-cluster"])
def test_docs_recipe_runs_and_equals_screen(
    name: str,
    docs_recipe: Callable[[str], str],
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_synthetic_declarations(tmp_path / "declarations.csv", 20_000)
    monkeypatch.chdir(tmp_path)
    code = compile(docs_recipe(name), f"docs/scale.rst ({name})", "exec")
    exec(code, {"__name__": "__main__"})
    expected = mt.screen(pd.read_csv(tmp_path / "declarations.csv", **scale.PANDAS_CSV_OPTIONS))
    got = _read_folder(tmp_path / "screened")
    _assert_same_lines(got, expected)
    assert os.path.getsize(tmp_path / "declarations.csv") > 1_000_000
