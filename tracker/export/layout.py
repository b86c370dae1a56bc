"""The official document as data, and the measurements that lay it out.

Every report a supervisor signs (the overdue list, the scoreboard, the periodic
report) is built as an ``OfficialDocument``: the header of Nghị định 30/2020/NĐ-CP
Phụ lục I (state) or Hướng dẫn 36-HD/VPTW (Party), a title and its summary line
(trích yếu), blocks of body text, tables and charts, then "Nơi nhận" and the signer.
``docx.py`` and ``html.py`` render it; ``pdf.py`` converts the DOCX.

Layout decisions are made here, once, from the text itself, measured with the
advance widths of Times New Roman (``metrics.py``): table column widths from their
content (the long task text gets the room, dates and counts get what they need),
landscape when a table cannot fit a portrait page, header lines wrapped into
balanced lines instead of leaving one word alone.

Pure: no I/O, no heavy imports.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Literal

from tracker.config import Config
from tracker.export import metrics

Template = Literal["state", "party"]
Align = Literal["left", "center", "right", "justify"]
RowKind = Literal["line", "group", "total"]

MM_PER_PT = 25.4 / 72
# A4 and the margins of NĐ 30/2020 Phụ lục I, mục I.3 (top/bottom 20–25 mm, left
# 30–35 mm, right 15–20 mm); Hướng dẫn 36-HD/VPTW uses the same ranges.
PAGE_SHORT_MM, PAGE_LONG_MM = 210.0, 297.0
MARGIN_TOP_MM = MARGIN_BOTTOM_MM = 20.0
MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 30.0, 15.0
CELL_PADDING_PT = 4.0  # cell margin on each side (Word's default is 5.4 pt)


@dataclass(frozen=True, slots=True)
class Office:
    """Who issues the report (config ``[office]``)."""

    parent: str
    name: str
    place: str
    number_suffix: str
    signer_title: str
    signer_name: str
    recipients: tuple[str, ...]
    signer_authority: str = ""  # quyền hạn: "KT. CHÁNH VĂN PHÒNG", "T/M BAN THƯỜNG VỤ"

    @classmethod
    def from_config(cls, config: Config) -> Office:
        """The office of ``[office]``."""
        return cls(
            parent=str(config.get("office", "parent")),
            name=str(config.get("office", "name")),
            place=str(config.get("office", "place")),
            number_suffix=str(config.get("office", "number_suffix")),
            signer_title=str(config.get("office", "signer_title")),
            signer_name=str(config.get("office", "signer_name")),
            recipients=tuple(str(x) for x in config.get("office", "recipients")),
            signer_authority=str(config.get("office", "signer_authority")),
        )


# --- blocks of the body ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Body text: justified with a first-line indent, or a bold section heading."""

    text: str
    bold: bool = False
    italic: bool = False
    align: Align = "justify"
    indent: bool = True
    size: float | None = None  # None: the body size of the template


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its heading, how its cells align, and the heading of the group
    of columns it belongs to (a second header row: "Hoàn thành" over "Đúng hạn" and
    "Quá hạn"), if any."""

    heading: str
    align: Align = "left"
    group: str | None = None


@dataclass(frozen=True, slots=True)
class Row:
    """A table row: one cell per column (``line``, ``total``) or one text across the
    table (``group``: the heading of the lines below it)."""

    cells: tuple[str, ...]
    kind: RowKind = "line"


@dataclass(frozen=True, slots=True)
class Table:
    """A table whose header repeats on every page and whose rows never split."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    size: float = 12.0
    note: str = ""  # explanations printed under the table ("Ghi chú: …")

    @property
    def grouped(self) -> bool:
        """The header has two rows (some columns are grouped)."""
        return any(c.group for c in self.columns)

    def groups(self) -> list[tuple[str | None, int, int]]:
        """Runs of columns under one group heading: (group or None, first, count)."""
        runs: list[tuple[str | None, int, int]] = []
        for index, column in enumerate(self.columns):
            if runs and column.group and runs[-1][0] == column.group:
                group, first, count = runs[-1]
                runs[-1] = (group, first, count + 1)
            else:
                runs.append((column.group, index, 1))
        return runs


ChartKind = Literal["rate", "stacked", "buckets"]


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart drawn by ``charts.py``: ``rate`` (horizontal bars, percent per unit),
    ``stacked`` (horizontal stacked bars of counts per unit), ``buckets`` (vertical
    bars of counts per category)."""

    kind: ChartKind
    title: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    width_mm: float = 150.0
    height_mm: float = 70.0


Block = Paragraph | Table | Chart


@dataclass(frozen=True, slots=True)
class OfficialDocument:
    """A report in the official layout, ready for any renderer."""

    template: Template
    office: Office
    issued: date
    kind: str  # tên loại: "BÁO CÁO"
    summary: str  # trích yếu
    blocks: tuple[Block, ...]
    name: str = "bao-cao"  # file stem for attachments
    landscape: bool = field(default=False)
    closing: str = ""  # the last sentence before the signature ("Trên đây là …./.")

    @property
    def national(self) -> tuple[str, str | None]:
        """The right-hand header: the state name and motto, or the Party's name."""
        return national_header(self.template)

    @property
    def number_line(self) -> str:
        """ "Số:      /BC-VP" (state) or "Số      -BC/HU" (Party), left blank to fill in."""
        return number_line(self.template, self.office.number_suffix)

    @property
    def date_line(self) -> str:
        """ "An Hòa, ngày 05 tháng 4 năm 2024"."""
        return f"{self.office.place}, {vietnamese_date(self.issued)}"

    @property
    def text_width_mm(self) -> float:
        """Width between the margins."""
        page = PAGE_LONG_MM if self.landscape else PAGE_SHORT_MM
        return page - MARGIN_LEFT_MM - MARGIN_RIGHT_MM

    @property
    def tables(self) -> tuple[Table, ...]:
        """The tables of the body."""
        return tuple(b for b in self.blocks if isinstance(b, Table))


@dataclass(frozen=True, slots=True)
class Sizes:
    """Font sizes (pt) per element of a template (NĐ 30 Phụ lục I mục V; HD 36 Phụ lục 2)."""

    national: float  # quốc hiệu / "ĐẢNG CỘNG SẢN VIỆT NAM"
    motto: float
    parent: float
    office: float
    number: float
    date: float
    kind: float  # tên loại
    summary: float  # trích yếu
    body: float
    signer: float
    recipients_heading: float
    recipients: float
    page_number: float


SIZES: dict[Template, Sizes] = {
    # NĐ 30: quốc hiệu 12–13 with the motto one point larger (12 → 13); agency names
    # 12–13; số 13; date 13–14 italic; tên loại and trích yếu 13–14 bold; body 13–14;
    # signer 13–14 bold; "Nơi nhận:" 12 bold italic, its lines 11; page number 13–14.
    "state": Sizes(12, 13, 12, 12, 13, 13, 14, 14, 14, 14, 12, 11, 13),
    # HD 36: tiêu đề 15 bold; agency names 14; số 14; date 14 italic; tên loại 15–16,
    # trích yếu 14–15 bold; body 14–15; signer 14; "Nơi nhận:" 14 underlined, lines 12.
    "party": Sizes(15, 15, 14, 14, 14, 14, 16, 14, 14, 14, 14, 12, 14),
}


def national_header(template: Template) -> tuple[str, str | None]:
    """The right-hand header: the state name and motto (NĐ 30), or the Party's name
    (HD 36), which has no motto."""
    if template == "party":
        return "ĐẢNG CỘNG SẢN VIỆT NAM", None
    return "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"


def number_line(template: Template, suffix: str) -> str:
    """ "Số:      /BC-VP" (NĐ 30) or "Số      -BC/HU" (HD 36), the number left blank."""
    if template == "party":
        return f"Số       -BC/{suffix}"
    return f"Số:       /BC-{suffix}"


def vietnamese_date(day: date) -> str:
    """ "ngày 05 tháng 4 năm 2024": NĐ 30 writes days < 10 and months 1–2 with a zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


# --- measuring text ----------------------------------------------------------------


@cache
def _widths(bold: bool) -> dict[str, int]:
    return dict(zip(metrics.CHARS, metrics.BOLD if bold else metrics.REGULAR, strict=True))


def _char_width(char: str, table: dict[str, int]) -> int:
    width = table.get(char)
    if width is not None:
        return width
    base = unicodedata.normalize("NFD", char)[:1]  # a letter with marks: its base letter
    return table.get(base, 556)


def text_width_pt(text: str, size: float, *, bold: bool = False) -> float:
    """Advance width of ``text`` in Times New Roman at ``size`` points."""
    table = _widths(bold)
    return sum(_char_width(c, table) for c in text) * size / 1000


def balanced_lines(
    text: str, width_pt: float, size: float, *, bold: bool = False, most: int | None = None
) -> list[str]:
    """``text`` in as few lines as fit ``width_pt``, the lines as even as possible
    (with ``most``: in that many lines at most, as narrow as they can be).

    An agency name too long for its column ("VĂN PHÒNG HĐND VÀ UBND HUYỆN") is set
    on two lines of similar length rather than a full line and one word. A line
    break written in the text (``\\n``) is kept as the author's choice.
    """
    if "\n" in text:
        return [line.strip() for line in text.split("\n") if line.strip()]
    words = text.split()
    if most is not None:
        return _best_split(words, min(most, len(words)), size, bold) if words else [""]
    if not words or text_width_pt(text, size, bold=bold) <= width_pt:
        return [" ".join(words)]
    for count in range(2, len(words) + 1):
        best = _best_split(words, count, size, bold)
        if max(text_width_pt(line, size, bold=bold) for line in best) <= width_pt:
            return best
    return words


def _best_split(words: list[str], count: int, size: float, bold: bool) -> list[str]:
    """``words`` in ``count`` lines, the widest line as narrow as possible (the linear
    partition problem, by dynamic programming over the break positions)."""
    n = len(words)
    count = min(count, n)
    if count <= 1:
        return [" ".join(words)]
    space = text_width_pt(" ", size, bold=bold)
    ends = [0.0]  # width of words[:i] with the spaces between them
    for word in words:
        ends.append(ends[-1] + text_width_pt(word, size, bold=bold) + space)

    def width(i: int, j: int) -> float:  # words[i:j] on one line
        return ends[j] - ends[i] - space

    inf = float("inf")
    # best[k][j]: narrowest widest line for words[:j] in k lines; cut[k][j]: last break
    best = [[inf] * (n + 1) for _ in range(count + 1)]
    cut = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for k in range(1, count + 1):
        for j in range(k, n + 1):
            for i in range(k - 1, j):
                value = max(best[k - 1][i], width(i, j))
                if value < best[k][j]:
                    best[k][j], cut[k][j] = value, i
    lines: list[str] = []
    j = n
    for k in range(count, 0, -1):
        i = cut[k][j]
        lines.append(" ".join(words[i:j]))
        j = i
    return lines[::-1]


# --- table columns -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ColumnNeed:
    """What a column needs (pt): its longest word (``least``) and its longest cell
    on one line (``most``)."""

    least: float
    most: float


HEADING_WIDTH_PT = 60.0  # a column heading wider than this wraps onto more lines


def column_needs(table: Table) -> list[ColumnNeed]:
    """Per column, measured over the heading (bold; wrapped into lines about
    ``HEADING_WIDTH_PT`` wide) and every cell of the rows that have one per column."""
    needs: list[ColumnNeed] = []
    padding = 2 * CELL_PADDING_PT + 1
    for index, column in enumerate(table.columns):
        heading = balanced_lines(column.heading, HEADING_WIDTH_PT, table.size, bold=True)
        texts = [(line, True) for line in heading]
        texts += [
            (row.cells[index], row.kind == "total")
            for row in table.rows
            if len(row.cells) == len(table.columns)  # rows across the table do not count
        ]
        least = most = 0.0
        for text, bold in texts:
            for line in text.split("\n"):
                most = max(most, text_width_pt(line, table.size, bold=bold))
                for word in line.split():
                    least = max(least, text_width_pt(word, table.size, bold=bold))
        needs.append(ColumnNeed(least + padding, max(most, least) + padding))
    return needs


CHEAP_PT = 12.0  # a column this close to its whole text gets it first
SHORT_COLUMN = 0.2  # of the table's width: a column this narrow is not wrapped if avoidable
TEXT_SHARE = 0.3  # of the width: what a text column (left-aligned) is given first


def column_widths(table: Table, available_pt: float) -> list[float]:
    """Column widths (pt) summing to ``available_pt``, set from the content.

    Every column gets at least its longest word. When everything fits on one line
    each column gets its whole text and the rest is shared in proportion. Otherwise
    the columns a few points short of their whole text get it ("≤ 30" is not broken
    in two), the text columns (left-aligned: the task, the unit) are given up to
    ``TEXT_SHARE`` of the width, then the short columns (a date, a count, a document
    number) their whole text, narrowest first, and what is left goes to the columns
    in proportion to how much more they would need — so the task text gets the room
    and a date column exactly what "20/03/2024" takes (HTML's automatic table
    layout, with the text served first).
    """
    needs = column_needs(table)
    least = [n.least for n in needs]
    most = [n.most for n in needs]
    if sum(most) <= available_pt:
        spare = available_pt - sum(most)
        total = sum(most)
        return [m + spare * m / total for m in most]
    if sum(least) >= available_pt:
        scale = available_pt / sum(least)
        return [x * scale for x in least]
    widths = list(least)
    spare = available_pt - sum(widths)
    for index in sorted(range(len(widths)), key=lambda i: most[i] - least[i]):
        grow = most[index] - widths[index]
        if grow > min(CHEAP_PT, spare):
            break
        widths[index] = most[index]  # "≤ 30" stays on one line for a few points
        spare -= grow
    for index, column in enumerate(table.columns):
        if column.align in ("left", "justify"):
            grow = min(most[index], available_pt * TEXT_SHARE) - widths[index]
            grow = max(min(grow, spare), 0)
            widths[index] += grow
            spare -= grow
    short = [i for i, m in enumerate(most) if m <= available_pt * SHORT_COLUMN]
    for index in sorted(short, key=lambda i: most[i] - widths[i]):
        grow = most[index] - widths[index]
        if grow > spare:
            break
        widths[index] = max(widths[index], most[index])
        spare -= max(grow, 0)
    wants = [max(m - w, 0) for m, w in zip(most, widths, strict=True)]
    total_want = sum(wants)
    if total_want <= 0:
        return [w + spare / len(widths) for w in widths]
    return [w + spare * x / total_want for w, x in zip(widths, wants, strict=True)]


def needs_landscape(tables: Sequence[Table]) -> bool:
    """True when a table's longest words alone do not fit a portrait page (NĐ 30
    Phụ lục I mục I.2: a document with tables may be laid out landscape)."""
    portrait_pt = (PAGE_SHORT_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) / MM_PER_PT
    return any(sum(n.least for n in column_needs(t)) > portrait_pt for t in tables)
