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

Masses written as trade documents write them are read by :func:`parse_mass`, a small
deterministic parser with a fixed unit table (no pint): a decimal comma, thousands
separators, ``MT``/``t``/``tonnes`` for metric tonnes, ``kg``, ``g`` and ``lb``;
an ambiguous text (``"2 tons"``, ``"1,500 kg"``) is rejected rather than guessed.
Every function that takes a mass takes such a text too, and a pint quantity of
any registry (converted through its units).

>>> parse_mass("1,5 t").tonnes, parse_mass("1 500 kg").tonnes, parse_mass("2 MT").tonnes
(1.5, 1.5, 2.0)
>>> print(f'{mt.odp_tonnes("HCFC-22", "2 MT"):.6g~}')
0.11 ODP_t
"""

from __future__ import annotations

import functools
import math
import re
import threading
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from mea_trade.errors import InvalidArgumentError, InvalidQuantityError, _shorten

if TYPE_CHECKING:
    import pint

    from mea_trade.catalog import Mixture, Substance

__all__ = [
    "MASS_UNITS",
    "ParsedMass",
    "co2e_tonnes",
    "get_registry",
    "mass",
    "mass_in_tonnes",
    "mass_text",
    "odp_tonnes",
    "parse_mass",
    "quantity",
]

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


#: The mass units :func:`parse_mass` reads: canonical symbol -> metric tonnes per unit.
MASS_UNITS: Mapping[str, float] = MappingProxyType(
    {"t": 1.0, "kg": 1e-3, "g": 1e-6, "lb": 0.45359237e-3}
)
#: Spellings read with their case: symbols whose case carries meaning elsewhere
#: (``Mt`` is a megatonne in SI, ``MT`` a metric ton on trade documents), and the
#: UN/ECE Recommendation 20 codes customs systems use (TNE, KGM, GRM, LBR).
_EXACT: Mapping[str, str] = MappingProxyType(
    {
        "t": "t",
        "MT": "t",
        "mt": "t",
        "M/T": "t",
        "TNE": "t",
        "kg": "kg",
        "KG": "kg",
        "Kg": "kg",
        "kgs": "kg",
        "KGS": "kg",
        "KGM": "kg",
        "g": "g",
        "GRM": "g",
        "lb": "lb",
        "lbs": "lb",
        "LB": "lb",
        "LBS": "lb",
        "LBR": "lb",
    }
)
#: Words, read in any case.
_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "tonne": "t",
        "tonnes": "t",
        "metric ton": "t",
        "metric tons": "t",
        "metric tonne": "t",
        "metric tonnes": "t",
        "kilogram": "kg",
        "kilograms": "kg",
        "kilogramme": "kg",
        "kilogrammes": "kg",
        "kilo": "kg",
        "kilos": "kg",
        "gram": "g",
        "grams": "g",
        "gramme": "g",
        "grammes": "g",
        "pound": "lb",
        "pounds": "lb",
    }
)
#: Spellings that are rejected because they have more than one reading.
_AMBIGUOUS: Mapping[str, str] = MappingProxyType(
    {
        "ton": "a ton may be a metric tonne (1000 kg), a short ton (907.18474 kg) or a long "
        "ton (1016.0469088 kg)",
        "tons": "a ton may be a metric tonne (1000 kg), a short ton (907.18474 kg) or a long "
        "ton (1016.0469088 kg)",
        "Mt": "Mt is a megatonne in SI and a metric ton on some trade documents",
        "T": "T is the tesla in SI and a tonne or a short ton on some documents",
    }
)
_ACCEPTED = "t, MT or tonnes (metric tonnes), kg, g or lb"
_NUMBER = re.compile(
    r"^(?P<sign>[+-]?)\s*(?P<num>\d[\d.,'\u00a0\u202f\u2009 ]*?(?:[eE][+-]?\d+)?)\s*"
    r"(?P<unit>[^\d\s.,'+-].*?)?\s*$"
)
_SPACES = re.compile(r"[\u00a0\u202f\u2009 ']")


#: The units of the table in one word, as one alternation (longest first; the words in
#: any case). Python's ``re`` and RE2 read it alike on ASCII texts.
_ONE_WORD_UNITS = (
    "(?:"
    + "|".join(re.escape(u) for u in sorted(_EXACT, key=len, reverse=True))
    + "|(?i:"
    + "|".join(re.escape(w) for w in sorted(_WORDS, key=len, reverse=True) if " " not in w)
    + "))"
)


#: The simplest masses, which :func:`parse_mass` reads without error: ASCII digits (or
#: groups of three separated by single spaces), at most one decimal point or comma (not a
#: lone mark followed by three digits after one to three digits, which is ambiguous), a
#: unit of the table in one word. Batch screening checks the quantities of a file with it
#: first (:func:`_reads`).
_SIMPLE = re.compile(
    r"\s*(?:[0-9]{1,3}(?: [0-9]{3}){1,4}|(?![1-9][0-9]{0,2}[.,][0-9]{3}(?![0-9]))[0-9]{1,15})"
    r"(?:[.,][0-9]{1,15})?\s*" + _ONE_WORD_UNITS + r"\s*"
)


#: :data:`_SIMPLE` for the regular expressions of Arrow (RE2: no lookahead), and narrower:
#: a text it matches is matched whole by :data:`_SIMPLE` and has no surrounding
#: whitespace (it starts with a digit and ends with a unit), for ASCII texts (those
#: :data:`_ASCII_RE2` matches; RE2 and Python's ``re`` fold case alike on them).
#: A decimal part of exactly three digits, which :data:`_SIMPLE` reads only after a
#: group of four digits or more or a leading 0, is left to it; spaces alone separate
#: the number and the unit. Batch screening tests a column's distinct texts with it in
#: C first (a property test checks the narrowing).
_SIMPLE_RE2 = (
    r"^(?:[0-9]{1,3}(?: [0-9]{3}){1,4}(?:[.,][0-9]{1,15})?"
    r"|[0-9]{1,15}(?:[.,](?:[0-9]{1,2}|[0-9]{4,15}))?) *" + _ONE_WORD_UNITS + "$"
)
#: Printable ASCII texts (RE2).
_ASCII_RE2 = r"^[ -~]*$"


def _reads(text: str) -> None:
    """Raise what :func:`parse_mass` raises for *text*, and nothing else (faster)."""
    if _SIMPLE.fullmatch(text) is None:
        _parse_mass(text)


@attrs.frozen
class ParsedMass:
    """A mass read from text: its magnitude as written and its canonical unit.

    Attributes:
        value: the number, as written (``1.5`` for ``"1,5 t"``).
        unit: the unit's canonical symbol, a key of :data:`MASS_UNITS`.
    """

    value: float
    unit: str

    @property
    def tonnes(self) -> float:
        """The mass in metric tonnes."""
        return self.value * MASS_UNITS[self.unit]


def _unit(text: str, whole: str) -> str:
    spelled = re.sub(r"\s+", " ", text.strip()).rstrip(".")
    hit = _EXACT.get(spelled) or _WORDS.get(spelled.lower())
    if hit is not None:
        return hit
    reason = _AMBIGUOUS.get(spelled) or _AMBIGUOUS.get(spelled.lower())
    if reason is not None:
        raise InvalidQuantityError(
            f"ambiguous unit in quantity {_shorten(whole)}: {reason}; write t or MT for metric "
            "tonnes, or give the mass in kg"
        )
    raise InvalidQuantityError(
        f"unknown mass unit {spelled!r} in quantity {_shorten(whole)}: expected {_ACCEPTED}"
    )


def _grouped(digits: str, separator: str) -> bool:
    """Whether *digits* is 1-3 digits then groups of exactly three, split by *separator*."""
    parts = re.split(separator, digits)
    return (
        all(p.isdigit() and p.isascii() for p in parts)
        and 1 <= len(parts[0]) <= 3
        and all(len(p) == 3 for p in parts[1:])
    )


def _number(text: str, whole: str) -> float:
    """Read a number with a decimal point or comma and optional thousands separators."""

    def bad(why: str) -> InvalidQuantityError:
        return InvalidQuantityError(f"cannot read the number in {_shorten(whole)}: {why}")

    if "e" in text or "E" in text:
        try:
            return float(text)
        except ValueError:
            raise bad("not a number") from None
    marks = [c for c in text if c in ".,"]
    if _SPACES.search(text):
        # spaces (or apostrophes) separate thousands; a point or comma, if any, is decimal
        if len(marks) > 1:
            raise bad("spaces and several points or commas")
        head, _, tail = text.partition(marks[0]) if marks else (text, "", "")
        if not _grouped(head.strip(), r"[\u00a0\u202f\u2009 ']+") or (marks and not tail):
            raise bad("the spaces do not separate groups of three digits")
        if marks and not (tail.isdigit() and tail.isascii()):
            raise bad(f"the decimals after {marks[0]!r} are not digits")
        return float(_SPACES.sub("", head) + ("." + tail if marks else ""))
    if not marks:
        return float(text)
    kinds = set(marks)
    if len(kinds) == 2:
        decimal = "." if text.rfind(".") > text.rfind(",") else ","
        grouping = "," if decimal == "." else "."
        head, _, tail = text.rpartition(decimal)
        if text.count(decimal) != 1 or not _grouped(head, re.escape(grouping)) or not tail:
            raise bad("its points and commas are not thousands groups and one decimal mark")
        return float(head.replace(grouping, "") + "." + tail)
    mark = marks[0]
    if len(marks) > 1:
        if not _grouped(text, re.escape(mark)):
            raise bad(f"the {mark!r} do not separate groups of three digits")
        return float(text.replace(mark, ""))
    head, _, tail = text.partition(mark)
    if not tail or not head:
        raise bad(f"a digit must stand on both sides of the decimal mark {mark!r}")
    if len(tail) == 3 and 1 <= len(head) <= 3 and head[0] != "0":
        raise InvalidQuantityError(
            f"ambiguous quantity {_shorten(whole)}: the {mark!r} may separate thousands "
            f"({head}{tail}) or decimals ({head}.{tail}); write the number without a "
            f"thousands separator, or with a space ({head} {tail})"
        )
    return float(head + "." + tail)


def parse_mass(text: str) -> ParsedMass:
    """Read a mass as trade documents write it, without guessing.

    * the decimal mark is a point or a comma (``"1,5 t"`` is 1.5 t);
    * thousands are separated by spaces (also no-break and thin spaces) or
      apostrophes (``"1 500 kg"``), or by points or commas when the number has
      several groups or both marks (``"1.500.000 kg"``, ``"1,500.5 kg"``,
      ``"1.500,5 kg"``);
    * a single point or comma followed by exactly three digits after one to three
      digits (``"1,500 kg"``, ``"1.500 kg"``) is **ambiguous** and rejected;
    * units come from a fixed table (:data:`MASS_UNITS`): ``t``, ``MT``, ``mt``,
      ``tonne(s)``, ``metric ton(s)``, ``TNE`` for metric tonnes; ``kg``, ``KGM``,
      ``kilogram(s)``; ``g``, ``gram(s)``; ``lb``, ``lbs``, ``pound(s)`` (avoirdupois);
      ``ton``/``tons``, ``T`` and ``Mt`` are rejected as ambiguous.

    Raises:
        InvalidQuantityError: no number, no unit, an unknown or ambiguous unit, an
            ambiguous number, a negative or non-finite mass. The message names the text.

    >>> parse_mass("1,5 t")
    ParsedMass(value=1.5, unit='t')
    >>> parse_mass("12 500 KGS").tonnes
    12.5
    >>> parse_mass("2 tons")
    Traceback (most recent call last):
    ...
    mea_trade.errors.InvalidQuantityError: ambiguous unit in quantity '2 tons': a ton may be ...
    >>> parse_mass("1,500 kg")
    Traceback (most recent call last):
    ...
    mea_trade.errors.InvalidQuantityError: ambiguous quantity '1,500 kg': the ',' may separate ...
    """
    if not isinstance(text, str):
        raise InvalidArgumentError(f"expected a mass as text, not {type(text).__name__}")
    return _parse_mass(text)


@functools.lru_cache(maxsize=4096)
def _parse_mass(text: str) -> ParsedMass:
    """:func:`parse_mass` once per distinct text (errors are not cached)."""
    match = _NUMBER.match(text)
    if match is None:
        if not text.strip():
            raise InvalidQuantityError("empty quantity: expected a mass such as '500 kg'")
        raise InvalidQuantityError(
            f"cannot read quantity {_shorten(text)}: expected a number and a mass unit "
            f"({_ACCEPTED}), e.g. '500 kg' or '1,5 t'"
        )
    if not match["unit"]:
        raise InvalidQuantityError(
            f"quantity {_shorten(text)} has no unit: expected {_ACCEPTED}, e.g. '500 kg'"
        )
    unit = _unit(match["unit"], text)
    value = _number(match["num"].strip(), text)
    if match["sign"] == "-" and value != 0:
        raise InvalidQuantityError(f"a mass cannot be negative: {_shorten(text)}")
    if not math.isfinite(value):
        raise InvalidQuantityError(f"a mass must be finite: {_shorten(text)}")
    return ParsedMass(value=value, unit=unit)


def _foreign(value: Any, registry: Any) -> Any:
    """A quantity of another pint registry, rebuilt in the library's through its units."""
    try:
        return registry.Quantity(value.magnitude, str(value.units))
    except Exception as exc:  # pint raises many kinds for units it does not know
        raise InvalidQuantityError(
            f"the quantity {_show(value)} was made with another pint registry and its unit "
            f"{str(value.units)!r} is not known to mea_trade's registry: {exc}"
        ) from None


def mass(value: object) -> pint.Quantity[Any]:
    """Return *value* as a mass of the library's registry, checked.

    *value* may be a pint quantity of this registry, a pint quantity of another
    registry (rebuilt here through its units: an application's own registry is
    fine), or a text read by :func:`parse_mass`.

    Raises:
        InvalidQuantityError: not a finite, non-negative mass (see :func:`mass_in_tonnes`).

    >>> import pint
    >>> print(f"{mass(pint.UnitRegistry().Quantity(3, 'kg')):~}")
    3 kg
    >>> print(f"{mass('1,5 t'):~}")
    1.5 t
    """
    if isinstance(value, str):
        return _text_mass(value)
    registry = get_registry()
    import pint

    if isinstance(value, pint.Quantity) and getattr(value, "_REGISTRY", None) is not registry:
        value = _foreign(value, registry)
    mass_in_tonnes(value)
    return value  # type: ignore[return-value]


def mass_text(value: object) -> str:
    """A mass as a text that :func:`parse_mass` reads back to the same value.

    The unit is the quantity's own when the table has it (t, kg, g, lb), kilograms
    otherwise; the number is Python's shortest repr, with a zero added where three
    decimals after one to three digits would be ambiguous (``"1.1250 t"``).

    >>> from mea_trade.units import ureg
    >>> mass_text(1.125 * ureg.t), mass_text(500 * ureg.kg), mass_text(2 * ureg.oz)
    ('1.1250 t', '500 kg', '0.05669904625000001 kg')
    >>> parse_mass(mass_text(1.125 * ureg.t)).value
    1.125
    """
    quantity = mass(value)
    unit = f"{quantity.units:~}"
    if unit not in MASS_UNITS:
        quantity = quantity.to("kg")
        unit = "kg"
    number = float(quantity.magnitude)
    text = repr(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    head, _, tail = text.partition(".")
    if len(tail) == 3 and 1 <= len(head) <= 3 and head[0] != "0" and "e" not in text:
        text += "0"
    return f"{text} {unit}"


@functools.lru_cache(maxsize=4096)
def _text_mass(text: str) -> pint.Quantity[Any]:
    parsed = parse_mass(text)
    return get_registry().Quantity(parsed.value, _unit_of(parsed.unit))


@functools.lru_cache(maxsize=8)
def _unit_of(symbol: str) -> pint.Unit:
    """The pint unit of a symbol of :data:`MASS_UNITS`, parsed once.

    A quantity built from a unit object costs a few microseconds; one built from the
    unit's text parses the text each time (about 90 microseconds).
    """
    return get_registry().Unit(symbol)


def mass_in_tonnes(mass: object) -> float:
    """Return *mass* in metric tonnes as a float, checking that it is a usable mass.

    *mass* is a pint quantity (of any registry) or a text such as ``"1,5 t"``
    (read by :func:`parse_mass`, without pint).

    Raises:
        InvalidQuantityError: a bare number, a quantity of another dimension (also a
            ``pint.DimensionalityError``), NaN, infinite or negative, unreadable text.

    >>> from mea_trade.units import ureg
    >>> mass_in_tonnes(250 * ureg.kg)
    0.25
    >>> mass_in_tonnes("250 kg")
    0.25
    >>> mass_in_tonnes(3)
    Traceback (most recent call last):
    ...
    mea_trade.errors.InvalidQuantityError: expected a mass with a unit (e.g. 3 * ureg.kg), ...
    """
    if isinstance(mass, str):
        return parse_mass(mass).tonnes
    import pint

    registry = get_registry()
    if isinstance(mass, (int, float)) and not isinstance(mass, bool):
        raise InvalidQuantityError(
            f"expected a mass with a unit (e.g. {mass!r} * ureg.kg), got the bare number {mass!r}"
        )
    if not isinstance(mass, pint.Quantity):
        raise InvalidQuantityError(
            f"expected a mass as a pint Quantity or a text such as '500 kg', not "
            f"{type(mass).__name__}: {_shorten(mass)}"
        )
    if getattr(mass, "_REGISTRY", None) is not registry:
        mass = _foreign(mass, registry)
    assert isinstance(mass, pint.Quantity)
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


def odp_tonnes(
    item: str | Substance | Mixture, mass: pint.Quantity[Any] | str
) -> pint.Quantity[Any]:
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
    item: str | Substance | Mixture, mass: pint.Quantity[Any] | str, basis: str = "kigali"
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
