"""Participation as the treaty rules read it: bound since a date, not bound, or unknown.

:func:`mea_trade.parties.is_party` raises
:class:`~mea_trade.errors.MissingDataError` for a country that an incomplete party
list does not include. A rule must then say that the status is unknown rather
than guess; :func:`bound_since` turns the error into ``None`` so that a rule
module can answer with a note.

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

__all__ = ["bound_since", "state"]


def bound_since(
    member: str | Country, treaty: str, on: _dt.date
) -> _dt.date | Literal[False] | None:
    """When *treaty* took effect for *member* if bound on *on*; False if not; None if unknown.

    Unknown means that the bundled party list of *treaty* is incomplete and does not
    include *member* (or, for a known non-party, that *on* is after the date its
    source confirms).
    """
    from mea_trade import parties
    from mea_trade.errors import MissingDataError

    try:
        records = parties.history(member, treaty)
        if not records:
            parties.is_party(member, treaty, on=on)  # raises after a known non-party's date
            return False
    except MissingDataError:
        return None
    for record in reversed(records):
        if record.in_force(on):
            return record.entry_into_force
    return False


def state(member: str | Country, treaty: str, on: _dt.date) -> bool | None:
    """Whether *member* is bound by *treaty* on *on*: True, False, or None when the data cannot say.

    >>> import datetime as dt
    >>> state("EG", "cwc", dt.date(2024, 1, 1))
    False
    """
    since = bound_since(member, treaty, on)
    return None if since is None else since is not False
