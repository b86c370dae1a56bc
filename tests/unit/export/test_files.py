"""Writing an output file whole or not at all (``export/files.py``)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from tracker.errors import BadInput
from tracker.export.files import output_file


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_the_file_appears_whole_with_the_usual_mode(tmp_path):
    target = tmp_path / "bao-cao.csv"
    with output_file(target) as temporary:
        assert temporary.parent == tmp_path
        assert temporary != target
        assert not target.exists()  # nothing under the final name before the end
        temporary.write_text("STT,Đơn vị\n", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "STT,Đơn vị\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert _leftovers(tmp_path) == []


def test_a_private_file_is_readable_by_its_owner_only(tmp_path):
    target = tmp_path / "sao-luu.jsonl"
    with output_file(target, private=True) as temporary:
        temporary.write_text("{}\n", encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_an_existing_file_is_kept_without_force(tmp_path):
    target = tmp_path / "bao-cao.csv"
    target.write_text("cũ", encoding="utf-8")
    with pytest.raises(BadInput, match="--force"), output_file(target):
        pass
    assert target.read_text(encoding="utf-8") == "cũ"
    with output_file(target, force=True) as temporary:
        temporary.write_text("mới", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "mới"
    assert _leftovers(tmp_path) == []


def test_a_file_that_appears_meanwhile_is_not_replaced(tmp_path):
    target = tmp_path / "bao-cao.csv"
    with pytest.raises(BadInput, match="đã có"), output_file(target) as temporary:  # noqa: PT012
        temporary.write_text("của tôi", encoding="utf-8")
        target.write_text("của người khác", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "của người khác"
    assert _leftovers(tmp_path) == []


def test_a_write_error_keeps_the_old_file_and_leaves_nothing(tmp_path):
    target = tmp_path / "bao-cao.csv"
    target.write_text("cũ", encoding="utf-8")
    with (  # noqa: PT012
        pytest.raises(BadInput, match="hết chỗ trống trên đĩa"),
        output_file(target, force=True) as temporary,
    ):
        temporary.write_text("một nửa", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert target.read_text(encoding="utf-8") == "cũ"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("force", [False, True])
def test_devices_and_folders_are_refused(tmp_path, force):
    refused = {
        Path("/dev/null"): "không phải là tệp thường",
        tmp_path: "là một thư mục",
        tmp_path / "không-có" / "x.csv": "không tồn tại",
    }
    for target, reason in refused.items():
        with pytest.raises(BadInput, match=reason), output_file(target, force=force):
            pass
