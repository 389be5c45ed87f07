"""mt.listings: every bundled convention's listings of a commodity, on a date.

Facts asserted here:
- HCFCs are Annex C, Group I controlled substances since the Copenhagen Amendment
  replaced "or in Annex B" in Article 1(4) by ", Annex B, Annex C or Annex E"
  (Copenhagen Amendment, Article 1, A; SR 0.814.021.2), in force 14 June 1994
  (UN Treaty Collection XXVII-2-c).
- HFCs are Annex F (Kigali Amendment, in force 1 January 2019, UNTC XXVII-2-f);
  HFC-23 is Annex F, Group II.
- CFC-11 is Annex A, Group I of the Protocol as adopted (in force 1 January 1989).
- HS 2022 subheading 3827.61: mixtures containing other HFCs, 15 % or more by mass of
  HFC-143a (HS 2022 nomenclature, heading 38.27).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mea_trade as mt
from mea_trade.errors import InvalidDateError, UnknownCommodityError
from mea_trade.records import Listing, ListingQuery
from mea_trade.testing import strategies as mts


def test_hcfc22_by_name_and_cas() -> None:
    by_name = mt.listings("HCFC-22")
    by_cas = mt.listings("75-45-6")
    assert [(x.instrument, x.list, x.entry, x.effective) for x in by_name] == [
        ("montreal", "Annex C", "Group I", dt.date(1994, 6, 14))
    ]
    assert [(x.list, x.entry, x.subject) for x in by_cas] == [("Annex C", "Group I", "HCFC-22")]
    assert by_name[0].match == "name" and by_cas[0].match == "cas"
    cite = by_name[0].citation
    assert cite is not None and cite.provision == "Annex C, Group I"
    assert by_name[0].as_of is not None


@pytest.mark.parametrize(
    ("name", "annex", "group", "effective"),
    [
        ("CFC-11", "Annex A", "Group I", dt.date(1989, 1, 1)),
        ("halon-1211", "Annex A", "Group II", dt.date(1989, 1, 1)),
        ("carbon tetrachloride", "Annex B", "Group II", dt.date(1992, 8, 10)),
        ("methyl bromide", "Annex E", "Group I", dt.date(1994, 6, 14)),
        ("HFC-134a", "Annex F", "Group I", dt.date(2019, 1, 1)),
        ("HFC-23", "Annex F", "Group II", dt.date(2019, 1, 1)),
    ],
)
def test_annex_groups_and_their_dates(
    name: str, annex: str, group: str, effective: dt.date
) -> None:
    (listing,) = mt.listings(name)
    assert (listing.list, listing.entry, listing.effective) == (annex, group, effective)


def test_bromochloromethane_rests_on_a_secondary_source() -> None:
    (listing,) = mt.listings("bromochloromethane")
    assert (listing.list, listing.entry) == ("Annex C", "Group III")
    assert listing.effective == dt.date(2002, 2, 25)  # Beijing Amendment, UNTC XXVII-2-e
    assert listing.unverified


def test_on_filters_by_the_date_the_listing_took_effect() -> None:
    assert mt.listings("HCFC-22", on=dt.date(1994, 6, 13)) == ()
    assert len(mt.listings("HCFC-22", on="1994-06-14")) == 1
    assert mt.listings("HFC-134a", on=dt.datetime(2018, 12, 31, 23, 0)) == ()


def test_mixture_through_its_controlled_components() -> None:
    found = mt.listings("R-502")  # CFC-115 51.2 % and HCFC-22 48.8 % (ASHRAE 34)
    assert {(x.subject, x.list, x.entry, x.match) for x in found} == {
        ("CFC-115 (51.2 % of R-502)", "Annex A", "Group I", "component"),
        ("HCFC-22 (48.8 % of R-502)", "Annex C", "Group I", "component"),
    }
    on_1990 = mt.listings("R-502", on="1990-01-01")
    assert [x.list for x in on_1990] == ["Annex A"]


def test_hs_codes_give_screening_flags() -> None:
    found = mt.listings("3827.61")
    assert [(x.instrument, x.list, x.entry, x.match) for x in found] == [
        ("montreal", "Annex F", "Group I", "hs_code")
    ]
    assert [(x.instrument, x.match) for x in mt.listings("2903.71")] == [("montreal", "hs_code")]
    # a convention without a room yet: its HS flag stands in, without a date
    (reptiles,) = mt.listings("0106.20")
    assert (reptiles.instrument, reptiles.list, reptiles.effective) == (
        "cites",
        "HS screening flag",
        None,
    )
    # a flag without a date is kept on any date
    assert mt.listings("0106.20", on="1970-01-01") == (reptiles,)
    # a convention with a room: the room resolves the flag to the chemical's listing
    (mercury,) = mt.listings("2805.40")
    assert (mercury.instrument, mercury.list, mercury.match) == ("minamata", "Article 3", "hs_code")


def test_known_but_unlisted_is_empty() -> None:
    assert mt.listings("HFO-1234yf") == ()
    assert mt.listings("0101.21") == ()  # pure-bred breeding horses: no flag


def test_unknown_text_raises_with_close_matches() -> None:
    with pytest.raises(UnknownCommodityError, match="did you mean 'HCFC-222'"):
        mt.listings("HCFC-2222")


@pytest.mark.parametrize("bad", ["2024-13-01", "yesterday", 20240101])
def test_bad_date(bad: object) -> None:
    with pytest.raises(InvalidDateError, match="on="):
        mt.listings("HCFC-22", on=bad)  # type: ignore[arg-type]


def test_query_objects_are_accepted() -> None:
    sub = mt.substance("HCFC-141b")
    assert mt.listings(sub) == mt.listings("HCFC-141b")
    assert mt.listings(mt.hs.HSCode.parse("382761")) == mt.listings("3827.61")


def test_listing_query_reads_the_text_once() -> None:
    q = ListingQuery.of("  R-22 ")
    assert q.text == "R-22" and q.commodity is mt.substance("HCFC-22") and q.match == "name"
    taxon = ListingQuery.of("Python regius")  # a CITES taxon, read by the room's reader
    assert taxon.commodity == mt.cites.taxon("Python regius") and taxon.match == "name"
    unknown = ListingQuery.of("Zzyzx qwerty-uiop")
    assert unknown.commodity is None and isinstance(unknown.error, UnknownCommodityError)


@given(mts.substances(controlled=True))
def test_every_controlled_substance_has_its_annex_listing(sub: mt.Substance) -> None:
    found = mt.listings(sub)
    assert len(found) == 1
    annex, group = sub.annex_group.split("/")  # type: ignore[union-attr]
    assert (found[0].list, found[0].entry) == (f"Annex {annex}", f"Group {group}")
    assert found[0].citation is not None


@given(mts.substances(), mts.dates())
def test_on_keeps_exactly_the_listings_in_effect(sub: mt.Substance, day: dt.date) -> None:
    every = mt.listings(sub)
    on_day = mt.listings(sub, on=day)
    assert on_day == tuple(x for x in every if x.effective is None or x.effective <= day)


@given(mts.bundled_mixtures())
def test_mixture_listings_are_its_components(mix: mt.Mixture) -> None:
    found = mt.listings(mix)
    assert len(found) == len(mix.controlled_components)
    assert all(isinstance(x, Listing) and x.match == "component" for x in found)


@given(st.sampled_from(["HCFC-22", "75-45-6", "R-410A", "3827.61", "2903.71"]))
def test_listings_are_deterministic(query: str) -> None:
    assert mt.listings(query) == mt.listings(query)


def test_listings_is_callable_whatever_was_imported_first() -> None:
    # Importing the submodule mea_trade.listings makes it the package's attribute
    # "listings" (Python's import system does so); mt.listings(...) must still work.
    code = (
        "import mea_trade.listings\n"
        "import mea_trade as mt\n"
        "print([x.list for x in mt.listings('HCFC-22')])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "Annex C" in out
