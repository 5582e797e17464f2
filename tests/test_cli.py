"""The `amends` command as a person runs it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def amends(*args, stdin="", env=None):
    return subprocess.run([sys.executable, "-m", "service.cli", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, timeout=120)


def test_score_from_stdin_prints_the_api_json(models_dir):
    out = amends("score", stdin="Sorry if you were offended.", env={"AMENDS_MODELS_DIR": str(models_dir)})
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert set(result) == {"model_version", "scores", "flags", "overall", "matches", "rewrite"}
    assert result["flags"]["blame_shifting"]


def test_score_text_format_from_a_file(models_dir, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("I'm sorry for everything. It won't happen again.")
    out = amends("score", str(draft), "--format", "text", env={"AMENDS_MODELS_DIR": str(models_dir)})
    assert out.returncode == 0, out.stderr
    assert "Overall:" in out.stdout and "Generic" in out.stdout and "Rewrite:" in out.stdout


def test_score_rejects_empty_input_with_a_message(models_dir):
    out = amends("score", stdin="   ", env={"AMENDS_MODELS_DIR": str(models_dir)})
    assert out.returncode == 2 and "empty" in out.stderr and not out.stdout


def test_score_reports_a_missing_file(models_dir):
    out = amends("score", "/nonexistent/draft.txt", env={"AMENDS_MODELS_DIR": str(models_dir)})
    assert out.returncode == 1 and "cannot read" in out.stderr


def test_data_check_passes_on_the_shipped_corpus():
    out = amends("data", "check")
    assert out.returncode == 0, out.stdout[-2000:]
    assert "no errors" in out.stdout and "MISSED" not in out.stdout


def test_help_lists_every_command():
    out = amends("--help")
    for command in ("serve", "score", "train", "evaluate", "data", "models", "examples"):
        assert command in out.stdout
