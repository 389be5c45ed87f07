"""The Cartagena Protocol room: living modified organisms in shipments.

Each rule is tested with the words of its article, quoted from the Protocol's
English text (``../shared/sources/treaty-texts-nl/cartagena.md``); when the shared
sources are present, a test checks every quotation against the text.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

import mea_trade as mt
from mea_trade.errors import InvalidArgumentError, UnknownCommodityError

ART_5 = (
    "this Protocol shall not apply to the transboundary movement of living modified organisms "
    "which are pharmaceuticals for humans that are addressed by other relevant international "
    "agreements or organisations."
)
ART_6_1 = (
    "the provisions of this Protocol with respect to the advance informed agreement procedure "
    "shall not apply to living modified organisms in transit."
)
ART_6_2 = (
    "the provisions of this Protocol with respect to the advance informed agreement procedure "
    "shall not apply to the transboundary movement of living modified organisms destined for "
    "contained use undertaken in accordance with the standards of the Party of import."
)
ART_7_1 = (
    "Subject to Articles 5 and 6, the advance informed agreement procedure in Articles 8 to 10 "
    "and 12 shall apply prior to the first intentional transboundary movement of living modified "
    "organisms for intentional introduction into the environment of the Party of import."
)
ART_7_2 = (
    "“Intentional introduction into the environment” in paragraph 1 above, does not refer to "
    "living modified organisms intended for direct use as food or feed, or for processing."
)
ART_8_1 = (
    "The Party of export shall notify, or require the exporter to ensure notification to, in "
    "writing, the competent national authority of the Party of import prior to the intentional "
    "transboundary movement of a living modified organism that falls within the scope of "
    "Article 7, paragraph 1."
)
ART_10_5 = (
    "A failure by the Party of import to communicate its decision within two hundred and seventy "
    "days of the date of receipt of the notification shall not imply its consent to an "
    "intentional transboundary movement."
)
ART_11_1 = (
    "A Party that makes a final decision regarding domestic use, including placing on the market, "
    "of a living modified organism that may be subject to transboundary movement for direct use "
    "as food or feed, or for processing shall, within fifteen days of making that decision, "
    "inform the Parties through the Biosafety Clearing-House."
)
ART_18_2_A = (
    "Living modified organisms that are intended for direct use as food or feed, or for "
    'processing, clearly identifies that they “may contain" living modified organisms and are '
    "not intended for intentional introduction into the environment, as well as a contact point "
    "for further information."
)
ART_18_2_B = (
    "Living modified organisms that are destined for contained use clearly identifies them as "
    "living modified organisms; and specifies any requirements for the safe handling, storage, "
    "transport and use, the contact point for further information, including the name and "
    "address of the individual and institution to whom the living modified organisms are "
    "consigned;"
)
ART_18_2_C = (
    "contains a declaration that the movement is in conformity with the requirements of this "
    "Protocol applicable to the exporter."
)
ART_24_1 = (
    "Transboundary movements of living modified organisms between Parties and non-Parties shall "
    "be consistent with the objective of this Protocol."
)

QUOTES = [
    ART_5,
    ART_6_1,
    ART_6_2,
    ART_7_1,
    ART_7_2,
    ART_8_1,
    ART_10_5,
    ART_11_1,
    ART_18_2_A,
    ART_18_2_B,
    ART_18_2_C,
    ART_24_1,
]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("quote", QUOTES, ids=lambda q: q[:30])
def test_quotations_are_the_words_of_the_protocol(shared_sources, quote: str) -> None:  # type: ignore[no-untyped-def]
    text = _flat((shared_sources / "treaty-texts-nl" / "cartagena.md").read_text(encoding="utf-8"))
    assert _flat(quote) in text


def _quoting(*quotes: str) -> None:
    assert all(q in QUOTES for q in quotes)


def assess(organism: str, exporter: str, importer: str, date: str, **kw: Any) -> mt.Assessment:
    return mt.assess(mt.Shipment(organism, exporter=exporter, importer=importer, date=date, **kw))


def test_organisms_by_the_names_declarations_use() -> None:
    assert mt.organisms.organism("corn").name == "maize"
    assert mt.organisms.organism("Zea mays").name == "maize"
    assert mt.Shipment("soya", exporter="BR", importer="CN", date="2024-01-01").commodity_name == (
        "soybean"
    )
    with pytest.raises(UnknownCommodityError):
        mt.Shipment("maiz", exporter="BR", importer="CN", date="2024-01-01")
    with pytest.raises(InvalidArgumentError, match="LMO use"):
        mt.Shipment("maize", exporter="BR", importer="CN", date="2024-01-01", lmo="planting")


def test_gm_maize_for_processing_between_parties() -> None:
    """Quoted: ART_7_2, ART_11_1, ART_18_2_A."""
    _quoting(ART_7_2, ART_11_1, ART_18_2_A)
    a = assess("maize", "BR", "ZA", "2024-03-01", lmo="food_feed_processing")
    assert a.status == "licences_required" and not a.prohibitions
    (r,) = a.requirements
    assert (r.code, r.side, r.party, r.instrument) == (
        "cartagena.documentation_food_feed_processing",
        "export",
        "BR",
        "cartagena",
    )
    assert r.document.startswith('documentation: "may contain" living modified organisms')
    assert r.citation.provision == "Article 18, paragraph 2(a)"
    note = next(n for n in a.notes if n.code == "cartagena.food_feed_processing")
    assert "Biosafety Clearing-House within 15 days (Art. 11(1))" in note.text


def test_advance_informed_agreement_for_release() -> None:
    """Quoted: ART_7_1, ART_8_1, ART_10_5, ART_18_2_C."""
    _quoting(ART_7_1, ART_8_1, ART_10_5, ART_18_2_C)
    a = assess("maize", "ZA", "KE", "2024-03-01", lmo="release")
    got = [(r.code, r.side, r.party) for r in a.requirements]
    assert got == [
        ("cartagena.aia_notification", "export", "ZA"),
        ("cartagena.aia_decision", "import", "KE"),
        ("cartagena.documentation_release", "export", "ZA"),
    ]
    assert a.requirements[0].document.startswith("advance informed agreement")
    assert "does not imply consent" in a.requirements[1].reason
    assert "cartagena.aia_first_movement" in [n.code for n in a.notes]


def test_contained_use_needs_documentation_and_no_aia() -> None:
    """Quoted: ART_6_2, ART_18_2_B."""
    _quoting(ART_6_2, ART_18_2_B)
    a = assess("rice", "JP", "PH", "2024-03-01", lmo="contained_use")
    assert [r.code for r in a.requirements] == ["cartagena.documentation_contained_use"]
    assert "cartagena.contained_use" in [n.code for n in a.notes]


def test_pharmaceuticals_for_humans_are_outside_the_protocol() -> None:
    """Quoted: ART_5."""
    _quoting(ART_5)
    a = assess("maize", "ZA", "KE", "2024-03-01", lmo="release", end_use="human_pharmaceutical")
    assert not a.requirements and [n.code for n in a.notes] == ["cartagena.pharmaceutical"]


def test_transit_is_outside_advance_informed_agreement() -> None:
    """Quoted: ART_6_1."""
    _quoting(ART_6_1)
    a = assess("maize", "ZA", "KE", "2024-03-01", lmo="release", transit=["MZ"])
    note = next(n for n in a.notes if n.code == "cartagena.transit")
    assert note.citation is not None and note.citation.provision == "Article 6, paragraph 1"
    assert "Mozambique" in note.text


def test_non_parties_are_a_note_of_article_24() -> None:
    """Quoted: ART_24_1 (Argentina, confirmed not a Party up to 24 January 2011)."""
    _quoting(ART_24_1)
    a = assess("soybean", "AR", "BR", "2010-06-01", lmo="food_feed_processing")
    assert not a.requirements and not a.prohibitions and a.status == "check"
    assert "cartagena.non_party" in [n.code for n in a.notes]


def test_unknown_participation_is_a_note_never_a_guess() -> None:
    # The United States is known not to have been a party up to 2024-10-21 (non_parties.csv);
    # after that date the Cartagena list says nothing about it.
    a = assess("maize", "US", "MX", "2025-06-01", lmo="food_feed_processing")
    assert not a.requirements and "cartagena.party_status_unknown" in [n.code for n in a.notes]


def test_an_organism_without_a_declared_lmo_use_is_a_note() -> None:
    a = assess("maize", "BR", "ZA", "2024-03-01")
    assert a.status == "check" and [n.code for n in a.notes] == ["cartagena.lmo_not_declared"]


def test_listings_of_an_organism() -> None:
    (x,) = mt.listings("corn")
    assert (x.instrument, x.list, x.subject) == (
        "cartagena",
        "Article 4 (scope)",
        "living modified maize",
    )
    assert mt.listings("maize", on="2003-09-10") == ()


def test_command_line_assess_takes_the_lmo_use() -> None:
    import io

    from mea_trade.cli import main

    out = io.StringIO()
    argv = ["assess", "maize", "--from", "BR", "--to", "ZA", "--on", "2024-03-01"]
    assert main([*argv, "--lmo", "food_feed_processing"], out=out) == 0
    assert "may contain" in out.getvalue()


def test_an_lmo_use_on_a_chemical_is_a_note() -> None:
    a = assess("HCFC-22", "BR", "ZA", "2024-03-01", lmo="release")
    assert "cartagena.not_an_organism" in [n.code for n in a.notes]
    assert all(r.instrument != "cartagena" for r in a.requirements)
    a = assess("1005.90", "BR", "ZA", "2024-03-01", lmo="food_feed_processing")
    assert [r.code for r in a.requirements] == ["cartagena.documentation_food_feed_processing"]
