"""Hypothesis strategies for mea_trade's types, for property-based tests.

All arguments are keyword-only and validated. The strategies draw from the
bundled catalog, so they generate only valid values.

>>> from hypothesis import find, given
>>> from mea_trade.testing import strategies as mts
>>> @given(mts.mixtures(max_components=3))
... def test_odp_is_weighted_sum(m):
...     assert m.odp <= max(c.substance.odp for c in m.components) + 1e-12
>>> test_odp_is_weighted_sum()
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from mea_trade.catalog import MONTREAL_ANNEX_GROUPS, Mixture, Substance
from mea_trade.catalog import mixtures as _bundled_mixtures
from mea_trade.catalog import substances as _substances
from mea_trade.errors import InvalidArgumentError

__all__ = [
    "bundled_mixtures",
    "cites_codes",
    "cites_shipments",
    "countries",
    "dates",
    "hfc_mixtures_near_thresholds",
    "hs_codes",
    "instruments",
    "lmo_shipments",
    "masses",
    "mixtures",
    "names",
    "party_classes",
    "report_lines",
    "report_series",
    "reports",
    "shipments",
    "specimens",
    "substances",
    "taxa",
    "waste_codes",
    "waste_shipments",
]


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
    if annex_group is not None and annex_group not in MONTREAL_ANNEX_GROUPS:
        raise InvalidArgumentError(
            f"annex_group={annex_group!r}: expected one of {', '.join(MONTREAL_ANNEX_GROUPS)}"
        )
    pool = [
        s
        for s in _substances(controlled=controlled)
        if annex_group is None or s.annex_group == annex_group
    ]
    return st.sampled_from(pool)


def names(*, of: st.SearchStrategy[Substance] | None = None) -> st.SearchStrategy[str]:
    """Names a user might type for a substance, in random case and with random separators.

    Drawn from its name, synonyms, ASHRAE number and CAS number.

    >>> import mea_trade as mt
    >>> from hypothesis import find
    >>> name = find(names(of=substances(annex_group="F/II")), lambda n: n.islower())
    >>> mt.substance(name).name
    'HFC-23'
    """
    base = of if of is not None else substances()

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

    return base.flatmap(spellings)


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
    if not 1 <= min_components <= max_components:
        raise InvalidArgumentError(
            f"need 1 <= min_components <= max_components, got {min_components}, {max_components}"
        )
    base = of if of is not None else substances()

    @st.composite
    def build(draw: Any) -> Mixture:
        subs = draw(st.lists(base, min_size=min_components, max_size=max_components, unique=True))
        weights = draw(
            st.lists(
                st.integers(min_value=1, max_value=1000), min_size=len(subs), max_size=len(subs)
            )
        )
        total = sum(weights)
        return Mixture.from_mass_fractions(
            {s: w / total for s, w in zip(subs, weights, strict=True)}
        )

    return build()


def bundled_mixtures(*, annex_group: str | None = None) -> st.SearchStrategy[Mixture]:
    """The bundled ASHRAE blends, optionally those with a component in *annex_group*.

    >>> from hypothesis import find
    >>> find(bundled_mixtures(annex_group="A/I"), lambda m: True)
    Mixture('R-500')
    """
    return st.sampled_from(list(_bundled_mixtures(annex_group=annex_group)))


def masses(
    *, min_value: float = 0.0, max_value: float = 1e6, units: tuple[str, ...] = ("kg", "t", "g")
) -> st.SearchStrategy[Any]:
    """Non-negative finite masses as quantities of the library's registry (magnitudes in *units*).

    >>> from hypothesis import find
    >>> print(f"{find(masses(max_value=10), lambda q: q.magnitude > 1):~}")
    2.0 kg
    """
    if not 0 <= min_value <= max_value:
        raise InvalidArgumentError(
            f"need 0 <= min_value <= max_value, got {min_value}, {max_value}"
        )
    from mea_trade.units import get_registry

    registry = get_registry()
    return st.builds(
        lambda value, unit: registry.Quantity(value, unit),
        st.floats(min_value=min_value, max_value=max_value, allow_nan=False, allow_infinity=False),
        st.sampled_from(units),
    )


def countries(*, kind: str | None = "state") -> st.SearchStrategy[Any]:
    """Bundled countries (by default states and territories; ``kind=None`` for all).

    >>> from hypothesis import find
    >>> find(countries(kind="reio"), lambda c: True).alpha2
    'EU'
    """
    from mea_trade.countries import all_countries

    return st.sampled_from(list(all_countries(kind=kind)))


def instruments(*, with_parties: bool = False) -> st.SearchStrategy[Any]:
    """Bundled instruments; ``with_parties=True`` keeps those with participation data.

    >>> from hypothesis import find
    >>> find(instruments(), lambda i: i.id == "kigali").parent
    'montreal'
    """
    from mea_trade.instruments import all_instruments

    pool = list(all_instruments())
    if with_parties:
        from mea_trade.parties import coverage

        covered = coverage()
        pool = [i for i in pool if i.id in covered]
    return st.sampled_from(pool)


def dates(
    *, min_value: dt.date = dt.date(1970, 1, 1), max_value: dt.date = dt.date(2030, 12, 31)
) -> st.SearchStrategy[dt.date]:
    """Dates in a range that covers every bundled instrument's history.

    >>> from hypothesis import find
    >>> find(dates(), lambda d: d.year == 2019).year
    2019
    """
    if min_value > max_value:
        raise InvalidArgumentError(f"min_value {min_value} is after max_value {max_value}")
    return st.dates(min_value=min_value, max_value=max_value)


def hs_codes(
    *, edition: str = "HS2022", chapters: tuple[str, ...] | None = None
) -> st.SearchStrategy[Any]:
    """Valid HS codes of an edition, with or without national digits.

    >>> from hypothesis import find
    >>> find(hs_codes(chapters=("29",)), lambda c: c.heading == "2903").chapter
    '29'
    """
    from mea_trade.hs import _TABLES, HSCode, _edition

    ed = _edition(edition)
    pool = sorted(c for c in _TABLES.get().codes[ed] if chapters is None or c[:2] in chapters)
    if not pool:
        raise InvalidArgumentError(f"no {ed} subheadings in chapters {chapters!r}")
    national = st.sampled_from(["", "00", "0010", "100000"])
    return st.builds(
        lambda sub, nat: HSCode(subheading=sub, edition=ed, national=nat),
        st.sampled_from(pool),
        national,
    )


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
    def build(draw: Any) -> Mixture:
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
    from mea_trade.montreal.controls import PARTY_CLASSES, _group

    if group is not None and _group(group) == "F":
        return st.sampled_from(("NA5G1", "NA5G2", "A5G1", "A5G2"))
    return st.sampled_from(PARTY_CLASSES)


_AMOUNT = st.one_of(
    st.just(0.0),
    st.floats(min_value=0.0, max_value=1e6, allow_nan=False, allow_infinity=False),
)


def report_lines(*, annex_group: str | None = None) -> st.SearchStrategy[Any]:
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
) -> st.SearchStrategy[Any]:
    """Valid :class:`mea_trade.montreal.Report` objects for one year.

    >>> from hypothesis import find
    >>> find(reports(year=2020), lambda r: len(r.lines) > 1).year
    2020
    """
    from mea_trade.montreal import Report

    years = st.just(year) if year is not None else st.integers(min_value=1986, max_value=2050)
    return st.builds(
        lambda y, lines: Report(year=y, lines=lines),
        years,
        st.lists(report_lines(annex_group=annex_group), max_size=max_lines),
    )


def report_series(
    *, first: int = 2009, last: int = 2012, annex_group: str | None = None
) -> st.SearchStrategy[Any]:
    """A mapping year -> Report for every year from *first* to *last*.

    >>> from hypothesis import find
    >>> sorted(find(report_series(first=2009, last=2010), lambda s: True))
    [2009, 2010]
    """
    if first > last:
        raise InvalidArgumentError(f"first ({first}) must not be after last ({last})")
    return st.fixed_dictionaries(
        {y: reports(year=y, annex_group=annex_group, max_lines=4) for y in range(first, last + 1)}
    )


def shipments(
    *,
    min_date: dt.date = dt.date(1985, 1, 1),
    max_date: dt.date = dt.date(2040, 12, 31),
    hs_codes_too: bool = True,
) -> st.SearchStrategy[Any]:
    """Valid :class:`mea_trade.assessment.Shipment` objects.

    Commodities are bundled substances (controlled or not), bundled blends,
    random mixtures and, with *hs_codes_too*, HS codes; countries are any two
    states (possibly the same), with optional state, end use, transit and form
    (bulk, container or product).

    >>> from hypothesis import find
    >>> find(shipments(), lambda s: s.transit != ()).transit[0].kind
    'state'
    """
    from mea_trade.assessment import END_USES, STATES, Shipment
    from mea_trade.records import FORMS

    commodities = [substances(), bundled_mixtures(), mixtures(max_components=3)]
    if hs_codes_too:
        commodities.append(hs_codes(chapters=("29", "38")))
    return st.builds(
        lambda commodity, exporter, importer, date, quantity, state, end_use, transit, form: (
            Shipment(
                commodity,
                exporter=exporter,
                importer=importer,
                date=date,
                quantity=quantity,
                state=state,
                end_use=end_use,
                transit=transit,
                form=form,
            )
        ),
        st.one_of(commodities),
        countries(),
        countries(),
        dates(min_value=min_date, max_value=max_date),
        st.none() | masses(max_value=1e5),
        st.none() | st.sampled_from(STATES),
        st.none() | st.sampled_from(END_USES),
        st.lists(countries(), max_size=2).map(tuple),
        st.none() | st.sampled_from(FORMS),
    )


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
        raise InvalidArgumentError(f"kinds: unknown {sorted(unknown)}; expected some of {KINDS}")
    if not set(wanted) <= set(KINDS) - {"characteristic", "disposal", "recovery"}:
        raise InvalidArgumentError("kinds: characteristics and operations are not waste codes")
    pool = sorted(
        {e.code for e in entries(on=on) if e.kind in wanted and (on is None or e.in_effect(on))}
    )
    if not pool:
        raise InvalidArgumentError(f"no entries of kinds {wanted} in effect on {on}")
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
        raise InvalidArgumentError(f"appendix must be 'I', 'II' or 'III', not {appendix!r}")
    if appendix is not None and listed is False:
        raise InvalidArgumentError("appendix= needs listed=True or None")
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
        raise InvalidArgumentError(f"field must be 'purpose' or 'source', not {field!r}")
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
