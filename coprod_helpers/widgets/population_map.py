"""A map of the area's small areas shaded by deprivation or by a rate from the service data."""
from __future__ import annotations

import ipywidgets as w
import pandas as pd
import traitlets

from ..populations import breakdowns, service_data
from ..populations.disclosure import DEFAULT_THRESHOLD, MARKER
from .common import action_button, html_table
from .population_base import STYLE, WIDE, PopulationPanel
from .common import check_box

DEPRIVATION = "imd_decile"
DEPRIVATION_WORDS = "Deprivation decile (1 = most deprived)"
SMALL_AREA = "small_area"


def small_area_rates(data: pd.DataFrame, measure: str, *, shareable: bool = False,
                     threshold: int = DEFAULT_THRESHOLD) -> tuple[pd.DataFrame, str]:
    """Rate per small area for ``measure`` from service data split by small area, and its unit words.

    The table has ``code, events, value, lower, upper`` (hidden cells are "*" when ``shareable``).
    """
    b = breakdowns.make_breakdown(data, measure, SMALL_AREA, shareable=shareable, threshold=threshold)
    return b.table.rename(columns={"group": "code"}), b.per_words


class SmallAreaMapPanel(PopulationPanel):
    """The small areas of the area, shaded by deprivation decile or by a rate per small area.

    Rates come from saved service data whose ``group_type`` is ``small_area`` (the group is
    the small-area code). With "Hide small numbers" ticked (or ``shareable=True``) small
    counts are hidden and those small areas are grey, as in anything shared. The map is drawn
    offline (Leaflet inlined). Publishes ``values``: small-area code -> the number shaded.
    """

    values = traitlets.Dict().tag(sync=False)

    def __init__(self, *, area, shareable: bool = False, threshold: int = DEFAULT_THRESHOLD, **kwargs):
        super().__init__(**kwargs)
        self.area, self.threshold = area, threshold
        self.colour_by = w.Dropdown(description="Colour small areas by", options=[(DEPRIVATION_WORDS, DEPRIVATION)],
                                    style=STYLE, layout=WIDE)
        self.shareable = check_box(description="Hide small numbers (for sharing)", value=shareable)
        self.refresh_button = action_button("Refresh the map")
        self.map_view = w.HTML(layout=w.Layout(width="100%"))
        self.list_view = w.HTML()
        self.colour_by.observe(lambda _: self.draw(), "value")
        self.shareable.observe(lambda _: self.draw(), "value")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.children = [self.colour_by, w.HBox([self.shareable, self.refresh_button]), self.message,
                         self.map_view, self.list_view]
        self.data = None
        self.refresh()

    def refresh(self) -> None:
        """Read the saved service data again and offer each measure given by small area."""
        self.data = service_data.saved_service_data(self.store, self.project_id)
        measures = sorted(self.data.loc[self.data["group_type"] == SMALL_AREA, "measure"].unique())
        chosen = self.colour_by.value
        self.colour_by.options = [(DEPRIVATION_WORDS, DEPRIVATION)] + [(f"{m} (rate by small area)", m)
                                                                       for m in measures]
        self.colour_by.value = chosen if chosen in [DEPRIVATION, *measures] else DEPRIVATION
        self.draw()

    def _layer(self):
        """(values code -> number, notes code -> words, label, reverse, number format)."""
        if self.colour_by.value == DEPRIVATION:
            deciles = self.area.deprivation.set_index("code")["imd_decile"]
            return {c: float(v) for c, v in deciles.items()}, {}, DEPRIVATION_WORDS, True, "{:,.0f}"
        table, per_words = small_area_rates(self.data, self.colour_by.value, shareable=self.shareable.value,
                                            threshold=self.threshold)
        values = {c: float(v) for c, v in zip(table["code"], pd.to_numeric(table["value"], errors="coerce"))
                  if v == v}
        notes = {c: f"hidden: fewer than {self.threshold} events" for c, e in zip(table["code"], table["events"])
                 if e == MARKER}
        return values, notes, f"{self.colour_by.value}, {per_words}", False, "{:,.1f}"

    def draw(self) -> None:
        from ..maps.choropleth import make_small_area_map
        from ..maps.offline import map_to_iframe_html

        layer = self.run(self._layer)
        if layer is None:
            return
        values, notes, label, reverse, fmt = layer
        m = make_small_area_map(self.area, values, label=label, notes=notes, reverse=reverse, value_format=fmt)
        self.map_view.value = map_to_iframe_html(m, title=f"Map of the small areas: {label}")
        names = dict(zip(self.area.small_areas["code"], self.area.small_areas["name"]))
        rows = [[names.get(code, code), code, fmt.format(values[code]) if code in values else notes.get(code, "no data")]
                for code in self.area.small_areas["code"]]
        table = html_table(["Small area", "Code", label], rows, caption="The numbers on the map")
        # a scrolling box must take keyboard focus, or keyboard users cannot scroll it
        self.list_view.value = (f'<div tabindex="0" role="region" aria-label="The numbers on the map" '
                                f'style="max-height:320px;overflow:auto">{table}</div>')
        self.values = values
