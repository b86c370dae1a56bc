"""E-mail addresses: the one check every address passes where it enters (the unit
registry, ``reminders.supervisors``, ``notify.sender``, later the web forms) and
again before a message is composed.

One plain address (no display name), checked by the well-kept ``email-validator``
without DNS look-ups (``check_deliverability=False``: the office may be offline,
and an address's domain is the mail server's business). A line break, a second
address or a header smuggled in (``a@b.vn\\nBcc: x@evil.example``) is refused,
so no stored address can inject a header or stop ``tracker send``.

Imports only ``errors``; ``email_validator`` is imported on first use (its
tables take a while to compile, and ``tracker --help`` needs none of it).
"""

from __future__ import annotations

from tracker.errors import BadInput

# the domain a default sender may use on a machine with no mail domain of its own
_LOCAL_DOMAIN = "localhost"


def address_problem(text: str, *, allow_localhost: bool = False) -> str | None:
    """Why ``text`` is not one e-mail address (Vietnamese), or None when it is."""
    if not text or text != text.strip():
        return "có khoảng trắng ở đầu hoặc cuối" if text else "trống"
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        return "có ký tự xuống dòng hoặc ký tự điều khiển"
    if text.count("@") != 1:
        return "phải có đúng một dấu @"
    local, domain = text.rsplit("@", 1)
    if allow_localhost and domain.lower() == _LOCAL_DOMAIN:
        text = f"{local}@example.vn"  # check the local part alone
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return "không đúng dạng địa chỉ thư điện tử, ví dụ vanphong@anhoa.gov.vn"
    return None


def shown(text: str) -> str:
    """An address as a message line may show it: quoted with escapes when it holds a
    line break or control character (so one line stays one line)."""
    return repr(text) if any(ord(c) < 32 or ord(c) == 127 for c in text) else text


def valid_address(text: str, *, where: str, allow_localhost: bool = False) -> str:
    """``text`` when it is one e-mail address; else ``BadInput`` naming ``where``."""
    problem = address_problem(text, allow_localhost=allow_localhost)
    if problem is not None:
        raise BadInput(f"{where}: địa chỉ thư không hợp lệ {text!r} ({problem})")
    return text
