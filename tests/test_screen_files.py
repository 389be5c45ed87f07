"""Real customs files and real notebooks (issue #17): nothing lost, one clear error per bad line.

Each numbered problem of the issue has a regression test built from its failing
input; ``test_corrupt_file_of_200000_lines`` screens a large corrupt file end to end.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import pathlib
import random
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mea_trade as mt
from mea_trade.cli import main
from mea_trade.screening import (
    DeclarationFileError,
    ScreenSummary,
    read_declarations,
    result_columns,
    screen,
    screen_file,
)
from mea_trade.testing import strategies as mts

pd = pytest.importorskip("pandas")

HEADER = "reference,commodity,exporter,importer,date,quantity"
GOOD = "A1,R-22,CN,GH,2024-05-01,500 kg"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def write(path: pathlib.Path, text: str | bytes) -> pathlib.Path:
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


# ------------------------------------------------ 1. pandas NA of every kind

CSV_TEXT = (
    "reference,commodity,exporter,importer,date,quantity,state\n"
    "A1,R-22,CN,GH,2024-05-01,,\n"
    "A2,R-404A,DE,TR,2025-03-01,800 kg,new\n"
    "A3,,CN,GH,2024-05-01,,\n"
)
EXPECTED = ["licences_required", "licences_required", "error"]


@pytest.mark.parametrize(
    "read",
    [
        lambda text: pd.read_csv(io.StringIO(text)).convert_dtypes(),
        lambda text: pd.read_csv(io.StringIO(text), dtype="string"),
        lambda text: pd.read_csv(io.StringIO(text), dtype_backend="pyarrow"),
        lambda text: pd.read_csv(io.StringIO(text), dtype=str),
        lambda text: pd.read_csv(io.StringIO(text), parse_dates=["date"]),
    ],
    ids=["convert_dtypes", "dtype=string", "pyarrow", "dtype=str", "parse_dates"],
)
def test_1_nullable_and_arrow_frames(read: object) -> None:
    frame = read(CSV_TEXT)  # type: ignore[operator]
    out = screen(frame)
    assert list(out["status"]) == EXPECTED
    assert "ambiguous" not in " ".join(out["error"])
    assert out["error"].iloc[2] == "InvalidArgumentError: missing field(s): commodity"


def test_1_na_and_nat_cells_are_empty() -> None:
    frame = pd.DataFrame(
        {
            "commodity": ["R-22", "R-22", "R-22"],
            "exporter": ["CN", pd.NA, "CN"],
            "importer": ["GH", "GH", "GH"],
            "date": [pd.Timestamp("2024-05-01"), pd.NaT, pd.Timestamp("2024-05-01")],
            "quantity": [pd.NA, None, float("nan")],
        }
    )
    out = screen(frame)
    assert list(out["status"]) == ["licences_required", "error", "licences_required"]
    assert out["error"].iloc[1] == "InvalidArgumentError: missing field(s): exporter, date"


def test_1_dask_read_csv_with_dtype_str(tmp_path: pathlib.Path) -> None:
    dd = pytest.importorskip("dask.dataframe")
    path = write(tmp_path / "in.csv", CSV_TEXT)
    lazy = dd.read_csv(str(path), dtype=str)
    result = lazy.map_partitions(screen, meta=screen(lazy._meta)).compute(scheduler="sync")
    assert list(result["status"]) == EXPECTED


# ------------------------------------------------ 2. one bad line never kills the batch


def test_2_bad_lines_become_error_rows(tmp_path: pathlib.Path) -> None:
    data = (
        HEADER.encode() + b"\n"
        b'B1,"ACME,CN,GH,2024-05-01,1 t\n'  # unbalanced quote (was: field larger than field limit)
        b"B2,R-22,CN,GH,2024-05-01,1 t\n"
        b"B3,Soci\xe9t\xe9,CN,GH,2024-05-01,1 t\n"  # a Latin-1 byte (was: UnicodeDecodeError)
        b"B4,R-22,CN,GH,2024-05-01,1 t,EXTRA\n"  # an extra field (was: fields not in fieldnames)
        b"B5,R-22,CN,GH,2024-05-01,2 t\n"
    )
    path = write(tmp_path / "in.csv", data)
    code, text = run("screen", str(path), "--quiet")
    assert code == 0
    rows = rows_of(text)
    assert [r["reference"] for r in rows] == ["B1", "B2", "B3", "B4", "B5"]
    assert [r["line"] for r in rows] == ["2", "3", "4", "5", "6"]
    assert [r["status"] for r in rows] == [
        "error",
        "licences_required",
        "error",
        "error",
        "licences_required",
    ]
    assert rows[0]["error"].startswith("QuoteError: line 2 ")
    assert 'B1,"ACME,CN,GH,2024-05-01,1 t' in rows[0]["error"]
    assert rows[2]["error"].startswith("EncodingError: line 4 is not valid utf-8 (byte 0xE9")
    assert "--encoding cp1252" in rows[2]["error"]
    assert rows[3]["error"].startswith("FieldCountError: line 5 has 7 fields, the header 6")
    assert "'EXTRA'" in rows[3]["error"]


def test_2_encoding_option_and_bytes_kept(tmp_path: pathlib.Path) -> None:
    data = (HEADER + ",note\n").encode() + b"A1,R-22,CN,GH,2024-05-01,1 t,Soci\xe9t\xe9\n"
    path = write(tmp_path / "in.csv", data)
    target = tmp_path / "out.csv"
    assert main(["screen", str(path), "-o", str(target), "--quiet"]) == 1  # nothing screened
    assert b"Soci\xe9t\xe9" in target.read_bytes()  # the input bytes, unchanged
    assert main(["screen", str(path), "--encoding", "cp1252", "-o", str(target), "--quiet"]) == 0
    row = rows_of(target.read_text(encoding="utf-8"))[0]
    assert row["note"] == "Société" and row["status"] == "licences_required"


def test_2_byte_order_marks(tmp_path: pathlib.Path) -> None:
    for encoding in ("utf-8-sig", "utf-16"):
        path = write(tmp_path / "in.csv", f"{HEADER}\n{GOOD}\n".encode(encoding))
        code, text = run("screen", str(path), "--quiet")
        assert code == 0, encoding
        assert rows_of(text)[0]["reference"] == "A1"
        assert next(iter(rows_of(text)[0])) == "reference"


def test_2_unwritable_output_fails_before_any_work(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "in.csv", f"{HEADER}\n{GOOD}\n")
    code, text = run("screen", str(path), "-o", str(tmp_path / "missing" / "out.csv"))
    assert code == 1 and text == ""
    err = capsys.readouterr().err
    assert "cannot write" in err and "screened" not in err
    assert main(["screen", str(path), "-o", str(tmp_path)]) == 1  # a directory


def test_2_output_is_written_whole_or_not_at_all(tmp_path: pathlib.Path) -> None:
    target = write(tmp_path / "out.csv", "previous results\n")
    empty = write(tmp_path / "empty.csv", "")
    assert main(["screen", str(empty), "-o", str(target), "--quiet"]) == 1
    assert target.read_text() == "previous results\n"  # untouched by the failed run
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_2_reading_is_a_stream() -> None:
    """The reader pulls lines only as they are screened."""

    class Counting(io.BytesIO):
        lines = 0

        def readline(self, size: int | None = -1) -> bytes:
            Counting.lines += 1
            return super().readline(size)

        def __next__(self) -> bytes:
            Counting.lines += 1
            return super().__next__()

    body = "\n".join(f"A{i},R-22,CN,GH,2024-05-01,1 t" for i in range(10_000))
    reader = read_declarations(Counting(f"{HEADER}\n{body}\n".encode()))
    first = next(iter(reader))
    assert first.values[0] == "A0"
    assert Counting.lines < 100


# ------------------------------------------------ 3. nothing silently lost


def test_3_hash_lines_after_the_header_are_reported(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path / "in.csv", f"# exported 2024-06-01\n{HEADER}\n{GOOD}\n# end\n")
    code, text = run("screen", str(path), "--quiet")
    rows = rows_of(text)
    assert code == 0 and len(rows) == 2
    assert rows[1]["reference"] == "# end"
    assert rows[1]["error"].startswith("CommentLineError: line 4 starts with '#'")


def test_3_input_columns_named_like_results_survive(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path / "in.csv", f"{HEADER},status,error\n{GOOD},cleared,none\n")
    code, text = run("screen", str(path), "--quiet")
    assert code == 0
    row = rows_of(text)[0]
    assert row["status"] == "cleared" and row["error"] == "none"
    assert row["mea_status"] == "licences_required" and row["mea_line"] == "2"
    frame = screen(
        pd.DataFrame(
            [
                {
                    "commodity": "R-22",
                    "exporter": "CN",
                    "importer": "GH",
                    "date": "2024-05-01",
                    "status": "mine",
                    "Error": "x",
                }
            ]
        )
    )
    assert frame["status"].iloc[0] == "mine" and frame["Error"].iloc[0] == "x"
    assert frame["mea_status"].iloc[0] == "licences_required"
    assert result_columns(["mea_status", "status"])[0] == "mea_trade_status"


def test_3_duplicate_header_names_are_all_kept(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path / "in.csv", f"{HEADER},note,note\n{GOOD},one,two\n")
    code, text = run("screen", str(path), "--quiet")
    assert code == 0
    header, row = list(csv.reader(io.StringIO(text)))[:2]
    assert header[:8] == [*HEADER.split(","), "note", "note"]
    assert row[6:8] == ["one", "two"]


def test_3_json_keeps_every_column_row_numbers_and_references(tmp_path: pathlib.Path) -> None:
    path = write(
        tmp_path / "in.csv",
        f"{HEADER},state,seal\n{GOOD},new,S-9\nA2,unobtainium,CN,GH,2024-05-01,1 t,,S-10\n",
    )
    code, text = run("screen", str(path), "--json", "--quiet")
    assert code == 0
    good, bad = json.loads(text)
    assert (good["row"], good["line"], bad["row"], bad["line"]) == (0, 2, 1, 3)
    assert good["input"] == {
        "reference": "A1",
        "commodity": "R-22",
        "exporter": "CN",
        "importer": "GH",
        "date": "2024-05-01",
        "quantity": "500 kg",
        "state": "new",
        "seal": "S-9",
    }
    assert bad["reference"] == "A2" and bad["status"] == "error"
    assert bad["input"]["quantity"] == "1 t" and bad["input"]["seal"] == "S-10"


def test_3_one_mapping_is_one_row() -> None:
    row = {"commodity": "R-22", "exporter": "CN", "importer": "GH", "date": "2024-05-01"}
    results = screen(row)
    assert len(results) == 1 and results[0].status == "licences_required"
    ship = mt.Shipment("R-22", exporter="CN", importer="GH", date="2024-05-01")
    assert len(screen(ship)) == 1


def test_3_summary_counts_add_up(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", "--sample", "-o", "-"], out=io.StringIO()) == 0
    err = capsys.readouterr().err
    assert "screened 35 lines: check 5, error 3, licences_required 22, prohibited 5" in err
    summary = ScreenSummary.of(screen([{"commodity": "x"}, {"commodity": "R-22"}]))
    assert summary.lines == sum(summary.by_status.values()) == 2


# ------------------------------------------------ 4. quantities read deliberately


def test_4_trade_document_quantities_in_a_file(tmp_path: pathlib.Path) -> None:
    lines = [
        ("Q1", "1,5 t", None),
        ("Q2", "1 500 kg", None),
        ("Q3", "2 MT", None),
        ("Q4", "2 tons", "InvalidQuantityError: ambiguous unit"),
        ("Q5", "1,500 kg", "InvalidQuantityError: ambiguous quantity"),
    ]
    body = "".join(f'{ref},R-22,CN,GH,2024-05-01,"{qty}"\n' for ref, qty, _ in lines)
    path = write(tmp_path / "in.csv", f"{HEADER}\n{body}")
    code, text = run("screen", str(path), "--json", "--quiet")
    assert code == 0
    for record, (_, qty, error) in zip(json.loads(text), lines, strict=True):
        assert record["input"]["quantity"] == qty
        if error is None:
            assert record["error"] is None
        else:
            assert record["error"].startswith(error)
    ship = mt.assess(
        {
            "commodity": "R-22",
            "exporter": "CN",
            "importer": "GH",
            "date": "2024-05-01",
            "quantity": "1,5 t",
        }
    ).shipment
    assert ship.quantity is not None and ship.quantity.to("t").magnitude == 1.5


# ------------------------------------------------ 5. whole-file problems, once


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_5_delimiters_are_sniffed(tmp_path: pathlib.Path, delimiter: str) -> None:
    text = f"{HEADER}\n{GOOD}\n".replace(",", delimiter)
    path = write(tmp_path / "in.csv", text)
    code, out = run("screen", str(path), "--quiet")
    assert code == 0
    assert rows_of(out)[0]["status"] == "licences_required"


def test_5_excel_sep_line(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path / "in.csv", "sep=;\n" + f"{HEADER}\n{GOOD}\n".replace(",", ";"))
    code, out = run("screen", str(path), "--quiet")
    assert code == 0 and rows_of(out)[0]["status"] == "licences_required"


def test_5_header_names_ignore_case_and_spaces(tmp_path: pathlib.Path) -> None:
    path = write(
        tmp_path / "in.csv",
        " Reference ; COMMODITY ;Exporter;Importer;Date;End-Use\n"
        "A1;R-22;CN;GH;2024-05-01;feedstock\n",
    )
    code, out = run("screen", str(path), "--json", "--quiet")
    assert code == 0
    record = json.loads(out)[0]
    assert record["status"] == "licences_required" and record["reference"] == "A1"


def test_5_one_column_header_is_explained_once(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "in.csv", f"{HEADER}\n{GOOD}\n{GOOD}\n".replace(",", ";"))
    code, out = run("screen", str(path), "--delimiter", ",")
    assert (code, out) == (1, "")
    err = capsys.readouterr().err
    assert err.count("mea-trade:") == 1
    assert "has 1 column 'reference;commodity;" in err
    assert "semicolons? use --delimiter ';'" in err


def test_5_hs_mode_without_its_column(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "in.csv", f"{HEADER}\n{GOOD}\n")
    assert run("screen", str(path), "--mode", "hs") == (1, "")
    err = capsys.readouterr().err
    assert err.count("mea-trade:") == 1 and "--mode hs needs a column 'hs_code'" in err
    path = write(tmp_path / "hs.csv", "Reference,HS Code\nA1,2903.71\n")
    code, out = run("screen", str(path), "--mode", "hs", "--quiet")
    assert code == 0 and rows_of(out)[0]["flags"] == "montreal:C/I"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        ("# only a comment\n\n", "is only comments"),
        ("reference,commodity\nA1,R-22\n", "lacks the column(s) 'exporter', 'importer', 'date'"),
        ("reference,date,Date,commodity,exporter,importer\n", "names column 'date' twice"),
    ],
)
def test_5_whole_file_errors(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    path = write(tmp_path / "in.csv", text)
    assert run("screen", str(path)) == (1, "")
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    with pytest.raises(DeclarationFileError):
        screen_file(io.BytesIO(text.encode()), io.StringIO())


def test_5_exit_non_zero_when_nothing_could_be_screened(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "in.csv", f"{HEADER}\nA1,unobtainium,CN,GH,2024-05-01,\n")
    code, out = run("screen", str(path), "--quiet")
    assert code == 1 and len(rows_of(out)) == 1  # still reported
    assert "nothing could be screened" in capsys.readouterr().err
    header_only = write(tmp_path / "header.csv", f"{HEADER}\n")
    assert run("screen", str(header_only), "--quiet")[0] == 1


def test_5_input_format_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["screen", "--help"])
    text = capsys.readouterr().out
    for words in (
        "--encoding",
        "--delimiter",
        "UTF-8",
        "semicolon",
        "# before the header",
        "ignoring case",
        "commodity, exporter, importer and date are required",
    ):
        assert words in " ".join(text.split()), words


# ------------------------------------------------ the corrupt file of 200,000 lines

N_LINES = 200_000
WIDTH = 8
CSV_HEADER = [
    *("reference", "commodity", "exporter", "importer", "date", "quantity", "note", "hs_code")
]


def _corrupt_file(path: pathlib.Path) -> list[tuple[int, list[str] | None, str, bytes]]:
    """Write the file; return per record: its line, its cells (None: unreadable), kind, raw."""
    rng = random.Random(17)
    commodities = ["R-22", "HCFC-22", "R-404A", "HFC-134a", "CFC-12", "unobtainium"]
    routes = [("CN", "GH"), ("DE", "TR"), ("US", "KZ"), ("IN", "BR")]
    expected: list[tuple[int, list[str] | None, str, bytes]] = []
    line = 1
    with path.open("wb") as fh:
        fh.write(b"# customs extract, generated for the test\n")
        line += 1
        fh.write((",".join(CSV_HEADER) + "\n").encode())
        line += 1
        for i in range(N_LINES):
            exporter, importer = routes[i % len(routes)]
            cells = [
                f"L{i}",
                commodities[i % len(commodities)],
                exporter,
                importer,
                f"2024-0{1 + i % 9}-1{i % 10}",
                "" if i % 3 == 0 else rng.choice(["500 kg", "1,5 t", "2 MT", "2 tons"]),
                "" if i % 5 else "Smith, Jones & Co",
                "2903.71",
            ]
            kind = "good"
            roll = i % 50
            if roll == 7:
                kind = "quote"  # an opening quote never closed
                raw = ",".join([cells[0], '"' + cells[1], *cells[2:]]).encode()
            elif roll == 13:
                kind = "latin1"
                cells[6] = "Société Générale"
                raw = ",".join(_quoted(c) for c in cells).encode("latin-1")
            elif roll == 21:
                kind = "extra"
                raw = (",".join(_quoted(c) for c in cells) + ",EXTRA").encode()
            elif roll == 29:
                kind = "comment"
                cells[0] = f"# note {i}"
                raw = ",".join(_quoted(c) for c in cells).encode()
            elif roll == 37:
                kind = "multiline"  # a valid quoted field over two lines: one record
                cells[6] = "first line\nsecond line"
                raw = ",".join(_quoted(c) for c in cells).encode()
            else:
                raw = ",".join(_quoted(c) for c in cells).encode()
            fh.write(raw + b"\n")
            expected.append((line, None if kind == "quote" else cells, kind, raw))
            line += raw.count(b"\n") + 1
            if i % 10_000 == 9_999:
                fh.write(b"\n")  # a blank line: not a record
                line += 1
    return expected


def _quoted(cell: str) -> str:
    return f'"{cell}"' if any(c in cell for c in ',"\n') else cell


def test_corrupt_file_of_200000_lines(tmp_path: pathlib.Path) -> None:
    source = tmp_path / "customs.csv"
    expected = _corrupt_file(source)
    target = tmp_path / "screened.csv"
    assert main(["screen", str(source), "-o", str(target), "--quiet"]) == 0
    with target.open(encoding="utf-8", errors="surrogateescape", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        output = list(reader)
    assert header == [
        *CSV_HEADER,
        "line",
        "status",
        "requirements",
        "prohibitions",
        "notes",
        "flags",
        "error",
    ]
    assert len(output) == len(expected) == N_LINES  # input rows = output rows
    errors = {
        "quote": "QuoteError",
        "latin1": "EncodingError",
        "extra": "FieldCountError",
        "comment": "CommentLineError",
    }
    for (line, cells, kind, raw), row in zip(expected, output, strict=True):
        assert row[WIDTH] == str(line)
        status, error = row[WIDTH + 1], row[-1]
        if kind in errors:
            assert status == "error"
            assert error.startswith(f"{errors[kind]}: line {line} "), (line, error)
        if kind == "quote":
            assert raw.decode() in error  # the line as read
        elif kind == "latin1":
            assert cells is not None
            decoded = [c.encode("latin-1").decode("utf-8", "surrogateescape") for c in cells]
            assert row[:WIDTH] == decoded  # the bytes, unchanged
        else:
            assert row[:WIDTH] == cells
        if kind == "extra":
            assert "'EXTRA'" in error
        if kind in ("good", "multiline"):
            assert status != "error" or error.startswith(
                ("UnknownCommodityError", "InvalidQuantityError")
            ), error


# ------------------------------------------------ CLI conventions


def test_cli_version_and_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"mea-trade {mt.__version__} (data {mt.DATA_VERSION})"
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: mea-trade") and "screen" in err and "Exit codes" in err


def test_cli_every_option_has_help_and_finite_sets_have_choices() -> None:
    from mea_trade.cli import _parser

    parser = _parser()
    subparsers = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, sub in subparsers.choices.items():  # type: ignore[union-attr]
        for action in sub._actions:
            assert action.help, (name, action.dest)
    choices = {
        (name, action.dest): action.choices
        for name, sub in subparsers.choices.items()  # type: ignore[union-attr]
        for action in sub._actions
    }
    assert choices[("convert", "basis")] == mt.GWP_BASES
    assert choices[("classify", "edition")] == mt.hs.EDITIONS
    assert choices[("assess", "end_use")] == mt.records.END_USES


def test_cli_on_defaults_to_today() -> None:
    code, text = run("parties", "India", "--instrument", "montreal")
    assert code == 0 and text.startswith("Montreal Protocol\tparty since 1992-09-17")
    code, text = run("assess", "CFC-11", "--from", "CN", "--to", "GH", "--json")
    assert code == 0 and json.loads(text)["date"] == dt.date.today().isoformat()
    assert run("parties", "India", "--on", "2024-13-01")[0] == 2


def test_cli_closed_pipe_is_quiet() -> None:
    script = f"{sys.executable} -m mea_trade list blends | head -1"
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


# ------------------------------------------------ interoperability


def test_importing_mea_trade_does_not_import_pandas() -> None:
    code = (
        "import sys, mea_trade as mt; assert 'pandas' not in sys.modules; "
        "import pandas as pd; f = pd.DataFrame({'hs_code': ['2903.71']}); "
        "print(f.mea.screen(mode='hs')['status'][0])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "flagged"
    code = "import pandas as pd, mea_trade; print(type(pd.DataFrame().mea).__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "MeaAccessor"


def test_pandas_accessor() -> None:
    frame = pd.DataFrame(
        [{"Commodity": "R-22", "Exporter": "CN", "Importer": "GH", "Date": "2024-05-01"}]
    )
    assert frame.mea.screen()["status"].tolist() == ["licences_required"]


def test_sequences_and_frames() -> None:
    subs = mt.substances(group="C/I")
    assert len(subs) == len(list(subs)) > 30
    frame = subs.to_frame()
    assert len(frame) == len(subs) and {"name", "cas", "odp", "annex_group"} <= set(frame)
    assert len(mt.mixtures()) == len(mt.mixtures().to_frame()) >= 100
    assert len(mt.countries.all_countries()) >= 250
    assert isinstance(pd.DataFrame(mt.substances()), pd.DataFrame)
    results = screen(["2903.71", "12"], mode="hs")
    assert mt.screening.to_frame(results)["status"].tolist() == ["flagged", "error"]
    a = mt.assess(mt.Shipment("CFC-11", exporter="CN", importer="SS", date="2010-06-01"))
    findings = a.to_frame()
    assert findings["kind"].tolist()[0] == "prohibition"
    assert findings["code"].tolist()[0] == "montreal.export_ban_non_party"


# ------------------------------------------------ Hypothesis


@settings(max_examples=40)
@given(rows=mts.declaration_rows())
def test_messy_rows_give_one_result_each(rows: dict[str, object]) -> None:
    results = screen([rows, rows])
    assert len(results) == 2 and results[0].status == results[1].status


@settings(max_examples=40)
@given(row=mts.declaration_rows(invalid=False))
def test_valid_messy_rows_are_read(row: dict[str, object]) -> None:
    result = screen(row)[0]
    assert result.error is None, (row, result.error)


@settings(max_examples=40)
@given(shipment=mts.shipments())
def test_shipments_are_what_a_file_can_carry(shipment: mt.Shipment) -> None:
    row = shipment.to_row()
    assert all(isinstance(v, str) for v in row.values())
    result = screen(row)[0]
    assert result.error is None
    assert result.assessment is not None
    direct = mt.assess(shipment)
    assert result.assessment.status == direct.status
    assert result.assessment.requirements == direct.requirements
    assert result.assessment.prohibitions == direct.prohibitions
    # the repr stays short: besides the commodity's own text (an official chemical name can be
    # long) and the chemical conventions' two fields, it fits on three lines of 80 characters
    # (every optional field of the other conventions set: about 170 characters)
    text = repr(shipment)
    assert text.startswith(f"Shipment({shipment.commodity_name!r}, exporter=")
    extra = sum(
        len(f", {name}={getattr(shipment, name)!r}")
        for name in ("purpose", "banned_by_exporter")
        if getattr(shipment, name) is not None
    )
    assert len(text) - len(repr(shipment.commodity_name)) - extra < 240
    assert (f"banned_by_exporter={shipment.banned_by_exporter!r}" in repr(shipment)) == (
        shipment.banned_by_exporter is not None
    )


def test_from_type_knows_the_record_types() -> None:
    from hypothesis import find

    for kind in (
        mt.Substance,
        mt.Mixture,
        mt.Shipment,
        mt.Assessment,
        mt.countries.Country,
        mt.hs.HSCode,
        mt.instruments.Instrument,
        mt.Chemical,
    ):
        assert isinstance(find(st.from_type(kind), lambda x: True), kind)


def test_invalid_strategy_arguments_raise_lazily() -> None:
    from hypothesis import find
    from hypothesis.errors import InvalidArgument

    strategy = mts.substances(annex_group="Z/IX")  # no error yet
    with pytest.raises(InvalidArgument):
        find(strategy, lambda x: True)
    for bad in (
        mts.mixtures(min_components=3, max_components=2),
        mts.masses(min_value=5, max_value=1),
        mts.masses(units=("m",)),
        mts.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2019, 1, 1)),
        mts.countries(kind="planet"),
        mts.hs_codes(edition="HS1988"),
        mts.report_series(first=2012, last=2010),
        mts.shipments(min_date=dt.date(2030, 1, 1), max_date=dt.date(2020, 1, 1)),
        mts.declaration_rows(invalid="yes"),  # type: ignore[arg-type]
        mts.shipments(chemicals_too="yes"),  # type: ignore[arg-type]
        mts.chemicals(kind="element"),
        mts.listed_chemicals(instrument="montreal"),
        mts.listed_chemicals(instrument="cwc", list="Annex Z"),
        mts.stockholm_chemicals(annex="D"),
        mts.cwc_chemicals(schedule="4"),
        mts.chemical_shipments(min_date=dt.date(2030, 1, 1), max_date=dt.date(2020, 1, 1)),
    ):
        with pytest.raises(InvalidArgument):
            find(bad, lambda x: True)


def test_short_reprs() -> None:
    ship = mt.Shipment(
        "HFC-32 50%, HFC-125 50%",
        exporter="CN",
        importer="Allemagne",
        date="2024-05-01",
        quantity="1,5 t",
        transit=["AE"],
    )
    assert repr(ship) == (
        "Shipment('HFC-32 50% / HFC-125 50%', exporter='CN', importer='DE', "
        "date='2024-05-01', quantity='1.5 t', transit=('AE',))"
    )
    assert eval(repr(ship), {"Shipment": mt.Shipment}).to_row() == ship.to_row()
    text = repr(mt.assess(ship))
    assert len(text) < 320 and "\n" not in text
    assert repr(screen(ship)[0]) == "ScreenResult(row=0, status='licences_required')"


# ------------------------------------------------ the reader round-trips any valid CSV

_CELL = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\r\x00"),
    max_size=12,
)


@settings(max_examples=60)
@given(
    rows=st.lists(st.lists(_CELL, min_size=6, max_size=6), min_size=1, max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_any_valid_csv_is_read_back_cell_for_cell(rows: list[list[str]], delimiter: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(HEADER.split(","))
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    reader = read_declarations(io.BytesIO(data), delimiter=delimiter)
    lines = list(reader)
    kept = [r for r in rows if any(c.strip() for c in r) or len(r) > 1]
    assert [list(line.values) for line in lines] == kept
    for line, row in zip(lines, kept, strict=True):
        # a comment is a line whose text starts with '#': the writer quotes a first cell
        # with a delimiter, a quote or a line break in it, and a quoted cell is data
        quoted = any(c in row[0] for c in (delimiter, '"', "\n", "\r"))
        if row[0].startswith("#") and not quoted:
            assert line.problem is not None and line.problem.startswith("CommentLineError")
        else:
            assert line.problem is None, line.problem


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_line_of_delimiters_only_is_a_record_of_empty_cells(delimiter: str) -> None:
    """Found by the property above: a tab-delimited line of tabs was skipped as blank."""
    data = (HEADER.replace(",", delimiter) + "\n" + delimiter * 5 + "\n \n").encode()
    by_line = [
        list(line.values) for line in read_declarations(io.BytesIO(data), delimiter=delimiter)
    ]
    in_blocks = [
        list(row)
        for block in read_declarations(io.BytesIO(data), delimiter=delimiter).blocks()
        for row in block.values
    ]
    assert by_line == in_blocks == [[""] * 6]


def test_a_quoted_first_cell_that_starts_with_a_hash_is_data() -> None:
    """A comment is a line whose text starts with '#'; '"#..."' is a quoted cell."""
    data = (HEADER + '\n"#1, first",CN,GH,2024-05-01,1 t,\n#2,CN,GH,2024-05-01,1 t,\n').encode()
    lines = list(read_declarations(io.BytesIO(data)))
    assert lines[0].values[0] == "#1, first" and lines[0].problem is None
    assert lines[1].problem is not None and lines[1].problem.startswith("CommentLineError")


def test_a_shipment_repr_rebuilds_it_whatever_its_quantity() -> None:
    # the repr writes the quantity as mass_text does: 1.125 t is not the ambiguous '1.125 t'
    ship = mt.Shipment("R-22", exporter="CN", importer="GH", date="2024-01-01", quantity="1.1250 t")
    assert "quantity='1.1250 t'" in repr(ship)
    again = eval(repr(ship), {"Shipment": mt.Shipment})
    assert again.quantity == ship.quantity and again.to_row() == ship.to_row()
    zero = mt.Shipment("R-22", exporter="CN", importer="GH", date="2024-01-01", quantity="0,0 kg")
    assert "quantity='0 kg'" in repr(zero)


@pytest.mark.parametrize(
    "line",
    [
        'R-22,CN,GH,2024-01-01,1\r0 kg,"a, b"',  # a quoted cell on the line
        "R-22,CN,GH,2024-01-01,1\r0 kg,ab",  # plain cells only
    ],
)
def test_a_carriage_return_alone_is_a_character_of_its_cell(line: str) -> None:
    # Only "\n" and "\r\n" end a line; a "\r" alone inside a line stays in its cell, whether
    # or not the line has quoted cells (the csv module alone would raise "new-line
    # character seen in unquoted field" and stop the file).
    data = f"commodity,exporter,importer,date,quantity,reference\n{line}\n".encode()
    (record,) = list(read_declarations(io.BytesIO(data)))
    assert record.values[4] == "1\r0 kg"
    assert record.problem is None
