"""Control measures, baselines, calculated levels and compliance (mea_trade.montreal).

Facts are checked against the Protocol text (Netherlands Treaty Database
consolidation, ``shared/sources/treaty-texts-nl/montreal.md``), the Ozone
Secretariat's ORS control measures and published decisions of the Meeting of
the Parties (quoted in ``research/montreal/verification.md``).
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import math
import pathlib
import pickle
import re
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mea_trade as mt
from mea_trade import montreal as mp
from mea_trade.testing import strategies as mts

# ----------------------------------------------------------------- schedules


def test_hcfc_article5_schedule_matches_article_5_8_ter() -> None:
    # Art. 5(8 ter)(a)-(e): freeze 2013 at the 2009-2010 average, 90 % 2015, 65 % 2020,
    # 32.5 % 2025, zero 2030 with an average of 2.5 % over 2030-2039, zero from 2040.
    for kind in ("consumption", "production"):
        steps = [(s.start, s.percent) for s in mp.schedule("C/I", "A5", kind)]
        assert steps == [
            (dt.date(2013, 1, 1), 100.0),
            (dt.date(2015, 1, 1), 90.0),
            (dt.date(2020, 1, 1), 65.0),
            (dt.date(2025, 1, 1), 32.5),
            (dt.date(2030, 1, 1), 2.5),
            (dt.date(2040, 1, 1), 0.0),
        ]
        tail = mp.control_measure("C/I", "A5", 2035, kind)
        assert tail is not None
        assert tail.averaged_over == (2030, 2039)
        assert tail.condition is not None and "servicing" in tail.condition


def test_hcfc_non_article5_schedule_matches_article_2f() -> None:
    # Art. 2F(1), (3)-(6): consumption freeze 1996, 65 % 2004, 25 % 2010, 10 % 2015,
    # 0.5 % 2020-2029 for servicing, zero 2030; production frozen from 2004 (Art. 2F(2)).
    cons = [(s.start.year, s.percent) for s in mp.schedule("C/I", "NA5")]
    assert cons == [(1996, 100), (2004, 65), (2010, 25), (2015, 10), (2020, 0.5), (2030, 0)]
    prod = [(s.start.year, s.percent) for s in mp.schedule("C/I", "NA5", "production")]
    assert prod == [(2004, 100), (2010, 25), (2015, 10), (2020, 0.5), (2030, 0)]


def test_cfc_halon_mb_schedules() -> None:
    # Art. 2A(1), (3), (4): CFC freeze from 1 July 1989, 25 % 1994, zero 1996.
    cfc = [(s.start, s.percent) for s in mp.schedule("A/I", "NA5")]
    assert cfc == [(dt.date(1989, 7, 1), 100), (dt.date(1994, 1, 1), 25), (dt.date(1996, 1, 1), 0)]
    # Article 5 CFCs: freeze 1 July 1999 (decisions XIII/16 and XIV/17 judge it over
    # July-June periods), 50 % 2005, 15 % 2007, zero 2010 (Art. 5(1), 5(8 bis)(a)).
    a5 = [(s.start, s.percent) for s in mp.schedule("A/I", "A5")]
    assert a5 == [
        (dt.date(1999, 7, 1), 100),
        (dt.date(2005, 1, 1), 50),
        (dt.date(2007, 1, 1), 15),
        (dt.date(2010, 1, 1), 0),
    ]
    # Art. 2B: halons freeze 1992, zero 1994.
    assert [(s.start.year, s.percent) for s in mp.schedule("A/II", "NA5")] == [
        (1992, 100),
        (1994, 0),
    ]
    # Art. 2H(1)-(5): methyl bromide 1995 freeze, 75 % 1999, 50 % 2001, 30 % 2003, zero 2005.
    assert [(s.start.year, s.percent) for s in mp.schedule("E/I", "NA5")] == [
        (1995, 100),
        (1999, 75),
        (2001, 50),
        (2003, 30),
        (2005, 0),
    ]
    # Art. 5(8 ter)(g): Article 5 methyl bromide freeze 2002, 80 % 2005, zero 2015.
    assert [(s.start.year, s.percent) for s in mp.schedule("E/I", "A5")] == [
        (2002, 100),
        (2005, 80),
        (2015, 0),
    ]
    # Carbon tetrachloride for Article 5 parties: 85 % cut in 2005, zero 2010 (dec. XVII/13).
    assert [(s.start.year, s.percent) for s in mp.schedule("B/II", "A5")] == [(2005, 15), (2010, 0)]
    # Art. 2I: bromochloromethane zero from 2002, for Article 5 parties too (Art. 5(1) delays
    # only Arts. 2A-2E); the ORS data start the Article 5 rows in 1996, which is wrong.
    assert mp.control_measure("C/III", "A5", 2001) is None
    step = mp.control_measure("C/III", "A5", 2002)
    assert step is not None and step.percent == 0


def test_kigali_schedules() -> None:
    # Art. 2J(1)-(2) and Art. 5(8 qua), as confirmed in research/montreal/verification.md.
    expected = {
        "NA5G1": [(2019, 90), (2024, 60), (2029, 30), (2034, 20), (2036, 15)],
        "NA5G2": [(2020, 95), (2025, 65), (2029, 30), (2034, 20), (2036, 15)],
        "A5G1": [(2024, 100), (2029, 90), (2035, 70), (2040, 50), (2045, 20)],
        "A5G2": [(2028, 100), (2032, 90), (2037, 80), (2042, 70), (2047, 15)],
    }
    for cls, steps in expected.items():
        for kind in ("consumption", "production"):
            got = [(s.start.year, s.percent) for s in mp.schedule("F", cls, kind)]
            assert got == steps, (cls, kind)
    # The ORS data have no 2024 row for the Art. 2J(2) parties; the Protocol says 95 % to 2024.
    step = mp.control_measure("F", "NA5G2", 2024)
    assert step is not None and step.percent == 95


def test_baseline_formulas() -> None:
    # Art. 2F(1): 1989 HCFC consumption + 2.8 % of 1989 CFC consumption.
    f = mp.baseline_formula("C/I", "NA5")
    assert f.years == (1989,) and f.plus_percent == Fraction("2.8") and f.plus_group == "A/I"
    # Art. 2J(1)/(2): HFC average 2011-2013 + 15 % / 25 % of the HCFC baseline.
    assert mp.baseline_formula("F", "NA5G1").plus_percent == 15
    assert mp.baseline_formula("F", "NA5G2").plus_percent == 25
    assert mp.baseline_formula("F", "A5G1").years == (2020, 2021, 2022)
    assert mp.baseline_formula("F", "A5G2").years == (2024, 2025, 2026)
    # Art. 5(3)(a): Article 5 Annex A baseline capped at 0.3 kg per capita.
    assert mp.baseline_formula("A/I", "A5").per_capita_kg == pytest.approx(0.3)
    with pytest.raises(mt.MissingDataError):
        mp.baseline_formula("C/II", "NA5")


def test_every_step_cites_its_paragraph() -> None:
    for (group, cls, kind), steps in mp.controls._TABLES.get().schedules.items():
        for step in steps:
            assert step.provision.startswith("Article"), step
            c = step.citation
            assert c.provision == step.provision
            assert c.url
            assert (group, cls, kind) == (step.group, step.party_class, step.kind)


# ----------------------------------------------------- against the Protocol text

_WORDS = {
    80.0: "eighty per cent",
    75.0: "seventy-five per cent",
    65.0: "sixty-five per cent",
    50.0: "fifty per cent",
    30.0: "thirty per cent",
    25.0: "twenty-five per cent",
    15.0: "fifteen per cent",
    10.0: "ten per cent",
    90.0: "ninety per cent",
    32.5: "thirty-two point five per cent",
    2.5: "two point five per cent",
    0.5: "zero point five per cent",
    0.0: "zero",
}


def _article(md: str, number: str) -> str:
    m = re.search(rf"^###\s*Article\s+{number}\s*$", md, flags=re.M)
    assert m, number
    rest = md[m.end() :]
    nxt = re.search(r"^###\s*Article", rest, flags=re.M)
    return rest[: nxt.start()] if nxt else rest


def _paragraph(article: str, para: str) -> str:
    label = para.replace(" ", r"\s?")
    m = re.search(rf"^{label}\.\s", article, flags=re.M)
    assert m, para
    rest = article[m.end() :]
    nxt = re.search(r"^\d+\s?(bis|ter|qua)?\.\s", rest, flags=re.M)
    return rest[: nxt.start()] if nxt else rest


def _sub(text: str, letter: str) -> str:
    m = re.search(rf"^\(?{letter}\)", text, flags=re.M)
    assert m, letter
    rest = text[m.end() :]
    nxt = re.search(rf"^\(?{chr(ord(letter) + 1)}\)", rest, flags=re.M)
    return rest[: nxt.start()] if nxt else rest


def _provision_text(md: str, provision: str) -> str:
    provision = provision.split(", with ")[0]
    m = re.fullmatch(
        r"Article (\w+)(?:, paragraphs? ([\w ]+?))?(?: \((\w)\))?(?:\((\w+)\))?", provision
    )
    assert m, provision
    art, para, sub, _ = m.groups()
    text = _article(md, art)
    if para:
        text = _paragraph(text, para)
    if sub:
        text = _sub(text, sub)
    return text


def test_text_steps_match_the_protocol_text(shared_sources: pathlib.Path) -> None:
    md = (shared_sources / "treaty-texts-nl" / "montreal.md").read_text(encoding="utf-8")
    md = md.split("Bijlage")[0]  # the English text only
    checked = 0
    for steps in mp.controls._TABLES.get().schedules.values():
        for step in steps:
            if not step.verified or step.kind == "bdn" or "mp-text" not in step.sources:
                continue
            if ", with Article" in step.provision and "8 ter (f)" not in step.provision:
                continue
            provision = step.provision
            if "8 ter (f), with Article 2G" in provision:
                provision = "Article 2G"
            text = " ".join(_provision_text(md, provision).split())
            if step.start == dt.date(1989, 7, 1):
                assert "seventh month" in text
            else:
                assert f"1 January {step.start.year}" in text, (step, text[:200])
            assert step.kind in text
            if step.percent != 100:
                assert _WORDS[step.percent] in text, (step, text[:300])
            checked += 1
    assert checked >= 50


# --------------------------------------------------------- against the ORS data

_ORS_CLASS = {"NA5": "NA5", "A5": "A5", "NA5G1": "NA5G1", "NA5G2": "NA5G2"}
_ORS_GROUP = {
    "AI": "A/I",
    "AII": "A/II",
    "BI": "B/I",
    "BII": "B/II",
    "BIII": "B/III",
    "CI": "C/I",
    "CII": "C/II",
    "CIII": "C/III",
    "EI": "E/I",
    "F": "F",
}


def test_steps_agree_with_ors_except_its_known_errors(shared_sources: pathlib.Path) -> None:
    path = shared_sources / "ozone-secretariat-ors" / "csv" / "control_measures.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 312
    compared = 0
    for row in rows:
        group = _ORS_GROUP[row["group_id"]]
        cls = row["party_type"]
        kind = {"Consumption": "consumption", "Production": "production", "BDN": "bdn"}[
            row["limit_type"]
        ]
        if kind == "bdn" and cls.startswith("A5"):
            continue  # basic-domestic-needs rows of Article 5 parties are not bundled
        if group != "F" and cls in ("A5G1", "A5G2"):
            cls = "A5"
        start = dt.date.fromisoformat(row["start_date"])
        end = dt.date.fromisoformat(row["end_date"]) if row["end_date"] else None
        if (group, cls, start) == ("A/I", "A5", dt.date(1999, 1, 7)):
            # ORS typo for 1 July 1999.
            start = dt.date(1999, 7, 1)
        if (group, cls, kind, start) == ("A/I", "NA5", "bdn", dt.date(1989, 1, 1)):
            # ORS starts this allowance in January; Art. 2A(1) in July, with the freeze.
            start = dt.date(1989, 7, 1)
        if (group, cls) == ("C/III", "A5") and start.year == 1996:
            start = dt.date(2002, 1, 1)  # Art. 2I: zero from 2002 for every Party
        for day in (start, end):
            if day is None:
                continue
            step = mp.control_measure(group, cls, day, kind)
            if step is None and kind == "bdn" and float(row["allowed"]) == 0:
                continue  # the text grants no allowance; ORS stores it as zero
            assert step is not None, (row, day)
            assert step.percent == pytest.approx(float(row["allowed"]) * 100), (row, day, step)
            compared += 1
    assert compared > 450


# ----------------------------------------------------- published national figures


def test_libya_hcfc_allowed_levels_from_decision_xxvii_11() -> None:
    # Decision XXVII/11: Libya "exceeds the party's maximum allowable consumption of 118.38
    # ODP-tonnes" for 2013-2014 (the freeze at its HCFC baseline); its plan of action returns
    # to 106.5 in 2018-2019 (90 %) and 76.95 in 2020-2021 (65 %).
    assert mp.allowed_level("Libya", "C/I", 2013).value == pytest.approx(118.38)
    assert mp.allowed_level("LY", "C/I", 2018).value == pytest.approx(106.5, abs=0.05)
    assert mp.allowed_level("LBY", "C/I", 2020).value == pytest.approx(76.95, abs=0.005)


def test_kazakhstan_hcfc_allowed_levels_from_decisions_xxvi_13_and_xxix_14() -> None:
    # Decision XXVI/13: "maximum allowable consumption of 9.9 ODP-tonnes" (25 % step, 2011-2013);
    # decision XXIX/14: "no greater than 3.95 ODP-tonnes" for 2015 and 2016 (10 % step).
    a = mp.allowed_level("Kazakhstan", "C/I", 2012)
    assert a.party_class == "NA5" and a.step is not None and a.step.percent == 25
    assert a.value == pytest.approx(9.9, abs=0.05)
    assert mp.allowed_level("Kazakhstan", "C/I", 2016).value == pytest.approx(3.95)


def test_saint_lucia_baseline_from_decision_xxv_13() -> None:
    # Decision XXV/13 revised Saint Lucia's HCFC consumption to 1.37 (2009) and 0.81 (2010)
    # ODP-tonnes; the average is the Article 5 baseline the Secretariat published (1.09).
    reports = [
        mp.Report(year=y, lines=[{"substance": "HCFC-22", "imports": odp / 0.055}])
        for y, odp in ((2009, 1.37), (2010, 0.81))
    ]
    computed = mp.baseline("C/I", "A5", reports)
    published = mp.published_baseline("Saint Lucia", "C/I", "A5")
    assert published is not None
    assert computed.value == pytest.approx(1.09)
    assert published.value == pytest.approx(computed.value)


def test_cfc_baselines_from_decision_xiv_27() -> None:
    # Decision XIV/27 changed the CFC baselines of Sri Lanka (445.6), Belize (24.4) and
    # Paraguay (210.6 ODP-tonnes).
    for party, value in (("Sri Lanka", 445.6), ("Belize", 24.4), ("Paraguay", 210.6)):
        found = mp.published_baseline(party, "A/I", "A5")
        assert found is not None and found.value == pytest.approx(value)


# ----------------------------------------------------------- calculated levels


def test_calculated_level_article_3() -> None:
    r = mp.Report(
        year=2010,
        lines=[
            mp.ReportLine(
                substance="methyl bromide",
                production=100,
                production_qps=20,
                imports=10,
                exports=5,
                destroyed=1,
            ),
            mp.ReportLine(substance="CFC-11", imports=3, exports_to_non_parties=2),
        ],
    )
    mb = mp.calculated_level(r, "E/I")
    # ODP of methyl bromide is 0.6 (Annex E): (100 - 20 - 1) * 0.6 production.
    assert mb.production == pytest.approx(79 * 0.6)
    assert mb.consumption == pytest.approx((79 + 10 - 5) * 0.6)
    cfc = mp.calculated_level(r, "A/I")
    # From 1993 exports to non-Parties are not subtracted (Art. 3(c)).
    assert cfc.consumption == pytest.approx(3.0)
    before = mp.calculated_level(mp.Report(year=1992, lines=r.lines), "A/I")
    assert before.consumption == pytest.approx(1.0)
    assert set(mp.calculated_level(r)) == {"A/I", "E/I"}


def test_hfc_levels_in_co2e() -> None:
    r = mp.Report(year=2020, lines=mp.ReportLine.of_mixture("R-410A", imports=10))
    lvl = mp.calculated_level(r, "F")
    # R-410A = 50 % HFC-32 (GWP 675) + 50 % HFC-125 (GWP 3500), Annex F.
    assert lvl.unit == "CO2e_t"
    assert lvl.consumption == pytest.approx(5 * 675 + 5 * 3500)


@given(mts.reports(), mts.reports())
def test_calculated_levels_are_additive(a: mp.Report, b: mp.Report) -> None:
    both = mp.Report(year=a.year, lines=a.lines + b.lines)
    b = mp.Report(year=a.year, lines=b.lines)
    for group in mp.CONTROL_GROUPS:
        la, lb, lab = (mp.calculated_level(x, group) for x in (a, b, both))
        for kind in ("consumption", "production"):
            expected = la.value(kind) + lb.value(kind)
            assert math.isclose(lab.value(kind), expected, rel_tol=1e-9, abs_tol=1e-6)


@given(mts.reports())
def test_calculated_level_is_sum_over_lines(r: mp.Report) -> None:
    for group, lvl in mp.calculated_level(r).items():
        parts = [mp.calculated_level(mp.Report(year=r.year, lines=[ln]), group) for ln in r.lines]
        total = sum(p.consumption for p in parts)
        assert math.isclose(lvl.consumption, total, rel_tol=1e-9, abs_tol=1e-6)


# ------------------------------------------------------------ properties


@given(
    st.sampled_from(mp.CONTROL_GROUPS),
    st.sampled_from(("consumption", "production")),
    st.data(),
)
def test_allowed_share_never_rises_within_a_schedule(
    group: str, kind: str, data: st.DataObject
) -> None:
    cls = data.draw(mts.party_classes(group=group))
    steps = mp.schedule(group, cls, kind)
    percents = [s.percent for s in steps]
    assert percents == sorted(percents, reverse=True)
    for earlier, later in itertools.pairwise(steps):
        assert earlier.end == later.start


@given(
    st.sampled_from(mp.CONTROL_GROUPS),
    st.sampled_from(mp.KINDS),
    st.integers(min_value=1900, max_value=2100),
    st.data(),
)
def test_control_measure_is_total(group: str, kind: str, year: int, data: st.DataObject) -> None:
    cls = data.draw(mts.party_classes(group=group))
    step = mp.control_measure(group, cls, year, kind)
    if step is not None:
        assert step.start <= dt.date(year, 12, 31)
        assert step.end is None or dt.date(year, 12, 31) < step.end
        assert 0 <= step.percent <= 100


@given(mts.report_series(first=2009, last=2010, annex_group="C/I"))
def test_baseline_is_average_of_levels(series: dict[int, mp.Report]) -> None:
    b = mp.baseline("C/I", "A5", series)
    expected = sum(mp.calculated_level(r, "C/I").consumption for r in series.values()) / 2
    assert math.isclose(b.value, expected, rel_tol=1e-9, abs_tol=1e-9)


# ------------------------------------------------------------- compliance


def _hcfc22(year: int, odp: float) -> mp.Report:
    return mp.Report(year=year, lines=[{"substance": "HCFC-22", "imports": odp / 0.055}])


def test_compliance_single_year() -> None:
    # Libya's allowed HCFC consumption in 2013 is 118.38 ODP t (decision XXVII/11).
    ok = mp.compliance("Libya", "C/I", 2013, _hcfc22(2013, 100))
    assert ok.status == "compliant" and ok.margin == pytest.approx(18.38)
    bad = mp.compliance("Libya", "C/I", 2013, _hcfc22(2013, 130))
    assert bad.status == "non_compliant" and bad.margin == pytest.approx(-11.62)
    assert "Article 5, paragraph 8 ter (a)" in bad.reason


def test_compliance_exempted_uses_are_outside_the_limit() -> None:
    line = mp.ReportLine(substance="CFC-11", production=10, exempted=10)
    r = mp.Report(year=2000, lines=[line])
    c = mp.compliance("Japan", "A/I", 2000, r, kind="production")
    assert c.status == "compliant"


def test_compliance_averaged_hcfc_tail() -> None:
    # Art. 5(8 ter)(e)(i): the sum of consumption over 2030-2039 divided by ten may not
    # exceed 2.5 % of the baseline. Baseline 100 ODP t -> a ten-year budget of 25 ODP t.
    early = {y: _hcfc22(y, 4.0) for y in range(2030, 2034)}
    c = mp.compliance("Brazil", "C/I", 2033, early, baseline=100)
    assert c.status == "undetermined" and c.margin == pytest.approx(9.0)
    over = {y: _hcfc22(y, 7.0) for y in range(2030, 2034)}
    assert mp.compliance("Brazil", "C/I", 2033, over, baseline=100).status == "non_compliant"
    full = {y: _hcfc22(y, 2.5) for y in range(2030, 2040)}
    assert mp.compliance("Brazil", "C/I", 2039, full, baseline=100).status == "compliant"


def test_not_bound_without_the_amendment() -> None:
    # Art. 4(9): a State that has not accepted the amendment that brings a control
    # measure is not bound by it. Take a party whose Beijing Amendment took effect late.
    beijing = [
        (p.entry_into_force, code)
        for code in ("AF", "AO", "BW", "KZ", "TM", "SA", "LY")
        if (p := mt.parties.participation(code, "beijing")) is not None
    ]
    eif, code = max(beijing)
    before = mp.allowed_level(code, "C/I", eif.year - 1, kind="production")
    assert before.bound is False and before.value is None
    c = mp.compliance(code, "C/I", eif.year - 1, _hcfc22(eif.year - 1, 1), kind="production")
    assert c.status == "not_bound"


def test_given_baseline_overrides_the_published_one() -> None:
    a = mp.allowed_level("Japan", "C/I", 2015, baseline=1000)
    assert a.value == pytest.approx(100)
    assert a.baseline is not None and a.baseline.source == "given"
    from mea_trade.units import ureg

    b = mp.allowed_level("Japan", "C/I", 2015, baseline=1000 * ureg.ODP_kg)
    assert b.value == pytest.approx(0.1)


def test_no_limit_before_controls() -> None:
    a = mp.allowed_level("India", "C/I", 2010)
    assert a.value is None and a.step is None


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: mp.schedule("Z/9", "A5"), mt.InvalidArgumentError),
        (lambda: mp.schedule("F", "A5"), mt.InvalidArgumentError),
        (lambda: mp.schedule("C/I", "developing"), mt.InvalidArgumentError),
        (lambda: mp.schedule("C/I", "A5", "emissions"), mt.InvalidArgumentError),
        (lambda: mp.control_measure("C/I", "A5", 2020, article5=False), mt.InvalidArgumentError),
        (lambda: mp.control_measure("C/I", year=2020), mt.InvalidArgumentError),
        (lambda: mp.control_measure("C/I", "A5"), mt.InvalidArgumentError),
        (lambda: mp.control_measure("F", year=2030, article5=True), mt.InvalidArgumentError),
        (lambda: mp.control_measure("C/I", "A5", "2020"), mt.InvalidDateError),  # type: ignore[arg-type]
        (lambda: mp.ReportLine(substance="HCFC-22", imports=-1), mt.InvalidQuantityError),
        (lambda: mp.ReportLine(substance="HCFC-22", imports=float("nan")), mt.InvalidQuantityError),
        (
            lambda: mp.ReportLine(substance="HCFC-22", imports_qps=1, imports=1),
            mt.InvalidArgumentError,
        ),
        (lambda: mp.ReportLine(substance="ethanol"), mt.UnknownSubstanceError),
        (lambda: mp.ReportLine(substance="HFO-1234yf"), mt.InvalidArgumentError),
        (lambda: mp.Report(year=2020, lines=[{"imports": 1}]), mt.InvalidArgumentError),
        (
            lambda: mp.Report(year=2020, lines=[{"substance": "R-22", "bogus": 1}]),
            mt.InvalidArgumentError,
        ),
        (lambda: mp.baseline("C/I", "A5", []), mt.MissingDataError),
        (lambda: mp.allowed_level("Japan", "C/I", 2015, baseline=-1), mt.InvalidQuantityError),
        (lambda: mp.calculated_level("report"), mt.InvalidArgumentError),  # type: ignore[call-overload]
    ],
)
def test_errors(call: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        call()  # type: ignore[operator]


def test_records_pickle() -> None:
    step = mp.control_measure("C/I", "A5", 2025)
    r = mp.Report(year=2020, lines=[{"substance": "HCFC-22", "imports": 1}])
    for obj in (step, r, mp.allowed_level("Libya", "C/I", 2013)):
        assert pickle.loads(pickle.dumps(obj)) == obj
