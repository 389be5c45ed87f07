"""Invariants of the chemical conventions' data files: identities, CAS numbers, dates, flags."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import mea_trade as mt
from mea_trade._data import read_csv
from mea_trade.cas import is_valid_cas
from mea_trade.chemicals import Chemical, by_cas, chemicals

ROOM_FILES = {
    "stockholm/annex_a.csv": "chemical",
    "stockholm/annex_b.csv": "chemical",
    "stockholm/annex_c.csv": "chemical",
    "rotterdam/annex_iii.csv": "chemical",
    "minamata/article_3.csv": "chemical",
    "cwc/schedules.csv": "chemical",
}
UNVERIFIED = {
    "chemicals/chemicals.csv": {"cas", "name"},
    "stockholm/annex_a.csv": {
        "entry",
        "cas",
        "decision",
        "adopted",
        "entry_into_force",
        "exemptions",
    },
    "rotterdam/annex_iii.csv": {"entry", "cas", "category", "decision", "entry_into_force"},
    "minamata/annex_a.csv": {"entry", "phase_out_after", "decision", "entry_into_force"},
    "minamata/annex_b.csv": {"entry", "phase_out_after", "decision", "entry_into_force"},
    "cwc/schedules.csv": {"cas", "name"},
    "cwc/transfer_rules.csv": {"start", "until"},
    "stockholm/amendment_declarations.csv": {"declaration", "withdrawn"},
    "minamata/amendment_declarations.csv": {"declaration", "withdrawn"},
    "stockholm/amendment_ratifications.csv": {"deposited"},
}
UNVERIFIED["stockholm/annex_b.csv"] = UNVERIFIED["stockholm/annex_c.csv"] = UNVERIFIED[
    "stockholm/annex_a.csv"
]
DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def _date(cell: str) -> dt.date | None:
    return dt.date.fromisoformat(cell) if len(cell) == 10 else None


@pytest.mark.parametrize("path", sorted(UNVERIFIED))
def test_unverified_flags_name_real_fields(path: str) -> None:
    for row in read_csv(path):
        for flag in filter(None, row["unverified"].split(";")):
            assert flag in UNVERIFIED[path], (path, row)


@pytest.mark.parametrize("path", sorted(ROOM_FILES))
def test_rows_name_known_identities_and_their_cas_numbers(path: str) -> None:
    for row in read_csv(path):
        chem = Chemical._get(row[ROOM_FILES[path]])
        printed = [
            c for c in re.split(r"[;\s]+", row.get("cas", "") or row.get("cas_numbers", "")) if c
        ]
        family = {chem.id, *(m.id for m in chem.members)}
        for number in printed:
            assert is_valid_cas(number), (path, number)
            owner = by_cas(number)
            assert owner is not None and owner.id in family, (path, row["chemical"], number)


@pytest.mark.parametrize(
    "path",
    [
        "stockholm/annex_a.csv",
        "stockholm/annex_b.csv",
        "stockholm/annex_c.csv",
        "rotterdam/annex_iii.csv",
        "minamata/annex_a.csv",
    ],
)
def test_dates_are_iso_and_in_order(path: str) -> None:
    for row in read_csv(path):
        assert DATE.match(row["adopted"]), row
        eif = _date(row["entry_into_force"]) if row["entry_into_force"] else None
        adopted = _date(row["adopted"]) or dt.date.fromisoformat(row["adopted"] + "-01")
        if eif is not None:
            assert adopted <= eif, row
        until = _date(row.get("until", "") or "")
        if until is not None and eif is not None:
            assert eif < until, row


def test_identity_table() -> None:
    ids = [c.id for c in chemicals()]
    assert len(ids) == len(set(ids))
    for chem in chemicals():
        assert chem.kind in ("substance", "family", "product")
        for fam in chem.family_records:
            assert fam.kind == "family"
        if chem.kind == "product":
            assert chem.mercury in ("named", "possible") and not chem.cas
    # every identity is named by some convention's list, or is an exemption of one
    exempted = {
        r["chemical"] for r in read_csv("cwc/schedules.csv") if r["row_type"] == "exemption"
    }
    for chem in chemicals():
        if chem.id in exempted:
            assert mt.listings(chem.name) == ()
            continue
        assert mt.listings(chem.name), chem.id
        for number in chem.cas:
            found = mt.listings(number)
            assert found and all(x.match in ("cas", "family") for x in found), (chem.id, number)


def test_minamata_products_and_hs_links() -> None:
    for row in read_csv("minamata/annex_a.csv"):
        for product in filter(None, row["products"].split(";")):
            assert Chemical._get(product.rstrip("?")).kind == "product"
        if row["phase_out_after"]:
            assert 2018 <= int(row["phase_out_after"]) <= 2040
    for path in ("hs/other_flags.csv", "hs/recommended_subdivisions.csv"):
        for row in read_csv(path):
            for cid in filter(None, row["chemicals"].split(";")):
                Chemical._get(cid)


def test_cwc_rows_print_the_identity_cas() -> None:
    for row in read_csv("cwc/schedules.csv"):
        chem = Chemical._get(row["chemical"])
        if row["cas"]:
            assert chem.cas[0] == row["cas"]
        assert row["schedule"] in ("1", "2", "3") and row["part"] in ("A", "B")


def test_user_table_defaults_are_empty() -> None:
    for path in (
        "rotterdam/import_responses.csv",
        "stockholm/exemption_register.csv",
        "minamata/exemption_register.csv",
    ):
        assert read_csv(path) == ()


@pytest.mark.parametrize("room", ["rotterdam", "stockholm", "minamata", "cwc"])
def test_every_finding_code_is_documented(room: str) -> None:
    """Users filter on the codes: each one a room can produce is on its docs page."""
    import pathlib

    package = pathlib.Path(mt.__file__).parent
    docs = pathlib.Path(__file__).resolve().parents[1] / "docs" / f"{room}.rst"
    if not docs.is_file():
        pytest.skip("docs not present")
    source = (package / room / "rules.py").read_text(encoding="utf-8")
    codes = set(re.findall(rf'"({room}\.[a-z0-9_]+)"', source))
    if room == "cwc":
        from mea_trade.cwc.rules import _CODES
        from mea_trade.cwc.schedules import transfer_rules

        codes |= {_CODES[r.rule].format(s=s) for s in "123" for r in transfer_rules(s)}
        codes = {c for c in codes if "{" not in c}
    page = docs.read_text(encoding="utf-8")
    assert codes and all(f"``{c}``" in page for c in codes), sorted(
        c for c in codes if c not in page
    )
