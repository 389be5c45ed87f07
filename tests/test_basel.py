"""The Basel Convention room: waste lists on a date and the rules for shipments of wastes.

Each rule is tested with the words of its article (quoted from the Convention's
English text, ``../shared/sources/treaty-texts-nl/basel.md``; Article 4A from the
Netherlands Treaty Database consolidation of 5 December 2019); when the shared
sources are present, a test checks that every quotation is in the text.
Codes and dates are those of decisions BC-14/12 (plastic waste, effective
1 January 2021) and BC-15/18 (e-waste, effective 1 January 2025).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from typing import Any

import pytest

import mea_trade as mt
from mea_trade.assessment import Note, Prohibition, Requirement
from mea_trade.basel import Entry, entries, history, search
from mea_trade.basel import entry as _entry
from mea_trade.basel.rules import agreements, classify, rule_set
from mea_trade.errors import InvalidWasteCodeError, UnknownCommodityError
from mea_trade.wastes import Waste

D = dt.date

# ---------------------------------------------------------------- the words of the Convention

ART_1_1_A = (
    "Wastes that belong to any category contained in Annex I, unless they do not possess any of "
    "the characteristics contained in Annex III"
)
ART_1_2 = (
    "Wastes that belong to any category contained in Annex II that are subject to transboundary "
    'movement shall be "other wastes" for the purposes of this Convention.'
)
ART_4_1_B = (
    "Parties shall prohibit or shall not permit the export of hazardous wastes and other wastes "
    "to the Parties which have prohibited the import of such wastes, when notified pursuant to "
    "subparagraph a) above."
)
ART_4_5 = (
    "A Party shall not permit hazardous wastes or other wastes to be exported to a non-Party or "
    "to be imported from a non-Party."
)
ART_4_6 = (
    "The Parties agree not to allow the export of hazardous wastes or other wastes for disposal "
    "within the area south of 60° South latitude"
)
ART_4_7_C = (
    "Require that hazardous wastes and other wastes be accompanied by a movement document from "
    "the point at which a transboundary movement commences to the point of disposal."
)
ART_6_1 = (
    "The State of export shall notify, or shall require the generator or exporter to notify, in "
    "writing, through the Channel of the competent authority of the State of export, the "
    "competent authority of the States concerned of any proposed transboundary movement of "
    "hazardous wastes or other wastes."
)
ART_6_3 = (
    "The State of export shall not allow the generator or exporter to commence the "
    "transboundary movement until it has received written confirmation that:"
)
ART_6_4 = (
    "The State of export shall not allow the transboundary movement to commence until it has "
    "received the written consent of the State of transit."
)
ART_7 = (
    "Paragraph 1 of Article 6 of the Convention shall apply *mutatis mutandis* to transboundary "
    "movement of hazardous wastes or other wastes from a Party through a State or States which "
    "are not Parties."
)
ART_8 = (
    "the State of export shall ensure that the wastes in question are taken back into the State "
    "of export, by the exporter, if alternative arrangements cannot be made for their disposal "
    "in an environmentally sound manner, within 90 days"
)
ART_11_1 = (
    "Notwithstanding the provisions of Article 4 paragraph 5, Parties may enter into bilateral, "
    "multilateral, or regional agreements or arrangements regarding transboundary movement of "
    "hazardous wastes or other wastes with Parties or non-Parties"
)
ART_11_2 = (
    "The provisions of this Convention shall not affect transboundary movements which take place "
    "pursuant to such agreements"
)
ANNEX_I_NOTE_C = (
    "Designation of a waste on Annex IX does not preclude, in a particular case, "
    "characterization of such a waste as hazardous pursuant to Article 1, paragraph 1 (a), of "
    "this Convention if it contains Annex I material to an extent causing it to exhibit an "
    "Annex III characteristic."
)
# Article 4A (Ban Amendment, decision III/1), Netherlands Treaty Database, 5 December 2019
ART_4A_1 = (
    "Each Party listed in Annex VII shall prohibit all transboundary movements of hazardous "
    "wastes which are destined for operations according to Annex IV A, to States not listed in "
    "Annex VII."
)
ART_4A_2 = (
    "Each Party listed in Annex VII shall phase out by 31 December 1997, and prohibit as of that "
    "date, all transboundary movements of hazardous wastes under Article 1, paragraph 1 (a) of "
    "the Convention which are destined for operations according to Annex IV B to States not "
    "listed in Annex VII."
)

QUOTES_IN_2014_TEXT = [
    ART_1_1_A,
    ART_1_2,
    ART_4_1_B,
    ART_4_5,
    ART_4_6,
    ART_4_7_C,
    ART_6_1,
    ART_6_3,
    ART_6_4,
    ART_7,
    ART_8,
    ART_11_1,
    ART_11_2,
    ANNEX_I_NOTE_C,
]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


@pytest.mark.parametrize("quote", QUOTES_IN_2014_TEXT, ids=lambda q: q[:30])
def test_quotations_are_the_words_of_the_convention(shared_sources, quote: str) -> None:  # type: ignore[no-untyped-def]
    text = _flat((shared_sources / "treaty-texts-nl" / "basel.md").read_text(encoding="utf-8"))
    assert _flat(quote) in text


def entry(code: str, *, on: dt.date | None = None) -> Entry:
    found = _entry(code, on=on)
    assert found is not None
    return found


def maybe(code: str, on: dt.date) -> Entry | None:
    return _entry(code, on=on)


def _quoting(*quotes: str) -> None:
    """Mark the articles a test applies (each is checked against the text above)."""
    assert all(q in QUOTES_IN_2014_TEXT or q in (ART_4A_1, ART_4A_2) for q in quotes)


def codes(findings: object) -> list[str]:
    return [f.code for f in findings]  # type: ignore[attr-defined]


def assess(code: str, exporter: str, importer: str, date: str, **kw: Any) -> mt.Assessment:
    return mt.assess(mt.Shipment(code, exporter=exporter, importer=importer, date=date, **kw))


# ---------------------------------------------------------------- the lists on a date


def test_annex_i_to_iv_counts_as_in_the_text() -> None:
    listed = {e.code: e for e in entries()}
    assert [f"Y{i}" for i in range(1, 46)] == [c for c in listed if listed[c].list == "Annex I"]
    assert {c for c, e in listed.items() if e.list == "Annex II"} == {"Y46", "Y47", "Y48", "Y49"}
    assert len([e for e in listed.values() if e.kind == "characteristic"]) == 14
    assert {c for c, e in listed.items() if e.kind == "disposal"} == {f"D{i}" for i in range(1, 16)}
    assert {c for c, e in listed.items() if e.kind == "recovery"} == {f"R{i}" for i in range(1, 14)}
    assert entry("Y46").description == "Wastes collected from households"
    assert entry("Y47").effective == D(1992, 5, 5)  # in the Convention since its entry into force
    assert entry("R4").description == "Recycling/reclamation of metals and metal compounds"


@pytest.mark.parametrize(
    ("code", "start", "decision"),
    [
        ("Y48", D(2021, 1, 1), "BC-14/12"),
        ("A3210", D(2021, 1, 1), "BC-14/12"),
        ("B3011", D(2021, 1, 1), "BC-14/12"),
        ("Y49", D(2025, 1, 1), "BC-15/18"),
        ("A1181", D(2025, 1, 1), "BC-15/18"),
    ],
)
def test_entries_added_by_the_amendments_take_effect_on_their_dates(
    code: str, start: dt.date, decision: str
) -> None:
    e = entry(code)
    assert e is not None and e.effective == start and e.added_by == decision
    # both sides of the date, as a customs officer would ask
    assert maybe(code, start - dt.timedelta(days=1)) is None
    assert entry(code, on=start) is e
    assert mt.listings(code, on=start - dt.timedelta(days=1)) == ()
    (listing,) = mt.listings(code, on=start)
    assert (listing.instrument, listing.entry, listing.effective) == ("basel", code, start)


@pytest.mark.parametrize(
    ("code", "end", "decision"),
    [
        ("B3010", D(2021, 1, 1), "BC-14/12"),
        ("A1180", D(2025, 1, 1), "BC-15/18"),
        ("B1110", D(2025, 1, 1), "BC-15/18"),
        ("B4030", D(2025, 1, 1), "BC-15/18"),
    ],
)
def test_entries_deleted_by_the_amendments_end_on_their_dates(
    code: str, end: dt.date, decision: str
) -> None:
    e = entry(code)
    assert e is not None and e.until == end and e.removed_by == decision
    assert entry(code, on=end - dt.timedelta(days=1)) is e
    assert maybe(code, end) is None
    assert len(mt.listings(code, on=end - dt.timedelta(days=1))) == 1
    assert mt.listings(code, on=end) == ()
    assert mt.listings(code)[0].until == end


def test_there_is_no_b1111_and_b1110_has_no_successor_on_list_b() -> None:
    with pytest.raises(mt.basel.UnknownWasteCodeError):
        entry("B1111")
    assert [e.code for e in entries(on=D(2025, 6, 1)) if e.code.startswith("B111")] == ["B1115"]


def test_list_a_and_b_entries_are_read_with_their_full_wording() -> None:
    a1010 = entry("A1010")
    assert a1010.description.startswith("Metal wastes and waste consisting of alloys")
    assert "Thallium but excluding such wastes specifically listed on list B" in a1010.description
    # "A 1190" is printed with a space in the 2014 text; decision VII/19 added it
    assert entry("A1190").added_by == "VII/19" and entry("B1115").added_by == "VII/19"
    assert entry("B3140").operations == "R"  # "excluding those destined for Annex IVA operations"
    # A3200 is named by B2130 but not printed: no wording, flagged
    assert entry("A3200").wording == "none" and "wording" in entry("A3200").unverified
    # the Annex VIII/IX dates of effect were not read: the data says so
    assert entry("A1010").effective is None
    assert entry("A1010").in_effect(D(1997, 12, 31)) is False  # before decision IV/9
    assert entry("A1010").in_effect(D(2015, 1, 1)) is True  # in the 2014 text


def test_every_code_of_the_2014_extract_is_bundled(shared_sources) -> None:  # type: ignore[no-untyped-def]
    path = shared_sources / "treaty-texts-nl" / "extracted" / "basel_annex_codes_2017.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        e = entry(row["code"])
        assert e is not None and e.list == f"Annex {row['annex']}", row["code"]
        if row["annex"] in ("I", "II", "IV") and row["code"] != "Y12":
            assert e.description == re.sub(r"\s+", " ", row["description"]).strip()


def test_every_change_since_2014_is_bundled_with_its_date(shared_sources) -> None:  # type: ignore[no-untyped-def]
    path = shared_sources / "mea-listings-2025" / "basel_annex_changes_since_2014.csv"
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["code"] != "Ban Amendment"]
    for row in rows:
        e = entry(row["code"])
        day = D.fromisoformat(row["effective"])
        if row["action"] == "add":
            assert e.effective == day and e.added_by == row["decision"], row["code"]
        else:
            assert e.until == day and e.removed_by == row["decision"], row["code"]


def test_lookup_of_characteristics_operations_and_unknown_codes() -> None:
    assert [(x.list, x.entry) for x in mt.listings("R04")] == [("Annex IV", "R4")]
    assert [x.entry for x in mt.listings("h11")] == ["H11"]
    assert entry("D10").description == "Incineration on land"
    with pytest.raises(mt.basel.UnknownWasteCodeError, match="B1111"):
        mt.listings("B1111")
    s = mt.Shipment("Y50", exporter="DE", importer="FR", date="2025-01-01")
    assert [n.code for n in mt.assess(s).notes] == ["basel.unknown_code"]


def test_lookup_by_words() -> None:
    assert [e.code for e in search("waste pneumatic tyres")] == ["B3140"]
    assert "A1160" in [x.entry for x in mt.listings("lead-acid batteries")]
    assert {x.match for x in mt.listings("lead-acid batteries")} == {"text"}


def test_oecd_codes_as_a_national_system_uses_them() -> None:
    assert entry("GC030").kind == "oecd_green"
    assert entry("GC030").description == "Vessels and other floating structures for breaking up"
    assert entry("AA010").kind == "oecd_amber" and "listing" in entry("AA010").unverified
    (x,) = mt.listings("GB040")
    assert x.list == "OECD green list" and x.unverified


def test_hs_codes_get_the_basel_screening_flags() -> None:
    (x,) = mt.listings("3915.10")
    assert (x.instrument, x.match) == ("basel", "hs_code")
    s = mt.Shipment("3915.10", exporter="DE", importer="MY", date="2022-01-01")
    assert codes(mt.assess(s).notes) == ["basel.hs_line"]


# ---------------------------------------------------------------- shipments declare wastes


def test_a_shipment_names_a_waste_by_its_codes_and_operation() -> None:
    s = mt.Shipment("a1181", exporter="DE", importer="IN", date="2025-03-01", operation="R04")
    assert isinstance(s.commodity, Waste) and str(s.commodity) == "A1181"
    assert s.operation == "R4" and s.commodity_name == "A1181"
    s = mt.Shipment(("A1010", "Y31"), exporter="DE", importer="IN", date="2025-03-01")
    assert str(s.commodity) == "A1010; Y31"
    s = mt.Shipment("B1010 and B1050", exporter="DE", importer="IN", date="2025-03-01")
    assert isinstance(s.commodity, Waste)
    assert [c.code for c in s.commodity.codes] == ["B1010", "B1050"]
    s = mt.Shipment(
        "B1010", exporter="DE", importer="IN", date="2025-03-01", characteristics="H6.1, h11"
    )
    assert s.characteristics == ("H6.1", "H11")


@pytest.mark.parametrize("operation", ["R14", "D0", "X1", "recycling"])
def test_an_unknown_operation_is_a_typed_error(operation: str) -> None:
    with pytest.raises(InvalidWasteCodeError, match="Annex IV"):
        mt.Shipment("A1181", exporter="DE", importer="IN", date="2025-03-01", operation=operation)


def test_an_unknown_characteristic_is_a_typed_error() -> None:
    with pytest.raises(InvalidWasteCodeError, match="Annex III"):
        mt.Shipment("B1010", exporter="DE", importer="IN", date="2025-03-01", characteristics="H2")


def test_text_that_is_not_a_code_is_still_read_as_a_name() -> None:
    with pytest.raises(UnknownCommodityError):
        mt.Shipment("A11", exporter="DE", importer="IN", date="2025-03-01")
    assert mt.Shipment("R-22", exporter="DE", importer="IN", date="2025-03-01").commodity_name == (
        "HCFC-22"
    )


def test_existing_shipments_are_unchanged_by_the_new_fields() -> None:
    s = mt.Shipment("HCFC-22", exporter="CN", importer="GH", date="2024-05-01")
    assert (s.operation, s.characteristics, s.lmo) == (None, (), None)
    assert mt.assess(s).status == "licences_required"
    assert "basel" not in mt.assess(s).instruments_applied


# ---------------------------------------------------------------- classification


def test_annex_i_categories_are_hazardous_unless_without_characteristics() -> None:
    """Quoted: ART_1_1_A."""
    _quoting(ART_1_1_A)
    found = classify(Waste.parse("Y31"), D(2020, 1, 1))
    assert found.status == "hazardous" and codes(found.notes) == ["basel.annex_i_category"]


def test_annex_ii_wastes_are_other_wastes() -> None:
    """Art. 1(2): Annex II wastes "shall be 'other wastes'"."""
    for code in ("Y46", "Y47", "Y48", "Y49"):
        assert classify(Waste.parse(code), D(2025, 6, 1)).status == "other"


def test_annex_ix_wastes_with_annex_iii_characteristics_are_hazardous() -> None:
    """Quoted: ANNEX_I_NOTE_C."""
    _quoting(ANNEX_I_NOTE_C)
    assert classify(Waste.parse("B1010"), D(2020, 1, 1)).status == "listed_non_hazardous"
    found = classify(Waste.parse("B1010"), D(2020, 1, 1), characteristics=("H11",))
    assert found.status == "hazardous" and "basel.annex_ix_hazardous" in codes(found.notes)


def test_y48_excludes_b3011_and_plastic_to_disposal_is_y48() -> None:
    day = D(2021, 6, 1)
    assert classify(Waste.parse("B3011"), day, operation="R3").status == "listed_non_hazardous"
    found = classify(Waste.parse("B3011"), day, operation="D1")
    assert found.status == "other" and codes(found.notes) == ["basel.b3011_to_disposal"]


def test_a_mixture_is_as_controlled_as_its_most_controlled_code() -> None:
    assert classify(Waste.parse("B1010; A1010"), D(2020, 1, 1)).status == "hazardous"
    assert classify(Waste.parse("B1010; Y46"), D(2020, 1, 1)).status == "other"


# ---------------------------------------------------------------- prior informed consent (Art. 6)


def test_prior_informed_consent_names_who_acts() -> None:
    """Quoted: ART_6_1, ART_6_3, ART_4_7_C."""
    _quoting(ART_6_1, ART_6_3, ART_4_7_C)
    a = assess("Y48", "DE", "MY", "2021-06-01", operation="R3")
    assert a.status == "licences_required" and not a.prohibitions
    got = [(r.code, r.side, r.party) for r in a.requirements]
    assert got == [
        ("basel.notification", "export", "DE"),
        ("basel.import_consent", "import", "MY"),
        ("basel.disposal_contract", "import", "MY"),
        ("basel.movement_document", "export", "DE"),
    ]
    assert a.requirements[1].document == "written consent of the State of import"
    assert a.requirements[1].citation.provision.startswith("Article 6, paragraphs 2 and 3(a)")
    assert all(r.instrument == "basel" and not r.unverified for r in a.requirements)


def test_each_state_of_transit_consents_and_a_non_party_is_notified() -> None:
    """Quoted: ART_6_4, ART_7."""
    _quoting(ART_6_4, ART_7)
    a = assess("A1010", "DE", "FR", "1999-06-01", operation="D10", transit=["BE", "US"])
    got = [(r.code, r.side, r.party) for r in a.requirements]
    assert ("basel.transit_consent", "transit", "BE") in got
    assert ("basel.transit_notification", "export", "DE") in got
    notice = next(r for r in a.requirements if r.code == "basel.transit_notification")
    assert "United States" in notice.reason and notice.citation.provision == "Article 7"


def test_illegal_traffic_and_reimport_are_a_note() -> None:
    """Quoted: ART_8."""
    _quoting(ART_8)
    a = assess("Y48", "DE", "MY", "2021-06-01", operation="R3")
    note = next(n for n in a.notes if n.code == "basel.reimport_duty")
    assert "90 days (Art. 8)" in note.text and "30 days (Art. 9(2))" in note.text


def test_annex_ix_wastes_are_outside_pic_but_never_clear() -> None:
    a = assess("B3011", "DE", "MY", "2021-06-01", operation="R3")
    assert a.status == "check" and codes(a.notes) == ["basel.annex_ix"]


def test_a_deleted_entry_is_a_note_pointing_to_its_successors() -> None:
    a = assess("B1110", "DE", "GH", "2025-06-01", operation="R4")
    assert a.status == "check"
    (note,) = a.notes
    assert note.code == "basel.entry_not_in_effect" and "A1181" in note.text and "Y49" in note.text


def test_before_its_date_an_entry_does_not_exist() -> None:
    a = assess("A1181", "DE", "GH", "2024-12-31", operation="R4")
    assert a.status == "check" and "takes effect on 2025-01-01" in a.notes[0].text


# ---------------------------------------------------------------- the Ban Amendment (Art. 4A)


def test_ban_amendment_e_waste_to_a_non_annex_vii_state_after_2025() -> None:
    """Quoted: ART_4A_2."""
    _quoting(ART_4A_2)
    a = assess("A1181", "DE", "GH", "2025-06-01", operation="R4")
    (ban,) = a.prohibitions
    assert (ban.code, ban.side, ban.party, ban.instrument) == (
        "basel.ban_amendment",
        "export",
        "DE",
        "basel_ban",
    )
    assert ban.since == D(2019, 12, 5) and ban.citation.provision == "Article 4A, paragraph 2"
    # y49, the non-hazardous e-waste, is an "other waste": PIC, but not the Ban
    a = assess("Y49", "DE", "GH", "2025-06-01", operation="R4")
    assert a.status == "licences_required" and not a.prohibitions


def test_ban_amendment_for_disposal_and_its_date() -> None:
    """Quoted: ART_4A_1."""
    _quoting(ART_4A_1)
    a = assess("A1010", "NL", "EG", "2019-12-05", operation="D1")
    assert a.prohibitions[0].citation.provision == "Article 4A, paragraph 1"
    assert not assess("A1010", "NL", "EG", "2019-12-04", operation="D1").prohibitions


def test_no_ban_between_annex_vii_states_nor_from_a_non_annex_vii_state() -> None:
    assert not assess("A1181", "DE", "FR", "2025-06-01", operation="R4").prohibitions
    assert not assess("A1181", "GH", "IN", "2025-06-01", operation="R4").prohibitions


def test_an_unknown_acceptance_of_the_ban_is_a_note_not_a_guess() -> None:
    a = assess("A1181", "JP", "VN", "2025-06-01", operation="R4")  # Japan: not in the bundled list
    assert not a.prohibitions and "basel.ban_status_unknown" in codes(a.notes)


# ---------------------------------------------------------------- non-Parties (Art. 4(5), Art. 11)

# The United States signed the Convention and did not ratify it; the bundled record confirms it
# was not a Party up to 1 February 2000 (parties/non_parties.csv: EPA, February 2000).


def test_no_import_from_a_non_party_the_united_states() -> None:
    """Quoted: ART_4_5."""
    _quoting(ART_4_5)
    a = assess("A1010", "US", "IN", "1999-06-01", operation="R4")
    (p,) = a.prohibitions
    assert (p.code, p.side, p.party) == ("basel.import_from_non_party", "import", "IN")
    assert p.citation.provision == "Article 4, paragraph 5" and p.since == D(1992, 9, 22)


def test_no_export_to_a_non_party_the_united_states_for_disposal() -> None:
    """Quoted: ART_4_5."""
    _quoting(ART_4_5)
    a = assess("A1010", "DE", "US", "1999-06-01", operation="D10")
    (p,) = a.prohibitions
    assert (p.code, p.side, p.party) == ("basel.export_to_non_party", "export", "DE")


def test_article_11_the_oecd_decision_covers_recovery_between_oecd_members() -> None:
    """Quoted: ART_11_1, ART_11_2."""
    _quoting(ART_11_1, ART_11_2)
    a = assess("A1010", "DE", "US", "1999-06-01", operation="R4")
    assert not a.prohibitions
    (r,) = a.requirements
    assert (r.code, r.party) == ("basel.agreement_procedure", "DE")
    assert "OECD Decision" in r.document and r.citation.id == "oecd-waste-decision"
    assert "basel.article_11_agreement" in codes(a.notes)


def test_article_11_the_canada_united_states_agreement_covers_disposal() -> None:
    """Quoted: ART_11_1."""
    _quoting(ART_11_1)
    a = assess("A1010", "US", "CA", "1999-06-01", operation="D10")
    assert not a.prohibitions
    (r,) = a.requirements
    assert r.citation.id == "ca-us-hw-agreement" and "Canada-United States" in r.document
    assert r.unverified  # the Agreement's procedure was read in a summary only
    # household waste is covered since the 1992 amendment only
    assert not assess("Y46", "CA", "US", "1999-06-01", operation="D1").prohibitions
    (other,) = [x for x in agreements() if x.id == "ca_us_other_wastes"]
    assert other.covers("CA", "US", D(1992, 11, 25), "other", frozenset({"Y46"}), "D1")
    assert not other.covers("CA", "US", D(1992, 11, 24), "other", frozenset({"Y46"}), "D1")


def test_without_a_declared_operation_the_agreement_may_decide() -> None:
    a = assess("A1010", "DE", "US", "1999-06-01")
    assert not a.prohibitions and "basel.operation_decides_agreement" in codes(a.notes)


def test_a_party_status_the_data_cannot_give_is_a_note() -> None:
    # The bundled Basel list is complete to 31 August 2024 and a source (ISRI, 2 January 2025)
    # confirms the United States was still not a Party then: up to that date the movement is
    # banned under Art. 4(5); after it the status is unknown, and the answer is a note.
    banned = assess("A1010", "US", "IN", "2024-06-01", operation="R4")
    assert "basel.import_from_non_party" in codes(banned.prohibitions)
    a = assess("A1010", "US", "IN", "2026-06-01", operation="R4")
    assert not a.prohibitions and a.status == "check"
    assert "basel.party_status_unknown" in codes(a.notes)
    assert "Party status unknown" in next(
        n.text for n in a.notes if n.code == "basel.party_status_unknown"
    )


def test_antarctica() -> None:
    """Quoted: ART_4_6."""
    _quoting(ART_4_6)
    a = assess("Y46", "AU", "AQ", "2010-01-01", operation="D1")
    assert "basel.antarctica" in codes(a.prohibitions)


# ---------------------------------------------------------------- import prohibitions (Art. 4(1))


def test_import_prohibitions_are_user_data_and_the_empty_default_says_so() -> None:
    """Quoted: ART_4_1_B."""
    _quoting(ART_4_1_B)
    a = assess("Y48", "DE", "MY", "2021-06-01", operation="R3")
    assert "basel.import_prohibitions_not_checked" in codes(a.notes)
    rules = rule_set(
        import_prohibitions=[
            {"country": "MY", "wastes": "other", "operations": "", "from": "2020-01-01"}
        ]
    )
    a = mt.assess(
        mt.Shipment("Y48", exporter="DE", importer="MY", date="2021-06-01", operation="R3"),
        rules=[rules],
    )
    assert [(p.code, p.party) for p in a.prohibitions] == [
        ("basel.import_prohibited", "MY"),
        ("basel.export_to_prohibiting_party", "DE"),
    ]
    assert a.prohibitions[0].since == D(2020, 1, 1)
    assert "basel.import_prohibitions_not_checked" not in codes(a.notes)


def test_user_agreements_in_the_documented_csv_format(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "agreements.csv"
    path.write_text(
        "id,name,members,operations,wastes,from,source,verified\n"
        "us_in,A fictional agreement,US;IN,,hazardous,1995-01-01,my records,text\n",
        encoding="utf-8",
    )
    rules = rule_set(agreements=path)
    s = mt.Shipment("A1010", exporter="US", importer="IN", date="1999-06-01", operation="R4")
    a = mt.assess(s, rules=[rules])
    assert not a.prohibitions and a.requirements[0].citation.note == "my records"


def test_findings_are_findings() -> None:
    a = assess("A1181", "DE", "GH", "2025-06-01", operation="R4")
    assert all(isinstance(f, (Requirement, Prohibition, Note)) for f in (*a.requirements, *a.notes))
    assert history("A1181")[0].sources[0].id == "bc-15-18"


def test_command_line_assess_takes_the_operation() -> None:
    import io

    from mea_trade.cli import main

    out = io.StringIO()
    argv = ["assess", "A1181", "--from", "DE", "--to", "GH", "--on", "2025-06-01"]
    assert main([*argv, "--operation", "R4"], out=out) == 0
    assert out.getvalue().startswith("status: prohibited")
    assert "Article 4A, paragraph 2" in out.getvalue()
