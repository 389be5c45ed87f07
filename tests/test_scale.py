"""mea_trade.scale: reader options, the partition function, output schemas, the Namibia guard."""

from __future__ import annotations

import io
import pathlib
import warnings
from collections.abc import Iterator

import pytest

import mea_trade as mt
from mea_trade import scale, screening
from mea_trade.testing import write_synthetic_declarations

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

CSV = (
    "reference,commodity,exporter,importer,date,quantity,remarks\n"
    "A,R-22,NA,GH,2024-05-01,,\n"
    "B,R-404A,DE,NA,2025-03-01,800 kg,null\n"
    "C,CFC-11,CN,SS,2010-06-01,,N/A\n"
)


@pytest.fixture(autouse=True)
def _warning_again() -> Iterator[None]:
    """Each test may see the once-per-process warning."""
    scale._reset_warning()
    yield
    scale._reset_warning()


def test_pandas_options_keep_namibia_and_blank_cells_as_text() -> None:
    frame = pd.read_csv(io.StringIO(CSV), **scale.PANDAS_CSV_OPTIONS)
    assert frame["exporter"].tolist() == ["NA", "DE", "CN"]
    assert frame["importer"].tolist() == ["GH", "NA", "SS"]
    assert frame["quantity"].tolist() == ["", "800 kg", ""]
    assert frame["remarks"].tolist() == ["", "null", "N/A"]
    assert not frame.isna().any().any()


def test_namibia_read_as_missing_is_reported_once_and_screened_as_error() -> None:
    default = pd.read_csv(io.StringIO(CSV), dtype=str)  # pandas' default: "NA" is missing
    with pytest.warns(scale.MissingCountryWarning, match=r"2 of 3 lines .* Namibia"):
        out = scale.screen_partition(default)
    assert out["status"].tolist() == ["error", "error", "prohibited"]
    assert out["error"].str.endswith(("exporter", "importer")).tolist() == [True, True, False]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = scale.screen_partition(default)  # once per process
    assert again["status"].tolist() == out["status"].tolist()


def test_read_as_text_the_same_lines_are_screened_without_warning() -> None:
    frame = pd.read_csv(io.StringIO(CSV), **scale.PANDAS_CSV_OPTIONS)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = scale.screen_partition(frame)
    assert out["status"].tolist() == ["licences_required", "licences_required", "prohibited"]


@pytest.mark.parametrize(
    ("row", "counted"),
    [
        ({"commodity": "R-22", "exporter": None, "importer": "GH", "date": "2024-05-01"}, 1),
        ({"commodity": "R-22", "exporter": "CN", "importer": float("nan"), "date": "2024"}, 1),
        ({"commodity": "R-22", "exporter": "", "importer": "GH", "date": "2024-05-01"}, 0),
        ({"commodity": "R-22", "exporter": None, "importer": None, "date": "2024-05-01"}, 0),
        ({"commodity": None, "exporter": None, "importer": "GH", "date": "2024-05-01"}, 0),
        ({"commodity": "R-22", "exporter": None, "importer": "GH", "date": " "}, 0),
    ],
)
def test_a_line_counts_when_one_country_is_missing_and_the_rest_is_filled(
    row: dict[str, object], counted: int
) -> None:
    frame = pd.DataFrame([row])
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert scale.check_country_cells(frame) == counted
    assert [w.category for w in seen] == [scale.MissingCountryWarning] * counted


def test_the_guard_reads_column_names_as_screen_does() -> None:
    frame = pd.DataFrame(
        {" Commodity ": ["R-22"], "EXPORTER": [pd.NA], "Importer": ["GH"], "Date": ["2024"]},
        dtype="string",
    )
    with pytest.warns(scale.MissingCountryWarning):
        assert scale.check_country_cells(frame) == 1
    assert scale.check_country_cells(frame.head(0)) == 0
    assert scale.check_country_cells(pd.DataFrame({"hs_code": ["2903.71"]})) == 0


def test_hs_mode_does_not_look_at_countries() -> None:
    frame = pd.DataFrame({"hs_code": ["2903.71"], "exporter": [None], "importer": ["GH"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = scale.screen_partition(frame, mode="hs")
    assert out["status"].tolist() == ["flagged"]


def test_partition_result_has_the_declared_dtypes_and_equals_screen(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "lines.csv"
    write_synthetic_declarations(path, 2_000, seed=7)
    frame = pd.read_csv(path, **scale.PANDAS_CSV_OPTIONS)
    out = scale.screen_partition(frame)
    declared = scale.output_dtypes(frame.dtypes)
    assert list(out.columns) == list(declared)
    assert {k: str(v) for k, v in out.dtypes.items()} == {k: str(v) for k, v in declared.items()}
    meta = scale.output_meta(frame.dtypes)
    assert list(meta.columns) == list(out.columns)
    assert (meta.dtypes == out.dtypes).all()
    pd.testing.assert_frame_equal(out.astype(object), mt.screen(frame).astype(object))


def test_result_columns_are_renamed_as_screen_renames_them() -> None:
    frame = pd.DataFrame(
        {"commodity": ["R-22"], "exporter": ["CN"], "importer": ["GH"], "date": ["2024-05-01"]}
    ).assign(status=["received"])
    out = scale.screen_partition(frame)
    assert list(out.columns) == list(scale.output_dtypes(frame.dtypes))
    assert out["status"].tolist() == ["received"]
    assert out["mea_status"].tolist() == ["licences_required"]


def test_arrow_schema_types_a_partition_for_parquet() -> None:
    frame = pd.read_csv(io.StringIO(CSV), **scale.PANDAS_CSV_OPTIONS)
    schema = scale.arrow_schema(frame.dtypes)
    table = pa.Table.from_pandas(scale.screen_partition(frame), schema=schema, preserve_index=False)
    assert table.schema.names == list(scale.output_dtypes(frame.dtypes))
    assert all(field.type == pa.string() for field in table.schema)
    given = pa.schema([("reference", pa.large_string()), ("commodity", pa.string())])
    kept = scale.arrow_schema(given)
    assert kept.field("reference").type == pa.large_string()
    assert kept.names[2:] == list(mt.screening.RESULT_COLUMNS)
    assert scale.arrow_schema({"count": "int64"}).field("count").type == pa.int64()


def test_spark_ddl_quotes_names() -> None:
    ddl = scale.spark_ddl(["odd `name`", "status"])
    assert ddl.startswith("`odd ``name``` STRING, `status` STRING, `mea_status` STRING")
    assert ddl.count(" STRING") == 2 + len(mt.screening.RESULT_COLUMNS)


def test_screen_batches_screens_each_frame_in_turn() -> None:
    frames = [pd.read_csv(io.StringIO(CSV), **scale.PANDAS_CSV_OPTIONS)] * 3
    out = list(scale.screen_batches(iter(frames)))
    assert len(out) == 3
    assert all(part["status"].tolist() == out[0]["status"].tolist() for part in out)


def test_synthetic_declarations_are_repeatable_and_name_namibia(tmp_path: pathlib.Path) -> None:
    first, second, other = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    write_synthetic_declarations(first, 5_000)
    write_synthetic_declarations(second, 5_000)
    write_synthetic_declarations(other, 5_000, seed=20)
    assert first.read_bytes() == second.read_bytes() != other.read_bytes()
    frame = pd.read_csv(first, **scale.PANDAS_CSV_OPTIONS)
    assert len(frame) == 5_000 and frame["reference"].is_unique
    namibia = ((frame["exporter"] == "NA") | (frame["importer"] == "NA")).mean()
    assert 0.005 < namibia < 0.02
    statuses = set(mt.screen(frame.head(1_000))["status"])
    assert {"licences_required", "prohibited", "error"} <= statuses


def test_a_worker_keeps_one_screen_per_rule_set_and_thread() -> None:
    """Partitions screened in one thread share a screen (its memos last); threads do not."""
    import threading

    mine = scale._frame_screen(None)
    assert mine is not None and scale._frame_screen(None) is mine
    rules = ("mea_trade.montreal.rules",)
    assert scale._frame_screen(rules) is not mine
    assert scale._frame_screen(rules) is scale._frame_screen(rules)
    theirs: list[object] = []
    thread = threading.Thread(target=lambda: theirs.append(scale._frame_screen(None)))
    thread.start()
    thread.join()
    assert theirs[0] is not None and theirs[0] is not mine
    assert scale._frame_screen([["not", "hashable"]]) is None  # type: ignore[list-item]


def test_partitions_screened_in_turn_equal_one_screen_of_all(tmp_path: pathlib.Path) -> None:
    """The lasting per-thread screen gives each partition what mt.screen of it gives."""
    pd = pytest.importorskip("pandas")
    source = tmp_path / "lines.csv"
    write_synthetic_declarations(source, 3_000, seed=7)
    frame = pd.read_csv(source, **scale.PANDAS_CSV_OPTIONS)
    whole = mt.screen(frame)
    parts = [
        scale.screen_partition(frame.iloc[i : i + 700], check_countries=False)
        for i in range(0, len(frame), 700)
    ]
    joined = pd.concat(parts)
    for name in screening.result_columns(frame.columns):
        assert joined[name].astype(object).tolist() == whole[name].astype(object).tolist()
