"""The choices a reader can make, and their strict resolvers.

Countries, partner powers, display units, donors, forum themes and confidence levels: each
vocabulary is declared here once, with the function that resolves a reader's value or refuses it
with a message naming the parameter and the valid values. The analysis resolves a notebook's
parameters with these functions, and ``kca run`` checks every parameter with the same functions
before any kernel starts, so both accept and refuse exactly the same values. This module imports
nothing heavier than :mod:`kca_analysis.countries`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .countries import CENTRAL_ASIA_ISO3, KOREA, PARTNERS, lookup_country

#: Display units a reader may choose (the ``value_unit`` parameter) and their size in USD.
VALUE_UNITS: dict[str, float] = {
    "thousand_usd": 1e3,
    "million_usd": 1e6,
    "billion_usd": 1e9,
}


_UNIT_LABELS = {
    "thousand_usd": "USD thousand",
    "million_usd": "USD million",
    "billion_usd": "USD billion",
}


def check_value_unit(value_unit: str) -> str:
    """Return ``value_unit`` if it is a known display unit.

    Raises
    ------
    ValueError
        Naming the parameter and the allowed values, e.g. for ``"furlongs"``.
    """
    if not isinstance(value_unit, str) or value_unit not in VALUE_UNITS:
        allowed = ", ".join(repr(u) for u in VALUE_UNITS)
        raise ValueError(f"value_unit={value_unit!r} is not allowed; expected one of {allowed}")
    return value_unit


def unit_label(value_unit: str) -> str:
    """Return the axis and column label of a display unit: ``"USD million"``."""
    return _UNIT_LABELS[check_value_unit(value_unit)]


def resolve_countries(countries: Iterable[str]) -> list[str]:
    """Return the ISO3 codes of ``countries`` (ISO3 codes or English names), in the given order.

    Raises
    ------
    ValueError
        For an empty list, a repeated country, or a name that is not one of the five (the
        message lists the five).
    """
    if isinstance(countries, str):
        raise ValueError(
            f"countries={countries!r} must be a list of ISO3 codes or names, "
            f"e.g. {list(CENTRAL_ASIA_ISO3)!r}"
        )
    codes = [lookup_country(c).iso3 for c in countries]
    if not codes:
        raise ValueError(f"countries is empty; choose one or more of {list(CENTRAL_ASIA_ISO3)!r}")
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise ValueError(f"countries lists {', '.join(repeated)} more than once")
    return codes


def resolve_country(country: str, parameter: str = "country"):
    """Return the :class:`~kca_analysis.countries.Country` of one of the five.

    Raises
    ------
    ValueError
        Naming the parameter and listing the five, for any other name or code.
    """
    try:
        return lookup_country(country)
    except ValueError as error:
        raise ValueError(f"{parameter}={country!r}: {error}") from None


def resolve_partners(partners: Iterable[str]) -> list[str]:
    """Return the ISO3 codes of the partner powers named (Korea itself is always compared).

    Raises
    ------
    ValueError
        For a string instead of a list, a repeated partner, or a name that is not one of the
        partners in the COW extract (the message lists them).
    """
    if isinstance(partners, str):
        raise ValueError(f"partners={partners!r} must be a list of names, e.g. ['China']")
    allowed = {c.iso3 for c in PARTNERS}
    codes = []
    for name in partners:
        try:
            code = lookup_country(str(name), central_asia_only=False).iso3
        except ValueError:
            code = None
        if code not in allowed:
            valid = ", ".join(c.name for c in PARTNERS if c.iso3 != KOREA.iso3)
            raise ValueError(f"unknown partner {name!r}; expected names from: {valid}")
        if code in codes:
            raise ValueError(f"partners lists {name!r} more than once")
        if code != KOREA.iso3:
            codes.append(code)
    return codes


#: The donor columns of the DAC Table 2a file, in the order used for display.
DONORS: tuple[str, ...] = (
    "Korea",
    "Japan",
    "United States",
    "Germany",
    "Turkey",
    "DAC Countries, Total",
    "Multilateral Agencies, Total",
    "Non-DAC Countries, Total",
    "Official Donors, Total",
)


_DONOR_ALIASES = {
    "south korea": "Korea",
    "republic of korea": "Korea",
    "kor": "Korea",
    "jpn": "Japan",
    "usa": "United States",
    "us": "United States",
    "united states of america": "United States",
    "deu": "Germany",
    "tur": "Turkey",
    "türkiye": "Turkey",
    "turkiye": "Turkey",
    "dac": "DAC Countries, Total",
    "all dac donors": "DAC Countries, Total",
    "dac countries": "DAC Countries, Total",
    "multilaterals": "Multilateral Agencies, Total",
    "multilateral agencies": "Multilateral Agencies, Total",
    "non-dac": "Non-DAC Countries, Total",
    "all donors": "Official Donors, Total",
    "official donors": "Official Donors, Total",
}


def resolve_recipient(recipient: str):
    """Return the :class:`~kca_analysis.countries.Country` of one of the five.

    Raises
    ------
    ValueError
        Naming the parameter and listing the five, for anything else.
    """
    return resolve_country(recipient, parameter="recipient")


def resolve_donors(donors: Iterable[str]) -> list[str]:
    """Return the DAC Table 2a donor names for ``donors`` (names or aliases), in order.

    Accepted: the names in :data:`DONORS` (any case) and aliases such as ``"USA"``,
    ``"Türkiye"``, ``"all DAC donors"``, ``"multilaterals"``.

    Raises
    ------
    ValueError
        For an unknown donor (listing the allowed names), an empty list or a repetition.
    """
    if isinstance(donors, str):
        raise ValueError(f"compare_with={donors!r} must be a list of donor names")
    canonical = {d.casefold(): d for d in DONORS}
    out = []
    for donor in donors:
        key = " ".join(str(donor).split()).casefold()
        name = canonical.get(key) or _DONOR_ALIASES.get(key)
        if name is None:
            raise ValueError(
                f"compare_with: unknown donor {donor!r}; expected one of "
                + ", ".join(repr(d) for d in DONORS)
            )
        if name in out:
            raise ValueError(f"compare_with lists {name!r} more than once")
        out.append(name)
    if not out:
        raise ValueError("compare_with is empty; name at least one donor of " + ", ".join(DONORS))
    return out


#: The harmonised theme taxonomy: theme -> regular expressions (case-insensitive, matched at a
#: word start). One text may carry several themes ("energy efficiency, human resources").
#: Patterns are deliberately narrow: a missed keyword shows up as an unclassified item, which a
#: reader can see, while a too-broad pattern would silently put text under the wrong theme.
THEMES: dict[str, tuple[str, ...]] = {
    "transport & logistics": (
        r"transport\w*",
        r"logistic\w*",
        r"rail(?:road|way)s?",
        r"highways?",
        r"(?:middle )?corridors?",
        r"transit",
    ),
    "energy & resources": (
        r"energy",
        r"oil",
        r"(?:natural )?gas(?: liquefaction)?\b",
        r"uranium",
        # "resources" alone, not human or water resources (their own themes)
        r"(?<!human )(?<!water )resources?",
        r"(?:critical )?minerals?",
    ),
    "health": (
        r"health\w*",
        r"medic\w*",
        r"pharma\w*",
        r"covid\w*",
    ),
    "climate & environment": (
        r"climate",
        r"environment\w*",
        r"carbon",
        r"green economy",
        r"ecolog\w*",
        r"emissions?",
    ),
    "digital & ICT": (
        r"digital\w*",
        r"ict\b",
        r"(?-i:IT)\b",  # upper case only: "IT", never the pronoun "it"
        r"information technolog\w*",
        r"distance education",
    ),
    "education & human resources": (
        r"educat\w*",
        r"human resources?",
        r"personnel",
        r"training",
        r"science\w*",
        r"universit\w*",
    ),
    "culture & tourism": (
        r"cultur\w*",
        r"touris\w*",
        r"people-to-people",
    ),
    "youth": (r"youth\w*",),
    "agriculture & forestry": (
        r"agricultur\w*",
        r"(?:re)?forest\w*",
        r"farm\w*",
    ),
    "industry & economy": (
        r"industr\w*",
        r"manufactur\w*",
        r"econom(?:y|ic|ies)\b",
        r"socio-economic",
        r"development model",
        r"new growth engines?",
        r"national competitiveness",
        r"textiles?",
        r"trade\b",
        r"invest\w*",
        r"business\w*",
        r"fertili[sz]er\w*",
        r"modern[iy][sz]ation",
        r"diversification",
    ),
    "water": (
        r"water",
        r"aral sea",
    ),
    "standardisation": (
        r"standardi[sz]ation",
        r"technical standards?",
    ),
    "e-government": (
        r"e-government",
        r"e-gov\b",
        r"digital government",
    ),
    "supply chains": (
        r"supply chains?",
        r"critical minerals?",
    ),
    "security & defence": (
        r"defen[cs]e",
        # "security" alone, not the security of a sector named by another theme: "economic
        # security" (the 15th forum) is supply and trade policy, not defence
        r"(?<!economic )(?<!energy )(?<!water )(?<!health )security",
        r"nuclear",
    ),
}


def check_themes(themes: Sequence[str] | None) -> list[str]:
    """Return the requested theme names in taxonomy order (all when empty or ``None``).

    Raises
    ------
    ValueError
        For a name that is not a theme of :data:`THEMES`; the message lists the valid names.
    """
    if not themes:
        return list(THEMES)
    unknown = [t for t in themes if t not in THEMES]
    if unknown:
        raise ValueError(
            f"unknown theme(s) {unknown!r}; expected names from: {', '.join(map(repr, THEMES))}"
        )
    return [t for t in THEMES if t in themes]


CONFIDENCE_LEVELS: tuple[str, ...] = ("official", "press", "secondary")


def confidence_rank(level: str) -> int:
    """Return the rank of a confidence level: 0 for official, 1 for press, 2 for secondary.

    Raises
    ------
    ValueError
        For any other level; the message lists the valid ones.
    """
    if level not in CONFIDENCE_LEVELS:
        raise ValueError(
            f"unknown confidence level {level!r}; expected one of {', '.join(CONFIDENCE_LEVELS)}"
        )
    return CONFIDENCE_LEVELS.index(level)
