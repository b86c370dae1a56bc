"""Old Word (.doc) and RTF → text, through LibreOffice converting them to .docx.

Why LibreOffice and not antiword/catdoc: the .docx it writes keeps each run's font,
so text typed in the ABC (``.VnTime``) or VNI fonts — the usual case in a .doc from
an older office — is converted by the same ``load.docx`` reader, tables and the NĐ 30
header table included; antiword and catdoc write plain text in which the font, and
so the legacy code, is lost, and they read neither RTF nor newer .doc variants. The
cost is start-up time (a few seconds per file) and the package size.

Each conversion uses a profile folder of its own (two conversions at once would
otherwise wait on each other's lock) and the ``Limits.timeout``. Debian:
``libreoffice-writer-nogui``; when absent the message names it.

Imports ``load.base`` and ``load.docx``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tracker.load.base import Limits, LoadedDocument, Progress, fail
from tracker.load.docx import read_docx


def office() -> str | None:
    """The LibreOffice program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(name: str, data: bytes, *, limits: Limits, progress: Progress) -> LoadedDocument:
    """The text of a .doc or .rtf file."""
    kind = "RTF" if data.startswith(b"{\\rtf") else ".doc"
    program = office()
    if program is None:
        raise fail(
            name,
            f"là tệp {kind}, cần LibreOffice để đọc: hãy cài gói libreoffice-writer-nogui "
            "(hoặc lưu lại thành .docx)",
        )
    progress(f"{name}: đang chuyển {kind} sang .docx bằng LibreOffice…")
    with tempfile.TemporaryDirectory(prefix="tracker-doc-") as folder:
        work = Path(folder)
        source = work / ("input.rtf" if kind == "RTF" else "input.doc")
        source.write_bytes(data)
        profile = work / "profile"
        try:
            done = subprocess.run(
                [
                    program,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "docx:MS Word 2007 XML",
                    "--outdir",
                    str(work / "out"),
                    str(source),
                ],
                capture_output=True,
                timeout=limits.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise fail(name, f"LibreOffice chuyển đổi quá {limits.timeout} giây") from None
        except OSError as error:
            raise fail(name, f"không chạy được LibreOffice ({error.strerror})") from None
        converted = work / "out" / "input.docx"
        if done.returncode != 0 or not converted.is_file():
            raise fail(name, f"tệp {kind} bị hỏng hoặc không phải văn bản Word")
        text = read_docx(name, converted.read_bytes(), limits)
    return LoadedDocument(name, text, "doc", kind.lstrip(".").lower())
