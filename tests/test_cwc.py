"""Chemical Weapons Convention: the Schedules and the transfer rules of the Verification Annex.

Texts: the Convention with the Annex on Chemicals and the Verification Annex, English text
of the Netherlands Treaty Database (shared/sources/mea-listings-2025/cwc_text.md), and the
transfer paragraphs extracted verbatim (cwc_transfer_rules.csv). Party data:
data/parties/cwc.csv (complete to its as-of date: Egypt, Israel and North Korea are not
States Parties up to it, and of unknown status after it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

import mea_trade as mt
from mea_trade.cwc.rules import evaluate
from mea_trade.cwc.schedules import rows, transfer_rules
from mea_trade.records import Note, Prohibition, Requirement
from mea_trade.testing import strategies as mts

TEXT = "mea-listings-2025/cwc_text.md"
RULES = "mea-listings-2025/cwc_transfer_rules.csv"


def test_schedule_dates() -> None:
    # US Federal Register 86 FR 936: the CWC "entered into force on April 29, 1997"; opcw.org:
    # the changes to Schedule 1 "shall enter into force for all States Parties 180 days after
    # the date of the aforementioned notification by the Director-General that is on 7 June 2020"
    dates = {(r.schedule, r.item, r.in_force_from) for r in rows()}
    added = {item for s, item, d in dates if d == dt.date(2020, 6, 7)}
    assert added == {"13", "14", "15", "16"}
    assert {d for s, item, d in dates if item not in added or s != "1"} == {dt.date(1997, 4, 29)}
    assert mt.instruments.get("cwc").entry_into_force == dt.date(1997, 4, 29)


def test_schedules_as_printed(quoted: Callable[[str, str], None]) -> None:
    quoted(TEXT, "Sarin: O-Isopropyl methylphosphonofluoridate |(107-44-8)")
    quoted(TEXT, "Thiodiglycol: Bis(2-hydroxyethyl)sulfide |(111-48-8)")
    items = {(r.schedule, r.item) for r in rows() if r.row_type == "item"}
    # Schedule 1: items 1-16 (13-16 since 2020); Schedule 2: 1-14; Schedule 3: 1-17
    assert items == {("1", str(i)) for i in range(1, 17)} | {
        ("2", str(i)) for i in range(1, 15)
    } | {("3", str(i)) for i in range(1, 18)}
    assert [x.list for x in mt.listings("107-44-8")] == ["Schedule 1"]
    assert [(x.list, x.entry) for x in mt.listings("phosgene")] == [
        ("Schedule 3", "Part A, item 1")
    ]
    assert mt.listings("fonofos") == ()  # exempted from Schedule 2 item 4


def _s(item: str, exp: str, imp: str, day: str = "2024-03-01", **kw: object) -> mt.Shipment:
    return mt.Shipment(item, exporter=exp, importer=imp, date=day, **kw)  # type: ignore[arg-type]


def test_schedule_1_only_to_states_parties(quoted: Callable[[str, str], None]) -> None:
    # Part VI, para 3: "A State Party may transfer Schedule 1 chemicals outside its territory only
    # to another State Party and only for research, medical, pharmaceutical or protective purposes
    # in accordance with paragraph 2."
    quoted(
        RULES,
        "A State Party may transfer Schedule 1 chemicals outside its territory only to another "
        "State Party and only for research, medical, pharmaceutical or protective purposes in "
        "accordance with paragraph 2.",
    )
    (ban,) = [
        f
        for f in evaluate(_s("sarin", "FR", "IL", purpose="research"))
        if isinstance(f, Prohibition)
    ]
    assert (ban.code, ban.party, ban.side, ban.instrument) == (
        "cwc.schedule_1_transfer_ban",
        "FR",
        "export",
        "cwc",
    )
    # a purpose other than those four is prohibited, an undeclared one noted
    wrong = [
        f for f in evaluate(_s("sarin", "FR", "DE", purpose="use")) if isinstance(f, Prohibition)
    ]
    assert [(f.code, f.party) for f in wrong] == [("cwc.schedule_1_purpose", "FR")]
    assert "cwc.schedule_1_purpose" in [
        f.code for f in evaluate(_s("sarin", "FR", "DE")) if isinstance(f, Note)
    ]


def test_schedule_1_advance_notification_30_days(quoted: Callable[[str, str], None]) -> None:
    # Part VI, para 5: "Not less than 30 days before any transfer to another State Party both
    # States Parties shall notify the Technical Secretariat of the transfer."
    quoted(
        RULES,
        "Not less than 30 days before any transfer to another State Party both States Parties "
        "shall notify the Technical Secretariat of the transfer.",
    )
    reqs = [
        f
        for f in evaluate(_s("VX", "FR", "DE", purpose="protective"))
        if isinstance(f, Requirement)
    ]
    assert [(r.code, r.party, r.side, r.document, r.due) for r in reqs] == [
        (
            "cwc.advance_notification",
            "FR",
            "export",
            "advance notification to the Technical Secretariat",
            dt.date(2024, 1, 31),
        ),
        (
            "cwc.advance_notification",
            "DE",
            "import",
            "advance notification to the Technical Secretariat",
            dt.date(2024, 1, 31),
        ),
    ]
    # Part VI, para 4: "Chemicals transferred shall not be retransferred to a third State."
    quoted(RULES, "Chemicals transferred shall not be retransferred to a third State.")
    assert "cwc.no_retransfer" in [f.code for f in evaluate(_s("VX", "FR", "DE"))]
    assert mt.assess(_s("VX", "FR", "DE")).to_dict()["requirements"][0]["due"] == "2024-01-31"


def test_schedule_2_transfers_to_states_not_party_prohibited_from_2000(
    quoted: Callable[[str, str], None],
) -> None:
    # Part VII, para 31: "Schedule 2 chemicals shall only be transferred to or received from
    # States Parties. This obligation shall take effect three years after entry into force of
    # this Convention."
    quoted(
        RULES,
        "Schedule 2 chemicals shall only be transferred to or received from States Parties. "
        "This obligation shall take effect three years after entry into force of this Convention.",
    )
    (ban,) = [f for f in evaluate(_s("thiodiglycol", "DE", "IL")) if isinstance(f, Prohibition)]
    assert (ban.code, ban.party, ban.side, ban.since) == (
        "cwc.schedule_2_transfer_ban",
        "DE",
        "export",
        dt.date(2000, 4, 29),
    )
    assert ban.unverified  # the date is computed, not read
    (received,) = [
        f for f in evaluate(_s("thiodiglycol", "IL", "DE")) if isinstance(f, Prohibition)
    ]
    assert (received.party, received.side) == ("DE", "import")
    # Part VII, para 32: during the interim period, an end-use certificate
    quoted(
        RULES,
        "During this interim three-year period, each State Party shall require an end-use "
        "certificate",
    )
    before = evaluate(_s("thiodiglycol", "DE", "IL", "1999-06-01"))
    assert [
        (f.code, getattr(f, "document", None)) for f in before if isinstance(f, Requirement)
    ] == [("cwc.end_use_certificate", "end-use certificate")]
    assert not any(isinstance(f, Prohibition) for f in before)


def test_schedule_3_end_use_certificate(quoted: Callable[[str, str], None]) -> None:
    # Part VIII, para 26: "When transferring Schedule 3 chemicals to States not Party to this
    # Convention, each State Party shall adopt the necessary measures ... the State Party shall
    # require from the recipient State a certificate ..."
    quoted(
        RULES,
        "When transferring Schedule 3 chemicals to States not Party to this Convention, each "
        "State Party shall adopt the necessary measures to ensure that the transferred "
        "chemicals shall only be used for purposes not prohibited under this Convention.",
    )
    reqs = [f for f in evaluate(_s("triethanolamine", "DE", "EG")) if isinstance(f, Requirement)]
    assert [(r.code, r.party, r.document) for r in reqs] == [
        ("cwc.end_use_certificate", "DE", "end-use certificate")
    ]
    # between States Parties: no transfer rule
    assert evaluate(_s("triethanolamine", "DE", "FR")) == ()
    # chloropicrin is a catalog substance (a methyl bromide alternative) and Schedule 3
    assert [
        f.code for f in evaluate(_s("chloropicrin", "DE", "EG")) if isinstance(f, Requirement)
    ] == ["cwc.end_use_certificate"]


def test_low_concentration_mixtures_are_a_note(quoted: Callable[[str, str], None]) -> None:
    # Part VII, para 5: "Declarations pursuant to paragraph 3 are generally not required for
    # mixtures containing a low concentration of a Schedule 2 chemical."
    quoted(
        TEXT,
        "Declarations pursuant to paragraph 3 are generally not required for mixtures "
        "containing a low concentration of a Schedule 2 chemical.",
    )
    notes = [f for f in evaluate(_s("thiodiglycol", "DE", "IL")) if isinstance(f, Note)]
    assert [n.code for n in notes] == ["cwc.low_concentration"]
    assert "no concentration threshold" in notes[0].text
    assert {r.rule for r in transfer_rules("2")} >= {"low_concentration"}


def test_exempted_chemicals_and_hs_lines() -> None:
    assert [f.code for f in evaluate(_s("N,N-dimethylaminoethanol", "DE", "IL"))] == [
        "cwc.exempted"
    ]
    (note,) = evaluate(_s("2930.70", "DE", "IL"))
    assert note.code == "cwc.hs_line" and "Schedule 2, Part B, item 13" in note.text  # type: ignore[union-attr]


STATES_NOT_PARTY = [mt.countries.get(c) for c in ("EG", "IL", "KP")]
#: The date up to which the bundled list of States Parties holds every party: absence from it
#: is "not a party" up to this date and "unknown" after it.
CWC_COMPLETE_TO = next(d.complete_to for d in mt.datasets() if d.path == "parties/cwc.csv")
assert CWC_COMPLETE_TO is not None


@settings(max_examples=40)
@given(
    mts.chemical_shipments(
        of=mts.cwc_chemicals(schedule="2"),
        exporter=st.sampled_from([mt.countries.get(c) for c in ("DE", "FR", "IN", "CN", "US")]),
        importer=st.sampled_from(STATES_NOT_PARTY),
        min_date=dt.date(2000, 4, 29),
        max_date=CWC_COMPLETE_TO,
    )
)
def test_schedule_2_to_a_state_not_party_after_2000_is_always_prohibited(
    shipment: mt.Shipment,
) -> None:
    assessment = mt.assess(shipment)
    assert assessment.status == "prohibited"
    assert any(p.code == "cwc.schedule_2_transfer_ban" for p in assessment.prohibitions)


def test_a_country_absent_from_the_list_after_it_is_complete_is_unknown_not_a_guess() -> None:
    assert CWC_COMPLETE_TO is not None
    on_last_day = _s("thiodiglycol", "DE", "IL", CWC_COMPLETE_TO.isoformat())
    assert [f.code for f in evaluate(on_last_day) if isinstance(f, Prohibition)] == [
        "cwc.schedule_2_transfer_ban"
    ]
    later = _s("thiodiglycol", "DE", "IL", (CWC_COMPLETE_TO + dt.timedelta(days=1)).isoformat())
    found = evaluate(later)
    assert not [f for f in found if isinstance(f, Prohibition)]
    (note,) = [f for f in found if f.code == "cwc.party_status_unknown"]
    assert "Israel" in note.text and "unknown" in note.text  # type: ignore[union-attr]
