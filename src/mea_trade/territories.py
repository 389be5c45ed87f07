"""Territories: the State responsible for each territory with an ISO code of its own, by period.

Hong Kong, Macao, Puerto Rico, Réunion, Greenland, Aruba and some fifty other
codes of ISO 3166-1 are not States: a treaty applies there through the State
responsible for them, unless that State extended it by a declaration or
excluded it (see :func:`mea_trade.parties.territorial_application`). The periods
come from ``data/sovereignty.csv``, each with its source.

>>> import datetime as dt
>>> sovereign("HK", on=dt.date(1997, 6, 30)).alpha2, sovereign("HK", on=dt.date(1997, 7, 1)).alpha2
('GB', 'CN')
>>> sovereign("FR", on=dt.date(2024, 1, 1)) is None
True
>>> is_territory("Réunion"), is_territory("France")
(True, False)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from mea_trade._data import Lazy, optional_date, read_csv
from mea_trade.citations import Citation, citations
from mea_trade.countries import Country
from mea_trade.countries import get as country
from mea_trade.errors import InvalidDateError, _shorten

__all__ = ["Sovereignty", "is_territory", "sovereign", "sovereignty", "territories"]


@attrs.frozen(kw_only=True)
class Sovereignty:
    """A period during which a State is responsible for a territory.

    Attributes:
        territory: the territory.
        sovereign: the State responsible for it.
        start: first day of the period (None: since before any bundled instrument).
        end: last day of the period (None: still so).
        status: how the territory stands to the State (``"special_administrative_region"``,
            ``"overseas_territory"``, ``"crown_dependency"``, ...).
        sources: where that was read.
        note: remarks.
    """

    territory: Country
    sovereign: Country
    start: _dt.date | None
    end: _dt.date | None
    status: str
    sources: tuple[Citation, ...] = attrs.field(repr=False)
    note: str | None = attrs.field(default=None, repr=False)

    def covers(self, on: _dt.date) -> bool:
        """Whether the period includes the date *on*."""
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


def _load() -> Mapping[str, tuple[Sovereignty, ...]]:
    out: dict[str, list[Sovereignty]] = {}
    for row in read_csv("sovereignty.csv"):
        territory = country(row["territory"])
        out.setdefault(territory.alpha2, []).append(
            Sovereignty(
                territory=territory,
                sovereign=country(row["sovereign"]),
                start=optional_date(row["from"]),
                end=optional_date(row["until"]),
                status=row["status"],
                sources=citations(row["source"]),
                note=row["note"] or None,
            )
        )
    return MappingProxyType(
        {k: tuple(sorted(v, key=lambda s: s.start or _dt.date.min)) for k, v in out.items()}
    )


_DATA: Lazy[Mapping[str, tuple[Sovereignty, ...]]] = Lazy(_load)


def sovereignty(territory: str | Country) -> tuple[Sovereignty, ...]:
    """Every period of *territory*'s dependence, oldest first (empty for a State).

    >>> [(s.sovereign.alpha2, s.start, s.end) for s in sovereignty("MO")]  # doctest: +ELLIPSIS
    [('PT', None, datetime.date(1999, 12, 19)), ('CN', datetime.date(1999, 12, 20), None)]
    """
    return _DATA.get().get(country(territory).alpha2, ())


def sovereign(territory: str | Country, *, on: _dt.date) -> Country | None:
    """The State responsible for *territory* on *on*, or None (a State, or no sovereign).

    Raises:
        UnknownCountryError: an unknown code or name.
        InvalidDateError: *on* is not a date.
    """
    if isinstance(on, _dt.datetime):
        on = on.date()
    if not isinstance(on, _dt.date):
        raise InvalidDateError(f"on= must be a datetime.date, not {_shorten(on)}")
    for period in sovereignty(territory):
        if period.covers(on):
            return period.sovereign
    return None


def is_territory(code: str | Country) -> bool:
    """Whether *code* is a territory that depends (or depended) on a State."""
    return bool(sovereignty(code))


def territories() -> tuple[Country, ...]:
    """Every territory with a bundled sovereign, by ISO code.

    >>> len(territories()) >= 50
    True
    """
    return tuple(periods[0].territory for _, periods in sorted(_DATA.get().items()))
