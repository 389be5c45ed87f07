"""The foundation helpers the rooms share: dates, cells, listings providers, rule modules."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Mapping
from typing import Literal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mea_trade import _names, _providers, _rules
from mea_trade._data import cited, group_by, optional_date, split_cell
from mea_trade._dates import as_date, in_period
from mea_trade.chemicals import Identity, chemical
from mea_trade.countries import get as country
from mea_trade.errors import InvalidDataError, InvalidDateError
from mea_trade.hs import HSCode, flags
from mea_trade.manifest import as_of
from mea_trade.membership import unknown_reason
from mea_trade.records import Finding, Listing, ListingQuery, Note, Prohibition, Requirement
from mea_trade.user_tables import country_cell, date_cell

DAY = dt.date(2024, 3, 1)


@pytest.mark.parametrize(
    "value", [DAY, dt.datetime(2024, 3, 1, 12, 30), "2024-03-01", " 2024-03-01 "]
)
def test_as_date_reads_dates_datetimes_and_iso_strings(value: object) -> None:
    assert as_date(value) == DAY
    assert as_date(value, "on") == DAY


@pytest.mark.parametrize("value", ["2024-02-30", "1 March 2024", 20240301, None, b"2024-03-01"])
def test_as_date_names_the_argument_in_its_error(value: object) -> None:
    with pytest.raises(InvalidDateError, match=r"for on=, not"):
        as_date(value, "on")
    with pytest.raises(InvalidDateError) as caught:
        as_date(value)
    assert str(caught.value).startswith("expected a datetime.date or an ISO date 'YYYY-MM-DD', not")


@given(st.dates())
def test_as_date_round_trips_iso_text(day: dt.date) -> None:
    assert as_date(day.isoformat(), "date") == day


def test_in_period_open_and_unknown_starts() -> None:
    start, until = dt.date(2020, 1, 1), dt.date(2025, 1, 1)
    assert not in_period(dt.date(2019, 12, 31), start, until, open_start=True)
    assert in_period(start, start, until, open_start=False)
    assert not in_period(until, start, until, open_start=True)
    assert in_period(until, start, until, open_start=True, until_included=True)
    assert in_period(dt.date(1900, 1, 1), None, until, open_start=True)
    assert not in_period(DAY, None, until, open_start=False)
    assert in_period(dt.date(2999, 1, 1), start, None, open_start=False)


@given(st.dates(), st.one_of(st.none(), st.dates()), st.one_of(st.none(), st.dates()))
def test_in_period_agrees_with_the_written_out_rule(
    on: dt.date, start: dt.date | None, until: dt.date | None
) -> None:
    open_rule = (start is None or start <= on) and (until is None or on < until)
    assert in_period(on, start, until, open_start=True) == open_rule
    known_rule = start is not None and start <= on and (until is None or on < until)
    assert in_period(on, start, until, open_start=False) == known_rule
    inclusive = (start is None or start <= on) and (until is None or on <= until)
    assert in_period(on, start, until, open_start=True, until_included=True) == inclusive


def test_cells_of_bundled_rows() -> None:
    assert optional_date("") is None
    assert optional_date("2004-02-24") == dt.date(2004, 2, 24)
    assert split_cell("") == ()
    assert split_cell("a; b;;c ") == ("a", "b", "c")
    assert split_cell("x|y", "|") == ("x", "y")


def test_group_by_keeps_order_and_is_read_only() -> None:
    grouped = group_by(["ab", "c", "ad", "e"], lambda word: word[0])
    assert dict(grouped) == {"a": ("ab", "ad"), "c": ("c",), "e": ("e",)}
    with pytest.raises(TypeError):
        grouped["z"] = ()  # type: ignore[index]


def test_cited_takes_the_first_source_with_the_provision() -> None:
    cite = cited("rc-text; untc-xxvii-14", "Annex III")
    assert (cite.id, cite.provision) == ("rc-text", "Annex III")


def test_rows_for_reaches_rows_through_identities() -> None:
    by_chemical = {"tributyltin-compounds": ("TBT row",), "lindane": ("lindane row",)}
    found = _providers.rows_for("1983-10-4", by_chemical)
    assert [(row, ident.chemical.id, ident.match) for row, ident in found] == [
        ("TBT row", "tributyltin-compounds", "family")
    ]
    assert _providers.subject_of(found[0][1]) == "Tributyltin fluoride"
    assert _providers.subject_of(Identity(chemical("lindane"), "name")) == "Lindane"
    assert _providers.rows_for("unobtainium", by_chemical) == ()


def test_datasets_as_of_is_the_newest() -> None:
    paths = ("stockholm/annex_a.csv", "stockholm/annex_c.csv")
    assert _providers.datasets_as_of(*paths) == max(as_of()[p] for p in paths)


def test_flag_listing_and_flags_of() -> None:
    code = HSCode.parse("2903.71")
    montreal = _providers.flags_of(code, "montreal")
    assert montreal and montreal == tuple(f for f in flags(code) if f.instrument == "montreal")
    listing = _providers.flag_listing(montreal[0], code, DAY)
    assert (listing.instrument, listing.list, listing.entry, listing.match, listing.as_of) == (
        "montreal",
        "HS screening flag",
        "2903.71",
        "hs_code",
        DAY,
    )
    assert listing.detail == montreal[0].reason and listing.effective is None


def _row_listing(row: str, subject: str, match: str, day: dt.date) -> Listing | None:
    if row == "skip":
        return None
    return Listing(instrument="test", list="List", entry=row, subject=subject, match=match)


def test_chemical_listings_reads_rows_by_identity_and_by_hs_flag() -> None:
    table = {"lindane": ("lindane row", "skip")}

    def matches(item: object, *, text: str | None = None) -> tuple[tuple[str, Identity], ...]:
        return _providers.rows_for(item, table, text)  # type: ignore[arg-type]

    def listings(query: str, **kw: bool) -> list[tuple[str, str, str]]:
        return [
            (x.entry, x.subject, x.match)
            for x in _providers.chemical_listings(
                ListingQuery.of(query),
                instrument="stockholm",
                datasets=("stockholm/annex_a.csv",),
                rows_of=lambda chem: table.get(chem, ()),
                matches=matches,
                listing=_row_listing,
                **kw,
            )
        ]

    assert listings("58-89-9") == [("lindane row", "Lindane", "cas")]
    assert listings("no such chemical at all") == []
    # HS 2903.81 names lindane: its row, under the code; 3808.59 names no chemical: the flag
    assert listings("2903.81") == [("lindane row", "HS 2903.81", "hs_code")]
    flag = _providers.flags_of(HSCode.parse("3808.59"), "stockholm")[0]
    assert listings("3808.59") == [("3808.59", "HS 3808.59", "hs_code")]
    assert flag.chemicals == ()
    assert listings("3808.59", flag_without_rows=False) == []


def test_findings_said_once_and_notes_last() -> None:
    cite = cited("rc-text", "Article 10")
    note = Note(code="x.note", text="A note.")
    other = Note(code="x.note", text="Another note.")

    def ban(side: Literal["export", "import"], party: str, reason: str) -> Prohibition:
        return Prohibition(
            code="x.ban",
            side=side,
            party=party,
            instrument="x",
            since=DAY,
            citation=cite,
            reason=reason,
        )

    first, again, importer = (
        ban("export", "FR", "one"),
        ban("export", "FR", "two"),
        ban("import", "IN", "three"),
    )
    need = Requirement(
        code="x.doc",
        document="permit",
        side="export",
        party="FR",
        instrument="x",
        citation=cite,
        reason="why",
    )
    found: list[Finding] = [note, first, other, note, again, importer, need]
    assert _rules.finding_key(note) == ("x.note", "A note.")
    assert _rules.finding_key(again) == ("x.ban", "FR")
    assert _rules.once(found) == [note, first, other, importer, need]
    assert _rules.notes_last(_rules.once(found)) == (first, importer, need, note, other)


def test_status_unknown_reason_and_note() -> None:
    israel, france = country("IL"), country("FR")
    reason = unknown_reason("IL", "stockholm", DAY, dated=False)
    assert reason is not None
    # the notes do not name the shipment's date (one note for every date after the reach)
    assert DAY.isoformat() not in reason
    assert reason.endswith("complete only to 2019-12-24: its status after 2019-12-24 is unknown")
    assert unknown_reason("IL", "stockholm", DAY) == reason.replace(
        "after 2019-12-24 is", f"on {DAY.isoformat()} is"
    )
    # a known non-party: the status is unknown after the later of the two dates
    us = unknown_reason("US", "cartagena", dt.date(2026, 3, 1), dated=False)
    assert us is not None and us.endswith("its status after 2024-10-21 is unknown")
    assert _rules.unknown_status(israel, "stockholm", DAY, "fallback") == reason
    assert _rules.unknown_status(france, "stockholm", DAY, "fallback") == "fallback"
    note = _rules.status_unknown_note("stockholm", "Why.", None)
    assert (note.code, note.text, note.instrument, note.citation) == (
        "stockholm.party_status_unknown",
        "Why.",
        "stockholm",
        None,
    )


def test_hs_line_notes_one_per_flag_of_the_instrument() -> None:
    code = HSCode.parse("2903.81")
    notes = _rules.hs_line_notes(code, "stockholm", lambda flag: f"HS {code}: {flag.reason}")
    flagged = _providers.flags_of(code, "stockholm")
    assert [n.text for n in notes] == [f"HS 2903.81: {f.reason}" for f in flagged]
    assert {(n.code, n.instrument) for n in notes} == {("stockholm.hs_line", "stockholm")}
    assert notes[0].citation == (flagged[0].sources[0] if flagged[0].sources else None)
    assert _rules.hs_line_notes(code, "no-such-instrument", lambda flag: "") == ()


@attrs.frozen
class _Row:
    party: str
    key: str
    start: dt.date | None

    def active(self, on: dt.date) -> bool:
        return in_period(on, self.start, None, open_start=True)


@attrs.frozen
class _Table(_rules.PartyTable[_Row]):
    entries: Mapping[tuple[str, str], tuple[_Row, ...]]


def _row(row: Mapping[str, str], number: int) -> _Row:
    return _Row(
        party=country_cell(row, "party", "test table", number).alpha2,
        key=row["key"],
        start=date_cell(row, "from", "test table", number),
    )


def _load(source: object) -> _Table:
    return _Table(
        _rules.load_user_table(
            source,  # type: ignore[arg-type]
            columns=("party", "key", "from"),
            required=("party", "key"),
            what="test table",
            record=_row,
            key=lambda r: (r.party, r.key),
        )
    )


def test_a_user_table_by_party_and_key_on_a_date(tmp_path: pathlib.Path) -> None:
    rows = [
        {"party": "Kenya", "key": "a", "from": "2024-01-01"},
        {"party": "KE", "key": "a"},
        {"party": "FR", "key": "b", "from": "2030-01-01"},
    ]
    table = _load(rows)
    assert len(table) == 3
    assert [r.start for r in table._active("KE", "a", DAY)] == [dt.date(2024, 1, 1), None]
    assert [r.start for r in table._active(country("Kenya"), "a", dt.date(2023, 1, 1))] == [None]
    assert table._active("FR", "b", DAY) == () and table._active("FR", "zz", DAY) == ()
    path = tmp_path / "table.csv"
    path.write_text("# comment\nparty,key,from\nKE,a,2024-01-01\nKE,a,\nFR,b,2030-01-01\n")
    assert _load(path) == table


def test_a_user_table_names_the_bad_row_and_column() -> None:
    with pytest.raises(InvalidDataError, match=r"test table, row 2: column 'from'"):
        _load([{"party": "KE", "key": "a"}, {"party": "KE", "key": "a", "from": "soon"}])
    with pytest.raises(InvalidDataError, match=r"test table, row 1: column 'key' is empty"):
        _load([{"party": "KE"}])
    with pytest.raises(InvalidDataError, match=r"test table, row 1: column 'party'"):
        _load([{"party": "Atlantis", "key": "a"}])


def test_entry_listing_from_an_annex_entry() -> None:
    from mea_trade.rotterdam.annex_iii import entries_of

    deleted = next(row for row in entries_of("crocidolite") if row.until is not None)
    found = _providers.entry_listing(
        deleted,
        instrument="rotterdam",
        list="Annex III",
        detail="words",
        subject="Crocidolite",
        match="name",
        as_of=DAY,
    )
    assert (found.entry, found.effective, found.until, found.citation) == (
        deleted.entry,
        deleted.entry_into_force,
        deleted.until,
        deleted.citation,
    )
    assert (found.instrument, found.list, found.detail, found.subject, found.match) == (
        "rotterdam",
        "Annex III",
        "words",
        "Crocidolite",
        "name",
    )
    assert found.unverified == bool(deleted.unverified - {"decision"})
    assert deleted.until is not None and not found.in_effect(deleted.until)


@given(st.text(alphabet=st.characters(max_codepoint=127)) | st.text())
def test_a_name_key_keeps_letters_and_digits_casefolded(text: str) -> None:
    """ASCII text takes a shortcut (bytes); its key is what the general rule gives."""
    import re
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    assert _names.key(text) == re.sub(r"[\W_]+", "", stripped.casefold())


def test_name_keys_of_real_names() -> None:
    assert _names.key("Côte d'Ivoire") == _names.key("cote divoire") == "cotedivoire"
    assert _names.key("HCFC-22") == _names.key("hcfc 22") == "hcfc22"
    assert _names.key("Aloe compressa var. paucituberculata") == "aloecompressavarpaucituberculata"
