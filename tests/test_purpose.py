"""Shipment.purpose: one field, two vocabularies.

The CITES room reads a purpose code of the transaction (one letter, data/cites/trade_codes.csv);
the Rotterdam, Stockholm, Minamata and Chemical Weapons Conventions read the words of
records.PURPOSES. The field takes either; each room reads only the vocabulary it knows.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mea_trade as mt
from mea_trade.cites import rules as cites_rules
from mea_trade.cwc import rules as cwc_rules
from mea_trade.minamata import rules as minamata_rules
from mea_trade.records import PURPOSES, Note, Prohibition, purpose_codes
from mea_trade.rotterdam import rules as rotterdam_rules
from mea_trade.screening import screen
from mea_trade.stockholm import rules as stockholm_rules
from mea_trade.testing import strategies as mts

CHEMICAL_ROOMS = (rotterdam_rules, stockholm_rules, minamata_rules, cwc_rules)


def _s(item: str, exp: str, imp: str, day: str, **kw: Any) -> mt.Shipment:
    return mt.Shipment(item, exporter=exp, importer=imp, date=day, **kw)


def test_the_two_vocabularies_do_not_overlap() -> None:
    codes = set(purpose_codes())
    assert codes == set("BEGHLMNPQSTZ")
    assert all(len(code) == 1 for code in codes)
    assert all(len(word) > 1 for word in PURPOSES)


def test_cites_codes_are_read_in_any_case_and_stored_upper_case() -> None:
    for code in purpose_codes():
        for text in (code, code.lower(), f" {code} "):
            assert _s("Python regius", "GH", "US", "2024-05-01", purpose=text).purpose == code


def test_words_are_stored_as_the_word() -> None:
    for word in PURPOSES:
        for text in (word, word.upper(), word.replace("_", " ").title(), word.replace("_", "-")):
            s = _s("lindane", "FR", "IN", "2024-05-02", purpose=text)
            assert s.purpose == word
            assert s.stated_purpose == word
    assert _s("lindane", "FR", "IN", "2024-05-02", purpose="").purpose is None


@pytest.mark.parametrize("bad", ["X", "W", "trade", "TT", "commercial", "disposal please", 7, True])
def test_anything_else_names_both_vocabularies(bad: object) -> None:
    with pytest.raises(mt.InvalidArgumentError) as info:
        _s("lindane", "FR", "IN", "2024-05-02", purpose=bad)
    message = str(info.value)
    assert "CITES purpose code" in message
    assert ", ".join(sorted(purpose_codes())) in message
    assert ", ".join(PURPOSES) in message


def test_the_cites_rules_read_a_word_as_no_purpose_code() -> None:
    # Art. III(3)(c): an import permit only if "the specimen is not to be used for primarily
    # commercial purposes": purpose T of an Appendix I specimen is prohibited.
    kw = {"source": "W"}
    coded = mt.assess(_s("Panthera tigris", "IN", "DE", "2020-01-01", purpose="T", **kw))
    assert [p.code for p in coded.prohibitions] == ["cites.appendix_i_commercial_import"]
    plain = mt.assess(_s("Panthera tigris", "IN", "DE", "2020-01-01", **kw))
    for word in ("use", "research", "disposal"):
        worded = mt.assess(_s("Panthera tigris", "IN", "DE", "2020-01-01", purpose=word, **kw))
        assert worded.status == plain.status == "licences_required"
        assert worded.requirements == plain.requirements
        assert worded.notes == plain.notes
    # Art. VII(6), scientific exchange: a purpose code other than S gets a note; a word is no
    # purpose code at all, so none.
    sci = {"source": "W", "exemption": "scientific_exchange"}
    codes_t = [
        n.code
        for n in mt.assess(
            _s("Cattleya aclandiae", "BR", "US", "2024-05-01", purpose="T", **sci)
        ).notes
    ]
    assert "cites.scientific_exchange_purpose" in codes_t
    worded = mt.assess(
        _s("Cattleya aclandiae", "BR", "US", "2024-05-01", purpose="research", **sci)
    )
    plain = mt.assess(_s("Cattleya aclandiae", "BR", "US", "2024-05-01", **sci))
    assert "cites.scientific_exchange_purpose" not in [n.code for n in worded.notes]
    assert (worded.requirements, worded.notes) == (plain.requirements, plain.notes)
    assert cites_rules.cites_purpose("research") is None
    assert cites_rules.cites_purpose("T") == "T"


def test_the_chemical_rooms_read_a_cites_code_as_no_purpose() -> None:
    # CWC Verification Annex Part VI, para 2: Schedule 1 chemicals only for "research, medical,
    # pharmaceutical or protective purposes": a declared purpose outside them is a ban, no
    # declared purpose a note. CITES code S ("scientific") is no declared purpose here.
    def found(**kw: Any) -> list[tuple[str, str]]:
        s = _s("sarin", "FR", "DE", "2024-09-02", **kw)
        return [(f.code, type(f).__name__) for f in cwc_rules.evaluate(s)]

    assert ("cwc.schedule_1_purpose", "Prohibition") in found(purpose="use")
    assert ("cwc.schedule_1_purpose", "Note") in found()
    assert not [c for c in found(purpose="protective") if c[0] == "cwc.schedule_1_purpose"]
    for code in ("S", "M", "T"):
        s = _s("sarin", "FR", "DE", "2024-09-02", purpose=code)
        assert s.purpose == code and s.stated_purpose is None
        assert found(purpose=code) == found()
    # Stockholm Art. 3(2)(a)(i): an import for environmentally sound disposal; code T says
    # nothing of disposal
    disposal = stockholm_rules.evaluate(_s("endrin", "FR", "IN", "2024-06-03", purpose="disposal"))
    coded = stockholm_rules.evaluate(_s("endrin", "FR", "IN", "2024-06-03", purpose="T"))
    plain = stockholm_rules.evaluate(_s("endrin", "FR", "IN", "2024-06-03"))
    assert coded == plain != disposal
    assert any(isinstance(f, Prohibition) for f in plain)


def test_a_declared_end_use_still_speaks_when_the_purpose_is_a_cites_code() -> None:
    # A CITES code is no purpose to the chemical rooms, so what end_use implies stands.
    s = _s("lindane", "FR", "IN", "2024-05-02", purpose="T", end_use="destruction")
    assert (s.purpose, s.stated_purpose) == ("T", "disposal")


@pytest.mark.parametrize("purpose", [*PURPOSES, *sorted(purpose_codes())])
def test_both_vocabularies_survive_a_file(purpose: str) -> None:
    s = _s("lindane", "FR", "IN", "2024-05-02", purpose=purpose, banned_by_exporter=False)
    row = s.to_row()
    assert (row["purpose"], row["banned_by_exporter"]) == (purpose, "no")
    result = screen(row)[0]
    assert result.error is None and result.assessment is not None
    assert result.assessment.shipment.purpose == purpose
    assert result.assessment.shipment.banned_by_exporter is False
    assert f"purpose={purpose!r}" in repr(s)


@settings(max_examples=30)
@given(mts.chemical_shipments(), mts.cites_codes(field="purpose"))
def test_a_cites_code_is_no_purpose_to_any_chemical_room(s: mt.Shipment, code: str) -> None:
    coded = attrs.evolve(s, purpose=code)
    plain = attrs.evolve(s, purpose=None)
    assert coded.stated_purpose is None
    for room in CHEMICAL_ROOMS:
        assert room.evaluate(coded) == room.evaluate(plain)


@settings(max_examples=30)
@given(mts.cites_shipments(), st.sampled_from(PURPOSES))
def test_a_word_is_no_purpose_code_to_the_cites_rules(s: mt.Shipment, word: str) -> None:
    worded = cites_rules.evaluate(attrs.evolve(s, purpose=word))
    plain = cites_rules.evaluate(attrs.evolve(s, purpose=None))
    assert worded == plain
    assert all(n.code != "cites.scientific_exchange_purpose" for n in worded if isinstance(n, Note))
