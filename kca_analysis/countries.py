"""The five Central Asian states, Korea and the other powers the paper names.

Names are looked up strictly: an exact match (ignoring case and surrounding space) against the
English name, the ISO 3166 codes, pycountry's official and common names, and a short list of
aliases used by our sources. Anything else is an error that lists the valid names; there is no
fuzzy matching, because a silently wrong country is worse than a loud failure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pycountry


class UnknownCountryError(ValueError):
    """Raised for a country name or code that the strict lookup does not know."""


@dataclass(frozen=True)
class Country:
    """A country as this collection names it."""

    iso3: str
    iso2: str
    name: str
    aliases: tuple[str, ...] = field(default=())

    def all_names(self) -> tuple[str, ...]:
        """Every spelling that the strict lookup accepts for this country."""
        record = pycountry.countries.get(alpha_3=self.iso3)
        names = {self.iso3, self.iso2, self.name, *self.aliases}
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(record, attribute, None)
            if value:
                names.add(value)
        return tuple(sorted(names))


def _country(iso3: str, name: str, *aliases: str) -> Country:
    record = pycountry.countries.get(alpha_3=iso3)
    if record is None:  # pragma: no cover - guards a typo in the tables below
        raise UnknownCountryError(f"pycountry does not know ISO3 code {iso3!r}")
    return Country(iso3=iso3, iso2=record.alpha_2, name=name, aliases=aliases)


#: The five Central Asian states, in the order of the paper's Table 1.
CENTRAL_ASIA: tuple[Country, ...] = (
    _country("UZB", "Uzbekistan", "Uzbekistan, Rep. of"),
    _country("KAZ", "Kazakhstan", "Kazakhstan, Rep. of"),
    _country("KGZ", "Kyrgyzstan", "Kyrgyz Rep.", "Kyrgyz Republic"),
    _country("TJK", "Tajikistan", "Tajikistan, Rep. of"),
    _country("TKM", "Turkmenistan"),
)

KOREA = _country(
    "KOR", "South Korea", "Korea", "Republic of Korea", "Korea, Rep.", "Korea, Rep. of"
)

#: Korea and the powers among which the paper says Korea positions itself in Central Asia.
PARTNERS: tuple[Country, ...] = (
    KOREA,
    _country("CHN", "China"),
    _country("RUS", "Russia", "Russian Federation"),
    _country("JPN", "Japan"),
    _country("USA", "United States", "United States of America"),
    _country("TUR", "Turkey", "Türkiye", "Turkiye"),
    _country("DEU", "Germany"),
    _country("IND", "India"),
    _country("IRN", "Iran", "Iran, Islamic Republic of"),
)

CENTRAL_ASIA_ISO3: tuple[str, ...] = tuple(c.iso3 for c in CENTRAL_ASIA)
CENTRAL_ASIA_NAMES: tuple[str, ...] = tuple(c.name for c in CENTRAL_ASIA)


def _normalise(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _index(countries: tuple[Country, ...]) -> dict[str, Country]:
    return {_normalise(n): c for c in countries for n in c.all_names()}


_CENTRAL_ASIA_INDEX = _index(CENTRAL_ASIA)
_ALL_INDEX = _index(CENTRAL_ASIA + PARTNERS)


def lookup_country(name: str, *, central_asia_only: bool = True) -> Country:
    """Return the :class:`Country` for a name or ISO code, strictly.

    Parameters
    ----------
    name
        An English name, an ISO3 or ISO2 code, or a known alias (case-insensitive).
    central_asia_only
        When true (the default), only the five Central Asian states are accepted.

    Raises
    ------
    UnknownCountryError
        When ``name`` is not one of the accepted spellings; the message lists the valid names.
    """
    index = _CENTRAL_ASIA_INDEX if central_asia_only else _ALL_INDEX
    found = index.get(_normalise(name))
    if found is None:
        pool = CENTRAL_ASIA if central_asia_only else CENTRAL_ASIA + PARTNERS
        valid = ", ".join(f"{c.name} ({c.iso3})" for c in pool)
        raise UnknownCountryError(f"unknown country {name!r}; expected one of: {valid}")
    return found


def iso3(name: str, *, central_asia_only: bool = True) -> str:
    """Return the ISO3 code for ``name`` (see :func:`lookup_country`)."""
    return lookup_country(name, central_asia_only=central_asia_only).iso3


def country_name(code_or_name: str, *, central_asia_only: bool = True) -> str:
    """Return this collection's English name for a code or name (see :func:`lookup_country`)."""
    return lookup_country(code_or_name, central_asia_only=central_asia_only).name


def five_in_order(codes: Iterable[str]) -> list[str]:
    """Return the ISO3 codes of the five found in ``codes``, in the order of :data:`CENTRAL_ASIA`.

    Parameters
    ----------
    codes
        ISO3 codes, in any order, repeated or not; codes that are not of the five are left out.

    Returns
    -------
    list of str
    """
    present = set(codes)
    return [c for c in CENTRAL_ASIA_ISO3 if c in present]
