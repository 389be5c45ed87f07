"""Looking substances up by the names people type, and the errors for bad input."""

from __future__ import annotations

import contextlib
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mea_trade as mt
from mea_trade.cas import is_valid_cas, normalize_cas
from mea_trade.testing import strategies as mts


@pytest.mark.parametrize(
    "query",
    [
        "HCFC-22",
        "R-22",
        "R22",
        "hcfc 22",
        "HCFC22",
        "chlorodifluoromethane",
        "75-45-6",
        "CHF2Cl",
        " HCFC-22 ",
        "ＨＣＦＣ－２２",
        "hcfc‑22",
    ],
)
def test_the_names_people_type(query: str) -> None:
    assert mt.substance(query).name == "HCFC-22"


def test_lookup_returns_catalog_singletons() -> None:
    a = mt.substance("HFC-134a")
    assert mt.substance("R-134a") is a
    assert mt.substance(a) is a
    assert pickle.loads(pickle.dumps(a)) is a
    assert a == mt.substance("811-97-2") and hash(a) == hash(mt.substance("R134a"))


def test_isomer_group_entries() -> None:
    # Annex C lists "HCFC-123" twice: the isomer group C2HF3Cl2 (ODP 0.02-0.06) and the
    # commercial isomer CHCl2CF3 (ODP 0.02, footnote **). The plain name means the latter.
    assert mt.substance("HCFC-123").formula == "CHCl2CF3"
    assert mt.substance("HCFC-123 (all isomers)").formula == "C2HF3Cl2"
    assert mt.substance("HCFC-141").odp == 0.07
    assert mt.substance("HCFC-141b").odp == 0.11


def test_unknown_names_suggest_close_matches() -> None:
    with pytest.raises(mt.UnknownSubstanceError) as info:
        mt.substance("HCFC-2")
    assert "HCFC-22" in info.value.suggestions
    assert "HCFC-22" in str(info.value)
    assert isinstance(info.value, LookupError) and isinstance(info.value, mt.MeaTradeError)
    with pytest.raises(mt.UnknownSubstanceError, match="HCFC-22"):
        mt.substance("chlorodifluoromethan")


def test_a_blend_name_is_not_a_substance() -> None:
    with pytest.raises(mt.UnknownSubstanceError):
        mt.substance("R-410A")


def test_cas_numbers() -> None:
    assert normalize_cas("0075-45-6") == "75-45-6"
    with pytest.raises(mt.InvalidCASError, match="expected 6"):
        mt.substance("75-45-7")
    with pytest.raises(mt.UnknownSubstanceError):
        mt.substance("50-00-0")  # formaldehyde: valid CAS, not in the catalog
    with pytest.raises(mt.InvalidCASError):
        normalize_cas("7-45-6")
    assert not is_valid_cas("")


@pytest.mark.parametrize("bad", [None, 22, 2.5, b"HCFC-22", ["HCFC-22"]])
def test_wrong_types(bad: object) -> None:
    with pytest.raises(mt.InvalidArgumentError):
        mt.substance(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", "   ", "-", "\x00", "🧊", "x" * 100_000, "R-" * 5000])
def test_odd_strings(bad: str) -> None:
    with pytest.raises(mt.UnknownSubstanceError):
        mt.substance(bad)


@given(st.text())
def test_any_text_gives_a_substance_or_a_documented_error(text: str) -> None:
    with contextlib.suppress(mt.UnknownSubstanceError, mt.InvalidCASError):
        assert isinstance(mt.substance(text), mt.Substance)
    with contextlib.suppress(mt.UnknownMixtureError):
        assert isinstance(mt.mixture(text), mt.Mixture)


@given(mts.names())
def test_every_generated_name_resolves(name: str) -> None:
    assert isinstance(mt.substance(name), mt.Substance)


def test_every_substance_is_found_by_each_of_its_names() -> None:
    for sub in mt.substances():
        for name in (sub.id, sub.name, *sub.synonyms, sub.formula):
            assert mt.substance(name) is sub, name
        if sub.cas:
            assert mt.substance(sub.cas) is sub
        if sub.ashrae:
            assert mt.substance(sub.ashrae) is sub


def test_filters() -> None:
    assert [s.name for s in mt.substances(annex="F", group="II")] == ["HFC-23"]
    assert list(mt.substances(group="F/II")) == list(mt.substances(annex="f", group="ii"))
    assert list(mt.substances(group="FII")) == list(mt.substances(group="F/II"))
    assert all(s.annex == "C" for s in mt.substances(annex="C"))
    assert all(not s.is_controlled for s in mt.substances(controlled=False))
    assert len(list(mt.substances(instrument="montreal"))) == len(
        list(mt.substances(controlled=True))
    )
    controlled = sum(1 for _ in mt.substances(controlled=True))
    assert controlled + sum(1 for _ in mt.substances(controlled=False)) == sum(
        1 for _ in mt.substances()
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"annex": "G"},
        {"group": "C/IV"},
        {"annex": "A", "group": "C/I"},
        {"instrument": "cites"},
        {"group": 3},
    ],
)
def test_bad_filters(kwargs: dict[str, object]) -> None:
    with pytest.raises(mt.InvalidArgumentError):
        list(mt.substances(**kwargs))  # type: ignore[arg-type]


def test_mixture_filters() -> None:
    assert all("A/I" in m.annex_groups for m in mt.mixtures(annex_group="A/I"))
    assert len(list(mt.mixtures(controlled=True))) == len(list(mt.mixtures()))
    for bad in ("A", "I", "Z/I", 7):
        with pytest.raises(mt.InvalidArgumentError):
            list(mt.mixtures(annex_group=bad))  # type: ignore[arg-type]


def test_substance_properties() -> None:
    hfc = mt.substance("HFC-23")
    assert (hfc.is_hfc, hfc.is_ods, hfc.is_controlled) == (True, False, True)
    assert mt.substance("CFC-11").is_ods
    propane = mt.substance("R-290")
    assert (propane.annex_group, propane.odp, propane.gwp(), propane.control) == (
        None,
        0.0,
        0.0,
        None,
    )
    assert str(mt.substance("R-22")) == "HCFC-22"
    assert mt.substance("HCFC-22").control.sources[0].id == "mp-annex-c"  # type: ignore[union-attr]


def test_unknown_basis_and_missing_data() -> None:
    with pytest.raises(mt.UnknownBasisError):
        mt.substance("HFC-32").gwp("AR4")
    with pytest.raises(mt.MissingDataError):
        mt.substance("CFC-211").gwp("ar6")
