"""A choropleth of a value (a rate, or deprivation) by small area, drawn offline.

A pure builder in the geopandas ``explore`` style: it adds a layer to the map it is given
(or to a new offline base map from :func:`coprod_helpers.maps.offline.make_base_map`) and
returns the map. It never displays, saves or touches the network.
"""
from __future__ import annotations

import html

import numpy as np

from ..tables import finite_number

#: Colour-blind safe sequential palette (ColorBrewer "Blues", 5 classes); darker = higher.
BLUES = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#d9d9d9"


def class_breaks(values, n_classes: int = 5) -> list[float]:
    """Quantile class breaks (n_classes + 1 edges) for the values that are numbers."""
    v = np.asarray([x for x in values if x is not None and np.isfinite(x)], float)
    if v.size == 0:
        return [0.0, 1.0]
    edges = np.unique(np.quantile(v, np.linspace(0, 1, n_classes + 1)))
    return edges.tolist() if len(edges) > 1 else [float(v.min()), float(v.min()) + 1]


def colour_for(value, breaks, palette=BLUES) -> str:
    """The fill colour for ``value`` given ``breaks`` (grey when missing)."""
    if value is None or not np.isfinite(value):
        return NO_DATA
    k = int(np.searchsorted(breaks[1:-1], value, side="right"))
    k = min(k, len(breaks) - 2)
    step = (len(palette) - 1) / max(len(breaks) - 2, 1)
    return palette[int(round(k * step))]


def make_choropleth_map(gdf, column: str, *, m=None, name_col: str = "name", label: str | None = None,
                        value_format: str = "{:,.1f}", reverse: bool = False, n_classes: int = 5,
                        tooltip_cols=(), layer_name: str | None = None):
    """Shade each small area by ``column``; returns the folium map.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Polygons (any CRS; drawn in EPSG:4326) with ``column`` and ``name_col``.
    column : str
        The numbers to map. Missing values are grey and say "no data".
    m : folium.Map, optional
        Add to this map; by default a new offline base map fitted to the areas.
    label : str, optional
        What the value is, for the legend and tooltips (defaults to the column name).
    reverse : bool
        Darker for lower values (e.g. for IMD decile, where 1 = most deprived).
    tooltip_cols : sequence of str
        Extra columns to show on hover.

    Examples
    --------
    >>> m = make_choropleth_map(area.small_areas.merge(rates, on="code"), "rate")  # doctest: +SKIP
    """
    import folium

    label = label or column
    g = gdf.to_crs(4326) if gdf.crs is not None and gdf.crs.to_epsg() != 4326 else gdf
    values = [None if v is None or (isinstance(v, float) and np.isnan(v)) else float(v)
              for v in g[column].tolist()]
    breaks = class_breaks(values, n_classes)
    palette = BLUES[::-1] if reverse else BLUES
    if m is None:
        from .offline import make_base_map

        bounds = g.total_bounds  # minx, miny, maxx, maxy
        m = make_base_map(bounds=[[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    features = []
    for (_, row), value in zip(g.iterrows(), values):
        shown = "no data" if value is None else value_format.format(value)
        lines = [f"<b>{html.escape(str(row.get(name_col, '')), quote=True)}</b>",
                 f"{html.escape(label, quote=True)}: {html.escape(shown, quote=True)}"]
        lines += [f"{html.escape(str(c), quote=True)}: {html.escape(str(row[c]), quote=True)}" for c in tooltip_cols]
        features.append({"type": "Feature", "geometry": row.geometry.__geo_interface__,
                         "properties": {"fill": colour_for(value, breaks, palette), "tip": "<br>".join(lines)}})
    layer = folium.GeoJson({"type": "FeatureCollection", "features": features}, name=layer_name or label,
                           style_function=lambda f: {"fillColor": f["properties"]["fill"], "color": "#555555",
                                                     "weight": 0.6, "fillOpacity": 0.75},
                           tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False))
    layer.add_to(m)
    _add_legend(m, label, breaks, palette, value_format)
    return m


def _add_legend(m, label, breaks, palette, value_format):
    from branca.element import MacroElement, Template

    rows = []
    for k in range(len(breaks) - 1):
        colour = colour_for((breaks[k] + breaks[k + 1]) / 2, breaks, palette)
        text = f"{value_format.format(breaks[k])} to {value_format.format(breaks[k + 1])}"
        rows.append(f"<div><span style='display:inline-block;width:1em;height:1em;background:{colour};"
                    f"border:1px solid #555;margin-right:.4em'></span>{html.escape(text)}</div>")
    rows.append(f"<div><span style='display:inline-block;width:1em;height:1em;background:{NO_DATA};"
                "border:1px solid #555;margin-right:.4em'></span>no data</div>")
    body = (f"<div role='region' aria-label='Map key' style='position:absolute;bottom:1.5em;left:1em;z-index:9999;"
            f"background:#fff;padding:.4em .6em;border:1px solid #999;font:12px sans-serif'>"
            f"<b>{html.escape(label)}</b>{''.join(rows)}</div>")
    legend = MacroElement()
    legend._template = Template("{% macro html(this, kwargs) %}" + body.replace("{", "&#123;").replace("}", "&#125;") + "{% endmacro %}")
    m.get_root().add_child(legend)


def make_small_area_map(area, values, *, label: str, m=None, notes=None, reverse: bool = False,
                        value_format: str = "{:,.1f}"):
    """Shade an area's small areas by ``values`` (a mapping or Series: small-area code -> number).

    Codes without a number are grey ("no data"). ``notes`` (code -> words) adds a line to the
    tooltip, e.g. to say a number is hidden because it is small. Returns the folium map.

    Examples
    --------
    >>> deciles = area.deprivation.set_index("code")["imd_decile"]            # doctest: +SKIP
    >>> m = make_small_area_map(area, deciles, label="Deprivation decile", reverse=True)  # doctest: +SKIP
    """
    g = area.small_areas[["code", "name", "geometry"]].copy()
    lookup = dict(values.items()) if hasattr(values, "items") else dict(values)
    g["value"] = [finite_number(lookup.get(code)) for code in g["code"]]
    tips = ()
    if notes:
        g["Note"] = [notes.get(code, "none") for code in g["code"]]
        tips = ("Note",)
    return make_choropleth_map(g, "value", m=m, label=label, reverse=reverse, value_format=value_format,
                               tooltip_cols=tips)
