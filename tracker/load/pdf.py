"""PDF → text: the text layer in reading order, or OCR when there is none.

pdfplumber gives every word with its box (``bench/pdf_text.py`` measured it against
pypdf: see bench/RESULTS.md). From the boxes:

* lines are words of one baseline, read left to right;
* **two-column blocks** — the NĐ 30 header (issuer, số/ký hiệu | quốc hiệu, place and
  date) and the "Nơi nhận | signer" block — are lines with one wide gap at a common
  place near the middle of the page (a gutter); they are read column by column, so
  "Số: 215/UBND-VP" and "An Hòa, ngày 12 tháng 3 năm 2024" each come out whole, on
  lines of their own;
* **page furniture** — lines at the top or bottom of the page that repeat on most
  pages (a running title, "Trang 2/5", "- 3 -") — is dropped;
* **paragraphs** are joined: a line continues the one before unless that one ended
  short of the right margin or was a title, or this one is indented (a list item
  that is not indented goes on with the line before: a PDF does not say more); a
  line ending in "-" joins the next without a space (Word never hyphenates
  Vietnamese, so the hyphen is real: "COVID-19"); a soft hyphen is removed. A
  paragraph goes on across a page break.

A PDF without text (a scan) goes to ``load.ocr``. Imports ``load.base`` and ``lang``;
pdfplumber inside ``read_pdf``.
"""

from __future__ import annotations

import functools
import io
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tracker.lang import load_table
from tracker.load.base import Limits, LoadedDocument, Progress, fail

_MIN_CHARS_PER_PAGE = 25  # below this on average, the PDF is a scan
_FURNITURE_ZONE = 0.10  # top and bottom tenth of the page


@dataclass(frozen=True, slots=True)
class Word:
    """A word of the text layer and its box (PDF points, top-left origin)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Line:
    """Words of one baseline, left to right."""

    words: tuple[Word, ...]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def gaps(self, wide: float) -> list[tuple[float, float]]:
        """Horizontal gaps between words wider than ``wide``."""
        return [
            (a.x1, b.x0)
            for a, b in zip(self.words, self.words[1:], strict=False)
            if b.x0 - a.x1 > wide
        ]


@dataclass(frozen=True, slots=True)
class Page:
    """A page's lines, top to bottom, and its size."""

    lines: tuple[Line, ...]
    width: float
    height: float


@functools.cache
def _page_number() -> re.Pattern[str]:
    return re.compile(load_table("header").patterns["patterns"]["page_number"], re.IGNORECASE)


def group_lines(words: Iterable[Word]) -> list[Line]:
    """Words → lines: a word joins a line when their vertical extents mostly overlap."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (round(w.top, 1), w.x0)):
        height = max(word.bottom - word.top, 1.0)
        for line in reversed(lines[-3:]):
            top = min(w.top for w in line)
            bottom = max(w.bottom for w in line)
            overlap = min(bottom, word.bottom) - max(top, word.top)
            if overlap > 0.5 * min(height, bottom - top):
                line.append(word)
                break
        else:
            lines.append([word])
    return [Line(tuple(sorted(line, key=lambda w: w.x0))) for line in lines]


def _norm_furniture(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def drop_furniture(pages: Sequence[Page]) -> list[Page]:
    """Remove running titles, footers and page numbers.

    A line at the top or bottom of a page is furniture when it repeats (digits aside)
    on at least two pages and half of them, when it is a page number, or when it is
    set smaller than the text (a footer on a one-page document).
    """
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_norm_furniture(line.text()) for line in _zone_lines(page)})
    repeated = {text for text, n in counts.items() if n >= max(2, len(pages) / 2)}
    heights = [line.height for page in pages for line in page.lines]
    small = 0.8 * statistics.median(heights) if heights else 0.0
    out = []
    for page in pages:
        zone = set(_zone_lines(page))
        kept = tuple(
            line
            for line in page.lines
            if line not in zone
            or not (
                _norm_furniture(line.text()) in repeated
                or _page_number().match(line.text())
                or line.height < small
            )
        )
        out.append(Page(kept, page.width, page.height))
    return out


def _zone_lines(page: Page) -> list[Line]:
    """The first and last two lines, when they sit in the page's top or bottom tenth
    and stand apart from the text (a running title has space around it; the first
    line of the text, which repeats when the text does, does not)."""
    edge = _FURNITURE_ZONE * page.height
    lines = page.lines
    out: list[Line] = []
    for index in (0, 1):
        if index + 1 < len(lines) and lines[index].top < edge:
            gap = lines[index + 1].top - lines[index].bottom
            if gap > 1.2 * lines[index].height:
                out.append(lines[index])
    for index in (len(lines) - 1, len(lines) - 2):
        if index >= 1 and lines[index].bottom > page.height - edge:
            gap = lines[index].top - lines[index - 1].bottom
            if gap > 1.2 * lines[index].height:
                out.append(lines[index])
    return list(dict.fromkeys(out))


# --- two-column blocks ----------------------------------------------------------------


def _gap(line: Line, wide: float, left: float, width: float) -> tuple[float, float] | None:
    """The one wide gap of a line, when it lies in the middle half of the text width."""
    gaps = line.gaps(wide)
    if len(gaps) != 1:
        return None
    start, end = gaps[0]
    middle = (start + end) / 2
    return (start, end) if left + 0.25 * width < middle < left + 0.75 * width else None


@dataclass
class _Block:
    """A two-column block being grown: the right edge of its left column, the left
    edge of its right column, and how many of its lines have words on both sides."""

    left_max: float
    right_min: float
    both_sides: int = 1

    def take(self, line: Line, gap: tuple[float, float] | None, *, size: float) -> bool:
        """Add ``line`` if it keeps the columns apart; False ends the block."""
        if gap is not None:
            left_max, right_min = max(self.left_max, gap[0]), min(self.right_min, gap[1])
            self.both_sides += 1
        elif line.x1 < self.right_min:
            left_max, right_min = max(self.left_max, line.x1), self.right_min
        elif line.x0 > self.left_max:
            left_max, right_min = self.left_max, min(self.right_min, line.x0)
        else:
            return False
        if right_min - left_max < size:
            return False
        self.left_max, self.right_min = left_max, right_min
        return True


def reading_blocks(page: Page) -> list[list[Line] | tuple[list[Line], list[Line]]]:
    """The page as runs of single lines and two-column blocks (left lines, right lines)."""
    lines = list(page.lines)
    if not lines:
        return []
    size = statistics.median(line.height for line in lines) or 10.0
    left = min(line.x0 for line in lines)
    width = max(line.x1 for line in lines) - left
    wide = 2.0 * size
    blocks: list[list[Line] | tuple[list[Line], list[Line]]] = []

    def single(line: Line) -> None:
        if blocks and isinstance(blocks[-1], list):
            blocks[-1].append(line)
        else:
            blocks.append([line])

    index = 0
    while index < len(lines):
        gap = _gap(lines[index], wide, left, width)
        if gap is None:
            single(lines[index])
            index += 1
            continue
        block = _Block(*gap)
        end = index + 1
        while end < len(lines):
            line, previous = lines[end], lines[end - 1]
            if line.top - previous.bottom > 1.5 * size:
                break  # a wider space: the block is over
            if lines[end].gaps(wide) and _gap(line, wide, left, width) is None:
                break  # a table row, not two columns
            if not block.take(line, _gap(line, wide, left, width), size=size):
                break
            end += 1
        if block.both_sides < 2:
            single(lines[index])  # one line with a gap is a line (a date pushed right)
            index += 1
            continue
        middle = (block.left_max + block.right_min) / 2
        left_lines: list[Line] = []
        right_lines: list[Line] = []
        for line in lines[index:end]:
            before = tuple(w for w in line.words if w.x1 <= middle)
            after = tuple(w for w in line.words if w.x1 > middle)
            if before:
                left_lines.append(Line(before))
            if after:
                right_lines.append(Line(after))
        blocks.append((left_lines, right_lines))
        index = end
    return blocks


# --- paragraphs ------------------------------------------------------------------------


def _centred(line: Line, left: float, right: float, size: float) -> bool:
    """Indented on both sides by about as much: a title."""
    before, after = line.x0 - left, right - line.x1
    return before > size and after > size and abs(before - after) < 1.5 * size


@dataclass
class _Flow:
    """Running state of paragraph joining across lines and pages."""

    parts: list[str]
    previous: Line | None = None
    previous_right: float = 0.0
    open_paragraph: bool = False

    def add_line(self, line: Line, *, left: float, right: float, size: float) -> None:
        text = line.text()
        if (
            self.open_paragraph
            and self.previous is not None
            and self._continues(line, text, left=left, right=right, size=size)
        ):
            self._join(text)
        else:
            self.parts.append("\n" + text if self.parts else text)
        self.previous, self.previous_right, self.open_paragraph = line, right, True

    def _continues(self, line: Line, text: str, *, left: float, right: float, size: float) -> bool:
        previous = self.previous
        assert previous is not None
        if _centred(previous, left, self.previous_right, size):
            # a centred line (a title) stands alone, unless the next centred line goes
            # on with its sentence ("… về phòng cháy" / "rừng")
            return _centred(line, left, right, size) and text[:1].islower()
        if previous.x1 < self.previous_right - 2.5 * size:
            return False  # the line before ended short: its paragraph ended
        return not line.x0 > left + 1.2 * size  # an indent starts a paragraph

    def _join(self, text: str) -> None:
        last = self.parts[-1]
        if last.endswith("\u00ad"):
            self.parts[-1] = last[:-1] + text
        elif last.endswith("-") and len(last) > 1 and last[-2].isalnum():
            self.parts[-1] = last + text
        else:
            self.parts[-1] = last + " " + text

    def add_block(self, lines: list[str]) -> None:
        for text in lines:
            self.parts.append("\n" + text if self.parts else text)
        self.open_paragraph = False

    def text(self) -> str:
        return "".join(self.parts)


def pages_to_text(pages: Sequence[Page]) -> str:
    """Reading order, furniture removed, paragraphs joined."""
    pages = drop_furniture(pages)
    all_lines = [line for page in pages for line in page.lines]
    if not all_lines:
        return ""
    size = statistics.median(line.height for line in all_lines) or 10.0
    left = statistics.median(sorted(line.x0 for line in all_lines)[: max(1, len(all_lines) // 3)])
    right = max(line.x1 for line in all_lines)
    flow = _Flow([])
    for page in pages:
        for block in reading_blocks(page):
            if isinstance(block, tuple):
                flow.add_block([line.text() for line in (*block[0], *block[1])])
                continue
            for line in block:
                flow.add_line(line, left=left, right=right, size=size)
    return flow.text()


# --- reading ---------------------------------------------------------------------------


def _words(page: object) -> list[Word]:
    extracted = page.extract_words(keep_blank_chars=False, x_tolerance=1.5, y_tolerance=3)  # type: ignore[attr-defined]
    return [
        Word(str(w["text"]), float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]))
        for w in extracted
        if str(w["text"]).strip()
    ]


def read_pdf(name: str, data: bytes, *, limits: Limits, progress: Progress) -> LoadedDocument:
    """A PDF's text layer, or its OCR when it has none."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect:
        raise fail(name, "PDF có mật khẩu; hãy gỡ mật khẩu rồi thử lại") from None
    except (PDFSyntaxError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise fail(name, f"tệp PDF bị hỏng ({type(error).__name__})") from None
    except Exception as error:  # pdfminer raises many types on broken files
        raise fail(name, f"tệp PDF bị hỏng ({type(error).__name__})") from None
    with pdf:
        count = len(pdf.pages)
        if count == 0:
            raise fail(name, "tệp PDF không có trang nào")
        if count > limits.max_pages:
            raise fail(name, f"PDF có {count} trang, vượt giới hạn {limits.max_pages} trang")
        pages: list[Page] = []
        chars = 0
        for number, page in enumerate(pdf.pages, 1):
            if count > 5:
                progress(f"{name}: đọc trang {number}/{count}")
            try:
                words = _words(page)
            except Exception as error:  # a damaged page stream
                raise fail(
                    name, f"trang {number} của PDF bị hỏng ({type(error).__name__})"
                ) from None
            chars += sum(len(w.text) for w in words)
            pages.append(Page(tuple(group_lines(words)), float(page.width), float(page.height)))
    if chars < _MIN_CHARS_PER_PAGE * count:
        from tracker.load.ocr import read_scanned_pdf

        return read_scanned_pdf(name, data, pages=count, limits=limits, progress=progress)
    return LoadedDocument(name, pages_to_text(pages), "pdf", "pdf", source="pdf", pages=count)
