"""Rotterdam Convention: Annex III dates against their decisions, and Articles 10 to 13.

Texts: the Convention with Annex III as consolidated in 2014
(shared/sources/treaty-texts-nl/rotterdam.md); later listings with their sources in
research/chemicals/rotterdam.csv. Party dates from data/parties/rotterdam.csv (complete
to its as-of date, 2024-03-11).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

import mea_trade as mt
from mea_trade.records import Prohibition, Requirement
from mea_trade.rotterdam import ImportResponses
from mea_trade.rotterdam.annex_iii import entries
from mea_trade.rotterdam.rules import Rules, evaluate

TEXT = "treaty-texts-nl/rotterdam.md"

ORIGINAL = [
    "2-4-5-t", "aldrin", "captafol", "chlordane", "chlordimeform", "chlorobenzilate", "ddt",
    "dieldrin", "edb", "fluoroacetamide", "hch", "heptachlor", "hexachlorobenzene", "lindane",
    "dinoseb", "mercury-compounds", "pcp", "methyl-parathion", "phosphamidon", "pbb", "pcb",
    "pct", "tris-bp", "methamidophos", "monocrotophos", "parathion", "crocidolite",
]  # fmt: skip
RC_1_3 = [
    "binapacryl", "dnoc", "benomyl-carbofuran-thiram-dp", "ethylene-dichloride",
    "ethylene-oxide", "monocrotophos", "parathion", "toxaphene", "actinolite", "anthophyllite",
    "amosite", "tremolite", "crocidolite", "tetraethyl-lead", "tetramethyl-lead",
]  # fmt: skip

# (chemical id, entry into force, until): every Annex III row, with the source of its date
DATES: list[tuple[str, str | None, str | None]] = [
    # UN Treaty Collection XXVII-14: "Rotterdam, 10 September 1998 ... 24 February 2004 in
    # accordance with article 26"; membership of the 1998 list derived (see NOTES.md)
    *[(c, "2004-02-24", None) for c in ORIGINAL[:23]],
    # RC-7/4: "this amendment shall enter into force for all parties on 15 September 2015"
    # (the soluble liquid formulation entry it replaced)
    ("methamidophos", "2004-02-24", "2015-09-15"),
    # RC-1/3: "all the amendments shall enter into force on 1 February 2005, except for the
    # amendments made by paragraph 1 (a) and (b) of the annex" (deleted from 1 January 2006)
    ("monocrotophos", "2004-02-24", "2006-01-01"),
    ("parathion", "2004-02-24", "2006-01-01"),
    ("crocidolite", "2004-02-24", "2005-02-01"),
    # RC-1/3: "Decides that all the amendments shall enter into force on 1 February 2005"
    *[(c, "2005-02-01", None) for c in RC_1_3],
    # RC-4/5 (Bulgarian State Gazette 21/2009: "В сила от 1 февруари 2009 г.")
    ("tributyltin-compounds", "2009-02-01", None),
    # Czech 20/2013 Sb. m. s.: "vstoupily v platnost ... dne 24. října 2011"
    *[(c, "2011-10-24", None) for c in ("alachlor", "aldicarb", "endosulfan")],
    # Czech 5/2015 Sb. m. s.: "vstoupily v platnost ... dne 10. srpna 2013"
    *[
        (c, "2013-08-10", None)
        for c in ("azinphos-methyl", "c-pentabde", "c-octabde", "pfos-related")
    ],
    # RC-7/4: "shall enter into force for all parties on 15 September 2015"
    ("methamidophos", "2015-09-15", None),
    # pic.int: "The amendments to list carbofuran, trichlorfon, short-chain chlorinated paraffins
    # and tributyltin compounds enter into force on 15 September 2017."
    *[
        (c, "2017-09-15", None)
        for c in ("carbofuran", "trichlorfon", "sccp", "tributyltin-compounds")
    ],
    # RC-9/3 (Bulgarian State Gazette 89/2023: "В сила от 16 септември 2019 г.")
    ("hbcd", "2019-09-16", None),
    ("phorate", None, None),  # COP-9: entry into force not seen
    # pic.int: "... decabromodiphenyl ether and perfluorooctanoic acid (PFOA) ... enter into force
    # on 22 October 2022."
    ("decabde", "2022-10-22", None),
    ("pfoa-family", "2022-10-22", None),
    # pic.int: "The amendment to the Convention to list terbufos in Annex III enters into force
    # on 22 October 2023."
    ("terbufos", "2023-10-22", None),
    # RC-12/3 and RC-12/4 (COP-12, 2025): entry into force not seen
    ("carbosulfan", None, None),
    ("fenthion", None, None),
]


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def test_every_annex_iii_date_against_its_decision() -> None:
    bundled = sorted((e.chemical, _iso(e.entry_into_force), _iso(e.until)) for e in entries())
    assert bundled == sorted(DATES, key=lambda t: (t[0], t[1] or "", t[2] or ""))


def test_counts_agree_with_the_secretariat() -> None:
    # archive.pic.int before COP-5: "a total of 40 chemicals in Annex III: 29 are pesticides
    # (including 4 severely hazardous pesticide formulations) and 11 are industrial chemicals";
    # each asbestos form counts as one chemical.
    day = dt.date(2011, 1, 1)
    live = [
        e
        for e in entries()
        if e.entry_into_force and e.entry_into_force <= day and not (e.until and e.until <= day)
    ]
    pesticides = {e.chemical for e in live if e.category != "industrial"}
    industrial = {e.chemical for e in live if e.category == "industrial"}
    shpf = {e.chemical for e in live if e.category == "severely_hazardous_pesticide_formulation"}
    assert (len(pesticides), len(shpf), len(industrial)) == (29, 4, 11)


def test_annex_iii_as_printed(quoted: Callable[[str, str], None]) -> None:
    quoted(TEXT, "| Lindane | 58-89-9 | Pesticide |")
    quoted(TEXT, "|Tributyltin fluoride |CAS 1983-10-4 |")
    (lindane,) = [e for e in entries() if e.chemical == "lindane"]
    assert (lindane.cas, lindane.category) == (("58-89-9",), "pesticide")
    tbt = [e for e in entries() if e.chemical == "tributyltin-compounds"]
    assert [e.category for e in tbt] == ["pesticide", "industrial"]


def test_listings_by_family_and_deleted_entries() -> None:
    found = mt.listings("tributyltin chloride")
    assert {(x.instrument, x.match) for x in found} == {("rotterdam", "family")}
    # the methamidophos formulation entry ends where the substance entry begins
    meth = [x for x in mt.listings("methamidophos") if x.instrument == "rotterdam"]
    assert [(x.effective, x.until) for x in meth] == [
        (dt.date(2004, 2, 24), dt.date(2015, 9, 15)),
        (dt.date(2015, 9, 15), None),
    ]
    assert len(mt.listings("methamidophos", on="2020-01-01")) == 1


def _s(item: str, exp: str, imp: str, day: str = "2024-03-01", **kw: object) -> mt.Shipment:
    return mt.Shipment(item, exporter=exp, importer=imp, date=day, **kw)  # type: ignore[arg-type]


def test_article_10_import_response_decides(quoted: Callable[[str, str], None]) -> None:
    # Art. 10(4)(a): "A final decision, pursuant to legislative or administrative measures:
    # (i) To consent to import; (ii) Not to consent to import; or (iii) To consent to import
    # only subject to specified conditions"
    quoted(TEXT, "(iii) To consent to import only subject to specified conditions")
    # Without responses (the bundled default): a note to check the PIC Circular.
    codes = [f.code for f in evaluate(_s("aldicarb", "FR", "IN"))]
    assert "rotterdam.check_pic_circular" in codes
    note = next(
        f for f in evaluate(_s("aldicarb", "FR", "IN")) if f.code == "rotterdam.check_pic_circular"
    )
    assert "check the PIC Circular" in note.text  # type: ignore[union-attr]
    rows = [
        {
            "importer": "IN",
            "chemical": "aldicarb",
            "response": "no_consent",
            "decided": "2012-01-01",
            "published": "2012-06-01",
        },
        {
            "importer": "BR",
            "chemical": "aldicarb",
            "response": "consent_with_conditions",
            "conditions": "registered use only",
            "decided": "2012-01-01",
        },
        {"importer": "GH", "chemical": "aldicarb", "response": "consent", "decided": "2012-01-01"},
    ]  # fmt: skip
    rules = Rules(import_responses=ImportResponses.from_rows(rows))
    # Art. 10(9)(a): the importing Party prohibits "import of the chemical from any source";
    # Art. 11(1)(b): exporting Parties ensure compliance "no later than six months after the date
    # on which the Secretariat first informs the Parties of such response"
    quoted(
        TEXT,
        "no later than six months after the date on which the Secretariat first informs the "
        "Parties of such response",
    )
    bans = [f for f in rules.evaluate(_s("aldicarb", "FR", "IN")) if isinstance(f, Prohibition)]
    assert [(b.code, b.party, b.side, b.since) for b in bans] == [
        ("rotterdam.import_not_consented", "IN", "import", dt.date(2012, 1, 1)),
        ("rotterdam.no_consent", "FR", "export", dt.date(2012, 12, 1)),
    ]
    # within the six months the exporting Party's obligation has not started
    early = [f.code for f in rules.evaluate(_s("aldicarb", "FR", "IN", "2012-09-01"))]
    assert "rotterdam.no_consent" not in early and "rotterdam.import_not_consented" in early
    cond = next(
        f
        for f in rules.evaluate(_s("aldicarb", "FR", "BR"))
        if f.code == "rotterdam.import_conditions"
    )
    assert isinstance(cond, Requirement) and "registered use only" in cond.reason
    assert "rotterdam.import_consented" in [
        f.code for f in rules.evaluate(_s("aldicarb", "FR", "GH"))
    ]


def test_article_12_export_notification(quoted: Callable[[str, str], None]) -> None:
    # Art. 12(1): "Where a chemical that is banned or severely restricted by a Party is exported
    # from its territory, that Party shall provide an export notification to the importing Party."
    quoted(
        TEXT,
        "Where a chemical that is banned or severely restricted by a Party is exported from its "
        "territory, that Party shall provide an export notification to the importing Party.",
    )
    found = evaluate(_s("aldicarb", "FR", "IN", banned_by_exporter=True))
    req = next(f for f in found if f.code == "rotterdam.export_notification")
    assert isinstance(req, Requirement)
    assert (req.document, req.side, req.party) == ("export notification", "export", "FR")
    assert req.citation.provision == "Article 12, paragraphs 1 and 2"
    # not stated: a note for an Annex III chemical
    assert "rotterdam.export_notification_check" in [
        f.code for f in evaluate(_s("aldicarb", "FR", "IN"))
    ]
    # stated "no": nothing about Art. 12
    codes = [f.code for f in evaluate(_s("aldicarb", "FR", "IN", banned_by_exporter=False))]
    assert not any("export_notification" in c for c in codes)
    # any chemical a Party has banned, even outside Annex III
    other = evaluate(_s("HCFC-22", "FR", "IN", banned_by_exporter=True))
    assert ("rotterdam.export_notification", "FR") in [
        (f.code, getattr(f, "party", None)) for f in other
    ]


def test_article_13_hs_code_and_labelling(quoted: Callable[[str, str], None]) -> None:
    # Art. 13(1): "Each Party shall require that, whenever a code has been assigned to such a
    # chemical, the shipping document for that chemical bears the code when exported."
    quoted(
        TEXT,
        "Each Party shall require that, whenever a code has been assigned to such a chemical, "
        "the shipping document for that chemical bears the code when exported.",
    )
    found = {f.code: f for f in evaluate(_s("aldicarb", "FR", "IN"))}
    hs = found["rotterdam.hs_code_on_shipping_document"]
    assert isinstance(hs, Requirement) and "2930.80" in hs.document  # HS 2022: "aldicarb (ISO)"
    assert found["rotterdam.export_labelling"].citation.provision == "Article 13, paragraph 2"  # type: ignore[union-attr]
    # decaBDE: the WCO recommends a national subdivision of 2909.30
    deca = {f.code: f for f in evaluate(_s("decabromodiphenyl ether", "FR", "IN"))}
    assert "2909.30" in deca["rotterdam.hs_code_on_shipping_document"].document  # type: ignore[union-attr]


def test_scope_exclusions_of_article_3(quoted: Callable[[str, str], None]) -> None:
    # Art. 3(2): "This Convention does not apply to: ... c) Wastes; ... e) Pharmaceuticals,
    # including human and veterinary drugs;"
    quoted(TEXT, "e) Pharmaceuticals, including human and veterinary drugs;")
    assert [f.code for f in evaluate(_s("lindane", "FR", "IN", purpose="pharmaceutical"))] == [
        "rotterdam.outside_scope"
    ]
    assert [f.code for f in evaluate(_s("PCB", "FR", "IN", purpose="disposal"))] == [
        "rotterdam.outside_scope"
    ]


def test_party_status_unknown_and_formulations() -> None:
    # The United States is not a Party: the bundled Rotterdam list is complete to its as-of date
    # (2024-03-11), so absence from it is "not a party" up to that date, and "unknown" after it
    # (a note, never a guess).
    complete_to = next(d.complete_to for d in mt.datasets() if d.path == "parties/rotterdam.csv")
    assert complete_to == dt.date(2024, 3, 11)
    assert [f.code for f in evaluate(_s("aldicarb", "FR", "US"))] == ["rotterdam.non_party"]
    assert [f.code for f in evaluate(_s("aldicarb", "FR", "US", "2024-03-11"))] == [
        "rotterdam.non_party"
    ]
    found = evaluate(_s("aldicarb", "FR", "US", "2024-03-12"))
    assert [f.code for f in found] == ["rotterdam.party_status_unknown"]
    # methyl-parathion: only formulations are listed (Annex III: "emulsifiable concentrates (EC)
    # at or above 19.5% active ingredient and dusts at or above 1.5% active ingredient")
    assert [f.code for f in evaluate(_s("methyl-parathion", "FR", "IN"))] == [
        "rotterdam.formulation"
    ]
    # COP-12 listings: the date they enter into force is not in the data
    assert [f.code for f in evaluate(_s("carbosulfan", "FR", "IN"))] == [
        "rotterdam.listing_not_in_force"
    ]


def test_import_response_rows_are_checked() -> None:
    with pytest.raises(mt.InvalidDataError, match="response"):
        ImportResponses.from_rows([{"importer": "IN", "chemical": "aldicarb", "response": "maybe"}])
    with pytest.raises(mt.InvalidDataError, match="column 'response' is empty"):
        ImportResponses.from_rows([{"importer": "IN", "chemical": "aldicarb"}])
    assert len(ImportResponses.bundled()) == 0


def test_article_13_2_labelling_and_article_11_2_no_response(
    quoted: Callable[[str, str], None],
) -> None:
    # Art. 13(2): "each Party shall require that both chemicals listed in Annex III and chemicals
    # banned or severely restricted in its territory are, when exported, subject to labelling
    # requirements that ensure adequate availability of information with regard to risks and/or
    # hazards to human health or the environment"
    quoted(
        TEXT,
        "each Party shall require that both chemicals listed in Annex III and chemicals banned "
        "or severely restricted in its territory are, when exported, subject to labelling "
        "requirements",
    )
    label = next(
        f for f in evaluate(_s("aldicarb", "FR", "IN")) if f.code == "rotterdam.export_labelling"
    )
    assert isinstance(label, Requirement) and (label.party, label.side) == ("FR", "export")
    # Art. 11(2): "Each Party shall ensure that a chemical listed in Annex III is not exported from
    # its territory to any importing Party that, in exceptional circumstances, has failed to
    # transmit a response ..."
    quoted(
        TEXT,
        "Each Party shall ensure that a chemical listed in Annex III is not exported from its "
        "territory to any importing Party that, in exceptional circumstances, has failed to "
        "transmit a response",
    )
    rules = Rules(
        import_responses=ImportResponses.from_rows(
            [{"importer": "IN", "chemical": "aldicarb", "response": "no_response"}]
        )
    )
    assert "rotterdam.no_import_response" in [
        f.code for f in rules.evaluate(_s("aldicarb", "FR", "IN"))
    ]


def test_article_2_f_export_is_between_parties(quoted: Callable[[str, str], None]) -> None:
    # Art. 2(f): "“Export” and “import” mean, in their respective connotations, the movement of a
    # chemical from one Party to another Party, but exclude mere transit operations;"
    quoted(
        TEXT,
        "the movement of a chemical from one Party to another Party, but exclude mere transit "
        "operations;",
    )
    assert evaluate(_s("aldicarb", "FR", "FR")) == ()
