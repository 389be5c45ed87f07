"""CITES listings on a date (Appendices I-III; Convention Arts. II, XV, XVI).

Facts are those of the Species+ Index of CITES Species (2017-04-21), the bundled changes
(changes.csv, each row citing its source) and the Appendices of 5 February 2015.
"""

from __future__ import annotations

import csv
import datetime as dt
import pathlib

import pytest

import mea_trade as mt
from mea_trade.cites import history, listing
from mea_trade.cites.appendices import _TABLES, _bundled_book

D = dt.date


def test_species_listed_under_a_higher_taxon() -> None:
    # Index: Python regius II, AnnotationEnglish "Included in Pythonidae spp."
    x = listing("Python regius", on=D(2024, 1, 1))
    assert (x.appendix, x.listed_under) == ("II", "Pythonidae")
    assert x.partial and x.complete and not x.unverified
    assert x.complete_to == D(2017, 4, 21)
    # Species+ 2023 Reptilia export: Alligator mississippiensis listed under Crocodylia spp.
    assert listing("Alligator mississippiensis", on=D(2017, 4, 21)).listed_under == "Crocodylia"
    # Orchidaceae spp. (App. II, #4)
    orchid = listing("Cattleya aclandiae", on=D(2017, 4, 21))
    assert (orchid.appendix, orchid.listed_under) == ("II", "Orchidaceae")
    assert orchid.annotation is not None and orchid.annotation.hash_symbol == "#4"


def test_split_listing_by_population_loxodonta_africana() -> None:
    # "Included in Appendix I, except the populations of Botswana, Namibia, South Africa and
    # Zimbabwe, which are included in Appendix II."
    for code in ("BW", "NA", "ZA", "ZW"):
        assert listing("Loxodonta africana", on=D(2020, 1, 1), country=code).appendix == "II"
    for code in ("KE", "TZ", "CM"):
        assert listing("Loxodonta africana", on=D(2020, 1, 1), country=code).appendix == "I"
    whole = listing("Loxodonta africana", on=D(2020, 1, 1))
    assert whole.appendix == "I" and whole.split  # strictest without a country
    note = listing("Loxodonta africana", on=D(2020, 1, 1), country="BW").annotation
    assert note is not None and "Botswana" in note.text


def test_appendix_iii_with_its_listing_parties() -> None:
    # Appendices of 5 February 2015: "Gazella dorcas (Algeria, Tunisia)"; "Hyaena hyaena (Pakistan)"
    g = listing("Gazella dorcas", on=D(2020, 1, 1))
    assert (g.appendix, g.listing_countries) == ("III", ("DZ", "TN"))
    assert listing("Hyaena hyaena", on=D(2020, 1, 1)).listing_country == "PK"
    # App. III population listings: Cedrela odorata (Colombia, Guatemala, Peru national populations)
    assert listing("Cedrela odorata", on=D(2020, 1, 1), country="CO").appendix == "III"


def test_cop18_and_cop19_changes_take_effect_on_their_dates() -> None:
    # Commission Regulation (EU) 2019/2117: Aonyx cinereus transferred to App. I (CoP18, 2019-11-26)
    assert listing("Aonyx cinerea", on=D(2019, 11, 25)).appendix == "II"
    after = listing("Aonyx cinereus", on=D(2019, 11, 26))
    assert (after.appendix, after.effective, after.cop) == ("I", D(2019, 11, 26), "CoP18")
    # CoP19 (2023-02-23): Caiman latirostris population of Brazil to App. II
    assert listing("Caiman latirostris", on=D(2023, 2, 22), country="BR").appendix == "I"
    assert listing("Caiman latirostris", on=D(2023, 2, 23), country="BR").appendix == "II"
    # Carcharhinidae spp. to App. II with delayed entry into force, 2023-11-25 (MINAM; CITES news)
    assert listing("Prionace glauca", on=D(2023, 11, 24)).appendix is None
    blue = listing("Prionace glauca", on=D(2023, 11, 25))
    assert (blue.appendix, blue.listed_under) == ("II", "Carcharhinidae")
    # a species listed itself keeps its own listing: C. longimanus in App. II since 2014-09-14
    own = listing("Carcharhinus longimanus", on=D(2024, 1, 1))
    assert (own.appendix, own.listed_under, own.effective) == (
        "II",
        "Carcharhinus longimanus",
        D(2014, 9, 14),
    )
    # Kinosternon spp. (II) except K. cora and K. vogti (I), CoP19
    assert listing("Kinosternon leucostomum", on=D(2023, 3, 1)).listed_under == "Kinosternon"
    assert listing("Kinosternon cora", on=D(2023, 3, 1)).appendix == "I"


def test_delayed_cop17_listing_is_not_in_force_before_its_date() -> None:
    # Index, Alopias: "Entry into effect delayed by 12 months, i.e. until 4 October 2017"
    assert listing("Alopias", on=D(2017, 10, 3)).appendix is None
    x = listing("Alopias vulpinus", on=D(2017, 10, 4))
    assert (x.appendix, x.effective) == ("II", D(2017, 10, 4))


def test_cop20_changes_are_flagged_unverified() -> None:
    x = listing("Rhincodon typus", on=D(2026, 3, 5))
    assert x.appendix == "I" and x.unverified and x.cop == "CoP20"
    assert listing("Rhincodon typus", on=D(2026, 3, 4)).appendix == "II"


def test_excluded_species_are_not_listed() -> None:
    # Psittaciformes spp. except Agapornis roseicollis, Melopsittacus undulatus, Nymphicus
    # hollandicus and Psittacula krameri
    for name in ("Agapornis roseicollis", "Melopsittacus undulatus", "Psittacula krameri"):
        assert listing(name, on=D(2020, 1, 1)).appendix is None
    assert listing("Ara macao", on=D(2020, 1, 1)).appendix in ("I", "II")


def test_dates_before_the_checklist_are_answered_with_a_caveat() -> None:
    x = listing("Python regius", on=D(2010, 1, 1))
    assert x.appendix == "II" and not x.complete and not x.certain
    assert any("not in the bundled data" in n for n in x.notes)


def test_population_partly_in_each_appendix_is_uncertain() -> None:
    # Crocodylus porosus: the Philippines' population of the Palawan Islands only (CoP19)
    x = listing("Crocodylus porosus", on=D(2024, 1, 1), country="PH")
    assert x.appendix == "I" and x.uncertain


def test_history_lists_each_change() -> None:
    assert [(x.on, x.appendix) for x in history("Geochelone elegans")] == [
        (D(2017, 4, 21), "II"),
        (D(2019, 11, 26), "I"),
    ]


def test_every_change_row_names_a_known_taxon_and_date() -> None:
    book = _bundled_book()
    for name, entries in _TABLES.get().changes.items():
        assert mt.cites.taxon(name).name == name
        for e in entries:
            assert e.start is not None and e.start > book.checklist.as_of
            assert e.citation is not None
    cop = dict(_TABLES.get().cop_dates.items())
    assert cop["CoP18"] == D(2019, 11, 26) and cop["CoP19"] == D(2023, 2, 23)


def test_errors() -> None:
    with pytest.raises(mt.InvalidDateError):
        listing("Python regius", on="yesterday")
    with pytest.raises(mt.UnknownCountryError):
        listing("Python regius", on=D(2020, 1, 1), country="Atlantis")


def test_reptiles_agree_with_the_species_plus_export_of_2023(shared_sources: pathlib.Path) -> None:
    """Every reptile of the Species+ "CITES listings" export of July 2023 (after CoP19) gets
    the export's appendix on 2023-07-01, and (nearly always) its "Listed under" entry."""
    path = (
        shared_sources / "cites-listings-2019-2026/speciesplus_cites_listings_reptilia_2023-07.csv"
    )
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1196
    under = 0
    for r in rows:
        x = listing(r["Scientific Name"].strip(), on=D(2023, 7, 1))
        got = "/".join(sorted({s.appendix for s in x.sections}, key=["I", "II", "III"].index))
        assert (got if x.appendix else "NC") == r["Listing"], r["Scientific Name"]
        if r["Party"] and x.appendix == "III":
            assert r["Party"] in x.listing_countries, r["Scientific Name"]
        under += x.listed_under == r["Listed under"].removesuffix(" spp.")
    assert under >= 1180  # the derived listed-under entry: 1,183 of 1,196 agree
