"""The Montreal rules against the answers an audit found wrong (issue #13), one test per item.

Each test quotes the provision or source it rests on (ids in data/sources.csv).
Party dates are the depositary's, bundled in data/parties/*.csv.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import mea_trade as mt
from mea_trade.assessment import Assessment, Prohibition, Shipment, assess
from mea_trade.hs import HSCode


def _ship(item: str, exporter: str, importer: str, day: str, **kw: object) -> Assessment:
    return assess(Shipment(item, exporter=exporter, importer=importer, date=day, **kw))  # type: ignore[arg-type]


def _edition(text: str, day: str) -> str:
    code = Shipment(text, exporter="US", importer="MX", date=day).commodity
    assert isinstance(code, HSCode)
    return code.edition


def _bans(a: Assessment) -> list[tuple[str, str, str]]:
    return [(p.code, p.party, p.citation.provision) for p in a.prohibitions]


# ----------------------------------------------------- 1. Article 4, version by version


def test_1987_article_4_2_binds_article_5_parties_not_bound_by_london() -> None:
    # 1987 text (mp-1987-text, UNTS 1522 No. 26369), Art. 4(2): "Beginning on 1 January
    # 1993, no Party operating under paragraph 1 of Article 5 may export any controlled
    # substance to any State not party to this Protocol." The London Amendment
    # (mp-london-art-4) replaced it: "As of 1 January 1993, each Party shall ban the export of
    # any controlled substances in Annex A to any State not party to this Protocol." Each
    # version binds exactly the Parties bound by it.
    # Lesotho: Protocol from 23 June 1994 (Article 5), London Amendment only from 14 July
    # 2010; Cambodia joined the Protocol in 2001.
    a = _ship("CFC-11", "LS", "KH", "1995-06-01")
    assert a.status == "prohibited"
    assert _bans(a) == [
        ("montreal.export_ban_non_party", "LS", "Article 4, paragraph 2 (1987 text)")
    ]
    ban = a.prohibitions[0]
    assert ban.since == dt.date(1994, 6, 23)  # Art. 17: from the day Lesotho was bound
    assert "operating under Article 5(1)" in ban.reason
    # The 1987 paragraph 8 names only imports: no Article 4(8) exception for this export ban.
    assert "Article 4(8)" not in ban.reason
    # Angola (Protocol from 15 August 2000, Article 5; London from 19 September 2011) to
    # Timor-Leste (Protocol from 15 December 2009).
    b = _ship("CFC-11", "AO", "TL", "2005-06-01")
    assert _bans(b) == [
        ("montreal.export_ban_non_party", "AO", "Article 4, paragraph 2 (1987 text)")
    ]
    # The 1987 "controlled substance" is Annex A only (Art. 1(4), 1987: "a substance listed in
    # Annex A"): no ban on Annex B under the 1987 text.
    assert not _ship("carbon tetrachloride", "AO", "KH", "2000-09-01").prohibitions


def test_once_bound_by_london_the_replacing_paragraph_applies() -> None:
    # Lesotho bound by the London Amendment from 14 July 2010: paragraph 2 as replaced. The
    # ban has applied without a break since Lesotho joined the Protocol.
    a = _ship("CFC-11", "LS", "SS", "2011-06-01")  # South Sudan: no Party before 2012
    assert _bans(a) == [("montreal.export_ban_non_party", "LS", "Article 4, paragraph 2")]
    assert a.prohibitions[0].since == dt.date(1994, 6, 23)


def test_non_article_5_parties_had_no_1987_export_ban() -> None:
    # The 1987 paragraph 2 names only Parties operating under Article 5(1); the all-Party ban
    # came with the London Amendment (in force 10 August 1992), from 1 January 1993.
    assert not _ship("CFC-12", "US", "IQ", "1992-12-31").prohibitions
    assert _bans(_ship("CFC-12", "US", "IQ", "1993-01-02")) == [
        ("montreal.export_ban_non_party", "US", "Article 4, paragraph 2")
    ]


def test_1987_import_ban_binds_parties_not_bound_by_london() -> None:
    # 1987 Art. 4(1): "Within one year of the entry into force of this Protocol, each Party
    # shall ban the import of controlled substances from any State not party to this
    # Protocol." (Entry into force 1 January 1989.) Lesotho, bound by the 1987 text only,
    # bans CFC imports from Cambodia in 1995.
    a = _ship("CFC-11", "KH", "LS", "1995-06-01")
    assert _bans(a) == [
        ("montreal.import_ban_non_party", "LS", "Article 4, paragraph 1 (1987 text)")
    ]
    # A London Party cites the replacing paragraph, in force for it without a break since 1990.
    us = _ship("CFC-11", "KH", "US", "1995-06-01").prohibitions[0]
    assert (us.citation.provision, us.since) == ("Article 4, paragraph 1", dt.date(1990, 1, 1))


# ----------------------------------------------------- 2. Article 17: no grace for late joiners


def test_article_17_late_joiners_are_bound_forthwith() -> None:
    # Art. 17 (mp-art-17): "any State or regional economic integration organization which
    # becomes a Party to this Protocol after the date of its entry into force, shall fulfil
    # forthwith the sum of the obligations under ... Article 4, that apply at that date to the
    # States and regional economic integration organizations that became Parties on the date
    # the Protocol entered into force."
    # Timor-Leste, bound by the London Amendment from 15 December 2009, bans imports of carbon
    # tetrachloride (Annex B, Art. 4(1 bis)) from Angola (London only from 19 September 2011)
    # at once, not a year later.
    a = _ship("carbon tetrachloride", "AO", "TL", "2010-06-01")
    assert _bans(a) == [("montreal.import_ban_non_party", "TL", "Article 4, paragraph 1 bis")]
    ban = a.prohibitions[0]
    assert ban.since == dt.date(2009, 12, 15)
    assert not ban.unverified
    assert "Art. 17" in ban.reason
    # The first Parties: "within one year of the date of entry into force of this paragraph"
    # (10 August 1992), so from 10 August 1993.
    us = _ship("carbon tetrachloride", "AF", "US", "1993-08-11").prohibitions[0]
    assert us.since == dt.date(1993, 8, 10)


def test_trade_rules_data_has_no_own_date_grace() -> None:
    from mea_trade._data import read_csv

    rules = {row["start_rule"] for row in read_csv("montreal/trade_rules.csv")}
    assert rules == {"date", "general_eif+1y"}


# ----------------------------------------------------- 3. No Kigali finding before Kigali


def test_no_kigali_finding_before_the_amendment_is_in_force() -> None:
    # The Kigali Amendment entered into force on 1 January 2019 (untc-xxvii-2-f); no State is
    # bound by it before, whatever the completeness of the bundled party list.
    # R-408A (HFC-125, HFC-143a, HCFC-22) from the United States to Kazakhstan in 2010.
    a = _ship("R-408A", "US", "KZ", "2010-06-01")
    assert not [n for n in a.notes if n.code.startswith("kigali.")]
    assert not [r for r in a.requirements if r.instrument == "kigali"]
    assert "kigali" not in a.instruments_applied
    # The HCFC rules still apply: Kazakhstan was not bound by Copenhagen and Beijing.
    assert ("montreal.export_ban_non_party", "US", "Article 4, paragraph 2 quin") in _bans(a)
    # After the date the bundled Kigali list is complete to (9 March 2026), a country absent
    # from it is "unknown"; before it, not a Party.
    assert "kigali.import_licence_unknown" in [
        n.code for n in _ship("HFC-134a", "US", "UZ", "2027-06-01").notes
    ]
    assert "kigali.import_licence_unknown" not in [
        n.code for n in _ship("HFC-134a", "US", "UZ", "2026-03-01").notes
    ]


# ----------------------------------------------------- 4. Exact decimal sums


def test_composition_sums_are_exact_decimals() -> None:
    # COMPOSITION_TOLERANCE: within 0.01 percentage points of 100 %, bounds included, summed
    # over the decimals as written. 49.995 + 49.995 = 99.99 exactly; in binary floating point
    # its distance from 100 comes out a hair above 0.01.
    assert abs((49.995 + 49.995) - 100) > 0.01
    m = mt.Mixture.from_mass_fractions({"HFC-32": 49.995, "HFC-125": 49.995})
    assert [c.substance.name for c in m.components] == ["HFC-32", "HFC-125"]
    assert mt.Mixture.from_mass_fractions({"HFC-32": 68.9, "HFC-125": 31.09}).components
    assert mt.Mixture.from_mass_fractions({"HFC-32": 50.005, "HFC-125": 50.005}).components
    mixed: dict[str, float | Decimal] = {"HFC-32": Decimal("0.49995"), "HFC-125": 0.5}
    assert mt.Mixture.from_mass_fractions(mixed).components
    with pytest.raises(mt.InvalidCompositionError, match=r"99\.9895"):
        mt.Mixture.from_mass_fractions({"HFC-32": 49.9945, "HFC-125": 49.995})
    with pytest.raises(mt.InvalidCompositionError):
        mt.Mixture.from_mass_fractions({"HFC-32": 50.0051, "HFC-125": 50.005})


# ----------------------------------------------------- 5. HS edition by date


def test_hs_edition_in_force_on_the_shipment_date() -> None:
    # wco-hs-editions: HS 2017 in force from 1 January 2017, HS 2022 from 1 January 2022.
    assert mt.hs.edition_in_force(dt.date(2021, 12, 31)) == "HS2017"
    assert mt.hs.edition_in_force(dt.date(2022, 1, 1)) == "HS2022"
    assert mt.hs.edition_in_force(dt.date(2016, 12, 31)) is None
    # A 2021 line with the HS 2017 national code 3824.78.0020 is read in HS 2017.
    s = Shipment("3824.78.0020", exporter="US", importer="MX", date="2021-06-01")
    assert s.commodity == HSCode(subheading="382478", edition="HS2017", national="0020")
    a = assess(s)
    assert a.status == "check"
    assert "hs.edition" not in [n.code for n in a.notes]  # the edition in force was read
    # In 2023 the code exists only in HS 2017: read there, and the note says so.
    late = assess(Shipment("3824.78.0020", exporter="US", importer="MX", date="2023-06-01"))
    assert isinstance(late.shipment.commodity, HSCode)
    assert late.shipment.commodity.edition == "HS2017"
    note = next(n for n in late.notes if n.code == "hs.edition")
    assert "read in HS 2017" in note.text and "HS 2022" in note.text
    # A code of both editions is read in the one in force; 2903.42 exists only in HS 2022.
    assert _edition("2903.71", "2021-06-01") == "HS2017"
    assert _edition("2903.71", "2022-06-01") == "HS2022"
    assert _edition("2903.42", "2021-06-01") == "HS2022"
    assert _edition("2903.39", "2023-06-01") == "HS2017"
    # A code of neither edition is an error naming both.
    with pytest.raises(mt.InvalidHSCodeError, match="neither HS2022 nor HS2017"):
        Shipment("2903.50", exporter="US", importer="MX", date="2021-06-01")


# ----------------------------------------------------- 6. HS codes that can only be one substance


def test_hs_code_of_one_substance_is_assessed_as_that_substance() -> None:
    # HS 2022 subheading 2903.71 (unsd-hs2022): "chlorodifluoromethane (HCFC-22)" and nothing
    # else; 2903.14 is carbon tetrachloride. Assessed as the substance, with a note.
    a = _ship("2903.71.00", "CN", "GH", "2024-05-01")
    named = _ship("HCFC-22", "CN", "GH", "2024-05-01")
    assert a.requirements == named.requirements
    assert [(r.document, r.party) for r in a.requirements] == [
        ("export licence", "CN"),
        ("import licence", "GH"),
    ]
    note = next(n for n in a.notes if n.code == "montreal.substance_from_hs")
    assert "can only be HCFC-22" in note.text and "inferred from the code" in note.text
    assert "HCFC-22" in a.requirements[0].reason
    # A ban applies as it would to the named substance (Iraq, not a Party in 1995).
    assert _bans(_ship("2903.14", "US", "IQ", "1995-06-01")) == [
        ("montreal.export_ban_non_party", "US", "Article 4, paragraph 2 bis")
    ]


def test_hs_code_of_several_substances_gives_what_all_require() -> None:
    # 2903.44: "pentafluoroethane (HFC-125), 1,1,1-trifluoroethane (HFC-143a) and
    # 1,1,2-trifluoroethane (HFC-143)", all Annex F Group I: the candidates are listed and the
    # requirements common to all apply (Art. 4B(2 bis) licences).
    a = _ship("2903.44", "DE", "US", "2024-05-01")
    note = next(n for n in a.notes if n.code == "montreal.substance_from_hs")
    for name in ("HFC-125", "HFC-143a", "HFC-143"):
        assert name in note.text
    assert {(r.code, r.party) for r in a.requirements} == {
        ("kigali.export_licence", "DE"),
        ("kigali.import_licence", "US"),
    }
    # Catch-all subheadings (2903.77 also covers perhalogenated compounds the Protocol does
    # not list) stay a note: the substance must be declared.
    c = _ship("2903.77", "DE", "US", "2024-05-01")
    assert [n.code for n in c.notes] == ["montreal.hs_line"] and not c.requirements


def test_common_findings_keep_only_what_every_group_requires() -> None:
    from mea_trade.montreal import rules

    # CFC-11 (A/I) and carbon tetrachloride (B/II) from the United States to Iraq in 1993:
    # Annex A exports banned from 1 January 1993, Annex B only from 10 August 1993.
    s = Shipment("CFC-11", exporter="US", importer="IQ", date="1993-06-01")
    both = list(rules._common_findings(s, {"A/I": ["CFC-11"], "B/II": ["carbon tetrachloride"]}))
    assert not [f for f in both if isinstance(f, Prohibition)]
    s2 = Shipment("CFC-11", exporter="US", importer="IQ", date="1994-06-01")
    later = list(rules._common_findings(s2, {"A/I": ["CFC-11"], "B/II": ["carbon tetrachloride"]}))
    bans = [f for f in later if isinstance(f, Prohibition)]
    assert [(b.code, b.party) for b in bans] == [("montreal.export_ban_non_party", "US")]
    assert "common to every candidate" in bans[0].reason


def test_exhaustive_subheadings_name_only_controlled_substances() -> None:
    from mea_trade._data import read_csv

    for row in read_csv("hs/exhaustive_subheadings.csv"):
        c = mt.hs.candidates(row["code"], row["edition"])
        assert c.exhaustive and c.substances, row
        assert all(s.is_controlled for s in c.substances)


# ----------------------------------------------------- 7. R-509


def test_r509_is_the_secretariats_r509_not_r509a() -> None:
    # Both Secretariats list two blends (ors-blends, mlf-ors-blends): R-509 "HCFC-22=46%,
    # PFC-218=54%" (TP5R2) and R-509A "HCFC-22=44%, PFC-218=56%" (Arcton TP5R2). A line
    # reading R-509 is assessed as they define it; the unsuffixed designation is flagged.
    r509, r509a = mt.mixture("R-509"), mt.mixture("R-509A")
    assert r509.fraction_of("HCFC-22") == pytest.approx(0.46)
    assert r509a.fraction_of("HCFC-22") == pytest.approx(0.44)
    assert "designation" in r509.unverified
    assert r509.odp == pytest.approx(0.0253)  # ORS: 0.0253 (46 % x 0.055)
    assert r509a.odp == pytest.approx(0.0242)  # ORS: 0.0242
    assert mt.mixture("TP5R2") is r509 and mt.mixture("Arcton TP5R2") is r509a


# ----------------------------------------------------- 8. Products and equipment


def test_substance_in_a_product_is_not_a_controlled_substance() -> None:
    # Art. 1(4) (mp-art-1-4): a controlled substance "excludes any controlled substance or
    # mixture which is in a manufactured product other than a container used for the
    # transportation or storage of that substance". An air conditioner pre-charged with R-22:
    # no Article 4B licence, no Article 4 ban on the substance.
    product = _ship("HCFC-22", "CN", "GH", "2024-05-01", form="product")
    assert not product.requirements and not product.prohibitions
    codes = [n.code for n in product.notes]
    assert "montreal.product" in codes and "montreal.product_national_measures" in codes
    national = next(n for n in product.notes if n.code == "montreal.product_national_measures")
    assert national.citation is not None and "2024/590" in national.citation.title
    # In bulk or in a container for its transport or storage it is a controlled substance.
    for form in ("bulk", "container", None):
        a = _ship("HCFC-22", "CN", "GH", "2024-05-01", form=form)
        assert [(r.document, r.party) for r in a.requirements] == [
            ("export licence", "CN"),
            ("import licence", "GH"),
        ]


def test_annex_d_products_from_non_parties_are_still_caught() -> None:
    # Art. 4(3): "Parties that have not objected to the annex ... shall ban, within one year of
    # the annex having become effective, the import of those products from any State not
    # party to this Protocol." Annex D (products containing Annex A substances) took effect on
    # 27 May 1992 (mp-annex-d). A refrigerator with CFC-12 from Iraq (not a Party) to the
    # United States in 2000: the officer is told, as it depends on the product's category and
    # on the importer not having objected.
    a = _ship("CFC-12", "IQ", "US", "2000-01-01", form="product")
    assert not a.prohibitions
    note = next(n for n in a.notes if n.code == "montreal.annex_d_non_party")
    assert "Annex D" in note.text and "Article 4, paragraph 3" in note.text
    assert a.status == "check"
    assert "montreal.annex_d_non_party" not in [
        n.code for n in _ship("CFC-12", "IQ", "US", "2009-01-01", form="product").notes
    ]
    # HCFC equipment: Annex D lists only Annex A products.
    assert "montreal.annex_d_non_party" not in [
        n.code for n in _ship("HCFC-22", "IQ", "US", "2000-01-01", form="product").notes
    ]


def test_hs_chapters_84_and_85_are_read_as_products() -> None:
    s = Shipment("8415.10", exporter="CN", importer="GH", date="2024-01-01")
    assert s.form == "product"
    assert (
        Shipment("8415.10", exporter="CN", importer="GH", date="2024-01-01", form="bulk").form
        == "bulk"
    )
    assert Shipment("2903.71", exporter="CN", importer="GH", date="2024-01-01").form is None
    a = assess(s)
    assert not a.requirements
    hs_line = next(n for n in a.notes if n.code == "montreal.hs_line")
    assert "Art. 1(4)" in hs_line.text
    # Annex D products from a non-Party (Iraq before 2008) still get the Art. 4(3) note.
    iq = assess(Shipment("8418.21", exporter="IQ", importer="US", date="2000-01-01"))
    assert "montreal.annex_d_non_party" in [n.code for n in iq.notes]
    with pytest.raises(mt.InvalidArgumentError, match="form"):
        Shipment("HCFC-22", exporter="CN", importer="GH", date="2024-01-01", form="liquid")


# ----------------------------------------------------- 9. Trade inside the European Union


def test_trade_between_eu_member_states_needs_no_article_4b_licence() -> None:
    # Regulation (EU) 2024/590 (eu-2024-590), Art. 3(3): "'import' means the entry of
    # substances, products and equipment into the customs territory of the Union"; Art. 3(4):
    # "'export' means the exit of substances, products and equipment from the customs
    # territory of the Union". The Protocol lets member States of a regional economic
    # integration organization fulfil consumption obligations jointly (Art. 2(8)(a)) and
    # report trade with non-members (Art. 7(4)). Germany to France is neither import nor
    # export under the Union's licensing: no Article 4B licences, a note instead.
    a = _ship("HCFC-22", "DE", "FR", "2025-06-01")
    assert not a.requirements
    note = next(n for n in a.notes if n.code == "montreal.reio_internal")
    assert "2024/590" in note.text and "Not verified" not in note.text
    # Germany to the United Kingdom after its withdrawal: licences again.
    uk = _ship("HCFC-22", "DE", "GB", "2025-06-01")
    assert {(r.document, r.party) for r in uk.requirements} == {
        ("export licence", "DE"),
        ("import licence", "GB"),
    }
    # HFCs: Regulation (EU) 2024/573 licenses imports and exports since 11 March 2024; its
    # definitions were not read, so the note says the reading is not verified.
    h = _ship("HFC-134a", "DE", "FR", "2025-06-01")
    assert not h.requirements
    assert "Not verified" in next(n for n in h.notes if n.code == "kigali.reio_internal").text
    # Under Regulation (EC) No 1005/2009 (from 1 January 2010): likewise, flagged.
    assert not _ship("HCFC-22", "DE", "FR", "2015-06-01").requirements
    # Before 2010 no regional row is bundled: licences as between any two Parties.
    assert _ship("HCFC-22", "DE", "FR", "2005-06-01").requirements
