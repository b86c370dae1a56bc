"""Outside programs the loaders use: a test that needs one skips with the reason when it
is missing, except under CI=true, where .ci/run installs it and a missing one fails."""

from __future__ import annotations

import os
import shutil

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def need(program: str, package: str) -> str:
    found = shutil.which(program)
    if found is None:
        reason = f"{program} is not installed (Debian package {package})"
        if IN_CI:
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    return found


@pytest.fixture(scope="session")
def tesseract() -> str:
    program = need("tesseract", "tesseract-ocr")
    from tracker.load.ocr import LANGUAGE, _tesseract_languages

    if LANGUAGE not in _tesseract_languages(program):
        reason = "Tesseract has no Vietnamese data (Debian package tesseract-ocr-vie)"
        if IN_CI:
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    need("pdftoppm", "poppler-utils")
    return program


@pytest.fixture(scope="session")
def soffice() -> str:
    return need("soffice", "libreoffice-writer-nogui")
