"""Territories take part through the State responsible for them, as its declarations say.

Sources quoted (see ``data/parties/territorial_application.csv`` for every row):
- China's notification of 6 June 1997 (Ozone Secretariat ratification notes,
  ``ors-party-declarations``): "The Vienna Convention ... as well as the Montreal
  Protocol ... and the London Amendment to the Montreal Protocol will apply to the
  Hong Kong Special Administrative Region with effect from 1 July 1997", and
  "Provisions of article 5 of the Montreal Protocol will not be applied to the Hong
  Kong Special Administrative Region".
- China on the Kigali Amendment (Austrian BGBl. III Nr. 159/2021, ``at-bgbl-iii-2021-159``):
  "sofern die Regierung der Volksrepublik China nichts anderes notifiziert, keine
  Anwendung auf die Sonderverwaltungsregion Hongkong"; for Macao, Official Gazette
  notice 31/2021: in force for China "including the Macao SAR" from 15 September 2021.
- Denmark on the Kigali Amendment (BGBl. III Nr. 203/2019): "Dänemark (unter
  Ausschluss der Anwendbarkeit auf Grönland)"; on the Basel Convention (BGBl. III
  Nr. 119/2010): extended to Greenland and the Faroe Islands on 30 April 2008.
- Hong Kong EPD: the Rotterdam Convention "became applicable to the PRC and the HKSAR
  on 20 June, 2005 and 26 August, 2008 respectively".
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mea_trade as mt
from mea_trade import parties, territories
from mea_trade.testing import strategies as mts

D = dt.date


def test_sovereignty_of_hong_kong_and_macao_changed_hands() -> None:
    assert territories.sovereign("HK", on=D(1997, 6, 30)).alpha2 == "GB"  # type: ignore[union-attr]
    assert territories.sovereign("HK", on=D(1997, 7, 1)).alpha2 == "CN"  # type: ignore[union-attr]
    assert territories.sovereign("MO", on=D(1999, 12, 19)).alpha2 == "PT"  # type: ignore[union-attr]
    assert territories.sovereign("MO", on=D(1999, 12, 20)).alpha2 == "CN"  # type: ignore[union-attr]
    assert territories.sovereign("CN", on=D(2024, 1, 1)) is None
    assert {c.alpha2 for c in territories.territories()} >= {"HK", "MO", "PR", "RE", "GL", "AW"}


def test_hong_kong_montreal_through_china_without_article_5() -> None:
    s = parties.status("HK", "montreal", on=D(2024, 1, 1))
    assert s.is_party and s.via is not None and s.via.alpha2 == "CN"
    assert s.declaration is not None and s.declaration.effect == "extends"
    assert s.declaration.start == D(1997, 7, 1)
    assert s.article5 is False  # China: Article 5 "will not be applied" to Hong Kong
    assert parties.status("CN", "montreal", on=D(2024, 1, 1)).article5 is True
    before = parties.status("HK", "montreal", on=D(1996, 1, 1))
    assert before.is_party and before.via is not None and before.via.alpha2 == "GB"
    assert s.participation is not None and s.participation.action == "territorial_application"
    assert "HK" not in {c.alpha2 for c in parties.parties("montreal", on=D(2024, 1, 1))}


def test_kigali_excludes_hong_kong_and_greenland_but_not_macao() -> None:
    assert not parties.is_party("HK", "kigali", on=D(2024, 1, 1))
    assert parties.status("HK", "kigali", on=D(2024, 1, 1)).declaration.effect == "excludes"  # type: ignore[union-attr]
    assert not parties.is_party("GL", "kigali", on=D(2024, 1, 1))
    assert not parties.is_party("MO", "kigali", on=D(2021, 9, 14))
    assert parties.is_party("MO", "kigali", on=D(2021, 9, 15))


def test_rotterdam_reached_hong_kong_three_years_after_china() -> None:
    assert parties.is_party("CN", "rotterdam", on=D(2006, 1, 1))
    assert not parties.is_party("HK", "rotterdam", on=D(2006, 1, 1))
    assert parties.is_party("HK", "rotterdam", on=D(2008, 8, 26))


def test_greenland_basel_from_2008() -> None:
    s = parties.status("GL", "basel", on=D(2008, 4, 30))
    assert s.is_party and s.via is not None and s.via.alpha2 == "DK"
    assert parties.status("GL", "basel", on=D(2008, 4, 30)).participation.entry_into_force == D(  # type: ignore[union-attr]
        2008, 4, 30
    )


@pytest.mark.parametrize(
    ("territory", "state"), [("PR", "US"), ("RE", "FR"), ("AW", "NL"), ("HK", "CN"), ("MO", "CN")]
)
@pytest.mark.parametrize("instrument", ["montreal", "cites"])
def test_territories_take_part_through_their_state(
    territory: str, state: str, instrument: str
) -> None:
    s = parties.status(territory, instrument, on=D(2024, 1, 1))
    assert s.is_party and s.via is not None and s.via.alpha2 == state
    if s.declaration is None:  # no declaration bundled: follows the State, flagged
        assert s.participation is not None
        assert "territorial_application" in s.participation.unverified


def test_puerto_rico_and_basel_follow_the_united_states() -> None:
    # the United States is known not to have been a party up to the date of its source
    assert parties.is_party("PR", "basel", on=D(1999, 1, 1)) is False
    assert parties.status("PR", "basel", on=D(1999, 1, 1)).via.alpha2 == "US"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("commodity", "exporter", "importer", "date"),
    [
        ("HCFC-22", "CN", "HK", "2024-03-01"),
        ("HCFC-22", "HK", "CN", "2024-03-01"),
        ("HCFC-22", "FR", "RE", "2024-03-01"),
        ("CFC-12", "US", "PR", "1995-03-01"),
        ("HCFC-22", "CN", "MO", "2010-03-01"),
        ("CFC-11", "GB", "GI", "1996-03-01"),
    ],
)
def test_trade_with_a_territory_of_a_party_is_not_banned(
    commodity: str, exporter: str, importer: str, date: str
) -> None:
    a = mt.assess(mt.Shipment(commodity, exporter=exporter, importer=importer, date=date))
    assert not a.prohibited, a.summary()


@given(
    st.sampled_from(territories.territories()),
    mts.dates(),
    st.sampled_from(
        [
            "vienna",
            "montreal",
            "london",
            "copenhagen",
            "montreal_amendment",
            "beijing",
            "cites",
            "cwc",
        ]
    ),
)
def test_a_territory_is_bound_whenever_its_state_is_unless_excluded(
    territory: mt.countries.Country, day: dt.date, instrument: str
) -> None:
    state = territories.sovereign(territory, on=day)
    if state is None:
        return
    declared = [d for d in parties.territorial_application(territory, instrument) if d.covers(day)]
    state_bound = parties.is_party(state, instrument, on=day)
    bound = parties.is_party(territory, instrument, on=day)
    if any(d.effect == "excludes" for d in declared):
        assert not bound
    elif not declared:
        assert bound == state_bound
    if bound:
        s = parties.status(territory, instrument, on=day)
        assert s.via is not None


@given(
    st.sampled_from(territories.territories()),
    st.sampled_from([1991, 1995, 2000, 2005, 2010, 2015, 2020, 2025, 2034]),
    st.sampled_from(["CFC-11", "carbon tetrachloride", "HCFC-22", "methyl bromide", "HFC-134a"]),
    st.booleans(),
)
def test_trade_between_a_territory_and_its_state_is_never_prohibited(
    territory: mt.countries.Country, year: int, substance: str, outward: bool
) -> None:
    # Article 4 bans trade with *States* not party; a movement within one State is not such
    # trade, whatever declarations limit the territory's own participation.
    day = D(year, 6, 1)
    state = territories.sovereign(territory, on=day)
    if state is None:
        return
    exporter, importer = (state, territory) if outward else (territory, state)
    a = mt.assess(mt.Shipment(substance, exporter=exporter, importer=importer, date=day))
    assert not a.prohibited, a.summary()


def test_an_excluded_territory_of_a_bound_state_is_no_state_not_party() -> None:
    # The United Kingdom did not extend the Copenhagen Amendment to Bermuda (Ozone
    # Secretariat notes); Bermuda is part of a State bound by it, so HCFC trade with it from
    # Germany is not banned under Article 4, and a note says why.
    assert not parties.is_party("BM", "copenhagen", on=D(2015, 6, 1))
    a = mt.assess(mt.Shipment("HCFC-22", exporter="DE", importer="BM", date="2015-06-01"))
    assert not a.prohibited
    assert "montreal.export_ban_territory" in [n.code for n in a.notes]


def test_decision_xx_9_exempts_hong_kong_through_china() -> None:
    # China (an Article 5 State) accepted the Beijing Amendment only in 2010; decision XX/9
    # keeps Article 5 States from counting as non-Parties for HCFC trade until 2013, and Hong
    # Kong is answered through China.
    a = mt.assess(mt.Shipment("HCFC-22", exporter="DE", importer="HK", date="2005-06-01"))
    assert not a.prohibited
    assert "montreal.hcfc_a5_exemption" in [n.code for n in a.notes]
