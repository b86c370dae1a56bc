"""Documents the tests and bench scripts make themselves: PDFs in the NĐ 30 layout
(reportlab, DejaVu Serif embedded), scans of them (pdftoppm at 200 dpi, noise and a
slight rotation), .doc files (LibreOffice), legacy-encoded text (our encoders); and
task candidates as the extractor would give them.

Nothing here is read from ../shared: callers pass the texts.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tracker.extract.types import Span, TaskCandidate


def candidate(
    sentence: str,
    *,
    start: int = 0,
    action: str = "báo cáo kết quả",
    owners: tuple[str, ...] = (),
    deadline: date | None = None,
    deadline_text: str | None = None,
    confidence: float = 0.9,
) -> TaskCandidate:
    """A task candidate for ``sentence`` standing at ``start`` of its text."""
    return TaskCandidate(
        sentence=sentence,
        span=Span(start, start + len(sentence)),
        action=action,
        owners=owners,
        deadline=deadline,
        deadline_text=deadline_text,
        recurrence=None,
        report_to=None,
        confidence=confidence,
        rule="test",
    )


FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


def font_path(bold: bool = False) -> Path | None:
    name = "DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf"
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return folder / name
    return None


@dataclass
class Official:
    """An official document in the NĐ 30 layout, written by the test."""

    issuer_lines: tuple[str, ...] = ("ỦY BAN NHÂN DÂN", "HUYỆN AN HÒA")
    number: str = "Số: 215/TB-UBND"
    place_date: str = "An Hòa, ngày 12 tháng 3 năm 2024"
    kind: str = "THÔNG BÁO"
    subject: str = "Kết luận của Chủ tịch UBND huyện tại cuộc họp về phòng cháy rừng"
    regarding: str | None = None  # "V/v …" under the number (công văn)
    addressees: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    signer: tuple[str, ...] = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "", "Nguyễn Văn An")
    running_footer: str | None = "UBND huyện An Hòa - Thông báo số 215/TB-UBND"
    page_numbers: bool = True
    extra: dict[str, str] = field(default_factory=dict)

    def plain_text(self) -> str:
        """The same document as a .txt would hold it (header column by column)."""
        lines = [*self.issuer_lines, self.number]
        if self.regarding:
            lines.append(self.regarding)
        lines += ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        lines.append(self.place_date)
        if self.kind:
            lines += [self.kind, self.subject]
        if self.addressees:
            lines.append("Kính gửi: " + "; ".join(self.addressees))
        lines += list(self.paragraphs)
        if self.recipients:
            lines += ["Nơi nhận:", *self.recipients]
        lines += [s for s in self.signer if s]
        return "\n".join(lines)


def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = font_path(), font_path(bold=True)
    if regular is None or bold is None:
        raise RuntimeError("DejaVu Serif is not installed (Debian: fonts-dejavu-core)")
    if "DVSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DVSerif", str(regular)))
        pdfmetrics.registerFont(TTFont("DVSerif-Bold", str(bold)))
    return "DVSerif", "DVSerif-Bold"


def official_pdf(doc: Official, path: Path) -> Path:
    """Render ``doc`` as a PDF with a text layer (fonts embedded)."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = _fonts()
    body = ParagraphStyle(
        "body",
        fontName=regular,
        fontSize=13,
        leading=17,
        alignment=TA_JUSTIFY,
        firstLineIndent=10 * mm,
        spaceAfter=4,
    )
    centre = ParagraphStyle("c", fontName=regular, fontSize=12, leading=15, alignment=TA_CENTER)
    centre_bold = ParagraphStyle("cb", parent=centre, fontName=bold)
    left = ParagraphStyle("l", fontName=regular, fontSize=11, leading=14, alignment=TA_LEFT)
    title = ParagraphStyle("t", parent=centre_bold, fontSize=14, leading=18, spaceBefore=10)

    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    left_cells = [
        Paragraph(esc(t), centre if i == 0 else centre_bold) for i, t in enumerate(doc.issuer_lines)
    ]
    left_cells.append(Paragraph(esc(doc.number), centre))
    if doc.regarding:
        left_cells.append(Paragraph(esc(doc.regarding), centre))
    national = ParagraphStyle("n", parent=centre_bold, fontSize=11.5)
    right_cells = [
        Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", national),
        Paragraph("Độc lập - Tự do - Hạnh phúc", centre_bold),
        Spacer(1, 4),
        Paragraph(esc(doc.place_date), centre),
    ]
    header = Table([[left_cells, right_cells]], colWidths=[62 * mm, 103 * mm])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story: list[object] = [header, Spacer(1, 8)]
    if doc.kind:
        story += [Paragraph(esc(doc.kind), title), Paragraph(esc(doc.subject), centre_bold)]
        story.append(Spacer(1, 8))
    if doc.addressees:
        story.append(Paragraph("Kính gửi: " + esc("; ".join(doc.addressees)), centre))
    story += [Paragraph(esc(p), body) for p in doc.paragraphs]
    if doc.recipients or doc.signer:
        rec = [Paragraph("<b>Nơi nhận:</b>", left)] + [
            Paragraph(esc(r), left) for r in doc.recipients
        ]
        sig = [Paragraph(esc(s) if s else "&nbsp;", centre_bold) for s in doc.signer]
        block = Table([[rec, sig]], colWidths=[80 * mm, 85 * mm])
        block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story += [Spacer(1, 10), block]

    def decorate(canvas: object, document: object) -> None:
        page = canvas.getPageNumber()  # type: ignore[attr-defined]
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont(regular, 9)  # type: ignore[attr-defined]
        if doc.running_footer:
            canvas.drawCentredString(A4[0] / 2, 12 * mm, doc.running_footer)  # type: ignore[attr-defined]
        if doc.page_numbers and page > 1:
            canvas.setFont(regular, 12)  # type: ignore[attr-defined]
            canvas.drawCentredString(A4[0] / 2, A4[1] - 12 * mm, str(page))  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    template = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=30 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
    )
    template.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return path


def text_pdf(text: str, path: Path, *, footer: str | None = None) -> Path:
    """A plain document as a PDF: each line of ``text`` a justified, indented paragraph."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    regular, _ = _fonts()
    body = ParagraphStyle(
        "body",
        fontName=regular,
        fontSize=13,
        leading=17,
        alignment=TA_JUSTIFY,
        firstLineIndent=10 * mm,
        spaceAfter=4,
    )

    def esc(line: str) -> str:
        return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    story = [Paragraph(esc(line), body) for line in text.splitlines() if line.strip()]

    def decorate(canvas: object, document: object) -> None:
        page = canvas.getPageNumber()  # type: ignore[attr-defined]
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont(regular, 9)  # type: ignore[attr-defined]
        if footer:
            canvas.drawCentredString(A4[0] / 2, 12 * mm, footer)  # type: ignore[attr-defined]
        canvas.drawCentredString(A4[0] / 2, A4[1] - 12 * mm, f"- {page} -")  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=30 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
    ).build(story, onFirstPage=decorate, onLaterPages=decorate)
    return path


def scan_images(
    pdf: Path,
    folder: Path,
    *,
    dpi: int = 200,
    seed: int = 7,
    max_pages: int | None = None,
    angle: float = 0.6,
    noise: float = 0.02,
) -> list[Path]:
    """Pages of ``pdf`` as scanned images: ``dpi``, a slight rotation, speckle noise."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    args = ["pdftoppm", "-r", str(dpi), "-gray", "-png"]
    if max_pages:
        args += ["-l", str(max_pages)]
    subprocess.run([*args, str(pdf), str(folder / "page")], check=True)
    rng = random.Random(seed)
    pages = sorted(folder.glob("page*.png"))
    for number, page in enumerate(pages):
        image = Image.open(page).convert("L")
        turn = angle if number % 2 == 0 else -angle
        image = image.rotate(turn, expand=False, fillcolor=255, resample=Image.BICUBIC)
        pixels = image.load()
        width, height = image.size
        for _ in range(int(width * height * noise)):
            x, y = rng.randrange(width), rng.randrange(height)
            pixels[x, y] = rng.choice((0, 90, 255))  # type: ignore[index]
        image.save(page)
    return pages


def scanned_pdf(images: list[Path], path: Path, *, dpi: int = 200) -> Path:
    """An image-only PDF (no text layer) of scanned pages."""
    from PIL import Image

    frames = [Image.open(p).convert("L") for p in images]
    frames[0].save(path, save_all=True, append_images=frames[1:], resolution=dpi)
    return path


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_libreoffice(source: Path, fmt: str, folder: Path) -> Path:
    """``soffice --convert-to fmt`` with a profile of its own (two runs can overlap)."""
    office = libreoffice()
    assert office is not None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                office,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(folder),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    return folder / f"{source.stem}.{fmt.split(':')[0]}"
