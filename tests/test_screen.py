"""Batch screening (mea_trade.screen), its frame shapes, Dask partitions and the CLI."""

from __future__ import annotations

import csv
import io
import json
import pathlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mea_trade as mt
from mea_trade._data import read_csv
from mea_trade.cli import main
from mea_trade.screening import ScreenResult, hs_flag_table, screen
from mea_trade.testing import strategies as mts

SAMPLE = [dict(r) for r in read_csv("samples/declarations.csv")]


def test_rows_that_cannot_be_read_never_stop_the_batch() -> None:
    results = screen(SAMPLE)
    assert len(results) == len(SAMPLE) == 35
    by_ref = {SAMPLE[r.row]["reference"]: r for r in results}
    assert by_ref["D-0015"].status == "error"
    assert by_ref["D-0015"].error is not None
    assert by_ref["D-0015"].error.startswith("UnknownCommodityError")
    assert str(by_ref["D-0016"].error).startswith("InvalidDateError")
    assert str(by_ref["D-0017"].error).startswith("UnknownCountryError")
    # Rows after the bad ones are still assessed.
    assert by_ref["D-0018"].status == "licences_required"
    # The sample's historical cases: HCFC exports to Kazakhstan in 2010 and CFC exports to
    # South Sudan (a Party only from 2012) were banned (Art. 4(2 quin), 4(2)).
    assert by_ref["D-0006"].status == "prohibited"
    assert by_ref["D-0007"].status == "prohibited"
    # Wastes and living modified organisms (#16): hazardous e-waste from Germany to Ghana
    # after 2025 is banned (Art. 4A); other e-waste and mixed plastic need prior informed
    # consent; clean plastic for recycling (B3011) is outside it but never "clear".
    assert by_ref["D-0021"].status == "prohibited"
    assert [by_ref[f"D-00{n}"].status for n in range(22, 26)] == [
        "licences_required",
        "licences_required",
        "check",
        "licences_required",
    ]
    # The chemical conventions: a mercury thermometer after 2020 (Minamata Art. 4(1)) and
    # thiodiglycol to Israel, not a State Party (CWC Verification Annex Part VII para 31).
    assert by_ref["D-0030"].status == "prohibited"
    assert by_ref["D-0031"].status == "prohibited"
    assert by_ref["D-0028"].assessment is not None
    assert "rotterdam.export_notification" in [
        r.code for r in by_ref["D-0028"].assessment.requirements
    ]


def test_screen_accepts_shipments_and_junk_rows() -> None:
    ship = mt.Shipment("HCFC-22", exporter="CN", importer="GH", date="2024-01-01")
    results = screen([ship, 42, {"commodity": "R-22"}])  # type: ignore[list-item]
    assert [r.status for r in results] == ["licences_required", "error", "error"]
    assert "missing field(s): exporter, importer, date" in (results[2].error or "")


def test_pandas_and_arrow_keep_their_shape() -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    frame = pd.DataFrame(SAMPLE)
    out = screen(frame)
    assert isinstance(out, pd.DataFrame) and len(out) == len(frame)
    assert list(out["reference"]) == list(frame["reference"])
    expected = [r.status for r in screen(SAMPLE)]
    assert list(out["status"]) == expected
    table = pa.Table.from_pandas(frame)
    out_table = screen(table)
    assert isinstance(out_table, pa.Table)
    assert out_table.column("status").to_pylist() == expected


def test_hs_mode_vectorised_equals_row_by_row() -> None:
    pd = pytest.importorskip("pandas")
    codes = [r["hs_code"] for r in SAMPLE] + ["0101.21", "12", None, "3827.61.00.10"]
    rows = screen(codes, mode="hs")
    frame = screen(pd.DataFrame({"hs_code": codes}), mode="hs")
    assert [r.status for r in rows] == list(frame["status"])
    assert [" ".join(r.flags) for r in rows] == list(frame["flags"])
    assert rows[0].flags == ("montreal:C/I",)
    assert rows[-3].status == "error"


@given(st.lists(mts.hs_codes(), min_size=1, max_size=30))
def test_hs_mode_agrees_with_hs_flags(codes: list[object]) -> None:
    results = screen([str(c) for c in codes], mode="hs")
    for code, result in zip(codes, results, strict=True):
        expected = tuple(
            f"{f.instrument}:{'+'.join(f.groups)}" if f.groups else f.instrument
            for f in mt.hs.flags(code)  # type: ignore[arg-type]
        )
        assert result.flags == expected


def test_flag_table_is_the_hs_2022_montreal_table() -> None:
    table = hs_flag_table()
    assert table["290371"] == ("montreal:C/I",)
    assert "010121" not in table


def test_screen_runs_per_partition_under_dask() -> None:
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    frame = pd.DataFrame(SAMPLE)
    meta = screen(frame.head(0))
    lazy = dd.from_pandas(frame, npartitions=4).map_partitions(screen, meta=meta)
    result = lazy.compute(scheduler="processes", num_workers=2)
    assert list(result["status"]) == list(screen(frame)["status"])


def test_results_pickle_for_workers() -> None:
    import pickle

    for result in screen(SAMPLE):
        again = pickle.loads(pickle.dumps(result))
        assert isinstance(again, ScreenResult) and again.status == result.status


def test_bad_input_types() -> None:
    with pytest.raises(mt.InvalidArgumentError):
        screen("not rows")
    with pytest.raises(mt.InvalidArgumentError):
        screen(SAMPLE, mode="fast")  # type: ignore[call-overload]


# -------------------------------------------------------------------- CLI


def test_cli_screen_sample_to_csv(tmp_path: pathlib.Path) -> None:
    target = tmp_path / "out.csv"
    assert main(["screen", "--sample", "-o", str(target), "--quiet"]) == 0
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == 35
    assert rows[0]["reference"] == "D-0001" and rows[0]["status"] == "licences_required"
    assert "Article 4B, paragraph 1" in rows[0]["requirements"]
    assert sum(r["status"] == "error" for r in rows) == 3


def test_the_readme_quotes_a_sample_line_as_the_cli_writes_it(tmp_path: pathlib.Path) -> None:
    readme = pathlib.Path(__file__).resolve().parents[1] / "README.md"
    quoted = [x for x in readme.read_text(encoding="utf-8").splitlines() if x.startswith("D-00")]
    assert quoted
    target = tmp_path / "out.csv"
    assert main(["screen", "--sample", "-o", str(target), "--quiet"]) == 0
    written = target.read_text(encoding="utf-8").splitlines()
    assert all(line in written for line in quoted)


def test_cli_screen_file_json_and_strict(tmp_path: pathlib.Path) -> None:
    source = tmp_path / "in.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(SAMPLE[0]))
        writer.writeheader()
        writer.writerows(SAMPLE)
    out = io.StringIO()
    assert main(["screen", str(source), "--json", "--quiet"], out=out) == 0
    payload = json.loads(out.getvalue())
    assert len(payload) == 35 and payload[5]["status"] == "prohibited"
    assert main(["screen", str(source), "--strict", "--quiet"], out=io.StringIO()) == 3
    assert main(["screen", str(tmp_path / "missing.csv")], out=io.StringIO()) == 1
    assert main(["screen"], out=io.StringIO()) == 2


def test_cli_screen_hs_mode() -> None:
    out = io.StringIO()
    assert main(["screen", "--sample", "--mode", "hs", "--quiet"], out=out) == 0
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["flags"] == "montreal:C/I" and rows[0]["status"] == "flagged"


def test_cli_assess_and_schedule() -> None:
    out = io.StringIO()
    code = main(
        ["assess", "HCFC-141b", "--from", "US", "--to", "KZ", "--on", "2010-01-05"], out=out
    )
    assert code == 0
    text = out.getvalue()
    assert text.startswith("status: prohibited")
    assert "Article 4, paragraph 2 quin" in text
    out = io.StringIO()
    assert (
        main(
            ["assess", "R-22", "--from", "CN", "--to", "GH", "--on", "2024-01-01", "--json"],
            out=out,
        )
        == 0
    )
    assert json.loads(out.getvalue())["status"] == "licences_required"
    out = io.StringIO()
    assert main(["schedule", "C/I", "A5"], out=out) == 0
    assert "2.5 % (average 2030-2039)" in out.getvalue()
    assert main(["assess", "R-22", "--from", "Atlantis", "--to", "GH", "--on", "2024-01-01"]) == 1


def test_frame_screens_in_threads_leave_the_collector_as_they_found_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The collector's first threshold is raised while frames are screened (in any number
    of threads at once), and put back when the last screen ends."""
    import gc
    import threading

    pd = pytest.importorskip("pandas")
    from mea_trade import columnar

    original = columnar.screen_frame
    during: list[int] = []
    together = threading.Barrier(4)

    def observed(*args: object, **kwargs: object) -> object:
        together.wait(timeout=30)  # the four screens overlap
        during.append(gc.get_threshold()[0])
        together.wait(timeout=30)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(columnar, "screen_frame", observed)
    before = gc.get_threshold()
    frame = pd.DataFrame(
        {"commodity": ["R-22"], "exporter": ["CN"], "importer": ["GH"], "date": ["2024-05-01"]}
    )
    statuses: list[str] = []
    threads = [
        threading.Thread(target=lambda: statuses.extend(mt.screen(frame)["status"]))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == ["licences_required"] * 4
    assert len(during) == 4 and min(during) >= 100_000
    assert gc.get_threshold() == before
