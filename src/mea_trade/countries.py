"""Countries: states, territories and the European Union, by ISO 3166-1 code or name.

A country is found by its ISO 3166-1 alpha-2, alpha-3 or numeric code (the UN M49
code), by its English name or a common English alias, by the English, French or
Spanish name the UN Statistics Division gives it, or from a ``pycountry`` record.

>>> from mea_trade import countries
>>> countries.get("Viet Nam").alpha2, countries.get("vietnam").alpha3
('VN', 'VNM')
>>> countries.get("Türkiye") is countries.get("Turkey") is countries.get("TUR")
True
>>> [countries.get(q).alpha2 for q in ("Allemagne", "Alemania", "276", "356")]
['DE', 'DE', 'DE', 'IN']
>>> countries.get("Untied States")
Traceback (most recent call last):
...
mea_trade.errors.UnknownCountryError: unknown country 'Untied States'; did you mean ...
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Protocol

import attrs

from mea_trade._data import Lazy, read_csv
from mea_trade._names import NameIndex
from mea_trade._records import KeyedRecord, Records
from mea_trade.citations import Citation, citations
from mea_trade.errors import InvalidArgumentError, UnknownCountryError, _shorten

__all__ = ["Country", "all_countries", "get"]


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Country(KeyedRecord):
    """A state, territory or regional economic integration organisation (the EU).

    Countries are singletons: compare and hash by ``alpha2``, pickle by code.

    Attributes:
        alpha2: ISO 3166-1 alpha-2 code (``"EU"`` for the European Union, an
            exceptionally reserved code; ``"AN"`` and ``"YU"`` are former codes).
        alpha3: ISO 3166-1 alpha-3 code (empty for the EU).
        name: the name the United Nations uses.
        aliases: other names accepted by :func:`get`.
        kind: ``"state"`` (also territories), ``"reio"`` (the EU) or ``"former"``.
        sources: where the codes and names come from.
        numeric: the ISO 3166-1 numeric code, which is the UN M49 code (``"276"``),
            or None (the EU and former codes).
        name_fr, name_es: the French and Spanish names of the UN M49 overview
            (None where the bundled data has none).

    The pycountry spellings ``alpha_2`` and ``alpha_3`` are accepted as well.

    >>> de = get("Germany")
    >>> de.alpha_2, de.alpha_3, de.numeric, de.name_fr, de.name_es
    ('DE', 'DEU', '276', 'Allemagne', 'Alemania')
    """

    alpha2: str
    alpha3: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "state"
    sources: tuple[Citation, ...] = ()
    numeric: str | None = None
    name_fr: str | None = None
    name_es: str | None = None

    _KEY = "alpha2"

    @classmethod
    def _get(cls, key: str) -> Country:
        return get(key)

    def __str__(self) -> str:
        return self.name

    @property
    def is_reio(self) -> bool:
        """Whether this is a regional economic integration organisation (the EU)."""
        return self.kind == "reio"

    @property
    def alpha_2(self) -> str:
        """The alpha-2 code, under pycountry's name for it."""
        return self.alpha2

    @property
    def alpha_3(self) -> str:
        """The alpha-3 code, under pycountry's name for it."""
        return self.alpha3


class HasAlpha2(Protocol):
    """A country record of another library (``pycountry``): anything with ``alpha_2``."""

    @property
    def alpha_2(self) -> str:  # pragma: no cover - a protocol
        """The ISO 3166-1 alpha-2 code."""
        ...


@attrs.frozen
class _Table:
    countries: tuple[Country, ...]
    by_alpha2: Mapping[str, Country]
    by_numeric: Mapping[str, Country]
    names: NameIndex[Country]


def _names(country: Country) -> list[str]:
    names = [country.alpha2, country.name, *country.aliases]
    if country.alpha3:
        names.append(country.alpha3)
    names.extend(n for n in (country.name_fr, country.name_es) if n)
    return names


def _load() -> _Table:
    un = {row["alpha2"]: row for row in read_csv("countries_m49.csv")}
    items = []
    for row in read_csv("countries.csv"):
        m49 = un.get(row["alpha2"], {})
        aliases = [a.strip() for a in row["aliases"].split(";") if a.strip()]
        if m49.get("name_en") and m49["name_en"] not in (row["name"], *aliases):
            aliases.append(m49["name_en"])
        sources = citations(row["source"])
        if m49:
            sources += tuple(c for c in citations(m49["source"]) if c not in sources)
        items.append(
            Country(
                alpha2=row["alpha2"],
                alpha3=row["alpha3"],
                name=row["name"],
                aliases=tuple(aliases),
                kind=row["kind"],
                sources=sources,
                numeric=m49.get("m49") or None,
                name_fr=m49.get("name_fr") or None,
                name_es=m49.get("name_es") or None,
            )
        )
    return _Table(
        countries=tuple(items),
        by_alpha2=MappingProxyType({c.alpha2: c for c in items}),
        by_numeric=MappingProxyType({c.numeric: c for c in items if c.numeric}),
        names=NameIndex(items, _names, lambda c: c.name, "country"),
    )


_TABLE: Lazy[_Table] = Lazy(_load)


def get(query: str | int | Country | HasAlpha2) -> Country:
    """Return the country named by an ISO code, a UN M49 code or a name.

    *query* may be an alpha-2 or alpha-3 code, a numeric code (``"356"``,
    ``"040"``, ``"40"`` or the int ``356``), a name, or an object with an
    ``alpha_2`` attribute such as a ``pycountry`` record. Matching ignores case,
    accents and punctuation; common English names ("United States", "UK",
    "Vietnam", "Turkey", "Ivory Coast") are accepted besides the UN names in
    English, French and Spanish ("Allemagne", "Alemania").

    Raises:
        UnknownCountryError: nothing matches (close matches are suggested).
        InvalidArgumentError: *query* is neither text, a numeric code nor a country record.

    >>> get("US").name
    'United States of America'
    >>> get("European Union").is_reio
    True
    >>> get("États-Unis d'Amérique").alpha2, get("Estados Unidos de América").alpha2
    ('US', 'US')
    """
    if isinstance(query, Country):
        return query
    table = _TABLE.get()
    if isinstance(query, int) and not isinstance(query, bool):
        return _numeric(table, str(query), query)
    if isinstance(query, str):
        text = query.strip()
        if text.isdigit() and text.isascii():
            return _numeric(table, text, query)
        return table.names.resolve(query, "a country code or name", UnknownCountryError)
    code = getattr(query, "alpha_2", None)
    if isinstance(code, str):
        return table.names.resolve(code, "a country code or name", UnknownCountryError)
    raise InvalidArgumentError(
        "expected a country code or name (str), a numeric code or a country record, not "
        f"{type(query).__name__}: {_shorten(query)}"
    )


def _numeric(table: _Table, digits: str, query: object) -> Country:
    hit = table.by_numeric.get(digits.zfill(3)) if len(digits) <= 3 else None
    if hit is None:
        raise UnknownCountryError(query)
    return hit


def all_countries(*, kind: str | None = None) -> Records[Country]:
    """Every bundled country, optionally of one kind (a :class:`~mea_trade._records.Records`).

    >>> len(all_countries(kind="reio"))
    1
    """
    if kind is not None and kind not in {"state", "reio", "former"}:
        raise InvalidArgumentError(f"unknown kind {kind!r}: expected state, reio or former")
    return Records(c for c in _TABLE.get().countries if kind is None or c.kind == kind)
