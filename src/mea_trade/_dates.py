"""Dates as the library reads them: arguments, and the periods of dated rows.

An argument that stands for a day (``on=``, a shipment's ``date``) may be a
:class:`datetime.date`, a :class:`datetime.datetime` (its date is taken) or an ISO
string ``YYYY-MM-DD``; anything else raises
:class:`~mea_trade.errors.InvalidDateError` naming the argument. A dated row (a
listing, a registration, a transfer rule) applies from its start until the day
before its end: :func:`in_period` says so in one place, with the two ways a row
can lack a start (open since ever, or unknown and so not yet in effect).

>>> as_date("2024-03-01")
datetime.date(2024, 3, 1)
>>> as_date("1 March 2024", "on")
Traceback (most recent call last):
...
mea_trade.errors.InvalidDateError: expected ... for on=, not '1 March 2024'
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from typing import TypeVar

from mea_trade.errors import InvalidDateError, _shorten

__all__ = ["as_date", "in_period", "step_table"]

T = TypeVar("T")


def as_date(value: object, argument: str | None = None) -> _dt.date:
    """*value* as a date: a date, a datetime (its date) or an ISO string (spaces ignored).

    Raises:
        InvalidDateError: *value* is none of these; the message names *argument*
            (``"on"`` gives ``for on=``) where one is given.
    """
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    named = f" for {argument}=" if argument else ""
    raise InvalidDateError(
        f"expected a datetime.date or an ISO date 'YYYY-MM-DD'{named}, not {_shorten(value)}"
    )


def in_period(
    on: _dt.date,
    start: _dt.date | None,
    until: _dt.date | None,
    *,
    open_start: bool,
    until_included: bool = False,
) -> bool:
    """Whether a row in effect from *start* until *until* (exclusive) applies on *on*.

    A row without *until* has not ended. A row without *start* has applied since
    ever with ``open_start=True`` (a registration without a ``from`` date), and does
    not apply yet with ``open_start=False`` (a listing whose entry into force is not
    known). ``until_included=True`` makes *until* the last day the row applies.

    >>> import datetime as dt
    >>> day = dt.date(2024, 1, 1)
    >>> in_period(day, None, day, open_start=True), in_period(day, None, None, open_start=False)
    (False, False)
    >>> in_period(day, None, day, open_start=True, until_included=True)
    True
    """
    if start is None:
        if not open_start:
            return False
    elif on < start:
        return False
    if until is None:
        return True
    return on <= until if until_included else on < until


def step_table(
    days: Iterable[_dt.date], value_on: Callable[[_dt.date], T]
) -> tuple[tuple[_dt.date, ...], tuple[T, ...]]:
    """A function of the date that changes only on *days*, as a table read by bisection.

    Returns the distinct *days*, sorted, and the function's value from each, after its
    value before the first: the value on any date *on* is
    ``values[bisect.bisect_right(days, on)]``.

    >>> import bisect, datetime as dt
    >>> days, values = step_table([dt.date(2020, 1, 1)], lambda d: d.year >= 2020)
    >>> values[bisect.bisect_right(days, dt.date(2019, 12, 31))], values[-1]
    (False, True)
    """
    ordered = tuple(sorted(set(days)))
    return ordered, tuple(value_on(day) for day in (_dt.date.min, *ordered))
