"""Quota accounting for the licensing systems of Article 4B of the Montreal Protocol.

Article 4B obliges each Party to license the import and export of controlled
substances; many Parties pair the licences with annual quotas, split among
importers or producers, so that consumption stays within the limits of Article 2.
A :class:`Quota` is such a national limit (in ODP tonnes, CO2-equivalent tonnes or
the mass of one substance), :meth:`Quota.allocate` splits it among holders, and a
:class:`Ledger` records the shipments applied to each allocation, refusing any
that would exceed it.

>>> from mea_trade.montreal.quota import Quota
>>> from mea_trade.units import ureg
>>> quota = Quota(total=1.1 * ureg.ODP_t, year=2025, party="GH", groups=("C/I",))
>>> ledger = quota.allocate("equal", ["Acme", "Frost"])
>>> ledger = ledger.apply("Acme", "HCFC-22", 10 * ureg.t, reference="LIC-1")
>>> print(f"{ledger.used('Acme'):.6g~}, {ledger.remaining('Acme'):.6g~} left")
0.55 ODP_t, 0 ODP_t left
>>> ledger.apply("Acme", "R-22", 1 * ureg.kg)
Traceback (most recent call last):
...
mea_trade.errors.QuotaExceededError: quota exceeded for allocation 'Acme': shipment of 1 kg of
HCFC-22 counts for 5.5e-05 ODP_t, but only 0 ODP_t is left (short by 5.5e-05 ODP_t)

Amounts are exact: every number is read as the decimal it prints as (``0.1`` is
one tenth) and kept as a :class:`fractions.Fraction`, so equal and pro-rata
shares add up to the total exactly and the check "used + requested <= allocated"
has no floating-point slack. Public amounts are pint quantities in the quota's unit.
"""

from __future__ import annotations

import difflib
import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from mea_trade.catalog import GWP_BASES, MONTREAL_ANNEX_GROUPS, Mixture, Substance
from mea_trade.catalog import substance as _substance
from mea_trade.errors import (
    InvalidArgumentError,
    InvalidQuantityError,
    QuotaExceededError,
    UnknownBasisError,
    UnknownNameError,
    _shorten,
)

if TYPE_CHECKING:
    import pint

__all__ = ["ALLOCATION_RULES", "Entry", "Ledger", "Quota", "UnknownHolderError"]

#: The rules :meth:`Quota.allocate` knows.
ALLOCATION_RULES: tuple[str, ...] = ("equal", "pro_rata", "given")

#: The kinds of quota, by the dimension of the total, with the unit amounts are counted in.
_CANONICAL = {"odp": "ODP_t", "co2e": "CO2e_t", "mass": "t"}
_DIMENSIONS = {
    "odp": "[ozone_depletion_potential_mass]",
    "co2e": "[co2_equivalent_mass]",
    "mass": "[mass]",
}


class UnknownHolderError(UnknownNameError):
    """A holder name that has no allocation in the ledger (close matches are suggested).

    >>> from mea_trade.montreal.quota import Quota
    >>> from mea_trade.units import ureg
    >>> ledger = Quota(total=1 * ureg.ODP_t, year=2025).allocate("equal", ["Acme Ltd"])
    >>> ledger.used("ACME ltd.")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mea_trade.montreal.quota.UnknownHolderError: unknown quota holder 'ACME ltd.'; did you mean ...
    """

    kind = "quota holder"
    expected = "a holder with an allocation in this ledger"


# --------------------------------------------------------------------------- exact numbers


def _decimal(value: int | float | Fraction) -> Fraction:
    """The exact value of *value* as the decimal it prints as (``0.1`` is 1/10)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(repr(float(value)))


def _number(value: object, what: str) -> Fraction:
    """A finite, non-negative real number as an exact :class:`Fraction`."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)):
        raise InvalidQuantityError(f"{what} must be a real number, not {_shorten(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidQuantityError(f"{what} must be finite, got {value!r}")
    exact = _decimal(value)
    if exact < 0:
        raise InvalidQuantityError(f"{what} must not be negative, got {value!r}")
    return exact


@functools.lru_cache(maxsize=256)
def _unit_factor(unit: str, canonical: str) -> Fraction:
    """How many *canonical* units one *unit* is, exactly (``kg`` -> ``t``: 1/1000).

    Unit definitions are short decimals; rounding pint's float conversion to 15
    significant digits removes its floating-point noise.
    """
    from mea_trade.units import get_registry

    factor = float(get_registry().Quantity(1, unit).to(canonical).magnitude)
    return Fraction(f"{factor:.15g}")


def _check_quantity(value: object, what: str) -> pint.Quantity[Any]:
    """A scalar, finite, non-negative quantity of the library's registry."""
    import pint

    from mea_trade.units import _show, get_registry

    if isinstance(value, (int, float, Fraction)) and not isinstance(value, bool):
        raise InvalidQuantityError(
            f"{what} needs a unit (e.g. {value!r} * ureg.ODP_t or * ureg.kg), "
            f"got the bare number {value!r}"
        )
    if not isinstance(value, pint.Quantity):
        raise InvalidQuantityError(
            f"{what} must be a pint Quantity, not {type(value).__name__}: {_shorten(value)}"
        )
    if getattr(value, "_REGISTRY", None) is not get_registry():
        raise InvalidQuantityError(
            f"{what} {_show(value)} was made with another pint registry; "
            "use mea_trade.units.ureg (or get_registry())"
        )
    magnitude = value.magnitude
    if isinstance(magnitude, bool) or not isinstance(magnitude, (int, float, Fraction)):
        raise InvalidQuantityError(f"{what} must be a scalar quantity, got {_show(value)}")
    if (isinstance(magnitude, float) and not math.isfinite(magnitude)) or magnitude < 0:
        raise InvalidQuantityError(f"{what} must be finite and not negative, got {_show(value)}")
    return value


def _kind_of(value: pint.Quantity[Any]) -> str | None:
    for kind, dimension in _DIMENSIONS.items():
        if value.check(dimension):
            return kind
    return None


def _in_canonical(value: pint.Quantity[Any], kind: str) -> Fraction:
    """The exact amount of a checked quantity of *kind* in the kind's canonical unit."""
    return _decimal(value.magnitude) * _unit_factor(str(value.units), _CANONICAL[kind])


def _quantity(value: Fraction, unit: str) -> pint.Quantity[Any]:
    from mea_trade.units import get_registry

    return get_registry().Quantity(float(value), unit)


def _show_amount(value: Fraction, unit: str) -> str:
    """An amount for messages: ``'0.11 ODP_t'``, ``'1430 CO2e_t'`` (whole numbers without .0)."""
    quantity = _quantity(value, unit)
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return f"{int(number)} {quantity.units:~}"
    return f"{quantity:~}"


def _state(value: pint.Quantity[Any]) -> tuple[Any, str]:
    """What a quantity pickles as (pint would unpickle it into another registry)."""
    return (value.magnitude, str(value.units))


def _restore(magnitude: Any, unit: str) -> pint.Quantity[Any]:
    from mea_trade.units import get_registry

    return get_registry().Quantity(magnitude, unit)


# --------------------------------------------------------------------------- names


def _item_name(item: Substance | Mixture) -> str:
    return item.name if isinstance(item, Substance) else str(item)


def _resolve_item(item: object) -> Substance | Mixture:
    from mea_trade.units import _item

    return _item(item)


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def _check_holders(names: Iterable[object]) -> tuple[str, ...]:
    """Holder names: non-empty strings, no two equal ignoring case and spacing."""
    seen: dict[str, str] = {}
    for name in names:
        if not isinstance(name, str):
            raise InvalidArgumentError(
                f"a holder name must be a str, not {type(name).__name__}: {_shorten(name)}"
            )
        if not name.strip():
            raise InvalidArgumentError(f"a holder name must not be empty, got {name!r}")
        folded = _fold(name)
        if folded in seen:
            other = seen[folded]
            detail = "twice" if other == name else f"as {other!r} and {name!r}"
            raise InvalidArgumentError(
                f"holder {name!r} is listed {detail}; holder names must be unique "
                "(ignoring case and spacing)"
            )
        seen[folded] = name
    if not seen:
        raise InvalidArgumentError("an allocation needs at least one holder")
    return tuple(seen.values())


def _to_groups(value: Iterable[str] | str) -> tuple[str, ...]:
    """Annex group codes, upper-cased, without repeats, in annex order."""
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, Iterable):
        raise InvalidArgumentError(
            f"groups must be a tuple of annex group codes such as ('C/I',), not {_shorten(value)}"
        )
    codes = set()
    for item in value:
        if not isinstance(item, str):
            raise InvalidArgumentError(
                f"an annex group must be a str such as 'C/I', not {_shorten(item)}"
            )
        code = "".join(item.split()).upper()
        if code not in MONTREAL_ANNEX_GROUPS:
            raise InvalidArgumentError(
                f"unknown annex group {_shorten(item)}: expected one of "
                f"{', '.join(MONTREAL_ANNEX_GROUPS)}"
            )
        codes.add(code)
    return tuple(code for code in MONTREAL_ANNEX_GROUPS if code in codes)


def _to_substance_name(value: str | Substance | None) -> str | None:
    """The catalog name of the quota's substance (it must be a controlled substance)."""
    if value is None:
        return None
    sub = _substance(value)
    if sub.annex_group is None:
        raise InvalidArgumentError(
            f"{sub.name} is not a controlled substance of the Montreal Protocol; "
            "a quota covers controlled substances"
        )
    return sub.name


# --------------------------------------------------------------------------- quota


def _copy_total(value: pint.Quantity[Any]) -> pint.Quantity[Any]:
    checked = _check_quantity(value, "the quota total")
    if _kind_of(checked) is None:
        raise InvalidQuantityError(
            f"expected a quota total in ODP_t, CO2e_t or a mass unit (t, kg), got "
            f"{f'{checked:~}'!r} of dimension {checked.dimensionality}"
        )
    return _restore(*_state(checked))


@attrs.frozen(repr=False)
class Quota:
    """A national annual quota for controlled substances: the limit a licensing system enforces.

    The constructor validates its arguments.

    Attributes:
        total: the quota as a pint quantity: in ``ODP_t`` (ozone-depleting
            potential), ``CO2e_t`` (CO2-equivalent on *basis*) or a mass unit such as
            ``t`` or ``kg`` (then *substance* is required).
        year: the quota year.
        party: a free label for the Party or authority, e.g. an ISO code.
        groups: the Montreal Protocol annex groups the quota covers, as codes such as
            ``"C/I"`` (stored upper-case, in annex order); empty means every
            controlled substance.
        substance: the one substance the quota covers (by its catalog name), required
            for a mass quota, optional otherwise.
        basis: the GWP basis of a CO2e quota (see :data:`mea_trade.catalog.GWP_BASES`);
            ``"kigali"`` counts Annex F HFCs only, ``"protocol"`` also the GWPs the
            annexes give for CFCs and HCFCs. Ignored by ODP and mass quotas.

    Raises:
        InvalidQuantityError: *total* is a bare number, negative, not finite, or not
            in ODP, CO2e or mass units.
        InvalidArgumentError: an unknown annex group, a mass quota without a
            substance, a substance outside *groups* or not controlled, a year that
            is not an int, or groups that the quota's unit cannot count (HFCs have
            no ODP; non-HFCs have no GWP on the ``"kigali"`` basis).
        UnknownBasisError: unknown *basis*.
        UnknownSubstanceError: unknown *substance*.

    >>> from mea_trade.units import ureg
    >>> q = Quota(total=36.5 * ureg.ODP_t, year=2025, party="GH", groups=("c/i",))
    >>> q.kind, q.groups
    ('odp', ('C/I',))
    >>> Quota(total=500 * ureg.kg, year=2025, substance="R22").substance
    'HCFC-22'
    >>> Quota(total=500 * ureg.kg, year=2025)
    Traceback (most recent call last):
    ...
    mea_trade.errors.InvalidArgumentError: a quota in a mass unit ('500 kg') is for one ...
    """

    total: pint.Quantity[Any] = attrs.field(converter=_copy_total)
    year: int
    party: str | None = None
    groups: tuple[str, ...] = attrs.field(default=(), converter=_to_groups)
    substance: str | None = attrs.field(default=None, converter=_to_substance_name)
    basis: str = "kigali"
    _kind: str = attrs.field(init=False, eq=False, hash=False)
    _exact_total: Fraction = attrs.field(init=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        kind = _kind_of(self.total)
        assert kind is not None  # checked by the converter
        object.__setattr__(self, "_kind", kind)
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise InvalidArgumentError(f"year must be an int such as 2025, not {self.year!r}")
        if self.party is not None and not isinstance(self.party, str):
            raise InvalidArgumentError(
                f"party must be a str (e.g. an ISO code) or None, not {_shorten(self.party)}"
            )
        if not isinstance(self.basis, str) or self.basis not in GWP_BASES:
            raise UnknownBasisError(
                f"unknown GWP basis {_shorten(self.basis)}: expected one of {', '.join(GWP_BASES)}"
            )
        if kind == "mass" and self.substance is None:
            raise InvalidArgumentError(
                f"a quota in a mass unit ({f'{self.total:~}'!r}) is for one substance: "
                "give substance= (e.g. 'HCFC-22'), or give the total in ODP_t or CO2e_t"
            )
        if self.substance is not None and self.groups:
            group = _substance(self.substance).annex_group
            if group not in self.groups:
                raise InvalidArgumentError(
                    f"substance {self.substance} is in annex group {group}, "
                    f"not in the quota's groups {self.groups}"
                )
        if self.groups and kind == "odp" and all(g.startswith("F/") for g in self.groups):
            raise InvalidArgumentError(
                f"groups {self.groups} are HFCs, which have no ODP: give the total in CO2e_t"
            )
        if (
            self.groups
            and kind == "co2e"
            and self.basis == "kigali"
            and not any(g.startswith("F/") for g in self.groups)
        ):
            raise InvalidArgumentError(
                f"on the 'kigali' basis only Annex F HFCs have a GWP, so groups {self.groups} "
                "would count nothing: use basis='protocol' for the Annex A and C GWPs"
            )
        object.__setattr__(self, "_exact_total", _in_canonical(self.total, kind) / self._factor)

    def __repr__(self) -> str:
        parts = [f"total={f'{self.total:~}'!r}", f"year={self.year!r}"]
        for name in ("party", "groups", "substance"):
            value = getattr(self, name)
            if value:
                parts.append(f"{name}={value!r}")
        if self._kind == "co2e":
            parts.append(f"basis={self.basis!r}")
        return f"Quota({', '.join(parts)})"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (
            _quota_from_state,
            (*_state(self.total), self.year, self.party, self.groups, self.substance, self.basis),
        )

    @property
    def kind(self) -> str:
        """``"odp"``, ``"co2e"`` or ``"mass"``: what the total measures.

        >>> from mea_trade.units import ureg
        >>> Quota(total=2e5 * ureg.CO2e_t, year=2029, groups=("F/I",)).kind
        'co2e'
        """
        return self._kind

    @property
    def exact_total(self) -> Fraction:
        """The total as an exact fraction, in the unit of :attr:`total`.

        >>> from mea_trade.units import ureg
        >>> Quota(total=0.1 * ureg.ODP_t, year=2025).exact_total
        Fraction(1, 10)
        """
        return self._exact_total

    @property
    def _unit(self) -> str:
        return str(self.total.units)

    @property
    def _factor(self) -> Fraction:
        """How many canonical units (``ODP_t``, ``CO2e_t``, ``t``) one unit of the total is."""
        return _unit_factor(self._unit, _CANONICAL[self._kind])

    def _covers(self, sub: Substance) -> bool:
        group = sub.annex_group
        if group is None:
            return False
        if self.groups and group not in self.groups:
            return False
        return self.substance is None or sub.name == self.substance

    def _count(self, item: Substance | Mixture, mass: pint.Quantity[Any]) -> Fraction:
        """The exact amount *mass* of *item* counts for, in the unit of :attr:`total`."""
        from mea_trade.units import mass_in_tonnes

        mass_in_tonnes(mass)  # validates: a finite, non-negative mass of the registry
        tonnes = _in_canonical(mass, "mass")
        parts = (
            [(item, Fraction(1))]
            if isinstance(item, Substance)
            else [(c.substance, _decimal(c.fraction)) for c in item.components]
        )
        amount = Fraction(0)
        for sub, fraction in parts:
            if not self._covers(sub):
                continue
            if self._kind == "odp":
                weight = _decimal(sub.odp)
            elif self._kind == "co2e":
                weight = _decimal(sub.gwp(self.basis))
            else:
                weight = Fraction(1)
            amount += tonnes * fraction * weight
        return amount / self._factor

    def count(
        self, item: str | Substance | Mixture, mass: pint.Quantity[Any]
    ) -> pint.Quantity[Any]:
        """How much a shipment of *mass* of *item* counts against this quota, in its unit.

        Only the components the quota covers count (controlled substances, in
        :attr:`groups` if given, and only :attr:`substance` if given):

        * an ODP quota counts their ODP-weighted tonnes (the annex ODPs);
        * a CO2e quota counts their GWP-weighted tonnes on :attr:`basis`;
        * a mass quota counts the mass of its substance that the item contains.

        A shipment that contains nothing the quota covers counts 0.

        Raises:
            InvalidQuantityError: *mass* is not a finite, non-negative mass.
            UnknownSubstanceError: *item* names neither a substance nor a blend.
            MissingDataError: an IPCC basis lacks the GWP of a covered component.

        >>> from mea_trade.units import ureg
        >>> hcfc = Quota(total=10 * ureg.ODP_t, year=2025, groups=("C/I",))
        >>> print(f'{hcfc.count("HCFC-22", 1 * ureg.t):.6g~}')  # Annex C ODP 0.055
        0.055 ODP_t
        >>> print(f'{hcfc.count("R-410A", 1 * ureg.t):.6g~}')   # HFCs only: counts 0
        0 ODP_t
        >>> hcfc22 = Quota(total=800 * ureg.kg, year=2025, substance="HCFC-22")
        >>> print(f'{hcfc22.count("R-402A", 100 * ureg.kg):.6g~}')  # 38 % HCFC-22
        38 kg
        """
        return _quantity(self._count(_resolve_item(item), mass), self._unit)

    def allocate(
        self,
        rule: str,
        holders: Sequence[str] = (),
        *,
        shares: Mapping[str, Any] | None = None,
        amounts: Mapping[str, pint.Quantity[Any]] | None = None,
    ) -> Ledger:
        """Split the quota among holders (importers, producers) and return an empty ledger.

        Rules (national practice; the Protocol prescribes none):

        * ``"equal"``: each of *holders* gets ``total / len(holders)``.
        * ``"pro_rata"``: *shares* maps each holder to a historical figure (a number,
          or quantities all of one dimension, e.g. average imports in ``t``), not all
          zero; each gets ``total * share / sum(shares)``.
        * ``"given"``: *amounts* maps each holder to a quantity in the quota's
          dimension; they must not add up to more than the total, and the rest is
          :attr:`Ledger.unallocated`.

        Equal and pro-rata allocations add up to the total exactly.

        Raises:
            InvalidArgumentError: unknown rule, arguments that do not fit the rule,
                no holder, or empty or repeated holder names (ignoring case and spacing).
            InvalidQuantityError: a negative or non-finite share or amount, shares
                all zero or of mixed dimensions, amounts in another dimension than
                the total, or amounts adding up to more than the total.

        >>> from mea_trade.units import ureg
        >>> quota = Quota(total=10 * ureg.ODP_t, year=2025, groups=("C/I",))
        >>> history = {"Acme": 300 * ureg.t, "Frost": 100 * ureg.t}  # e.g. average imports
        >>> ledger = quota.allocate("pro_rata", shares=history)
        >>> [f"{q:.6g~}" for q in ledger.allocations.values()]
        ['7.5 ODP_t', '2.5 ODP_t']
        >>> thirds = quota.allocate("equal", ["A", "B", "C"])
        >>> sum(thirds.exact_allocations.values()) == quota.exact_total
        True
        >>> given = quota.allocate("given", amounts={"Acme": 4 * ureg.ODP_t})
        >>> print(f"{given.unallocated:.6g~}")
        6 ODP_t
        """
        if not isinstance(rule, str) or rule not in ALLOCATION_RULES:
            close = difflib.get_close_matches(str(rule), ALLOCATION_RULES, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise InvalidArgumentError(
                f"unknown allocation rule {_shorten(rule)}: expected one of "
                f"{', '.join(repr(r) for r in ALLOCATION_RULES)}{hint}"
            )
        wanted = {"equal": "holders", "pro_rata": "shares", "given": "amounts"}[rule]
        given_args = {"holders": bool(holders), "shares": shares is not None}
        given_args["amounts"] = amounts is not None
        for arg, present in given_args.items():
            if present and arg != wanted:
                raise InvalidArgumentError(
                    f"rule {rule!r} takes {wanted}=, not {arg}= (equal: holders; "
                    "pro_rata: shares; given: amounts)"
                )
        if rule == "equal":
            if isinstance(holders, str) or not isinstance(holders, Sequence):
                raise InvalidArgumentError(
                    f"holders must be a sequence of names such as ['Acme', 'Frost'], "
                    f"not {_shorten(holders)}"
                )
            names = _check_holders(holders)
            each = self._exact_total / len(names)
            return Ledger(self, dict.fromkeys(names, each))
        mapping = shares if rule == "pro_rata" else amounts
        if not isinstance(mapping, Mapping):
            raise InvalidArgumentError(
                f"rule {rule!r} needs {wanted}= as a mapping of holder to "
                f"{'share' if rule == 'pro_rata' else 'quantity'}, not {_shorten(mapping)}"
            )
        names = _check_holders(mapping)
        if rule == "pro_rata":
            weights = _weights(mapping)
            whole = sum(weights.values(), Fraction(0))
            if whole == 0:
                raise InvalidQuantityError("pro_rata shares are all zero; at least one must be > 0")
            return Ledger(self, {n: self._exact_total * weights[n] / whole for n in names})
        exact: dict[str, Fraction] = {}
        for name in names:
            value = _check_quantity(mapping[name], f"the amount for {name!r}")
            if _kind_of(value) != self._kind:
                raise InvalidQuantityError(
                    f"the amount for {name!r} is {f'{value:~}'!r}; expected a quantity in "
                    f"the quota's unit {f'{self.total.units:~}'!r} or one of its dimension"
                )
            exact[name] = _in_canonical(value, self._kind) / self._factor
        allocated = sum(exact.values(), Fraction(0))
        if allocated > self._exact_total:
            raise InvalidQuantityError(
                f"the amounts add up to {_show_amount(allocated, self._unit)}, more than the "
                f"quota total {_show_amount(self._exact_total, self._unit)}"
            )
        return Ledger(self, exact)


def _quota_from_state(
    magnitude: Any,
    unit: str,
    year: int,
    party: str | None,
    groups: tuple[str, ...],
    substance: str | None,
    basis: str,
) -> Quota:
    return Quota(_restore(magnitude, unit), year, party, groups, substance, basis)


def _weights(shares: Mapping[str, Any]) -> dict[str, Fraction]:
    """Pro-rata shares as exact fractions: all numbers, or quantities of one dimension."""
    import pint

    quantities = [v for v in shares.values() if isinstance(v, pint.Quantity)]
    if not quantities:
        return {name: _number(value, f"the share of {name!r}") for name, value in shares.items()}
    if len(quantities) != len(shares):
        raise InvalidQuantityError(
            "pro_rata shares must be all numbers or all quantities of one dimension, not a mix"
        )
    first = _check_quantity(quantities[0], "a share")
    base = first.to_base_units().units
    out: dict[str, Fraction] = {}
    for name, value in shares.items():
        checked = _check_quantity(value, f"the share of {name!r}")
        if checked.dimensionality != first.dimensionality:
            raise InvalidQuantityError(
                f"the share of {name!r} is {f'{checked:~}'!r}, not of the same dimension "
                f"as {f'{first:~}'!r}; pro_rata shares must be comparable"
            )
        out[name] = _decimal(checked.magnitude) * _unit_factor(str(checked.units), str(base))
    return out


# --------------------------------------------------------------------------- ledger


def _copy_mass(value: pint.Quantity[Any]) -> pint.Quantity[Any]:
    return _restore(*_state(_check_quantity(value, "the shipment mass")))


def _copy_counted(value: pint.Quantity[Any]) -> pint.Quantity[Any]:
    return _restore(*_state(_check_quantity(value, "the counted amount")))


@attrs.frozen(kw_only=True)
class Entry:
    """A shipment applied to a ledger: who, what, how much, and what it counted for.

    Attributes:
        holder: the allocation the shipment was charged to.
        item: the name of the substance or mixture shipped.
        mass: the mass shipped.
        counted: the amount charged against the allocation, in the quota's unit
            (0 when the shipment contains nothing the quota covers).
        reference: the licence, permit or invoice number, if given.

    >>> from mea_trade.montreal.quota import Quota
    >>> from mea_trade.units import ureg
    >>> ledger = Quota(total=1 * ureg.ODP_t, year=2025).allocate("equal", ["Acme"])
    >>> entry = ledger.apply("Acme", "R-22", 2 * ureg.t, reference="LIC-7").entries[0]
    >>> entry.holder, entry.item, f"{entry.mass:~}", f"{entry.counted:~}", entry.reference
    ('Acme', 'HCFC-22', '2 t', '0.11 ODP_t', 'LIC-7')
    """

    holder: str
    item: str
    mass: pint.Quantity[Any] = attrs.field(converter=_copy_mass)
    counted: pint.Quantity[Any] = attrs.field(converter=_copy_counted)
    reference: str | None = None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (
            _entry_from_state,
            (self.holder, self.item, *_state(self.mass), *_state(self.counted), self.reference),
        )

    @property
    def exact(self) -> Fraction:
        """The amount charged, exactly: :attr:`counted` read as the decimal it prints as.

        >>> from mea_trade.montreal.quota import Quota
        >>> from mea_trade.units import ureg
        >>> ledger = Quota(total=1 * ureg.ODP_t, year=2025).allocate("equal", ["Acme"])
        >>> ledger.apply("Acme", "HCFC-22", 1 * ureg.t).entries[0].exact
        Fraction(11, 200)
        """
        return _decimal(self.counted.magnitude)


def _entry_from_state(
    holder: str,
    item: str,
    mass: Any,
    mass_unit: str,
    counted: Any,
    counted_unit: str,
    reference: str | None,
) -> Entry:
    return Entry(
        holder=holder,
        item=item,
        mass=_restore(mass, mass_unit),
        counted=_restore(counted, counted_unit),
        reference=reference,
    )


def _freeze_allocations(value: Mapping[str, Fraction | int]) -> Mapping[str, Fraction]:
    if not isinstance(value, Mapping):
        raise InvalidArgumentError(
            f"allocations must be a mapping of holder to amount, not {_shorten(value)}"
        )
    names = _check_holders(value)
    return MappingProxyType(
        {name: _number(value[name], f"the allocation of {name!r}") for name in names}
    )


def _to_entries(value: Iterable[Entry]) -> tuple[Entry, ...]:
    return tuple(value)


@attrs.frozen(repr=False)
class Ledger:
    """The allocations of a quota to holders and the shipments applied to them; immutable.

    Make one with :meth:`Quota.allocate`; :meth:`apply` returns a new ledger with
    one more entry. The constructor (which pickling uses) checks that the
    allocations fit the quota and the entries fit the allocations.

    Attributes:
        quota: the quota allocated.
        exact_allocations: holder -> allocated amount, as exact fractions in the unit
            of ``quota.total``.
        entries: the shipments applied, oldest first.

    >>> from mea_trade.montreal.quota import Quota
    >>> from mea_trade.units import ureg
    >>> quota = Quota(total=2 * ureg.ODP_t, year=2025, groups=("C/I",))
    >>> ledger = quota.allocate("given", amounts={"Acme": 1 * ureg.ODP_t})
    >>> after = ledger.apply("Acme", "R-406A", 10 * ureg.t)  # 55 % HCFC-22, 41 % HCFC-142b
    >>> print(f"{after.used('Acme'):.6g~}; before: {ledger.used('Acme'):.6g~}")
    0.569 ODP_t; before: 0 ODP_t
    """

    quota: Quota
    exact_allocations: Mapping[str, Fraction] = attrs.field(
        converter=_freeze_allocations, hash=False
    )
    entries: tuple[Entry, ...] = attrs.field(default=(), converter=_to_entries)
    _used: Mapping[str, Fraction] = attrs.field(init=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.quota, Quota):
            raise InvalidArgumentError(f"quota must be a Quota, not {_shorten(self.quota)}")
        unit = self.quota._unit
        allocated = sum(self.exact_allocations.values(), Fraction(0))
        if allocated > self.quota.exact_total:
            raise InvalidQuantityError(
                f"the allocations add up to {_show_amount(allocated, unit)}, more than the "
                f"quota total {_show_amount(self.quota.exact_total, unit)}"
            )
        used = dict.fromkeys(self.exact_allocations, Fraction(0))
        for entry in self.entries:
            if not isinstance(entry, Entry):
                raise InvalidArgumentError(f"entries must be Entry records, not {_shorten(entry)}")
            if entry.holder not in used:
                raise self._unknown(entry.holder)
            if entry.counted.units != self.quota.total.units:
                raise InvalidQuantityError(
                    f"entry {entry.reference or entry.item!r} is counted in "
                    f"{f'{entry.counted:~}'!r}, not in the quota's unit"
                )
            used[entry.holder] += entry.exact
        for name, amount in used.items():
            if amount > self.exact_allocations[name]:
                raise InvalidQuantityError(
                    f"the entries of {name!r} use {_show_amount(amount, unit)}, more than its "
                    f"allocation {_show_amount(self.exact_allocations[name], unit)}"
                )
        object.__setattr__(self, "_used", MappingProxyType(used))

    @classmethod
    def _trusted(
        cls,
        quota: Quota,
        allocations: Mapping[str, Fraction],
        entries: tuple[Entry, ...],
        used: Mapping[str, Fraction],
    ) -> Ledger:
        """A ledger from parts already checked (apply's fast path: no re-summing)."""
        ledger = object.__new__(cls)
        object.__setattr__(ledger, "quota", quota)
        object.__setattr__(ledger, "exact_allocations", allocations)
        object.__setattr__(ledger, "entries", entries)
        object.__setattr__(ledger, "_used", used)
        return ledger

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (Ledger, (self.quota, dict(self.exact_allocations), self.entries))

    def __repr__(self) -> str:
        return (
            f"<Ledger of {self.quota!r}: {len(self.exact_allocations)} holders, "
            f"{len(self.entries)} entries>"
        )

    def _unknown(self, holder: object) -> Exception:
        if not isinstance(holder, str):
            return InvalidArgumentError(
                f"a holder name must be a str, not {type(holder).__name__}: {_shorten(holder)}"
            )
        by_fold = {_fold(name): name for name in self.exact_allocations}
        exact = by_fold.get(_fold(holder))
        close = [exact] if exact is not None else []
        for match in difflib.get_close_matches(_fold(holder), list(by_fold), n=3, cutoff=0.6):
            if by_fold[match] not in close:
                close.append(by_fold[match])
        return UnknownHolderError(holder, close[:3])

    def _check(self, holder: object) -> str:
        if not isinstance(holder, str) or holder not in self.exact_allocations:
            raise self._unknown(holder)
        return holder

    def _q(self, value: Fraction) -> pint.Quantity[Any]:
        return _quantity(value, self.quota._unit)

    @property
    def holders(self) -> tuple[str, ...]:
        """The holders, in allocation order.

        >>> from mea_trade.montreal.quota import Quota
        >>> from mea_trade.units import ureg
        >>> Quota(total=1 * ureg.ODP_t, year=2025).allocate("equal", ["B", "A"]).holders
        ('B', 'A')
        """
        return tuple(self.exact_allocations)

    @property
    def allocations(self) -> Mapping[str, pint.Quantity[Any]]:
        """Holder -> allocated amount, as quantities in the quota's unit (read-only).

        >>> from mea_trade.montreal.quota import Quota
        >>> from mea_trade.units import ureg
        >>> ledger = Quota(total=1 * ureg.ODP_t, year=2025).allocate("equal", ["A", "B"])
        >>> {k: f"{v:~}" for k, v in ledger.allocations.items()}
        {'A': '0.5 ODP_t', 'B': '0.5 ODP_t'}
        """
        return MappingProxyType({k: self._q(v) for k, v in self.exact_allocations.items()})

    def allocated(self, holder: str) -> pint.Quantity[Any]:
        """The amount allocated to *holder*, in the quota's unit.

        Raises:
            UnknownHolderError: *holder* has no allocation (close matches are suggested).

        >>> from mea_trade.montreal.quota import Quota
        >>> from mea_trade.units import ureg
        >>> ledger = Quota(total=3 * ureg.ODP_t, year=2025).allocate("equal", ["A", "B", "C"])
        >>> print(f"{ledger.allocated('A'):.6g~}")
        1 ODP_t
        """
        return self._q(self.exact_allocations[self._check(holder)])

    def used(self, holder: str) -> pint.Quantity[Any]:
        """The amount *holder*'s applied shipments counted for, in the quota's unit.

        Raises:
            UnknownHolderError: *holder* has no allocation.

        >>> from mea_trade.montreal.quota import Quota
        >>> from mea_trade.units import ureg
        >>> ledger = Quota(total=1 * ureg.ODP_t, year=2025).allocate("equal", ["A"])
        >>> print(f"{ledger.apply('A', 'CFC-11', 100 * ureg.kg).used('A'):.6g~}")
        0.1 ODP_t
        """
        return self._q(self._used[self._check(holder)])

    def remaining(self, holder: str) -> pint.Quantity[Any]:
        """What *holder* has left: allocated minus used, in the quota's unit.

        Raises:
            UnknownHolderError: *holder* has no allocation.

        >>> from mea_trade.montreal.quota import Quota
        >>> from mea_trade.units import ureg
        >>> ledger = Quota(total=1 * ureg.ODP_t, year=2025).allocate("equal", ["A"])
        >>> print(f"{ledger.apply('A', 'CFC-11', 100 * ureg.kg).remaining('A'):.6g~}")
        0.9 ODP_t
        """
        name = self._check(holder)
        return self._q(self.exact_allocations[name] - self._used[name])

    @property
    def unallocated(self) -> pint.Quantity[Any]:
        """The part of the total not allocated to any holder (0 for equal and pro_rata).

        >>> from mea_trade.montreal.quota import Quota
        >>> from mea_trade.units import ureg
        >>> quota = Quota(total=1000 * ureg.kg, year=2025, substance="HCFC-141b")
        >>> print(f'{quota.allocate("given", amounts={"A": 0.6 * ureg.t}).unallocated:.6g~}')
        400 kg
        """
        allocated = sum(self.exact_allocations.values(), Fraction(0))
        return self._q(self.quota.exact_total - allocated)

    @property
    def total_used(self) -> pint.Quantity[Any]:
        """What all applied shipments counted for, in the quota's unit.

        >>> from mea_trade.montreal.quota import Quota
        >>> from mea_trade.units import ureg
        >>> ledger = Quota(total=1 * ureg.ODP_t, year=2025).allocate("equal", ["A", "B"])
        >>> ledger = ledger.apply("A", "CFC-11", 100 * ureg.kg).apply("B", "CFC-12", 50 * ureg.kg)
        >>> print(f"{ledger.total_used:.6g~}")
        0.15 ODP_t
        """
        return self._q(sum(self._used.values(), Fraction(0)))

    def apply(
        self,
        holder: str,
        item: str | Substance | Mixture,
        mass: pint.Quantity[Any],
        reference: str | None = None,
    ) -> Ledger:
        """Return a new ledger with a shipment of *mass* of *item* charged to *holder*.

        The shipment counts for :meth:`Quota.count`; it is refused if the holder's
        used amount plus that would exceed the allocation (compared exactly). A
        shipment that counts 0 is recorded too. This ledger is not changed.

        Raises:
            QuotaExceededError: the shipment would exceed the allocation; it names the
                holder, the shipment (reference, mass and item), the amount requested,
                what was left and the shortfall (as strings such as ``'0.01 ODP_t'``).
            UnknownHolderError: *holder* has no allocation (close matches are suggested).
            InvalidQuantityError: *mass* is not a finite, non-negative mass.
            UnknownSubstanceError: *item* names neither a substance nor a blend.

        >>> from mea_trade.montreal.quota import Quota
        >>> from mea_trade.units import ureg
        >>> quota = Quota(total=2.86e6 * ureg.CO2e_t, year=2029, groups=("F/I",))
        >>> ledger = quota.allocate("equal", ["Acme", "Frost"])
        >>> ledger = ledger.apply("Acme", "HFC-134a", 100 * ureg.t, reference="IMP-1")
        >>> print(f"{ledger.used('Acme'):.6g~}")   # Annex F GWP of HFC-134a: 1430
        143000 CO2e_t
        >>> try:
        ...     ledger.apply("Frost", "HFC-134a", 1001 * ureg.t, reference="IMP-2")
        ... except QuotaExceededError as exc:
        ...     print(exc.holder, exc.shipment, exc.shortfall, sep=" | ")
        Frost | 'IMP-2' of 1001 t of HFC-134a | 1430 CO2e_t
        """
        name = self._check(holder)
        if reference is not None and not isinstance(reference, str):
            raise InvalidArgumentError(
                f"reference must be a str (a licence or invoice number) or None, "
                f"not {_shorten(reference)}"
            )
        resolved = _resolve_item(item)
        unit = self.quota._unit
        counted = _quantity(self.quota._count(resolved, mass), unit)
        charge = _decimal(counted.magnitude)
        used = self._used[name]
        allowed = self.exact_allocations[name]
        if used + charge > allowed:
            label = f"{reference!r} of" if reference is not None else "of"
            raise QuotaExceededError(
                name,
                f"{label} {mass:~} of {_item_name(resolved)}",
                _show_amount(charge, unit),
                _show_amount(allowed - used, unit),
                _show_amount(used + charge - allowed, unit),
            )
        entry = Entry(
            holder=name, item=_item_name(resolved), mass=mass, counted=counted, reference=reference
        )
        new_used = dict(self._used)
        new_used[name] = used + charge
        return Ledger._trusted(
            self.quota,
            self.exact_allocations,
            (*self.entries, entry),
            MappingProxyType(new_used),
        )
