"""Units and conversions: ODP tonnes, CO2-equivalent tonnes, bad quantities."""

from __future__ import annotations

import math

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mea_trade as mt
from mea_trade.testing import strategies as mts
from mea_trade.units import get_registry, mass_in_tonnes

ureg = get_registry()


def test_registry_is_shared() -> None:
    from mea_trade.units import ureg as again

    assert again is ureg is mt.units.ureg


def test_odp_tonnes() -> None:
    # 1 t of HCFC-22 is 0.055 ODP tonnes (Annex C ODP 0.055).
    assert mt.odp_tonnes("HCFC-22", 1 * ureg.t) == ureg.Quantity(0.055, "ODP_t")
    assert mt.odp_tonnes("CFC-12", 500 * ureg.kg).to("ODP_kg").magnitude == pytest.approx(500)
    assert mt.odp_tonnes("methyl bromide", 2 * ureg.t).magnitude == pytest.approx(1.2)
    assert mt.odp_tonnes("HFC-134a", 1 * ureg.t).magnitude == 0


def test_co2e_tonnes() -> None:
    assert mt.co2e_tonnes("HFC-23", 1 * ureg.kg).magnitude == pytest.approx(14.8)
    assert mt.co2e_tonnes(mt.mixture("R-404A"), 10 * ureg.t).to(
        "CO2e_kt"
    ).magnitude == pytest.approx(10 * (0.44 * 3500 + 0.52 * 4470 + 0.04 * 1430) / 1000)
    assert mt.co2e_tonnes("HCFC-22", 1 * ureg.t).magnitude == 0  # Kigali basis: HFCs only
    assert mt.co2e_tonnes("HCFC-22", 1 * ureg.t, basis="protocol").magnitude == 1810
    assert mt.co2e_tonnes("HFC-134a", 1 * ureg.t, basis="ar5").magnitude == 1300


def test_units_of_different_kinds_do_not_mix() -> None:
    odp = mt.odp_tonnes("CFC-11", 1 * ureg.t)
    co2e = mt.co2e_tonnes("HFC-32", 1 * ureg.t)
    with pytest.raises(pint.DimensionalityError):
        odp + co2e
    with pytest.raises(pint.DimensionalityError):
        odp + 1 * ureg.t


@pytest.mark.parametrize(
    "bad",
    [3, 3.0, "3 kg", None, float("nan") * ureg.kg, -1 * ureg.kg, float("inf") * ureg.t, True],
)
def test_bad_quantities(bad: object) -> None:
    with pytest.raises(mt.InvalidQuantityError):
        mt.odp_tonnes("CFC-11", bad)  # type: ignore[arg-type]


def test_wrong_dimension_is_both_error_kinds() -> None:
    with pytest.raises(mt.InvalidQuantityError, match="expected a mass") as info:
        mt.co2e_tonnes("HFC-32", 3 * ureg.m)
    assert isinstance(info.value, pint.DimensionalityError)
    assert isinstance(info.value, mt.MeaTradeError)


def test_foreign_registry() -> None:
    other: pint.UnitRegistry[float] = pint.UnitRegistry()
    with pytest.raises(mt.InvalidQuantityError):
        mt.odp_tonnes("CFC-11", 1 * other.kg)


def test_unknown_item() -> None:
    with pytest.raises(mt.UnknownSubstanceError):
        mt.odp_tonnes("unobtainium", 1 * ureg.kg)
    with pytest.raises(mt.InvalidArgumentError):
        mt.odp_tonnes(42, 1 * ureg.kg)  # type: ignore[arg-type]


@given(mts.masses(max_value=1e9))
def test_mass_round_trip(mass: pint.Quantity[float]) -> None:
    tonnes = mass_in_tonnes(mass)
    assert math.isclose(
        ureg.Quantity(tonnes, "t").to(mass.units).magnitude,
        mass.magnitude,
        rel_tol=1e-9,
        abs_tol=1e-300,
    )


@given(st.one_of(mts.substances(), mts.mixtures()), mts.masses(), st.floats(0, 1000))
def test_conversions_are_linear(
    item: mt.Substance | mt.Mixture, mass: pint.Quantity[float], k: float
) -> None:
    one = mt.co2e_tonnes(item, mass).magnitude
    assert mt.co2e_tonnes(item, mass * k).magnitude == pytest.approx(one * k, rel=1e-9, abs=1e-9)
    odp = mt.odp_tonnes(item, mass).magnitude
    assert odp == pytest.approx(mass_in_tonnes(mass) * item.odp, rel=1e-12, abs=1e-12)
    assert odp >= 0


@given(
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(["kg", "t", "m", "s", "ODP_t"])
)
def test_any_number_and_unit_gives_a_value_or_a_documented_error(value: float, unit: str) -> None:
    try:
        result = mt.odp_tonnes("CFC-11", ureg.Quantity(value, unit))
    except mt.InvalidQuantityError:
        return
    assert result.magnitude >= 0 and math.isfinite(result.magnitude)
