"""The faces are thin: no function in ``tracker/cli/`` (or ``tracker/web/``) opens a
session that writes or imports the write side; they call ``tracker.app`` instead.

Read from the source with ``ast``, so a new command that writes on its own fails here
before anyone reviews it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tracker"
FACES = ("cli", "web")
WRITE_SIDE = "tracker.store.writes"


def _face_files() -> list[Path]:
    files: list[Path] = []
    for face in FACES:
        folder = PACKAGE / face
        if folder.is_dir():
            files.extend(sorted(folder.rglob("*.py")))
    return files


def _writes_with_a_session(call: ast.Call) -> bool:
    """``session_scope(engine)`` or ``session_scope(engine, write=<anything but False>)``."""
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    if name != "session_scope":
        return False
    for keyword in call.keywords:
        if keyword.arg == "write":
            return not (isinstance(keyword.value, ast.Constant) and keyword.value.value is False)
    return len(call.args) < 2 or not (
        isinstance(call.args[1], ast.Constant) and call.args[1].value is False
    )


def _imports_the_write_side(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom):
        module = node.module or ""
        if module == WRITE_SIDE or module.startswith(WRITE_SIDE + "."):
            return True
        return module == "tracker.store" and any(a.name == "writes" for a in node.names)
    if isinstance(node, ast.Import):
        return any(a.name == WRITE_SIDE or a.name.startswith(WRITE_SIDE + ".") for a in node.names)
    return False


def offences(source: str, name: str) -> list[str]:
    """Where ``source`` opens a writing session or imports the write side."""
    found = []
    for node in ast.walk(ast.parse(source, filename=name)):
        if isinstance(node, ast.Call) and _writes_with_a_session(node):
            found.append(f"{name}:{node.lineno}: session_scope that may write")
        if _imports_the_write_side(node):
            found.append(f"{name}:{node.lineno}: imports {WRITE_SIDE}")
    return found


@pytest.mark.parametrize("path", _face_files(), ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_faces_do_not_write_on_their_own(path):
    assert offences(path.read_text(encoding="utf-8"), path.name) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("with session_scope(e) as s: pass", 1, id="a writing session"),
        pytest.param("with session_scope(e, write=True) as s: pass", 1, id="write=True"),
        pytest.param("with store.session_scope(e, write=flag): pass", 1, id="write decided later"),
        pytest.param("with session_scope(e, write=False) as s: pass", 0, id="a reading session"),
        pytest.param("from tracker.store.writes import ingest", 1, id="from the write side"),
        pytest.param("from tracker.store import writes", 1, id="the write module"),
        pytest.param("import tracker.store.writes", 1, id="import of the write module"),
        pytest.param("from tracker.app.tasks import mark_done", 0, id="a use case"),
    ],
)
def test_the_check_finds_what_it_looks_for(source, expected):
    assert len(offences(source, "probe.py")) == expected


def test_the_faces_are_found():
    assert any(p.parent.name == "cli" for p in _face_files())
