"""CITES permits and certificates for a shipment (Convention Arts. III-VII, X, XV, XVI, XXIII).

Each test quotes the provision it checks (English text of the Convention, Netherlands
Treaty Database copy; shared/sources/treaty-texts-nl/cites.md).
"""

from __future__ import annotations

import datetime as dt
import pathlib
import re
from typing import Any

import pytest
from hypothesis import given

import mea_trade as mt
from mea_trade.cites.rules import permit_rules
from mea_trade.testing import strategies as mts

D = dt.date


def _assess(name: str, exporter: str, importer: str, day: str, **kw: Any) -> mt.Assessment:
    return mt.assess(mt.Shipment(name, exporter=exporter, importer=importer, date=day, **kw))


def _docs(a: mt.Assessment) -> list[tuple[str, str, str]]:
    return [(r.document, r.side, r.party) for r in a.requirements if r.instrument == "cites"]


def test_appendix_ii_export_permit_python_regius() -> None:
    # Art. IV(2): "The export of any specimen of a species included in Appendix II shall require
    # the prior grant and presentation of an export permit."
    a = _assess("Python regius", "GH", "US", "2024-05-01", purpose="T", source="W")
    assert _docs(a) == [("export permit", "export", "GH")]
    r = a.requirements[0]
    assert r.citation.provision == "Article IV, paragraph 2" and r.instrument == "cites"
    assert a.status == "licences_required" and "cites" in a.instruments_applied


def test_appendix_i_import_permit_before_export_permit() -> None:
    # Art. III(2)(d): an export permit only when "a Management Authority of the State of export
    # is satisfied that an import permit has been granted for the specimen."
    a = _assess("Panthera tigris", "IN", "DE", "2020-01-01", purpose="Z", source="W")
    assert _docs(a) == [("import permit", "import", "DE"), ("export permit", "export", "IN")]
    assert not a.prohibitions


def test_appendix_i_primarily_commercial_import_is_prohibited() -> None:
    # Art. III(3)(c): an import permit only when "a Management Authority of the State of import
    # is satisfied that the specimen is not to be used for primarily commercial purposes."
    a = _assess("Panthera tigris", "IN", "DE", "2020-01-01", purpose="T", source="W")
    assert a.status == "prohibited"
    p = a.prohibitions[0]
    assert (p.code, p.side, p.party) == ("cites.appendix_i_commercial_import", "import", "DE")
    assert p.citation.provision == "Article III, paragraph 3 (c)"


def test_split_listing_follows_the_population() -> None:
    # Loxodonta africana: populations of BW, NA, ZA, ZW in Appendix II, the rest in Appendix I
    ke = _assess("Loxodonta africana", "KE", "CN", "2020-05-01", purpose="T", source="W")
    assert ke.status == "prohibited"
    bw = _assess("Loxodonta africana", "BW", "CN", "2020-05-01", purpose="T", source="W")
    assert _docs(bw) == [("export permit", "export", "BW")] and not bw.prohibitions
    # the origin decides, not the exporter
    via = _assess(
        "Loxodonta africana", "ZA", "CN", "2020-05-01", purpose="T", source="W", origin="KE"
    )
    assert via.status == "prohibited"


def test_re_export_certificate() -> None:
    # Art. IV(5): "The re-export of any specimen of a species included in Appendix II shall
    # require the prior grant and presentation of a re-export certificate."
    a = _assess(
        "Python regius",
        "NL",
        "US",
        "2024-05-01",
        purpose="T",
        source="W",
        re_export=True,
        origin="GH",
    )
    assert _docs(a) == [("re-export certificate", "export", "NL")]
    # Art. III(4) and III(3): an Appendix I re-export needs a re-export certificate and an
    # import permit
    b = _assess(
        "Panthera tigris", "NL", "US", "2020-01-01", purpose="S", source="W", re_export=True
    )
    assert _docs(b) == [
        ("import permit", "import", "US"),
        ("re-export certificate", "export", "NL"),
    ]


def test_appendix_iii_certificate_of_origin_from_a_state_that_did_not_list_it() -> None:
    # Art. V(2): "The export of any specimen of a species included in Appendix III from any State
    # which has included that species in Appendix III shall require ... an export permit."
    # Art. V(3): "... the prior presentation of a certificate of origin ..."
    # Gazella dorcas: Appendix III (Algeria, Tunisia) in the Appendices of 5 February 2015.
    listing_state = _assess("Gazella dorcas", "DZ", "FR", "2020-05-01", purpose="T", source="W")
    assert _docs(listing_state) == [("export permit", "export", "DZ")]
    other = _assess("Gazella dorcas", "MA", "FR", "2020-05-01", purpose="T", source="W")
    assert _docs(other) == [("certificate of origin", "export", "MA")]
    assert other.requirements[0].citation.provision == "Article V, paragraph 3"


def test_introduction_from_the_sea() -> None:
    # Art. IV(6): "The introduction from the sea of any specimen of a species included in Appendix
    # II shall require the prior grant of a certificate from a Management Authority of the State of
    # introduction." Art. I(e): specimens "taken in the marine environment not under the
    # jurisdiction of any State". Carcharhinus longimanus: Appendix II since 14 September 2014.
    a = _assess("Carcharhinus longimanus", "ES", "ES", "2020-05-01", purpose="T", source="X")
    assert _docs(a) == [("certificate of introduction from the sea", "import", "ES")]


def test_article_vii_exemptions() -> None:
    # VII(1): "The provisions of Articles III, IV and V shall not apply to the transit or
    # trans-shipment of specimens through or in the territory of a Party while the specimens
    # remain in Customs control."
    a = _assess("Python regius", "GH", "US", "2024-05-01", purpose="T", source="W", transit=["NL"])
    assert "cites.transit" in [n.code for n in a.notes]
    # VII(2): pre-Convention specimens travel on a certificate of the Management Authority
    pre = _assess("Panthera tigris", "GB", "US", "2020-01-01", purpose="P", source="O")
    assert _docs(pre) == [("pre-Convention certificate", "export", "GB")] and not pre.prohibitions
    # VII(5): "a certificate by that Management Authority to that effect shall be accepted in lieu
    # of any of the permits or certificates required under the provisions of Articles III, IV or V."
    bred = _assess("Python regius", "GH", "US", "2024-05-01", purpose="T", source="C")
    assert _docs(bred) == [("certificate of captive breeding", "export", "GH")]
    plant = _assess("Cattleya aclandiae", "BR", "US", "2024-05-01", purpose="T", source="A")
    assert _docs(plant) == [("certificate of artificial propagation", "export", "BR")]
    # VII(4): "Specimens of an animal species included in Appendix I bred in captivity for
    # commercial purposes ... shall be deemed to be specimens of species included in Appendix II."
    d = _assess("Panthera tigris", "ZA", "US", "2020-01-01", purpose="T", source="D")
    assert _docs(d) == [("export permit", "export", "ZA")] and not d.prohibitions
    assert "cites.deemed_appendix_ii" in [n.code for n in d.notes]
    # VII(3): personal effects: the exemption does not apply to Appendix I specimens acquired
    # outside the owner's State of usual residence and imported into it: a note, documents kept
    pe = _assess(
        "Python regius",
        "GH",
        "US",
        "2024-05-01",
        purpose="P",
        source="W",
        exemption="personal_effects",
    )
    assert "cites.personal_effects" in [n.code for n in pe.notes] and pe.requirements
    # VII(6): "... which carry a label issued or approved by a Management Authority."
    sci = _assess(
        "Cattleya aclandiae",
        "BR",
        "US",
        "2024-05-01",
        purpose="S",
        source="W",
        exemption="scientific_exchange",
    )
    assert _docs(sci) == [("label issued or approved by a Management Authority", "export", "BR")]
    # VII(7)(b): a travelling exhibition of wild specimens is not exempt
    ex = _assess(
        "Python regius",
        "GH",
        "US",
        "2024-05-01",
        purpose="Q",
        source="W",
        exemption="travelling_exhibition",
    )
    assert "cites.exhibition_not_exempt" in [n.code for n in ex.notes]


def test_trade_with_a_non_party_needs_comparable_documentation() -> None:
    # Art. X: "comparable documentation issued by the competent authorities in that State which
    # substantially conforms with the requirements of the present Convention for permits and
    # certificates may be accepted in lieu thereof by any Party."
    # Andorra became a Party on 2022-01-04 (parties/cites.csv): before, a non-Party.
    a = _assess("Python regius", "AD", "ES", "2021-06-01", purpose="T", source="W")
    r = a.requirements[0]
    assert (r.code, r.party, r.citation.provision) == (
        "cites.comparable_documentation",
        "AD",
        "Article X",
    )
    b = _assess("Python regius", "AD", "ES", "2022-06-01", purpose="T", source="W")
    assert _docs(b) == [("export permit", "export", "AD")]


def test_a_reservation_makes_the_party_a_non_party_for_the_taxon() -> None:
    # Art. XXIII(3): "Until a Party withdraws its reservation ... it shall be treated as a State
    # not a party to the present Convention with respect to trade in the particular species".
    # SAPI reservations: Botswana on Loxodonta africana, 1990-01-18 to 1997-09-18.
    a = _assess("Loxodonta africana", "BW", "US", "1995-01-01", purpose="H", source="W")
    assert "cites.reservation" in [n.code for n in a.notes]
    assert a.requirements[0].code == "cites.comparable_documentation"


def test_unlisted_taxa_and_other_commodities() -> None:
    assert _assess("Agapornis roseicollis", "NL", "US", "2020-01-01").status in ("clear", "check")
    a = _assess("HCFC-22", "CN", "GH", "2024-05-01")
    assert "cites" not in a.instruments_applied
    # HS chapters that CITES concerns keep their flag
    hs = _assess("0106.20", "GH", "US", "2024-05-01")
    assert "cites.hs_line" in [n.code for n in hs.notes]


def test_unverified_changes_never_make_a_prohibition() -> None:
    # CoP20 (reported only): Rhincodon typus transferred to Appendix I from 2026-03-05
    a = _assess("Rhincodon typus", "TW", "JP", "2026-06-01", purpose="T", source="W")
    assert not a.prohibitions and all(r.unverified for r in a.requirements)
    assert "cites.appendix_i_commercial_import" in [n.code for n in a.notes]
    # an unverified down-listing keeps the stricter documents of the verified listing
    b = _assess("Arctocephalus townsendi", "MX", "US", "2026-06-01", purpose="S", source="W")
    assert ("import permit", "import", "US") in _docs(b)


def test_codes_are_validated() -> None:
    with pytest.raises(mt.InvalidArgumentError, match="purpose"):
        mt.Shipment("Python regius", exporter="GH", importer="US", date="2024-01-01", purpose="Q1")
    with pytest.raises(mt.InvalidArgumentError, match="source"):
        mt.Shipment("Python regius", exporter="GH", importer="US", date="2024-01-01", source="Z")
    s = mt.Shipment(
        "Python regius", exporter="GH", importer="US", date="2024-01-01", purpose="t", source="w"
    )
    assert (s.purpose, s.source) == ("T", "W")


def test_rule_rows_quote_the_convention(shared_sources: pathlib.Path) -> None:
    text = (shared_sources / "treaty-texts-nl" / "cites.md").read_text(encoding="utf-8")
    flat = re.sub(r"\s+", " ", text.replace("“", '"').replace("”", '"'))
    for rule in permit_rules():
        quote = re.sub(r"\s+", " ", rule.quote)
        assert quote in flat, rule.code


@given(mts.cites_shipments(appendix="I", purpose="T", source="W"))
def test_appendix_i_commercial_wild_imports_are_never_clear(s: mt.Shipment) -> None:
    a = mt.assess(s)
    assert a.status != "clear"


@given(mts.cites_shipments())
def test_assessing_cites_shipments_never_crashes(s: mt.Shipment) -> None:
    a = mt.assess(s)
    assert a == mt.assess(s)


@given(mts.taxa(listed=True))
def test_a_species_inherits_its_higher_taxon_listing_unless_listed_itself(
    t: mt.cites.Taxon,
) -> None:
    x = mt.cites.listing(t, on=D(2020, 1, 1))
    if x.listed_under and x.listed_under != t.name:
        above = mt.cites.listing(x.listed_under, on=D(2020, 1, 1))
        assert x.appendix in {s.appendix for s in above.sections}


def _cites_flag_codes() -> list[str]:
    from mea_trade._data import read_csv

    return [r["code"] for r in read_csv("hs/other_flags.csv") if r["instrument"] == "cites"]


@pytest.mark.parametrize("code", _cites_flag_codes())
def test_hs_codes_keep_their_cites_flags(code: str) -> None:
    """The HS codes CITES flags (chapters 01, 03, 05, 06, 12, 16, 41, 43, 44, 96, 97) are
    flagged by the CITES room in assess and in listings."""
    from mea_trade._data import read_csv

    digits = code.replace(".", "")
    target = next(
        r["code"]
        for r in read_csv("hs/subheadings.csv")
        if r["edition"] == "HS2022" and r["code"].replace(".", "").startswith(digits)
    )
    line = mt.hs.HSCode.parse(target)
    a = mt.assess(mt.Shipment(line, exporter="GH", importer="US", date="2024-05-01"))
    assert "cites.hs_line" in [n.code for n in a.notes]
    assert "HS screening flag" in [x.list for x in mt.listings(line) if x.instrument == "cites"]


def test_a_split_listing_without_origin_is_never_a_prohibition() -> None:
    # a re-export of elephant specimens whose population is not declared: Appendix I documents,
    # but no ban (the Botswana, Namibia, South Africa and Zimbabwe populations are in App. II)
    a = _assess(
        "Loxodonta africana", "NL", "US", "2020-05-01", purpose="T", source="W", re_export=True
    )
    assert not a.prohibitions
    assert {"cites.population_unknown", "cites.appendix_i_commercial_import"} <= {
        n.code for n in a.notes
    }
