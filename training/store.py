"""The example store: user corrections and imports in SQLite (WAL), reviewed before training.

Every way in validates each record and writes all or nothing in one transaction, so a bad
line or a killed process never leaves half an import behind.
"""

import hashlib
import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from models.labels import LABELS
from training.dataset import Example
from training.validate import check_fields

SCHEMA = Path(__file__).with_name("schema.sql")
# Index i upgrades a database from user_version i to i + 1.
MIGRATIONS = (SCHEMA.read_text,)
STATUSES = ("pending", "accepted", "rejected")


class ImportRejected(ValueError):
    """Nothing was stored: `problems` lists every bad record with its line or index."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems[:5]))
        self.problems = problems


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _sha(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


class ExampleStore:
    def __init__(self, connection: sqlite3.Connection):
        self.db = connection

    @classmethod
    def open(cls, data_dir: Path) -> "ExampleStore":
        data_dir = Path(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(data_dir / "examples.sqlite3", timeout=30, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        store = cls(db)
        store.migrate()
        return store

    def migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        for target in range(version, len(MIGRATIONS)):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in filter(str.strip, MIGRATIONS[target]().split(";")):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {target + 1}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self.db.close()

    def add(self, records: list, source: str, where=lambda i: f"item {i}") -> tuple[list[int], list[str]]:
        """Validate every record, then insert all of them in one transaction (or none).

        Returns (new ids, descriptions of skipped duplicates). Raises ImportRejected with every
        problem when any record is invalid.
        """
        problems, rows, seen = [], [], set()
        for i, record in enumerate(records, 1):
            if not isinstance(record, dict):
                problems.append(f"{where(i)}: a record must be a JSON object")
                continue
            found = check_fields(record, where(i))
            if found:
                problems += found
                continue
            rows.append((i, record))
        if problems:
            raise ImportRejected(problems)
        added, skipped = [], []
        now = _now()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for i, record in rows:
                digest = _sha(record["text"])
                exists = self.db.execute("SELECT id FROM examples WHERE text_sha256 = ?", (digest,)).fetchone()
                if exists or digest in seen:
                    skipped.append(f"{where(i)}: same text as example #{exists['id']}" if exists else f"{where(i)}: repeated in this import")
                    continue
                seen.add(digest)
                labels = json.dumps({k: int(record["labels"][k]) for k in LABELS})
                cursor = self.db.execute(
                    "INSERT INTO examples (text, text_sha256, labels, context, source, status, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)",
                    (record["text"], digest, labels, record["context"], source, now, now),
                )
                added.append(cursor.lastrowid)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return added, skipped

    def import_jsonl(self, path: Path) -> tuple[list[int], list[str]]:
        """`amends examples import`: all lines valid or nothing imported; bad lines named by number."""
        if path is None:
            raise ImportRejected(["usage: amends examples import FILE.jsonl"])
        records, problems = [], []
        with open(path, "rb") as handle:
            for number, raw in enumerate(handle, 1):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    problems.append(f"line {number}: not valid UTF-8 ({error.reason} at byte {error.start})")
                    continue
                if not line.strip():
                    continue
                try:
                    records.append((number, json.loads(line)))
                except ValueError as error:
                    problems.append(f"line {number}: not valid JSON ({getattr(error, 'msg', error)})")
        if problems:
            raise ImportRejected(problems)
        numbers = [n for n, _ in records]
        return self.add([r for _, r in records], "import", where=lambda i: f"line {numbers[i - 1]}")

    def rows(self, status: str = "pending") -> list[dict]:
        query, params = "SELECT * FROM examples", ()
        if status != "all":
            query, params = query + " WHERE status = ?", (status,)
        return [self._row(r) for r in self.db.execute(query + " ORDER BY id", params)]

    def get(self, example_id: int) -> dict | None:
        row = self.db.execute("SELECT * FROM examples WHERE id = ?", (example_id,)).fetchone()
        return self._row(row) if row else None

    def set_status(self, ids: list[int], status: str) -> int:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        self.db.execute("BEGIN IMMEDIATE")
        try:
            changed = sum(self.db.execute("UPDATE examples SET status = ?, updated_at = ? WHERE id = ?",
                                          (status, _now(), i)).rowcount for i in ids)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return changed

    def accepted_examples(self) -> list[Example]:
        """Accepted examples in the training format (always in the train split)."""
        return [Example(f"store-{r['id']}", r["text"], tuple(r["labels"][k] for k in LABELS), r["context"], r["source"], "train")
                for r in self.rows("accepted")]

    @staticmethod
    def _row(row: sqlite3.Row) -> dict:
        out = dict(row)
        out["labels"] = json.loads(out["labels"])
        return out
