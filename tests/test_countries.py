"""Countries by ISO code and name."""

from __future__ import annotations

import contextlib
import pickle

import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mea_trade as mt
from mea_trade import countries


@pytest.mark.parametrize(
    ("query", "alpha2"),
    [
        ("United States", "US"),
        ("USA", "US"),
        ("US", "US"),
        ("usa", "US"),
        ("United States of America", "US"),
        ("Viet Nam", "VN"),
        ("Vietnam", "VN"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Turkiye", "TR"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"),
        ("Ivory Coast", "CI"),
        ("CIV", "CI"),
        ("UK", "GB"),
        ("Bolivia (Plurinational State of)", "BO"),
        ("Netherlands (Kingdom of the)", "NL"),
        ("Czechia", "CZ"),
        ("Czech Republic", "CZ"),
        ("European Union", "EU"),
        ("Republic of Korea", "KR"),
        ("South Korea", "KR"),
        ("Holy See", "VA"),
    ],
)
def test_names_people_type(query: str, alpha2: str) -> None:
    assert countries.get(query).alpha2 == alpha2


def test_unknown_country_suggests() -> None:
    with pytest.raises(mt.UnknownCountryError) as info:
        countries.get("Germnay")
    assert "Germany" in info.value.suggestions
    assert isinstance(info.value, LookupError)
    with pytest.raises(mt.InvalidArgumentError):
        countries.get(276)  # type: ignore[arg-type]


def test_codes_match_iso_3166() -> None:
    """Every current code is the one ISO 3166-1 (as packaged by pycountry) gives."""
    for country in countries.all_countries(kind="state"):
        iso = pycountry.countries.get(alpha_2=country.alpha2)
        assert iso is not None, country
        assert iso.alpha_3 == country.alpha3, country
    assert [c.alpha2 for c in countries.all_countries(kind="reio")] == ["EU"]


def test_singletons_pickle() -> None:
    de = countries.get("DE")
    assert pickle.loads(pickle.dumps(de)) is de
    assert de == countries.get("Germany") and hash(de) == hash(countries.get("DEU"))


@given(st.text())
def test_any_text(text: str) -> None:
    with contextlib.suppress(mt.UnknownCountryError):
        assert isinstance(countries.get(text), countries.Country)
