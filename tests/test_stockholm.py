"""Stockholm Convention: listing dates against their decisions, and the trade rules of Article 3(2).

Texts: the Convention as consolidated in 2015 (shared/sources/treaty-texts-nl/stockholm.md);
listing decisions and dates as transcribed with their sources in research/chemicals/stockholm.csv.
Party dates come from data/parties/stockholm.csv (complete only to 2019-12-24: Israel, for
instance, is not in it, so it is not a Party up to that date and of unknown status after it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import mea_trade as mt
from mea_trade.records import Note, Prohibition, Requirement
from mea_trade.stockholm import ExemptionRegister
from mea_trade.stockholm import rules as stockholm_rules
from mea_trade.stockholm.annexes import listings
from mea_trade.stockholm.rules import Rules, evaluate
from mea_trade.testing import strategies as mts

TEXT = "treaty-texts-nl/stockholm.md"

# (chemical id, annex, entry into force or None, the source that states it)
DATES: list[tuple[str, str, str | None, str]] = [
    # UN Treaty Collection XXVII-15: "17 May 2004, in accordance with article 26(1)";
    # chm.pops.int: "adopted ... (Stockholm, 22 May 2001) and entered into force on 17 May 2004"
    *[
        (c, "A", "2004-05-17", "UNTC XXVII-15; pops.int text page")
        for c in (
            "aldrin",
            "chlordane",
            "dieldrin",
            "endrin",
            "heptachlor",
            "hexachlorobenzene",
            "mirex",
            "toxaphene",
            "pcb",
        )
    ],
    ("ddt", "B", "2004-05-17", "UNTC XXVII-15"),
    *[(c, "C", "2004-05-17", "UNTC XXVII-15") for c in ("pcdd-pcdf", "hexachlorobenzene", "pcb")],
    # chm.pops.int (tabid 688): "the amendments to Annexes A, B and C will enter into force on
    # 26 August 2010, which is one year from the date of communication by the depositary"
    *[
        (c, "A", "2010-08-26", "pops.int, decisions SC-4/10 to SC-4/18")
        for c in (
            "alpha-hch",
            "beta-hch",
            "chlordecone",
            "hexabromobiphenyl",
            "c-octabde",
            "lindane",
            "pentachlorobenzene",
            "c-pentabde",
        )
    ],
    ("pfos-family", "B", "2010-08-26", "pops.int, decision SC-4/17 range"),
    ("pentachlorobenzene", "C", "2010-08-26", "pops.int, decisions SC-4/10 to SC-4/18"),
    # computed: depositary notification C.N.703.2011 of 27 October 2011 + one year (Art. 22(3)(c))
    ("endosulfan", "A", "2012-10-27", "C.N.703.2011 + 1 year (unverified)"),
    # computed: C.N.934.2013 of 26 November 2013 + one year
    ("hbcd", "A", "2014-11-26", "C.N.934.2013 + 1 year (unverified)"),
    # Czech notice 62/2016 Sb. m. s.: "Změny vstupují v platnost ... dne 15. prosince 2016"
    *[(c, "A", "2016-12-15", "Czech 62/2016 Sb. m. s.") for c in ("hcbd", "pcp", "pcn")],
    ("pcn", "C", "2016-12-15", "Czech 62/2016 Sb. m. s."),
    # C.N.766.2017 of 18 December 2017 + one year; the pops.int decaBDE register: "The date of
    # entry into force of the amendment for Iran will be 18 December 2018."
    *[(c, "A", "2018-12-18", "C.N.766.2017; pops.int register") for c in ("decabde", "sccp")],
    ("hcbd", "C", "2018-12-18", "C.N.766.2017; pops.int register"),
    # pops.int: "the amendments to Annexes A and B adopted at its ninth meeting that entered into
    # force on 3 December 2020"
    *[(c, "A", "2020-12-03", "pops.int status of amendments") for c in ("dicofol", "pfoa-family")],
    ("pfos-family", "B", "2020-12-03", "pops.int, PFOS acceptable purposes page (SC-9/4)"),
    # pops.int: "... PFHxS ... adopted at its tenth meeting that enter into force on
    # 16 November 2023"
    ("pfhxs-family", "A", "2023-11-16", "pops.int status of amendments"),
    # derived: the depositary communicated the COP-11 decisions in February 2024 (Hansard); EU
    # and UK exemptions end on 26 February 2030, five years later
    *[
        (c, "A", "2025-02-26", "derived (unverified)")
        for c in ("methoxychlor", "dechlorane-plus", "uv-328")
    ],
    # COP-12 (Tractatenblad 2026, 52: adopted on 9 May 2025): depositary communication not seen
    *[(c, "A", None, "not known") for c in ("chlorpyrifos", "mccp", "lc-pfcas")],
]


def test_every_listing_date_against_its_decision() -> None:
    bundled = sorted(
        (r.chemical, r.annex, r.entry_into_force.isoformat() if r.entry_into_force else None)
        for r in listings()
    )
    assert bundled == sorted((c, a, d) for c, a, d, _ in DATES)


def test_listing_details_as_printed(quoted: Callable[[str, str], None]) -> None:
    (lindane,) = [r for r in listings() if r.chemical == "lindane"]
    quoted(
        TEXT,
        "Use | Human health pharmaceutical for control of head lice and scabies as second line "
        "treatment",
    )
    assert lindane.use_exemptions == (
        "human health pharmaceutical for control of head lice and scabies as second line treatment",
    )
    assert lindane.production_exemptions == ("none",) and lindane.exemptions == "register"
    (endrin,) = [r for r in listings() if r.chemical == "endrin"]
    quoted(TEXT, "Endrin* CAS No: 72-20-8 | Production | None | | --- | Use | None")
    assert endrin.exemptions == "none"
    (ddt,) = [r for r in listings() if r.chemical == "ddt"]
    quoted(
        TEXT,
        "Acceptable purpose: Disease vector control use in accordance with Part II of this Annex",
    )
    assert ddt.annex == "B" and "disease vector control" in ddt.acceptable_purposes[0]
    # the 2009 PFOS listing stops where the amended listing of SC-9/4 starts
    old, new = sorted((r for r in listings() if r.chemical == "pfos-family"), key=lambda r: r.cop)
    assert old.until == new.entry_into_force == dt.date(2020, 12, 3)


def test_listings_give_lindane_with_its_exemption() -> None:
    (x,) = [x for x in mt.listings("lindane") if x.instrument == "stockholm"]
    assert (x.list, x.effective) == ("Annex A", dt.date(2010, 8, 26))
    assert "head lice and scabies" in (x.detail or "")
    assert [x.instrument for x in mt.listings("lindane")] == ["rotterdam", "stockholm"]


def _codes(findings: tuple[object, ...]) -> list[tuple[str, str | None]]:
    return [(f.code, getattr(f, "party", None)) for f in findings]  # type: ignore[attr-defined]


def _s(item: str, exp: str, imp: str, day: str = "2024-03-01", **kw: object) -> mt.Shipment:
    return mt.Shipment(item, exporter=exp, importer=imp, date=day, **kw)  # type: ignore[arg-type]


def test_article_3_2_a_import_only_for_disposal_or_a_permitted_use(
    quoted: Callable[[str, str], None],
) -> None:
    # Art. 3(2)(a): "That a chemical listed in Annex A or Annex B is imported only: (i) For the
    # purpose of environmentally sound disposal as set forth in paragraph 1 (d) of Article 6; or
    # (ii) For a use or purpose which is permitted for that Party under Annex A or Annex B;"
    quoted(TEXT, "That a chemical listed in Annex A or Annex B is imported only:")
    quoted(
        TEXT,
        "(ii) For a use or purpose which is permitted for that Party under Annex A or Annex B;",
    )
    # Endrin has no exemption at all: India may import it only for disposal.
    found = evaluate(_s("endrin", "FR", "IN"))
    ban = next(f for f in found if f.code == "stockholm.import_ban")
    assert isinstance(ban, Prohibition) and (ban.party, ban.side) == ("IN", "import")
    assert ban.citation.provision == "Article 3, paragraph 2(a)"
    # from when the Convention bound India (its own entry into force, after the listing's)
    india = mt.parties.participation("IN", "stockholm")
    assert india is not None and ban.since == india.entry_into_force > dt.date(2004, 5, 17)
    assert "stockholm.import_for_disposal" in [
        f.code for f in evaluate(_s("endrin", "FR", "IN", purpose="disposal"))
    ]
    # Lindane has a registered-use exemption: without the register, a note to check it.
    assert "stockholm.import_check_register" in [
        f.code for f in evaluate(_s("lindane", "FR", "IN"))
    ]


def test_article_3_2_b_export_to_a_party_or_a_certifying_non_party(
    quoted: Callable[[str, str], None],
) -> None:
    # Art. 3(2)(b)(iii): "To a State not Party to this Convention which has provided an annual
    # certification to the exporting Party."
    quoted(
        TEXT,
        "(iii) To a State not Party to this Convention which has provided an annual "
        "certification to the exporting Party.",
    )
    # With a register the user declares complete, a Party absent from it holds no exemption.
    reg = ExemptionRegister.from_rows([], complete=True)
    rules = Rules(register=reg)
    # France -> India, India holds no registration (register complete): both sides banned
    assert _codes(rules.evaluate(_s("lindane", "FR", "IN"))) == [
        ("stockholm.import_ban", "IN"),
        ("stockholm.export_ban_not_permitted", "FR"),
    ]
    # with a registration for India, the import is permitted for that use
    reg = ExemptionRegister.from_rows(
        [
            {
                "party": "IN",
                "chemical": "lindane",
                "kind": "specific_exemption",
                "activity": "use",
                "description": "head lice and scabies",
                "until": "2030-01-01",
            }
        ],
        complete=True,
    )
    assert _codes(Rules(register=reg).evaluate(_s("lindane", "FR", "IN"))) == [
        ("stockholm.import_permitted_use", None)
    ]


def test_annual_certification_for_a_non_party(monkeypatch: pytest.MonkeyPatch) -> None:
    # A State that is known not to be a Party gets the certification requirement of
    # Art. 3(2)(b)(iii). The bundled list has no confirmed non-party, so the test makes one.
    from mea_trade import membership

    real = membership.bound_since

    def fake(member: str, treaty: str, on: dt.date) -> object:
        return False if member == "IL" else real(member, treaty, on)

    monkeypatch.setattr(stockholm_rules, "bound_since", fake)
    found = evaluate(_s("lindane", "FR", "IL"))
    req = next(f for f in found if f.code == "stockholm.annual_certification")
    assert isinstance(req, Requirement)
    assert (req.party, req.side, req.document) == (
        "FR",
        "export",
        "annual certification from the importing State",
    )
    assert req.citation.provision == "Article 3, paragraph 2(b)(iii)"
    # Endrin to the same non-Party: Art. 3(2)(c), only for disposal
    assert ("stockholm.export_ban", "FR") in _codes(evaluate(_s("endrin", "FR", "IL")))


def test_article_3_2_c_no_exemption_export_only_for_disposal(
    quoted: Callable[[str, str], None],
) -> None:
    # Art. 3(2)(c): "That a chemical listed in Annex A, for which production and use specific
    # exemptions are no longer in effect for any Party, is not exported from it except for the
    # purpose of environmentally sound disposal as set forth in paragraph 1 (d) of Article 6;"
    quoted(
        TEXT,
        "That a chemical listed in Annex A, for which production and use specific exemptions "
        "are no longer in effect for any Party, is not exported from it except for the purpose "
        "of environmentally sound disposal",
    )
    ban = next(f for f in evaluate(_s("alpha-HCH", "FR", "IN")) if f.code == "stockholm.export_ban")
    assert isinstance(ban, Prohibition)
    assert (ban.party, ban.since, ban.citation.provision) == (
        "FR",
        dt.date(2010, 8, 26),
        "Article 3, paragraph 2(c)",
    )


def test_article_3_5_laboratory_quantities(quoted: Callable[[str, str], None]) -> None:
    # Art. 3(5): "Except as otherwise provided in this Convention, paragraphs 1 and 2 shall not
    # apply to quantities of a chemical to be used for laboratory-scale research or as a
    # reference standard."
    quoted(
        TEXT,
        "paragraphs 1 and 2 shall not apply to quantities of a chemical to be used for "
        "laboratory-scale research or as a reference standard.",
    )
    assert _codes(evaluate(_s("endrin", "FR", "IN", purpose="laboratory"))) == [
        ("stockholm.laboratory", None)
    ]


def test_party_status_unknown_is_a_note_never_a_guess() -> None:
    # The bundled Stockholm list is complete only to 2019-12-24: Israel, absent from it, is not
    # a Party up to that date and of unknown status after it: no finding for its side then, a
    # note instead. Germany is in the list: both sides are bound.
    complete_to = next(d.complete_to for d in mt.datasets() if d.path == "parties/stockholm.csv")
    assert complete_to == dt.date(2019, 12, 24)
    assert _codes(evaluate(_s("endrin", "DE", "IN"))) == [
        ("stockholm.import_ban", "IN"),
        ("stockholm.export_ban", "DE"),
    ]
    on_last_day = evaluate(_s("endrin", "IL", "IN", "2019-12-24"))
    assert _codes(on_last_day) == [("stockholm.import_ban", "IN")]
    found = evaluate(_s("endrin", "IL", "IN", "2019-12-25"))
    assert ("stockholm.import_ban", "IN") in _codes(found)
    assert not any(isinstance(f, Prohibition) and f.party == "IL" for f in found)
    assert any(
        f.code == "stockholm.party_status_unknown" and "Israel" in f.text
        for f in found
        if isinstance(f, Note)
    )


def test_article_25_4_declarants_and_amendments(quoted: Callable[[str, str], None]) -> None:
    # Art. 22(4): "an amendment to Annex A, B or C shall not enter into force with respect to any
    # Party that has made a declaration with respect to amendment to those Annexes in accordance
    # with paragraph 4 of Article 25"
    quoted(
        TEXT,
        "an amendment to Annex A, B or C shall not enter into force with respect to any Party "
        "that has made a declaration with respect to amendment to those Annexes in accordance "
        "with paragraph 4 of Article 25",
    )
    # China declared. It ratified the COP-4 amendments on 26 December 2013 (depositary record,
    # WIPO Lex copy): alpha-HCH binds it from the ninetieth day after, 26 March 2014.
    before = evaluate(_s("alpha-HCH", "CN", "IN", "2014-01-15"))
    assert not any(isinstance(f, Prohibition) and f.party == "CN" for f in before)
    after = evaluate(_s("alpha-HCH", "CN", "IN", "2014-06-01"))
    ban = next(f for f in after if isinstance(f, Prohibition) and f.party == "CN")
    assert ban.since == dt.date(2014, 3, 26)
    # Its ratification of the COP-7 amendments (hexachlorobutadiene) is not in the data: a note.
    found = evaluate(_s("HCBD", "CN", "IN", "2024-01-01"))
    assert not any(isinstance(f, Prohibition) and f.party == "CN" for f in found)
    assert any("Article 25(4)" in f.text for f in found if isinstance(f, Note))
    # Aldrin is in the Convention as adopted: the declaration does not matter.
    assert ("stockholm.import_ban", "CN") not in _codes(evaluate(_s("aldrin", "IN", "CN")))


def test_listing_not_in_force_yet_and_annex_c() -> None:
    # COP-12 listings: entry into force not known; a note, no ban
    assert _codes(evaluate(_s("chlorpyrifos", "FR", "IN"))) == [
        ("stockholm.listing_not_in_force", None)
    ]
    assert _codes(evaluate(_s("PCDD/PCDF", "FR", "IN"))) == [("stockholm.annex_c", None)]
    # before 26 August 2010 lindane was not yet listed
    assert [f.code for f in evaluate(_s("lindane", "FR", "IN", "2009-01-01"))] == [
        "stockholm.listing_not_in_force"
    ]


def test_hs_code_line_names_the_chemicals() -> None:
    # HS 3808.52: "DDT (ISO) (clofenotane (INN)), in packings of 300g or less"
    (note,) = evaluate(_s("3808.52", "FR", "IN"))
    assert isinstance(note, Note) and note.code == "stockholm.hs_line"
    assert "DDT: Annex B since 2004-05-17" in note.text
    # the HS-flag note of the top layer leaves covered conventions to their rooms
    assessed = mt.assess(_s("3808.52", "FR", "IN"))
    assert [n.code for n in assessed.notes] == ["rotterdam.hs_line", "stockholm.hs_line"]


def test_register_rows_are_checked() -> None:
    with pytest.raises(mt.InvalidDataError, match="row 1: column 'until'"):
        ExemptionRegister.from_rows([{"party": "IN", "chemical": "DDT", "until": "soon"}])
    with pytest.raises(mt.InvalidDataError, match="unknown column"):
        ExemptionRegister.from_rows([{"party": "IN", "chemical": "DDT", "expiry": "2030-01-01"}])
    with pytest.raises(mt.InvalidDataError, match="chemical"):
        ExemptionRegister.from_rows([{"party": "IN", "chemical": "unobtainium"}])
    assert len(ExemptionRegister.bundled()) == 0


NON_PARTY = "IL"  # not in the bundled Stockholm list; made a known non-party in the property


@settings(max_examples=40)
@given(
    mts.chemical_shipments(
        of=mts.stockholm_chemicals(annex="A", exemptions="none"),
        importer=st.just(mt.countries.get(NON_PARTY)),
        min_date=dt.date(2011, 1, 1),
    )
)
def test_annex_a_without_exemption_is_never_clear_to_a_non_party(shipment: mt.Shipment) -> None:
    from unittest import mock

    assume(shipment.exporter != shipment.importer)  # a movement within one country is no trade

    from mea_trade import membership

    real = membership.bound_since

    def fake(member: str, treaty: str, on: dt.date) -> object:
        return False if member == NON_PARTY else real(member, treaty, on)

    with mock.patch.object(stockholm_rules, "bound_since", fake):
        found = evaluate(shipment)
        assessment = mt.assess(shipment)
    assert found, shipment
    assert assessment.status != "clear"
