"""pdfplumber or pypdf for the text layer? Both on the same PDFs, in the same run.

    .venv/bin/python bench/pdf_text.py

Documents we write in the NĐ 30 layout (two-column header, justified paragraphs,
running footer, page numbers, a Nơi nhận | signer block), rendered by reportlab.
For each library: the character error rate of its text against the source (spaces
folded), whether the header's số/ký hiệu and date are found by extract/header.py, and
seconds per page. pdfplumber is measured through tracker.load.pdf (its word boxes
and our layout rules); pypdf through its own ``extract_text()`` in plain and layout
modes (it gives no word boxes to apply the same rules to).
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.intake import cer  # noqa: E402
from tests.makers import Official, official_pdf  # noqa: E402

PARAGRAPHS = (
    "Ngày 10 tháng 3 năm 2024, Chủ tịch UBND huyện An Hòa chủ trì cuộc họp về công tác "
    "phòng cháy, chữa cháy rừng mùa khô năm 2024. Tham dự có lãnh đạo các phòng, ban, "
    "ngành liên quan và Chủ tịch UBND các xã có rừng.",
    "1. Hạt Kiểm lâm chủ trì, phối hợp với Công an huyện kiểm tra các điểm có nguy cơ cháy "
    "cao, hoàn thành trước ngày 15/4/2024; tổng hợp kết quả, báo cáo UBND huyện trong "
    "tháng 4/2024.",
    "2. Đề nghị các đơn vị rà soát lực lượng, phương tiện tại chỗ, báo cáo kết quả về Văn "
    "phòng HĐND và UBND huyện trước ngày 30/3/2024.",
    "3. Giao Phòng Nông nghiệp và Phát triển nông thôn tham mưu bố trí kinh phí mua sắm "
    "dụng cụ chữa cháy, hoàn thành trong quý II/2024.",
)
DOCUMENTS = [
    Official(
        paragraphs=PARAGRAPHS * n, recipients=("- Như trên;", "- Công an huyện;", "- Lưu: VT.")
    )
    for n in (1, 3, 8)
] + [
    Official(
        issuer_lines=("UBND TỈNH AN PHÚ", "SỞ NÔNG NGHIỆP VÀ PTNT"),
        number="Số: 77/SNN-KL",
        place_date="An Phú, ngày 05 tháng 6 năm 2024",
        kind="",
        regarding="V/v tăng cường phòng cháy rừng",
        paragraphs=PARAGRAPHS * 2,
        recipients=("- UBND các huyện;", "- Lưu: VT."),
    )
]


def _pypdf(data: bytes, mode: str) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text(extraction_mode=mode) for page in reader.pages), len(
        reader.pages
    )


def _plumber(data: bytes) -> tuple[str, int]:
    from tracker.load import load_bytes

    loaded = load_bytes("x.pdf", data)
    return loaded.text, loaded.pages or 0


def main() -> None:
    from tracker.extract.header import parse_header

    readers = {
        "pdfplumber + tracker.load.pdf": _plumber,
        "pypdf extract_text (plain)": lambda d: _pypdf(d, "plain"),
        "pypdf extract_text (layout)": lambda d: _pypdf(d, "layout"),
    }
    with TemporaryDirectory() as folder:
        files = []
        for number, doc in enumerate(DOCUMENTS):
            path = official_pdf(doc, Path(folder) / f"{number}.pdf")
            files.append((doc, path.read_bytes()))
        print(f"{len(files)} documents in the NĐ 30 layout")
        print(f"{'reader':32} {'CER':>7} {'header':>7} {'s/page':>8}")
        for name, read in readers.items():
            rates, found, seconds, pages = [], 0, 0.0, 0
            for doc, data in files:
                started = time.perf_counter()
                text, count = read(data)
                seconds += time.perf_counter() - started
                pages += count
                rates.append(cer(doc.plain_text(), text))
                header = parse_header(text)
                number = doc.number.split(":")[-1].strip()
                found += header.number == number and header.issued is not None
            print(
                f"{name:32} {sum(rates) / len(rates):7.3f} {found:>4}/{len(files)} "
                f"{seconds / pages:8.3f}"
            )


if __name__ == "__main__":
    main()
