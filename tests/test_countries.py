"""The strict country lookup: exact spellings only, and a helpful error otherwise."""

import pytest

from kca_analysis.countries import (
    CENTRAL_ASIA_ISO3,
    UnknownCountryError,
    country_name,
    iso3,
    lookup_country,
)


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("Uzbekistan", "UZB"),
        ("  kazakhstan ", "KAZ"),
        ("Kyrgyz Republic", "KGZ"),
        ("Kyrgyz Rep.", "KGZ"),
        ("TJ", "TJK"),
        ("tkm", "TKM"),
        ("Republic of Uzbekistan", "UZB"),
    ],
)
def test_accepted_spellings(spelling, code):
    assert iso3(spelling) == code


@pytest.mark.parametrize("spelling", ["Uzbekstan", "Kazakh", "Korea", "Mongolia", "", "UZ B"])
def test_anything_else_is_refused_with_the_valid_names(spelling):
    with pytest.raises(UnknownCountryError) as error:
        lookup_country(spelling)
    for code in CENTRAL_ASIA_ISO3:
        assert f"({code})" in str(error.value)


def test_partners_only_when_asked():
    assert iso3("South Korea", central_asia_only=False) == "KOR"
    assert iso3("Russian Federation", central_asia_only=False) == "RUS"
    with pytest.raises(UnknownCountryError):
        iso3("China")


def test_names_are_this_collections_english_names():
    assert country_name("KGZ") == "Kyrgyzstan"
    assert [country_name(c) for c in CENTRAL_ASIA_ISO3] == [
        "Uzbekistan",
        "Kazakhstan",
        "Kyrgyzstan",
        "Tajikistan",
        "Turkmenistan",
    ]
