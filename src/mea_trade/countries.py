"""Countries: states, territories and the European Union, by ISO 3166-1 code or name.

>>> from mea_trade import countries
>>> countries.get("Viet Nam").alpha2, countries.get("vietnam").alpha3
('VN', 'VNM')
>>> countries.get("Türkiye") is countries.get("Turkey") is countries.get("TUR")
True
>>> countries.get("Untied States")
Traceback (most recent call last):
...
mea_trade.errors.UnknownCountryError: unknown country 'Untied States'; did you mean ...
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

import attrs

from mea_trade._data import Lazy, read_csv
from mea_trade._names import NameIndex
from mea_trade._records import KeyedRecord
from mea_trade.citations import Citation, citations
from mea_trade.errors import InvalidArgumentError, UnknownCountryError

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
    """

    alpha2: str
    alpha3: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "state"
    sources: tuple[Citation, ...] = ()

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


@attrs.frozen
class _Table:
    countries: tuple[Country, ...]
    by_alpha2: Mapping[str, Country]
    names: NameIndex[Country]


def _names(country: Country) -> list[str]:
    names = [country.alpha2, country.name, *country.aliases]
    if country.alpha3:
        names.append(country.alpha3)
    return names


def _load() -> _Table:
    rows = read_csv("countries.csv")
    items = tuple(
        Country(
            alpha2=row["alpha2"],
            alpha3=row["alpha3"],
            name=row["name"],
            aliases=tuple(a.strip() for a in row["aliases"].split(";") if a.strip()),
            kind=row["kind"],
            sources=citations(row["source"]),
        )
        for row in rows
    )
    return _Table(
        countries=items,
        by_alpha2=MappingProxyType({c.alpha2: c for c in items}),
        names=NameIndex(items, _names, lambda c: c.name, "country"),
    )


_TABLE: Lazy[_Table] = Lazy(_load)


def get(query: str | Country) -> Country:
    """Return the country named by an ISO code (alpha-2 or alpha-3) or a name.

    Matching ignores case, accents' compatibility forms and punctuation; common
    English names ("United States", "UK", "Vietnam", "Turkey", "Ivory Coast")
    are accepted besides the UN names.

    Raises:
        UnknownCountryError: nothing matches (close matches are suggested).
        InvalidArgumentError: *query* is not a string.

    >>> get("US").name
    'United States of America'
    >>> get("European Union").is_reio
    True
    """
    if isinstance(query, Country):
        return query
    return _TABLE.get().names.resolve(query, "a country code or name", UnknownCountryError)


def all_countries(*, kind: str | None = None) -> Iterator[Country]:
    """Iterate over every bundled country, optionally of one kind.

    >>> sum(1 for _ in all_countries(kind="reio"))
    1
    """
    if kind is not None and kind not in {"state", "reio", "former"}:
        raise InvalidArgumentError(f"unknown kind {kind!r}: expected state, reio or former")
    for country in _TABLE.get().countries:
        if kind is None or country.kind == kind:
            yield country
