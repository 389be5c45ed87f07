"""The columnar screen (issue #18) gives what screening line by line gives, row for row.

Each property draws a few declaration lines (messy rows as real files and frames carry
them, valid shipments of every room written as rows, unreadable cells) and repeats them
with other dates, quantities and references, so that lines share their cells, their
groups and their epochs; the columnar path (:func:`mea_trade.screen` on lists and
frames, :func:`mea_trade.screening.screen_file`) must give the results of
:func:`mea_trade.screening.iter_screen`, the row-by-row path.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import pathlib
import random
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mea_trade as mt
from mea_trade import columnar, screening
from mea_trade.montreal import rules as montreal_rules
from mea_trade.screening import ScreenResult, column_key, iter_screen, screen
from mea_trade.testing import strategies as mts

pd = pytest.importorskip("pandas")

RULES_DIR = pathlib.Path(mt.__file__).parent

_QUANTITIES = ["500 kg", "1,5 t", "2 MT", "2 tons", "1,500 kg", "", "300 lbs", "5 m", None]
_DATES = [
    "1999-12-31",
    "2000-01-01",
    "2010-06-01",
    "2013-01-01",
    "2020-01-01",
    "2024-05-01",
    "2024-13-01",
    "2030-01-01",
    dt.date(2024, 5, 2),
]


#: Cells of the optional columns as files and frames carry them: valid in any spelling,
#: unreadable, empty (None, blank text, NaN, pd.NA), and other types than text.
_OPTIONAL_CELLS: dict[str, list[object]] = {
    "purpose": ["T", "t", " S ", "research", "Disposal", "interim storage", "X", "trade", 3],
    "source": ["W", "c", "Z", "wild", "O"],
    "term": ["LIV", "ski", " TIM ", "XYZ", "TIMBER", "L1V", 12],
    "banned_by_exporter": ["yes", "No", "TRUE", "0", "y", "maybe", True, False, 1],
    "state": ["new", "USED", " recycled ", "broken"],
    "end_use": ["Feedstock", "laboratory use", "destruction", "smuggling"],
    "form": ["bulk", "Container", "product", "liquid"],
    "operation": ["R4", "R04", "D1", "d 10", "Z9"],
    "characteristics": ["H6.1, H11", "H13", "H99", "H6.1; H6.1"],
    "lmo": ["release", "Contained use", "food-feed-processing", "bogus"],
    "origin": ["BR", "bra", "Atlantis"],
    "re_export": ["yes", "no", "Y", "maybe", True, 0],
    "exemption": ["personal_effects", "scientific exchange", "nope"],
    "transit": ["AE; OM", "ae,om", "ZZ", "AE OM"],
    "taxon": ["Panthera leo", "Loxodonta africana", "Unknownus specius"],
}
_EMPTY_CELLS: list[object] = [None, "", "  ", float("nan")]


def _rows_of(shipments: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, object]]:
    return shipments.map(lambda s: dict(s.to_row()))


@st.composite
def _optional_cells(draw: st.DrawFn) -> dict[str, object]:
    """A few optional columns set to messy cells."""
    names = draw(st.lists(st.sampled_from(sorted(_OPTIONAL_CELLS)), max_size=4, unique=True))
    out: dict[str, object] = {}
    for name in names:
        cells = _OPTIONAL_CELLS[name]
        out[name] = draw(st.sampled_from([*cells, *_EMPTY_CELLS]))
    return out


@st.composite
def batches(draw: st.DrawFn) -> list[dict[str, object]]:
    """Rows that share cells: a few bases, repeated with other dates, quantities, references."""
    bases = draw(
        st.lists(
            st.one_of(
                mts.declaration_rows(),
                _rows_of(mts.shipments()),
                _rows_of(mts.waste_shipments()),
                _rows_of(mts.lmo_shipments()),
                _rows_of(mts.cites_shipments()),
                _rows_of(mts.chemical_shipments()),
            ),
            min_size=1,
            max_size=5,
        )
    )
    rows = []
    for _ in range(draw(st.integers(min_value=1, max_value=14))):
        row = dict(draw(st.sampled_from(bases)))
        keys = {column_key(k): k for k in row}
        if draw(st.booleans()):
            day = draw(st.one_of(st.sampled_from(_DATES), mts.dates().map(dt.date.isoformat)))
            row[keys.get("date", "date")] = day
        if draw(st.booleans()):
            row[keys.get("quantity", "quantity")] = draw(st.sampled_from(_QUANTITIES))
        if draw(st.booleans()):
            row[keys.get("reference", "reference")] = draw(st.sampled_from(["R1", "R2", 7, None]))
        if draw(st.integers(0, 2)) == 0:  # the optional columns (the other rooms' qualifiers)
            for name, cell in draw(_optional_cells()).items():
                row[keys.get(name, name)] = cell
        rows.append(row)
    return rows


def same(a: ScreenResult, b: ScreenResult) -> None:
    """Two results are the same: every field, the texts, the JSON, the shipment."""
    assert (a.row, a.status, a.error, a.reference, a.line, a.flags) == (
        b.row,
        b.status,
        b.error,
        b.reference,
        b.line,
        b.flags,
    )
    assert a.record() == b.record()
    assert a.to_json() == b.to_json()
    if a.assessment is not None:
        assert b.assessment is not None
        assert a.assessment == b.assessment
        assert repr(a.assessment) == repr(b.assessment)
        assert a.assessment.shipment.to_row() == b.assessment.shipment.to_row()
        assert a.assessment.to_records() == b.assessment.to_records()


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextlib.contextmanager
def epochs_shared(shared: bool) -> Iterator[None]:
    """With *shared*, the groups of a block share their epochs however few they are.

    (:meth:`mea_trade.columnar.Screen._by_epoch` works on blocks of at least 256
    groups, and on undated keys met in at least 4 of them.)
    """
    old = columnar._SHARED_MIN, columnar._SHARED_GROUPS
    if shared:
        columnar._SHARED_MIN, columnar._SHARED_GROUPS = 0, 1
    try:
        yield
    finally:
        columnar._SHARED_MIN, columnar._SHARED_GROUPS = old


@SETTINGS
@given(rows=batches(), shared=st.booleans(), block=st.sampled_from([1, 2, 3, 50_000]))
def test_lists_are_screened_as_line_by_line(
    rows: list[dict[str, object]], shared: bool, block: int
) -> None:
    """In blocks of any size: each block numbers its cells afresh (a screen that kept the
    memos of the previous block's numbers gave rows of later blocks other rows' findings)."""
    old_block = columnar.BLOCK_LINES
    columnar.BLOCK_LINES = block
    try:
        with epochs_shared(shared):
            found = screen(rows)
    finally:
        columnar.BLOCK_LINES = old_block
    by_line = list(iter_screen(rows))
    assert len(found) == len(by_line) == len(rows)
    for a, b in zip(found, by_line, strict=True):
        same(a, b)


@SETTINGS
@given(
    rows=batches(),
    kind=st.sampled_from(["objects", "convert_dtypes", "string"]),
    shared=st.booleans(),
)
def test_frames_are_screened_as_line_by_line(
    rows: list[dict[str, object]], kind: str, shared: bool
) -> None:
    frame = pd.DataFrame(rows)
    if kind == "convert_dtypes":
        frame = frame.convert_dtypes()
    elif kind == "string":
        frame = frame.astype("string")
    with epochs_shared(shared):
        out = screen(frame)
    names = dict(
        zip(screening.RESULT_COLUMNS, screening.result_columns(frame.columns), strict=True)
    )
    expected = screening._screen_pandas_by_line(
        frame, frame.copy(), names, screening._frame_columns(frame), None, None
    )
    assert out.columns.tolist() == expected.columns.tolist()
    assert out.dtypes.tolist() == expected.dtypes.tolist()
    for name in names.values():
        assert out[name].tolist() == expected[name].tolist(), name


@SETTINGS
@given(
    frames=st.lists(batches(), min_size=1, max_size=4),
    limit=st.sampled_from([1, 40, 1_000_000]),
    memo_size=st.sampled_from([2, 12_000]),
    repeated_memo_size=st.sampled_from([None, 3, 50_000]),
    shared=st.booleans(),
)
def test_a_lasting_frame_screen_gives_each_frame_its_own_results(
    frames: list[list[dict[str, object]]],
    limit: int,
    memo_size: int,
    repeated_memo_size: int | None,
    shared: bool,
) -> None:
    """A FrameScreen that screened other frames first gives what a fresh screen gives.

    Its memos (kept from frame to frame, keyed by its vocabularies) only remember
    answers: frames with other columns, cells met before and vocabularies that start
    again (*limit*) or memos that lose entries (*memo_size*) change no result.
    """
    lasting = columnar.FrameScreen(
        limit=limit, memo_size=memo_size, repeated_memo_size=repeated_memo_size
    )
    for rows in frames:
        frame = pd.DataFrame(rows)
        matched = {
            c: label
            for c, label in screening._frame_columns(frame).items()
            if c in screening.COLUMNS
        }
        with epochs_shared(shared):
            found = lasting.screen(frame, matched)
            fresh = columnar.screen_frame(frame, matched, None)
        assert found is not None and fresh is not None
        for a, b in zip(found, fresh, strict=True):
            assert a.tolist() == b.tolist()


def test_a_shipment_and_its_assessment_per_row() -> None:
    rows = [
        {"reference": f"A{i}", "commodity": "R-22", "exporter": "CN", "importer": "GH",
         "date": f"2024-05-0{1 + i % 3}", "quantity": f"{i + 1} t"}
        for i in range(6)
    ]  # fmt: skip
    results = screen(rows)
    shipments = [r.assessment.shipment for r in results if r.assessment is not None]
    assert [s.reference for s in shipments] == [f"A{i}" for i in range(6)]
    assert [s.quantity.to("t").magnitude for s in shipments] == [1, 2, 3, 4, 5, 6]  # type: ignore[union-attr]
    assert [s.date.day for s in shipments] == [1, 2, 3, 1, 2, 3]
    assert len({id(r.assessment.requirements) for r in results if r.assessment}) == 1


def test_rows_that_cannot_be_keys_are_screened_line_by_line() -> None:
    rows: list[dict[str, object]] = [
        {"commodity": "R-22", "exporter": "CN", "importer": "GH", "date": "2024-05-01",
         "transit": ["AE", "OM"]},
        {"commodity": "R-22", "exporter": "CN", "importer": "GH", "date": "2024-05-01"},
    ]  # fmt: skip
    for a, b in zip(screen(rows), iter_screen(rows), strict=True):
        same(a, b)
    frame = pd.DataFrame(rows)
    assert screen(frame)["status"].tolist() == ["licences_required"] * 2


def test_no_bundled_rule_reads_the_quantity_or_the_reference() -> None:
    """The columnar screen assesses lines that differ only in these once: no rule reads them.

    The fields left out of the assessment are those whose metadata says so
    (:data:`mea_trade.records.ASSESSED`); every rule module of the package (one per room,
    and the HS-flag notes) is read for them.
    """
    assert set(mt.records.SHIPMENT_FIELDS) - set(mt.assessment.ASSESSED_FIELDS) == {
        "quantity",
        "reference",
    }
    modules = [*sorted(RULES_DIR.glob("*/rules.py")), RULES_DIR / "hs_flags.py"]
    assert len(modules) >= 9
    for path in modules:
        text = path.read_text(encoding="utf-8")
        for field in ("quantity", "reference"):
            assert not re.search(rf"['\"]{field}['\"]", text), (path.name, field)
            owners = set(re.findall(rf"(\w+)\.{field}\b", text))
            # the reference of a user-table record (an import response, a register entry)
            assert owners <= _RECORDS_WITH_A_REFERENCE, (path.name, field, owners)


#: Names the rule modules give the records of their data tables that have a reference of
#: their own (an import response, a register entry): not the shipment's.
_RECORDS_WITH_A_REFERENCE = {"resp", "e"}


# ------------------------------------------------ files: the block reader and writer


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if type(value).__name__ in ("NAType", "NaTType"):
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_CORRUPTIONS = st.sampled_from(
    ["none", "none", "none", "quote", "extra", "comment", "blank", "latin1", "short", "multiline"]
)


@st.composite
def declaration_files(draw: st.DrawFn) -> bytes:
    """A CSV file of messy declaration lines, some of them unreadable as CSV."""
    import csv

    rows = draw(batches())
    names: list[str] = []
    for row in rows:
        for key in row:
            if key not in names and column_key(key) not in {column_key(n) for n in names}:
                names.append(key)
    for required in ("commodity", "exporter", "importer", "date"):
        if required not in {column_key(n) for n in names}:
            names.append(required)
    delimiter = draw(st.sampled_from([",", ",", ";", "\t"]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(names)
    lines = [buffer.getvalue().encode()]
    by_key = [{column_key(k): v for k, v in row.items()} for row in rows]
    for row in by_key:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerow(
            [_text(row.get(column_key(n))) for n in names]
        )
        line = buffer.getvalue()
        kind = draw(_CORRUPTIONS)
        if kind == "quote":
            line = '"' + line
        elif kind == "extra":
            line = line[:-1] + delimiter + "EXTRA\n"
        elif kind == "comment":
            line = "#" + line
        elif kind == "blank":
            line = "\n" + line
        elif kind == "short":
            line = line.split(delimiter)[0] + "\n"
        elif kind == "multiline":
            line = line[:-1] + delimiter + '"two\nlines"\n'
        raw = line.encode("utf-8")
        if kind == "latin1":
            raw = raw[:-1] + b"\xe9\n"
        lines.append(raw)
    return b"".join(lines)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=declaration_files(),
    block=st.sampled_from([1, 2, 7, 20_000]),
    chunk=st.sampled_from([5, 64, 1 << 20]),
    shared=st.booleans(),
    arrow=st.booleans(),
    repeats=st.sampled_from([1, 20]),
)
def test_files_are_screened_as_line_by_line(
    data: bytes, block: int, chunk: int, shared: bool, arrow: bool, repeats: int
) -> None:
    """Blocks of records, chunks of bytes, batches read into columns by Arrow or lines
    read one by one, batches that grow: the output of screen_file is that of line by
    line."""
    old_block, old_chunk = screening.FILE_BLOCK_LINES, screening._CHUNK
    old_arrow, old_repeats = screening._arrow_available, screening.FILE_REPEATS
    screening.FILE_BLOCK_LINES, screening._CHUNK = block, chunk
    screening.FILE_REPEATS = repeats  # 1: every batch read into columns grows the next
    if not arrow:
        screening._arrow_available = lambda: False
    try:
        for as_json in (False, True):
            fast, slow = io.StringIO(), io.StringIO()
            try:
                with epochs_shared(shared):
                    summary = screening.screen_file(io.BytesIO(data), fast, as_json=as_json)
            except screening.DeclarationFileError:
                with pytest.raises(screening.DeclarationFileError):
                    screening._screen_file_by_line(io.BytesIO(data), slow, as_json=as_json)
                continue
            expected = screening._screen_file_by_line(io.BytesIO(data), slow, as_json=as_json)
            assert fast.getvalue() == slow.getvalue()
            assert summary == expected
    finally:
        screening.FILE_BLOCK_LINES, screening._CHUNK = old_block, old_chunk
        screening._arrow_available, screening.FILE_REPEATS = old_arrow, old_repeats


def test_batches_grow_while_a_file_repeats_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches read into columns grow after a batch of few distinct outcomes, and come
    back to their size after one of many; the output is that of line by line."""
    repeated = [f"R{i},R-22,CN,GH,2024-05-0{1 + i % 3},{i} kg" for i in range(60)]
    countries = sorted(c.alpha2 for c in mt.countries.all_countries(kind="state"))
    distinct = [f"D{i},R-22,CN,{countries[i]},2024-05-01,1 kg" for i in range(30)]
    lines = ["reference,commodity,exporter,importer,date,quantity", *repeated, *distinct]
    lines += repeated
    data = ("\n".join(lines) + "\n").encode()
    sizes: list[int] = []
    block = screening._FileScreen.block

    def counted(self: Any, batch: Any, *args: Any) -> Any:
        sizes.append(len(batch) if isinstance(batch, screening.ColumnBatch) else -len(batch))
        return block(self, batch, *args)

    monkeypatch.setattr(screening._FileScreen, "block", counted)
    monkeypatch.setattr(screening, "FILE_BLOCK_LINES", 10)
    monkeypatch.setattr(screening, "FILE_REPEATS", 4)  # at most 1 outcome in 4 lines: grow
    fast, slow = io.StringIO(), io.StringIO()
    summary = screening.screen_file(io.BytesIO(data), fast)
    assert summary == screening._screen_file_by_line(io.BytesIO(data), slow)
    assert fast.getvalue() == slow.getvalue()
    assert sizes[:4] == [10, 25, 25, 25]  # 60 lines of the same key: larger batches
    assert sizes[4] == 10  # after 25 lines of distinct importers: back to 10
    assert 25 in sizes[5:]  # and the file repeats itself again
    assert sum(sizes) == 150


def _assessed(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The shipments the columnar screen assesses from now on, one per assessment."""
    assessed: list[object] = []
    findings = mt.assessment._findings

    def counted(shipment: Any, modules: Any) -> Any:
        assessed.append(shipment)
        return findings(shipment, modules)

    monkeypatch.setattr(columnar, "_findings", counted)
    return assessed


def test_the_command_keeps_more_while_a_file_meets_its_keys_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file's screen keeps larger memos after a block whose groups were mostly met
    before, and smaller ones after a block of mostly new groups; keys met again are not
    assessed again while the memos are large, and the output is that of line by line."""
    countries = sorted(c.alpha2 for c in mt.countries.all_countries(kind="state"))

    def lines(name: str, first: int, last: int) -> list[str]:
        return [f"{name}{i},R-22,CN,{countries[i]},2024-05-01,1 kg" for i in range(first, last)]

    blocks = [  # 20 lines each, every line a key of its own, all on one date
        lines("A", 0, 20),  # new keys
        lines("B", 0, 20),  # the same keys: met again
        lines("C", 0, 10) + lines("C", 20, 30),  # half new
        lines("D", 10, 30),  # met again
        lines("E", 30, 50),  # new
    ]
    text = ["reference,commodity,exporter,importer,date,quantity"]
    text += [line for lines_of_block in blocks for line in lines_of_block]
    data = ("\n".join(text) + "\n").encode()
    sizes: list[int] = []
    block = screening._FileScreen.block

    def followed(self: Any, batch: Any, *args: Any) -> Any:
        found = block(self, batch, *args)
        sizes.append(self.screen.memo_size)
        return found

    assessed = _assessed(monkeypatch)
    monkeypatch.setattr(screening._FileScreen, "block", followed)
    monkeypatch.setattr(screening, "FILE_BLOCK_LINES", 20)
    monkeypatch.setattr(screening, "FILE_BATCH_GROWTH", 1)  # batches that do not grow
    monkeypatch.setattr(columnar, "MEMO_SIZE", 25)  # one block's groups, not two
    monkeypatch.setattr(columnar, "LASTING_MEMO_SIZE", 1_000)
    fast, slow = io.StringIO(), io.StringIO()
    summary = screening.screen_file(io.BytesIO(data), fast, processes=1)
    assert sizes == [25, 1_000, 1_000, 1_000, 25]
    # 50 keys, each assessed once: with memos of 25 entries throughout, the fourth
    # block would have met five keys the memos had dropped
    assert len(assessed) == 50
    assert summary == screening._screen_file_by_line(io.BytesIO(data), slow)
    assert fast.getvalue() == slow.getvalue()


def test_a_worker_keeps_more_while_its_partitions_meet_their_keys_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A FrameScreen (a Dask or Spark worker's) keeps larger memos after a partition
    whose groups were mostly met before, smaller ones after one of mostly new groups,
    and gives each partition what a fresh screen gives."""
    countries = sorted(c.alpha2 for c in mt.countries.all_countries(kind="state"))

    def rows(first: int, last: int) -> list[dict[str, object]]:
        return [
            {"commodity": "R-22", "exporter": "CN", "importer": countries[i],
             "date": "2024-05-01", "quantity": "1 kg"}
            for i in range(first, last)
        ]  # fmt: skip

    partitions = [rows(0, 20), rows(0, 20), rows(0, 10) + rows(20, 30), rows(10, 30), rows(30, 50)]
    assessed = _assessed(monkeypatch)
    lasting = columnar.FrameScreen(memo_size=25, repeated_memo_size=1_000)
    sizes: list[int] = []
    results = []
    for part in partitions:
        frame = pd.DataFrame(part)
        matched = {c: c for c in frame.columns}
        results.append(lasting.screen(frame, matched))
        sizes.append(lasting._screen.memo_size)
    assert sizes == [25, 1_000, 1_000, 1_000, 25]
    assert len(assessed) == 50  # each of the 50 keys once
    for part, found in zip(partitions, results, strict=True):
        frame = pd.DataFrame(part)
        fresh = columnar.screen_frame(frame, {c: c for c in frame.columns}, None)
        assert found is not None and fresh is not None
        for a, b in zip(found, fresh, strict=True):
            assert a.tolist() == b.tolist()


def _epoch_file(seed: int) -> bytes:
    """Lines of a few keys on dates around the days their findings change, shuffled."""
    keys = [
        # Kazakhstan joined the Copenhagen (2011) and Beijing (2014) Amendments late: the
        # HCFC export ban of Art. 4(2 quin) applied to it in between (mea_trade docs).
        ("HCFC-141b", "US", "KZ"),
        ("R-404A", "CN", "GH"),  # HFCs: licensing from the Kigali Amendment's entry into force
        ("HCFC-22", "DE", "FR"),  # two member States of the European Union
        ("unobtainium", "CN", "GH"),  # an unknown commodity: the same error on every date
        ("HCFC-22", "", "GH"),  # a missing exporter
    ]
    first = mt.Shipment("HCFC-141b", exporter="US", importer="KZ", date="2010-01-05")
    changes = {  # the days the Protocol's findings for the first key may change, and the eves
        day + dt.timedelta(days=shift)
        for days in montreal_rules.boundaries(first) or ()
        for day in days
        if dt.date(2005, 1, 1) <= day <= dt.date(2030, 1, 1)
        for shift in (-1, 0)
    }
    days = [*sorted(d.isoformat() for d in changes), "2024-02-30", ""]
    quantities = ["10 kg", "2 tons", "", "1,5 t"]
    rng = random.Random(seed)
    lines = ["reference,commodity,exporter,importer,date,quantity"]
    for i in range(600):
        commodity, exporter, importer = rng.choice(keys)
        lines.append(
            f"L{i},{commodity},{exporter},{importer},{rng.choice(days)},{rng.choice(quantities)}"
        )
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("block", [1, 3, 50])
def test_lines_met_before_take_the_outcome_of_their_epoch(
    block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file's lines whose cells but the date were met before take their epoch's outcome.

    The output is that of screening line by line, and the lines of one key do not all get
    the same findings (the dates lie on both sides of changes).
    """
    data = _epoch_file(block)
    hits: list[int] = []
    by_epoch = screening._FileScreen._by_epoch

    def counted(self: Any, rows: Any, problems: Any) -> list[Any]:
        found = by_epoch(self, rows, problems)
        hits.append(sum(1 for hit in found if hit))
        return found

    monkeypatch.setattr(screening._FileScreen, "_by_epoch", counted)
    monkeypatch.setattr(screening, "FILE_BLOCK_LINES", block)
    monkeypatch.setattr(screening, "_arrow_available", lambda: False)  # lines read one by one
    fast, slow = io.StringIO(), io.StringIO()
    summary = screening.screen_file(io.BytesIO(data), fast)
    assert summary == screening._screen_file_by_line(io.BytesIO(data), slow)
    assert fast.getvalue() == slow.getvalue()
    assert sum(hits) > 100  # most lines were met before
    results = {
        tuple(row[k] for k in ("requirements", "prohibitions", "notes"))
        for row in csv.DictReader(io.StringIO(slow.getvalue()))
        if row["commodity"] == "HCFC-141b" and not row["error"]
    }
    assert len(results) > 5


def test_a_key_whose_findings_become_dated_leaves_the_epochs_of_a_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A chemical added to CWC Schedule 1 on 7 June 2020 (decisions C-24/DEC.4 and 5).

    Before that day its findings hold between the Schedules' dates; from it, the CWC
    rules keep them per date (the notification deadline counts back from the transfer),
    so a file's lines of that key after it are not given an epoch's outcome.
    """
    deadlines = {
        requirement.reason
        for day in ("2021-03-01", "2021-03-02")
        for requirement in mt.assess(
            mt.Shipment("2387495-99-8", exporter="DE", importer="FR", date=day)
        ).requirements
    }
    assert len(deadlines) == 4  # each side's notice names the day 30 days before
    rng = random.Random(20)
    start = dt.date(2019, 1, 1)
    lines = ["reference,commodity,exporter,importer,date"]
    days = sorted(start + dt.timedelta(days=rng.randrange(4 * 365)) for _ in range(400))
    for i, day in enumerate(days):  # in date order: the epochs before the listing are met
        lines.append(f"L{i},2387495-99-8,DE,FR,{day.isoformat()}")
    data = ("\n".join(lines) + "\n").encode()
    taken: list[str] = []
    by_epoch = screening._FileScreen._by_epoch

    def counted(self: Any, rows: Any, problems: Any) -> list[Any]:
        found = by_epoch(self, rows, problems)
        taken.extend(row[4] for row, hit in zip(rows, found, strict=True) if hit)
        return found

    monkeypatch.setattr(screening._FileScreen, "_by_epoch", counted)
    monkeypatch.setattr(screening, "FILE_BLOCK_LINES", 7)
    monkeypatch.setattr(screening, "_arrow_available", lambda: False)  # lines read one by one
    fast, slow = io.StringIO(), io.StringIO()
    summary = screening.screen_file(io.BytesIO(data), fast)
    assert summary == screening._screen_file_by_line(io.BytesIO(data), slow)
    assert fast.getvalue() == slow.getvalue()
    assert any(day < "2020-06-07" for day in taken)  # epochs before the listing
    assert not [day for day in taken if day >= "2020-06-07"]  # per date after it


def _read_in_chunks(data: bytes, chunk: int, take: Callable[[Any], Iterable[Any]]) -> Any:
    """The file's records one by one, its reader, and what *take* reads of it, in chunks of
    *chunk* bytes; None when the file cannot be read."""
    old = screening._CHUNK
    screening._CHUNK = chunk
    try:
        try:
            lines = list(screening.read_declarations(io.BytesIO(data)))
        except screening.DeclarationFileError:
            return None
        reader = screening.read_declarations(io.BytesIO(data))
        return lines, reader, list(take(reader))
    finally:
        screening._CHUNK = old


@settings(max_examples=60, deadline=None)
@given(
    data=declaration_files(), chunk=st.sampled_from([1, 3, 64, 1 << 20]), size=st.integers(1, 50)
)
def test_blocks_of_records_are_the_records(data: bytes, chunk: int, size: int) -> None:
    read = _read_in_chunks(data, chunk, lambda reader: reader.blocks(size))
    if read is None:
        return
    lines, reader, blocks = read
    assert [b.line(i) for b in blocks for i in range(len(b))] == lines
    assert all(0 < len(b) <= size for b in blocks)
    for b in blocks:
        for i, text in enumerate(b.texts):
            if text is not None:  # a plain line: its cells are the line split
                assert text.split(reader.delimiter) == b.values[i]


# ------------------------------------------------------------------ batches read into columns

needs_arrow = pytest.mark.skipif(
    not screening._arrow_available(), reason="pyarrow and NumPy read batches into columns"
)


@needs_arrow
@settings(max_examples=60, deadline=None)
@given(
    data=declaration_files(), chunk=st.sampled_from([1, 3, 64, 1 << 20]), size=st.integers(1, 50)
)
def test_batches_are_the_records(data: bytes, chunk: int, size: int) -> None:
    """``batches()`` gives the records of ``blocks()``, in order; a batch read into columns
    holds each line's cells as Python's strict CSV reader reads the line."""
    read = _read_in_chunks(data, chunk, lambda reader: reader.batches(size))
    if read is None:
        return
    lines, reader, batches = read
    records = []
    for batch in batches:
        assert 0 < len(batch) <= size
        if isinstance(batch, screening.ColumnBatch):
            columns = [batch.table.column(i).to_pylist() for i in range(batch.table.num_columns)]
            for offset, text in enumerate(batch.texts):
                cells = [column[offset] for column in columns]
                assert next(csv.reader([text], delimiter=reader.delimiter, strict=True)) == cells
                records.append(screening.InputLine(batch.first + offset, tuple(cells), None, ()))
        else:
            records += [batch.line(i) for i in range(len(batch))]
    assert records == lines


@needs_arrow
@settings(max_examples=300, deadline=None)
@given(
    cells=st.lists(
        st.text(alphabet=st.sampled_from(list('ab ,;"\t\u00e9x')), max_size=6),
        min_size=2,
        max_size=4,
    ),
    delimiter=st.sampled_from([",", ";", "\t"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
    cut=st.integers(0, 30),
    junk=st.sampled_from(["", '"', 'x"', ' "a"', '""', ";", ","]),
)
def test_a_line_arrow_reads_is_read_as_the_csv_module_reads_it(
    cells: list[str], delimiter: str, quoting: Any, cut: int, junk: str
) -> None:
    """Arrow reads a line only when Python's strict CSV reader reads it the same."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator="").writerow(cells)
    text = buffer.getvalue()
    text = text[:cut] + junk + text[cut:]
    width = len(cells)
    table = screening._arrow_batch([text], text, width, delimiter)
    if table is None:
        return
    try:
        expected = next(csv.reader([text], delimiter=delimiter, strict=True))
    except csv.Error:  # pragma: no cover - the test fails below
        expected = None
    assert [table.column(i)[0].as_py() for i in range(width)] == expected


@needs_arrow
@pytest.mark.parametrize("seed", [1, 2])
def test_a_plain_file_is_screened_in_columns_as_line_by_line(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The epoch file (the Montreal boundaries of a key and their eves, bad dates and
    quantities) and the Schedule 1 chemical whose CWC findings are kept per date, read in
    batches of columns: the output is that of line by line, and of lines read one by one."""
    taken: list[int] = []
    column_batch = screening._FileScreen._column_batch

    def counted(self: Any, batch: Any, out: Any) -> Any:
        taken.append(len(batch))
        return column_batch(self, batch, out)

    monkeypatch.setattr(screening._FileScreen, "_column_batch", counted)
    monkeypatch.setattr(screening, "FILE_BLOCK_LINES", 64)
    schedule_1 = "\n".join(
        f"S{i},2387495-99-8,DE,FR,{(dt.date(2019, 1, 1) + dt.timedelta(days=3 * i)).isoformat()}"
        for i in range(400)
    )
    quoted = _epoch_file(seed).replace(b",1,5 t", b',"1,5 t"')  # a comma in a quoted cell
    for data in (
        quoted,
        ("reference,commodity,exporter,importer,date\n" + schedule_1 + "\n").encode(),
    ):
        taken.clear()
        fast, slow, lines = io.StringIO(), io.StringIO(), io.StringIO()
        summary = screening.screen_file(io.BytesIO(data), fast)
        assert summary == screening._screen_file_by_line(io.BytesIO(data), slow)
        assert fast.getvalue() == slow.getvalue()
        assert sum(taken) == summary.lines  # every line came in a batch of columns
        with monkeypatch.context() as m:
            m.setattr(screening, "_arrow_available", lambda: False)
            assert screening.screen_file(io.BytesIO(data), lines) == summary
        assert lines.getvalue() == fast.getvalue()


def test_a_list_longer_than_a_block_is_screened_row_by_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The rows after the first block of a list (50,000 rows) were screened with the
    memos of the first block's cell numbers: a CFC-11 export from China to South Sudan in
    2010 (a State not party: prohibited, as alone) read as the R-22 line before it."""
    monkeypatch.setattr(columnar, "BLOCK_LINES", 1)
    rows = [
        {"commodity": "R-22", "exporter": "CN", "importer": "GH", "date": "2024-05-01"},
        {"commodity": "CFC-11", "exporter": "CN", "importer": "SS", "date": "2010-06-01"},
    ]
    alone = [screen([row])[0].status for row in rows]
    assert alone == ["licences_required", "prohibited"]
    assert [r.status for r in screen(rows)] == alone


def test_a_screen_that_numbers_its_cells_again_reads_their_dates_again() -> None:
    """After a lasting screen starts its numbering again, a date's number means another
    date. R-22 from China to Ghana: its findings stay the same from 2024-03-19 to
    2024-09-01 (the ``Screen.epochs`` example) and differ in 2010; the 2010 date of the
    second frame takes the number 2024-05-01 had in the first, beside 2024-07-01."""

    def frame(*days: str) -> Any:
        return pd.DataFrame(
            [{"commodity": "R-22", "exporter": "CN", "importer": "GH", "date": d} for d in days]
        )

    first = frame("2024-05-01", "2010-06-01")
    second = frame("2010-06-01", "2024-06-01", "2024-07-01", "2010-06-01")
    matched = {c: c for c in first.columns}
    fresh = columnar.screen_frame(second, matched, None)
    assert fresh is not None
    assert fresh[1].tolist()[0] != fresh[1].tolist()[2]  # 2010 and 2024 differ
    lasting = columnar.FrameScreen(limit=1)  # numbering starts again at every frame
    with epochs_shared(True):
        lasting.screen(first, matched)
        found = lasting.screen(second, matched)
    assert found is not None
    for a, b in zip(found, fresh, strict=True):
        assert a.tolist() == b.tolist()


def test_the_groups_of_a_key_that_cannot_be_read_take_its_error_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Keys with a missing exporter, an unknown commodity, an unknown importer, each on
    dates read, blank and not dates, beside a good key; the frame's results are those of
    line by line (a blank date is missing beside the key's missing fields; the
    commodity's or a country's error comes before a date's), and most of the groups of
    the unreadable keys got their error without being screened one by one."""
    keys = [
        ("R-22", "", "GH"),
        ("unobtainium", "CN", "GH"),
        ("R-22", "CN", "Atlantis"),
        ("R-22", "CN", "GH"),
    ]
    days = [(dt.date(2024, 1, 1) + dt.timedelta(days=i)).isoformat() for i in range(0, 366, 3)]
    days += ["", "2024-02-30", "yesterday"]  # blocks of at least 256 groups share epochs
    rng = random.Random(7)
    rows = [
        dict(zip(("commodity", "exporter", "importer"), rng.choice(keys), strict=True))
        | {"date": rng.choice(days), "quantity": rng.choice(["1 kg", "2 tons", ""])}
        for _ in range(1500)
    ]
    frame = pd.DataFrame(rows)
    given: list[int] = []
    undated_errors = columnar.Screen._undated_errors

    def counted(self: Any, plan: Any, keys: Any, uid: Any, days: Any, out: Any, *a: Any) -> None:
        before = int((out >= 0).sum())
        undated_errors(self, plan, keys, uid, days, out, *a)
        given.append(int((out >= 0).sum()) - before)

    monkeypatch.setattr(columnar.Screen, "_undated_errors", counted)
    out = screen(frame)
    names = dict(
        zip(screening.RESULT_COLUMNS, screening.result_columns(frame.columns), strict=True)
    )
    expected = screening._screen_pandas_by_line(
        frame, frame.copy(), names, screening._frame_columns(frame), None, None
    )
    for name in names.values():
        assert out[name].tolist() == expected[name].tolist(), name
    errors = set(out["error"].dropna())
    assert "InvalidArgumentError: missing field(s): exporter, date" in errors
    assert "InvalidArgumentError: missing field(s): date" in errors
    assert sum(given) > 200  # groups of the three unreadable keys (3 x 125 dates)


# ------------------------------------------------------------------ two processes


def _screen_to_file(data: bytes, path: pathlib.Path, **options: Any) -> Any:
    """screen_file of *data* into the file *path* (a stream with a file descriptor)."""
    with path.open("w", encoding="utf-8", errors="surrogateescape", newline="") as target:
        return screening.screen_file(io.BytesIO(data), target, **options)


def _split(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the files screened in two processes."""
    calls: list[int] = []
    two = screening._screened_in_two_processes

    def counted(*args: Any) -> Any:
        calls.append(1)
        return two(*args)

    monkeypatch.setattr(screening, "_screened_in_two_processes", counted)
    return calls


two_processes = pytest.mark.skipif(
    not screening._can_split(2, open(__file__)),  # noqa: SIM115 - a file with a descriptor
    reason="a second process needs Linux's fork, pyarrow and NumPy",
)


@two_processes
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=declaration_files(), block=st.sampled_from([1, 3, 20_000]))
def test_two_processes_write_what_one_writes(
    data: bytes, block: int, tmp_path_factory: Any
) -> None:
    """Messy files (comments, quotes that do not close, lines over two lines, Latin-1,
    every delimiter), in batches and blocks of lines of every size: the output of two
    processes is byte for byte that of one, and of line by line, with the same summary."""
    folder = tmp_path_factory.mktemp("two")
    old = screening.FILE_BLOCK_LINES
    screening.FILE_BLOCK_LINES = block
    try:
        try:
            one = _screen_to_file(data, folder / "one.csv", processes=1)
        except screening.DeclarationFileError as exc:
            with pytest.raises(screening.DeclarationFileError, match=re.escape(str(exc))):
                _screen_to_file(data, folder / "two.csv", processes=2)
            return
        two = _screen_to_file(data, folder / "two.csv", processes=2)
    finally:
        screening.FILE_BLOCK_LINES = old
    slow = io.StringIO()
    assert two == one == screening._screen_file_by_line(io.BytesIO(data), slow)
    assert (folder / "two.csv").read_bytes() == (folder / "one.csv").read_bytes()
    with (folder / "one.csv").open(encoding="utf-8", errors="surrogateescape", newline="") as f:
        assert f.read() == slow.getvalue()


@two_processes
def test_two_processes_screen_a_file_as_one(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The epoch file in batches that grow (two processes by default, to a file), with
    its progress reported to the end; to a text buffer, one process."""
    calls = _split(monkeypatch)
    monkeypatch.setattr(screening, "FILE_BLOCK_LINES", 64)
    data = _epoch_file(3).replace(b",1,5 t", b',"1,5 t"')  # 600 lines, in columns
    seen: list[tuple[int, int]] = []
    summary = _screen_to_file(data, tmp_path / "two.csv", progress=lambda *a: seen.append(a))
    assert calls == [1]
    one = io.StringIO()
    assert screening.screen_file(io.BytesIO(data), one) == summary
    assert calls == [1]  # no descriptor: one process
    assert (tmp_path / "two.csv").read_text(encoding="utf-8") == one.getvalue()
    assert seen[-1] == (summary.lines, len(data))
    assert [done for done, _ in seen] == sorted({done for done, _ in seen})


@two_processes
def test_a_failure_in_either_process_stops_both(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error while writing (in the second process) is raised in the first; an error
    while screening (in the first) ends the second."""
    data = _epoch_file(4)  # its "1,5 t" makes lines of too many cells: blocks of lines
    quoted = data.replace(b",1,5 t", b',"1,5 t"')  # batches of columns

    def full(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    for each in (data, quoted):
        with monkeypatch.context() as m:
            m.setattr(screening._CsvOut, "write_text", full)
            with pytest.raises(OSError, match="No space left"):
                _screen_to_file(each, tmp_path / "out.csv", processes=2)
    children: list[Any] = []

    def broken(self: Any, *args: Any) -> Any:
        import multiprocessing

        children.extend(multiprocessing.active_children())
        raise RuntimeError("a screen that fails")

    monkeypatch.setattr(screening._FileScreen, "_screen_columns", broken)
    monkeypatch.setattr(screening._FileScreen, "_csv_block", broken)
    for each in (data, quoted):
        children.clear()
        with pytest.raises(RuntimeError, match="a screen that fails"):
            _screen_to_file(each, tmp_path / "out.csv", processes=2)
        assert children and not any(child.is_alive() for child in children)


@two_processes
def test_a_process_of_several_threads_screens_in_one_by_default(tmp_path: pathlib.Path) -> None:
    """A fork copies only the thread that calls it: a caller with other threads running
    gets one process unless it asks for two."""
    import threading

    with (tmp_path / "out.csv").open("w") as target:
        assert screening._can_split(None, target) == (threading.active_count() == 1)
        assert screening._can_split(2, target)
        assert not screening._can_split(1, target)
        stop = threading.Event()
        other = threading.Thread(target=stop.wait)
        other.start()
        try:
            assert not screening._can_split(None, target)
            assert screening._can_split(2, target)
        finally:
            stop.set()
            other.join()


def test_processes_must_be_one_or_two() -> None:
    with pytest.raises(mt.InvalidArgumentError, match="processes must be 1, 2 or None, not 3"):
        screening.screen_file(
            io.BytesIO(b"commodity,exporter,importer,date\n"), io.StringIO(), processes=3
        )
