"""HTML → visible text, one block per line, in time linear in the page's size.

Scripts, styles, navigation, menus, footers are dropped. Two things made the old
reader (the standard library's ``HTMLParser``) slow on broken pages: it walked the
stack of open elements for every piece of text (a page of unclosed tags: quadratic),
and it rescans from every ``<`` of an unterminated comment or tag (``<!-- x`` × 10⁵:
a minute). This tokenizer moves forward only (``str.find`` from the current place;
what a browser drops at the end of the file — an open comment, tag or script — ends
the text there), and the open elements are kept on a stack with, per tag name, the
positions where it is open and a count of those that hide their content: every
token costs O(1) amortised.

Imports nothing from the package.
"""

from __future__ import annotations

import html as html_lib
import re

SKIP = frozenset(
    {
        "script",
        "style",
        "nav",
        "header",
        "footer",
        "noscript",
        "form",
        "template",
        "svg",
        "iframe",
        "select",
    }
)
BLOCK = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "section",
        "article",
        "ul",
        "ol",
        "blockquote",
        "title",
    }
)
MENU = re.compile(r"menu|nav|breadcrumb|footer|sidebar|banner|share|comment", re.IGNORECASE)
VOID = frozenset(
    {
        "br",
        "img",
        "hr",
        "meta",
        "link",
        "input",
        "area",
        "base",
        "col",
        "embed",
        "source",
        "wbr",
    }
)


_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9:-]*)")
_ATTR = re.compile(
    r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?"""
)
_RAW = frozenset({"script", "style", "textarea", "title", "xmp", "noscript"})


class _TextExtractor:
    """Text of a page without scripts, styles, navigation and menus."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # open elements: tag, hides its content
        self.open_at: dict[str, list[int]] = {}  # tag → stack positions where it is open
        self.hiding = 0  # open elements that hide their content

    def start(self, tag: str, attrs: str) -> None:
        marker = " ".join(
            m.group(2) or m.group(3) or m.group(4) or ""
            for m in _ATTR.finditer(attrs)
            if m.group(1).lower() in ("class", "id", "role")
        )
        hides = tag in SKIP or bool(marker and MENU.search(marker))
        if tag in BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" | ")
        if tag not in VOID:
            self.open_at.setdefault(tag, []).append(len(self.stack))
            self.stack.append((tag, hides))
            self.hiding += hides

    def end(self, tag: str) -> None:
        if tag in VOID:
            return
        positions = self.open_at.get(tag)
        if positions:
            # Close back to the matching tag: every element above it was left open.
            index = positions[-1]
            while len(self.stack) > index:
                name, hides = self.stack.pop()
                self.open_at[name].pop()
                self.hiding -= hides
        if tag in BLOCK:
            self.parts.append("\n")

    def data(self, text: str) -> None:
        if not self.hiding and text:
            self.parts.append(html_lib.unescape(text))

    def feed(self, page: str) -> None:
        """Tokenize ``page`` in one forward pass."""
        position, size = 0, len(page)
        while position < size:
            lt = page.find("<", position)
            if lt < 0:
                self.data(page[position:])
                return
            self.data(page[position:lt])
            if page.startswith("<!--", lt):
                close = page.find("-->", lt + 4)
                if close < 0:
                    return  # an open comment runs to the end of the file
                position = close + 3
                continue
            gt = page.find(">", lt + 1)
            if page.startswith(("<!", "<?"), lt):
                if gt < 0:
                    return
                position = gt + 1
                continue
            tag = _TAG.match(page, lt)
            if tag is None:
                self.data("<")  # a lone "<" is text
                position = lt + 1
                continue
            if gt < 0:
                return  # an open tag at the end of the file is dropped
            name = tag.group(1).lower()
            if page.startswith("</", lt):
                self.end(name)
                position = gt + 1
                continue
            self.start(name, page[tag.end() : gt])
            position = gt + 1
            if name in _RAW and not page[lt:gt].endswith("/"):
                close_tag = re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE)
                found = close_tag.search(page, position)
                if found is None:
                    return
                self.data(page[position : found.start()])
                self.end(name)
                position = found.end()


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one block per line."""
    parser = _TextExtractor()
    parser.feed(html)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def looks_like_html(text: str) -> bool:
    """A page that does not say so in its name ("<!DOCTYPE html", "<html")."""
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))
