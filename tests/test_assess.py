"""Shipment assessment under the Montreal Protocol rules.

Party dates are the depositary's (bundled in data/parties/*.csv and checked in
tests/test_parties.py); the rules are Art. 4 and 4B of the Protocol as amended
(text: shared/sources/treaty-texts-nl/montreal.md; domain-rules §1.6-1.7).
"""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mea_trade as mt
from mea_trade.assessment import Assessment, Prohibition, Requirement, Shipment, assess
from mea_trade.testing import strategies as mts


def _codes(a: Assessment) -> list[tuple[str, str]]:
    return [(r.code, r.party) for r in a.requirements] + [(p.code, p.party) for p in a.prohibitions]


def _ship(item: str, exporter: str, importer: str, day: str, **kw: object) -> Assessment:
    return assess(Shipment(item, exporter=exporter, importer=importer, date=day, **kw))  # type: ignore[arg-type]


# ------------------------------------------------------------- trade bans


def test_annex_a_import_ban_from_non_party_since_1990() -> None:
    # Art. 4(1): "As of 1 January 1990, each Party shall ban the import of the controlled
    # substances in Annex A from any State not party to this Protocol." Iraq acceded in 2008
    # (in force 23 September 2008).
    a = _ship("CFC-11", "IQ", "US", "1995-06-01")
    assert ("montreal.import_ban_non_party", "US") in _codes(a)
    ban = a.prohibitions[0]
    assert ban.since == dt.date(1990, 1, 1)
    assert ban.citation.provision == "Article 4, paragraph 1"
    assert a.status == "prohibited"
    # Before the ban, and once Iraq is a Party, no ban.
    assert not _ship("CFC-11", "IQ", "US", "1989-12-31").prohibitions
    assert not _ship("CFC-11", "IQ", "US", "2009-01-01").prohibitions


def test_annex_a_export_ban_to_non_party_from_1993() -> None:
    # Art. 4(2) as replaced by the London Amendment: exports of Annex A substances to
    # non-Parties banned from 1 January 1993.
    assert not _ship("CFC-12", "US", "IQ", "1992-12-31").prohibitions
    a = _ship("CFC-12", "US", "IQ", "1993-01-02")
    assert ("montreal.export_ban_non_party", "US") in _codes(a)
    assert a.prohibitions[0].since == dt.date(1993, 1, 1)


def test_annex_b_ban_one_year_after_the_london_amendment() -> None:
    # Art. 4(2 bis): exports of Annex B substances to non-Parties banned "commencing one year
    # after the date of entry into force of this paragraph"; the London Amendment entered
    # into force on 10 August 1992. Afghanistan joined it only in 2004.
    assert not _ship("carbon tetrachloride", "US", "AF", "1993-08-09").prohibitions
    a = _ship("carbon tetrachloride", "US", "AF", "1993-08-11")
    ban = a.prohibitions[0]
    assert (ban.code, ban.party, ban.since) == (
        "montreal.export_ban_non_party",
        "US",
        dt.date(1993, 8, 10),
    )
    assert ban.citation.provision == "Article 4, paragraph 2 bis"


def test_hcfc_ban_and_the_article_5_exemption_of_decision_xx_9() -> None:
    # Art. 4(2 quin): HCFC exports to non-Parties banned from 1 January 2004; decisions XV/3
    # and XX/9: a State not bound by both the Copenhagen and Beijing Amendments is a non-Party
    # for HCFCs, but an Article 5 State only from 1 January 2013. Kenya (Article 5) joined the
    # Beijing Amendment with effect from 7 January 2014.
    before = _ship("HCFC-22", "US", "KE", "2012-06-01")
    assert not before.prohibitions
    assert "montreal.hcfc_a5_exemption" in [n.code for n in before.notes]
    during = _ship("HCFC-22", "US", "KE", "2013-06-01")
    assert ("montreal.export_ban_non_party", "US") in _codes(during)
    assert during.prohibitions[0].since == dt.date(2004, 1, 1)
    assert "Beijing" in during.prohibitions[0].reason
    assert not _ship("HCFC-22", "US", "KE", "2014-02-01").prohibitions
    # A non-Article 5 State is a non-Party at once: Kazakhstan in 2010 (domain-rules §1.6).
    kz = _ship("HCFC-141b", "US", "KZ", "2010-01-05")
    assert ("montreal.export_ban_non_party", "US") in _codes(kz)


def test_mixtures_are_assessed_through_their_components() -> None:
    # R-502 is HCFC-22 and CFC-115 (Annex A/I): the Annex A export ban applies to it.
    a = _ship("R-502", "US", "IQ", "1995-01-01")
    assert [p.citation.provision for p in a.prohibitions] == ["Article 4, paragraph 2"]
    assert "CFC-115" in a.prohibitions[0].reason
    # R-410A has no ozone-depleting component: no Article 4B(1) licence or ODS ban.
    b = _ship("R-410A", "US", "CA", "2024-01-01")
    assert not [r for r in b.requirements if r.instrument == "montreal"]
    assert not b.prohibitions


# -------------------------------------------------------------- licensing


def test_licence_required_from_the_article_4b_date() -> None:
    # Art. 4B(1): licensing "by 1 January 2000 or within three months of the date of entry
    # into force of this Article for it, whichever is the later". The Montreal Amendment
    # entered into force for the United States on 30 December 2003 -> 30 March 2004.
    early = _ship("HCFC-22", "US", "CA", "2004-03-29")
    assert ("montreal.export_licence", "US") not in _codes(early)
    late = _ship("HCFC-22", "US", "CA", "2004-03-30")
    assert ("montreal.export_licence", "US") in _codes(late)
    lic = next(r for r in late.requirements if r.party == "US")
    assert lic.document == "export licence" and lic.side == "export"
    assert lic.citation.provision == "Article 4B, paragraph 1"


def test_licences_on_both_sides() -> None:
    a = _ship("HCFC-22", "CN", "GH", "2024-05-01")
    assert _codes(a) == [("montreal.export_licence", "CN"), ("montreal.import_licence", "GH")]
    assert a.status == "licences_required"


def test_article_5_delay_for_annex_e() -> None:
    # Art. 4B(2): an Article 5 Party may delay licensing of Annex E until 1 January 2002.
    # Kenya (Article 5; Montreal Amendment in force 10 October 2000).
    a = _ship("methyl bromide", "IL", "KE", "2001-05-01")
    assert ("montreal.import_licence", "KE") not in _codes(a)
    assert "montreal.import_licence_a5_delay" in [n.code for n in a.notes]
    b = _ship("methyl bromide", "IL", "KE", "2002-01-01")
    assert ("montreal.import_licence", "KE") in _codes(b)


def test_phased_out_note_and_end_uses() -> None:
    # Art. 2A(4): CFC consumption zero from 1996 for non-Article 5 Parties.
    a = _ship("CFC-11", "IN", "US", "2024-06-10", state="reclaimed")
    notes = {n.code: n for n in a.notes}
    assert "montreal.phased_out" in notes
    assert notes["montreal.phased_out"].citation is not None
    assert notes["montreal.phased_out"].citation.provision == "Article 2A, paragraph 4"
    assert "montreal.recycled" in notes
    b = _ship("carbon tetrachloride", "IN", "BR", "2024-02-01", end_use="feedstock")
    assert "montreal.end_use_feedstock" in [n.code for n in b.notes]


def test_hfc_licensing_under_article_4b_2_bis() -> None:
    # Art. 4B(2 bis): licensing of Annex F by 1 January 2019 or within three months of the
    # paragraph's entry into force for the Party, whichever is later. The United States
    # deposited on 31 October 2022 (Netherlands Treaty Database), so the Amendment took
    # effect for it on 29 January 2023 (90th day) and licensing was due by 29 April 2023.
    before = _ship("HFC-134a", "MX", "US", "2023-04-28")
    assert ("kigali.import_licence", "US") not in _codes(before)
    assert ("kigali.export_licence", "MX") in _codes(before)
    after = _ship("HFC-134a", "MX", "US", "2023-04-29")
    lic = next(r for r in after.requirements if r.party == "US")
    assert lic.citation.provision == "Article 4B, paragraph 2 bis"
    assert lic.instrument == "kigali"
    # Both are Parties: no ban in 2034 and no note about the 2033 bans.
    late = _ship("HFC-134a", "MX", "US", "2034-03-01")
    assert not late.prohibitions
    assert not [n for n in late.notes if "2033" in n.code]


def test_hfc_rules_for_a_country_not_in_the_kigali_list() -> None:
    # The bundled Kigali list is complete to 9 March 2026 (it matches the Secretariat's
    # count): Uzbekistan, absent from it, is not a Party on that date; in 2034, after the
    # list's reach, its status is unknown, so the export ban of Article 4, paragraph 2 sept
    # (from 1 January 2033) is a note of what applies if it is still not a Party, never a
    # guessed ban.
    assert mt.parties.complete("kigali")
    assert not mt.parties.is_party("UZ", "kigali", on=dt.date(2026, 3, 9))
    before = _ship("HFC-134a", "US", "UZ", "2026-03-01")
    assert ("kigali.export_licence", "US") in _codes(before)
    assert not [n for n in before.notes if n.code.endswith("_unknown")]
    a = _ship("HFC-134a", "US", "UZ", "2034-03-01")
    assert ("kigali.export_ban_non_party", "US") not in _codes(a)
    assert ("kigali.export_licence", "US") in _codes(a)
    assert "kigali.export_ban_unknown" in [n.code for n in a.notes]


@pytest.fixture
def kigali_list_incomplete(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The assessment rules as they stand when the bundled Kigali list is incomplete."""
    import attrs

    from mea_trade._data import Lazy
    from mea_trade.montreal import rules

    tables = rules._TABLES.get()
    partial = attrs.evolve(tables, reach={**tables.reach, "kigali": None})
    caches = [
        getattr(rules, name)
        for name in dir(rules)
        if callable(getattr(getattr(rules, name), "cache_clear", None))
    ]
    for cache in caches:
        cache.cache_clear()
    mt.assessment.clear_cache()
    monkeypatch.setattr(rules, "_TABLES", Lazy(lambda: partial))
    yield
    for cache in caches:
        cache.cache_clear()
    mt.assessment.clear_cache()


@pytest.mark.usefixtures("kigali_list_incomplete")
def test_hfc_rules_say_what_is_not_known() -> None:
    # Were the Kigali list incomplete, a country absent from it would be "unknown", and the
    # assessment would say what applies if it is not a Party.
    a = _ship("HFC-134a", "US", "UZ", "2034-03-01")
    codes = [n.code for n in a.notes]
    assert "kigali.import_licence_unknown" in codes
    assert "kigali.export_ban_unknown" in codes
    assert ("kigali.export_licence", "US") in _codes(a)
    assert ("kigali.export_ban_non_party", "US") not in _codes(a)


def test_uncontrolled_and_hs_commodities() -> None:
    assert _ship("propane", "CN", "GH", "2024-01-01").status == "clear"
    hs = _ship("2903.79", "CN", "GH", "2024-01-01")  # a catch-all subheading
    assert [n.code for n in hs.notes] == ["montreal.hs_line"]


# ------------------------------------------------------------- the model


def test_shipment_reads_names_codes_and_strings() -> None:
    s = Shipment("75-45-6", exporter="China", importer="gha", date="2024-05-01", quantity="2 t")
    assert s.commodity.name == "HCFC-22"  # type: ignore[union-attr]
    assert (s.exporter.alpha2, s.importer.alpha2) == ("CN", "GH")
    assert str(s.quantity.units) == "metric_ton"  # type: ignore[union-attr]
    assert (
        str(
            Shipment("2903.71.00", exporter="CN", importer="GH", date=dt.date(2024, 1, 1)).commodity
        )
        == "2903.71.00"
    )


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"commodity": "unobtainium"}, mt.UnknownCommodityError),
        ({"exporter": "Atlantis"}, mt.UnknownCountryError),
        ({"date": "2024-13-01"}, mt.InvalidDateError),
        ({"date": 20240101}, mt.InvalidDateError),
        ({"quantity": "-5 kg"}, mt.InvalidQuantityError),
        ({"quantity": "5 m"}, mt.InvalidQuantityError),
        ({"state": "stolen"}, mt.InvalidArgumentError),
        ({"end_use": "fun"}, mt.InvalidArgumentError),
        ({"commodity": 42}, mt.InvalidArgumentError),
        ({"commodity": "29"}, mt.UnknownCommodityError),
    ],
)
def test_bad_shipments(kwargs: dict[str, object], error: type[Exception]) -> None:
    base: dict[str, object] = {
        "commodity": "HCFC-22",
        "exporter": "CN",
        "importer": "GH",
        "date": "2024-01-01",
    }
    base.update(kwargs)
    with pytest.raises(error):
        assess(base)


def test_assessment_pickles_and_serialises() -> None:
    a = _ship("R-502", "US", "IQ", "1995-01-01")
    again = pickle.loads(pickle.dumps(a))
    assert again.status == a.status and again.prohibitions == a.prohibitions
    d = a.to_dict()
    assert d["status"] == "prohibited" and d["prohibitions"][0]["since"] == "1993-01-01"


# ------------------------------------------------------------- properties


@given(mts.shipments())
def test_assess_is_total_and_deterministic(s: Shipment) -> None:
    a, b = assess(s), assess(s)
    assert a == b
    assert a.status in ("prohibited", "licences_required", "check", "clear")
    findings: list[Requirement | Prohibition] = [*a.requirements, *a.prohibitions]
    for finding in findings:
        # treaty articles; for the CWC, the paragraphs of its Verification Annex
        assert finding.citation.provision.startswith(("Article", "Verification Annex"))
        assert finding.party in (s.exporter.alpha2, s.importer.alpha2)


@given(mts.shipments(hs_codes_too=False), st.lists(mts.countries(), min_size=1, max_size=3))
def test_adding_transit_never_removes_a_requirement(s: Shipment, via: list[object]) -> None:
    import attrs

    with_transit = attrs.evolve(s, transit=(*s.transit, *via))
    before, after = assess(s), assess(with_transit)
    assert set(before.requirements) <= set(after.requirements)
    assert set(before.prohibitions) <= set(after.prohibitions)


@given(mts.shipments(hs_codes_too=False))
def test_bans_follow_the_calendar(s: Shipment) -> None:
    # No ban applies before the paragraph's own start date.
    for p in assess(s).prohibitions:
        assert p.since <= s.date


@given(mts.shipments(hs_codes_too=False))
def test_epoch_cache_gives_the_direct_answer(s: Shipment) -> None:
    # evaluate() answers from a cache keyed by the "epoch" of the date (the span between
    # two dates on which a finding can change); it must equal the direct computation.
    from mea_trade.montreal import rules as rule

    groups = {g: list(names) for g, names in rule._commodity_groups(s.commodity)}
    direct = tuple(rule._evaluate(s, groups))
    assert rule.evaluate(s) == direct
    assert [f.reason for f in rule.evaluate(s) if hasattr(f, "reason")] == [
        f.reason for f in direct if hasattr(f, "reason")
    ]


def test_bound_tables_answer_as_the_party_lists() -> None:
    # _bound_since reads a table per country and instrument, built from the dates at which
    # the direct reading of the party lists (_bound_on) may change; on each such date, the
    # day before and the day after, for every country and instrument, both must agree.
    from mea_trade.montreal import rules as rule

    tables = rule._TABLES.get()
    codes = sorted({c.alpha2 for c in mt.countries.all_countries()} | {"EU", "XX"})
    checked = 0
    for inst in rule._INSTRUMENTS:
        for code in codes:
            days, _ = rule._bound_table(code, inst)
            near = {d + dt.timedelta(days=k) for d in days for k in (-1, 0, 1)}
            for day in near | {dt.date(1987, 1, 1), dt.date(2040, 1, 1)}:
                assert rule._bound_since(code, inst, day) == rule._bound_on(
                    tables, code, inst, day
                ), (code, inst, day)
                checked += 1
    assert checked > 10_000


@given(
    st.sampled_from(sorted(c.alpha2 for c in mt.countries.all_countries())),
    st.sampled_from(
        ("montreal", "london", "copenhagen", "montreal_amendment", "beijing", "kigali")
    ),
    st.dates(dt.date(1985, 1, 1), dt.date(2040, 12, 31)),
)
def test_bound_table_on_any_date(code: str, inst: str, day: dt.date) -> None:
    from mea_trade.montreal import rules as rule

    assert rule._bound_since(code, inst, day) == rule._bound_on(rule._TABLES.get(), code, inst, day)


def test_bound_since_reads_known_ratifications() -> None:
    # Kazakhstan: Copenhagen Amendment in force for it in 2011 and Beijing in 2014 (the
    # Ozone Secretariat's ratification table, bundled in data/parties); the United States
    # has been bound by the Protocol since 1989-01-01, its entry into force.
    from mea_trade.montreal import rules as rule

    assert rule._bound_since("KZ", "copenhagen", dt.date(2010, 6, 1)) is False
    since = rule._bound_since("KZ", "copenhagen", dt.date(2012, 6, 1))
    assert isinstance(since, dt.date) and since.year == 2011
    assert rule._bound_since("US", "montreal", dt.date(1990, 1, 1)) == dt.date(1989, 1, 1)
    assert rule._bound_since("US", "montreal", dt.date(1988, 12, 31)) is False


@given(
    st.sampled_from(("A/I", "A/II", "B/I", "B/II", "B/III", "C/I", "C/II", "C/III", "E/I")),
    st.booleans(),
    st.dates(dt.date(1985, 1, 1), dt.date(2050, 12, 31)),
)
def test_consumption_step_table_gives_the_step_in_force(
    group: str, article5: bool, day: dt.date
) -> None:
    # the step found by bisection in the table of dates where a step starts or ends is the
    # first step of the schedule in force on the day (ControlStep.in_force)
    from mea_trade.montreal import controls

    steps = mt.montreal.schedule(group, "A5" if article5 else "NA5", "consumption")
    expected = next((step for step in steps if step.in_force(day)), None)
    assert controls._consumption_step(group, article5, day) == expected
    for step in steps:  # the edges of every step, and the day before each
        for edge in (step.start, step.end):
            if edge is not None:
                for d in (edge, edge - dt.timedelta(days=1)):
                    want = next((s for s in steps if s.in_force(d)), None)
                    assert controls._consumption_step(group, article5, d) == want
