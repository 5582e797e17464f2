"""Model artifacts: only our own directory, only compatible libraries, atomic promote and rollback."""

import json
import shutil

import pytest

from models import artifact


def test_loads_the_shipped_model(models_dir):
    loaded = artifact.load(models_dir, artifact.active_version(models_dir))
    assert set(loaded.metadata["thresholds"]) == {"blame_shifting", "generic", "missing_steps", "minimizing", "self_focus", "forgiveness_pressure"}
    assert loaded.metadata["data_sha256"]


@pytest.mark.parametrize("name", ["../etc", "v1/../../x", "/abs/path", "vx/..", "model.joblib"])
def test_refuses_versions_outside_the_models_directory(models_dir, name):
    with pytest.raises(artifact.ArtifactError):
        artifact.load(models_dir, name)


def test_refuses_an_artifact_from_other_library_versions(models_dir, tmp_path):
    version = artifact.active_version(models_dir)
    shutil.copytree(models_dir / version, tmp_path / version)
    meta_path = tmp_path / version / artifact.METADATA_FILE
    meta = json.loads(meta_path.read_text())
    meta["libraries"]["scikit-learn"] = "0.24.2"
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(artifact.ArtifactError, match="scikit-learn 0.24.2"):
        artifact.load(tmp_path, version)


def test_promote_and_rollback(models_dir, tmp_path):
    version = artifact.active_version(models_dir)
    shutil.copytree(models_dir / version, tmp_path / version)
    other = "v0-copy"
    shutil.copytree(models_dir / version, tmp_path / other)
    artifact.promote(tmp_path, version)
    artifact.promote(tmp_path, other)
    assert artifact.active_version(tmp_path) == other
    assert artifact.rollback(tmp_path) == version
    assert artifact.active_version(tmp_path) == version
    with pytest.raises(artifact.ArtifactError, match="no earlier model"):
        artifact.rollback(tmp_path)


def test_promote_refuses_a_version_that_does_not_load(tmp_path, models_dir):
    (tmp_path / "vbroken").mkdir()
    (tmp_path / "vbroken" / artifact.METADATA_FILE).write_text("{not json")
    with pytest.raises(artifact.ArtifactError):
        artifact.promote(tmp_path, "vbroken")
    assert artifact.read_pointer(tmp_path)["active"] is None
