"""Shared fixtures: a copy of the shipped model, the Flask app and client, a real gunicorn server."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_models(destination: Path) -> Path:
    """The shipped active model and its pointer, copied so tests may promote and roll back."""
    source = ROOT / "models"
    active = json.loads((source / "ACTIVE.json").read_text())["active"]
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / active, destination / active)
    (destination / "ACTIVE.json").write_text(json.dumps({"active": active, "history": []}))
    return destination


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory) -> Path:
    return copy_models(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="session")
def scorer(models_dir):
    from models import artifact
    from models.scorer import Parser, Scorer
    return Scorer(artifact.load(models_dir, artifact.active_version(models_dir)), Parser())


@pytest.fixture(scope="session")
def nlp():
    from models.nlp import load_nlp
    return load_nlp()


@pytest.fixture()
def app(models_dir, tmp_path):
    from service.app import create_app
    return create_app({"TESTING": True, "MODELS_DIR": models_dir, "DATA_DIR": tmp_path / "var",
                       "RELOAD_SECONDS": 0, "ADMIN_TOKEN": "s3cret-token"})


@pytest.fixture()
def client(app):
    return app.test_client()


def start_server(models_dir: Path, data_dir: Path, workers: int = 1, extra_env: dict | None = None):
    """`amends serve` as a subprocess on a free port; returns (process, base_url, log_path)."""
    port = free_port()
    log_path = data_dir / f"server-{port}.log"
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "AMENDS_MODELS_DIR": str(models_dir), "AMENDS_DATA_DIR": str(data_dir),
           "AMENDS_RELOAD_SECONDS": "0.5", **(extra_env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        cwd=ROOT, env=env, stdout=open(log_path, "wb"), stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if requests.get(base + "/healthz", timeout=1).status_code == 200:
                return process, base, log_path
        except requests.RequestException:
            time.sleep(0.2)
        if process.poll() is not None:
            break
    process.kill()
    raise RuntimeError("server did not start:\n" + log_path.read_text())


def stop_server(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def live_server(models_dir, tmp_path_factory):
    """A real gunicorn server with the shipped model; yields its base URL."""
    data_dir = tmp_path_factory.mktemp("live-var")
    process, base, log_path = start_server(models_dir, data_dir, extra_env={"AMENDS_ADMIN_TOKEN": "s3cret-token"})
    base_url = base
    yield base_url
    stop_server(process)
    live_server.log = log_path.read_text()
