"""Units: one pint registry with metric tonnes, ODP tonnes and CO2-equivalent tonnes.

The registry is built on first use (importing :mod:`mea_trade` does not import
pint). ``ODP_t`` and ``CO2e_t`` are dimensions of their own, so an ODP figure
can never be added to a CO2-equivalent figure or to a plain mass by mistake:
conversions go through :func:`odp_tonnes` and :func:`co2e_tonnes`, which name
the substance and, for GWPs, the basis.

>>> import mea_trade as mt
>>> from mea_trade.units import ureg
>>> print(f'{mt.odp_tonnes("HCFC-22", 1000 * ureg.kg):.6g~}')
0.055 ODP_t
>>> print(f'{mt.co2e_tonnes("R-410A", 10 * ureg.t):.6g~}')
20875 CO2e_t
"""

from __future__ import annotations

import math
import threading
from typing import TYPE_CHECKING, Any

from mea_trade.errors import InvalidArgumentError, InvalidQuantityError, _shorten

if TYPE_CHECKING:
    import pint

    from mea_trade.catalog import Mixture, Substance

__all__ = ["co2e_tonnes", "get_registry", "mass_in_tonnes", "odp_tonnes", "quantity"]

_DEFINITIONS = """
ODP_t = [ozone_depletion_potential_mass] = _ = ODP_tonne
ODP_kg = 1e-3 * ODP_t = _ = ODP_kilogram
CO2e_t = [co2_equivalent_mass] = _ = CO2_equivalent_tonne = tCO2e
CO2e_kg = 1e-3 * CO2e_t = _ = CO2_equivalent_kilogram
CO2e_kt = 1e3 * CO2e_t = _ = CO2_equivalent_kilotonne = ktCO2e
CO2e_Mt = 1e6 * CO2e_t = _ = CO2_equivalent_megatonne = MtCO2e
"""

_lock = threading.Lock()
_registry: pint.UnitRegistry[Any] | None = None


def get_registry() -> pint.UnitRegistry[Any]:
    """Return the library's pint registry, creating it on the first call.

    >>> get_registry() is get_registry()
    True
    """
    global _registry
    registry = _registry
    if registry is None:
        with _lock:
            registry = _registry
            if registry is None:
                import pint

                registry = pint.UnitRegistry(cache_folder=None)
                for line in _DEFINITIONS.strip().splitlines():
                    registry.define(line)
                _registry = registry
    return registry


def __getattr__(name: str) -> Any:
    if name == "ureg":
        return get_registry()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def quantity(value: float, unit: str) -> pint.Quantity[Any]:
    """Make a quantity in the library's registry.

    >>> print(f'{quantity(2.5, "t"):~}')
    2.5 t
    """
    return get_registry().Quantity(value, unit)


def _show(quantity: Any) -> str:
    """A quantity in messages, the same across pint versions: ``'5 m'``."""
    try:
        return repr(f"{quantity:~}")
    except (TypeError, ValueError, AttributeError):
        return _shorten(quantity)


def mass_in_tonnes(mass: object) -> float:
    """Return *mass* in metric tonnes as a float, checking that it is a usable mass.

    Raises:
        InvalidQuantityError: a bare number, a quantity of another dimension (also a
            ``pint.DimensionalityError``), NaN, infinite or negative.

    >>> from mea_trade.units import ureg
    >>> mass_in_tonnes(250 * ureg.kg)
    0.25
    >>> mass_in_tonnes(3)
    Traceback (most recent call last):
    ...
    mea_trade.errors.InvalidQuantityError: expected a mass with a unit (e.g. 3 * ureg.kg), ...
    """
    import pint

    registry = get_registry()
    if isinstance(mass, (int, float)) and not isinstance(mass, bool):
        raise InvalidQuantityError(
            f"expected a mass with a unit (e.g. {mass!r} * ureg.kg), got the bare number {mass!r}"
        )
    if not isinstance(mass, pint.Quantity):
        raise InvalidQuantityError(
            f"expected a mass as a pint Quantity, not {type(mass).__name__}: {_shorten(mass)}"
        )
    if getattr(mass, "_REGISTRY", None) is not registry:
        raise InvalidQuantityError(
            f"the quantity {_show(mass)} was made with another pint registry; "
            "use mea_trade.units.ureg (or get_registry())"
        )
    if not mass.check("[mass]"):
        raise _dimensionality_error(mass)
    magnitude = mass.to(registry.t).magnitude
    if not isinstance(magnitude, (int, float)) or isinstance(magnitude, bool):
        raise InvalidQuantityError(f"expected a scalar mass, got {_show(mass)}")
    value = float(magnitude)
    if not math.isfinite(value) or value < 0:
        raise InvalidQuantityError(f"a mass must be finite and not negative, got {_show(mass)}")
    return value


class QuantityDimensionError(InvalidQuantityError):
    """A quantity whose dimension is not mass. Instances are also ``pint.DimensionalityError``."""


_DIM_ERROR: type[QuantityDimensionError] | None = None


def _dimensionality_error(mass: Any) -> QuantityDimensionError:
    """Build an error that is both a :class:`QuantityDimensionError` and pint's own."""
    global _DIM_ERROR
    import pint

    if _DIM_ERROR is None:

        class _Error(QuantityDimensionError, pint.DimensionalityError):
            def __init__(self, message: str, units: Any, dimensionality: str) -> None:
                pint.DimensionalityError.__init__(self, units, "kilogram", dimensionality, "[mass]")
                self.message = message
                self.args = (message,)

            def __str__(self) -> str:
                return self.message

        _Error.__name__ = _Error.__qualname__ = "QuantityDimensionError"
        _Error.__module__ = __name__
        _DIM_ERROR = _Error
    message = (
        f"expected a mass (e.g. kg or t), got {_show(mass)} of dimension {mass.dimensionality}"
    )
    return _DIM_ERROR(message, mass.units, str(mass.dimensionality))


def _item(item: object) -> Substance | Mixture:
    from mea_trade.catalog import Mixture, Substance, lookup

    if isinstance(item, (Substance, Mixture)):
        return item
    if not isinstance(item, str):
        raise InvalidArgumentError(
            f"expected a substance, mixture or name, not {type(item).__name__}: {_shorten(item)}"
        )
    return lookup(item)


def odp_tonnes(item: str | Substance | Mixture, mass: pint.Quantity[Any]) -> pint.Quantity[Any]:
    """Return the ODP-weighted quantity (``ODP_t``) of *mass* of a substance or mixture.

    The ODP is the one the Protocol uses for calculated levels (the annex value;
    for a range, its highest value; for a mixture, the mass-weighted sum).

    Raises:
        InvalidQuantityError: *mass* is not a finite, non-negative mass.
        UnknownSubstanceError: *item* names neither a substance nor a bundled blend.

    >>> from mea_trade.units import ureg
    >>> print(f'{odp_tonnes("CFC-11", 2 * ureg.t):.6g~}')
    2 ODP_t
    """
    resolved = _item(item)
    tonnes = mass_in_tonnes(mass)
    return get_registry().Quantity(tonnes * resolved.odp, "ODP_t")


def co2e_tonnes(
    item: str | Substance | Mixture, mass: pint.Quantity[Any], basis: str = "kigali"
) -> pint.Quantity[Any]:
    """Return the CO2-equivalent quantity (``CO2e_t``) of *mass* on a GWP *basis*.

    The default ``basis="kigali"`` counts only Annex F HFCs (the Kigali
    Amendment's CO2-equivalent for HFC calculated levels and quotas); see
    :data:`mea_trade.catalog.GWP_BASES` for the others.

    Raises:
        InvalidQuantityError: *mass* is not a finite, non-negative mass.
        UnknownBasisError: unknown *basis*.
        MissingDataError: no GWP on that basis for the item (or a component).

    >>> from mea_trade.units import ureg
    >>> print(f'{co2e_tonnes("HFC-134a", 1 * ureg.t):.6g~}')
    1430 CO2e_t
    >>> print(f'{co2e_tonnes("HCFC-22", 1 * ureg.t, basis="protocol"):.6g~}')
    1810 CO2e_t
    """
    resolved = _item(item)
    gwp = resolved.gwp(basis)
    tonnes = mass_in_tonnes(mass)
    return get_registry().Quantity(tonnes * gwp, "CO2e_t")
