"""Shared test configuration: Hypothesis profiles and the optional ../shared sources."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Callable

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


def _normal(text: str) -> str:
    for a, b in (("“", '"'), ("”", '"'), ("’", "'"), ("`", '"'), ("*", ""), ("|", " ")):
        text = text.replace(a, b)
    return " ".join(text.split())


_TEXTS: dict[str, str] = {}


@pytest.fixture(scope="session")
def quoted() -> Callable[[str, str], None]:
    """``quoted(path, text)`` checks that a treaty text under ../shared/sources contains *text*.

    Rules tests quote the article they implement; with the sources present, the quote
    is checked against the official text (whitespace, quotes and Markdown ignored).
    """

    def check(path: str, text: str) -> None:
        full = SHARED_SOURCES / path
        if not full.is_file():
            return
        if path not in _TEXTS:
            _TEXTS[path] = _normal(full.read_text(encoding="utf-8"))
        assert _normal(text) in _TEXTS[path], f"not in {path}: {text!r}"

    return check


@pytest.fixture(scope="session")
def cites_export(shared_sources: pathlib.Path) -> object:
    """The Species+ export of 2017-04-21 read with load_checklist (once per session)."""
    from mea_trade.cites.checklist import load_checklist

    path = shared_sources / "cites-species-index" / "Index_of_CITES_Species_2017-04-21.csv.gz"
    return load_checklist(path)
