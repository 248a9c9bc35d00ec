"""Steps 4 and 5 of the ten-step guide: who experiences inequality, and what people say.

Quantitative: :mod:`.rates` (rates, proportions, DSR), :mod:`.gaps` (ratios, differences,
excess events, benchmarks, ranking), :mod:`.deprivation` (SII/RII), :mod:`.disclosure`
(small-count suppression), :mod:`.data_quality`, :mod:`.denominators`, :mod:`.service_data`
(loading a team's counts) and :mod:`.breakdowns` (the whole table in one call).

Qualitative and co-production: :mod:`.redaction`, :mod:`.feedback` (snippets, themes, coding),
:mod:`.prioritising` (votes and decisions), :mod:`.plain_words`, :mod:`.summary_export`,
:mod:`.charts`.

Submodules are imported when first used, so ``import coprod_helpers.populations`` is cheap.

Examples
--------
>>> from coprod_helpers.populations import crude_rate
>>> round(float(crude_rate(25, 10_000)["rate"]), 1)
250.0
"""
from importlib import import_module

_EXPORTS = {
    "rates": ["crude_rate", "proportion", "poisson_limits", "exact_poisson_limits", "byar_limits",
              "wilson_limits", "directly_standardised_rate", "esp2013_weights", "ESP2013", "z_value"],
    "gaps": ["rate_ratio", "rate_difference", "excess_events", "compare_with_benchmark", "compare_groups",
             "rank_gaps", "POLARITIES"],
    "deprivation": ["slope_index_of_inequality", "summarise_by_deprivation"],
    "disclosure": ["suppress_table", "suppress_breakdown"],
    "data_quality": ["unknown_share", "check_breakdown"],
    "denominators": ["read_census_ethnicity", "aggregate_population", "area_denominators"],
    "service_data": ["load_service_data", "save_service_data", "saved_service_data"],
    "breakdowns": ["make_breakdown", "standardised_breakdown"],
    "redaction": ["redact_text"],
    "feedback": ["add_snippet", "import_snippets", "add_theme", "code_snippet", "theme_counts"],
    "prioritising": ["cast_vote", "vote_tally", "record_decision"],
    "plain_words": ["describe_gap", "describe_gaps"],
    "summary_export": ["build_summary", "export_summary_html", "export_summary_xlsx"],
    "charts": ["make_forest_plot", "make_rate_chart"],
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_WHERE)


def __getattr__(name):
    if name in _WHERE:
        value = getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    if name in _EXPORTS:
        return import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__) | set(_EXPORTS))
