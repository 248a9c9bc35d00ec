"""On the real open files: England population by ethnic group (Census 2021, summed from local
authorities) and Mental Health Act detentions 2023-24, giving crude rates with CIs that agree
with the rates NHS England published in the same file."""
import pandas as pd
import pytest

from coprod_helpers.populations import denominators, gaps, rates

pytestmark = pytest.mark.shared_data

# NHS ethnic categories in the MHA file -> the one Census group NHS England divides by
# (worked out from the published rates: e.g. "Any other White background" uses Other White only).
MHA_TO_CENSUS = {
    "British": "White: British", "Irish": "White: Irish", "Any Other White background": "White: Other White",
    "White and Black Caribbean": "Mixed: White and Black Caribbean",
    "White and Black African": "Mixed: White and Black African", "White and Asian": "Mixed: White and Asian",
    "Any Other Mixed background": "Mixed: Other Mixed", "Indian": "Asian: Indian", "Pakistani": "Asian: Pakistani",
    "Bangladeshi": "Asian: Bangladeshi", "Any Other Asian background": "Asian: Other Asian",
    "Caribbean": "Black: Caribbean", "African": "Black: African", "Any Other Black background": "Black: Other Black",
    "Chinese": "Asian: Chinese", "Any Other Ethnic Group": "Other: Any other ethnic group",
}


@pytest.fixture(scope="module")
def england_population(shared_dir):
    census = denominators.read_census_ethnicity(
        shared_dir / "data" / "census" / "ts021_ethnic_group_20cat_ltla_england_wales.csv")
    return denominators.aggregate_population(census, to="england")


@pytest.fixture(scope="module")
def detentions(shared_dir):
    m = pd.read_csv(shared_dir / "data" / "mental_health" / "mha_2023_24_subset_england_nel_icb_elft.csv")
    m = m[(m["Measure"] == "All detentions") & (m["Demographic"] == "Ethnicity") & (m["OrgID"] == "All prov")]
    return m[m["DemographicBreakdown"].isin(MHA_TO_CENSUS)].assign(
        group=lambda d: d["DemographicBreakdown"].map(MHA_TO_CENSUS))


def test_england_population_by_ethnic_group_from_local_authorities(england_population):
    pop = england_population.set_index("ethnic_group")["population"]
    assert len(pop) == 19
    assert pop.sum() == 56_490_065  # England, Census 2021 usual residents
    assert pop["White: British"] == 41_540_796
    assert pop["Black: Caribbean"] == 619_415


@pytest.mark.parametrize("level", [0.95, 0.998])
def test_crude_detention_rates_match_the_published_rates(england_population, detentions, level):
    t = detentions.merge(england_population.rename(columns={"ethnic_group": "group"}), on="group")
    assert len(t) == len(MHA_TO_CENSUS)
    r = rates.crude_rate(t["Total_Count"], t["population"], level=level)
    # published to one decimal place
    assert (abs(r["rate"] - t["CrudeRate"]) <= 0.05 + 1e-9).all(), pd.DataFrame({"group": t["group"], "ours": r["rate"], "nhs": t["CrudeRate"]})
    assert (r["lower"] < r["rate"]).all() and (r["rate"] < r["upper"]).all()
    assert set(r["method"]) == {"byar"}  # every group had at least 10 detentions
    caribbean = t.index[t["group"] == "Black: Caribbean"][0]
    i = list(t.index).index(caribbean)
    # 1,518 detentions among 619,415 people: 245.1 per 100,000
    assert r["rate"][i] == pytest.approx(245.07, abs=0.01)
    if level == 0.95:
        # Byar by hand: 1518 * (1 - 1/(9*1518) - 1.96/(3*sqrt(1518)))**3 / 619415 * 1e5 = 232.90
        assert r["lower"][i] == pytest.approx(232.90, abs=0.01) and r["upper"][i] == pytest.approx(257.72, abs=0.01)


def test_black_caribbean_people_are_several_times_as_likely_to_be_detained(england_population, detentions):
    t = detentions.merge(england_population.rename(columns={"ethnic_group": "group"}), on="group")
    table = gaps.compare_groups(t.rename(columns={"Total_Count": "events"})[["group", "events", "population"]],
                                reference="White: British")
    row = table.set_index("group").loc["Black: Caribbean"]
    assert row["ratio"] == pytest.approx(245.07 / 68.17, rel=1e-3)
    assert row["ratio_lower"] > 3 and row["compared"] == "worse"
    assert row["excess"] == pytest.approx(1518 - 619_415 * 28_317 / 41_540_796, rel=1e-9)
