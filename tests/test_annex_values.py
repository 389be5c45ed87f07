"""The Protocol's own numbers: ODPs of Annexes A, B, C and E and GWPs of Annexes A, C and F.

Expected values are transcribed from the annex tables of the Montreal Protocol
(Handbook for the Montreal Protocol, 13th ed. 2019, Annexes A-F;
https://ozone.unep.org/treaties/montreal-protocol; Annex B also read on
https://ozone.unep.org/treaties/montreal-protocol/articles/annex-b-controlled-substances).
Where the annex gives a range, footnote * says "the highest value in that range
shall be used for the purposes of the Protocol".
"""

from __future__ import annotations

import re

import pytest

import mea_trade as mt
from mea_trade.catalog import MONTREAL_ANNEX_GROUPS

# Annex A: Group I (CFCs) and Group II (halons), ODP; GWP column added by the Kigali Amendment.
ANNEX_A = {
    "CFC-11": ("CFCl3", 1.0, 4750),
    "CFC-12": ("CF2Cl2", 1.0, 10900),
    "CFC-113": ("C2F3Cl3", 0.8, 6130),
    "CFC-114": ("C2F4Cl2", 1.0, 10000),
    "CFC-115": ("C2F5Cl", 0.6, 7370),
    "halon-1211": ("CF2BrCl", 3.0, None),
    "halon-1301": ("CF3Br", 10.0, None),
    "halon-2402": ("C2F4Br2", 6.0, None),
}

# Annex B: Group I all 1.0; Group II CCl4 1.1; Group III 1,1,1-trichloroethane 0.1.
ANNEX_B = {
    "CFC-13": ("CF3Cl", "I", 1.0),
    "CFC-111": ("C2FCl5", "I", 1.0),
    "CFC-112": ("C2F2Cl4", "I", 1.0),
    "CFC-211": ("C3FCl7", "I", 1.0),
    "CFC-212": ("C3F2Cl6", "I", 1.0),
    "CFC-213": ("C3F3Cl5", "I", 1.0),
    "CFC-214": ("C3F4Cl4", "I", 1.0),
    "CFC-215": ("C3F5Cl3", "I", 1.0),
    "CFC-216": ("C3F6Cl2", "I", 1.0),
    "CFC-217": ("C3F7Cl", "I", 1.0),
    "carbon tetrachloride": ("CCl4", "II", 1.1),
    "1,1,1-trichloroethane": ("C2H3Cl3", "III", 0.1),
}

# Annex C Group I rows marked ** ("most commercially viable substances, with ODP
# values listed against them to be used for the purposes of the Protocol") and the
# single-isomer rows, with the GWP column added by the Kigali Amendment.
ANNEX_C_SPECIFIC = {
    "HCFC-21": ("CHFCl2", 0.04, 151),
    "HCFC-22": ("CHF2Cl", 0.055, 1810),
    "HCFC-31": ("CH2FCl", 0.02, None),
    "HCFC-123": ("CHCl2CF3", 0.02, 77),  # GWP printed on the C2HF3Cl2 group row
    "HCFC-124": ("CHFClCF3", 0.022, 609),  # GWP printed on the C2HF4Cl group row
    "HCFC-141b": ("CH3CFCl2", 0.11, 725),
    "HCFC-142b": ("CH3CF2Cl", 0.065, 2310),
    "HCFC-225ca": ("CF3CF2CHCl2", 0.025, 122),
    "HCFC-225cb": ("CF2ClCF2CHClF", 0.033, 595),
}

# Annex C Group I isomer-group rows: formula, number of isomers, ODP range.
ANNEX_C_RANGES = {
    "C2HFCl4": (2, 0.01, 0.04),
    "C2HF2Cl3": (3, 0.02, 0.08),
    "C2HF3Cl2": (3, 0.02, 0.06),
    "C2HF4Cl": (2, 0.02, 0.04),
    "C2H2FCl3": (3, 0.007, 0.05),
    "C2H2F2Cl2": (4, 0.008, 0.05),
    "C2H2F3Cl": (3, 0.02, 0.06),
    "C2H3FCl2": (3, 0.005, 0.07),
    "C2H3F2Cl": (3, 0.008, 0.07),
    "C2H4FCl": (2, 0.003, 0.005),
    "C3HFCl6": (5, 0.015, 0.07),
    "C3HF2Cl5": (9, 0.01, 0.09),
    "C3HF3Cl4": (12, 0.01, 0.08),
    "C3HF4Cl3": (12, 0.01, 0.09),
    "C3HF5Cl2": (9, 0.02, 0.07),
    "C3HF6Cl": (5, 0.02, 0.10),
    "C3H2FCl5": (9, 0.05, 0.09),
    "C3H2F2Cl4": (16, 0.008, 0.10),
    "C3H2F3Cl3": (18, 0.007, 0.23),
    "C3H2F4Cl2": (16, 0.01, 0.28),
    "C3H2F5Cl": (9, 0.03, 0.52),
    "C3H3FCl4": (12, 0.004, 0.09),
    "C3H3F2Cl3": (18, 0.005, 0.13),
    "C3H3F3Cl2": (18, 0.007, 0.12),
    "C3H3F4Cl": (12, 0.009, 0.14),
    "C3H4FCl3": (12, 0.001, 0.01),
    "C3H4F2Cl2": (16, 0.005, 0.04),
    "C3H4F3Cl": (12, 0.003, 0.03),
    "C3H5FCl2": (9, 0.002, 0.02),
    "C3H5F2Cl": (9, 0.002, 0.02),
    "C3H6FCl": (5, 0.001, 0.03),
}

# Annex C Group II (HBFCs): formula -> (isomers, low, high); single values have low == high.
ANNEX_C_II = {
    "CHFBr2": (1, 1.00, 1.00),
    "CHF2Br": (1, 0.74, 0.74),
    "CH2FBr": (1, 0.73, 0.73),
    "C2HFBr4": (2, 0.3, 0.8),
    "C2HF2Br3": (3, 0.5, 1.8),
    "C2HF3Br2": (3, 0.4, 1.6),
    "C2HF4Br": (2, 0.7, 1.2),
    "C2H2FBr3": (3, 0.1, 1.1),
    "C2H2F2Br2": (4, 0.2, 1.5),
    "C2H2F3Br": (3, 0.7, 1.6),
    "C2H3FBr2": (3, 0.1, 1.7),
    "C2H3F2Br": (3, 0.2, 1.1),
    "C2H4FBr": (2, 0.07, 0.1),
    "C3HFBr6": (5, 0.3, 1.5),
    "C3HF2Br5": (9, 0.2, 1.9),
    "C3HF3Br4": (12, 0.3, 1.8),
    "C3HF4Br3": (12, 0.5, 2.2),
    "C3HF5Br2": (9, 0.9, 2.0),
    "C3HF6Br": (5, 0.7, 3.3),
    "C3H2FBr5": (9, 0.1, 1.9),
    "C3H2F2Br4": (16, 0.2, 2.1),
    "C3H2F3Br3": (18, 0.2, 5.6),
    "C3H2F4Br2": (16, 0.3, 7.5),
    "C3H2F5Br": (8, 0.9, 14),
    "C3H3FBr4": (12, 0.08, 1.9),
    "C3H3F2Br3": (18, 0.1, 3.1),
    "C3H3F3Br2": (18, 0.1, 2.5),
    "C3H3F4Br": (12, 0.3, 4.4),
    "C3H4FBr3": (12, 0.03, 0.3),
    "C3H4F2Br2": (16, 0.1, 1.0),
    "C3H4F3Br": (12, 0.07, 0.8),
    "C3H5FBr2": (9, 0.04, 0.4),
    "C3H5F2Br": (9, 0.07, 0.8),
    "C3H6FBr": (5, 0.02, 0.7),
}

# Annex F (Kigali Amendment): Group I HFCs and Group II HFC-23, 100-year GWP.
ANNEX_F = {
    "HFC-134": ("CHF2CHF2", "I", 1100),
    "HFC-134a": ("CH2FCF3", "I", 1430),
    "HFC-143": ("CH2FCHF2", "I", 353),
    "HFC-245fa": ("CHF2CH2CF3", "I", 1030),
    "HFC-365mfc": ("CF3CH2CF2CH3", "I", 794),
    "HFC-227ea": ("CF3CHFCF3", "I", 3220),
    "HFC-236cb": ("CH2FCF2CF3", "I", 1340),
    "HFC-236ea": ("CHF2CHFCF3", "I", 1370),
    "HFC-236fa": ("CF3CH2CF3", "I", 9810),
    "HFC-245ca": ("CH2FCF2CHF2", "I", 693),
    "HFC-43-10mee": ("CF3CHFCHFCF2CF3", "I", 1640),
    "HFC-32": ("CH2F2", "I", 675),
    "HFC-125": ("CHF2CF3", "I", 3500),
    "HFC-143a": ("CH3CF3", "I", 4470),
    "HFC-41": ("CH3F", "I", 92),
    "HFC-152": ("CH2FCH2F", "I", 53),
    "HFC-152a": ("CH3CHF2", "I", 124),
    "HFC-23": ("CHF3", "II", 14800),
}


@pytest.mark.parametrize(("name", "expected"), ANNEX_A.items())
def test_annex_a(name: str, expected: tuple[str, float, int | None]) -> None:
    formula, odp, gwp = expected
    sub = mt.substance(name)
    assert (sub.annex, sub.formula, sub.odp) == ("A", formula, odp)
    assert sub.group == ("II" if name.startswith("halon") else "I")
    assert sub.gwp("protocol") == (gwp or 0)
    assert sub.gwp("kigali") == 0  # not an HFC: no CO2-equivalent under Annex F


@pytest.mark.parametrize(("name", "expected"), ANNEX_B.items())
def test_annex_b(name: str, expected: tuple[str, str, float]) -> None:
    formula, group, odp = expected
    sub = mt.substance(name)
    assert (sub.annex_group, sub.formula, sub.odp, sub.odp_range) == (
        f"B/{group}",
        formula,
        odp,
        None,
    )


@pytest.mark.parametrize(("name", "expected"), ANNEX_C_SPECIFIC.items())
def test_annex_c_commercial_isomers(name: str, expected: tuple[str, float, int | None]) -> None:
    formula, odp, gwp = expected
    sub = mt.substance(name)
    assert (sub.annex_group, sub.formula, sub.odp) == ("C/I", formula, odp)
    assert sub.gwp("protocol") == (gwp or 0)


@pytest.mark.parametrize(("formula", "expected"), ANNEX_C_RANGES.items())
def test_annex_c_isomer_groups(formula: str, expected: tuple[int, float, float]) -> None:
    isomers, low, high = expected
    sub = mt.substance(formula)
    assert sub.annex_group == "C/I"
    assert sub.isomers == isomers
    assert sub.odp_range == (low, high)
    assert sub.odp == high  # footnote *: the highest value is used


def test_annex_c_group_rows_carry_the_gwps_the_annex_prints_on_them() -> None:
    # Kigali GWP column: 77 and 609 are printed on the isomer-group rows of HCFC-123
    # and HCFC-124; the group rows of HCFC-141, -142 and -225 have none (footnote ***: 0).
    assert mt.substance("C2HF3Cl2").gwp("protocol") == 77
    assert mt.substance("C2HF4Cl").gwp("protocol") == 609
    for formula in ("C2H3FCl2", "C2H3F2Cl", "C3HF5Cl2"):
        assert mt.substance(formula).gwp("protocol") == 0


@pytest.mark.parametrize(("formula", "expected"), ANNEX_C_II.items())
def test_annex_c_group_ii(formula: str, expected: tuple[int, float, float]) -> None:
    isomers, low, high = expected
    sub = mt.substance(formula)
    assert sub.annex_group == "C/II"
    assert sub.isomers == isomers
    assert sub.odp == high
    assert sub.odp_range == (None if low == high else (low, high))


def test_annex_c_group_iii_and_annex_e() -> None:
    bcm = mt.substance("bromochloromethane")
    assert (bcm.annex_group, bcm.formula, bcm.odp) == ("C/III", "CH2BrCl", 0.12)
    mebr = mt.substance("methyl bromide")
    assert (mebr.annex_group, mebr.formula, mebr.odp) == ("E/I", "CH3Br", 0.6)


@pytest.mark.parametrize(("name", "expected"), ANNEX_F.items())
def test_annex_f(name: str, expected: tuple[str, str, int]) -> None:
    formula, group, gwp = expected
    sub = mt.substance(name)
    assert (sub.annex_group, sub.formula, sub.odp) == (f"F/{group}", formula, 0.0)
    assert sub.gwp("kigali") == gwp == sub.gwp("protocol")


def test_group_sizes_match_the_annexes() -> None:
    counts = {code: len(list(mt.substances(group=code))) for code in MONTREAL_ANNEX_GROUPS}
    # Annex rows, plus the named isomers the Secretariat reports separately
    # (CFC-113a in A/I; HCFC-133a and HCFC-151a in C/I).
    assert counts == {
        "A/I": 5 + 1,
        "A/II": 3,
        "B/I": 10,
        "B/II": 1,
        "B/III": 1,
        "C/I": 40 + 2,
        "C/II": 34,
        "C/III": 1,
        "E/I": 1,
        "F/I": 17,
        "F/II": 1,
    }


def _annex_table(text: str, start: str, stop: str) -> str:
    return text[text.index(start) : text.index(stop)]


def test_odps_match_the_dutch_treaty_database_text(shared_sources) -> None:  # type: ignore[no-untyped-def]
    """Cross-check every ODP against the annex tables of the Netherlands Treaty Database text.

    That text (2014 snapshot) has OCR noise ("C1" for "Cl") and five formula typos
    (CFC-112, HCFC-21, HCFC-252 and two HBFC rows), so rows are matched by value
    sequence within each group rather than by formula.
    """
    text = (shared_sources / "treaty-texts-nl" / "montreal.md").read_text(encoding="utf-8")
    english = text[text.index("### ANNEX  A") : text.index("####Protocol van Montreal betreffende")]
    annex_c = _annex_table(english, "###Annex C", "### Annex  D")
    group_i = annex_c[: annex_c.index("*Group II*")]
    group_ii = annex_c[annex_c.index("*Group II*") : annex_c.index("Group III")]

    def values(table: str) -> list[tuple[float, float]]:
        out = []
        for cells in re.findall(r"\|(\d[\d.]*(?:-\d[\d.]*)?) \|\s*$", table, flags=re.M):
            low, _, high = cells.partition("-")
            out.append((float(low), float(high or low)))
        return out

    bundled_i = [
        (s.odp_range or (s.odp, s.odp))
        for s in mt.substances(group="C/I")
        if "Art. 1(4)" not in (s.note or "")
    ]
    assert values(group_i) == bundled_i
    bundled_ii = [(s.odp_range or (s.odp, s.odp)) for s in mt.substances(group="C/II")]
    assert values(group_ii) == bundled_ii


def _ors_name(name: str) -> str:
    """Map an Ozone Secretariat ORS substance name to the catalog's."""
    fixed = {
        "Carbon Tetrachloride": "carbon tetrachloride",
        "Methyl Bromide": "methyl bromide",
        "Bromochloromethane": "bromochloromethane",
        "HCFC-123": "HCFC-123 (all isomers)",
        "HCFC-124": "HCFC-124 (all isomers)",
        "HCFC-123**": "HCFC-123",
        "HCFC-124**": "HCFC-124",
    }
    if name in fixed:
        return fixed[name]
    if name.startswith("1,1,1-trichloroethane"):
        return "1,1,1-trichloroethane"
    if name.startswith("HBFC-"):
        return name.split(" (")[0]  # matched by formula below
    return name


def test_every_value_matches_the_ozone_secretariat(shared_sources) -> None:  # type: ignore[no-untyped-def]
    """ODP, ODP range and annex GWP of every ORS substance equal the bundled values.

    ORS puts the HCFC-123/-124 GWPs (77, 609) only on the isomer-group rows, as the
    annex prints them; the catalog also applies them to the commercial isomers (ORS
    column gwp_baseline), which is checked instead for those two.
    """
    import csv

    with open(shared_sources / "ozone-secretariat-ors/csv/substances.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 117
    for row in rows:
        if row["name"].startswith("HBFC-"):
            sub = mt.substance(row["formula"])
        elif row["name"] == "HCFC-151a":
            sub = mt.substance("HCFC-151a")  # ORS prints HCFC-151's formula on this row
        else:
            sub = mt.substance(_ors_name(row["name"]))
        assert sub.annex_group is not None
        assert sub.annex_group.replace("/", "") == row["group_id"] or (
            sub.annex == "F" and row["group_id"] == "F"
        ), row["name"]
        if sub.annex != "F":
            assert sub.odp == float(row["odp"]), row["name"]
            low, high = float(row["min_odp"]), float(row["max_odp"])
            assert (sub.odp_range or (sub.odp, sub.odp)) == (low, high), row["name"]
        expected_gwp = float(row["gwp"] or 0)
        if row["name"] in {"HCFC-123**", "HCFC-124**"}:
            expected_gwp = float(row["gwp_baseline"])
        assert sub.gwp("protocol") == expected_gwp, row["name"]
