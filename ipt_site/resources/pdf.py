"""A printable PDF of a resource page, made from the same markdown file as the web page.

The page's rendered (and already sanitised) HTML is read with the standard library's HTML
parser and laid out with ReportLab's Platypus: headings, paragraphs, lists, callouts and
tables become their PDF equivalents, links stay clickable, and the urgent-help numbers
and sources come from the same help lines and front matter as the web page. ReportLab is
pure Python and ships the Bitstream Vera fonts used here, so nothing else is installed.

A PDF is built once per version of what it shows (the file's text, the site address and
the settings it prints) and kept in the cache, so an edit shows in the next download.
"""

import hashlib
import html
import io
import logging
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import reportlab
from django.conf import settings
from django.core.cache import cache
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    CondPageBreak,
    HRFlowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ipt_site.helplines import selectors as helplines
from ipt_site.pages import placeholders
from ipt_site.pages.structured_data import absolute_url

logger = logging.getLogger(__name__)

# Bump when the layout changes, so cached PDFs are made again.
LAYOUT_VERSION = "2"
CACHE_SECONDS = 30 * 24 * 3600

TEXT = colors.HexColor("#1d2b2a")
PRIMARY = colors.HexColor("#1f6f6a")
MUTED = colors.HexColor("#4a5a58")
SURFACE = colors.HexColor("#eef5f3")
ACCENT = colors.HexColor("#a9472f")
URGENT_TEXT = colors.HexColor("#7a1f12")
URGENT_BG = colors.HexColor("#fdecea")
URGENT_BORDER = colors.HexColor("#b42318")
RULE = colors.HexColor("#c9d6d3")

FONT = "IPTSans"


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(reportlab.__file__).parent / "fonts"
    faces = {
        "": "Vera.ttf",
        "-Bold": "VeraBd.ttf",
        "-Italic": "VeraIt.ttf",
        "-BoldItalic": "VeraBI.ttf",
    }
    for suffix, filename in faces.items():
        pdfmetrics.registerFont(TTFont(FONT + suffix, str(folder / filename)))
    pdfmetrics.registerFontFamily(
        FONT,
        normal=FONT,
        bold=FONT + "-Bold",
        italic=FONT + "-Italic",
        boldItalic=FONT + "-BoldItalic",
    )


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=10.5, leading=15, textColor=TEXT, spaceAfter=6,
        alignment=TA_LEFT,
    )  # fmt: skip
    return {
        "body": body,
        "title": ParagraphStyle(
            "title", parent=body, fontName=FONT + "-Bold", fontSize=22, leading=27, spaceAfter=6
        ),
        "lead": ParagraphStyle("lead", parent=body, fontSize=12.5, leading=18, spaceAfter=4),
        "meta": ParagraphStyle("meta", parent=body, fontSize=9, leading=12, textColor=MUTED),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=FONT + "-Bold",
            fontSize=15,
            leading=19,
            textColor=PRIMARY,
            spaceBefore=12,
            spaceAfter=5,
            keepWithNext=1,
        ),  # fmt: skip
        "h3": ParagraphStyle(
            "h3",
            parent=body,
            fontName=FONT + "-Bold",
            fontSize=12,
            leading=16,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),  # fmt: skip
        "h4": ParagraphStyle(
            "h4", parent=body, fontName=FONT + "-Bold", spaceBefore=6, keepWithNext=1
        ),
        "callout_title": ParagraphStyle(
            "callout_title", parent=body, fontName=FONT + "-Bold", spaceAfter=3
        ),
        "cell": ParagraphStyle("cell", parent=body, spaceAfter=0),
        "quote": ParagraphStyle("quote", parent=body, leftIndent=12, textColor=MUTED),
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=12, spaceAfter=3),
        "urgent": ParagraphStyle("urgent", parent=body, textColor=URGENT_TEXT, spaceAfter=3),
        "urgent_title": ParagraphStyle(
            "urgent_title",
            parent=body,
            fontName=FONT + "-Bold",
            fontSize=12.5,
            leading=16,
            textColor=URGENT_TEXT,
            spaceAfter=4,
        ),  # fmt: skip
    }


# --- HTML to a small tree -------------------------------------------------------------

VOID = {"br", "hr", "img"}


@dataclass
class Node:
    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)  # Node or str

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(markup: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


# --- The tree to flowables --------------------------------------------------------------

BLOCKS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "div", "blockquote", "table", "hr",
    "details", "dl", "figure", "pre", "section",
}  # fmt: skip
# Things the web page shows for screens only, such as "scroll sideways" under a table.
SCREEN_ONLY = {"table-hint", "no-print"}
INLINE = {"strong": "b", "b": "b", "em": "i", "i": "i", "sup": "super", "sub": "sub", "u": "u"}


class Converter:
    def __init__(self, styles, link_base):
        self.styles = styles
        self.link_base = link_base  # turns a site path into an absolute address

    def inline(self, node: Node) -> str:
        """ReportLab paragraph markup for the inline content of a node, escaped."""
        out = []
        for child in node.children:
            if isinstance(child, str):
                out.append(html.escape(" ".join(child.split("\n")), quote=False))
            elif child.tag == "br":
                out.append("<br/>")
            elif child.tag in INLINE:
                tag = INLINE[child.tag]
                out.append(f"<{tag}>{self.inline(child)}</{tag}>")
            elif child.tag == "a" and child.attrs.get("href"):
                href = child.attrs["href"]
                if href.startswith(("/", "#")):
                    href = self.link_base(href)
                out.append(
                    f'<a href="{html.escape(href)}" color="#1f6f6a"><u>{self.inline(child)}</u></a>'
                )
            elif child.tag in ("code", "kbd"):
                out.append(f'<font face="Courier">{self.inline(child)}</font>')
            elif child.tag == "img":
                out.append(html.escape(child.attrs.get("alt", ""), quote=False))
            elif child.tag not in BLOCKS:
                out.append(self.inline(child))
        return "".join(out)

    def paragraph(self, markup: str, style) -> Paragraph | None:
        markup = " ".join(markup.split())
        if not markup:
            return None
        try:
            return Paragraph(markup, style)
        except ValueError:  # markup ReportLab cannot read: keep the words, drop the styling
            logger.warning("Resource PDF: a paragraph's markup was simplified")
            plain = html.escape(html.unescape(_strip_tags(markup)), quote=False)
            return Paragraph(plain, style)

    def blocks(self, node: Node, style=None) -> list:
        """Flowables for a node's children; loose inline content becomes paragraphs."""
        style = style or self.styles["body"]
        flowables, loose = [], Node("span")

        def flush():
            para = self.paragraph(self.inline(loose), style)
            if para:
                flowables.append(para)
            loose.children = []

        for child in node.children:
            if isinstance(child, str) or child.tag not in BLOCKS:
                loose.children.append(child)
                continue
            flush()
            new = self.block(child, style)
            if len(new) == 1 and getattr(new[0], "row_count", 99) <= 12:
                # A short table or callout is read (or written in) as a whole: keep it on
                # one page with the heading and words that introduce it.
                group = []
                if flowables and isinstance(flowables[-1], Paragraph):
                    group.insert(0, flowables.pop())
                if flowables and getattr(flowables[-1], "outline_level", None) is not None:
                    group.insert(0, flowables.pop())
                parts = [*group, *getattr(new[0], "parts", new)]
                kept = KeepTogether(parts)
                # A wrapper (the table's scroll box) passes the group up to its parent.
                kept.parts, kept.row_count = parts, new[0].row_count
                new = [kept]
            flowables.extend(new)
        flush()
        return flowables

    def block(self, node: Node, style) -> list:
        tag = node.tag
        if node.classes & SCREEN_ONLY:
            return []
        if tag == "p":
            para = self.paragraph(self.inline(node), style)
            return [para] if para else []
        if tag in ("h2", "h3", "h4", "h5", "h6"):
            level = tag if tag in ("h2", "h3") else "h4"
            para = self.paragraph(self.inline(node), self.styles[level])
            if para is None:
                return []
            para.outline_level = 0 if tag == "h2" else 1
            # Never leave a heading alone at the foot of a page.
            return [CondPageBreak(30 * mm), para] if tag == "h2" else [para]
        if tag in ("ul", "ol"):
            return [self.list(node, style)]
        if tag == "div" and "admonition" in node.classes:
            return [self.callout(node)]
        if tag == "blockquote":
            return self.blocks(node, self.styles["quote"])
        if tag == "table":
            return [self.table(node)]
        if tag == "hr":
            rule = HRFlowable(width="100%", thickness=0.5, color=RULE, spaceBefore=4, spaceAfter=8)
            return [rule]
        if tag == "dl":
            out = []
            for child in node.children:
                if isinstance(child, Node) and child.tag == "dt":
                    out.append(self.paragraph(f"<b>{self.inline(child)}</b>", style))
                elif isinstance(child, Node) and child.tag == "dd":
                    out.extend(self.blocks(child, style))
            return [f for f in out if f]
        return self.blocks(node, style)  # div, section, details, figure, pre

    def list(self, node: Node, style) -> ListFlowable:
        items = []
        for child in node.children:
            if isinstance(child, Node) and child.tag == "li":
                content = self.blocks(child, ParagraphStyle("li", parent=style, spaceAfter=2))
                if content:
                    items.append(ListItem(content, leftIndent=14))
        ordered = node.tag == "ol"
        return ListFlowable(
            items,
            bulletType="1" if ordered else "bullet",
            start=node.attrs.get("start", "1") if ordered else "•",
            leftIndent=14,
            bulletFontName=FONT + ("-Bold" if ordered else ""),
            bulletFontSize=10 if ordered else 9,
            bulletColor=PRIMARY,
            spaceAfter=6,
        )

    def callout(self, node: Node) -> Table:
        content = []
        for child in node.children:
            if isinstance(child, Node) and "admonition-title" in child.classes:
                para = self.paragraph(self.inline(child), self.styles["callout_title"])
                if para:
                    content.append(para)
            elif isinstance(child, Node):
                content.extend(self.block(child, self.styles["body"]))
            elif child.strip():
                content.extend(self.blocks(Node("span", children=[child])))
        edge = ACCENT if node.classes & {"warning", "important"} else PRIMARY
        box = Table([[content]], colWidths=["100%"])
        box.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), SURFACE),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, edge),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                    ("TOPPADDING", (0, 0), (-1, -1), 7),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        box.spaceBefore, box.spaceAfter = 4, 8
        box.row_count = 1
        return box

    def table(self, node: Node) -> Table:
        rows = []
        header_rows = 0
        for section in node.children:
            if not isinstance(section, Node):
                continue
            trs = [section] if section.tag == "tr" else [
                c for c in section.children if isinstance(c, Node) and c.tag == "tr"
            ]  # fmt: skip
            for tr in trs:
                cells = [c for c in tr.children if isinstance(c, Node) and c.tag in ("th", "td")]
                row = []
                for cell in cells:
                    markup = self.inline(cell)
                    if cell.tag == "th":
                        markup = f"<b>{markup}</b>"
                    row.append(self.paragraph(markup, self.styles["cell"]) or "")
                rows.append(row)
                if section.tag == "thead":
                    header_rows += 1
        if not rows:
            return Spacer(0, 0)
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        # A two-column table with an empty second column is space to write in by hand.
        writing = width == 2 and all(row[1] == "" for row in rows[header_rows:])
        widths = ["45%", "55%"] if writing else None
        table = Table(rows, colWidths=widths, repeatRows=header_rows)
        commands = [
            ("GRID", (0, 0), (-1, -1), 0.5, MUTED),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5 if not writing else 24),
        ]
        if header_rows:
            commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), SURFACE))
            commands.append(("BOTTOMPADDING", (0, 0), (-1, header_rows - 1), 5))
        table.setStyle(TableStyle(commands))
        table.spaceBefore, table.spaceAfter = 4, 10
        table.row_count = len(rows)
        return table


def _strip_tags(markup: str) -> str:
    root = parse(markup)

    def text(node):
        return "".join(c if isinstance(c, str) else text(c) for c in node.children)

    return text(root)


# --- The document -----------------------------------------------------------------------


class _Document(SimpleDocTemplate):
    """Adds a PDF outline (bookmarks) for the headings, so readers can jump between parts."""

    def afterFlowable(self, flowable):
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        key = f"h{id(flowable)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=False)


def _urgent_help(styles) -> Table:
    """The graded crisis routes, as on the web page's panel (the same help line rows)."""
    content = [
        Paragraph("If you need help now", styles["urgent_title"]),
        Paragraph(
            "This guide cannot help in a crisis. If you feel you might harm yourself or "
            "someone else, or you are not safe, please reach out now.",
            styles["urgent"],
        ),
    ]
    for part in helplines.current().parts:
        content.append(Paragraph(f"<b>{html.escape(part.heading)}</b>", styles["urgent"]))
        for line in part.lines:
            where = f" ({line.nations_label})" if line.nations_label else ""
            content.append(
                Paragraph(
                    f"<b>{html.escape(line.name + where)}:</b> "
                    f"{html.escape(', '.join(filter(None, (line.how, line.detail))))}. "
                    f"{html.escape(line.when)}",
                    styles["urgent"],
                )
            )
    box = Table([[content]], colWidths=["100%"])
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), URGENT_BG),
                ("BOX", (0, 0), (-1, -1), 1, URGENT_BORDER),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    box.spaceBefore = 10
    return KeepTogether([box])


@dataclass(frozen=True)
class BuiltPdf:
    data: bytes
    pages: int
    digest: str

    @property
    def size_kb(self) -> int:
        return max(1, round(len(self.data) / 1024))


def build(page, site_base: str) -> BuiltPdf:
    """The PDF of a content page. `site_base` is the site's absolute address, no slash."""
    _register_fonts()
    styles = _styles()
    page_url = site_base + page.url

    def link_base(href: str) -> str:
        return page_url + href if href.startswith("#") else site_base + href

    converter = Converter(styles, link_base)
    story = [
        Paragraph(html.escape(page.title), styles["title"]),
        Paragraph(html.escape(page.summary), styles["lead"]),
        Paragraph(
            f"{html.escape(settings.PRACTICE_NAME)} · "
            f'<a href="{html.escape(page_url)}" color="#1f6f6a">{html.escape(page_url)}</a>',
            styles["meta"],
        ),
        HRFlowable(width="100%", thickness=0.75, color=RULE, spaceBefore=6, spaceAfter=6),
    ]
    story.extend(converter.blocks(parse(placeholders.fill(page.html))))
    story.append(_urgent_help(styles))
    if page.references:
        story.append(CondPageBreak(25 * mm))
        sources = Paragraph("Sources", styles["h3"])
        story.append(sources)
        for reference in page.references:
            story.append(Paragraph(html.escape(reference), styles["small"]))
    if page.reviewed:
        story.append(Spacer(0, 4))
        reviewed = page.reviewed
        reviewer = page.reviewed_by
        by = f"Reviewed by {reviewer} on" if reviewer else "Last reviewed:"
        story.append(
            Paragraph(html.escape(f"{by} {reviewed.day} {reviewed:%B %Y}"), styles["meta"])
        )

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(18 * mm, 10 * mm, f"{page.title} · {settings.PRACTICE_NAME}")
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = _Document(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=page.title,
        author=settings.PRACTICE_NAME,
        subject=page.summary,
        creator=settings.SITE_NAME,
        lang="en-GB",
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    data = buffer.getvalue()
    digest = hashlib.blake2b(data, digest_size=12).hexdigest()
    return BuiltPdf(data=data, pages=doc.page, digest=digest)


def version_key(page, site_base: str) -> str:
    """Changes whenever anything the PDF shows changes: the file, the address, settings,
    and the help lines (the urgent-help box and any [[signpost_...]] in the page)."""
    parts = [
        LAYOUT_VERSION,
        page.relpath,
        page.digest,
        site_base,
        helplines.current().digest,
        repr(sorted(placeholders.values().items())),
    ]
    digest = hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()
    return f"resources:pdf:{digest}"


def pdf_for(page, request) -> BuiltPdf:
    """The page's PDF from the cache, built first if this version has not been built yet."""
    site_base = absolute_url(request, "/").rstrip("/")
    key = version_key(page, site_base)
    built = cache.get(key)
    if built is None:
        built = build(page, site_base)
        cache.set(key, built, CACHE_SECONDS)
    return built
