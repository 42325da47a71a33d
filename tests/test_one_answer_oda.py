"""One answer per question: the ODA claims print what 04_oda computes.

Each test runs C18 or C19 and the functions 04_oda (and the country profile) call on the same
data (the real files, and copies changed so that a coincidence cannot pass), at each confidence
level, and compares the numbers: Korea's cumulative net ODA and shares (``cumulative``,
``korea_shares``, ``korea_share_by_recipient``), the ranks among Korea's recipients
(``recipient_rank``) and the published total set beside DAC2a (``compare_with_dac2a``).
"""

from __future__ import annotations

import re

import pytest

from kca_analysis import claims
from kca_analysis.analysis import oda
from kca_analysis.countries import country_name
from kca_analysis.text import oda as oda_text

LEVELS = ("secondary", "press", "official")
MILLION = 1e6


@pytest.fixture(scope="module")
def real():
    return claims.with_data()


def _set_korea(iso3, years, musd):
    def change(f):
        mask = (f["donor"] == "Korea") & (f["recipient_iso3"] == iso3) & f["year"].isin(years)
        f.loc[mask, ["value", "value_usd"]] = [musd, musd * MILLION]
        return f

    return change


def _uzbekistan_ranked_50th(f):
    f.loc[f["recipient_iso3"] == "UZB", "rank"] = 50
    return f


CHANGES = {
    "as recorded": {},
    "Kyrgyzstan first": {"oda_dac2a": _set_korea("KGZ", [2019], 1000.0)},
    "Kazakhstan ahead in 2018-2019": {"oda_dac2a": _set_korea("KAZ", [2018, 2019], 500.0)},
    "Tajikistan negative": {"oda_dac2a": _set_korea("TJK", [2010, 2011], -3.0)},
    "Uzbekistan ranked 50th": {"oda_recipients": _uzbekistan_ranked_50th},
}


@pytest.fixture(params=[(c, lvl) for c in CHANGES for lvl in LEVELS], ids=lambda p: "-".join(p))
def case(request, real):
    """(data for the claims, the frames 04_oda reads at that level, the level)."""
    change, level = request.param
    data = dict(real)
    for name, alter in CHANGES[change].items():
        data[name] = alter(real[name].copy())
    frames = {
        name: claims.evidence.rows_at(data, name, level)[0]
        for name in ("oda_dac2a", "oda_recipients", "oda_facts")
    }
    return data, frames, level


def test_c18_states_04_oda_s_sums_shares_and_ranks(case):
    data, frames, level = case
    evidence = claims.run_check("C18", data, level).evidence
    dac2a = frames["oda_dac2a"]
    totals = oda.cumulative(oda.korea_net_oda(dac2a))
    uzb = totals[totals["recipient_iso3"] == "UZB"].iloc[0]
    rank = int(totals.index[totals["recipient_iso3"] == "UZB"][0]) + 1
    assert (
        f"Uzbekistan received USD {uzb['net_usd'] / MILLION:,.1f} m net from Korea, "
        f"{uzb['share_of_five_pct']:.0f}% of Korea's ODA to the five "
        f"(rank {rank} of {len(totals)};"
    ) in evidence
    # the same sum as 04_oda's (and the country profile's) share among the donors
    by_country = oda.korea_share_by_recipient(dac2a).set_index("recipient_iso3")
    assert by_country.loc["UZB", "korea_net_usd"] == pytest.approx(uzb["net_usd"])
    # the years in the lead and the share of all recipients, from 04_oda's yearly shares
    shares = oda.korea_shares(dac2a)
    # the largest of the five is compared in the years all five have a share of their total
    wide = shares.pivot(index="year", columns="recipient_iso3", values="share_of_five_pct")
    wide = wide.dropna(how="any")
    led = int((wide.idxmax(axis=1) == "UZB").sum())
    uzb_years = shares[shares["recipient_iso3"] == "UZB"]
    of_all = uzb_years["value_usd"].sum() / uzb_years["all_recipients_usd"].sum() * 100
    assert (
        f"the largest of the five in {led} of the {len(wide)} years all five have a value; "
        f"{of_all:.1f}% of"
    ) in evidence


def test_c18_states_the_ranks_04_oda_shows(case):
    data, frames, level = case
    evidence = claims.run_check("C18", data, level).evidence
    ranks = oda.recipient_rank(frames["oda_recipients"], "UZB")
    ranked = ranks[ranks["rank"].notna()]
    assert not ranked.empty
    stated = ", ".join(
        f"{r.year} {r.rank} of {r.recipients} ({claims.evidence.usd(r.value_usd)})"
        for r in ranked.itertuples()
    )
    assert f"WDI ranks among all of Korea's recipients: {stated}" in evidence
    by_year = ", ".join(
        f"{r.year} {'yes' if r.rank <= 10 else 'no'} (rank {r.rank})" for r in ranks.itertuples()
    )
    assert f"within Korea's top 10 recipients (WDI): {by_year}." in evidence


def test_c18_and_04_oda_say_the_same_of_the_list_that_defines_core(case):
    data, frames, level = case
    evidence = claims.run_check("C18", data, level).evidence
    found = oda.rank_findings(frames["oda_recipients"], frames["oda_facts"], "UZB")
    sentence = oda_text.recipient_rank(found)
    assert "is not in the data" in evidence and "not in the data" in sentence
    for period, count, source in found.priority_lists:
        assert f"{count} countries for {period}, {source}" in evidence
        assert f"{count} countries for {period}, per {source}" in sentence
    assert found.priority_lists  # the size of the 2021-2025 list is an official fact


def test_c18_sets_the_published_total_beside_dac2a_as_04_oda_does(case):
    data, frames, level = case
    evidence = claims.run_check("C18", data, level).evidence
    figures = oda.uzbekistan_figures(frames["oda_facts"], "Uzbekistan")
    checked = oda.compare_with_dac2a(figures, frames["oda_dac2a"], "UZB")
    total = checked[checked["topic"].str.contains("Korea total ODA")]
    if total.empty:
        assert "Sources disagree" not in evidence
        return
    row = total.iloc[0]
    assert (
        f"gives USD {row['value_usd'] / MILLION:,.0f} m for {row['period']}, DAC2a sums to "
        f"USD {row['dac2a_net_usd'] / MILLION:,.1f} m."
    ) in evidence


def test_c19_states_04_oda_s_sums_for_the_other_four(case):
    data, frames, level = case
    evidence = claims.run_check("C19", data, level).evidence
    korea = oda.korea_net_oda(frames["oda_dac2a"])
    totals = oda.cumulative(korea).set_index("recipient_iso3")
    wide = korea.pivot(index="year", columns="recipient_iso3", values="value_usd")
    uzb = totals.loc["UZB", "net_usd"]
    assert f"Uzbekistan USD {uzb / MILLION:,.1f} m;" in evidence
    for iso in ("KGZ", "TKM", "TJK", "KAZ"):
        net = totals.loc[iso, "net_usd"]
        above = int((wide[iso] > wide["UZB"]).sum())
        stated = (
            f"{country_name(iso)} USD {net / MILLION:,.1f} m ({net / uzb:.2f}x of Uzbekistan's; "
            f"above Uzbekistan in {above} of {len(wide)} years"
        )
        assert stated in evidence
        negative = int(totals.loc[iso, "years_negative"])
        found = re.search(re.escape(stated) + r"(; net negative in (\d+) years)?\)", evidence)
        assert int(found[2] or 0) == negative


def test_the_claims_figure_draws_04_oda_s_totals(real):
    import matplotlib.pyplot as plt

    from kca_analysis.figures import claims as claim_figures

    totals = oda.cumulative(oda.korea_net_oda(real["oda_dac2a"]))
    ax = claim_figures.plot_oda(totals)
    heights = [bar.get_height() for bar in ax.patches]
    assert heights == pytest.approx(list(totals["net_usd"] / MILLION))
    plt.close(ax.figure)
