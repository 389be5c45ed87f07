"""Shared test configuration: Hypothesis profiles and the optional ../shared sources."""

from __future__ import annotations

import os
import pathlib

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

#: Third-party source files that tests cross-check the bundled data against.
#: They live beside the repository (``../shared/sources``); tests skip without them.
SHARED_SOURCES = pathlib.Path(
    os.environ.get(
        "MEA_TRADE_SHARED_SOURCES",
        pathlib.Path(__file__).resolve().parents[2] / "shared" / "sources",
    )
)


@pytest.fixture(scope="session")
def shared_sources() -> pathlib.Path:
    if not SHARED_SOURCES.is_dir():
        pytest.skip(f"third-party sources not found at {SHARED_SOURCES}")
    return SHARED_SOURCES


@pytest.fixture(scope="session")
def cites_export(shared_sources: pathlib.Path) -> object:
    """The Species+ export of 2017-04-21 read with load_checklist (once per session)."""
    from mea_trade.cites.checklist import load_checklist

    path = shared_sources / "cites-species-index" / "Index_of_CITES_Species_2017-04-21.csv.gz"
    return load_checklist(path)
