"""`amends data check` finds what is wrong in a corpus, with file and line."""

import json
from pathlib import Path

from models.labels import LABELS
from training.validate import validate_corpus


def record(i, text, split="train", **over):
    base = {"id": f"x-{i}", "text": text, "labels": {k: 0 for k in LABELS}, "context": "friend",
            "source": "written:x-b1", "split": split, "tags": []}
    return json.dumps({**base, **over})


def write(directory: Path, name: str, lines: list[str]) -> None:
    (directory / name).write_text("\n".join(lines) + "\n")


def test_schema_errors_name_the_file_and_line(tmp_path):
    write(tmp_path, "x-b1.jsonl", [
        record(1, "Sorry I forgot your birthday, I've booked dinner for Friday."),
        record(2, "sorry", labels={"generic": 1}),
        record(3, "sorry again", context="boss"),
        record(1, "A different text with a reused id."),
        '{"id": "x-5", "text": ',
        record(6, "  "),
        record(7, "fine", split="dev"),
    ])
    errors = validate_corpus(tmp_path).errors
    assert any(e.startswith("x-b1.jsonl:2:") and "six keys" in e for e in errors)
    assert any(e.startswith("x-b1.jsonl:3:") and "unknown context" in e for e in errors)
    assert any(e.startswith("x-b1.jsonl:4:") and "duplicate id" in e for e in errors)
    assert any(e.startswith("x-b1.jsonl:5:") and "not valid JSON" in e for e in errors)
    assert any(e.startswith("x-b1.jsonl:6:") and "empty" in e for e in errors)
    assert any(e.startswith("x-b1.jsonl:7:") and "split" in e for e in errors)


def test_exact_and_near_duplicates_are_reported_with_both_ids(tmp_path):
    text = "I'm sorry I missed your recital on Saturday; I've already bought tickets for the next one."
    write(tmp_path, "x-b1.jsonl", [record(1, text), record(2, "Completely different: sorry I ate your cake.")])
    write(tmp_path, "y-b1.jsonl", [record(3, text), record(4, text.replace("Saturday", "Sunday"))])
    errors = validate_corpus(tmp_path).errors
    assert any("exact duplicate" in e and "x-3 ~ x-1" in e for e in errors)
    assert any("near duplicate" in e and "x-4" in e for e in errors)
    assert not any("x-2" in e for e in errors)


def test_a_batch_must_not_mix_splits(tmp_path):
    write(tmp_path, "x-b1.jsonl", [record(1, "Sorry I was late to the match."), record(2, "Sorry I lost your umbrella.", split="test")])
    assert any("wholly train or wholly test" in e for e in validate_corpus(tmp_path).errors)


def test_tables_and_targets_are_reported(tmp_path):
    write(tmp_path, "x-b1.jsonl", [record(1, "Sorry I was late to the match.")])
    report = validate_corpus(tmp_path)
    text = report.render()
    assert "| blame_shifting |" in text and "| friend |" in text and "1 sentence or less" in text
    assert "[MISSED] at least 2,000 drafts (1)" in text


def test_a_corpus_where_length_predicts_the_label_is_flagged(tmp_path):
    """If every long draft is specific and every short one generic, a model learns length, not apologies."""
    long_specific = "Sorry I reversed into your fence on Sunday and snapped two panels, " * 4
    lines = [record(i, long_specific + str(i)) for i in range(6)]
    lines += [record(10 + i, f"sorry for everything {i}", labels={**{k: 0 for k in LABELS}, "generic": 1}) for i in range(6)]
    write(tmp_path, "x-b1.jsonl", lines)
    text = validate_corpus(tmp_path, duplicates=False).render()
    assert "[MISSED] length is no shortcut" in text and "generic 0.00" in text

    mixed = lines + [record(20 + i, "sorry for everything " * 16 + str(i), labels={**{k: 0 for k in LABELS}, "generic": 1})
                     for i in range(6)]  # as long as the specific ones
    mixed += [record(30 + i, f"Sorry, I broke mug{i}.") for i in range(6)]  # as short as the generic ones
    write(tmp_path, "x-b1.jsonl", mixed)
    assert "[ok] length is no shortcut" in validate_corpus(tmp_path, duplicates=False).render()
