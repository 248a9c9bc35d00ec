"""Small documents (headings, paragraphs, lists, tables) written as HTML and as Word files.

Planning pages build a :class:`Document` from plain blocks; :meth:`Document.to_html`
escapes every piece of text, and :meth:`Document.to_docx` uses python-docx. Both are
self-contained: nothing is loaded from the internet.

Examples
--------
>>> doc = Document("Our role description").heading("What you would do").bullets(["Come to meetings"])
>>> "<li>Come to meetings</li>" in doc.to_html()
True
"""
from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field

_CSS = ("body{font-family:system-ui,Arial,sans-serif;max-width:50em;margin:2em auto;line-height:1.5;"
        "color:#1a1a1a;padding:0 1em}table{border-collapse:collapse;margin:0.5em 0}"
        "th,td{border:1px solid #888;padding:0.3em 0.6em;text-align:left;vertical-align:top}"
        "th{background:#eef}.note{color:#444;font-size:0.9em}")


def _e(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


@dataclass
class Document:
    """A titled list of blocks; each method adds one block and returns the document."""

    title: str
    blocks: list[tuple] = field(default_factory=list)

    def heading(self, text: str, level: int = 2) -> "Document":
        self.blocks.append(("heading", text, max(1, min(level, 4))))
        return self

    def paragraph(self, text: str, note: bool = False) -> "Document":
        self.blocks.append(("paragraph", text, note))
        return self

    def bullets(self, items, empty: str = "(none yet)") -> "Document":
        items = [str(i) for i in items]
        self.blocks.append(("bullets", items) if items else ("paragraph", empty, True))
        return self

    def table(self, headers: list[str], rows: list[list], empty: str = "(none yet)") -> "Document":
        self.blocks.append(("table", [str(h) for h in headers], [["" if c is None else str(c) for c in r]
                                                                  for r in rows])
                           if rows else ("paragraph", empty, True))
        return self

    def svg(self, svg_text: str, alt: str, png: bytes | None = None) -> "Document":
        """An inline SVG chart for HTML; the Word file gets ``png`` (if given) and the ``alt`` text."""
        self.blocks.append(("svg", svg_text, alt, png))
        return self

    # -- writers ---------------------------------------------------------------------
    def to_html(self) -> str:
        """A complete, self-contained HTML page; all text is escaped."""
        out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
               f"<title>{_e(self.title)}</title><style>{_CSS}</style></head><body>",
               f"<h1>{_e(self.title)}</h1>"]
        for block in self.blocks:
            kind = block[0]
            if kind == "heading":
                out.append(f"<h{block[2]}>{_e(block[1])}</h{block[2]}>")
            elif kind == "paragraph":
                cls = ' class="note"' if block[2] else ""
                out.append(f"<p{cls}>{_e(block[1])}</p>")
            elif kind == "bullets":
                out.append("<ul>" + "".join(f"<li>{_e(i)}</li>" for i in block[1]) + "</ul>")
            elif kind == "table":
                head = "".join(f'<th scope="col">{_e(h)}</th>' for h in block[1])
                body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in block[2])
                out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
            elif kind == "svg":
                out.append(f'<figure role="img" aria-label="{_e(block[2])}">{block[1]}'
                           f"<figcaption>{_e(block[2])}</figcaption></figure>")
        out.append("</body></html>")
        return "\n".join(out)

    def to_docx(self) -> bytes:
        """The same document as a Word (.docx) file."""
        import docx

        word = docx.Document()
        word.core_properties.title = self.title
        word.core_properties.author = "Co-production Workbook"
        word.add_heading(self.title, level=0)
        for block in self.blocks:
            kind = block[0]
            if kind == "heading":
                word.add_heading(block[1], level=max(1, block[2] - 1))
            elif kind == "paragraph":
                para = word.add_paragraph(block[1])
                for run in para.runs if block[2] else []:
                    run.italic = True
            elif kind == "bullets":
                for item in block[1]:
                    word.add_paragraph(item, style="List Bullet")
            elif kind == "table":
                table = word.add_table(rows=1, cols=len(block[1]))
                table.style = "Table Grid"
                for cell, text in zip(table.rows[0].cells, block[1]):
                    cell.text = text
                for row in block[2]:
                    cells = table.add_row().cells
                    for cell, text in zip(cells, row):
                        cell.text = text
            elif kind == "svg":
                if block[3]:
                    from docx.shared import Inches

                    word.add_picture(io.BytesIO(block[3]), width=Inches(6))
                word.add_paragraph(f"Chart: {block[2]}")
        buffer = io.BytesIO()
        word.save(buffer)
        return buffer.getvalue()


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML_MIME = "text/html"


def make_download_link(content: bytes | str, filename: str, label: str, mime: str) -> str:
    """An ``<a download>`` link carrying ``content`` as a data URI, everything escaped.

    Used by pages to hand a file straight to the person's browser without saving it anywhere.
    """
    raw = content.encode("utf-8") if isinstance(content, str) else content
    uri = f"data:{mime};base64,{base64.b64encode(raw).decode('ascii')}"
    return f'<a download="{_e(filename)}" href="{_e(uri)}">{_e(label)}</a>'


def docx_text(content: bytes) -> str:
    """All the text in a .docx (paragraphs and table cells); used by tests and checks."""
    import docx

    word = docx.Document(io.BytesIO(content))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)
