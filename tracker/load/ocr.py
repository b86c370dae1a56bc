"""Scans → text with Tesseract (Vietnamese data), through its command line.

Images (.png, .jpg, .tif, multi-page TIFF included) go to Tesseract directly; a PDF
without a text layer is rendered page by page with poppler's ``pdftoppm`` first.
Tesseract's TSV output gives every word with its box and confidence: the words are
straightened (the median slope of Tesseract's own lines: a scan is never quite
level) and then read exactly like a PDF's text layer (``load.pdf.pages_to_text``:
two-column header, page furniture, paragraphs). The mean word confidence (0–100)
is reported; every task found in OCR text goes to the review queue.

Debian packages: ``tesseract-ocr`` and ``tesseract-ocr-vie``, ``poppler-utils``. When a
program or the Vietnamese data is missing the message names the package.

Imports ``load.base`` and ``load.pdf``.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import shutil
import statistics
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

from tracker.load.base import Limits, LoadedDocument, Progress, fail
from tracker.load.pdf import Line, Page, Word, pages_to_text

LANGUAGE = "vie"


@functools.cache
def _tesseract_languages(program: str) -> frozenset[str]:
    try:
        done = subprocess.run(
            [program, "--list-langs"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in done.stdout.splitlines()[1:] if line.strip())


def tesseract(name: str) -> str:
    """The Tesseract program, with Vietnamese data, or a refusal naming the package."""
    program = shutil.which("tesseract")
    if program is None:
        raise fail(
            name,
            "là bản quét, cần Tesseract OCR để đọc: hãy cài gói tesseract-ocr và "
            "tesseract-ocr-vie (apt-get install tesseract-ocr tesseract-ocr-vie)",
        )
    if LANGUAGE not in _tesseract_languages(program):
        raise fail(
            name,
            "là bản quét, Tesseract thiếu dữ liệu tiếng Việt: hãy cài gói tesseract-ocr-vie",
        )
    return program


def _run(
    args: list[str], name: str, limits: Limits, what: str
) -> subprocess.CompletedProcess[bytes]:
    try:
        done = subprocess.run(args, capture_output=True, timeout=limits.timeout, check=False)
    except subprocess.TimeoutExpired:
        raise fail(name, f"{what} quá {limits.timeout} giây") from None
    except OSError as error:
        raise fail(name, f"không chạy được {args[0]} ({error.strerror})") from None
    return done


def _words_from_tsv(tsv: str) -> dict[int, list[tuple[tuple[int, int, int], Word, float]]]:
    """Tesseract TSV → per page: (block, paragraph, line), word, confidence."""
    pages: dict[int, list[tuple[tuple[int, int, int], Word, float]]] = defaultdict(list)
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        try:
            left, top = float(row["left"]), float(row["top"])
            width, height = float(row["width"]), float(row["height"])
            confidence = float(row["conf"])
            key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
            page = int(row["page_num"])
        except (KeyError, TypeError, ValueError):
            continue
        if (set(text) <= set("|¦!l1I") and len(text) == 1) or (
            confidence < 30 and not any(c.isalnum() for c in text)
        ):
            continue  # a rule, a fold or a speck read as "|", ".": not text
        word = Word(text, left, left + width, top, top + height)
        pages[page].append((key, word, confidence))
    return pages


def _slope(entries: list[tuple[tuple[int, int, int], Word, float]]) -> float:
    """Median slope of Tesseract's lines (bottom edge against x)."""
    lines: dict[tuple[int, int, int], list[Word]] = defaultdict(list)
    for key, word, _ in entries:
        lines[key].append(word)
    slopes = []
    for words in lines.values():
        if len(words) < 4:
            continue
        xs = [(w.x0 + w.x1) / 2 for w in words]
        ys = [w.bottom for w in words]
        mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
        spread = sum((x - mean_x) ** 2 for x in xs)
        if spread:
            slopes.append(
                sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
            )
    return statistics.median(slopes) if slopes else 0.0


def _level(words: list[Word], slope: float) -> list[Word]:
    """Rotate word boxes by the scan's skew so that lines are level."""
    if abs(slope) < 1e-4:
        return words
    angle = math.atan(slope)
    cos, sin = math.cos(-angle), math.sin(-angle)
    out = []
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        nx, ny = cx * cos - cy * sin, cx * sin + cy * cos
        half_w, half_h = (w.x1 - w.x0) / 2, (w.bottom - w.top) / 2
        out.append(Word(w.text, nx - half_w, nx + half_w, ny - half_h, ny + half_h))
    return out


def _merge_lines(lines: list[Line]) -> list[Line]:
    """Tesseract's lines of one height side by side (two columns) → one line each."""
    merged: list[list[Word]] = []
    for line in sorted(lines, key=lambda ln: (ln.top + ln.bottom) / 2):
        centre, height = (line.top + line.bottom) / 2, line.height
        for words in reversed(merged[-4:]):
            other = Line(tuple(words))
            beside = all(w.x1 <= line.x0 or w.x0 >= line.x1 for w in words)
            close = abs((other.top + other.bottom) / 2 - centre) < 0.5 * min(height, other.height)
            if beside and close:
                words.extend(line.words)
                break
        else:
            merged.append(list(line.words))
    return [Line(tuple(sorted(words, key=lambda w: w.x0))) for words in merged]


def _pages(tsv: str, size: tuple[float, float]) -> tuple[list[Page], list[float]]:
    pages, confidences = [], []
    for _, entries in sorted(_words_from_tsv(tsv).items()):
        confidences += [c for _, _, c in entries if c >= 0]
        slope = _slope(entries)
        by_line: dict[tuple[int, int, int], list[Word]] = defaultdict(list)
        for key, word, _ in entries:
            by_line[key].append(word)
        lines = [
            Line(tuple(sorted(_level(words, slope), key=lambda w: w.x0)))
            for words in by_line.values()
        ]
        pages.append(Page(tuple(_merge_lines(lines)), *size))
    return pages, confidences


def _ocr_image(program: str, image: Path, name: str, limits: Limits) -> str:
    done = _run(
        [program, str(image), "stdout", "-l", LANGUAGE, "--psm", "3", "tsv"],
        name,
        limits,
        "nhận dạng chữ (OCR)",
    )
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise fail(name, f"ảnh không đọc được ({detail[-1] if detail else done.returncode})")
    return done.stdout.decode("utf-8", "replace")


def _prepare(image: object, target: Path) -> tuple[float, float]:
    """A page image cleaned for OCR: grey, speckles removed (3×3 median), as PNG."""
    from PIL import ImageFilter

    grey = image.convert("L")  # type: ignore[attr-defined]
    grey.filter(ImageFilter.MedianFilter(3)).save(target)
    return float(grey.width), float(grey.height)


def _ocr_page(
    program: str, image: object, folder: Path, name: str, limits: Limits
) -> tuple[list[Page], list[float]]:
    target = folder / "page.png"
    size = _prepare(image, target)
    return _pages(_ocr_image(program, target, name, limits), size)


def _open_image(name: str, data: bytes, kind: str) -> object:
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Image.DecompressionBombError:
        raise fail(name, "ảnh quá lớn (số điểm ảnh vượt giới hạn an toàn)") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise fail(name, f"ảnh {kind} bị hỏng ({type(error).__name__})") from None
    return image


def _result(
    name: str, pages: list[Page], confidences: list[float], fmt: str, count: int
) -> LoadedDocument:
    mean = round(statistics.fmean(confidences), 1) if confidences else 0.0
    return LoadedDocument(
        name,
        pages_to_text(pages),
        "pdf" if fmt == "pdf" else "image",
        "ocr",
        source="ocr",
        ocr_confidence=mean,
        pages=count,
    )


def read_image(
    name: str, data: bytes, *, kind: str, limits: Limits, progress: Progress
) -> LoadedDocument:
    """OCR of an image file (PNG, JPEG, TIFF with one or more pages)."""
    from PIL import ImageSequence

    image = _open_image(name, data, kind)
    frames = getattr(image, "n_frames", 1)
    if frames > limits.max_pages:
        raise fail(name, f"ảnh có {frames} trang, vượt giới hạn {limits.max_pages} trang")
    program = tesseract(name)
    pages: list[Page] = []
    confidences: list[float] = []
    with tempfile.TemporaryDirectory(prefix="tracker-ocr-") as folder:
        for number, frame in enumerate(ImageSequence.Iterator(image), 1):  # type: ignore[arg-type]
            progress(f"{name}: nhận dạng chữ (OCR) trang {number}/{frames}")
            page_pages, page_confidences = _ocr_page(program, frame, Path(folder), name, limits)
            pages += page_pages
            confidences += page_confidences
    return _result(name, pages, confidences, "image", frames)


def read_scanned_pdf(
    name: str, data: bytes, *, pages: int, limits: Limits, progress: Progress
) -> LoadedDocument:
    """OCR of a PDF without a text layer, page by page."""
    program = tesseract(name)
    render = shutil.which("pdftoppm")
    if render is None:
        raise fail(name, "là PDF quét, cần pdftoppm để tách trang: hãy cài gói poppler-utils")
    all_pages: list[Page] = []
    confidences: list[float] = []
    with tempfile.TemporaryDirectory(prefix="tracker-ocr-") as folder:
        source = Path(folder) / "scan.pdf"
        source.write_bytes(data)
        for number in range(1, pages + 1):
            progress(f"{name}: nhận dạng chữ (OCR) trang {number}/{pages}")
            prefix = Path(folder) / f"p{number}"
            done = _run(
                [
                    render,
                    "-r",
                    str(limits.ocr_dpi),
                    "-gray",
                    "-png",
                    "-f",
                    str(number),
                    "-l",
                    str(number),
                    "-singlefile",
                    str(source),
                    str(prefix),
                ],
                name,
                limits,
                "tách trang PDF",
            )
            rendered = prefix.with_suffix(".png")
            if done.returncode != 0 or not rendered.exists():
                raise fail(name, f"trang {number} của PDF quét không đọc được")
            from PIL import Image

            with Image.open(rendered) as image:
                page_pages, page_confidences = _ocr_page(program, image, Path(folder), name, limits)
            all_pages += page_pages
            confidences += page_confidences
            rendered.unlink()
    return _result(name, all_pages, confidences, "pdf", pages)
