"""The records every treaty room reads and produces: shipments, findings and listings.

A rule module (one per treaty room) reads a :class:`Shipment` and returns
findings: a :class:`Requirement` (a licence, permit, consent or notification,
and which side must hold it), a :class:`Prohibition`, or a :class:`Note`. A
listings provider returns :class:`Listing` records. These types live in the
foundation so that a treaty room never imports the layer above it
(:mod:`mea_trade.assessment`, which runs the rule modules, or
:mod:`mea_trade.listings`, which asks every provider).

>>> s = Shipment("HCFC-22", exporter="CN", importer="GH", date="2024-05-01")
>>> s.commodity.name, s.exporter.alpha2, s.date.isoformat()
('HCFC-22', 'CN', '2024-05-01')
"""

from __future__ import annotations

import copy
import datetime as _dt
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar, Union, cast

import attrs

from mea_trade._data import Lazy
from mea_trade._dates import as_date, in_period
from mea_trade.citations import Citation
from mea_trade.countries import Country
from mea_trade.countries import get as _country
from mea_trade.errors import (
    InvalidArgumentError,
    MeaTradeError,
    _shorten,
)

if TYPE_CHECKING:
    import pint

    from mea_trade.catalog import Mixture, Substance
    from mea_trade.chemicals import Chemical
    from mea_trade.hs import HSCode
    from mea_trade.organisms import Organism
    from mea_trade.wastes import Waste

__all__ = [
    "ASSESSED",
    "CHECK",
    "END_USES",
    "EXEMPTIONS",
    "FORMS",
    "LMO_USES",
    "PRODUCT_CHAPTERS",
    "PURPOSES",
    "QUICK",
    "QUICK_RE2",
    "SHIPMENT_FIELDS",
    "STATES",
    "Commodity",
    "Finding",
    "Listing",
    "ListingQuery",
    "Note",
    "Prohibition",
    "Requirement",
    "RuleModule",
    "Shipment",
    "TaxonLike",
    "purpose_codes",
    "read_composition",
    "register_commodity_reader",
    "source_codes",
    "term_codes",
]

T = TypeVar("T")

#: Physical state of the goods (Art. 4B covers all four).
STATES: tuple[str, ...] = ("new", "used", "recycled", "reclaimed")
#: Declared end uses that change how the goods count or which rules apply.
END_USES: tuple[str, ...] = (
    "feedstock",
    "destruction",
    "quarantine_pre_shipment",
    "essential_use",
    "critical_use",
    "laboratory_use",
    "process_agent",
    "servicing",
    "human_pharmaceutical",
)
#: How the goods travel. ``"bulk"``: the substance or mixture as such (drums, tanks,
#: bulk cargo); ``"container"``: in a container used for its transportation or storage
#: (a cylinder or can of refrigerant), still a controlled substance; ``"product"``: in a
#: manufactured product or equipment (a pre-charged air conditioner, a refrigerator,
#: insulation foam), which Article 1(4) of the Montreal Protocol excludes from
#: "controlled substance".
FORMS: tuple[str, ...] = ("bulk", "container", "product")
#: HS chapters whose goods are read as products or equipment when no form is given
#: (84: machinery and mechanical appliances; 85: electrical machinery and equipment).
PRODUCT_CHAPTERS: frozenset[str] = frozenset({"84", "85"})
#: What a declaration says of living modified organisms in it (Cartagena Protocol):
#: for intentional introduction into the environment (Art. 7), for direct use as food
#: or feed or for processing (Art. 11), or destined for contained use (Art. 6(2)).
LMO_USES: tuple[str, ...] = ("release", "food_feed_processing", "contained_use")
#: Exemptions a declaration may claim under Article VII of CITES (see :class:`Shipment`).
EXEMPTIONS: tuple[str, ...] = (
    "personal_effects",
    "scientific_exchange",
    "travelling_exhibition",
)
#: Declared purposes of a movement, for the conventions whose rules depend on it:
#: ``disposal`` (environmentally sound disposal: Stockholm Art. 3(2)(a)(i) and (b)(i);
#: wastes are outside the Rotterdam Convention, Art. 3(2)(c)); ``interim_storage``
#: (environmentally sound interim storage of mercury, Minamata Art. 3(6), Art. 10);
#: ``use`` (the goods will be used); ``laboratory`` (laboratory-scale research or a
#: reference standard: Stockholm Art. 3(5), Minamata Art. 3(2)(a), Rotterdam Art.
#: 3(2)(h)); ``research``, ``medical``, ``pharmaceutical``, ``protective`` (the
#: purposes of CWC Verification Annex Part VI, paragraph 2); ``military`` and
#: ``civil_protection`` (Minamata Annex A, exclusion a).
PURPOSES: tuple[str, ...] = (
    "disposal",
    "interim_storage",
    "use",
    "laboratory",
    "research",
    "medical",
    "pharmaceutical",
    "protective",
    "military",
    "civil_protection",
)


class TaxonLike(Protocol):
    """A commodity that is a taxon (a CITES taxon): what the foundation needs to know of it."""

    name: str
    rank: str
    commodity_kind: str

    def __hash__(self) -> int:  # pragma: no cover - protocol
        """Taxa are hashable (cached lookups)."""
        ...


Commodity = Union["Substance", "Mixture", "HSCode", "Chemical", "Waste", "Organism", TaxonLike]

#: Readers of commodity texts that the catalog does not know (``"module:function"`` or a
#: callable ``text -> commodity | None``), tried in order. The top of the library
#: (:mod:`mea_trade.registry`) registers each treaty room's reader, so that the foundation
#: never imports a room.
_READERS: list[str | Callable[[str], object]] = []


def register_commodity_reader(reader: str | Callable[[str], object]) -> None:
    """Add a reader of commodity texts, tried when the catalog does not know a text.

    A reader returns the commodity, or None when the text is not one of its names; it
    may raise :class:`~mea_trade.errors.UnknownNameError` with suggestions.
    """
    if reader not in _READERS:
        _READERS.append(reader)
        _commodity_text.cache_clear()


def _readers() -> list[Callable[[str], object]]:
    import importlib

    out = []
    for reader in _READERS:
        if isinstance(reader, str):
            module, _, name = reader.partition(":")
            out.append(getattr(importlib.import_module(module), name))
        else:
            out.append(reader)
    return out


#: An HS code as files write it: a subheading, then national digits in up to three groups
#: (``"2903.71"``, ``"290371"``, ``"3827.61.0010"``, ``"2903.71.10.00.00"``, as HSCode prints).
_HS_LIKE = re.compile(r"^\s*\d{4}(?:[.\s]?\d{2})(?:[.\s]?\d{1,6}){0,3}\s*$")


def _commodity(value: object) -> Commodity:
    if isinstance(value, str):
        if len(value) <= 200:
            return _commodity_text(value)
        return _read_commodity(value)
    from mea_trade.catalog import Mixture, Substance
    from mea_trade.chemicals import Chemical
    from mea_trade.hs import HSCode
    from mea_trade.organisms import Organism
    from mea_trade.wastes import Waste, WasteCode

    if isinstance(value, (Substance, Mixture, HSCode, Chemical, Waste, Organism)):
        return value
    if isinstance(value, WasteCode):
        return Waste((value,))
    if (
        isinstance(value, (tuple, list))
        and value
        and all(isinstance(v, (str, WasteCode)) for v in value)
    ):
        return Waste.of(value)
    if isinstance(getattr(type(value), "commodity_kind", None), str):
        return value  # type: ignore[return-value]
    raise InvalidArgumentError(
        "expected a substance, mixture, chemical, product, taxon, name, CAS number, HS code, "
        f"waste code or organism as commodity, not {type(value).__name__}: {_shorten(value)}"
    )


class _Failures:
    """The errors of texts that could not be read, by text (a bounded table).

    A file that repeats an unreadable text does not pay for the close-match
    suggestions again: each repeat raises a fresh copy of the first error.
    """

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._errors: dict[str, MeaTradeError] = {}

    def read(self, text: str, reader: Callable[[str], T]) -> T:
        known = self._errors.get(text)
        if known is not None:
            raise copy.copy(known)
        try:
            return reader(text)
        except MeaTradeError as exc:
            if len(self._errors) >= self._size:
                self._errors.clear()
            self._errors[text] = exc
            raise


_COMMODITY_FAILURES = _Failures()
_COUNTRY_FAILURES = _Failures()


@functools.lru_cache(maxsize=4096)
def _commodity_text(value: str) -> Commodity:
    """Cached reading of the commodity texts a file repeats (errors are kept apart)."""
    return _COMMODITY_FAILURES.read(value, _read_commodity)


_PART = re.compile(
    r"\s*(?P<name>[^%]+?)(?:\s*[:=]\s*|\s+)(?P<pct>\d+(?:[.,]\d+)?)\s*%\s*(?:[,;/+]\s*|$)"
)


def _looks_like_hs(value: str) -> bool:
    return bool(_HS_LIKE.match(value)) and not re.match(r"^\s*\d{2,7}-\d{2}-\d\s*$", value)


def _read_commodity(value: str) -> Commodity:
    """Read a commodity text, trying each reader in order.

    A composition in per cent, an HS code, waste list codes, a catalog substance or
    blend, an organism, a chemical or product of :mod:`mea_trade.chemicals`, then the
    readers the rooms registered (:func:`register_commodity_reader`).
    """
    from mea_trade import chemicals
    from mea_trade.catalog import lookup
    from mea_trade.errors import UnknownCommodityError, UnknownNameError
    from mea_trade.hs import HSCode
    from mea_trade.wastes import Waste, looks_like_waste

    if "%" in value:
        return read_composition(value)
    if _looks_like_hs(value):
        return HSCode.parse(value)
    if looks_like_waste(value):
        return Waste.parse(value)
    try:
        return lookup(value)
    except UnknownCommodityError as first:
        from mea_trade.organisms import find

        organism = find(value)
        if organism is not None:
            return organism
        chemical = chemicals.find(value)
        if chemical is not None:
            return chemical
        suggestions = [*first.suggestions, *chemicals.suggest(value)]
        for reader in _readers():
            try:
                found = reader(value)
            except UnknownNameError as exc:
                suggestions += list(exc.suggestions)
                continue
            if found is not None:
                return found  # type: ignore[return-value]
        raise UnknownCommodityError(value, list(dict.fromkeys(suggestions))[:4]) from None


class _HSText(str):
    """An HS code as text, read in :meth:`Shipment.__attrs_post_init__` once the date is known."""

    __slots__ = ()


@functools.lru_cache(maxsize=4096)
def _shipment_text(value: str) -> Commodity | _HSText:
    if _looks_like_hs(value):
        return _HSText(value)
    # text that looks like no HS code never reads as one; an unreadable text's error is
    # remembered (a file that repeats it does not pay for the close matches again)
    return _COMMODITY_FAILURES.read(value, _read_commodity)


def _reading_boundaries(commodity: object) -> tuple[tuple[_dt.date, ...], ...]:
    """The dates at which the reading of a converted commodity may change with the date.

    An HS code given as text is read in the edition in force on the shipment's date
    (:meth:`Shipment.__attrs_post_init__`): the editions' dates. Nothing else depends on it.
    """
    if isinstance(commodity, _HSText):
        from mea_trade.hs import edition_starts

        return (edition_starts(),)
    return ()


def _shipment_commodity(value: object) -> Commodity:
    """A shipment's commodity; an HS code given as text waits for the date (its edition)."""
    if isinstance(value, str) and len(value) <= 200:
        return cast("Commodity", _shipment_text(value))
    return _commodity(value)


def read_composition(text: str) -> Mixture:
    """Read an unnamed mixture declared by its composition in mass per cent.

    Components are a name (anything :func:`mea_trade.substance` reads), a space or
    a colon, and a percentage with a point or a comma, separated by commas,
    semicolons, slashes or plus signs; the percentages must sum to 100 (within
    0.01 percentage points). This is also how an unnamed
    :class:`~mea_trade.catalog.Mixture` prints.

    Raises:
        InvalidCompositionError: text that is not such a list, or percentages that do
            not sum to 100.
        UnknownSubstanceError: a component name is unknown.

    >>> m = read_composition("HFC-32 50%, HFC-125 50%")
    >>> m.gwp(), str(m)
    (2087.5, 'HFC-32 50% / HFC-125 50%')
    >>> read_composition(str(m)) == m
    True
    """
    from mea_trade.catalog import Mixture
    from mea_trade.errors import InvalidCompositionError

    parts: dict[str, float] = {}
    position = 0
    stripped = text.strip()
    while position < len(stripped):
        match = _PART.match(stripped, position)
        if match is None or match.end() == position:
            raise InvalidCompositionError(
                f"cannot read the composition {_shorten(text)} after {position} characters: "
                "expected components such as 'HFC-32 50%, HFC-125 50%'"
            )
        name = match["name"].strip()
        if name in parts:
            raise InvalidCompositionError(f"{name!r} is listed twice in {_shorten(text)}")
        parts[name] = float(match["pct"].replace(",", "."))
        position = match.end()
    if not parts:
        raise InvalidCompositionError(f"no components in {_shorten(text)}")
    mixture = Mixture.from_mass_fractions(parts)
    total = sum(parts.values())
    if abs(total - 100.0) > 0.01:
        raise InvalidCompositionError(
            f"the percentages of {_shorten(text)} sum to {total:g}; expected 100"
        )
    return mixture


def _party(value: object) -> Country:
    if isinstance(value, Country):
        return value
    if isinstance(value, str) and len(value) <= 200:
        return _COUNTRY_FAILURES.read(value, _country)
    return _country(value)  # type: ignore[arg-type]


def _quantity(value: object) -> pint.Quantity[Any] | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    from mea_trade.units import mass

    return mass(value)  # text read by units.parse_mass; another registry's quantity converted


def _check_quantity(value: object) -> None:
    """Raise what :func:`_quantity` raises for *value*, without making a pint quantity of text.

    Batch screening checks each distinct quantity of a file with it: no rule module reads
    the quantity (:data:`ASSESSED`), so a text is only parsed (:func:`~mea_trade.units.parse_mass`).
    """
    if isinstance(value, str):
        if value.strip():
            from mea_trade.units import _reads

            _reads(value)
        return
    _quantity(value)


def _quick_quantity() -> object:
    from mea_trade.units import _SIMPLE

    return _SIMPLE


def _quick_quantity_re2() -> tuple[str, ...]:
    from mea_trade.units import _ASCII_RE2, _SIMPLE_RE2

    return (_SIMPLE_RE2, _ASCII_RE2)


#: Key of a :class:`Shipment` field's metadata: False for the fields no bundled rule module
#: reads (the quantity, the reference), so that shipments differing only in them are assessed
#: once. A field without the key is read by the rules (the safe default for a new field).
ASSESSED = "mea_trade.assessed"
#: Key of a field's metadata: a function that raises what the field's converter raises,
#: more cheaply (used for the fields that are not :data:`ASSESSED`).
CHECK = "mea_trade.check"
#: Key of a field's metadata: a compiled pattern; a text it matches whole passes the
#: field's check (batch screening tests a column's texts with it first, at once).
QUICK = "mea_trade.quick"
#: Key of a field's metadata: RE2 patterns (for Arrow); a text all of them match passes
#: the field's check, as one that :data:`QUICK` matches whole and that has no surrounding
#: whitespace (batch screening tests a column's distinct texts with them in C first).
QUICK_RE2 = "mea_trade.quick_re2"


def _transit(value: object) -> tuple[Country, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, Country)):
        value = (value,)
    if not isinstance(value, Iterable):
        raise InvalidArgumentError(f"transit must be countries, not {_shorten(value)}")
    return tuple(_party(v) for v in value)


def _choice(value: object, allowed: tuple[str, ...], what: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        if key in allowed:
            return key
    raise InvalidArgumentError(
        f"unknown {what} {_shorten(value)}; expected one of {', '.join(allowed)}"
    )


def _state(value: object) -> str | None:
    return _choice(value, STATES, "state")


def _end_use(value: object) -> str | None:
    return _choice(value, END_USES, "end use")


_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0"})


def _yes_no(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text == "":
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise InvalidArgumentError(
        f"expected yes or no (True, False, 'yes', 'no', 'true', 'false', '1', '0') or nothing, "
        f"not {_shorten(value)}"
    )


def _form(value: object) -> str | None:
    return _choice(value, FORMS, "form")


def _lmo(value: object) -> str | None:
    return _choice(value, LMO_USES, "LMO use")


def _operation(value: object) -> str | None:
    from mea_trade.wastes import parse_operation

    return parse_operation(value)


def _characteristics(value: object) -> tuple[str, ...]:
    from mea_trade.wastes import parse_characteristics

    return parse_characteristics(value)


def _exemption(value: object) -> str | None:
    return _choice(value, EXEMPTIONS, "exemption")


def _codes(field: str) -> dict[str, tuple[str, bool]]:
    return _CODES.get()[field]


def _load_codes() -> dict[str, dict[str, tuple[str, bool]]]:
    from mea_trade._data import read_csv

    out: dict[str, dict[str, tuple[str, bool]]] = {"purpose": {}, "source": {}, "term": {}}
    for row in read_csv("cites/trade_codes.csv"):
        out[row["field"]][row["code"]] = (row["description"], row["verified"] == "1")
    return out


def purpose_codes() -> dict[str, str]:
    """The CITES purpose codes and what they mean (``{"T": "Commercial", ...}``).

    >>> sorted(purpose_codes())
    ['B', 'E', 'G', 'H', 'L', 'M', 'N', 'P', 'Q', 'S', 'T', 'Z']
    """
    return {k: v for k, (v, _) in _codes("purpose").items()}


def source_codes() -> dict[str, str]:
    """The CITES source codes and what they mean (``{"W": "Specimens taken from the wild.", ...}``).

    >>> sorted(source_codes())
    ['A', 'C', 'D', 'F', 'I', 'O', 'R', 'U', 'W', 'X', 'Y']
    """
    return {k: v for k, (v, _) in _codes("source").items()}


def _code(field: str) -> Callable[[object], str | None]:
    def convert(value: object) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, str):
            code = value.strip().upper()
            if code in _codes(field):
                return code
        raise InvalidArgumentError(
            f"unknown CITES {field} code {_shorten(value)}; expected one of "
            f"{', '.join(sorted(_codes(field)))}"
        )

    return convert


def _purpose(value: object) -> str | None:
    """A CITES purpose code (one letter, stored upper-case) or a :data:`PURPOSES` word."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 1 and text.upper() in _codes("purpose"):
            return text.upper()
        key = text.lower().replace("-", "_").replace(" ", "_")
        if key in PURPOSES:
            return key
    raise InvalidArgumentError(
        f"unknown purpose {_shorten(value)}; expected a CITES purpose code (one of "
        f"{', '.join(sorted(_codes('purpose')))}) or a declared purpose (one of "
        f"{', '.join(PURPOSES)})"
    )


def term_codes() -> dict[str, str]:
    """The CITES term codes the library knows and what they describe (``{"LIV": "live", ...}``).

    From the UNEP-WCMC trade database codebook as of 2012 (flagged unverified); a
    shipment may carry a newer term that is not in it.

    >>> term_codes()["LIV"], term_codes()["SKI"]
    ('live', 'skins')
    """
    return {k: v for k, (v, _) in _codes("term").items()}


_TERM = re.compile(r"^[A-Z]{3}$")


def _term(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        code = value.strip().upper()
        if _TERM.match(code):
            return code
    raise InvalidArgumentError(
        f"expected a CITES term code of three letters (LIV, SKI, TIM, ...), not {_shorten(value)}"
    )


def _source(value: object) -> str | None:
    return _code("source")(value)


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if value is None or value == "":
        return False
    if isinstance(value, str) and value.strip().lower() in {
        "1",
        "true",
        "yes",
        "y",
        "0",
        "false",
        "no",
        "n",
    }:
        return value.strip().lower() in {"1", "true", "yes", "y"}
    if isinstance(value, int):
        return bool(value)
    raise InvalidArgumentError(f"expected a yes/no value, not {_shorten(value)}")


def _optional_party(value: object) -> Country | None:
    if value is None or value == "":
        return None
    return _party(value)


@attrs.frozen(repr=False)
class Shipment:
    """One declaration line: what moves, from where to where, when, and how much.

    Args:
        commodity: a :class:`~mea_trade.catalog.Substance`, a
            :class:`~mea_trade.catalog.Mixture`, a name, ASHRAE number or CAS number
            (looked up with :func:`mea_trade.lookup`), a composition in mass per cent
            (``"HFC-32 50%, HFC-125 50%"``, read by :func:`read_composition`), or an
            HS code (``"2903.71"``, a national code, or an :class:`~mea_trade.hs.HSCode`).
        exporter, importer: countries (ISO codes or names).
        date: date of the movement (a :class:`datetime.date` or ISO string).
        quantity: the mass, optional: a pint quantity (of any registry: it is
            converted to the library's) or a text such as ``"500 kg"`` or ``"1,5 t"``
            (read by :func:`mea_trade.units.parse_mass`).
        state: ``"new"``, ``"used"``, ``"recycled"`` or ``"reclaimed"``, optional.
        end_use: one of :data:`END_USES`, optional.
        transit: countries crossed on the way, optional.
        reference: the declaration's own identifier, kept in the results.
        form: how the goods travel, one of :data:`FORMS`: ``"bulk"``, ``"container"``
            (both are controlled substances) or ``"product"`` (in a manufactured product
            or equipment, which Article 1(4) of the Montreal Protocol excludes). Optional:
            when it is not given, an HS code of chapter 84 or 85 (:data:`PRODUCT_CHAPTERS`)
            is read as a product, and anything else as the substance itself.

        operation: for a waste, the Annex IV operation it is destined for (Basel
            Convention): ``"D1"`` ... ``"D15"`` (disposal) or ``"R1"`` ... ``"R13"``
            (recovery); ``"R04"`` reads as ``"R4"``. Optional.
        characteristics: for a waste, the Annex III hazard codes it exhibits
            (``("H6.1", "H11")`` or ``"H6.1, H11"``), as declared; empty when not declared.
        lmo: for an organism, what the declaration says of living modified organisms in
            it: one of :data:`LMO_USES`, or None (not declared).
        purpose: what the goods are moved for, optional, in either of two vocabularies:
            a CITES purpose code of the transaction (one letter, ``"T"`` commercial,
            ``"P"`` personal, ``"S"`` scientific, ...; :func:`purpose_codes`; stored
            upper-case), or one of the :data:`PURPOSES` words the Stockholm, Minamata,
            Rotterdam and Chemical Weapons Conventions ask about (``"disposal"``,
            ``"laboratory"``, ``"research"``, ...; stored as the word). Anything else
            raises :class:`~mea_trade.errors.InvalidArgumentError`. Each room reads only
            the vocabulary it knows: the CITES rules read a word as no CITES purpose
            given, and the chemical conventions read a CITES code as no purpose given
            (:attr:`stated_purpose` is None for it).
        source: the CITES source code of the specimen (``"W"`` wild, ``"C"`` bred in
            captivity, ``"A"`` artificially propagated, ``"D"``, ``"O"`` pre-Convention,
            ``"X"`` taken at sea, ...; :func:`source_codes`), optional.
        re_export: True when the specimen was imported earlier into the exporting
            country (a re-export, CITES Art. I(d)).
        origin: the country where the specimen was taken from the wild or produced
            (decides split listings and Appendix III certificates of origin), optional.
        term: the CITES term code of the specimens (``"LIV"`` live, ``"SKI"`` skins,
            ``"TIM"`` timber, ...; :func:`term_codes`), optional: three letters; a code the
            bundled 2012 list lacks is kept and noted.
        exemption: an Article VII exemption the declaration claims:
            ``"personal_effects"``, ``"scientific_exchange"`` or
            ``"travelling_exhibition"`` (:data:`EXEMPTIONS`), optional.
        banned_by_exporter: whether the exporting country has banned or severely
            restricted the chemical by final regulatory action (the Rotterdam
            Convention's export notification, Art. 12); None when not stated.

    An HS code given as text is read in the HS edition in force on *date*
    (:func:`mea_trade.hs.parse_on`): HS 2017 to 31 December 2021, HS 2022 from 1 January
    2022, and the other edition where only it has the subheading.

    The commodity may also be a waste given by its list codes (``"A1181"``,
    ``"B1010; B1050"``, a :class:`~mea_trade.wastes.Waste`) or an organism (``"maize"``,
    an :class:`~mea_trade.organisms.Organism`), or a chemical, family or product type of
    :mod:`mea_trade.chemicals` (``"lindane"``, ``"58-89-9"``, ``"mercury thermometer"``).

    The CITES fields (source, re_export, origin, exemption, and purpose given as a
    code) are optional and ignored by the other conventions' rules; a commodity may also
    be a taxon (a name the CITES checklist knows, or a :class:`~mea_trade.cites.Taxon`).

    >>> s = Shipment("R-404A", exporter="DE", importer="Turkey", date="2025-03-01")
    >>> s.commodity.name, s.importer.alpha2
    ('R-404A', 'TR')
    >>> Shipment("3824.78.0020", exporter="US", importer="MX", date="2021-06-01").commodity
    HSCode('3824.78.00.20', edition='HS2017')
    >>> Shipment("8415.10", exporter="CN", importer="GH", date="2024-01-01").form
    'product'

    The repr is short and is itself a call that rebuilds the shipment:

    >>> Shipment("HFC-32 50%, HFC-125 50%", exporter="CN", importer="Allemagne",
    ...          date="2024-05-01", quantity="1,5 t")  # doctest: +NORMALIZE_WHITESPACE
    Shipment('HFC-32 50% / HFC-125 50%', exporter='CN', importer='DE',
             date='2024-05-01', quantity='1.5 t')
    """

    commodity: Commodity = attrs.field(converter=_shipment_commodity)
    exporter: Country = attrs.field(converter=_party, kw_only=True)
    importer: Country = attrs.field(converter=_party, kw_only=True)
    date: _dt.date = attrs.field(converter=as_date, kw_only=True)
    quantity: pint.Quantity[Any] | None = attrs.field(
        default=None,
        converter=_quantity,
        kw_only=True,
        eq=False,
        metadata={
            ASSESSED: False,
            CHECK: _check_quantity,
            QUICK: _quick_quantity(),
            QUICK_RE2: _quick_quantity_re2(),
        },
    )
    state: str | None = attrs.field(default=None, converter=_state, kw_only=True)
    end_use: str | None = attrs.field(default=None, converter=_end_use, kw_only=True)
    transit: tuple[Country, ...] = attrs.field(default=(), converter=_transit, kw_only=True)
    reference: str | None = attrs.field(default=None, kw_only=True, metadata={ASSESSED: False})
    form: str | None = attrs.field(default=None, converter=_form, kw_only=True)
    operation: str | None = attrs.field(default=None, converter=_operation, kw_only=True)
    characteristics: tuple[str, ...] = attrs.field(
        default=(), converter=_characteristics, kw_only=True
    )
    lmo: str | None = attrs.field(default=None, converter=_lmo, kw_only=True)
    purpose: str | None = attrs.field(default=None, converter=_purpose, kw_only=True)
    source: str | None = attrs.field(default=None, converter=_source, kw_only=True)
    term: str | None = attrs.field(default=None, converter=_term, kw_only=True)
    re_export: bool = attrs.field(default=False, converter=_flag, kw_only=True)
    origin: Country | None = attrs.field(default=None, converter=_optional_party, kw_only=True)
    exemption: str | None = attrs.field(default=None, converter=_exemption, kw_only=True)
    banned_by_exporter: bool | None = attrs.field(default=None, converter=_yes_no, kw_only=True)

    def __attrs_post_init__(self) -> None:
        commodity: object = self.commodity
        if isinstance(commodity, _HSText):
            from mea_trade.hs import parse_on

            commodity = parse_on(str(commodity), self.date)
            object.__setattr__(self, "commodity", commodity)
        if self.form is None and type(commodity).__name__ == "HSCode":
            from mea_trade.hs import HSCode

            if isinstance(commodity, HSCode) and commodity.chapter in PRODUCT_CHAPTERS:
                object.__setattr__(self, "form", "product")

    @property
    def commodity_name(self) -> str:
        """The commodity as text (name, composition, or HS code)."""
        return str(self.commodity)

    @property
    def stated_purpose(self) -> str | None:
        """The purpose the chemical conventions read: a :data:`PURPOSES` word, or None.

        :attr:`purpose` when it is one of the :data:`PURPOSES` words; otherwise what a
        declared :attr:`end_use` implies (``end_use="destruction"`` means ``"disposal"``,
        ``"laboratory_use"`` means ``"laboratory"``), else None. A CITES purpose code
        (``"S"``, ``"T"``, ...) is not one of these words and counts as no purpose
        stated: the library maps no CITES code to a word (no source equates the two
        vocabularies).

        >>> s = Shipment("lindane", exporter="DE", importer="FR", date="2024-01-01",
        ...              end_use="destruction")
        >>> s.stated_purpose
        'disposal'
        >>> s = Shipment("lindane", exporter="DE", importer="FR", date="2024-01-01", purpose="s")
        >>> s.purpose, s.stated_purpose
        ('S', None)
        """
        if self.purpose in PURPOSES:
            return self.purpose
        return {"destruction": "disposal", "laboratory_use": "laboratory"}.get(self.end_use or "")

    def to_row(self) -> dict[str, str]:
        """The shipment as a declaration line: the texts a file carries for it.

        :func:`mea_trade.screen` reads the row back to the same shipment.

        Keys are those of :data:`mea_trade.screening.COLUMNS`; empty fields are
        empty strings; the quantity is written by :func:`mea_trade.units.mass_text`
        and the transit countries are separated by ``;``.

        >>> Shipment("R-404A", exporter="DE", importer="TR", date="2025-03-01",
        ...          quantity="1,5 t").to_row()["quantity"]
        '1.5 t'
        """
        from mea_trade.units import mass_text

        return {
            "reference": self.reference or "",
            "commodity": self.commodity_name,
            "exporter": self.exporter.alpha2,
            "importer": self.importer.alpha2,
            "date": self.date.isoformat(),
            "quantity": "" if self.quantity is None else mass_text(self.quantity),
            "state": self.state or "",
            "end_use": self.end_use or "",
            "transit": ";".join(c.alpha2 for c in self.transit),
            "form": self.form or "",
            "operation": self.operation or "",
            "characteristics": ";".join(self.characteristics),
            "lmo": self.lmo or "",
            "purpose": self.purpose or "",
            "source": self.source or "",
            "term": self.term or "",
            "re_export": "yes" if self.re_export else "",
            "origin": self.origin.alpha2 if self.origin else "",
            "exemption": self.exemption or "",
            "banned_by_exporter": {True: "yes", False: "no", None: ""}[self.banned_by_exporter],
        }

    def __repr__(self) -> str:
        parts = [
            repr(self.commodity_name),
            f"exporter={self.exporter.alpha2!r}",
            f"importer={self.importer.alpha2!r}",
            f"date={self.date.isoformat()!r}",
        ]
        if self.quantity is not None:
            parts.append(f"quantity={_quantity_text(self.quantity)!r}")
        for name in (
            "state",
            "end_use",
            "form",
            "operation",
            "lmo",
            "purpose",
            "source",
            "exemption",
            "term",
            "reference",
        ):
            value = getattr(self, name)
            if value is not None:
                parts.append(f"{name}={value!r}")
        if self.transit:
            parts.append(f"transit={tuple(c.alpha2 for c in self.transit)!r}")
        if self.banned_by_exporter is not None:
            parts.append(f"banned_by_exporter={self.banned_by_exporter!r}")
        return f"Shipment({', '.join(parts)})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """The short repr in Hypothesis' and IPython's pretty printers too."""
        printer.text(repr(self))


#: The fields of a :class:`Shipment`, in the order its converters run.
SHIPMENT_FIELDS: tuple[str, ...] = tuple(f.name for f in attrs.fields(Shipment))
#: Each field's slot setter (past the frozen class's ``__setattr__``) with its name.
_SETTERS: tuple[tuple[Callable[[Shipment, object], None], str], ...] = tuple(
    (Shipment.__dict__[name].__set__, name) for name in SHIPMENT_FIELDS
)


def _assemble(values: Mapping[str, object]) -> Shipment:
    """A shipment from field values its converters already gave (they are not run again).

    Batch screening converts each distinct cell of a column once and assembles the
    shipments from the results; :meth:`Shipment.__attrs_post_init__` still runs (an HS
    code read in the edition of the date, the form of HS chapters 84 and 85).
    """
    shipment = object.__new__(Shipment)
    for set_, name in _SETTERS:
        set_(shipment, values[name])
    shipment.__attrs_post_init__()
    return shipment


def _replaced(shipment: Shipment, changes: Mapping[str, object]) -> Shipment:
    """A copy of *shipment* with some fields set to already converted values."""
    copy_ = object.__new__(Shipment)
    for set_, name in _SETTERS:
        set_(copy_, changes[name] if name in changes else getattr(shipment, name))
    return copy_


def _quantity_text(quantity: Any) -> str:
    """The quantity as :func:`~mea_trade.units.mass_text` writes it: read back the same.

    (``f"{q:~}"`` would write 1.125 t as ``'1.125 t'``, which is ambiguous as a text.)
    """
    from mea_trade.units import mass_text

    try:
        return mass_text(quantity)
    except (TypeError, ValueError):  # pragma: no cover - pint formatting of odd magnitudes
        return str(quantity)


@attrs.frozen(kw_only=True)
class Requirement:
    """A document a side must hold: a licence, permit, consent or notification.

    Attributes:
        code: stable identifier (``"montreal.export_licence"``).
        document: what is needed, in words (``"export licence"``).
        side: ``"export"``, ``"import"`` or ``"transit"``.
        party: ISO code of the country whose authority issues or requires it.
        instrument: id of the instrument.
        citation: the provision it rests on.
        reason: one line.
        unverified: True when the rule or a date it depends on is not verified.
        due: the date by which it must be done, where the rule sets one (a
            notification so many days before the movement), else None.
    """

    code: str
    document: str
    side: Literal["export", "import", "transit"]
    party: str
    instrument: str
    citation: Citation = attrs.field(eq=False, repr=False)
    reason: str = attrs.field(eq=False)
    unverified: bool = attrs.field(default=False, eq=False, repr=False)
    due: _dt.date | None = attrs.field(default=None, eq=False)


@attrs.frozen(kw_only=True)
class Prohibition:
    """A ban that applies to the shipment.

    Attributes:
        code: stable identifier (``"montreal.import_ban_non_party"``).
        side: ``"export"`` or ``"import"``: which Party must ban it.
        party: ISO code of that Party.
        instrument: id of the instrument.
        since: the date the ban applies from.
        citation: the provision.
        reason: one line.
        unverified: True when the rule or its date is not verified.
    """

    code: str
    side: Literal["export", "import", "transit"]
    party: str
    instrument: str
    since: _dt.date
    citation: Citation = attrs.field(eq=False, repr=False)
    reason: str = attrs.field(eq=False)
    unverified: bool = attrs.field(default=False, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Note:
    """Context for the officer: facts the answer depends on, caveats, coming changes."""

    code: str
    text: str
    instrument: str | None = None
    citation: Citation | None = attrs.field(default=None, eq=False, repr=False)


Finding = Requirement | Prohibition | Note


class RuleModule(Protocol):
    """What a rule module provides (a module, or an object such as a Basel rule set)."""

    @property
    def NAME(self) -> str:  # noqa: N802 - the module-level constant of a rule module
        """The module's name."""
        ...

    def evaluate(self, shipment: Shipment) -> Iterable[Finding]:  # pragma: no cover
        """Return the findings for a shipment."""
        ...


@attrs.frozen(kw_only=True)
class Listing:
    """What one instrument says about a commodity: where it is listed, since when, and why.

    Attributes:
        instrument: id of the instrument whose list it is (``"montreal"``,
            ``"kigali"``, ``"stockholm"``, ...).
        list: the annex, appendix or schedule (``"Annex C"``).
        entry: the group or entry within it (``"Group I"``, ``"HCFC-22"``).
        subject: what was matched (the substance or entry name, or the HS code).
        effective: the date the listing took effect (None where the bundled
            data does not say).
        detail: exemptions, annotation or other qualification, in words.
        match: how the query reached the listing: ``"name"``, ``"cas"``,
            ``"component"`` (a component of a mixture), ``"family"`` (a member of
            a listed family), ``"member"`` (a family whose members the list names
            one by one, such as the forms of asbestos: the listing of a member), or
            ``"hs_code"`` (a screening flag of an HS code, not a legal listing).
        citation: the provision it rests on.
        unverified: True when the listing or its date is not verified.
        as_of: the date the bundled list is complete to: a later change to the
            list is not known to the library.
        until: the date the listing ceased to have effect (an entry deleted or
            replaced by a later decision), or None while it stands.
    """

    instrument: str
    list: str
    entry: str
    subject: str
    effective: _dt.date | None = None
    detail: str | None = None
    match: str = "name"
    citation: Citation | None = attrs.field(default=None, eq=False, repr=False)
    unverified: bool = attrs.field(default=False, repr=False)
    as_of: _dt.date | None = attrs.field(default=None, eq=False, repr=False)
    until: _dt.date | None = attrs.field(default=None, repr=False)

    def in_effect(self, day: _dt.date) -> bool:
        """Whether the listing has effect on *day* (an unknown start counts as in effect)."""
        return in_period(day, self.effective, self.until, open_start=True)

    def describe(self) -> str:
        """One line in words.

        >>> from mea_trade.listings import listings
        >>> print(listings("HCFC-22")[0].describe())
        HCFC-22: Montreal Protocol Annex C, Group I, since 1994-06-14 (...)
        """
        from mea_trade.instruments import get

        name = get(self.instrument).short_name
        since = f", since {self.effective.isoformat()}" if self.effective else ""
        if self.until is not None:
            since += f", until {self.until.isoformat()}"
        detail = f" ({self.detail})" if self.detail else ""
        flag = " [unverified]" if self.unverified else ""
        return f"{self.subject}: {name} {self.list}, {self.entry}{since}{detail}{flag}"


@attrs.frozen(kw_only=True)
class ListingQuery:
    """A commodity as every listings provider receives it: the text, and what it resolved to.

    Attributes:
        text: the query as text (a name, CAS number, ASHRAE number or HS code).
        commodity: the substance, mixture, HS code, chemical (:mod:`mea_trade.chemicals`),
            waste (by its list codes) or organism the foundation resolved it to, or None
            (a provider may still know the text: a taxon, words of a list entry).
        match: ``"name"``, ``"cas"``, ``"hs_code"`` or ``"code"`` (waste codes): how
            the text was read.
        error: why the foundation could not resolve it (raised by
            :func:`mea_trade.listings` when no provider knows the text either).

    >>> q = ListingQuery.of("75-45-6")
    >>> q.commodity.name, q.match
    ('HCFC-22', 'cas')
    """

    text: str
    commodity: Commodity | None
    match: str
    error: Exception | None = attrs.field(default=None, eq=False, repr=False)

    @classmethod
    def of(cls, query: object) -> ListingQuery:
        """Resolve *query* (text, :class:`~mea_trade.catalog.Substance`, mixture or HS code)."""
        from mea_trade.cas import looks_like_cas
        from mea_trade.errors import MeaTradeError
        from mea_trade.hs import HSCode

        if isinstance(query, str):
            text = query.strip()
            try:
                item = _commodity(query)
            except MeaTradeError as exc:
                match = "cas" if looks_like_cas(text) else "name"
                return cls(text=text, commodity=None, match=match, error=exc)
        else:
            item = _commodity(query)
            text = str(item)
        from mea_trade.wastes import Waste

        if isinstance(item, HSCode):
            match = "hs_code"
        elif isinstance(item, Waste):
            match = "code"
        elif looks_like_cas(text):
            match = "cas"
        else:
            match = "name"
        return cls(text=text, commodity=item, match=match)


_CODES: Lazy[dict[str, dict[str, tuple[str, bool]]]] = Lazy(_load_codes)
