"""Quota accounting (Montreal Protocol Article 4B licensing): counting, allocation, ledgers."""

from __future__ import annotations

import contextlib
import copy
import math
import pickle
import subprocess
import sys
import textwrap
from fractions import Fraction
from typing import Any

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mea_trade as mt
from mea_trade.montreal.quota import ALLOCATION_RULES, Entry, Ledger, Quota, UnknownHolderError
from mea_trade.testing import strategies as mts
from mea_trade.units import get_registry, mass_in_tonnes

ureg = get_registry()

Q = pint.Quantity


def hcfc_quota(total: float = 10.0) -> Quota:
    return Quota(total=total * ureg.ODP_t, year=2025, party="GH", groups=("C/I",))


# --------------------------------------------------------------------------- import cost


def test_import_does_not_import_pint_or_parse_data() -> None:
    code = """
        import sys
        import mea_trade.montreal.quota
        import mea_trade.catalog as cat
        print('pint' in sys.modules, cat._CATALOG.loaded)
        """
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "False False"


# --------------------------------------------------------------------------- counting: facts


def test_hcfc22_counts_its_annex_c_odp() -> None:
    # Montreal Protocol, Annex C Group I: ODP of HCFC-22 (CHF2Cl) is 0.055.
    counted = hcfc_quota().count("HCFC-22", 1 * ureg.t)
    assert counted.units == ureg.ODP_t
    assert counted.magnitude == 0.055
    assert hcfc_quota().count("R-22", 1000 * ureg.kg) == counted


def test_hfc_blend_counts_zero_against_an_hcfc_quota() -> None:
    # R-410A is HFC-32/HFC-125 50/50 (ASHRAE Standard 34): no HCFC, so it counts 0.
    assert hcfc_quota().count("R-410A", 20 * ureg.t).magnitude == 0
    # Nor does a non-controlled substance (propane).
    assert hcfc_quota().count("HC-290", 5 * ureg.t).magnitude == 0


def test_blend_counts_only_components_in_the_quota_groups() -> None:
    # R-502 is CFC-115 51.2 % / HCFC-22 48.8 % (ASHRAE Standard 34); an HCFC quota
    # counts the HCFC-22 only (Annex C ODP 0.055), a quota of all groups also CFC-115
    # (Annex A ODP 0.6); the Ozone Secretariat's blend table gives R-502 ODP 0.33404.
    assert hcfc_quota().count("R-502", 1 * ureg.t).magnitude == pytest.approx(0.488 * 0.055)
    everything = Quota(total=1 * ureg.ODP_t, year=2025)
    assert everything.count("R-502", 1 * ureg.t).magnitude == pytest.approx(0.33404, abs=1e-12)


def test_co2e_quota_uses_annex_f_gwp() -> None:
    # Montreal Protocol, Annex F Group I (Kigali Amendment): GWP of HFC-134a is 1430.
    hfc = Quota(total=1e6 * ureg.CO2e_t, year=2029, groups=("F/I",))
    assert hfc.count("HFC-134a", 1 * ureg.t) == 1430 * ureg.CO2e_t
    # R-404A: HFC-125 44 %, HFC-143a 52 %, HFC-134a 4 % (GWPs 3500, 4470, 1430): 3921.6,
    # the value of the Ozone Secretariat's blend table.
    assert hfc.count("R-404A", 1 * ureg.t).magnitude == pytest.approx(3921.6, abs=1e-9)
    # R-402A: only its HFC-125 (60 %) counts on the Kigali basis.
    assert hfc.count("R-402A", 1 * ureg.t).magnitude == pytest.approx(0.6 * 3500)
    # HFC-23 is Annex F Group II, outside this quota.
    assert hfc.count("HFC-23", 1 * ureg.t).magnitude == 0


def test_hcfc_quota_in_co2e_on_the_protocol_basis() -> None:
    # Annex C Group I GWP column (Kigali Amendment): HCFC-22 1810, HCFC-141b 725.
    quota = Quota(total=1e5 * ureg.CO2e_t, year=2025, groups=("C/I",), basis="protocol")
    assert quota.count("HCFC-22", 1 * ureg.t).magnitude == 1810
    assert quota.count("HCFC-141b", 2 * ureg.t).magnitude == 1450
    # R-402A's HFC-125 is outside group C/I: only the 38 % HCFC-22 counts.
    assert quota.count("R-402A", 1 * ureg.t).magnitude == pytest.approx(0.38 * 1810)


def test_mass_quota_counts_the_contained_substance() -> None:
    quota = Quota(total=800 * ureg.kg, year=2025, substance="R22")
    assert quota.substance == "HCFC-22"
    assert quota.kind == "mass"
    # R-409A is HCFC-22 60 %, HCFC-124 25 %, HCFC-142b 15 % (ASHRAE Standard 34).
    counted = quota.count("R-409A", 0.5 * ureg.t)
    assert counted.units == ureg.kg
    assert counted.magnitude == 300
    assert quota.count("HCFC-142b", 1 * ureg.t).magnitude == 0


def test_substance_filter_on_an_odp_quota() -> None:
    quota = Quota(total=5 * ureg.ODP_t, year=2025, substance="HCFC-141b")
    # Annex C Group I: ODP of HCFC-141b is 0.11.
    assert quota.count("HCFC-141b", 1 * ureg.t).magnitude == 0.11
    assert quota.count("HCFC-22", 1 * ureg.t).magnitude == 0


def test_quota_in_smaller_units() -> None:
    quota = Quota(total=500 * ureg.ODP_kg, year=2025, groups=("C/I",))
    assert quota.count("HCFC-22", 1 * ureg.t) == 55 * ureg.ODP_kg
    assert quota.exact_total == 500
    assert quota.count("HCFC-22", 1 * ureg.t).units == ureg.ODP_kg


def test_count_accepts_substances_and_mixtures() -> None:
    quota = hcfc_quota()
    assert quota.count(mt.substance("HCFC-22"), 1 * ureg.t).magnitude == 0.055
    custom = mt.Mixture.from_mass_fractions({"HCFC-22": 50, "HFC-32": 50})
    assert quota.count(custom, 2 * ureg.t).magnitude == 0.055


@pytest.mark.parametrize("bad", [3, 3 * ureg.m, -1 * ureg.kg, float("nan") * ureg.kg])
def test_count_rejects_bad_masses(bad: Any) -> None:
    with pytest.raises(mt.InvalidQuantityError):
        hcfc_quota().count("HCFC-22", bad)


def test_count_rejects_unknown_items() -> None:
    with pytest.raises(mt.UnknownSubstanceError):
        hcfc_quota().count("HCFC-2222", 1 * ureg.t)
    with pytest.raises(mt.InvalidArgumentError):
        hcfc_quota().count(22, 1 * ureg.t)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- quota validation


def test_quota_normalises_groups() -> None:
    quota = Quota(total=1 * ureg.ODP_t, year=2025, groups=["c/i", "A/I", "C/I"])
    assert quota.groups == ("A/I", "C/I")
    assert Quota(total=1 * ureg.ODP_t, year=2025, groups="C/I").groups == ("C/I",)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"total": -1 * ureg.ODP_t}, mt.InvalidQuantityError, "not negative, got '-1 ODP_t'"),
        ({"total": float("inf") * ureg.ODP_t}, mt.InvalidQuantityError, "finite"),
        ({"total": 5}, mt.InvalidQuantityError, "bare number 5"),
        ({"total": "5 ODP_t"}, mt.InvalidQuantityError, "pint Quantity"),
        ({"total": 5 * ureg.m}, mt.InvalidQuantityError, r"'5 m' of dimension \[length\]"),
        ({"groups": ("G/I",)}, mt.InvalidArgumentError, "unknown annex group 'G/I'"),
        ({"groups": (1,)}, mt.InvalidArgumentError, "annex group must be a str"),
        ({"total": 5 * ureg.t}, mt.InvalidArgumentError, "is for one substance"),
        (
            {"total": 5 * ureg.t, "substance": "HFO-1234yf"},
            mt.InvalidArgumentError,
            "not a controlled substance",
        ),
        (
            {"total": 5 * ureg.t, "substance": "HCFC-22", "groups": ("A/I",)},
            mt.InvalidArgumentError,
            "not in the quota's groups",
        ),
        ({"substance": "HCFC-2222"}, mt.UnknownSubstanceError, "HCFC-2222"),
        ({"year": "2025"}, mt.InvalidArgumentError, "year must be an int"),
        ({"year": True}, mt.InvalidArgumentError, "year must be an int"),
        ({"party": 36}, mt.InvalidArgumentError, "party must be a str"),
        ({"basis": "ar7"}, mt.UnknownBasisError, "'ar7'"),
        ({"groups": ("F/I",)}, mt.InvalidArgumentError, "no ODP"),
        (
            {"total": 5 * ureg.CO2e_t, "groups": ("C/I",)},
            mt.InvalidArgumentError,
            "basis='protocol'",
        ),
    ],
)
def test_quota_rejects_bad_arguments(
    kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    args: dict[str, Any] = {"total": 5 * ureg.ODP_t, "year": 2025, **kwargs}
    with pytest.raises(error, match=match):
        Quota(**args)


def test_quota_rejects_a_foreign_registry() -> None:
    other: pint.UnitRegistry[float] = pint.UnitRegistry()
    with pytest.raises(mt.InvalidQuantityError, match="another pint registry"):
        Quota(total=5 * other.t, year=2025, substance="HCFC-22")


def test_quota_is_immutable_and_copies_its_total() -> None:
    total = 5 * ureg.ODP_t
    quota = Quota(total=total, year=2025)
    total.ito("ODP_kg")
    assert f"{quota.total:~}" == "5 ODP_t"
    with pytest.raises(AttributeError):
        quota.year = 2026  # type: ignore[misc]


def test_quota_pickles_and_compares() -> None:
    quota = Quota(total=2.5e5 * ureg.CO2e_t, year=2029, groups=("F/I",), party="EU")
    again = pickle.loads(pickle.dumps(quota))
    assert again == quota
    assert hash(again) == hash(quota)
    assert again.exact_total == 250000
    assert "2029" in repr(quota)
    mass_quota = Quota(total=750 * ureg.kg, year=2025, substance="HCFC-141b")
    assert pickle.loads(pickle.dumps(mass_quota)) == mass_quota
    assert copy.copy(mass_quota).substance == "HCFC-141b"


# --------------------------------------------------------------------------- allocation


def test_equal_allocation_is_exact() -> None:
    quota = hcfc_quota(1.0)
    ledger = quota.allocate("equal", ["A", "B", "C"])
    assert ledger.holders == ("A", "B", "C")
    assert set(ledger.exact_allocations.values()) == {Fraction(1, 3)}
    assert sum(ledger.exact_allocations.values()) == quota.exact_total
    assert ledger.unallocated.magnitude == 0
    assert ledger.allocated("B").magnitude == pytest.approx(1 / 3)


def test_pro_rata_allocation() -> None:
    quota = hcfc_quota(36.5)
    history = {"Acme": 120 * ureg.t, "Frost": 80000 * ureg.kg, "Newco": 0 * ureg.t}
    ledger = quota.allocate("pro_rata", shares=history)
    assert ledger.exact_allocations == {
        "Acme": Fraction(219, 10),
        "Frost": Fraction(146, 10),
        "Newco": 0,
    }
    numbers = quota.allocate("pro_rata", shares={"Acme": 3, "Frost": 2.0, "Newco": Fraction(1)})
    assert sum(numbers.exact_allocations.values()) == quota.exact_total
    assert numbers.exact_allocations["Acme"] == Fraction(365, 20)


def test_given_allocation_reads_decimals_exactly() -> None:
    # 0.1 + 0.2 is 0.30000000000000004 in binary floating point, but exactly 0.3 here.
    quota = hcfc_quota(0.3)
    ledger = quota.allocate("given", amounts={"A": 0.1 * ureg.ODP_t, "B": 200 * ureg.ODP_kg})
    assert ledger.exact_allocations == {"A": Fraction(1, 10), "B": Fraction(1, 5)}
    assert ledger.unallocated.magnitude == 0
    partial = quota.allocate("given", amounts={"A": 0.1 * ureg.ODP_t})
    assert partial.unallocated == 0.2 * ureg.ODP_t


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda q: q.allocate("equal", ["A", "A"]), mt.InvalidArgumentError, "twice"),
        (lambda q: q.allocate("equal", ["Acme", " acme"]), mt.InvalidArgumentError, "unique"),
        (lambda q: q.allocate("equal", ["A", " "]), mt.InvalidArgumentError, "empty"),
        (lambda q: q.allocate("equal", []), mt.InvalidArgumentError, "at least one"),
        (lambda q: q.allocate("equal", "AB"), mt.InvalidArgumentError, "sequence of names"),
        (lambda q: q.allocate("equal", [1]), mt.InvalidArgumentError, "must be a str"),
        (lambda q: q.allocate("equa", ["A"]), mt.InvalidArgumentError, "did you mean 'equal'"),
        (lambda q: q.allocate("pro_rata"), mt.InvalidArgumentError, "needs shares="),
        (lambda q: q.allocate("pro_rata", ["A"]), mt.InvalidArgumentError, "not holders="),
        (
            lambda q: q.allocate("equal", ["A"], amounts={"A": 1 * ureg.ODP_t}),
            mt.InvalidArgumentError,
            "not amounts=",
        ),
        (lambda q: q.allocate("pro_rata", shares={}), mt.InvalidArgumentError, "at least one"),
        (lambda q: q.allocate("pro_rata", shares={"A": 0}), mt.InvalidQuantityError, "all zero"),
        (lambda q: q.allocate("pro_rata", shares={"A": -1}), mt.InvalidQuantityError, "negative"),
        (
            lambda q: q.allocate("pro_rata", shares={"A": float("nan")}),
            mt.InvalidQuantityError,
            "finite",
        ),
        (lambda q: q.allocate("pro_rata", shares={"A": "1"}), mt.InvalidQuantityError, "number"),
        (
            lambda q: q.allocate("pro_rata", shares={"A": 1, "B": 1 * ureg.t}),
            mt.InvalidQuantityError,
            "not a mix",
        ),
        (
            lambda q: q.allocate("pro_rata", shares={"A": 1 * ureg.t, "B": 1 * ureg.m}),
            mt.InvalidQuantityError,
            "same dimension",
        ),
        (
            lambda q: q.allocate("given", amounts={"A": 6 * ureg.ODP_t, "B": 5 * ureg.ODP_t}),
            mt.InvalidQuantityError,
            "add up to 11 ODP_t, more than the quota total 10 ODP_t",
        ),
        (
            lambda q: q.allocate("given", amounts={"A": 1 * ureg.t}),
            mt.InvalidQuantityError,
            "expected a quantity in the quota's unit",
        ),
        (
            lambda q: q.allocate("given", amounts={"A": 1}),
            mt.InvalidQuantityError,
            "bare number",
        ),
        (
            lambda q: q.allocate("given", amounts={"A": -1 * ureg.ODP_t}),
            mt.InvalidQuantityError,
            "not negative",
        ),
    ],
)
def test_allocate_rejects_bad_arguments(call: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        call(hcfc_quota())


def test_allocation_rules_are_listed() -> None:
    assert ALLOCATION_RULES == ("equal", "pro_rata", "given")


# --------------------------------------------------------------------------- ledger


def test_apply_records_and_refuses() -> None:
    # Annex C: HCFC-22 ODP 0.055, so 1 t counts 0.055 ODP_t; an allocation of 0.165
    # ODP_t takes exactly three tonnes (no floating-point slack either way).
    quota = hcfc_quota(0.33)
    ledger = quota.allocate("equal", ["Acme", "Frost"])
    for n in range(3):
        ledger = ledger.apply("Acme", "HCFC-22", 1 * ureg.t, reference=f"LIC-{n}")
    assert ledger.remaining("Acme").magnitude == 0
    assert ledger.used("Acme") == 0.165 * ureg.ODP_t
    assert ledger.used("Frost").magnitude == 0
    with pytest.raises(mt.QuotaExceededError) as info:
        ledger.apply("Acme", "R-22", 1 * ureg.kg, reference="LIC-3")
    error = info.value
    assert error.holder == "Acme"
    assert error.shipment == "'LIC-3' of 1 kg of HCFC-22"
    assert error.requested == "5.5e-05 ODP_t"
    assert error.remaining == "0 ODP_t"
    assert error.shortfall == "5.5e-05 ODP_t"
    assert "'Acme'" in str(error) and "LIC-3" in str(error)
    assert isinstance(error, ValueError)
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error)


def test_shortfall_is_exact() -> None:
    quota = Quota(total=1000 * ureg.kg, year=2025, substance="HCFC-141b")
    ledger = quota.allocate("given", amounts={"A": 0.3 * ureg.t})
    ledger = ledger.apply("A", "HCFC-141b", 100.1 * ureg.kg)
    with pytest.raises(mt.QuotaExceededError) as info:
        ledger.apply("A", "HCFC-141b", 0.2002 * ureg.t)
    assert info.value.remaining == "199.9 kg"
    assert info.value.requested == "200.2 kg"
    assert info.value.shortfall == "0.3 kg"


def test_zero_count_shipments_are_recorded() -> None:
    ledger = hcfc_quota().allocate("equal", ["Acme"])
    after = ledger.apply("Acme", "R-410A", 50 * ureg.t)
    assert len(after.entries) == 1
    assert after.entries[0].counted.magnitude == 0
    assert after.used("Acme").magnitude == 0


def test_apply_returns_a_new_ledger() -> None:
    ledger = hcfc_quota().allocate("equal", ["Acme", "Frost"])
    after = ledger.apply("Frost", "HCFC-141b", 1 * ureg.t)
    assert ledger.entries == ()
    assert ledger.used("Frost").magnitude == 0
    assert after.used("Frost").magnitude == 0.11
    assert after.total_used == 0.11 * ureg.ODP_t
    assert after.quota is ledger.quota
    with pytest.raises(AttributeError):
        after.entries = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        after.exact_allocations["Acme"] = Fraction(0)  # type: ignore[index]


def test_entry_fields() -> None:
    ledger = hcfc_quota().allocate("equal", ["Acme"])
    mass = 2500 * ureg.kg
    entry = ledger.apply("Acme", "r22", mass, reference="INV-9").entries[0]
    mass.ito("t")
    assert entry.holder == "Acme"
    assert entry.item == "HCFC-22"
    assert f"{entry.mass:~}" == "2500 kg"
    assert entry.counted == 0.1375 * ureg.ODP_t
    assert entry.exact == Fraction(1375, 10000)
    assert entry.reference == "INV-9"
    custom = mt.Mixture.from_mass_fractions({"HCFC-22": 50, "HFC-32": 50})
    assert ledger.apply("Acme", custom, 1 * ureg.t).entries[0].item == str(custom)


def test_unknown_holder_suggests_close_matches() -> None:
    ledger = hcfc_quota().allocate("equal", ["Acme Cooling Ltd", "Frost & Co"])
    with pytest.raises(UnknownHolderError, match="did you mean 'Acme Cooling Ltd'") as info:
        ledger.apply("acme cooling ltd", "HCFC-22", 1 * ureg.t)
    assert isinstance(info.value, LookupError)
    assert isinstance(info.value, mt.UnknownNameError)
    assert info.value.suggestions == ("Acme Cooling Ltd",)
    with pytest.raises(UnknownHolderError, match="Frost & Co"):
        ledger.remaining("Frost and Co")
    with pytest.raises(UnknownHolderError, match="expected a holder"):
        ledger.used("Zephyr")
    with pytest.raises(mt.InvalidArgumentError):
        ledger.allocated(3)  # type: ignore[arg-type]
    with pytest.raises(mt.InvalidArgumentError, match="reference"):
        ledger.apply("Frost & Co", "HCFC-22", 1 * ureg.t, reference=7)  # type: ignore[arg-type]
    assert pickle.loads(pickle.dumps(info.value)).suggestions == ("Acme Cooling Ltd",)


def test_ledger_pickles() -> None:
    quota = Quota(total=1.2e6 * ureg.CO2e_t, year=2029, groups=("F/I", "F/II"))
    ledger = quota.allocate("pro_rata", shares={"A": 2, "B": 1})
    ledger = ledger.apply("A", "R-404A", 10 * ureg.t, reference="X").apply(
        "B", "HFC-23", 5 * ureg.kg
    )
    for again in (pickle.loads(pickle.dumps(ledger)), copy.deepcopy(ledger)):
        assert again == ledger
        assert hash(again) == hash(ledger)
        assert again.entries == ledger.entries
        assert again.used("A") == ledger.used("A")
        assert again.exact_allocations == ledger.exact_allocations
        assert again.apply("B", "HFC-32", 1 * ureg.t).used("B") == ledger.apply(
            "B", "HFC-32", 1 * ureg.t
        ).used("B")


def test_ledger_constructor_checks_consistency() -> None:
    quota = hcfc_quota(1.0)
    ledger = Ledger(quota, {"A": Fraction(1, 2)})
    assert ledger.unallocated == 0.5 * ureg.ODP_t
    entry = Entry(holder="A", item="HCFC-22", mass=10 * ureg.t, counted=0.55 * ureg.ODP_t)
    with pytest.raises(mt.InvalidQuantityError, match="more than its allocation"):
        Ledger(quota, {"A": Fraction(1, 2)}, (entry,))
    with pytest.raises(UnknownHolderError):
        Ledger(quota, {"B": Fraction(1, 2)}, (entry,))
    with pytest.raises(mt.InvalidQuantityError, match="more than the quota total"):
        Ledger(quota, {"A": 1, "B": 1})
    with pytest.raises(mt.InvalidQuantityError, match="not in the quota's unit"):
        Ledger(quota, {"A": 1}, (Entry(holder="A", item="x", mass=1 * ureg.t, counted=1 * ureg.t),))
    assert Ledger(quota, {"A": 1}, (entry,)).used("A") == 0.55 * ureg.ODP_t


# --------------------------------------------------------------------------- properties

items = st.one_of(mts.substances(controlled=True), mts.bundled_mixtures(), mts.mixtures())
totals = st.floats(min_value=0, max_value=10, allow_nan=False, allow_infinity=False)
holder_names = st.lists(
    st.sampled_from(["Acme", "Frost", "Polar", "Kelvin", "Boreal"]), min_size=1, unique=True
)


@st.composite
def ledgers(draw: st.DrawFn) -> Ledger:
    quota = Quota(
        total=draw(totals) * ureg.ODP_t,
        year=2025,
        groups=draw(st.sampled_from([(), ("C/I",), ("A/I", "C/I")])),
    )
    names = draw(holder_names)
    if draw(st.booleans()):
        return quota.allocate("equal", names)
    shares = draw(st.lists(st.integers(0, 100), min_size=len(names), max_size=len(names)))
    if not any(shares):
        shares[0] = 1
    return quota.allocate("pro_rata", shares=dict(zip(names, shares, strict=True)))


shipments = st.lists(
    st.tuples(st.integers(0, 4), items, mts.masses(max_value=5000, units=("kg", "t"))),
    max_size=12,
)


@given(ledgers(), shipments)
def test_applied_shipments_never_exceed_allocations(
    ledger: Ledger, plan: list[tuple[int, mt.Substance | mt.Mixture, Q[float]]]
) -> None:
    for index, item, mass in plan:
        holder = ledger.holders[index % len(ledger.holders)]
        before = ledger
        snapshot = (before.entries, dict(before.exact_allocations), before.used(holder))
        refused: mt.QuotaExceededError | None = None
        try:
            ledger = ledger.apply(holder, item, mass)
        except mt.QuotaExceededError as exc:
            refused = exc
        if refused is None:
            assert ledger.entries[:-1] == before.entries
            assert ledger.entries[-1].counted == ledger.quota.count(item, mass)
        else:
            assert refused.holder == holder
            assert ledger.quota.count(item, mass) > ledger.remaining(holder)
        # the old ledger is never changed
        assert (before.entries, dict(before.exact_allocations), before.used(holder)) == snapshot
    used: dict[str, Fraction] = dict.fromkeys(ledger.holders, Fraction(0))
    for entry in ledger.entries:
        used[entry.holder] += entry.exact
    for name, amount in used.items():
        assert amount <= ledger.exact_allocations[name]
        assert ledger.used(name).magnitude == float(amount)
    assert sum(used.values()) <= ledger.quota.exact_total


@given(totals, st.integers(1, 12))
def test_equal_allocations_sum_exactly(total: float, n: int) -> None:
    quota = Quota(total=total * ureg.ODP_t, year=2025)
    ledger = quota.allocate("equal", [f"holder {i}" for i in range(n)])
    assert sum(ledger.exact_allocations.values()) == quota.exact_total
    assert len(set(ledger.exact_allocations.values())) == 1
    assert ledger.unallocated.magnitude == 0


@given(
    totals,
    st.lists(
        st.one_of(st.integers(0, 10**6), st.floats(0, 1e6, allow_nan=False, allow_infinity=False)),
        min_size=1,
        max_size=8,
    ).filter(any),
)
def test_pro_rata_allocations_sum_exactly(total: float, shares: list[float]) -> None:
    quota = Quota(total=total * ureg.CO2e_t, year=2029)
    ledger = quota.allocate("pro_rata", shares={f"h{i}": s for i, s in enumerate(shares)})
    assert sum(ledger.exact_allocations.values()) == quota.exact_total
    assert ledger.unallocated.magnitude == 0
    for i, share in enumerate(shares):
        if share == 0:
            assert ledger.exact_allocations[f"h{i}"] == 0


@given(mts.substances(), mts.masses())
def test_counting_a_pure_substance_round_trips(sub: mt.Substance, mass: Q[float]) -> None:
    odp_quota = Quota(total=1 * ureg.ODP_t, year=2025)
    assert math.isclose(
        odp_quota.count(sub, mass).magnitude,
        mt.odp_tonnes(sub, mass).magnitude,
        rel_tol=1e-15,
        abs_tol=1e-300,
    )
    co2e_quota = Quota(total=1 * ureg.CO2e_t, year=2025)
    assert math.isclose(
        co2e_quota.count(sub, mass).magnitude,
        mt.co2e_tonnes(sub, mass).magnitude,
        rel_tol=1e-15,
        abs_tol=1e-300,
    )
    if sub.is_controlled:
        mass_quota = Quota(total=1 * ureg.kg, year=2025, substance=sub)
        assert math.isclose(
            mass_quota.count(sub, mass).magnitude,
            mass_in_tonnes(mass) * 1000,
            rel_tol=1e-15,
            abs_tol=1e-300,
        )


@given(st.one_of(mts.bundled_mixtures(), mts.mixtures()), mts.masses())
def test_counting_a_mixture_agrees_with_its_odp(mixture: mt.Mixture, mass: Q[float]) -> None:
    # ODP quotas of all groups count what odp_tonnes counts, blends included.
    counted = Quota(total=1 * ureg.ODP_t, year=2025).count(mixture, mass).magnitude
    assert counted == pytest.approx(mt.odp_tonnes(mixture, mass).magnitude, rel=1e-12, abs=1e-12)
    # A quota of some groups counts no more than one of all groups.
    hcfc = hcfc_quota().count(mixture, mass).magnitude
    assert 0 <= hcfc <= counted * (1 + 1e-12)


@given(ledgers(), shipments)
def test_ledgers_pickle(
    ledger: Ledger, plan: list[tuple[int, mt.Substance | mt.Mixture, Q[float]]]
) -> None:
    for index, item, mass in plan[:4]:
        with contextlib.suppress(mt.QuotaExceededError):
            ledger = ledger.apply(ledger.holders[index % len(ledger.holders)], item, mass)
    again = pickle.loads(pickle.dumps(ledger))
    assert again == ledger
    assert [again.used(h) for h in again.holders] == [ledger.used(h) for h in ledger.holders]
