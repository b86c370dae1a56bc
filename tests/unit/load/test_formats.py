"""Old Word (.doc, through LibreOffice) and e-mail (.eml)."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from tests.makers import convert_with_libreoffice
from tracker.errors import BadInput
from tracker.load import legacy, load_document, load_documents

BODY = "Đề nghị các xã báo cáo kết quả về UBND huyện trước ngày 20/5/2024."


def _docx(path, *, legacy_font: bool = False):
    import docx

    document = docx.Document()
    document.add_paragraph("THÔNG BÁO")
    paragraph = document.add_paragraph()
    if legacy_font:
        run = paragraph.add_run(legacy.encode(BODY, "tcvn3").decode("cp1252"))
        run.font.name = ".VnTime"
    else:
        paragraph.add_run(BODY)
    document.save(str(path))
    return path


@pytest.mark.parametrize("legacy_font", [False, True], ids=["unicode", "vntime"])
def test_a_doc_made_by_libreoffice_reads(tmp_path, soffice, legacy_font):
    source = _docx(tmp_path / "nguon.docx", legacy_font=legacy_font)
    doc = convert_with_libreoffice(source, "doc", tmp_path / "out")
    assert doc.read_bytes().startswith(b"\xd0\xcf\x11\xe0")
    loaded = load_document(doc)
    assert loaded.source_format == "doc"
    assert loaded.text == f"THÔNG BÁO\n{BODY}"


def test_without_libreoffice_the_message_names_the_package(tmp_path, monkeypatch):
    import tracker.load.doc as doc

    monkeypatch.setattr(doc.shutil, "which", lambda name: None)
    path = tmp_path / "cu.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(BadInput, match="libreoffice-writer-nogui"):
        load_document(path)


def _message(tmp_path, *, body: str, attachments: dict[str, bytes]):
    message = EmailMessage()
    message["From"] = "Văn phòng UBND huyện <vanphong@anhoa.gov.vn>"
    message["To"] = "vanthu@anhoa.gov.vn"
    message["Subject"] = "V/v gửi Thông báo kết luận số 215/TB-UBND"
    message.set_content(body)
    for name, data in attachments.items():
        message.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    path = tmp_path / "thu.eml"
    path.write_bytes(bytes(message))
    return path


def test_an_email_gives_its_attachments_and_body_with_sender_and_subject(tmp_path):
    source = _docx(tmp_path / "tb.docx")
    path = _message(
        tmp_path,
        body="Kính gửi các xã. Văn phòng gửi kèm thông báo.",
        attachments={
            "tb.docx": source.read_bytes(),
            "anh.gif": b"GIF89a",
            "ghi-chu.txt": BODY.encode(),
        },
    )
    documents = load_documents(path)
    assert [d.name for d in documents] == [
        "thu.eml/tb.docx",
        "thu.eml/ghi-chu.txt",
        "thu.eml/nội dung thư",
    ]
    assert documents[0].text == f"THÔNG BÁO\n{BODY}"
    assert [d.part for d in documents] == ["document", "document", "body"]
    assert {d.sender for d in documents} == {"Văn phòng UBND huyện <vanphong@anhoa.gov.vn>"}
    assert {d.subject for d in documents} == {"V/v gửi Thông báo kết luận số 215/TB-UBND"}


def test_an_email_is_not_one_document(tmp_path):
    path = _message(tmp_path, body=BODY, attachments={})
    with pytest.raises(BadInput, match="thư điện tử"):
        load_document(path)


def test_a_file_named_eml_that_is_not_mail_is_refused(tmp_path):
    path = tmp_path / "gia.eml"
    path.write_bytes(b"\x00\x01\x02 not a message at all")
    with pytest.raises(BadInput, match="không phải thư điện tử"):
        load_documents(path)
