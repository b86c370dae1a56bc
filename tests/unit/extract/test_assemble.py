"""Assembly details that the case files cannot show: restated sentences."""

from __future__ import annotations

from datetime import date

from tests.makers import candidate
from tracker.extract.assemble import drop_restatements
from tracker.extract.types import TaskCandidate

BODY = (
    "Ủy ban nhân dân huyện giao Phòng Tài nguyên và Môi trường chủ trì, phối hợp với "
    "các xã kiểm tra các điểm khai thác cát trái phép, báo cáo trước ngày 20/8/2025."
)


def _task(text: str, sentence: str, occurrence: int = 0) -> TaskCandidate:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(sentence, start + 1)
    return candidate(
        sentence,
        start=start,
        action="kiểm tra",
        owners=("Phòng Tài nguyên và Môi trường",),
        deadline=date(2025, 8, 20),
        deadline_text="trước ngày 20/8/2025",
        confidence=0.7,
    )


def test_a_teaser_that_repeats_the_body_goes_and_the_body_stays():
    teaser = "Xem thêm – " + BODY
    more = "Đoàn kiểm tra đã làm việc với các xã ven sông về tình hình khai thác cát. " * 6
    text = f"Kiểm tra khai thác cát\n\n{BODY}\n\n{more}\n\nNguyễn An\n\n{teaser}"
    body, repeat = _task(text, BODY), _task(text, teaser)
    assert drop_restatements(text, [body, repeat]) == [body]


def test_a_headline_that_repeats_the_body_goes():
    text = f"{BODY}\n\nChiều 12/8, tại cuộc họp:\n\n{BODY}"
    headline, body = _task(text, BODY), _task(text, BODY, occurrence=1)
    assert drop_restatements(text, [headline, body]) == [body]


def test_alike_items_of_one_paragraph_both_stay():
    first = "Các xã rà soát hộ nghèo, báo cáo Phòng Lao động trước ngày 10/9/2025."
    second = "Các xã rà soát hộ cận nghèo, báo cáo Phòng Lao động trước ngày 10/9/2025."
    text = f"{first} {second}"
    tasks = [_task(text, first), _task(text, second)]
    assert drop_restatements(text, tasks) == tasks


def test_alike_sentences_in_the_body_both_stay():
    """The same calendar written for two school levels: each is a task."""
    level = "Các trường kết thúc năm học trước ngày 31/5/2025 và bàn giao học sinh về địa phương."
    text = (
        f"Khung kế hoạch năm học\n\nCấp tiểu học:\n{level}\n\nCấp trung học cơ sở:\n{level}\n\n"
        + ("Sở Giáo dục và Đào tạo hướng dẫn các trường thực hiện nghiêm khung kế hoạch. " * 4)
    )
    tasks = [_task(text, level), _task(text, level, occurrence=1)]
    assert drop_restatements(text, tasks) == tasks


def test_a_late_calendar_with_other_figures_is_no_teaser():
    """The last school level's calendar stands in the last quarter of the page and reads
    almost like the first; its own figures make it a task of its own."""
    first = (
        "Học kỳ 1 thực học 18 tuần, học kỳ 2 thực học 17 tuần; các trường hoàn thành "
        "chương trình năm học vào ngày 23/5/2025 và bàn giao học sinh về địa phương."
    )
    last = first.replace("23/5/2025", "17/5/2025")
    filler = "Sở Giáo dục và Đào tạo hướng dẫn các trường thực hiện nghiêm khung kế hoạch. " * 8
    text = (
        f"Khung kế hoạch năm học\n\nCấp tiểu học:\n{first}\n\n{filler}"
        f"\n\nGiáo dục thường xuyên:\n{last}"
    )
    tasks = [_task(text, first), _task(text, last)]
    assert drop_restatements(text, tasks) == tasks
