"""Minamata Convention: Annex A dates against their decisions; mercury trade and products.

Texts: the Convention (shared/sources/treaty-texts-nl/minamata.md); the amendments with
their sources in research/chemicals/minamata.csv. Party dates from
data/parties/minamata.csv (complete only to 2018-02-01: a country absent from it is not
a Party up to that date, and of unknown status after it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

import mea_trade as mt
from mea_trade.minamata import ExemptionRegister
from mea_trade.minamata import rules as minamata_rules
from mea_trade.minamata.annexes import annex_a, annex_b, exclusions
from mea_trade.minamata.rules import Rules, evaluate
from mea_trade.records import Note, Prohibition, Requirement

TEXT = "treaty-texts-nl/minamata.md"


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


# (decision, entry into force, phase-out year, number of Annex A rows)
DATES = [
    # UN Treaty Collection XXVII-17: the Convention entered into force on 16 August 2017;
    # Annex A Part I: "Date after which the manufacture, import or export of the product shall
    # not be allowed (phase-out date)" 2020 for every product
    ("Convention text", "2017-08-16", 2020, 9),
    ("Convention text", "2017-08-16", None, 1),  # Part II, dental amalgam
    # minamataconvention.org: "the amendment entered into force on 28 September 2023 for all
    # parties, except those who made a declaration ... in accordance with paragraph 5 of
    # Article 30"; MC-4/3: "so that the manufacture, import and export of those products not be
    # allowed after 2025"
    ("MC-4/3", "2023-09-28", 2025, 8),
    ("MC-4/3", "2023-09-28", None, 1),
    # MC-5/4: depositary notification C.N.138.2024 of 25 April 2024 + one year (computed,
    # unverified); Secretariat: batteries and switches "by 2025", fluorescent lamps "by 2027"
    ("MC-5/4", "2025-04-25", 2025, 2),
    ("MC-5/4", "2025-04-25", 2027, 1),
    ("MC-5/4", "2025-04-25", None, 2),
    # COP-6 (November 2025): dental amalgam phased out by 2034 (press reports; in force: unknown)
    ("COP-6 (number not seen)", None, 2034, 1),
]


def test_every_annex_a_date_against_its_decision() -> None:
    counted: dict[tuple[str, str | None, int | None], int] = {}
    for row in annex_a():
        key = (row.decision, _iso(row.entry_into_force), row.phase_out_after)
        counted[key] = counted.get(key, 0) + 1
    assert counted == {(d, e, y): n for d, e, y, n in DATES}
    # a product phased out "after 2020" is banned from 1 January 2021
    assert {r.banned_from for r in annex_a() if r.phase_out_after == 2020} == {dt.date(2021, 1, 1)}


def test_annex_a_and_b_as_printed(quoted: Callable[[str, str], None]) -> None:
    quoted(
        TEXT,
        "Date after which the manufacture, import or export of the product shall not be allowed "
        "(phase-out date)",
    )
    quoted(TEXT, "a) Products essential for civil protection and military uses;")
    assert [e.letter for e in exclusions()] == ["a", "b", "c", "d", "e"]
    for e in exclusions():
        quoted(TEXT, e.text)
    quoted(TEXT, "| Chlor-alkali production | 2025 |")
    assert [
        (p.process, p.phase_out_after)
        for p in annex_b()
        if p.part == "I" and p.decision == "Convention text"
    ] == [
        ("Chlor-alkali production", 2025),
        (
            "Acetaldehyde production in which mercury or mercury compounds are used as a catalyst",
            2018,
        ),
    ]


def test_products_found_by_trade_words() -> None:
    for words in (
        "mercury thermometer",
        "compact fluorescent lamp",
        "button cell battery",
        "skin-lightening cream",
    ):
        assert [x for x in mt.listings(words) if x.list.startswith("Annex A")], words
    (x,) = mt.listings("mercury thermometer")
    assert (x.instrument, x.list, x.effective) == (
        "minamata",
        "Annex A, Part I",
        dt.date(2017, 8, 16),
    )
    assert [x.list for x in mt.listings("mercury")] == ["Article 3"]


def _s(item: str, exp: str, imp: str, day: str = "2024-03-01", **kw: object) -> mt.Shipment:
    return mt.Shipment(item, exporter=exp, importer=imp, date=day, **kw)  # type: ignore[arg-type]


def test_article_4_1_products_after_the_phase_out_date(quoted: Callable[[str, str], None]) -> None:
    # Art. 4(1): "Each Party shall not allow, by taking appropriate measures, the manufacture,
    # import or export of mercury-added products listed in Part I of Annex A after the phase-out
    # date specified for those products, except where an exclusion is specified in Annex A or the
    # Party has a registered exemption pursuant to Article 6."
    quoted(
        TEXT,
        "Each Party shall not allow, by taking appropriate measures, the manufacture, import or "
        "export of mercury-added products listed in Part I of Annex A after the phase-out date "
        "specified for those products, except where an exclusion is specified in Annex A or the "
        "Party has a registered exemption pursuant to Article 6.",
    )
    bans = [
        f for f in evaluate(_s("mercury thermometer", "CN", "BR")) if isinstance(f, Prohibition)
    ]
    assert [(b.code, b.party, b.side, b.since) for b in bans] == [
        ("minamata.product_ban", "CN", "export", dt.date(2021, 1, 1)),
        ("minamata.product_ban", "BR", "import", dt.date(2021, 1, 1)),
    ]
    assert bans[0].citation.provision == "Article 4, paragraph 1; Annex A, Part I"
    # in 2020 the phase-out date had not passed
    assert [f.code for f in evaluate(_s("mercury thermometer", "CN", "BR", "2020-06-01"))] == [
        "minamata.product_phase_out_ahead"
    ]


def test_products_the_words_do_not_pin_down_get_notes() -> None:
    # Annex A lists CFLs "≤ 30 watts with a mercury content exceeding 5 mg per lamp burner":
    # "compact fluorescent lamp" alone does not say which entry, so no ban, a note.
    found = evaluate(_s("compact fluorescent lamp", "CN", "BR"))
    assert not any(isinstance(f, Prohibition) for f in found)
    assert "minamata.product_ban_possible" in [f.code for f in found]
    # button cells may be mercury-free
    assert not any(
        isinstance(f, Prohibition) for f in evaluate(_s("button cell battery", "CN", "BR"))
    )


def test_exclusions_and_registered_exemptions(quoted: Callable[[str, str], None]) -> None:
    # Annex A: "b) Products for research, calibration of instrumentation, for use as reference
    # standard;"
    quoted(
        TEXT,
        "b) Products for research, calibration of instrumentation, for use as reference standard;",
    )
    assert [
        f.code for f in evaluate(_s("mercury thermometer", "CN", "BR", purpose="research"))
    ] == ["minamata.excluded_product"]
    # Art. 6(9): "No Party may have an exemption in effect at any time after 10 years after the
    # phase-out date for a product or process listed in Annex A or B."
    quoted(
        TEXT,
        "No Party may have an exemption in effect at any time after 10 years after the "
        "phase-out date for a product or process listed in Annex A or B.",
    )
    reg = ExemptionRegister.from_rows(
        [{"party": "BR", "product": "mercury thermometer", "until": "2035-12-31"}]
    )
    rules = Rules(register=reg)
    assert [
        (f.code, getattr(f, "party", None))
        for f in rules.evaluate(_s("mercury thermometer", "CN", "BR"))
    ] == [
        ("minamata.product_ban", "CN"),
        ("minamata.registered_exemption", None),
    ]
    late = [
        f
        for f in rules.evaluate(_s("mercury thermometer", "CN", "BR", "2031-06-01"))
        if isinstance(f, Prohibition)
    ]
    assert [b.party for b in late] == ["CN", "BR"] and "ten years" in late[1].reason


def test_article_30_5_declarants_and_amended_entries() -> None:
    # Canada declared under Art. 30(5): the MC-4/3 entry for mercury vacuum pumps binds it only
    # once it ratifies the amendment, which the library does not record.
    found = evaluate(_s("mercury vacuum pump", "CN", "CA", "2026-06-01"))
    assert [(f.code, getattr(f, "party", None)) for f in found] == [
        ("minamata.product_ban", "CN"),
        ("minamata.amendment_status_unknown", None),
    ]


def test_article_3_6_mercury_exports(quoted: Callable[[str, str], None]) -> None:
    # Art. 3(6): "Each Party shall not allow the export of mercury except: a) To a Party that has
    # provided the exporting Party with its written consent, and only for the purpose of: (i) A
    # use allowed to the importing Party under this Convention; or (ii) Environmentally sound
    # interim storage as set out in Article 10;"
    quoted(TEXT, "Each Party shall not allow the export of mercury except:")
    quoted(
        TEXT,
        "a) To a Party that has provided the exporting Party with its written consent, and only "
        "for the purpose of:",
    )
    req = next(f for f in evaluate(_s("mercury", "CN", "BR")) if isinstance(f, Requirement))
    assert (req.code, req.party, req.side, req.document) == (
        "minamata.export_consent",
        "CN",
        "export",
        "written consent of the importing Party",
    )
    assert "Annex B" in next(
        f.text for f in evaluate(_s("mercury", "CN", "BR")) if isinstance(f, Note)
    )


def test_article_3_6_b_and_3_8_non_parties(
    quoted: Callable[[str, str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Art. 3(8): "Each Party shall not allow the import of mercury from a non-Party to whom it
    # will provide its written consent unless the non-Party has provided certification that the
    # mercury is not from sources identified as not allowed under paragraph 3 or paragraph 5 (b)."
    quoted(
        TEXT,
        "Each Party shall not allow the import of mercury from a non-Party to whom it will "
        "provide its written consent unless the non-Party has provided certification that the "
        "mercury is not from sources identified as not allowed under paragraph 3 or paragraph 5 "
        "(b).",
    )
    from mea_trade import membership

    real = membership.bound_since

    def fake(member: str, treaty: str, on: dt.date) -> object:
        return False if member == "IL" else real(member, treaty, on)

    monkeypatch.setattr(minamata_rules, "bound_since", fake)
    assert [
        (f.code, getattr(f, "party", None))
        for f in evaluate(_s("mercury", "CN", "IL"))
        if not isinstance(f, Note)
    ] == [("minamata.export_consent_certification", "CN")]
    assert [
        (f.code, getattr(f, "party", None))
        for f in evaluate(_s("mercury", "IL", "CN"))
        if not isinstance(f, Note)
    ] == [("minamata.import_certification", "CN")]


def test_article_3_scope(quoted: Callable[[str, str], None]) -> None:
    # Art. 3(2)(a): "The provisions of this Article shall not apply to: a) Quantities of mercury
    # or mercury compounds to be used for laboratory-scale research or as a reference standard;"
    quoted(
        TEXT,
        "a) Quantities of mercury or mercury compounds to be used for laboratory-scale research "
        "or as a reference standard;",
    )
    assert [f.code for f in evaluate(_s("mercury", "CN", "BR", purpose="laboratory"))] == [
        "minamata.laboratory"
    ]
    # Art. 3(1)(b) compounds: paragraphs 6 and 8 do not apply (Art. 3(13))
    assert [f.code for f in evaluate(_s("calomel", "CN", "BR"))] == ["minamata.mercury_compound"]
    # South Sudan is not in the bundled list, which is complete only to 2018-02-01: not a Party
    # up to that date (Brazil must then certify the import, Art. 3(8)), unknown after it (a
    # note, never a guess)
    assert [f.code for f in evaluate(_s("mercury", "SS", "BR", "2018-02-01"))] == [
        "minamata.import_certification",
        "minamata.annex_b",
    ]
    found = evaluate(_s("mercury", "SS", "BR"))
    assert not any(isinstance(f, (Prohibition, Requirement)) for f in found)
    assert "minamata.party_status_unknown" in [f.code for f in found]


def test_hs_line_note() -> None:
    (note,) = evaluate(_s("2805.40", "CN", "BR"))
    assert note.code == "minamata.hs_line" and "written consent" in note.text  # type: ignore[union-attr]
