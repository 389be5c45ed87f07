"""Hypothesis strategies for mea_trade's types, for property-based tests.

All arguments are keyword-only. They are validated lazily, as Hypothesis' own
strategies are: a bad argument raises :class:`hypothesis.errors.InvalidArgument`
when the strategy is first used, not when it is built. The strategies draw from
the bundled catalog, so they generate only valid values; :func:`declaration_rows`
generates the messy rows real customs files contain.

``st.from_type`` knows the public record types (``Substance``, ``Mixture``,
``Country``, ``Instrument``, ``HSCode``, ``Chemical``, ``Shipment``, ``Assessment``,
``ReportLine``, ``Report``): the package registers them through Hypothesis'
``hypothesis`` entry point (see :func:`register_type_strategies`).

>>> from hypothesis import find, given
>>> from mea_trade.testing import strategies as mts
>>> @given(mts.mixtures(max_components=3))
... def test_odp_is_weighted_sum(m):
...     assert m.odp <= max(c.substance.odp for c in m.components) + 1e-12
>>> test_odp_is_weighted_sum()
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from mea_trade.catalog import MONTREAL_ANNEX_GROUPS, Mixture, Substance
from mea_trade.catalog import mixtures as _bundled_mixtures
from mea_trade.catalog import substances as _substances

if TYPE_CHECKING:
    import pint

    from mea_trade.assessment import Assessment
    from mea_trade.countries import Country
    from mea_trade.hs import HSCode
    from mea_trade.instruments import Instrument
    from mea_trade.montreal import Report, ReportLine
    from mea_trade.records import Shipment

__all__ = [
    "bundled_mixtures",
    "chemical_names",
    "chemical_shipments",
    "chemicals",
    "cites_codes",
    "cites_shipments",
    "countries",
    "cwc_chemicals",
    "dates",
    "declaration_rows",
    "hfc_mixtures_near_thresholds",
    "hs_codes",
    "instruments",
    "listed_chemicals",
    "lmo_shipments",
    "masses",
    "mixtures",
    "names",
    "party_classes",
    "register_type_strategies",
    "report_lines",
    "report_series",
    "reports",
    "shipments",
    "specimens",
    "stockholm_chemicals",
    "substances",
    "taxa",
    "waste_codes",
    "waste_shipments",
]

T = TypeVar("T")


def _lazy(build: Callable[[], st.SearchStrategy[T]]) -> st.SearchStrategy[T]:
    """A strategy built (and its arguments checked) on first use, as Hypothesis does."""
    return st.deferred(build)


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise InvalidArgument(message)


def substances(
    *,
    annex_group: str | None = None,
    controlled: bool | None = None,
) -> st.SearchStrategy[Substance]:
    """Substances of the bundled catalog, optionally of one annex group or controlled status.

    >>> from hypothesis import find
    >>> find(substances(annex_group="F/II"), lambda s: True).name
    'HFC-23'
    """

    def build() -> st.SearchStrategy[Substance]:
        _check(
            annex_group is None or annex_group in MONTREAL_ANNEX_GROUPS,
            f"annex_group={annex_group!r}: expected one of {', '.join(MONTREAL_ANNEX_GROUPS)}",
        )
        _check(controlled in (None, True, False), f"controlled={controlled!r}: expected a bool")
        pool = [
            s
            for s in _substances(controlled=controlled)
            if annex_group is None or s.annex_group == annex_group
        ]
        _check(bool(pool), f"no substances with annex_group={annex_group!r}")
        return st.sampled_from(pool)

    return _lazy(build)


def names(*, of: st.SearchStrategy[Substance] | None = None) -> st.SearchStrategy[str]:
    """Names a user might type for a substance, in random case and with random separators.

    Drawn from its name, synonyms, ASHRAE number and CAS number.

    >>> import mea_trade as mt
    >>> from hypothesis import find
    >>> name = find(names(of=substances(annex_group="F/II")), lambda n: n.islower())
    >>> mt.substance(name).name
    'HFC-23'
    """

    def spellings(sub: Substance) -> st.SearchStrategy[str]:
        options = [sub.id, sub.name, *sub.synonyms]
        if sub.ashrae:
            options.append(sub.ashrae)
        plain = st.sampled_from(options)
        variants = plain.flatmap(
            lambda text: st.sampled_from(
                [text, text.upper(), text.lower(), text.replace("-", " "), text.replace("-", "")]
            )
        )
        if sub.cas:
            return st.one_of(variants, st.just(sub.cas))
        return variants

    def build() -> st.SearchStrategy[str]:
        _check(
            of is None or isinstance(of, st.SearchStrategy),
            f"of={of!r}: expected a strategy of substances",
        )
        return (of if of is not None else substances()).flatmap(spellings)

    return _lazy(build)


def _check_counts(min_components: int, max_components: int) -> None:
    _check(
        isinstance(min_components, int)
        and isinstance(max_components, int)
        and 1 <= min_components <= max_components,
        f"need 1 <= min_components <= max_components, got {min_components!r}, {max_components!r}",
    )


def mixtures(
    *,
    min_components: int = 1,
    max_components: int = 5,
    of: st.SearchStrategy[Substance] | None = None,
) -> st.SearchStrategy[Mixture]:
    """Custom mixtures of distinct catalog substances with random mass fractions summing to 1.

    >>> from hypothesis import find
    >>> m = find(mixtures(min_components=2, max_components=2), lambda m: m.odp > 0)
    >>> len(m.components), round(sum(c.fraction for c in m.components), 9)
    (2, 1.0)
    """

    def build() -> st.SearchStrategy[Mixture]:
        _check_counts(min_components, max_components)
        base = of if of is not None else substances()

        @st.composite
        def draw_mixture(draw: st.DrawFn) -> Mixture:
            subs = draw(
                st.lists(base, min_size=min_components, max_size=max_components, unique=True)
            )
            weights = draw(
                st.lists(
                    st.integers(min_value=1, max_value=1000), min_size=len(subs), max_size=len(subs)
                )
            )
            total = sum(weights)
            return Mixture.from_mass_fractions(
                {s: w / total for s, w in zip(subs, weights, strict=True)}
            )

        return draw_mixture()

    return _lazy(build)


def _declarable_mixtures(max_components: int = 3) -> st.SearchStrategy[Mixture]:
    """Mixtures whose percentages have at most two decimals: their text reads back exactly."""

    @st.composite
    def build(draw: st.DrawFn) -> Mixture:
        subs = draw(st.lists(substances(), min_size=1, max_size=max_components, unique=True))
        cuts = sorted(
            draw(
                st.lists(
                    st.integers(min_value=1, max_value=9999),
                    min_size=len(subs) - 1,
                    max_size=len(subs) - 1,
                    unique=True,
                )
            )
        )
        edges = [0, *cuts, 10000]
        shares = [(b - a) / 100 for a, b in itertools.pairwise(edges)]
        return Mixture.from_mass_fractions(dict(zip(subs, shares, strict=True)))

    return build()


def bundled_mixtures(*, annex_group: str | None = None) -> st.SearchStrategy[Mixture]:
    """The bundled ASHRAE blends, optionally those with a component in *annex_group*.

    >>> from hypothesis import find
    >>> find(bundled_mixtures(annex_group="A/I"), lambda m: True)
    Mixture('R-500')
    """

    def build() -> st.SearchStrategy[Mixture]:
        _check(
            annex_group is None or annex_group in MONTREAL_ANNEX_GROUPS,
            f"annex_group={annex_group!r}: expected one of {', '.join(MONTREAL_ANNEX_GROUPS)}",
        )
        pool = list(_bundled_mixtures(annex_group=annex_group))
        _check(bool(pool), f"no bundled blend has a component in {annex_group!r}")
        return st.sampled_from(pool)

    return _lazy(build)


def masses(
    *, min_value: float = 0.0, max_value: float = 1e6, units: tuple[str, ...] = ("kg", "t", "g")
) -> st.SearchStrategy[pint.Quantity[Any]]:
    """Non-negative finite masses as quantities of the library's registry (magnitudes in *units*).

    >>> from hypothesis import find
    >>> print(f"{find(masses(max_value=10), lambda q: q.magnitude > 1):~}")
    2.0 kg
    """

    def build() -> st.SearchStrategy[pint.Quantity[Any]]:
        _check(
            isinstance(min_value, (int, float))
            and isinstance(max_value, (int, float))
            and math.isfinite(min_value)
            and math.isfinite(max_value)
            and 0 <= min_value <= max_value,
            f"need 0 <= min_value <= max_value, both finite, got {min_value!r}, {max_value!r}",
        )
        _check(bool(units), "units is empty")
        from mea_trade.units import get_registry

        registry = get_registry()
        for unit in units:
            _check(
                isinstance(unit, str) and unit in registry and registry(unit).check("[mass]"),
                f"unit {unit!r} is not a mass unit of the library's registry",
            )
        return st.builds(
            lambda value, unit: registry.Quantity(value, unit),
            st.floats(
                min_value=min_value, max_value=max_value, allow_nan=False, allow_infinity=False
            ),
            st.sampled_from(units),
        )

    return _lazy(build)


def _declarable_masses() -> st.SearchStrategy[pint.Quantity[Any]]:
    """Masses with at most two decimals in kg, t or lb: their text is never ambiguous."""
    from mea_trade.units import get_registry

    registry = get_registry()
    return st.builds(
        lambda cents, unit: registry.Quantity(cents / 100, unit),
        st.integers(min_value=0, max_value=10**9),
        st.sampled_from(("kg", "t", "lb")),
    )


def countries(*, kind: str | None = "state") -> st.SearchStrategy[Country]:
    """Bundled countries (by default states and territories; ``kind=None`` for all).

    >>> from hypothesis import find
    >>> find(countries(kind="reio"), lambda c: True).alpha2
    'EU'
    """

    def build() -> st.SearchStrategy[Country]:
        _check(
            kind in (None, "state", "reio", "former"),
            f"kind={kind!r}: expected 'state', 'reio', 'former' or None",
        )
        from mea_trade.countries import all_countries

        return st.sampled_from(list(all_countries(kind=kind)))

    return _lazy(build)


def instruments(*, with_parties: bool = False) -> st.SearchStrategy[Instrument]:
    """Bundled instruments; ``with_parties=True`` keeps those with participation data.

    >>> from hypothesis import find
    >>> find(instruments(), lambda i: i.id == "kigali").parent
    'montreal'
    """

    def build() -> st.SearchStrategy[Instrument]:
        _check(isinstance(with_parties, bool), f"with_parties={with_parties!r}: expected a bool")
        from mea_trade.instruments import all_instruments

        pool = list(all_instruments())
        if with_parties:
            from mea_trade.parties import coverage

            covered = coverage()
            pool = [i for i in pool if i.id in covered]
        return st.sampled_from(pool)

    return _lazy(build)


def dates(
    *, min_value: dt.date = dt.date(1970, 1, 1), max_value: dt.date = dt.date(2030, 12, 31)
) -> st.SearchStrategy[dt.date]:
    """Dates in a range that covers every bundled instrument's history.

    >>> from hypothesis import find
    >>> find(dates(), lambda d: d.year == 2019).year
    2019
    """

    def build() -> st.SearchStrategy[dt.date]:
        _check(
            isinstance(min_value, dt.date) and isinstance(max_value, dt.date),
            f"min_value and max_value must be dates, not {min_value!r}, {max_value!r}",
        )
        _check(min_value <= max_value, f"min_value {min_value} is after max_value {max_value}")
        return st.dates(min_value=min_value, max_value=max_value)

    return _lazy(build)


def hs_codes(
    *, edition: str = "HS2022", chapters: tuple[str, ...] | None = None
) -> st.SearchStrategy[HSCode]:
    """Valid HS codes of an edition, with or without national digits.

    >>> from hypothesis import find
    >>> find(hs_codes(chapters=("29",)), lambda c: c.heading == "2903").chapter
    '29'
    """

    def build() -> st.SearchStrategy[HSCode]:
        from mea_trade.errors import InvalidArgumentError
        from mea_trade.hs import _TABLES, HSCode, _edition

        try:
            ed = _edition(edition)
        except InvalidArgumentError as exc:
            raise InvalidArgument(f"edition={edition!r}: {exc}") from None
        pool = sorted(c for c in _TABLES.get().codes[ed] if chapters is None or c[:2] in chapters)
        _check(bool(pool), f"no {ed} subheadings in chapters {chapters!r}")
        national = st.sampled_from(["", "00", "0010", "100000"])
        return st.builds(
            lambda sub, nat: HSCode(subheading=sub, edition=ed, national=nat),
            st.sampled_from(pool),
            national,
        )

    return _lazy(build)


def hfc_mixtures_near_thresholds() -> st.SearchStrategy[Mixture]:
    """HFC mixtures at, just below or just above a threshold of subheadings 3827.61-3827.65.

    The HFC-143a, HFC-125, HFC-134a or HFC-32 content sits at a threshold or within
    0.01 percentage points or 1 percentage point of it, with or without an HFO.

    >>> from hypothesis import find
    >>> m = find(hfc_mixtures_near_thresholds(), lambda m: m.fraction_of("HFC-143a") == 0.15)
    >>> round(sum(c.fraction for c in m.components), 9)
    1.0
    """
    thresholds = {
        "HFC-143a": (0.15,),
        "HFC-125": (0.55, 0.40, 0.20),
        "HFC-134a": (0.30,),
        "HFC-32": (0.20,),
    }

    @st.composite
    def build(draw: st.DrawFn) -> Mixture:
        key = draw(st.sampled_from(sorted(thresholds)))
        level = draw(st.sampled_from(thresholds[key]))
        offset = draw(st.sampled_from([0.0, -0.0001, 0.0001, -0.01, 0.01]))
        share = level + offset
        parts: dict[str, float] = {key: share}
        rest = 1.0 - share
        others = [n for n in ("HFC-32", "HFC-125", "HFC-134a", "HFC-152a") if n != key]
        other = draw(st.sampled_from(others))
        if draw(st.booleans()):
            parts["HFO-1234yf"] = rest / 2
            parts[other] = rest / 2
        else:
            parts[other] = rest
        return Mixture.from_mass_fractions(parts)

    return build()


def party_classes(*, group: str | None = None) -> st.SearchStrategy[str]:
    """Party classes of the Montreal Protocol schedules valid for *group*.

    For Annex F only the four Kigali groups; otherwise also ``"A5"`` and ``"NA5"``.

    >>> from hypothesis import find
    >>> find(party_classes(group="F"), lambda c: c.startswith("A5"))
    'A5G1'
    """

    def build() -> st.SearchStrategy[str]:
        from mea_trade.errors import MeaTradeError
        from mea_trade.montreal.controls import PARTY_CLASSES, _group

        if group is None:
            return st.sampled_from(PARTY_CLASSES)
        try:
            normal = _group(group)
        except MeaTradeError as exc:
            raise InvalidArgument(f"group={group!r}: {exc}") from None
        if normal == "F":
            return st.sampled_from(("NA5G1", "NA5G2", "A5G1", "A5G2"))
        return st.sampled_from(PARTY_CLASSES)

    return _lazy(build)


_AMOUNT = st.one_of(
    st.just(0.0),
    st.floats(min_value=0.0, max_value=1e6, allow_nan=False, allow_infinity=False),
)


def report_lines(*, annex_group: str | None = None) -> st.SearchStrategy[ReportLine]:
    """Valid :class:`mea_trade.montreal.ReportLine` objects (amounts in tonnes).

    Feedstock and QPS parts never exceed production or imports, and QPS amounts
    appear for methyl bromide only.

    >>> from hypothesis import find
    >>> find(report_lines(annex_group="C/I"), lambda l: l.imports > 0).substance.annex_group
    'C/I'
    """
    from mea_trade.montreal import ReportLine

    @st.composite
    def build(draw: st.DrawFn) -> ReportLine:
        sub = draw(substances(annex_group=annex_group, controlled=True))
        production = draw(_AMOUNT)
        imports = draw(_AMOUNT)
        mb = sub.annex_group == "E/I"
        pf = draw(st.floats(min_value=0.0, max_value=1.0)) * production
        pq = (draw(st.floats(min_value=0.0, max_value=1.0)) * (production - pf)) if mb else 0.0
        imf = draw(st.floats(min_value=0.0, max_value=1.0)) * imports
        imq = (draw(st.floats(min_value=0.0, max_value=1.0)) * (imports - imf)) if mb else 0.0
        return ReportLine(
            substance=sub,
            production=production,
            production_feedstock=min(pf, production),
            production_qps=max(0.0, min(pq, production - pf)),
            imports=imports,
            imports_feedstock=min(imf, imports),
            imports_qps=max(0.0, min(imq, imports - imf)),
            exports=draw(_AMOUNT),
            exports_to_non_parties=draw(_AMOUNT),
            destroyed=draw(_AMOUNT),
            exempted=draw(_AMOUNT),
        )

    return build()


def reports(
    *, year: int | None = None, annex_group: str | None = None, max_lines: int = 8
) -> st.SearchStrategy[Report]:
    """Valid :class:`mea_trade.montreal.Report` objects for one year.

    >>> from hypothesis import find
    >>> find(reports(year=2020), lambda r: len(r.lines) > 1).year
    2020
    """

    def build() -> st.SearchStrategy[Report]:
        from mea_trade.montreal import Report

        _check(
            isinstance(max_lines, int) and max_lines >= 0,
            f"max_lines={max_lines!r}: expected an int >= 0",
        )
        _check(year is None or isinstance(year, int), f"year={year!r}: expected an int")
        years = st.just(year) if year is not None else st.integers(min_value=1986, max_value=2050)
        return st.builds(
            lambda y, lines: Report(year=y, lines=lines),
            years,
            st.lists(report_lines(annex_group=annex_group), max_size=max_lines),
        )

    return _lazy(build)


def report_series(
    *, first: int = 2009, last: int = 2012, annex_group: str | None = None
) -> st.SearchStrategy[dict[int, Report]]:
    """A mapping year -> Report for every year from *first* to *last*.

    >>> from hypothesis import find
    >>> sorted(find(report_series(first=2009, last=2010), lambda s: True))
    [2009, 2010]
    """

    def build() -> st.SearchStrategy[dict[int, Report]]:
        _check(first <= last, f"first ({first}) must not be after last ({last})")
        return st.fixed_dictionaries(
            {
                y: reports(year=y, annex_group=annex_group, max_lines=4)
                for y in range(first, last + 1)
            }
        )

    return _lazy(build)


def shipments(
    *,
    min_date: dt.date = dt.date(1985, 1, 1),
    max_date: dt.date = dt.date(2040, 12, 31),
    hs_codes_too: bool = True,
    chemicals_too: bool = True,
) -> st.SearchStrategy[Shipment]:
    """Valid :class:`mea_trade.assessment.Shipment` objects that a declaration file can carry.

    Commodities are bundled substances (controlled or not), bundled blends,
    mixtures declared by composition, with *chemicals_too* the chemicals, families and
    product types of :mod:`mea_trade.chemicals` (by name, as a file carries them), and
    with *hs_codes_too* HS codes; countries are any two states (possibly the same),
    with optional quantity, state, end use, transit, form (bulk, container or
    product), purpose (a CITES code or a word of :data:`~mea_trade.records.PURPOSES`)
    and ``banned_by_exporter``. Every shipment's
    :meth:`~mea_trade.records.Shipment.to_row` is read back by :func:`mea_trade.screen` to
    the same answer.

    >>> from hypothesis import find
    >>> find(shipments(), lambda s: s.transit != ()).transit[0].kind
    'state'
    """

    def build() -> st.SearchStrategy[Shipment]:
        _check(
            isinstance(min_date, dt.date) and isinstance(max_date, dt.date),
            f"min_date and max_date must be dates, not {min_date!r}, {max_date!r}",
        )
        _check(min_date <= max_date, f"min_date {min_date} is after max_date {max_date}")
        _check(isinstance(chemicals_too, bool), f"chemicals_too={chemicals_too!r}: expected a bool")
        from mea_trade.records import END_USES, FORMS, PURPOSES, STATES, Shipment

        commodities: list[st.SearchStrategy[Any]] = [
            substances(),
            bundled_mixtures(),
            _declarable_mixtures(),
        ]
        if chemicals_too:
            # by name, as a file carries it (a name the catalog also knows reads as its
            # catalog record)
            commodities.append(chemicals().map(str))
        if hs_codes_too:
            # as text, read in the edition in force on the date, as a file carries it
            commodities.append(hs_codes(chapters=("28", "29", "38", "85")).map(str))

        @st.composite
        def shipment(draw: st.DrawFn) -> Shipment:
            return Shipment(
                draw(st.one_of(commodities)),
                exporter=draw(countries()),
                importer=draw(countries()),
                date=draw(dates(min_value=min_date, max_value=max_date)),
                quantity=draw(st.none() | _declarable_masses()),
                state=draw(st.none() | st.sampled_from(STATES)),
                end_use=draw(st.none() | st.sampled_from(END_USES)),
                transit=draw(st.lists(countries(), max_size=2).map(tuple)),
                form=draw(st.none() | st.sampled_from(FORMS)),
                purpose=draw(st.none() | st.sampled_from(PURPOSES) | cites_codes(field="purpose")),
                banned_by_exporter=draw(st.sampled_from((None, True, False))),
            )

        return shipment()

    return _lazy(build)


# ----------------------------------------------------------- messy rows

_NA_CELLS: tuple[object, ...] = (None, "", "  ", float("nan"))


def _na_cells() -> st.SearchStrategy[object]:
    """The empty cells of every library: None, blank text, NaN, and pandas' NA and NaT."""
    cells: list[object] = list(_NA_CELLS)
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is optional
        pass
    else:
        cells += [pd.NA, pd.NaT]
    return st.sampled_from(cells)


def _spaced(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Text as people type it into a cell: stray spaces around it."""
    return st.tuples(st.sampled_from(["", " ", "  "]), text, st.sampled_from(["", " ", "\t"])).map(
        "".join
    )


def _country_spellings(country: Country) -> st.SearchStrategy[str]:
    options = [country.alpha2, country.alpha3, country.name, *country.aliases]
    options += [n for n in (country.name_fr, country.name_es, country.numeric) if n]
    return st.sampled_from(options).flatmap(
        lambda text: st.sampled_from([text, text.upper(), text.lower()])
    )


def _commodity_texts() -> st.SearchStrategy[str]:
    return st.one_of(
        names(),
        bundled_mixtures().map(lambda m: str(m.name)),
        _declarable_mixtures().map(
            lambda m: ", ".join(f"{c.substance.name} {c.percent:g}%" for c in m.components)
        ),
        hs_codes(chapters=("29", "38")).map(str),
        hs_codes(chapters=("29", "38")).map(lambda c: c.subheading + c.national),
    )


def _quantity_texts() -> st.SearchStrategy[str]:
    """Masses as trade documents write them (all readable): decimal comma, groups, MT, lb."""

    def render(whole: int, cents: int, style: str) -> str:
        digits = f"{whole:,}"
        if style == "comma":  # '1 500,25 kg'
            return digits.replace(",", " ") + (f",{cents:02d}" if cents else "") + " kg"
        if style == "dot":  # '1,500.25 kg' (several groups or decimals: unambiguous)
            if whole >= 1000 and not cents:
                return digits.replace(",", " ") + " kg"
            return digits + (f".{cents:02d}" if cents else "") + " kg"
        if style == "MT":
            return f"{whole}" + (f",{cents:02d}" if cents else "") + " MT"
        if style == "t":
            return f"{whole}.{cents:02d} t"
        return f"{whole} lbs"

    return st.builds(
        render,
        st.integers(min_value=0, max_value=2_000_000),
        st.integers(min_value=0, max_value=99),
        st.sampled_from(["comma", "dot", "MT", "t", "lb"]),
    )


def _key_spellings(name: str) -> st.SearchStrategy[str]:
    words = name.replace("_", " ")
    return st.sampled_from(
        [name, name.upper(), words.title(), f" {words} ", name.replace("_", "-")]
    )


#: Values that a row must never be screened as valid with (each gives an error row).
_INVALID: dict[str, tuple[str, ...]] = {
    "commodity": ("unobtainium", "HCFC-2222", "2903.99", "HFC-32 50%, HFC-125 40%"),
    "exporter": ("Atlantis", "999", "XX"),
    "importer": ("Untied States", "ZZZ"),
    "date": ("2024-02-30", "01/05/2024", "yesterday"),
    "quantity": ("2 tons", "1,500 kg", "5 m", "500", "-3 kg"),
    "state": ("broken",),
    "end_use": ("smuggling",),
}


_references = st.from_regex(r"[A-Z]{1,3}-[0-9]{1,6}", fullmatch=True)
_REQUIRED = ("commodity", "exporter", "importer", "date")


def declaration_rows(
    *, invalid: bool = True, extra_columns: bool = True
) -> st.SearchStrategy[dict[str, object]]:
    """Declaration rows as real files and frames carry them, for :func:`mea_trade.screen`.

    Column names in any case, with spaces or hyphens (``"End use"``, ``" COMMODITY "``);
    commodities by any name, CAS number, ASHRAE number, bundled blend, composition
    (``"HFC-32 50%, HFC-125 50%"``) or HS code with or without dots; countries by
    alpha-2, alpha-3 or numeric code, English, French or Spanish UN name, in any case;
    dates as ISO text with stray spaces or as :class:`datetime.date`; quantities as
    trade documents write them (``"1 500,25 kg"``, ``"2 MT"``, ``"300 lbs"``); empty
    cells as None, blank text, NaN, ``pd.NA`` or ``pd.NaT``; with *extra_columns*,
    columns the library does not read (clashing names such as ``status`` and
    ``error`` among them).

    With *invalid* (the default) some rows also carry a value that cannot be read (an
    unknown commodity or country, an impossible date, an ambiguous quantity such as
    ``"2 tons"``, a missing required cell); without it, every row is screened
    without an error.

    >>> import mea_trade as mt
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, deadline=None)  # the first call loads the data
    ... @given(declaration_rows(invalid=False))
    ... def test_valid_rows_are_read(row):
    ...     assert mt.screen(row)[0].error is None
    >>> test_valid_rows_are_read()
    """

    def build() -> st.SearchStrategy[dict[str, object]]:
        _check(isinstance(invalid, bool), f"invalid={invalid!r}: expected a bool")
        _check(isinstance(extra_columns, bool), f"extra_columns={extra_columns!r}: expected a bool")
        from mea_trade.records import END_USES, STATES

        empty = _na_cells()
        parts: dict[str, st.SearchStrategy[object]] = {
            "reference": st.one_of(_spaced(_references), empty),
            "commodity": _spaced(_commodity_texts()),
            "exporter": _spaced(countries().flatmap(_country_spellings)),
            "importer": _spaced(countries().flatmap(_country_spellings)),
            "date": st.one_of(
                _spaced(dates(min_value=dt.date(1990, 1, 1)).map(dt.date.isoformat)),
                dates(min_value=dt.date(1990, 1, 1)),
            ),
            "quantity": st.one_of(_spaced(_quantity_texts()), empty),
            "state": st.one_of(
                st.sampled_from(STATES).map(str.upper), st.sampled_from(STATES), empty
            ),
            "end_use": st.one_of(
                st.sampled_from(END_USES).map(lambda u: u.replace("_", " ").title()), empty
            ),
            "transit": st.one_of(
                empty,
                st.lists(countries().map(lambda c: c.alpha2), min_size=1, max_size=2).map(
                    "; ".join
                ),
            ),
        }
        spellings = {name: _key_spellings(name) for name in parts}
        extras = st.dictionaries(
            st.sampled_from(["status", "error", "notes", "Goods description", "Seal"]),
            st.one_of(st.text(max_size=20), empty),
            max_size=3,
        )
        broken = st.sampled_from([*sorted(_INVALID), "missing"])
        required = st.sampled_from(list(_REQUIRED))

        @st.composite
        def row(draw: st.DrawFn) -> dict[str, object]:
            cells = {name: draw(strategy) for name, strategy in parts.items()}
            if invalid and draw(st.integers(min_value=0, max_value=3)) == 0:
                field = draw(broken)
                if field == "missing":
                    cells[draw(required)] = draw(empty)
                else:
                    cells[field] = draw(st.sampled_from(_INVALID[field]))
            out: dict[str, object] = {draw(spellings[n]): v for n, v in cells.items()}
            if extra_columns:
                out.update(draw(extras))
            return out

        return row()

    return _lazy(build)


# ----------------------------------------------------------- from_type


def waste_codes(
    *, kinds: tuple[str, ...] | None = None, on: dt.date | None = None
) -> st.SearchStrategy[str]:
    """Codes of the bundled Basel and OECD lists (``"A1181"``, ``"Y48"``, ``"GC030"``).

    *kinds* keeps entries of those kinds (:data:`mea_trade.basel.KINDS`, e.g.
    ``("hazardous",)`` for Annex VIII); *on* keeps entries in effect on that date.

    >>> from hypothesis import find
    >>> find(waste_codes(kinds=("other",)), lambda c: c.startswith("Y4"))
    'Y46'
    """
    from mea_trade.basel import KINDS, entries

    wanted = kinds or tuple(k for k in KINDS if k not in ("characteristic", "disposal", "recovery"))
    unknown = set(wanted) - set(KINDS)
    if unknown:
        raise InvalidArgument(f"kinds: unknown {sorted(unknown)}; expected some of {KINDS}")
    if not set(wanted) <= set(KINDS) - {"characteristic", "disposal", "recovery"}:
        raise InvalidArgument("kinds: characteristics and operations are not waste codes")
    pool = sorted(
        {e.code for e in entries(on=on) if e.kind in wanted and (on is None or e.in_effect(on))}
    )
    if not pool:
        raise InvalidArgument(f"no entries of kinds {wanted} in effect on {on}")
    return st.sampled_from(pool)


def waste_shipments(
    *,
    kinds: tuple[str, ...] | None = None,
    min_date: dt.date = dt.date(1990, 1, 1),
    max_date: dt.date = dt.date(2030, 12, 31),
) -> st.SearchStrategy[Any]:
    """Shipments of wastes given by list codes, with optional operation, characteristics, transit.

    >>> from hypothesis import find
    >>> find(waste_shipments(kinds=("hazardous",)), lambda s: s.operation is not None).operation[0]
    'D'
    """
    from mea_trade.records import Shipment
    from mea_trade.wastes import CHARACTERISTICS, OPERATIONS

    return st.builds(
        lambda code, exporter, importer, date, operation, characteristics, transit: Shipment(
            code,
            exporter=exporter,
            importer=importer,
            date=date,
            operation=operation,
            characteristics=characteristics,
            transit=transit,
        ),
        waste_codes(kinds=kinds),
        countries(),
        countries(),
        dates(min_value=min_date, max_value=max_date),
        st.none() | st.sampled_from(OPERATIONS),
        st.lists(st.sampled_from(CHARACTERISTICS), max_size=2).map(tuple),
        st.lists(countries(), max_size=2).map(tuple),
    )


def lmo_shipments(
    *, min_date: dt.date = dt.date(2000, 1, 1), max_date: dt.date = dt.date(2030, 12, 31)
) -> st.SearchStrategy[Any]:
    """Shipments of bundled organisms, with or without a declared LMO use.

    >>> from hypothesis import find
    >>> find(lmo_shipments(), lambda s: s.lmo == "release").commodity.kind
    'crop'
    """
    from mea_trade.organisms import organisms
    from mea_trade.records import LMO_USES, Shipment

    return st.builds(
        lambda organism, exporter, importer, date, lmo, transit: Shipment(
            organism, exporter=exporter, importer=importer, date=date, lmo=lmo, transit=transit
        ),
        st.sampled_from(list(organisms())),
        countries(),
        countries(),
        dates(min_value=min_date, max_value=max_date),
        st.none() | st.sampled_from(LMO_USES),
        st.lists(countries(), max_size=2).map(tuple),
    )


# ---------------------------------------------------- chemical conventions


def chemicals(*, kind: str | None = None) -> st.SearchStrategy[Any]:
    """Chemicals, families, product types of :mod:`mea_trade.chemicals`, optionally of a *kind*.

    >>> from hypothesis import find
    >>> find(chemicals(kind="product"), lambda c: "thermometer" in c.name).id
    'mercury-thermometer'
    """

    def build() -> st.SearchStrategy[Any]:
        from mea_trade.chemicals import KINDS
        from mea_trade.chemicals import chemicals as _chemicals

        _check(kind is None or kind in KINDS, f"kind={kind!r}: expected one of {', '.join(KINDS)}")
        return st.sampled_from(_chemicals(kind))

    return _lazy(build)


def chemical_names(*, of: st.SearchStrategy[Any] | None = None) -> st.SearchStrategy[str]:
    """Names a user might type for a chemical: its name, ISO name, synonyms, id or a CAS number.

    >>> import mea_trade as mt
    >>> from hypothesis import find
    >>> names = chemical_names(of=listed_chemicals(instrument="cwc"))
    >>> name = find(names, lambda n: n == "107-44-8")
    >>> mt.chemical(name).cas
    ('107-44-8',)
    """
    base = of if of is not None else chemicals()

    def spellings(chem: Any) -> st.SearchStrategy[str]:
        options = [chem.id, chem.name, *chem.synonyms, *chem.cas]
        if chem.iso_name:
            options.append(chem.iso_name)
        plain = st.sampled_from(options)
        return plain.flatmap(
            lambda text: (
                st.sampled_from([text, text.upper(), text.lower()])
                if not any(ch.isdigit() for ch in text[:1])
                else st.just(text)
            )
        )

    return base.flatmap(spellings)


#: The rooms of the chemical conventions (:func:`listed_chemicals`).
_CHEMICAL_ROOMS = ("rotterdam", "stockholm", "minamata", "cwc")


def _listed(instrument: str | None, list_: str | None) -> list[Any]:
    from mea_trade.chemicals import chemicals as _chemicals
    from mea_trade.listings import listings
    from mea_trade.registry import room

    known = {i for name in _CHEMICAL_ROOMS for i in room(name).instruments}
    _check(
        instrument is None or instrument in known,
        f"instrument={instrument!r}: expected one of {', '.join(sorted(known))}",
    )
    pool = []
    for chem in _chemicals():
        found = [
            x
            for x in listings(chem)
            if x.instrument in known
            and (instrument is None or x.instrument == instrument)
            and (list_ is None or x.list == list_)
        ]
        if found:
            pool.append(chem)
    _check(bool(pool), f"no bundled chemical is listed in {instrument} {list_}")
    return pool


def listed_chemicals(
    *,
    instrument: str | None = None,
    list: str | None = None,
) -> st.SearchStrategy[Any]:
    """Chemicals and product types that a bundled list of a chemical convention names.

    *instrument* is ``"rotterdam"``, ``"stockholm"``, ``"minamata"`` or ``"cwc"``;
    *list* an annex or schedule as :attr:`mea_trade.records.Listing.list` names it
    (``"Annex A"``, ``"Schedule 2"``). Members of listed families are included.

    >>> from hypothesis import find
    >>> pool = listed_chemicals(instrument="cwc", list="Schedule 2")
    >>> find(pool, lambda c: c.id == "thiodiglycol").cas
    ('111-48-8',)
    """
    return _lazy(lambda: st.sampled_from(_listed(instrument, list)))


def stockholm_chemicals(
    *, annex: str | None = None, exemptions: str | None = None
) -> st.SearchStrategy[Any]:
    """Chemicals of a Stockholm annex (``"A"``, ``"B"``, ``"C"``), by the kind of their exemptions.

    *exemptions* as in :attr:`mea_trade.stockholm.annexes.StockholmListing.exemptions`:
    ``"none"`` gives the Annex A chemicals for which no production or use exemption
    exists (Art. 3(2)(c)). Only listings whose date of entry into force is known.

    >>> from hypothesis import find
    >>> find(stockholm_chemicals(annex="A", exemptions="none"), lambda c: c.id == "endrin").cas
    ('72-20-8',)
    """

    def build() -> st.SearchStrategy[Any]:
        from mea_trade.chemicals import Chemical
        from mea_trade.stockholm.annexes import listings

        pool = sorted(
            {
                row.chemical
                for row in listings()
                if (annex is None or row.annex == annex)
                and (exemptions is None or row.exemptions == exemptions)
                and row.entry_into_force is not None
                and row.until is None
                and "entry" not in row.unverified
            }
        )
        _check(bool(pool), f"no Stockholm listing with annex={annex!r}, exemptions={exemptions!r}")
        return st.sampled_from([Chemical._get(c) for c in pool])

    return _lazy(build)


def cwc_chemicals(*, schedule: str | None = None) -> st.SearchStrategy[Any]:
    """Chemicals named in a Schedule of the Chemical Weapons Convention (``"1"``, ``"2"``, ``"3"``).

    Items and the chemicals named as their examples or members; not the exempted ones.

    >>> from hypothesis import find
    >>> find(cwc_chemicals(schedule="3"), lambda c: c.id == "phosgene").cas
    ('75-44-5',)
    """

    def build() -> st.SearchStrategy[Any]:
        from mea_trade.chemicals import Chemical
        from mea_trade.cwc.schedules import rows

        _check(
            schedule is None or schedule in ("1", "2", "3"),
            f"schedule={schedule!r}: expected '1', '2' or '3'",
        )
        pool = sorted(
            {
                r.chemical
                for r in rows()
                if r.row_type != "exemption" and (schedule is None or r.schedule == schedule)
            }
        )
        return st.sampled_from([Chemical._get(c) for c in pool])

    return _lazy(build)


def chemical_shipments(
    *,
    of: st.SearchStrategy[Any] | None = None,
    exporter: st.SearchStrategy[Any] | None = None,
    importer: st.SearchStrategy[Any] | None = None,
    min_date: dt.date = dt.date(1997, 1, 1),
    max_date: dt.date = dt.date(2035, 12, 31),
) -> st.SearchStrategy[Any]:
    """Shipments of the chemicals of the chemical conventions (by default any listed one).

    The commodity is given as the chemical itself, one of its names or a CAS
    number; purpose (a word of :data:`~mea_trade.records.PURPOSES`, or a CITES purpose
    code, which the chemical conventions read as no purpose given) and
    ``banned_by_exporter`` are drawn too. *exporter* and *importer* take strategies of
    countries.

    >>> from hypothesis import find
    >>> find(chemical_shipments(of=cwc_chemicals(schedule="1")), lambda s: True).commodity.kind
    'substance'
    """

    def build() -> st.SearchStrategy[Any]:
        _check(min_date <= max_date, f"min_date {min_date} is after max_date {max_date}")
        from mea_trade.records import PURPOSES, Shipment

        base = of if of is not None else listed_chemicals()
        commodity = base.flatmap(lambda c: st.one_of(st.just(c), chemical_names(of=st.just(c))))
        return st.builds(
            lambda item, exp, imp, date, purpose, banned: Shipment(
                item,
                exporter=exp,
                importer=imp,
                date=date,
                purpose=purpose,
                banned_by_exporter=banned,
            ),
            commodity,
            exporter if exporter is not None else countries(),
            importer if importer is not None else countries(),
            dates(min_value=min_date, max_value=max_date),
            st.none() | st.sampled_from(PURPOSES) | cites_codes(field="purpose"),
            st.sampled_from((None, True, False)),
        )

    return _lazy(build)


# ---------------------------------------------------------------- CITES


def _taxa_pools() -> dict[str, tuple[Any, ...]]:
    from mea_trade.cites.appendices import listing
    from mea_trade.cites.checklist import bundled

    book = bundled()
    pools: dict[str, list[Any]] = {"I": [], "II": [], "III": [], "none": []}
    for t in book:
        parts = {p.appendix for p in book.parts(t)}
        if not parts:
            pools["none"].append(t)
        elif len(parts) == 1:
            x = listing(t, on=book.as_of)
            if not x.split and x.appendix:
                pools[x.appendix].append(t)
    return {k: tuple(v) for k, v in pools.items()}


_POOLS: dict[str, tuple[Any, ...]] = {}


def _pool(key: str) -> tuple[Any, ...]:
    if not _POOLS:
        _POOLS.update(_taxa_pools())
    return _POOLS[key]


def taxa(*, listed: bool | None = None, appendix: str | None = None) -> st.SearchStrategy[Any]:
    """Taxa of the bundled CITES checklist (:class:`mea_trade.cites.Taxon`).

    *listed* True gives taxa in one appendix on the checklist's day (not split by
    population), False taxa the checklist holds but the Appendices leave out
    (``Agapornis roseicollis``, ...); *appendix* (``"I"``, ``"II"``, ``"III"``) one
    appendix.

    >>> from hypothesis import find
    >>> import mea_trade as mt
    >>> t = find(taxa(appendix="I"), lambda t: True)
    >>> mt.cites.listing(t, on="2017-04-21").appendix
    'I'
    """
    if appendix is not None and appendix not in ("I", "II", "III"):
        raise InvalidArgument(f"appendix must be 'I', 'II' or 'III', not {appendix!r}")
    if appendix is not None and listed is False:
        raise InvalidArgument("appendix= needs listed=True or None")
    if appendix is not None:
        keys = [appendix]
    elif listed is True:
        keys = ["I", "II", "III"]
    elif listed is False:
        keys = ["none"]
    else:
        keys = ["I", "II", "III", "none"]
    return st.one_of([st.sampled_from(_pool(k)) for k in keys])


def cites_codes(*, field: str) -> st.SearchStrategy[str]:
    """CITES purpose or source codes (``field="purpose"`` or ``"source"``).

    >>> from hypothesis import find
    >>> find(cites_codes(field="purpose"), lambda c: c == "T")
    'T'
    """
    from mea_trade.records import purpose_codes, source_codes

    if field not in ("purpose", "source"):
        raise InvalidArgument(f"field must be 'purpose' or 'source', not {field!r}")
    table = purpose_codes() if field == "purpose" else source_codes()
    return st.sampled_from(sorted(table))


def specimens(
    *, listed: bool | None = None, appendix: str | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """Specimens as the keyword fields of a :class:`~mea_trade.records.Shipment`.

    A dictionary with ``commodity`` (a taxon), ``source``, ``purpose`` and ``origin``
    (a country or None), to pass as ``Shipment(**specimen, exporter=..., ...)``.

    >>> from hypothesis import find
    >>> sorted(find(specimens(), lambda s: True))
    ['commodity', 'origin', 'purpose', 'source']
    """
    return st.fixed_dictionaries(
        {
            "commodity": taxa(listed=listed, appendix=appendix),
            "source": st.none() | cites_codes(field="source"),
            "purpose": st.none() | cites_codes(field="purpose"),
            "origin": st.none() | countries(),
        }
    )


def cites_shipments(
    *,
    appendix: str | None = None,
    purpose: str | None = None,
    source: str | None = None,
    min_date: dt.date = dt.date(2017, 4, 21),
    max_date: dt.date = dt.date(2027, 12, 31),
) -> st.SearchStrategy[Any]:
    """Shipments of CITES specimens between two states (possibly non-Parties).

    *appendix*, *purpose* and *source* fix those parts; the date range defaults to
    the bundled checklist's day and after.

    >>> from hypothesis import find
    >>> s = find(cites_shipments(appendix="I", purpose="T", source="W"), lambda s: True)
    >>> s.purpose, s.source
    ('T', 'W')
    """
    from mea_trade.records import Shipment

    def build(spec: dict[str, Any], exporter: Any, importer: Any, day: dt.date, re: bool) -> Any:
        return Shipment(
            spec["commodity"],
            exporter=exporter,
            importer=importer,
            date=day,
            purpose=purpose if purpose is not None else spec["purpose"],
            source=source if source is not None else spec["source"],
            origin=spec["origin"],
            re_export=re,
        )

    return st.builds(
        build,
        specimens(listed=True if appendix else None, appendix=appendix),
        countries(),
        countries(),
        dates(min_value=min_date, max_value=max_date),
        st.booleans(),
    )


def _any_mixtures() -> st.SearchStrategy[Mixture]:
    return st.one_of(bundled_mixtures(), mixtures())


def _assessments() -> st.SearchStrategy[Assessment]:
    from mea_trade.assessment import assess

    return shipments().map(assess)


def register_type_strategies() -> None:
    """Register strategies for the public record types with ``st.from_type``.

    Hypothesis does it itself through the package's ``hypothesis`` entry point, so
    ``st.from_type(mt.Shipment)`` works as soon as both are installed; calling it
    again does no harm.

    >>> import mea_trade as mt
    >>> from hypothesis import find, strategies as st
    >>> find(st.from_type(mt.Shipment), lambda s: True).exporter.kind
    'state'
    """
    from mea_trade.testing import _hypothesis_setup_hook

    _hypothesis_setup_hook()
