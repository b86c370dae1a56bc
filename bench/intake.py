"""Documents as they arrive, on the whole dev corpus (../shared/corpus/dev): figures.

    .venv/bin/python bench/intake.py [--ocr-docs N] [--ocr-every N] [--work DIR]

1. Text-layer PDF: every dev document rendered to a PDF (reportlab, DejaVu Serif
   embedded, justified paragraphs with a first-line indent, a running footer and page
   numbers), read back by tracker.load, and scored with ../shared/tools/score.py
   against the gold tasks — next to the score of the .txt itself, same extractor.
2. Scans: the same PDFs rendered at 200 dpi in grey with speckle noise and ±0.6°
   rotation, as image-only PDFs, read by OCR: character error rate against the text
   layer, deadline-task F1 against the .txt's, seconds per page.
3. Limits: HTML with unclosed tags, the forward tokenizer against the stack-walking
   parser it replaced (in this run), and a .docx bomb refused (time, peak memory).

Nothing here is a test; CI runs the same code on a few pages (tests/unit/load).
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _corpus_copy(folder: Path, texts: dict[str, str]) -> Path:
    """A corpus folder like ../shared/corpus/dev whose documents are ``texts``."""
    corpus = folder / "corpus"
    (corpus / "docs").mkdir(parents=True, exist_ok=True)
    for name in ("docs.jsonl", "tasks.jsonl"):  # the gold of these documents only
        lines = (SHARED / "corpus" / "dev" / name).read_text(encoding="utf-8").splitlines()
        kept = [line for line in lines if line.strip() and json.loads(line)["doc"] in texts]
        (corpus / name).write_text("\n".join(kept) + "\n", encoding="utf-8")
    for name, text in texts.items():
        (corpus / "docs" / name).write_text(text, encoding="utf-8")
    return corpus


def _score(corpus: Path) -> dict[str, float]:
    scorer = _scorer()
    command = f"{sys.executable} -m tracker extract --format jsonl"
    result, _ = scorer.score(corpus, scorer.run_command(corpus, command))
    return {
        "all": result["all_tasks"]["f1"],
        "deadline": result["tasks_with_deadline"]["f1"],
    }


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate: edits (SequenceMatcher opcodes) over the reference length."""
    ref, hyp = " ".join(reference.split()), " ".join(hypothesis.split())
    matcher = difflib.SequenceMatcher(None, ref, hyp, autojunk=False)
    edits = sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )
    return edits / max(len(ref), 1)


def text_layer(work: Path) -> dict[str, str]:
    from tests.makers import text_pdf
    from tracker.load import load_document

    originals, from_pdf = {}, {}
    started, pages = time.perf_counter(), 0
    for path in sorted((SHARED / "corpus" / "dev" / "docs").glob("*.txt")):
        text = load_document(path).text
        pdf = work / "pdf" / f"{path.stem}.pdf"
        pdf.parent.mkdir(parents=True, exist_ok=True)
        if not pdf.exists():
            text_pdf(text, pdf, footer="Cổng thông tin điện tử - bản in")
        loaded = load_document(pdf)
        originals[path.name], from_pdf[path.name] = text, loaded.text
        pages += loaded.pages or 0
    seconds = time.perf_counter() - started
    same = sum(
        [" ".join(line.split()) for line in originals[n].splitlines() if line.strip()]
        == from_pdf[n].splitlines()
        for n in originals
    )
    txt = _score(_corpus_copy(work / "txt", originals))
    pdf_scores = _score(_corpus_copy(work / "pdf-text", from_pdf))
    print("## Text-layer PDF (whole dev corpus)")
    print(f"documents: {len(originals)}, pages: {pages}, read in {seconds:.1f} s")
    print(f"paragraphs identical to the .txt: {same}/{len(originals)} documents")
    mean = statistics.fmean(cer(originals[n], from_pdf[n]) for n in originals)
    print(f"mean CER against the .txt: {mean:.4f}")
    print(
        f"all tasks F1:      .txt {txt['all']:.3f}   PDF {pdf_scores['all']:.3f}   "
        f"difference {abs(txt['all'] - pdf_scores['all']):.3f}"
    )
    print(
        f"deadline tasks F1: .txt {txt['deadline']:.3f}   PDF {pdf_scores['deadline']:.3f}   "
        f"difference {abs(txt['deadline'] - pdf_scores['deadline']):.3f}"
    )
    return originals


def scans(work: Path, originals: dict[str, str], limit: int | None, every: int) -> None:
    from tests.makers import scan_images, scanned_pdf
    from tracker.load import load_document

    names = sorted(originals)[::every]
    names = names[:limit] if limit else names
    texts, rates, page_times = {}, [], []
    confidences, pages = [], 0
    for name in names:
        stem = Path(name).stem
        pdf = work / "pdf" / f"{stem}.pdf"
        scan = work / "scan" / f"{stem}.pdf"
        if not scan.exists():
            images = scan_images(pdf, work / "scan" / stem, dpi=200, seed=len(stem))
            scanned_pdf(images, scan)
        started = time.perf_counter()
        loaded = load_document(scan)
        page_times.append((time.perf_counter() - started) / max(loaded.pages or 1, 1))
        pages += loaded.pages or 0
        pages += loaded.pages or 0
        texts[name] = loaded.text
        confidences.append(loaded.ocr_confidence or 0.0)
        rates.append(cer(originals[name], loaded.text))
        print(
            f"  {name}: {loaded.pages} p, CER {rates[-1]:.4f}, conf {loaded.ocr_confidence}",
            file=sys.stderr,
            flush=True,
        )
    subset = {n: originals[n] for n in names}
    txt = _score(_corpus_copy(work / "txt-subset", subset))
    ocr = _score(_corpus_copy(work / "ocr-text", texts))
    total_chars = sum(len(" ".join(subset[n].split())) for n in names)
    weighted = sum(rates[i] * len(" ".join(subset[n].split())) for i, n in enumerate(names))
    print("## Scans, OCR (200 dpi, speckle noise, ±0.6° rotation)")
    print(f"documents: {len(names)}, pages: {pages}")
    print(
        f"CER: {weighted / total_chars:.4f} (characters weighted), median per document "
        f"{statistics.median(rates):.4f}, worst {max(rates):.4f}"
    )
    print(f"mean Tesseract confidence: {statistics.fmean(confidences):.1f}")
    print(
        f"seconds per page: median {statistics.median(page_times):.1f}, "
        f"mean {statistics.fmean(page_times):.1f}"
    )
    print(
        f"deadline tasks F1: .txt {txt['deadline']:.3f}   OCR {ocr['deadline']:.3f}   "
        f"difference {abs(txt['deadline'] - ocr['deadline']):.3f}"
    )
    print(f"all tasks F1:      .txt {txt['all']:.3f}   OCR {ocr['all']:.3f}")


class _StackWalk:
    """The HTML reader that tracker.load.html replaced: the standard library's parser,
    walking the stack of open elements for each piece of text (baseline)."""

    @staticmethod
    def text(page: str) -> str:
        from html.parser import HTMLParser

        class Parser(HTMLParser):
            def __init__(self) -> None:
                super().__init__(convert_charrefs=True)
                self.parts: list[str] = []
                self.stack: list[tuple[str, bool]] = []

            def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
                self.stack.append((tag, tag in ("script", "style")))

            def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
                for index in range(len(self.stack) - 1, -1, -1):
                    if self.stack[index][0] == tag:
                        del self.stack[index:]
                        break

            def handle_data(self, data):  # type: ignore[no-untyped-def]
                if not any(hides for _, hides in self.stack):
                    self.parts.append(data)

        parser = Parser()
        parser.feed(page)
        parser.close()
        return "".join(parser.parts)


def limits() -> None:
    import io
    import zipfile

    from tracker.errors import BadInput
    from tracker.load import load_bytes
    from tracker.load.html import html_to_text

    print("## Limits")
    for units in (10_000, 20_000, 40_000):
        page = "<html><body>" + "<div><span><p>Đề nghị các xã báo cáo " * units
        started = time.perf_counter()
        html_to_text(page)
        new = time.perf_counter() - started
        started = time.perf_counter()
        _StackWalk.text(page)
        old = time.perf_counter() - started
        print(
            f"HTML {len(page) / 1e6:.2f} MB of unclosed tags: {new:.2f} s "
            f"(stack-walking parser {old:.2f} s, {old / new:.0f}x)"
        )
    page = "<p>Trước" + "<!-- x " * 20_000
    started = time.perf_counter()
    html_to_text(page)
    print(f"HTML with 20,000 unterminated comments: {time.perf_counter() - started:.3f} s")
    body = "<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 20_000_000
    xml = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    data = buffer.getvalue()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        load_bytes("bom.docx", data)
    except BadInput as error:
        message = str(error)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f".docx bomb ({len(data) / 1e6:.1f} MB holding {len(xml) / 1e9:.2f} GB): refused in "
        f"{elapsed:.3f} s, peak {peak / 1e6:.1f} MB above the file — {message}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ocr-docs", type=int, default=None, help="OCR only the first N")
    parser.add_argument(
        "--ocr-every", type=int, default=1, help="OCR every Nth document (1: all of them)"
    )
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / ".data" / "intake")
    parser.add_argument("--skip", choices=("pdf", "ocr", "limits"), action="append", default=[])
    args = parser.parse_args()
    if not (SHARED / "corpus" / "dev").is_dir():
        sys.exit(f"{SHARED} is missing")
    args.work.mkdir(parents=True, exist_ok=True)
    originals = text_layer(args.work) if "pdf" not in args.skip else {}
    if "ocr" not in args.skip:
        if not originals:
            originals = text_layer(args.work)
        scans(args.work, originals, args.ocr_docs, args.ocr_every)
    if "limits" not in args.skip:
        limits()


if __name__ == "__main__":
    main()
