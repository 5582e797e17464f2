"""Retraining: the quality gate, versioned artifacts, kill safety, and hot model swaps under load."""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from conftest import ROOT, copy_models, start_server, stop_server
from models import artifact

pytestmark = pytest.mark.slow
CORPUS = ROOT / "data" / "corpus"


def small_corpus(directory: Path, train_files: list[str], keep_train: int | None = None) -> Path:
    """A corpus with the A and B test batches and the given training batches (optionally truncated)."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("A-b1.jsonl", "B-b1.jsonl"):
        shutil.copy(CORPUS / name, directory / name)
    for name in train_files:
        lines = (CORPUS / name).read_text().splitlines()[:keep_train]
        (directory / name).write_text("\n".join(lines) + "\n")
    return directory


def amends(*args, env, timeout=300):
    return subprocess.run([sys.executable, "-m", "service.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=timeout)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("retrain")
    env = {"AMENDS_MODELS_DIR": str(root / "models"), "AMENDS_DATA_DIR": str(root / "var"),
           "AMENDS_REAL_DEV": str(root / "absent.jsonl")}
    (root / "models").mkdir()
    return root, env


def test_gate_promotes_a_good_model_and_keeps_a_worse_one_as_candidate(workspace):
    root, env = workspace
    good = small_corpus(root / "good", ["A-b2.jsonl", "A-b3.jsonl", "B-b2.jsonl", "B-b3.jsonl", "C-b2.jsonl", "D-b2.jsonl"])
    first = amends("train", env={**env, "AMENDS_CORPUS_DIR": str(good)})
    assert first.returncode == 0, first.stderr[-2000:]
    assert "no active model: promoted" in first.stdout and "| blame_shifting |" in first.stdout
    active = artifact.active_version(root / "models")
    assert (root / "models" / active / "report.md").is_file()

    weak = small_corpus(root / "weak", ["A-b2.jsonl"])
    second = amends("train", env={**env, "AMENDS_CORPUS_DIR": str(weak)})
    assert second.returncode == 3
    assert "kept as a candidate" in second.stdout
    assert artifact.active_version(root / "models") == active
    assert len(artifact.list_versions(root / "models")) == 2

    forced = amends("train", "--force", env={**env, "AMENDS_CORPUS_DIR": str(weak)})
    assert forced.returncode == 0 and "promoted with --force" in forced.stdout
    assert artifact.active_version(root / "models") != active
    assert amends("models", "rollback", env=env).returncode == 0
    assert artifact.active_version(root / "models") == active


def test_too_little_data_is_a_clear_error(workspace):
    root, env = workspace
    tiny = small_corpus(root / "tiny", ["A-b2.jsonl"], keep_train=12)
    out = amends("train", env={**env, "AMENDS_CORPUS_DIR": str(tiny)})
    assert out.returncode == 1 and "too little training data" in out.stderr


def test_retraining_reuses_cached_parses(workspace):
    root, env = workspace
    corpus = small_corpus(root / "cached", ["A-b2.jsonl", "B-b2.jsonl", "C-b2.jsonl"])
    amends("train", "--force", env={**env, "AMENDS_CORPUS_DIR": str(corpus)})
    extra = corpus / "zz-new.jsonl"
    lines = [json.loads(l) for l in (CORPUS / "D-b3.jsonl").read_text().splitlines()[:10]]
    extra.write_text("".join(json.dumps(r) + "\n" for r in lines))
    again = amends("train", "--force", env={**env, "AMENDS_CORPUS_DIR": str(corpus)})
    assert "parsed 10 new drafts" in again.stdout, again.stdout


def test_accepted_examples_are_trained_on_and_pending_ones_are_not(workspace, tmp_path):
    root, env = workspace
    from training.store import ExampleStore
    store = ExampleStore.open(root / "var")
    labels = {"blame_shifting": 0, "generic": 1, "missing_steps": 1, "minimizing": 0, "self_focus": 0, "forgiveness_pressure": 0}
    ids, _ = store.add([{"text": f"sorry about the thing, number {i}", "labels": labels, "context": "friend"} for i in range(3)], "import")
    store.set_status(ids[:2], "accepted")
    store.close()
    corpus = small_corpus(root / "with-store", ["A-b2.jsonl", "B-b2.jsonl"])
    out = amends("train", "--force", env={**env, "AMENDS_CORPUS_DIR": str(corpus)})
    assert out.returncode == 0, out.stderr[-2000:]
    meta = artifact.read_metadata(root / "models", artifact.active_version(root / "models"))
    assert meta["n_extra"] == 2


def test_sigkill_during_training_changes_nothing(workspace):
    root, env = workspace
    models = root / "models"
    before_active, before_versions = artifact.active_version(models), artifact.list_versions(models)
    corpus = small_corpus(root / "killed", ["A-b2.jsonl", "B-b2.jsonl", "C-b2.jsonl", "D-b2.jsonl"])
    process = subprocess.Popen([sys.executable, "-m", "service.cli", "train", "--force"], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, env={**os.environ, **env, "AMENDS_CORPUS_DIR": str(corpus)})
    for line in process.stdout:
        if "C=" in line:  # fitting has begun
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert artifact.active_version(models) == before_active
    assert artifact.list_versions(models) == before_versions
    artifact.load(models, before_active)


def test_promotion_and_rollback_under_load_fail_no_request(tmp_path):
    models = copy_models(tmp_path / "models")
    original = artifact.active_version(models)
    shutil.copytree(models / original, models / "v0-swap-test")
    process, base, _ = start_server(models, tmp_path / "var", workers=2)
    failures, versions, stop = [], set(), threading.Event()

    def client():
        session = requests.Session()
        while not stop.is_set():
            try:
                response = session.post(base + "/api/v1/score", json={"text": "Sorry I missed your call, my phone died."}, timeout=30)
                if response.status_code != 200:
                    failures.append(response.status_code)
                else:
                    versions.add(response.json()["model_version"])
            except requests.RequestException as error:
                failures.append(repr(error))

    threads = [threading.Thread(target=client) for _ in range(4)]
    try:
        for t in threads:
            t.start()
        for target in ("v0-swap-test", original):
            if target == original:
                artifact.rollback(models)
            else:
                artifact.promote(models, target)
            deadline = time.time() + 30
            while time.time() < deadline:
                seen = {requests.get(base + "/healthz", timeout=5).json()["model_version"] for _ in range(6)}
                if seen == {target}:
                    break
                time.sleep(0.2)
            assert seen == {target}
    finally:
        stop.set()
        for t in threads:
            t.join()
        stop_server(process)
    assert failures == []
    assert {"v0-swap-test", original} <= versions
