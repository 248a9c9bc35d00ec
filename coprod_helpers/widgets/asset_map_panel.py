"""The asset map on a page: map and accessible list side by side, filters, exports and gaps."""
from __future__ import annotations

import base64
from datetime import date

import ipywidgets as w
import traitlets

from ..assets import exporters, gaps, register
from ..maps.assets_map import asset_list_html, filter_assets, make_asset_map
from .asset_base import STYLE, WIDE, AssetPanelBase, escape
from .common import check_box

COLOUR_CHOICES = [("Nothing (outlines only)", None), ("Deprivation decile (1 = most deprived)", "imd_decile")]
RATE_PREFIX = "rate:"  # colour_by values for rates, so a rate's words never clash with a deprivation column
EXPORTS = {"html": ("Shareable map (HTML)", "text/html", ".html"),
           "geojson": ("GeoJSON", "application/geo+json", ".geojson"),
           "gpkg": ("GeoPackage", "application/geopackage+sqlite3", ".gpkg"),
           "csv": ("CSV", "text/csv", ".csv"),
           "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
           "hsds": ("Open Referral UK (HSDS) zip", "application/zip", ".zip")}


def download_link(data: bytes, filename: str, mime: str, words: str) -> str:
    """An HTML link that downloads ``data`` (kept in the page, nothing is uploaded)."""
    encoded = base64.b64encode(data).decode("ascii")
    return (f'<a download="{escape(filename)}" href="data:{escape(mime)};base64,{encoded}">'
            f'Download: {escape(words)} ({len(data) / 1024:.0f} KB)</a>')


class AssetMapPanel(AssetPanelBase):
    """Map and list of the assets with search, category filter, area colouring and exports.

    Publishes ``shown_ids``: the ids of the assets on the map now.

    Parameters
    ----------
    rates : dict, optional
        Extra ways to colour the small areas, ``{"words": Series code -> value}``. When not
        given, the rates per small area in the project's saved service data (the populations
        step, see :func:`~coprod_helpers.assets.gaps.small_area_rates`) are offered, read
        again on "Refresh the map".
    """

    shown_ids = traitlets.List()

    def __init__(self, *, rates: dict | None = None, title: str = "Community assets", **kwargs):
        super().__init__(**kwargs)
        self._given_rates = rates
        self._quiet = False  # True while the colour choices are being replaced
        self.rates = self.load_rates()
        cats = register.load_categories(self.store, self.project_id)
        self.search = w.Text(description="Find by name", style=STYLE, continuous_update=False)
        self.category_filter = w.SelectMultiple(options=[(c.label, c.key) for c in cats], rows=min(len(cats), 6),
                                                description="Only these categories (none chosen = all)", style=STYLE)
        self.show_proposed = check_box(value=True, description="Show proposed places too (hollow rings)")
        self.colour_by = w.Dropdown(options=self._colour_options(), description="Colour small areas by", style=STYLE)
        self.refresh_button = w.Button(description="Refresh the map")
        self.map_view = w.HTML(layout=w.Layout(width="100%", min_width="320px", flex="2 1 480px"))
        self.list_view = w.HTML(layout=w.Layout(flex="1 1 260px", max_height="640px", overflow="auto"))
        self.title = w.Text(value=title, description="Title of the shared map", style=STYLE, layout=WIDE)
        self.export_buttons = {k: w.Button(description=v[0]) for k, v in EXPORTS.items()}
        self.download = w.HTML()
        for key, button in self.export_buttons.items():
            button.on_click(lambda _, k=key: self.export(k))
        for control in (self.search, self.category_filter, self.show_proposed, self.colour_by):
            control.observe(lambda _: self.refresh() if not self._quiet else None, "value")
        self.refresh_button.on_click(lambda _: self.reload())
        exports = w.VBox([w.HTML("<strong>Share the map</strong> (published places only; no names of "
                                 "contributors; hidden places approximate)"), self.title,
                          w.HBox(list(self.export_buttons.values()), layout=w.Layout(flex_flow="row wrap")),
                          self.download])
        self.children = [w.HBox([self.search, self.refresh_button]), self.category_filter,
                         w.HBox([self.show_proposed, self.colour_by]),
                         w.HBox([self.map_view, self.list_view], layout=w.Layout(flex_flow="row wrap", width="100%")),
                         exports, self.message]
        self.refresh()

    def assets(self) -> list[dict]:
        statuses = ["published", "proposed"] if self.show_proposed.value else ["published"]
        everything = register.list_assets(self.store, self.project_id, statuses)
        return filter_assets(everything, categories=self.category_filter.value, text=self.search.value)

    def load_rates(self) -> dict:
        """The rates to offer: those given, else the project's small-area rates (none on a problem)."""
        if self._given_rates is not None:
            return dict(self._given_rates)
        from ..populations.service_data import saved_service_data

        return self.run_quietly(lambda: gaps.small_area_rates(saved_service_data(self.store, self.project_id)), {})

    def _colour_options(self) -> list:
        return COLOUR_CHOICES + [(words, RATE_PREFIX + words) for words in self.rates]

    def reload(self) -> None:
        """Read the rates again (the populations step may have saved more) and redraw."""
        self.rates = self.load_rates()
        options = self._colour_options()
        if options != list(self.colour_by.options):
            current = self.colour_by.value
            self._quiet = True
            try:
                self.colour_by.options = options
                self.colour_by.value = current if current in [v for _, v in options] else None
            finally:
                self._quiet = False
        self.refresh()

    def _colour(self):
        value = self.colour_by.value
        if isinstance(value, str) and value.startswith(RATE_PREFIX):
            return self.rates.get(value[len(RATE_PREFIX):])
        return value

    def refresh(self) -> None:
        from ..maps.offline import map_to_iframe_html

        cats = register.load_categories(self.store, self.project_id)
        shown = self.assets()
        m = make_asset_map(shown, area=self.area, categories=cats, colour_by=self._colour(),
                           colour_label=self.colour_by.label if self.colour_by.value else None, click_target=True)
        self.map_view.value = map_to_iframe_html(m, title="Map of the places and the small areas")
        self.list_view.value = asset_list_html(shown, categories=cats, heading="Places on the map")
        self.shown_ids = [a["id"] for a in shown]

    def export_bytes(self, kind: str) -> bytes:
        """The export of the published assets as bytes (``kind`` is one of EXPORTS)."""
        from ..maps.share_html import export_map_html

        cats = register.load_categories(self.store, self.project_id)
        published = register.published_assets(self.store, self.project_id)
        if kind == "html":
            page = export_map_html(published, area=self.area, categories=cats, title=self.title.value,
                                   colour_by=self._colour(),
                                   colour_label=self.colour_by.label if self.colour_by.value else None)
            return page.encode("utf-8")
        return exporters.export_bytes(published, kind, categories=cats)

    def export(self, kind: str) -> None:
        words, mime, suffix = EXPORTS[kind]
        data = self.run(lambda: self.export_bytes(kind))
        if data is not None:
            name = f"assets-{date.today().isoformat()}{suffix}"
            self.download.value = download_link(data, name, mime, words)


class AssetGapPanel(AssetPanelBase):
    """Which small areas of high need have no published asset of chosen categories nearby.

    Publishes ``gap_codes``: the small-area codes listed.
    """

    gap_codes = traitlets.List()

    def __init__(self, *, high_need=None, **kwargs):
        super().__init__(**kwargs)
        self.high_need = high_need
        cats = register.load_categories(self.store, self.project_id)
        self.category_picker = w.SelectMultiple(options=[(c.label, c.key) for c in cats], rows=min(len(cats), 6),
                                                description="Kinds of place (none chosen = all)", style=STYLE)
        self.nearby = w.BoundedIntText(value=int(gaps.NEARBY_M), min=100, max=10_000, step=100,
                                       description="Counts as nearby within (metres)", style=STYLE)
        self.go = w.Button(description="Find gaps", button_style="primary")
        self.go.on_click(lambda _: self.find())
        self.table = w.HTML()
        self.children = [self.category_picker, self.nearby, self.go, self.table, self.message]

    def find(self):
        def work():
            published = register.published_assets(self.store, self.project_id)
            result = gaps.distance_to_nearest_asset(self.area, published, categories=list(self.category_picker.value))
            need = self.high_need if self.high_need is not None else gaps.need_from_deprivation(self.area)
            return gaps.high_need_gaps(result, need, nearby_m=self.nearby.value)

        listed = self.run(work)
        if listed is None:
            return None
        self.gap_codes = list(listed["code"])
        if listed.empty:
            self.table.value = "<p>Every high-need small area has a place like this nearby.</p>"
            return listed
        rows = "".join(f"<tr><td>{escape(r.name)} ({escape(r.code)})</td><td>"
                       + ("none at all" if r.distance_m != r.distance_m else f"{r.distance_m / 1000:.1f} km")
                       + f"</td><td>{escape(r.nearest_name or '')}</td></tr>" for r in listed.itertuples())
        self.table.value = ("<table><caption>High-need small areas with nothing nearby</caption><thead><tr>"
                            "<th scope='col'>Small area</th><th scope='col'>Nearest is</th><th scope='col'>Which</th>"
                            f"</tr></thead><tbody>{rows}</tbody></table>")
        return listed
