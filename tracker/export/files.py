"""Writing an output file safely: whole or not at all, never over a file by surprise.

``output_file(path, force=…)`` checks the target before any work (its folder exists,
it is not a folder or a device, it does not exist unless ``force``), hands the
caller a temporary file in the same folder, and when the caller is done flushes it
to disk and puts it in place with one rename. A full disk, a file size limit or any
other write error leaves the old file (if any) untouched and no temporary file
behind, and becomes one ``BadInput`` line. Without ``force`` the rename cannot
replace a file that appeared meanwhile (a hard link, which fails when the name
exists).

Imports only ``errors``.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tracker.errors import BadInput

_REASONS = {
    errno.ENOSPC: "hết chỗ trống trên đĩa",
    errno.EDQUOT: "vượt hạn mức dung lượng đĩa",
    errno.EFBIG: "tệp vượt quá giới hạn kích thước cho phép",
    errno.EACCES: "không có quyền ghi",
    errno.EPERM: "không có quyền ghi",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.EIO: "lỗi vào/ra của thiết bị",
}


def reason(error: OSError) -> str:
    """A write error in Vietnamese words."""
    return _REASONS.get(error.errno or 0) or error.strerror or str(error)


def check_target(path: Path, *, force: bool) -> None:
    """Refuse, before any work, a target that cannot or must not be written."""
    folder = path.parent
    if not folder.is_dir():
        raise BadInput(f"thư mục '{folder}' không tồn tại")
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    except OSError as error:
        raise BadInput(f"không kiểm tra được '{path}': {reason(error)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise BadInput(f"'{path}' là một thư mục")
    if not stat.S_ISREG(info.st_mode):
        raise BadInput(f"'{path}' không phải là tệp thường (thiết bị, ống, …); chọn tên tệp khác")
    if not force:
        raise BadInput(f"tệp '{path}' đã có; dùng --force để ghi đè")


@contextlib.contextmanager
def output_file(path: Path, *, force: bool = False, private: bool = False) -> Iterator[Path]:
    """A temporary path beside ``path``; renamed to ``path`` when the block ends well.

    ``private``: the file is readable by its owner only (0600); otherwise the
    usual mode of new files (0666 less the umask).
    """
    check_target(path, force=force)
    temporary = _create_temporary(path, 0o600 if private else 0o666)
    try:
        yield temporary
        _flush(temporary)
        _publish(temporary, path, force=force)
    except OSError as error:
        raise BadInput(f"không ghi được '{path}': {reason(error)}") from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _create_temporary(path: Path, mode: int) -> Path:
    for _ in range(100):
        candidate = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp{path.suffix}")
        try:
            fd = os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, mode)
        except FileExistsError:
            continue
        except OSError as error:
            raise BadInput(f"không ghi được vào '{path.parent}': {reason(error)}") from None
        os.close(fd)
        return candidate
    raise BadInput(f"không tạo được tệp tạm trong '{path.parent}'")


def _flush(temporary: Path) -> None:
    fd = os.open(temporary, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _publish(temporary: Path, path: Path, *, force: bool) -> None:
    if force:
        os.replace(temporary, path)
    else:
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise BadInput(f"tệp '{path}' đã có; dùng --force để ghi đè") from None
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                raise
            if path.exists():  # a file system without hard links: check, then rename
                raise BadInput(f"tệp '{path}' đã có; dùng --force để ghi đè") from None
            os.replace(temporary, path)
    with contextlib.suppress(OSError):  # the rename itself on disk, where supported
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def save_zip(save: Callable[[Any], Any], path: Path) -> None:
    """Write a ZIP-based file (DOCX, XLSX) built by ``save(file)`` to ``path``.

    Built in memory, then written in one call: a ``zipfile`` writing straight to a
    file that fails half-way (disk full) raises again from its finaliser, and Python
    prints that second error on stderr after the one-line message.
    """
    buffer = io.BytesIO()
    save(buffer)
    path.write_bytes(buffer.getvalue())
