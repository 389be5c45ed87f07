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
from typing import Literal

from mea_trade.countries import Country

__all__ = ["bound_since", "state", "unknown_reason"]


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


def unknown_reason(member: str | Country, treaty: str, on: _dt.date) -> str | None:
    """Why the status of *member* under *treaty* on *on* is unknown, in words; None if known.

    >>> import datetime as dt
    >>> print(unknown_reason("IL", "stockholm", dt.date(2024, 1, 1)))
    Israel is not in the bundled list of parties to the Stockholm Convention, which is
    complete only to 2019-12-24: its status on 2024-01-01 is unknown
    >>> unknown_reason("IL", "stockholm", dt.date(2019, 1, 1)) is None
    True
    """
    from mea_trade import parties
    from mea_trade.errors import MissingDataError

    try:
        parties.status(member, treaty, on=on)
    except MissingDataError as exc:
        return str(exc)
    return None


def state(member: str | Country, treaty: str, on: _dt.date) -> bool | None:
    """Whether *member* is bound by *treaty* on *on*: True, False, or None when the data cannot say.

    >>> import datetime as dt
    >>> state("EG", "cwc", dt.date(2024, 1, 1))
    False
    """
    since = bound_since(member, treaty, on)
    return None if since is None else since is not False
