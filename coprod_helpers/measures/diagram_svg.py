"""Draw a driver diagram as inline SVG text (and as a nested list for screen readers).

The SVG needs no script, font file or CDN: it renders the same in Voilà, in JupyterLab and
in an exported HTML page. Every word typed by people is escaped.
"""
from __future__ import annotations

import html
import textwrap

from ..people import ROLES
from .drivers import PROGRAMME_AREAS, TIERS, DriverDiagram

BOX_W, ROW_H, GAP_X, TOP = 230, 96, 40, 40
LINE_H, WRAP, MAX_LINES = 15, 31, 4
COLUMNS = ("Aim", "Primary drivers", "Secondary drivers", "Change ideas")
TIER_STYLE = {  # fill, border; text stays near-black for contrast
    "bronze": ("#f6e3d1", "#8c5a2b"),
    "silver": ("#ececec", "#5f5f5f"),
    "gold": ("#fff3bf", "#7a5d00"),
}
LEVEL_STYLE = {"aim": ("#dfe9f5", "#1d4f91"), "primary": ("#e3f1e6", "#2b6e3a"), "secondary": ("#f2f2f2", "#444444")}


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def _text_lines(text: str, extra: list[str] = ()) -> list[str]:
    room = MAX_LINES - len(extra)
    lines = textwrap.wrap(text, WRAP) or [""]
    if len(lines) > room:
        lines = lines[:room]
        lines[-1] = lines[-1][: WRAP - 1].rstrip() + "…"
    return lines + list(extra)


def _box(x, y, h, text, style, extra=(), bold_first_extra=False) -> str:
    fill, stroke = style
    lines = _text_lines(text, list(extra))
    top = y + h / 2 - (len(lines) - 1) * LINE_H / 2 + 4
    spans = []
    for i, line in enumerate(lines):
        weight = ' font-weight="bold"' if bold_first_extra and i == len(lines) - len(extra) else ""
        spans.append(f'<tspan x="{x + 10}" y="{top + i * LINE_H:.1f}"{weight}>{_esc(line)}</tspan>')
    return (f'<g><title>{_esc(text)}</title>'
            f'<rect x="{x}" y="{y + 4}" width="{BOX_W}" height="{h - 8}" rx="6" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="1.5"/><text font-family="sans-serif" font-size="12" fill="#1a1a1a">{"".join(spans)}</text></g>')


def _link(x1, y1, x2, y2) -> str:
    mid = (x1 + x2) / 2
    return (f'<path d="M{x1},{y1:.1f} C{mid},{y1:.1f} {mid},{y2:.1f} {x2},{y2:.1f}" fill="none" '
            f'stroke="#777777" stroke-width="1.2"/>')


def render_diagram_svg(diagram: DriverDiagram, *, title: str = "Driver diagram") -> str:
    """The diagram as an ``<svg>`` string, read left to right.

    Examples
    --------
    >>> from coprod_helpers.measures.drivers import start_diagram
    >>> render_diagram_svg(start_diagram("Better access")).startswith("<svg")
    True
    """
    col_x = [10 + i * (BOX_W + GAP_X) for i in range(4)]
    parts, row = [], 0
    centres = []
    for p in diagram.primaries:
        p_first = row
        sec_centres = []
        for s in p.secondaries or []:
            s_first = row
            idea_centres = []
            for c in s.change_ideas:
                y = TOP + row * ROW_H
                fill = TIER_STYLE[c.tier]
                tier_word = c.tier.capitalize()
                role = ROLES.get(c.proposed_by_role, c.proposed_by_role)
                parts.append(_box(col_x[3], y, ROW_H, c.text, fill, [f"{tier_word} · from: {role}"],
                                  bold_first_extra=True))
                idea_centres.append(y + ROW_H / 2)
                row += 1
            if not s.change_ideas:
                row += 1
            ys = TOP + s_first * ROW_H
            h = (row - s_first) * ROW_H
            parts.append(_box(col_x[2], ys, h, s.text, LEVEL_STYLE["secondary"]))
            parts += [_link(col_x[2] + BOX_W, ys + h / 2, col_x[3], yc) for yc in idea_centres]
            sec_centres.append(ys + h / 2)
        if not p.secondaries:
            row += 1
        yp = TOP + p_first * ROW_H
        h = (row - p_first) * ROW_H
        label = p.text if not p.area or p.text == PROGRAMME_AREAS.get(p.area) else f"{p.area.capitalize()}: {p.text}"
        parts.append(_box(col_x[1], yp, h, label, LEVEL_STYLE["primary"]))
        parts += [_link(col_x[1] + BOX_W, yp + h / 2, col_x[2], yc) for yc in sec_centres]
        centres.append(yp + h / 2)
    rows = max(row, 1)
    height = TOP + rows * ROW_H + 10
    parts.insert(0, _box(col_x[0], TOP, rows * ROW_H, diagram.aim or "(no aim yet)", LEVEL_STYLE["aim"]))
    parts += [_link(col_x[0] + BOX_W, TOP + rows * ROW_H / 2, col_x[1], yc) for yc in centres]
    heads = "".join(f'<text x="{x + 10}" y="24" font-family="sans-serif" font-size="14" font-weight="bold" '
                    f'fill="#1a1a1a">{h}</text>' for x, h in zip(col_x, COLUMNS))
    width = col_x[3] + BOX_W + 10
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="dd-title" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" class="driver-diagram">'
            f'<title id="dd-title">{_esc(title)}: {_esc(diagram.aim)}</title>{heads}{"".join(parts)}</svg>')


def render_diagram_list_html(diagram: DriverDiagram) -> str:
    """The same diagram as nested lists: easy for screen readers and for printing."""
    out = [f'<div class="driver-diagram-text"><p><strong>Aim:</strong> {_esc(diagram.aim)}</p><ul>']
    for p in diagram.primaries:
        out.append(f"<li><strong>Primary driver:</strong> {_esc(p.text)}<ul>")
        for s in p.secondaries:
            out.append(f"<li><strong>Secondary driver:</strong> {_esc(s.text)}<ul>")
            for c in s.change_ideas:
                role = ROLES.get(c.proposed_by_role, c.proposed_by_role)
                out.append(f"<li><strong>Change idea ({_esc(TIERS[c.tier].split(':')[0])}):</strong> "
                           f"{_esc(c.text)} <em>(proposed by: {_esc(role)})</em></li>")
            out.append("</ul></li>")
        out.append("</ul></li>")
    out.append("</ul></div>")
    return "".join(out)
