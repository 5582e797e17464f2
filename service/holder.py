"""Holds the active scorer and swaps in a newly promoted model without a restart or a failed request.

A background thread polls the pointer file; a new model is loaded completely first and only then
does one reference assignment make it current. A load failure keeps the old model and is logged.
"""

import logging
import threading
import time
from pathlib import Path

from models import artifact
from models.scorer import Parser, Scorer

log = logging.getLogger("amends.models")


class ModelHolder:
    def __init__(self, models_dir: Path, spacy_model: str | None = None, pinned_version: str | None = None):
        self.models_dir = Path(models_dir)
        self.pinned = pinned_version or None
        self.parser = Parser(spacy_model)
        self.scorer = Scorer(artifact.load(self.models_dir, self._wanted()), self.parser)

    def _wanted(self) -> str:
        return self.pinned or artifact.active_version(self.models_dir)

    def refresh(self) -> bool:
        """Switch to the active version if it changed; True when a switch happened."""
        try:
            wanted = self._wanted()
            if wanted == self.scorer.version:
                return False
            loaded = Scorer(artifact.load(self.models_dir, wanted), self.parser)
        except (artifact.ArtifactError, OSError, ValueError) as error:
            log.error("kept model %s: could not load the new active model: %s", self.scorer.version, error)
            return False
        self.scorer = loaded
        log.info("switched to model %s", loaded.version)
        return True

    def watch(self, every_seconds: float) -> None:
        """Poll for a promoted model in a daemon thread (one per worker process)."""
        def loop():
            while True:
                time.sleep(every_seconds)
                self.refresh()
        threading.Thread(target=loop, name="amends-model-watch", daemon=True).start()
