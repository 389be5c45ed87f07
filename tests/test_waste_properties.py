"""Properties of the Basel and Cartagena rules, with the public strategies."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given
from hypothesis import strategies as st

import mea_trade as mt
from mea_trade import parties
from mea_trade.errors import MissingDataError
from mea_trade.testing import strategies as mts

BAN_IN_FORCE = dt.date(2019, 12, 5)
US_CONFIRMED_NON_PARTY = dt.date(2000, 2, 1)  # parties/non_parties.csv


def _status(code: str, instrument: str, day: dt.date) -> bool | None:
    try:
        return parties.is_party(code, instrument, on=day)
    except MissingDataError:
        return None


def _banning_annex_vii_states() -> list[mt.countries.Country]:
    day = dt.date(2020, 6, 1)
    return [
        c
        for c in mt.countries.all_countries(kind="state")
        if parties.basel_annex_vii(c, on=day) and _status(c.alpha2, "basel_ban", day) is True
    ]


def _non_annex_vii_states() -> list[mt.countries.Country]:
    day = dt.date(2030, 12, 31)
    return [
        c
        for c in mt.countries.all_countries(kind="state")
        if not parties.basel_annex_vii(c, on=day)
    ]


@given(
    code=mts.waste_codes(kinds=("hazardous",), on=dt.date(2025, 6, 1)),
    exporter=st.sampled_from(_banning_annex_vii_states()),
    importer=st.sampled_from(_non_annex_vii_states()),
    day=mts.dates(min_value=dt.date(2020, 6, 1), max_value=dt.date(2030, 12, 31)),
    operation=st.none() | st.sampled_from(mt.wastes.OPERATIONS),
)
def test_list_a_from_a_banning_annex_vii_state_to_a_non_annex_vii_state_is_never_clear(
    code: str,
    exporter: mt.countries.Country,
    importer: mt.countries.Country,
    day: dt.date,
    operation: str | None,
) -> None:
    assume(parties.basel_annex_vii(exporter, on=day))
    assume(not parties.basel_annex_vii(importer, on=day))
    assume(_status(exporter.alpha2, "basel_ban", day) is True)
    assume(mt.basel.entry(code, on=day) is not None)
    s = mt.Shipment(code, exporter=exporter, importer=importer, date=day, operation=operation)
    a = mt.assess(s)
    assert a.status != "clear"
    assert "basel.ban_amendment" in [p.code for p in a.prohibitions]


@given(
    code=mts.waste_codes(kinds=("hazardous", "category", "other"), on=dt.date(1999, 1, 1)),
    exporter=mts.countries(),
    day=mts.dates(min_value=dt.date(1998, 2, 27), max_value=US_CONFIRMED_NON_PARTY),
    operation=st.sampled_from([f"D{i}" for i in range(1, 16)]),
)
def test_a_movement_to_a_non_party_without_an_agreement_is_always_prohibited(
    code: str, exporter: mt.countries.Country, day: dt.date, operation: str
) -> None:
    # The United States is the non-Party the bundled data confirms (to 1 February 2000); for
    # disposal only the Canada-United States Agreement covers a movement to it.
    assume(exporter.alpha2 not in ("US", "CA"))
    assume(_status(exporter.alpha2, "basel", day) is True)
    assume(mt.basel.entry(code, on=day) is not None)
    s = mt.Shipment(code, exporter=exporter, importer="US", date=day, operation=operation)
    a = mt.assess(s)
    assert a.status == "prohibited"
    assert ("basel.export_to_non_party", exporter.alpha2) in [
        (p.code, p.party) for p in a.prohibitions
    ]


@given(mts.waste_shipments())
def test_waste_shipments_never_crash_and_are_deterministic(s: mt.Shipment) -> None:
    a = mt.assess(s)
    assert a == mt.assess(s)
    assert a.status in ("prohibited", "licences_required", "check", "clear")
    assert a.status != "clear"  # every waste code gets at least a note from the Basel room
    for requirement in a.requirements:
        assert requirement.citation.provision
    for prohibition in a.prohibitions:
        assert prohibition.citation.provision


@given(mts.lmo_shipments())
def test_lmo_shipments_never_crash_and_are_never_clear(s: mt.Shipment) -> None:
    a = mt.assess(s)
    assert a.status != "clear"
    for r in a.requirements:
        assert r.instrument == "cartagena" and r.document
