"""PDF: the DOCX rendered by LibreOffice (headless), fonts embedded.

Offices send PDFs (signed digitally) and a supervisor without Word must be able to
read the report: the PDF is the DOCX as LibreOffice Writer lays it out, so both
look the same. Each conversion runs ``soffice --headless --convert-to pdf`` with a
private, temporary user profile (a LibreOffice the user has open, or a second
conversion at the same time, does not get in the way) and a time limit. When
LibreOffice is not installed the user is told which package to install.

Times New Roman is embedded when the machine has it, otherwise a font with the same
metrics (Liberation Serif, from ``fonts-liberation2``), so lines break where they
would in Word.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tracker.errors import TrackerError
from tracker.export.docx import write_docx
from tracker.export.layout import OfficialDocument
from tracker.export.report import Report, overdue_document

PACKAGE = "libreoffice-writer-nogui"
TIMEOUT_SECONDS = 600  # about 10 ms a table row: 2,000 overdue lines take 20 s
# writer_pdf_Export options (LibreOffice ≥ 7.4 reads them as JSON): embed every font,
# the 14 standard PDF fonts included, so the file looks the same everywhere.
FILTER = 'pdf:writer_pdf_Export:{"EmbedStandardFonts":{"type":"boolean","value":"true"}}'


class ConverterMissing(TrackerError):
    """LibreOffice is not installed (exit 2: nothing was written)."""

    exit_code = 2


class ConversionFailed(TrackerError):
    """LibreOffice ran but gave no PDF."""

    exit_code = 2


def soffice() -> str:
    """The LibreOffice program, or ``ConverterMissing`` naming the package."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise ConverterMissing(
            f"không tạo được PDF: máy chưa cài LibreOffice (cài gói {PACKAGE}, ví dụ "
            f"'sudo apt-get install {PACKAGE}')"
        )
    return found


def render(report: Report, path: Path) -> None:
    """Write the overdue report as PDF."""
    write_pdf(overdue_document(report), path)


def write_pdf(doc: OfficialDocument, path: Path) -> None:
    """Write ``doc`` as PDF at ``path`` (through its DOCX)."""
    program = soffice()
    with tempfile.TemporaryDirectory(prefix="tracker-pdf-") as work:
        folder = Path(work)
        source = folder / f"{doc.name}.docx"
        write_docx(doc, source)
        shutil.copyfile(convert(source, folder, program=program), path)


def pdf_bytes(doc: OfficialDocument) -> bytes:
    """``doc`` as PDF bytes (for a mail attachment)."""
    with tempfile.TemporaryDirectory(prefix="tracker-pdf-") as work:
        target = Path(work) / f"{doc.name}.pdf"
        write_pdf(doc, target)
        return target.read_bytes()


def convert(source: Path, folder: Path, *, program: str | None = None) -> Path:
    """Convert ``source`` (DOCX) to ``folder/<stem>.pdf`` with LibreOffice."""
    program = program or soffice()
    profile = folder / "lo-profile"
    command = [
        program,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        FILTER,
        "--outdir",
        str(folder),
        str(source),
    ]
    environment = {**os.environ, "HOME": str(folder)}
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
            env=environment,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise ConversionFailed(
            f"LibreOffice không chuyển xong '{source.name}' sang PDF sau {TIMEOUT_SECONDS} giây"
        ) from None
    except OSError as error:
        raise ConversionFailed(f"không chạy được LibreOffice ({program}): {error}") from None
    result = folder / f"{source.stem}.pdf"
    if done.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
        detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
        last = detail[-1] if detail else f"mã thoát {done.returncode}"
        raise ConversionFailed(f"LibreOffice không chuyển được '{source.name}' sang PDF: {last}")
    return result
