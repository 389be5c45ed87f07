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
        countries.get(276.0)  # type: ignore[arg-type]
    with pytest.raises(mt.UnknownCountryError) as numeric:
        countries.get("999")
    assert "numeric" in str(numeric.value)


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


# Issue #17: the conventions users already know. The names are those of the UN M49
# overview page (https://unstats.un.org/unsd/methodology/m49/overview/) in French and
# Spanish, bundled in data/countries_m49.csv.
@pytest.mark.parametrize(
    ("query", "alpha2"),
    [
        ("Allemagne", "DE"),
        ("Alemania", "DE"),
        ("États-Unis d’Amérique", "US"),
        ("Etats-Unis d'Amerique", "US"),
        ("Estados Unidos de América", "US"),
        ("Royaume-Uni de Grande-Bretagne et d’Irlande du Nord", "GB"),
        ("Côte d’Ivoire", "CI"),
        ("Chine", "CN"),
        ("Inde", "IN"),
        ("Fédération de Russie", "RU"),
        ("Federación de Rusia", "RU"),
        ("République-Unie de Tanzanie", "TZ"),
        ("China, Hong Kong Special Administrative Region", "HK"),
    ],
)
def test_un_names_in_french_and_spanish(query: str, alpha2: str) -> None:
    assert countries.get(query).alpha2 == alpha2


@pytest.mark.parametrize(
    ("query", "alpha2"),
    [("356", "IN"), ("276", "DE"), ("040", "AT"), ("40", "AT"), (" 840 ", "US"), (4, "AF")],
)
def test_numeric_codes(query: str | int, alpha2: str) -> None:
    assert countries.get(query).alpha2 == alpha2


def test_numeric_codes_are_iso_3166_numeric() -> None:
    """The M49 codes bundled are the ISO 3166-1 numeric codes (pycountry) of every country."""
    checked = 0
    for country in countries.all_countries(kind="state"):
        if country.numeric is None:
            continue
        iso = pycountry.countries.get(alpha_2=country.alpha2)
        assert iso is not None and iso.numeric == country.numeric, country
        checked += 1
    assert checked >= 249


def test_pycountry_records_and_attribute_names() -> None:
    fr = pycountry.countries.get(alpha_2="FR")
    assert fr is not None
    assert countries.get(fr).alpha2 == "FR"
    assert (
        mt.Shipment("R-22", exporter=fr, importer="Alemania", date="2024-01-01").importer.alpha2
        == "DE"
    )
    de = countries.get("DE")
    assert (de.alpha_2, de.alpha_3, de.numeric) == ("DE", "DEU", "276")
    assert (de.name_fr, de.name_es) == ("Allemagne", "Alemania")
    assert countries.get("EU").numeric is None
