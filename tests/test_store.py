"""The example store: all-or-nothing imports, duplicates skipped, hostile input kept as data."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models.labels import LABELS
from training.store import ExampleStore, ImportRejected

ROOT = Path(__file__).resolve().parents[1]


def example(text, **labels):
    return {"text": text, "labels": {k: labels.get(k, 0) for k in LABELS}, "context": "friend"}


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records))
    return path


@pytest.fixture()
def store(tmp_path):
    store = ExampleStore.open(tmp_path)
    yield store
    store.close()


def test_import_review_accept_flow(store, tmp_path):
    path = write_jsonl(tmp_path / "new.jsonl", [example("Sorry I ate your leftovers; I'm buying you lunch today."),
                                                example("sorry for everything", generic=1, missing_steps=1)])
    ids, skipped = store.import_jsonl(path)
    assert len(ids) == 2 and skipped == []
    assert [r["status"] for r in store.rows("pending")] == ["pending", "pending"]
    assert store.accepted_examples() == []  # pending never reaches training
    store.set_status([ids[1]], "accepted")
    [accepted] = store.accepted_examples()
    assert accepted.text == "sorry for everything" and accepted.labels[LABELS.index("generic")] == 1


@pytest.mark.parametrize("bad_line, reason", [
    ('{"text": "sorry", "labels": {"generic": 1}, "context": "friend"}', "six keys"),
    (json.dumps(example("sorry", generic=2)), "0 or 1"),
    (json.dumps({**example("sorry"), "labels": {k: "1" for k in LABELS}}), "0 or 1"),
    (json.dumps({**example("sorry"), "context": "boss"}), "unknown context"),
    (json.dumps({**example("sorry"), "text": ""}), "empty"),
    ('{"text": "sorry", "labels": ', "not valid JSON"),
    ('[1, 2, 3]', "JSON object"),
    (json.dumps(example("x" * (10 * 1024 * 1024))), "limit 5000"),
])
def test_one_bad_line_imports_nothing_and_names_the_line(store, tmp_path, bad_line, reason):
    store.add([example("an existing example that must survive")], "import")
    path = write_jsonl(tmp_path / "mixed.jsonl", [example("good one"), bad_line, example("another good one")])
    with pytest.raises(ImportRejected) as caught:
        store.import_jsonl(path)
    assert any(p.startswith("line 2:") and reason in p for p in caught.value.problems), caught.value.problems
    assert [r["text"] for r in store.rows("all")] == ["an existing example that must survive"]


def test_invalid_utf8_is_rejected_with_its_line(store, tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(json.dumps(example("fine")).encode() + b"\n" + b'{"text": "caf\xe9"}\n')
    with pytest.raises(ImportRejected) as caught:
        store.import_jsonl(path)
    assert caught.value.problems[0].startswith("line 2: not valid UTF-8")
    assert store.rows("all") == []


def test_duplicates_are_reported_and_skipped(store, tmp_path):
    store.add([example("Sorry I was late to your talk.")], "import")
    path = write_jsonl(tmp_path / "dupes.jsonl", [example("Sorry I was late to your talk."), example("new one"), example("new one")])
    ids, skipped = store.import_jsonl(path)
    assert len(ids) == 1 and len(skipped) == 2
    assert len(store.rows("all")) == 2


def test_sql_looking_text_is_stored_verbatim(store):
    text = "Robert'); DROP TABLE examples;-- sorry \x00 ünïcødé 🙏"
    [new_id], _ = store.add([example(text)], "user-correction")
    assert store.get(new_id)["text"] == text
    assert len(store.rows("all")) == 1


def test_schema_has_a_version_and_reopening_keeps_data(tmp_path):
    first = ExampleStore.open(tmp_path)
    first.add([example("kept across reopen")], "import")
    first.close()
    again = ExampleStore.open(tmp_path)
    assert again.db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert [r["text"] for r in again.rows("all")] == ["kept across reopen"]
    again.close()


def test_cli_import_fails_loudly_and_stores_nothing(tmp_path):
    path = write_jsonl(tmp_path / "bad.jsonl", [example("fine"), '{"oops"'])
    out = subprocess.run([sys.executable, "-m", "service.cli", "examples", "import", str(path)], cwd=ROOT,
                         env={**os.environ, "AMENDS_DATA_DIR": str(tmp_path / "var")}, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1
    assert "line 2" in out.stderr and "imported nothing" in out.stderr


def test_sigkill_during_an_import_leaves_the_store_as_it_was(tmp_path):
    data = tmp_path / "var"
    store = ExampleStore.open(data)
    store.add([example("the one example stored before the import")], "import")
    store.close()
    big = write_jsonl(tmp_path / "big.jsonl", [example(f"Sorry I forgot the milk, number {i}; I'll buy two tonight.") for i in range(60000)])
    wal = data / "examples.sqlite3-wal"
    start_size = wal.stat().st_size if wal.exists() else 0
    process = subprocess.Popen([sys.executable, "-m", "service.cli", "examples", "import", str(big)], cwd=ROOT,
                               env={**os.environ, "AMENDS_DATA_DIR": str(data)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > start_size:  # the transaction is writing pages
            break
        time.sleep(0.005)
    killed_mid_import = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    store = ExampleStore.open(data)
    count = len(store.rows("all"))
    store.close()
    assert killed_mid_import, "the import finished before it could be killed; make the file larger"
    assert count == 1, f"a killed import left {count - 1} rows behind"
