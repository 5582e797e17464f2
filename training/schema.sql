-- The example store, schema version 1 (later versions are added as MIGRATIONS in training/store.py).
CREATE TABLE IF NOT EXISTS examples (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    text        TEXT NOT NULL,
    text_sha256 TEXT NOT NULL UNIQUE,
    labels      TEXT NOT NULL,  -- JSON object with the six 0/1 labels of shared/domain.md
    context     TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('corpus', 'user-correction', 'import')),
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS examples_status ON examples (status);
