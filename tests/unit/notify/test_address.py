"""One e-mail address check for every place an address enters."""

from __future__ import annotations

import pytest

from tracker.errors import BadInput
from tracker.notify.address import address_problem, valid_address


@pytest.mark.parametrize(
    "text",
    [
        "vanphong@anhoa.gov.vn",
        "xa.anbinh@anhoa.example.vn",
        "ủy.ban@anhoa.gov.vn",  # internationalised local part (SMTPUTF8)
    ],
)
def test_plain_addresses_pass(text):
    assert address_problem(text) is None
    assert valid_address(text, where="thử") == text


@pytest.mark.parametrize(
    "text",
    [
        "a@b.vn\nBcc: x@evil.example",  # header injection
        "a@b.vn\r\nSubject: x",
        "a@b.vn, c@d.vn",  # two addresses
        "Văn phòng <vp@anhoa.gov.vn>",  # a display name is not an address
        "vanphong.anhoa.gov.vn",
        "vp@anhoa",  # no domain dot
        " vp@anhoa.gov.vn",
        "",
        "vp@localhost",  # only a sender may use the machine's own name
    ],
)
def test_anything_else_is_refused_in_one_vietnamese_line(text):
    assert address_problem(text) is not None
    with pytest.raises(BadInput) as caught:
        valid_address(text, where="units.csv dòng 3")
    message = str(caught.value)
    assert message.startswith("units.csv dòng 3: địa chỉ thư không hợp lệ")
    assert "\n" not in message


def test_a_sender_may_be_on_localhost_but_still_one_address():
    assert address_problem("tracker@localhost", allow_localhost=True) is None
    assert address_problem("a b@localhost", allow_localhost=True) is not None
    assert address_problem("x@localhost\nBcc: y@z.vn", allow_localhost=True) is not None
