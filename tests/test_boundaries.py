"""Every rule module's ``boundaries``: its findings stay the same between the dates it gives.

:mod:`mea_trade.columnar` assesses a group of declaration lines once per epoch (the
span between two consecutive dates of each sequence a rule module's ``boundaries``
returns, see :func:`mea_trade.montreal.rules.boundaries`), so a missing date there
would give lines of one epoch the findings of another date. Each property draws a
shipment of one room (its date often a boundary date or the day before one, where a
missed date shows), asks each bundled rule module for its boundaries, and compares
the module's findings on the shipment's date with those on other dates of the same
epoch: the epoch's first and last days and one between.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mea_trade as mt
from mea_trade.assessment import rule_modules
from mea_trade.records import _replaced
from mea_trade.testing import strategies as mts

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_ROOM_SHIPMENTS = {
    "montreal": mts.shipments(),
    "basel": mts.waste_shipments(),
    "cartagena": mts.lmo_shipments(),
    "cites": mts.cites_shipments(),
    "chemicals": mts.chemical_shipments(),
}


def _epoch(bounds: tuple[tuple[dt.date, ...], ...], day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the epoch holding *day*."""
    days = sorted({d for seq in bounds for d in seq})
    first = max((d for d in days if d <= day), default=dt.date.min)
    after = min((d for d in days if d > day), default=dt.date.max)
    last = after if after == dt.date.max else after - dt.timedelta(days=1)
    return first, last


def _records(module: ModuleType, shipment: mt.Shipment) -> list[Any]:
    return [repr(f) for f in module.evaluate(shipment)]


def _check(shipment: mt.Shipment, data: st.DataObject) -> None:
    for module in rule_modules():
        if not hasattr(module, "boundaries"):
            continue
        bounds = module.boundaries(shipment)
        if bounds is None:
            continue
        days: list[dt.date] = sorted({d for seq in bounds for d in seq})
        near: bool = data.draw(st.booleans(), label="near a boundary")
        if days and near:
            edge = data.draw(st.sampled_from(days), label="boundary")
            day = data.draw(
                st.sampled_from([edge, edge - dt.timedelta(days=1)]), label="shipment date"
            )
            if day < dt.date(1900, 1, 1):
                continue
            shipment = _replaced(shipment, {"date": day})
            bounds = module.boundaries(shipment)
            if bounds is None:
                continue
        first, last = _epoch(bounds, shipment.date)
        first = max(first, dt.date(1900, 1, 1))
        last = min(last, dt.date(2100, 12, 31))
        between = data.draw(st.dates(min_value=first, max_value=last), label="between")
        expected = _records(module, shipment)
        for other in (first, last, between):
            moved = _replaced(shipment, {"date": other})
            assert _records(module, moved) == expected, (module.__name__, shipment.date, other)


@pytest.mark.parametrize("room", sorted(_ROOM_SHIPMENTS))
@SETTINGS
@given(data=st.data())
def test_findings_hold_between_boundaries(room: str, data: st.DataObject) -> None:
    _check(data.draw(_ROOM_SHIPMENTS[room], label="shipment"), data)


def test_every_room_gives_boundaries_for_its_goods() -> None:
    """Each room says where its findings change for the goods it regulates (not None)."""
    shipments = [
        mt.Shipment("CFC-11", exporter="DE", importer="IN", date="2010-03-01"),
        mt.Shipment("lindane", exporter="DE", importer="IN", date="2024-03-01"),
        mt.Shipment("mercury", exporter="DE", importer="IN", date="2024-03-01"),
        mt.Shipment("aldicarb", exporter="FR", importer="IN", date="2024-03-01"),
        mt.Shipment("maize", exporter="BR", importer="ZA", date="2024-03-01", lmo="release"),
        mt.Shipment("A1181", exporter="DE", importer="GH", date="2025-06-01", operation="R4"),
        mt.Shipment("Panthera leo", exporter="ZA", importer="DE", date="2024-03-01"),
    ]
    for shipment in shipments:
        for module in rule_modules():
            if module.evaluate(shipment) and hasattr(module, "boundaries"):
                assert module.boundaries(shipment) is not None, (module.__name__, shipment)


def _near(data: st.DataObject, day: dt.date, label: str) -> str:
    """A date cell near *day* (often within days of it), or an empty cell."""
    offset = data.draw(
        st.one_of(st.integers(-3, 3), st.integers(-800, 800), st.just(None)), label=label
    )
    return "" if offset is None else (day + dt.timedelta(days=offset)).isoformat()


@st.composite
def _user_rules(draw: st.DrawFn, shipment: mt.Shipment) -> list[Any]:
    """Rule modules reading user tables whose rows concern the shipment's States and goods."""
    from mea_trade.chemicals import identities
    from mea_trade.minamata import rules as minamata_rules
    from mea_trade.minamata.register import ExemptionRegister as MinamataRegister
    from mea_trade.rotterdam import rules as rotterdam_rules
    from mea_trade.rotterdam.import_responses import RESPONSES, ImportResponses
    from mea_trade.stockholm import rules as stockholm_rules
    from mea_trade.stockholm.register import KINDS
    from mea_trade.stockholm.register import ExemptionRegister as StockholmRegister

    data = draw(st.data())
    day = shipment.date
    try:
        ids = sorted({i.chemical.id for i in identities(shipment.commodity)})
    except Exception:
        ids = []
    ids = ids or ["aldicarb"]
    parties = [shipment.exporter.alpha2, shipment.importer.alpha2]

    def rows(dated: tuple[str, ...], **cells: Sequence[str]) -> list[dict[str, object]]:
        """Up to 3 rows: each cell drawn from its choices, each dated column near the day."""
        return [
            {
                **{name: draw(st.sampled_from(choices)) for name, choices in cells.items()},
                **{name: _near(data, day, name) for name in dated},
            }
            for _ in range(draw(st.integers(0, 3)))
        ]

    responses = rows(
        ("decided", "published", "until"),
        importer=[shipment.importer.alpha2],
        chemical=ids,
        response=RESPONSES,
    )
    registrations = rows(("from", "until"), party=parties, chemical=ids, kind=KINDS)
    exemptions = rows(("from", "until"), party=parties, product=ids)
    return [
        rotterdam_rules.Rules(import_responses=ImportResponses.from_rows(responses)),
        stockholm_rules.Rules(
            register=StockholmRegister.from_rows(registrations, complete=draw(st.booleans()))
        ),
        minamata_rules.Rules(register=MinamataRegister.from_rows(exemptions)),
    ]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_findings_hold_between_boundaries_with_user_tables(data: st.DataObject) -> None:
    """The rooms that read users' tables give the tables' dates as boundaries too."""
    shipment = data.draw(mts.chemical_shipments(), label="shipment")
    for module in data.draw(_user_rules(shipment), label="rules"):
        bounds = module.boundaries(shipment)
        if bounds is None:
            continue
        first, last = _epoch(bounds, shipment.date)
        first = max(first, dt.date(1900, 1, 1))
        last = min(last, dt.date(2100, 12, 31))
        expected = [repr(f) for f in module.evaluate(shipment)]
        for other in (first, last):
            moved = _replaced(shipment, {"date": other})
            assert [repr(f) for f in module.evaluate(moved)] == expected, (module, other)
