"""The foundation helpers the rooms share: dates, cells of bundled rows, periods of dated rows."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mea_trade._data import optional_date, split_cell
from mea_trade._dates import as_date, in_period
from mea_trade.errors import InvalidDateError

DAY = dt.date(2024, 3, 1)


@pytest.mark.parametrize(
    "value", [DAY, dt.datetime(2024, 3, 1, 12, 30), "2024-03-01", " 2024-03-01 "]
)
def test_as_date_reads_dates_datetimes_and_iso_strings(value: object) -> None:
    assert as_date(value) == DAY
    assert as_date(value, "on") == DAY


@pytest.mark.parametrize("value", ["2024-02-30", "1 March 2024", 20240301, None, b"2024-03-01"])
def test_as_date_names_the_argument_in_its_error(value: object) -> None:
    with pytest.raises(InvalidDateError, match=r"for on=, not"):
        as_date(value, "on")
    with pytest.raises(InvalidDateError) as caught:
        as_date(value)
    assert str(caught.value).startswith("expected a datetime.date or an ISO date 'YYYY-MM-DD', not")


@given(st.dates())
def test_as_date_round_trips_iso_text(day: dt.date) -> None:
    assert as_date(day.isoformat(), "date") == day


def test_in_period_open_and_unknown_starts() -> None:
    start, until = dt.date(2020, 1, 1), dt.date(2025, 1, 1)
    assert not in_period(dt.date(2019, 12, 31), start, until, open_start=True)
    assert in_period(start, start, until, open_start=False)
    assert not in_period(until, start, until, open_start=True)
    assert in_period(until, start, until, open_start=True, until_included=True)
    assert in_period(dt.date(1900, 1, 1), None, until, open_start=True)
    assert not in_period(DAY, None, until, open_start=False)
    assert in_period(dt.date(2999, 1, 1), start, None, open_start=False)


@given(st.dates(), st.one_of(st.none(), st.dates()), st.one_of(st.none(), st.dates()))
def test_in_period_agrees_with_the_written_out_rule(
    on: dt.date, start: dt.date | None, until: dt.date | None
) -> None:
    open_rule = (start is None or start <= on) and (until is None or on < until)
    assert in_period(on, start, until, open_start=True) == open_rule
    known_rule = start is not None and start <= on and (until is None or on < until)
    assert in_period(on, start, until, open_start=False) == known_rule
    inclusive = (start is None or start <= on) and (until is None or on <= until)
    assert in_period(on, start, until, open_start=True, until_included=True) == inclusive


def test_cells_of_bundled_rows() -> None:
    assert optional_date("") is None
    assert optional_date("2004-02-24") == dt.date(2004, 2, 24)
    assert split_cell("") == ()
    assert split_cell("a; b;;c ") == ("a", "b", "c")
    assert split_cell("x|y", "|") == ("x", "y")
