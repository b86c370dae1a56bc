"""Language tables: every file loads, every entry's example shows the entry at work."""

from __future__ import annotations

import pytest

from tracker.lang import TableError, expand_patterns, load_table, parse_table, table_names
from tracker.lang.normal import key

PHRASE_TABLES = {
    "cues": ("phrase",),
    "unit_kinds": ("phrase", "name"),
    "abbreviations": ("short",),
}


@pytest.mark.parametrize("name", table_names())
def test_every_table_file_exists_and_is_valid(name):
    table = load_table(name)
    assert table.entries or table.patterns, f"{name}.toml is empty"


def _examples():
    for name, fields in PHRASE_TABLES.items():
        table = load_table(name)
        for section, entries in table.entries.items():
            for number, entry in enumerate(entries, 1):
                field = next(f for f in fields if f in entry)
                yield pytest.param(
                    str(entry[field]), str(entry["example"]), id=f"{name}.{section}#{number}"
                )


@pytest.mark.parametrize(("phrase", "example"), list(_examples()))
def test_entry_example_contains_the_phrase(phrase, example):
    assert f" {key(phrase)} " in f" {key(example).replace(',', ' ,').replace(':', ' :')} " or (
        key(phrase) in key(example)
    )


def _directive_examples():
    for number, entry in enumerate(load_table("cues").section("directive"), 1):
        yield pytest.param(str(entry["phrase"]), str(entry["example"]), id=f"directive#{number}")


@pytest.mark.parametrize(("phrase", "example"), list(_directive_examples()))
def test_directive_cue_example_yields_a_task_with_an_owner(phrase, example):
    """The rules propose a task with an owner for each cue's example (the decision
    model, which may still weigh it, is tested in tests/unit/extract/test_decide.py)."""
    from tracker.extract import candidates

    tasks = [candidate for candidate, _ in candidates(example)[1]]
    assert tasks, f"no task from {example!r}"
    assert tasks[0].owners, f"no owner in {example!r}"


def test_unknown_key_is_rejected_with_file_and_key():
    data = {
        "abbreviation": [
            {"short": "UBND", "full": "Ủy ban nhân dân", "example": "UBND", "colour": 1}
        ]
    }
    with pytest.raises(TableError, match=r"abbreviations\.toml.*colour"):
        parse_table("abbreviations", data)


def test_missing_example_is_rejected():
    data = {"abbreviation": [{"short": "UBND", "full": "Ủy ban nhân dân"}]}
    with pytest.raises(TableError, match="example"):
        parse_table("abbreviations", data)


def test_duplicates_after_tone_folding_are_rejected():
    data = {
        "head": [
            {"phrase": "Thị uỷ", "shape": "named", "example": "Thị uỷ họp."},
            {"phrase": "Thị ủy", "shape": "named", "example": "Thị ủy họp."},
        ]
    }
    with pytest.raises(TableError, match="trùng"):
        parse_table("unit_kinds", data)


def test_unknown_section_is_rejected():
    with pytest.raises(TableError, match="mục không hợp lệ"):
        parse_table("cues", {"verbs": []})


def test_patterns_compose_by_reference():
    expanded = expand_patterns({"day": r"\d{1,2}", "date": r"{day}/{day}"})
    assert expanded["date"] == r"(?:\d{1,2})/(?:\d{1,2})"


@pytest.mark.parametrize(
    ("patterns", "needle"),
    [({"a": "{b}"}, "không tồn tại"), ({"a": "{b}", "b": "{a}"}, "vòng")],
    ids=["missing reference", "cycle"],
)
def test_bad_pattern_references_are_rejected(patterns, needle):
    with pytest.raises(TableError, match=needle):
        expand_patterns(patterns)


def test_table_text_is_folded_like_document_text():
    table = parse_table(
        "unit_kinds", {"head": [{"phrase": "Thị uỷ", "shape": "named", "example": "Thị uỷ họp."}]}
    )
    assert table.section("head")[0]["phrase"] == "Thị ủy"
    assert table.section("head")[0]["example"] == "Thị uỷ họp."


def _adjunct_examples():
    for number, entry in enumerate(load_table("cues").section("adjunct"), 1):
        yield pytest.param(str(entry["phrase"]), str(entry["example"]), id=f"adjunct#{number}")


@pytest.mark.parametrize(("phrase", "example"), list(_adjunct_examples()))
def test_an_adjunct_between_subject_and_verb_keeps_the_subject_as_owner(phrase, example):
    """ "Các sở theo chức năng, nhiệm vụ được giao báo cáo …": the subject owns the verb
    after the adjunct (each example opens with its subject)."""
    from tracker.extract import candidates

    tasks = [candidate for candidate, _ in candidates(example)[1]]
    assert tasks, f"no task from {example!r}"
    subject = example[: example.lower().index(phrase.split()[0] + " ")].strip()
    assert tasks[0].owners == (subject,), f"{example!r}: {tasks[0].owners}"
