"""Participation as the treaty rules read it: bound since a date, not bound, or unknown.

:func:`mea_trade.parties.is_party` raises
:class:`~mea_trade.errors.MissingDataError` for a country that a party list does
not include, on a date after the list is complete to (its ``complete_to``). A rule
must then say that the status is unknown rather than guess; :func:`bound_since`
turns the error into ``None`` so that a rule module can answer with a note, and
:func:`unknown_reason` gives the reason in words.

>>> import datetime as dt
>>> bound_since("FR", "cwc", dt.date(2024, 1, 1)).isoformat()
'1997-04-29'
>>> bound_since("IL", "cwc", dt.date(2024, 1, 1))
False
"""

from __future__ import annotations

import datetime as _dt
import functools
from typing import Literal

from mea_trade.countries import Country

__all__ = ["bound_since", "state", "status_days", "unknown_reason"]


def bound_since(
    member: str | Country, treaty: str, on: _dt.date
) -> _dt.date | Literal[False] | None:
    """When *treaty* took effect for *member* if bound on *on*; False if not; None if unknown.

    Unknown means that the bundled party list of *treaty* cannot answer: *member* is
    absent from it and *on* is after the date the list is complete to (for a known
    non-party, after the date its source confirms). A territory is answered through
    its State, as :func:`mea_trade.parties.status` answers it.
    """
    from mea_trade import parties
    from mea_trade.errors import MissingDataError

    try:
        status = parties.status(member, treaty, on=on)
    except MissingDataError:
        return None
    if not status.is_party or status.participation is None:
        return False
    return status.participation.entry_into_force


def unknown_reason(
    member: str | Country, treaty: str, on: _dt.date, *, dated: bool = True
) -> str | None:
    """Why the status of *member* under *treaty* on *on* is unknown, in words; None if known.

    With ``dated=False`` the words do not name *on* (the rule modules' notes: every date
    after the list's reach gets the same note).

    >>> import datetime as dt
    >>> print(unknown_reason("IL", "stockholm", dt.date(2024, 1, 1)))
    Israel is not in the bundled list of parties to the Stockholm Convention, which is
    complete only to 2019-12-24: its status on 2024-01-01 is unknown
    >>> print(unknown_reason("IL", "stockholm", dt.date(2024, 1, 1), dated=False))
    Israel is not in the bundled list of parties to the Stockholm Convention, which is
    complete only to 2019-12-24: its status after 2019-12-24 is unknown
    >>> print(unknown_reason("US", "cartagena", dt.date(2026, 3, 1), dated=False))
    United States of America is known not to have been a party to the Cartagena Protocol
    on 2024-10-21, and the bundled list is complete only to 2017-06-01: its status after
    2024-10-21 is unknown
    >>> unknown_reason("IL", "stockholm", dt.date(2019, 1, 1)) is None
    True
    """
    from mea_trade import parties
    from mea_trade.errors import MissingDataError

    try:
        parties.status(member, treaty, on=on)
    except MissingDataError as exc:
        text = str(exc)
        if not dated:
            after = f" after {exc.reach.isoformat()}" if exc.reach is not None else ""
            text = text.replace(
                parties._STATUS_ON.format(day=on.isoformat()), f": its status{after} is unknown"
            )
        return text
    return None


def state(member: str | Country, treaty: str, on: _dt.date) -> bool | None:
    """Whether *member* is bound by *treaty* on *on*: True, False, or None when the data cannot say.

    >>> import datetime as dt
    >>> state("EG", "cwc", dt.date(2024, 1, 1))
    False
    """
    since = bound_since(member, treaty, on)
    return None if since is None else since is not False


_DAY = _dt.timedelta(days=1)


@functools.lru_cache(maxsize=8192)
def status_days(member: str, treaty: str) -> tuple[_dt.date, ...]:
    """Every date on which the status of *member* (an ISO code) under *treaty* may change, sorted.

    Between two consecutive dates, :func:`mea_trade.parties.status` gives the same
    answer (its ``on`` apart): whether a party, through which record, State and
    declaration, its groups (Article 5 by year, Basel Annex VII, membership of the
    European Union), or that the status is unknown. The dates: entries into force and
    withdrawals of the country and of every State ever responsible for it, the periods
    of that responsibility and of territorial declarations, the day after the list is
    complete to, the day after a known non-party's confirmation and after the data's
    date, the first days of the years with a recorded Article 5 status (ozone
    instruments), and the starts and ends of EU membership (and of OECD membership,
    for the Basel instruments). Rule modules build their
    ``boundaries`` on it (see :func:`mea_trade.montreal.rules.boundaries`).

    >>> import datetime as dt
    >>> dt.date(1997, 4, 29) in status_days("FR", "cwc")  # the CWC in force for France
    True
    """
    from mea_trade import parties
    from mea_trade.instruments import get
    from mea_trade.territories import sovereignty

    inst = get(treaty)
    data = parties._DATA.get()
    records = parties._records(inst)
    days: set[_dt.date] = set()
    codes = {member}
    for period in sovereignty(member):
        codes.add(period.sovereign.alpha2)
        days.update(d for d in (period.start,) if d)
        days.update(d + _DAY for d in (period.end,) if d)
    for code in sorted(codes):
        for record in records.get(code, ()):
            days.add(record.entry_into_force)
            days.update(d for d in (record.withdrawal_effective,) if d)
        for declaration in data.declarations.get((inst.id, code), ()):
            days.update(d for d in (declaration.start,) if d)
            days.update(d + _DAY for d in (declaration.end,) if d)
        known = data.non_parties.get(inst.id, {}).get(code)
        if known is not None:
            days.add(known.confirmed_until + _DAY)
        if inst.id in parties._OZONE:  # the Article 5 status, read by year
            days.update(_dt.date(year, 1, 1) for year, _ in data.article5.years.get(code, ()))
        # membership of the EU (every status), of the OECD (Basel Annex VII, agreements)
        for spans in (data.oecd, data.eu) if inst.id in parties._BASEL else (data.eu,):
            for start, end in spans.spans.get(code, ()):
                days.add(start)
                days.update(d for d in (end,) if d)
    for day in (data.complete_to.get(inst.id), data.as_of.get(inst.id)):
        if day is not None:
            days.add(day + _DAY)
    return tuple(sorted(days))
