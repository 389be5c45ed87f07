"""Fuzzing every public function of the catalog and units with arbitrary input.

Only the documented error types may escape: the library's own errors (all
``MeaTradeError``), never a bare KeyError, TypeError or crash from deep inside.
"""

from __future__ import annotations

import contextlib
import pickle
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import mea_trade as mt
from mea_trade.cas import is_valid_cas, normalize_cas
from mea_trade.citations import citation
from mea_trade.testing import strategies as mts
from mea_trade.units import get_registry

ureg = get_registry()

anything = st.one_of(
    st.text(),
    st.text(alphabet="0123456789-", max_size=14),
    st.integers(),
    st.floats(),
    st.none(),
    st.booleans(),
    st.binary(max_size=8),
    st.lists(st.text(max_size=5), max_size=3),
)
numbers = st.one_of(
    st.floats(), st.integers(min_value=-(10**30), max_value=10**30), st.text(max_size=4)
)
names = st.one_of(st.text(max_size=30), mts.names(), st.sampled_from(["R-410A", "R-22", "75-45-6"]))


def _documented(call: Any, *args: Any, **kwargs: Any) -> None:
    with contextlib.suppress(mt.MeaTradeError):
        call(*args, **kwargs)


@given(anything)
def test_lookups(value: Any) -> None:
    _documented(mt.substance, value)
    _documented(mt.mixture, value)
    _documented(mt.lookup, value)
    _documented(normalize_cas, value)
    assert is_valid_cas(value) in (True, False)
    _documented(citation, value)


@given(
    st.one_of(st.none(), anything),
    st.one_of(st.none(), anything),
    st.one_of(st.none(), st.booleans()),
)
def test_filters(annex: Any, group: Any, controlled: Any) -> None:
    _documented(lambda: list(mt.substances(annex=annex, group=group, controlled=controlled)))
    _documented(lambda: list(mt.mixtures(annex_group=group)))


@given(st.dictionaries(names, numbers, max_size=4))
def test_from_mass_fractions(fractions: dict[str, Any]) -> None:
    try:
        mix = mt.Mixture.from_mass_fractions(fractions)
    except mt.MeaTradeError:
        return
    assert abs(sum(c.fraction for c in mix.components) - 1) < 1e-3
    assert pickle.loads(pickle.dumps(mix)) == mix


@given(
    names,
    numbers,
    st.sampled_from(["kg", "t", "g", "m", "ODP_t", "CO2e_t", "dimensionless"]),
    anything,
)
def test_conversions(item: str, magnitude: Any, unit: str, basis: Any) -> None:
    quantity: Any = magnitude
    if isinstance(magnitude, (int, float)) and not isinstance(magnitude, bool):
        quantity = ureg.Quantity(magnitude, unit)
    _documented(mt.odp_tonnes, item, quantity)
    _documented(mt.co2e_tonnes, item, quantity, basis=basis)


@given(st.one_of(mts.substances(), mts.bundled_mixtures()), anything)
def test_gwp_basis(item: mt.Substance | mt.Mixture, basis: Any) -> None:
    _documented(item.gwp, basis)


@given(st.one_of(mts.substances(), mts.bundled_mixtures(), mts.mixtures()))
def test_records_pickle(item: mt.Substance | mt.Mixture) -> None:
    again = pickle.loads(pickle.dumps(item))
    assert again == item
    if isinstance(item, mt.Substance):
        assert again is item
