"""Markdown to safe HTML.

Python-Markdown has no safe mode, so everything it produces goes through nh3 with a short
allow-list: a `<script>` or an `onclick` in a content file never reaches a reader.
"""

import html as html_module
import re
from dataclasses import dataclass

import markdown
import nh3
from markdown import inlinepatterns
from markdown.extensions import Extension

EXTENSIONS = [
    "tables",
    "attr_list",
    "def_list",
    "admonition",
    "md_in_html",
    "sane_lists",
    "smarty",
    "toc",
]
EXTENSION_CONFIGS = {
    "toc": {"toc_depth": "2-3", "permalink": False},
    "smarty": {"smart_angled_quotes": False},
}

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_HREF = re.compile(r'href="(/[^"]*|#[^"]*)"')
_H1 = re.compile(r"<(/?)h1(\W)")
_TABLE = re.compile(
    r'(?P<heading><h[23] id="(?P<id>[^"]+)">(?:(?!</h[23]>).)*</h[23]>\s*)?<table>(.*?)</table>',
    re.S,
)
_H2_SPLIT = re.compile(r"(?=<h2[ >])")
_TBODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)
_ROW_FIRST_CELL = re.compile(r"<tr>(\s*)<td>(.*?)</td>", re.S)
_FIRST_H2 = re.compile(r"<h2[\s>]")


# Characters the link patterns may scan looking for a link's closing ")" in one page, in all.
# A real page needs a few thousand; past it, what is left of the page keeps its text but
# its [text](address) links are not made.
LINK_SCAN_BUDGET = 1_000_000
_BRACKET = re.compile(r"[\[\]]")


class _LinkBounds:
    """What one conversion knows about its text's brackets, shared by the link patterns.

    Python-Markdown finds where a "[" closes by walking forward from it, and where a
    link's "(" closes the same way, so a page of "[" without "]" (or "[a](" without ")")
    costs the square of its length: 8,000 took 8.5 s, 20,000 timed out. Here each string's
    brackets are paired once, in one pass, and the walks for ")" share a budget.
    """

    def __init__(self):
        self.data = self.closes = self.last_paren = None
        self.budget = LINK_SCAN_BUDGET

    def learn(self, data: str) -> None:
        if data is self.data:
            return
        closes, opened = {}, []
        for match in _BRACKET.finditer(data):
            if match.group() == "[":
                opened.append(match.start())
            elif opened:
                closes[opened.pop()] = match.start()
        self.data, self.closes, self.last_paren = data, closes, data.rfind(")")


class _BoundedLinkText:
    """getText() and getLink() of Python-Markdown's link patterns, in linear time; the
    same results for every link whose address closes within the budget."""

    bounds: _LinkBounds

    def getText(self, data, index):  # noqa: N802  Python-Markdown's name
        self.bounds.learn(data)
        end = self.bounds.closes.get(index - 1)  # the "[" just before index
        if end is None:
            return "", len(data), False
        return data[index:end], end + 1, True

    def getLink(self, data, index):  # noqa: N802
        bounds = self.bounds
        bounds.learn(data)
        if bounds.budget <= 0 or bounds.last_paren < index:
            return "", None, index, False  # no ")" left, or the page has spent its budget
        href, title, end, handled = super().getLink(data, index)
        bounds.budget -= (end if handled else len(data)) - index
        return href, title, end, handled


def _bounded(base):
    return type(f"Bounded{base.__name__}", (_BoundedLinkText, base), {})


class BoundedLinksExtension(Extension):
    """Swap the six link and image patterns for the bounded ones, same names and order."""

    PATTERNS = {
        "reference": (inlinepatterns.ReferenceInlineProcessor, inlinepatterns.REFERENCE_RE),
        "link": (inlinepatterns.LinkInlineProcessor, inlinepatterns.LINK_RE),
        "image_link": (inlinepatterns.ImageInlineProcessor, inlinepatterns.IMAGE_LINK_RE),
        "image_reference": (
            inlinepatterns.ImageReferenceInlineProcessor,
            inlinepatterns.IMAGE_REFERENCE_RE,
        ),
        "short_reference": (
            inlinepatterns.ShortReferenceInlineProcessor,
            inlinepatterns.REFERENCE_RE,
        ),
        "short_image_ref": (
            inlinepatterns.ShortImageReferenceInlineProcessor,
            inlinepatterns.IMAGE_REFERENCE_RE,
        ),
    }

    def extendMarkdown(self, md):  # noqa: N802
        bounds = _LinkBounds()
        patterns = md.inlinePatterns
        for name, (base, expression) in self.PATTERNS.items():
            priority = next(item.priority for item in patterns._priority if item.name == name)
            processor = _bounded(base)(expression, md)
            processor.bounds = bounds
            patterns.register(processor, name, priority)


@dataclass
class Rendered:
    html: str
    toc: list[dict]  # [{"id", "name", "children": [...]}], h2 entries with h3 children
    has_h1: bool
    internal_links: list[str]


def _toc_entries(tokens: list[dict]) -> list[dict]:
    # Markdown gives names as HTML ("&ldquo;" from smart quotes); templates escape them again.
    def name(token):
        return html_module.unescape(token["name"])

    return [
        {
            "id": token["id"],
            "name": name(token),
            "children": [{"id": c["id"], "name": name(c)} for c in token.get("children", [])],
        }
        for token in tokens
    ]


def _row_headers(html: str) -> str:
    """A table's first column names its row (the aspect compared): mark it up as such."""
    html = html.replace("<th>", '<th scope="col">')
    return _TBODY.sub(
        lambda body: (
            "<tbody>"
            + _ROW_FIRST_CELL.sub(r'<tr>\1<th scope="row">\2</th>', body.group(1))
            + "</tbody>"
        ),
        html,
    )


def _wrap_tables(html: str) -> str:
    """Wide tables scroll inside their own focusable box on a phone, never the page. A
    table straight under a heading is named by it (the box and the table), so a screen
    reader's list of tables and regions tells them apart."""

    def wrap(match: re.Match) -> str:
        heading, heading_id, table = match.group("heading") or "", match.group("id"), match[3]
        if heading_id:
            region_name = table_name = f' aria-labelledby="{heading_id}"'
        else:
            region_name, table_name = ' aria-label="Table (scrolls sideways on small screens)"', ""
        return (
            f'{heading}<p class="table-hint">Scroll sideways to see the whole table.</p>'
            f'<div class="table-scroll" tabindex="0" role="region"{region_name}>'
            f'<table class="table"{table_name}>{table}</table></div>'
        )

    return _TABLE.sub(wrap, html)


def _faq_details(html: str) -> str:
    """Each h2 question and its answer become a <details> a reader opens without JS."""
    parts = _H2_SPLIT.split(html)
    out = [parts[0]]
    for part in parts[1:]:
        end = part.index("</h2>") + len("</h2>")
        question, answer = part[:end], part[end:]
        out.append(
            f'<details class="faq"><summary>{question}</summary>'
            f'<div class="faq-answer">{answer.strip()}</div></details>\n'
        )
    return "".join(out)


def render_markdown(body: str, *, faq: bool = False, code_blocks: bool = False) -> Rendered:
    """`code_blocks`: ``` fences, for the staff guide's examples (pages have none)."""
    extensions = [*EXTENSIONS, BoundedLinksExtension()]
    if code_blocks:
        extensions.append("fenced_code")
    md = markdown.Markdown(extensions=extensions, extension_configs=EXTENSION_CONFIGS)
    raw = md.convert(body)
    has_h1 = bool(_H1.search(raw))
    # The page title is the only h1; a '# Heading' in the body becomes an h2.
    raw = _H1.sub(r"<\1h2\2", raw)
    clean = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    clean = _wrap_tables(_row_headers(clean))
    if faq:
        clean = _faq_details(clean)
    toc = _toc_entries(md.toc_tokens)
    links = list(_HREF.findall(clean))
    return Rendered(html=clean, toc=toc, has_h1=has_h1, internal_links=links)


def split_lead(html: str) -> tuple[str, str]:
    """(the lead: everything before the first h2, the rest); ("", html) without an h2.

    A page shows its lead (the opening words and any "In short" box) before its table of
    contents, as encyclopaedias do: a reader who stops there has had the page in brief.
    """
    match = _FIRST_H2.search(html)
    if match is None:
        return "", html
    return html[: match.start()].strip(), html[match.start() :]
