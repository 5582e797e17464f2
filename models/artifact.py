"""Versioned model artifacts: save, load (safely), list, promote and roll back.

A joblib file is code, so only artifacts inside the project's own models directory are
loaded, and only after their metadata shows compatible library versions. The active model
is named by a pointer file that is replaced atomically (write a new file, then rename).
"""

import json
import os
import platform
import re
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import joblib
import numpy
import scipy
import sklearn
import spacy

VERSION_PATTERN = re.compile(r"^v[0-9A-Za-z][0-9A-Za-z.\-]*$")
POINTER = "ACTIVE.json"
MODEL_FILE = "model.joblib"
METADATA_FILE = "metadata.json"
# Bumped whenever the pickled classes change shape or the features they read change meaning;
# older artifacts are refused, not half-loaded.
FORMAT = 6


class ArtifactError(RuntimeError):
    """A model artifact is missing, outside the models directory, or incompatible."""


@dataclass
class Artifact:
    version: str
    classifier: object
    metadata: dict


def library_versions() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "spacy": spacy.__version__,
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "joblib": joblib.__version__,
    }


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def check_compatible(saved: dict[str, str], model_format: int | None = FORMAT) -> None:
    """Refuse an artifact pickled by a different scikit-learn, spaCy, NumPy or SciPy release line,
    or by a version of Amends whose model classes had another shape."""
    if model_format != FORMAT:
        raise ArtifactError(f"the model artifact has format {model_format}, this Amends reads format {FORMAT}; "
                            "retrain it with `amends train`")
    current = library_versions()
    problems = [
        f"{name} {saved.get(name)} (this environment has {current[name]})"
        for name in ("scikit-learn", "spacy", "numpy", "scipy")
        if _minor(saved.get(name, "")) != _minor(current[name])
    ]
    if problems:
        raise ArtifactError(
            "the model artifact was made with " + ", ".join(problems)
            + "; retrain it with `amends train` in this environment"
        )


def git_revision(root: Path) -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def new_version(data_hash: str) -> str:
    return "v" + datetime.now(timezone.utc).strftime("%Y%m%d.%H%M%S") + "-" + data_hash[:8]


def version_dir(models_dir: Path, version: str) -> Path:
    """The directory of a version, refusing names that could point outside models_dir."""
    if not VERSION_PATTERN.match(version):
        raise ArtifactError(f"not a model version name: {version!r}")
    root = Path(models_dir).resolve()
    path = (root / version).resolve()
    if path.parent != root:
        raise ArtifactError(f"model version {version!r} is outside {root}")
    return path


def save(models_dir: Path, version: str, classifier, metadata: dict, extras=lambda staging: None) -> Path:
    """Write model, metadata and `extras(staging_dir)` (the report) into a fresh version directory,
    renamed into place only when all of it is written."""
    final = version_dir(models_dir, version)
    if final.exists():
        raise ArtifactError(f"model version {version} already exists")
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=final.parent))
    metadata = {**metadata, "version": version, "format": FORMAT, "libraries": library_versions()}
    joblib.dump(classifier, staging / MODEL_FILE, compress=3)
    (staging / METADATA_FILE).write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n")
    extras(staging)
    os.replace(staging, final)
    return final


def read_metadata(models_dir: Path, version: str) -> dict:
    path = version_dir(models_dir, version) / METADATA_FILE
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise ArtifactError(f"cannot read metadata of model {version}: {error}") from None


def load(models_dir: Path, version: str) -> Artifact:
    """Load one version after checking where it is and which libraries made it."""
    metadata = read_metadata(models_dir, version)
    check_compatible(metadata.get("libraries", {}), metadata.get("format"))
    path = version_dir(models_dir, version) / MODEL_FILE
    if not path.is_file():
        raise ArtifactError(f"model {version} has no {MODEL_FILE}")
    return Artifact(version, joblib.load(path), metadata)


def list_versions(models_dir: Path) -> list[str]:
    root = Path(models_dir)
    return sorted(p.name for p in root.iterdir() if p.is_dir() and VERSION_PATTERN.match(p.name) and (p / METADATA_FILE).is_file())


def read_pointer(models_dir: Path) -> dict:
    path = Path(models_dir) / POINTER
    if not path.is_file():
        return {"active": None, "history": []}
    return json.loads(path.read_text())


def active_version(models_dir: Path) -> str:
    version = read_pointer(models_dir).get("active")
    if not version:
        raise ArtifactError(f"no active model in {models_dir}; run `amends train`")
    return version


def _write_pointer(models_dir: Path, pointer: dict) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".pointer-", dir=models_dir)
    with os.fdopen(fd, "w") as handle:
        json.dump(pointer, handle, indent=2)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, Path(models_dir) / POINTER)


def promote(models_dir: Path, version: str) -> None:
    """Make `version` the active model, remembering the previous one for rollback."""
    load(models_dir, version)  # never point at something that does not load
    pointer = read_pointer(models_dir)
    history = pointer.get("history", [])
    if pointer.get("active") and pointer["active"] != version:
        history = history + [pointer["active"]]
    _write_pointer(models_dir, {"active": version, "history": history})


def rollback(models_dir: Path) -> str:
    """Re-activate the previously active model; returns its version."""
    pointer = read_pointer(models_dir)
    history = pointer.get("history", [])
    if not history:
        raise ArtifactError("there is no earlier model to roll back to")
    previous = history[-1]
    load(models_dir, previous)
    _write_pointer(models_dir, {"active": previous, "history": history[:-1]})
    return previous
