"""HS classification: codes, pure substances, heading 38.27 thresholds, flags."""

from __future__ import annotations

import contextlib
import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mea_trade as mt
from mea_trade import hs
from mea_trade._data import read_csv
from mea_trade.testing import strategies as mts

# HS 2022 subheadings of the pure controlled substances (UNSD/Comtrade HS 2022 texts:
# e.g. 2903.42 "difluoromethane (HFC-32)", 2903.76 "Halon-1211, Halon-1301, Halon-2402",
# 2903.77 "perhalogenated only with fluorine and chlorine"), and HS 2017 (UNSD correlation:
# 2903.41-2903.49 and 2903.61 were all in 2903.39).
PURE = {
    "CFC-11": ("2903.77", "2903.77"),
    "CFC-12": ("2903.77", "2903.77"),
    "CFC-113": ("2903.77", "2903.77"),
    "CFC-13": ("2903.77", "2903.77"),
    "CFC-217": ("2903.77", "2903.77"),
    "halon-1211": ("2903.76", "2903.76"),
    "halon-1301": ("2903.76", "2903.76"),
    "halon-2402": ("2903.76", "2903.76"),
    "carbon tetrachloride": ("2903.14", "2903.14"),
    "1,1,1-trichloroethane": ("2903.19", "2903.19"),
    "HCFC-22": ("2903.71", "2903.71"),
    "HCFC-123": ("2903.72", "2903.72"),
    "HCFC-141b": ("2903.73", "2903.73"),
    "HCFC-142b": ("2903.74", "2903.74"),
    "HCFC-225ca": ("2903.75", "2903.75"),
    "HCFC-225cb": ("2903.75", "2903.75"),
    "HCFC-21": ("2903.79", "2903.79"),
    "HCFC-124": ("2903.79", "2903.79"),
    "HBFC-22B1": ("2903.79", "2903.79"),
    "bromochloromethane": ("2903.79", "2903.79"),
    "methyl bromide": ("2903.61", "2903.39"),
    "HFC-23": ("2903.41", "2903.39"),
    "HFC-32": ("2903.42", "2903.39"),
    "HFC-41": ("2903.43", "2903.39"),
    "HFC-152": ("2903.43", "2903.39"),
    "HFC-152a": ("2903.43", "2903.39"),
    "HFC-125": ("2903.44", "2903.39"),
    "HFC-143a": ("2903.44", "2903.39"),
    "HFC-143": ("2903.44", "2903.39"),
    "HFC-134a": ("2903.45", "2903.39"),
    "HFC-134": ("2903.45", "2903.39"),
    "HFC-227ea": ("2903.46", "2903.39"),
    "HFC-236cb": ("2903.46", "2903.39"),
    "HFC-236ea": ("2903.46", "2903.39"),
    "HFC-236fa": ("2903.46", "2903.39"),
    "HFC-245fa": ("2903.47", "2903.39"),
    "HFC-245ca": ("2903.47", "2903.39"),
    "HFC-365mfc": ("2903.48", "2903.39"),
    "HFC-43-10mee": ("2903.48", "2903.39"),
    "HFO-1234yf": ("2903.51", "2903.39"),
    "HFO-1234ze(E)": ("2903.51", "2903.39"),
}  # fmt: skip


@pytest.mark.parametrize(("name", "codes"), PURE.items())
def test_pure_substances(name: str, codes: tuple[str, str]) -> None:
    assert str(hs.classify(name).code) == codes[0]
    assert str(hs.classify(name, edition="HS2017").code) == codes[1]


def test_every_controlled_substance_has_both_codes() -> None:
    for sub in mt.substances(controlled=True):
        a, b = hs.classify(sub), hs.classify(sub, edition="HS2017")
        assert a.code.heading == "2903", sub
        assert b.code.heading == "2903", sub


def test_substance_codes_match_the_nomenclature(shared_sources) -> None:  # type: ignore[no-untyped-def]
    """Where an HS 2022 text names a substance (by its HFC/HCFC/halon number), the bundled
    code is that subheading; every pair of codes is a pair of the UNSD correlation."""
    with open(
        shared_sources / "hs-nomenclature/harmonized-system_hs2022.csv", encoding="utf-8"
    ) as fh:
        texts = {r["hscode"]: r["description"] for r in csv.DictReader(fh) if r["level"] == "6"}
    with open(
        shared_sources / "hs-nomenclature/hs2022_hs2017_correlation.csv", encoding="utf-8"
    ) as fh:
        pairs = {(r["hs2022"], r["hs2017"]) for r in csv.DictReader(fh)}
    named = 0
    for row in read_csv("hs/substances.csv"):
        if not row["hs2022"]:
            continue
        assert (row["hs2022"], row["hs2017"]) in pairs, row
        sub = mt.substance(row["substance"])
        for code, text in texts.items():
            if code.startswith("2903") and f"({sub.name})" in text.replace("Halon", "halon"):
                assert row["hs2022"] == code, (sub.name, code)
                named += 1
    assert named >= 15


@pytest.mark.parametrize(
    ("fractions", "code"),
    [
        ({"HFC-143a": 15, "HFC-134a": 85}, "3827.61"),
        ({"HFC-143a": 14.99, "HFC-134a": 85.01}, "3827.64"),
        ({"HFC-125": 55, "HFC-32": 45}, "3827.62"),
        ({"HFC-125": 54.99, "HFC-32": 45.01}, "3827.63"),
        ({"HFC-125": 55, "HFC-32": 25, "HFO-1234yf": 20}, "3827.63"),
        ({"HFC-125": 40, "HFC-152a": 60}, "3827.63"),
        ({"HFC-125": 39.99, "HFC-152a": 60.01}, "3827.68"),
        ({"HFC-134a": 30, "HFC-152a": 70}, "3827.64"),
        ({"HFC-134a": 29.99, "HFC-152a": 70.01}, "3827.68"),
        ({"HFC-134a": 30, "HFO-1234yf": 70}, "3827.68"),
        ({"HFC-32": 20, "HFC-125": 20, "HFC-152a": 60}, "3827.65"),
        ({"HFC-32": 19.99, "HFC-125": 20, "HFC-152a": 60.01}, "3827.68"),
        ({"HFC-161": 50, "R-290": 50}, "3827.69"),
        ({"HFC-23": 39, "R-116": 61}, "3827.51"),
        ({"R-116": 50, "R-218": 50}, "3827.59"),
        ({"HCFC-22": 50, "HFC-32": 50}, "3827.31"),
        ({"HCFC-22": 50, "R-290": 50}, "3827.32"),
        ({"HCFC-124": 50, "R-290": 50}, "3827.39"),
        ({"methyl bromide": 98, "chloropicrin": 2}, "3827.40"),
        ({"CFC-12": 50, "HCFC-22": 50}, "3827.11"),
        ({"HBFC-22B1": 50, "R-290": 50}, "3827.12"),
        ({"carbon tetrachloride": 50, "R-290": 50}, "3827.13"),
        ({"1,1,1-trichloroethane": 50, "R-290": 50}, "3827.14"),
        ({"halon-1211": 50, "R-744": 50}, "3827.20"),
        ({"HFO-1234yf": 50, "R-290": 50}, "3824.99"),
    ],
)
def test_heading_3827_thresholds(fractions: dict[str, float], code: str) -> None:
    """Mixtures at and just around each threshold of the 3827 subheading texts."""
    result = hs.classify(mt.Mixture.from_mass_fractions(fractions))
    assert str(result.code) == code
    assert result.criterion


def test_common_blends() -> None:
    expected = {
        "R-404A": "3827.61", "R-507A": "3827.61", "R-410A": "3827.63", "R-407C": "3827.64",
        "R-134a": "2903.45", "R-448A": "3827.65", "R-513A": "3827.68", "R-454B": "3827.68",
        "R-502": "3827.11", "R-22": "2903.71", "R-401A": "3827.31", "R-409A": "3827.32",
        "R-508B": "3827.51", "R-422D": "3827.62",
    }  # fmt: skip
    assert {k: str(hs.classify(k).code) for k in expected} == expected


def test_multi_group_blends_are_flagged() -> None:
    # R-413A: PFC-218 (3827.5 group) and HFC-134a 88 % (3827.6 group): first in numerical order.
    r413a = hs.classify("R-413A")
    assert str(r413a.code) == "3827.59"
    assert [str(c) for c in r413a.ambiguous_with] == ["3827.64"]
    cfc_halon = hs.classify(mt.Mixture.from_mass_fractions({"CFC-12": 50, "halon-1301": 50}))
    assert (str(cfc_halon.code), [str(c) for c in cfc_halon.ambiguous_with]) == (
        "3827.11",
        ["3827.20"],
    )


def test_hs2017_follows_the_correlation() -> None:
    pairs = {(r["hs2022"], r["hs2017"]) for r in read_csv("hs/correlation.csv")}
    for blend in mt.mixtures():
        a = hs.classify(blend).code.subheading
        b = hs.classify(blend, edition="HS2017").code.subheading
        assert (a, b) in pairs, blend.name


@given(mts.mixtures())
def test_classification_is_total_and_deterministic(mix: mt.Mixture) -> None:
    try:
        first = hs.classify(mix)
    except mt.MissingDataError:
        assert any(not c.substance.is_controlled for c in mix.components)
        return
    assert hs.classify(mix) == first
    assert first.code.heading in {"2903", "3827", "3824", "2811", "2814", "2904"}
    assert hs.classify(mix, edition="HS2017").code.edition == "HS2017"


@given(
    mts.bundled_mixtures(),
    st.sampled_from(["R-744", "HFO-1234yf", "R-116"]),
    st.floats(0.001, 0.05),
)
def test_non_controlled_additions_never_make_a_cfc_or_hcfc_line(
    blend: mt.Mixture, extra: str, share: float
) -> None:
    before = hs.classify(blend).code.subheading
    parts = {c.substance: c.fraction * (1 - share) for c in blend.components}
    extra_sub = mt.substance(extra)
    parts[extra_sub] = parts.get(extra_sub, 0.0) + share
    after = hs.classify(mt.Mixture.from_mass_fractions(parts)).code.subheading
    cfc_hcfc = {"382711", "382731", "382732", "382739"}
    if before not in cfc_hcfc:
        assert after not in cfc_hcfc


@given(mts.hfc_mixtures_near_thresholds())
def test_threshold_mixtures_stay_in_the_hfc_group(mix: mt.Mixture) -> None:
    code = hs.classify(mix).code.subheading
    assert code.startswith("3827") and code[4] == "6"


@given(mts.hs_codes())
def test_parse_format_round_trip(code: hs.HSCode) -> None:
    assert hs.parse(str(code)) == code
    assert hs.parse(code.subheading + code.national) == code


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "2903",
        "29037",
        "2903.7A",
        "ABCDEF",
        "2903.39",
        "7700.00",
        "2903.71.0",
        "1" * 14,
        "２９０３７１",
    ],
)
def test_bad_codes(bad: str) -> None:
    with pytest.raises(mt.InvalidHSCodeError):
        hs.parse(bad)


def test_editions() -> None:
    assert hs.parse("2903.39", edition="HS2017").edition == "HS2017"
    with pytest.raises(mt.InvalidArgumentError):
        hs.parse("2903.71", edition="HS2012")
    with pytest.raises(mt.InvalidHSCodeError):
        hs.parse(290371)  # type: ignore[arg-type]


@given(st.text(max_size=20))
def test_any_text(text: str) -> None:
    with contextlib.suppress(mt.InvalidHSCodeError):
        hs.parse(text)


def test_flags() -> None:
    (flag,) = hs.flags("2903.45.10")
    assert flag.instrument == "montreal" and flag.groups == ("F/I",)
    assert "HFC-134a" in flag.reason
    assert hs.flags("3827.90") == ()
    assert hs.flags("0101.21") == ()
    assert {g for f in hs.flags("2903.79") for g in f.groups} == {"C/I", "C/II", "C/III"}
    assert hs.flags("2903.39", edition="HS2017")[0].groups == ("E/I", "F/I", "F/II")
    for blend in mt.mixtures():
        assert hs.flags(hs.classify(blend).code), blend.name


def test_flag_coverage_names_every_instrument_family() -> None:
    coverage = hs.flag_coverage()
    assert set(coverage) >= {
        "montreal",
        "cites",
        "basel",
        "rotterdam",
        "stockholm",
        "minamata",
        "cwc",
    }
    assert all(level in {"complete", "partial", "none"} for level, _ in coverage.values())
    for instrument in coverage:
        mt.instruments.get(instrument)


def test_annex_d_product_flags(shared_sources) -> None:  # type: ignore[no-untyped-def]
    # Annex D of the Montreal Protocol lists products containing Annex A substances
    # (ozone.unep.org Annex D page); the bundled subheadings are chosen by their HS wording,
    # which is checked here against the HS 2022 descriptions (shared/sources/hs-nomenclature).
    import csv

    with open(shared_sources / "hs-nomenclature" / "harmonized-system_hs2022.csv") as fh:
        text = {r["hscode"]: r["description"].lower() for r in csv.DictReader(fh)}
    words = {"8415": "air conditioning", "8418": "refriger", "8424": "fire extinguishers",
             "3921": "polyurethanes", "3909": "polyurethanes"}  # fmt: skip
    seen = 0
    for edition in hs.EDITIONS:
        for code in ("8415.20", "8418.21", "8418.61", "8424.10", "3921.13", "3909.50"):
            (flag,) = hs.flags(code, edition)
            assert flag.instrument == "montreal" and "Annex D product" in flag.reason
            assert any(c.id == "mp-annex-d" for c in flag.sources)
            if edition == "HS2022":
                assert words[code[:4]] in text[code.replace(".", "")] or (
                    code.startswith("8418.61") and "heat pumps" in text["841861"]
                )
            seen += 1
    assert seen == 12
    assert hs.flags("8424.10")[0].groups == ("A/II",)  # portable fire extinguishers: halons


def test_annex_d_import_note_for_non_party_exporter() -> None:
    import mea_trade as mt

    # Iraq joined the Protocol in 2008; Art. 4(3) product bans from 27 May 1993.
    a = mt.assess(mt.Shipment("8418.21", exporter="IQ", importer="US", date="2000-01-01"))
    assert "montreal.annex_d_non_party" in [n.code for n in a.notes]
    b = mt.assess(mt.Shipment("8418.21", exporter="IQ", importer="US", date="2009-01-01"))
    assert "montreal.annex_d_non_party" not in [n.code for n in b.notes]


def test_other_instruments_flags_follow_the_hs_wording(shared_sources) -> None:  # type: ignore[no-untyped-def]
    # Every flag of another instrument sits on an HS 2022 code whose wording names the goods
    # (shared/sources/hs-nomenclature, the UN Comtrade HS 2022 descriptions).
    with open(shared_sources / "hs-nomenclature" / "harmonized-system_hs2022.csv") as fh:
        text = {r["hscode"]: r["description"].lower() for r in csv.DictReader(fh)}
    expected = {
        ("2805.40", "minamata"): "mercury",  # Minamata Art. 3: mercury
        ("2852.10", "minamata"): "mercury",
        ("2903.81", "stockholm"): "hexachlorocyclohexane",  # Stockholm Annex A: lindane, HCH
        ("2903.81", "rotterdam"): "hexachlorocyclohexane",  # Rotterdam Annex III: HCH, lindane
        ("3915.10", "basel"): "waste",  # plastic waste
        ("8549.11", "basel"): "lead-acid accumulators",  # lead-acid battery waste (A1160)
        ("2812.11", "cwc"): "carbonyl dichloride",  # phosgene, CWC Schedule 3
        ("0106.20", "cites"): "reptiles",
    }
    for (code, instrument), word in expected.items():
        found = {f.instrument: f for f in hs.flags(code)}
        assert instrument in found, (code, instrument)
        assert word in text[code.replace(".", "")], (code, word)
    # CWC Schedule 3 was read only in 22 U.S.C. 6701(12), so its flags say they are not verified;
    # Schedule 2 was checked against the OPCW's own text (item 13: thiodiglycol).
    assert all("not verified" in f.reason for f in hs.flags("2812.11") if f.instrument == "cwc")
    (tdg,) = [f for f in hs.flags("2930.70") if f.instrument == "cwc"]
    assert "Schedule 2" in tdg.reason and "not verified" not in tdg.reason
    assert hs.flag_coverage()["cartagena"][0] == "none"
    # HS 2017: only where the UNSD correlation pairs the codes one to one. 2903.81 (HCH) is
    # 1:1; heading 85.49 (e-waste) is new in HS 2022, so it has no HS 2017 flag.
    assert {f.instrument for f in hs.flags("2903.81", "HS2017")} == {"rotterdam", "stockholm"}
    assert hs.flags("8549.11", "HS2022")
    assert not [f for f in hs.flags("8548.10", "HS2017") if f.instrument == "basel"]
