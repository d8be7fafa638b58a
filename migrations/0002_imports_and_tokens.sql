-- Imports from the HR system. An upload is stored as a preview until an
-- administrator applies or discards it; the files (personal data) are then
-- set to NULL, and previews older than a day are discarded by a job.
CREATE TABLE imports (
    id TEXT PRIMARY KEY,
    -- NULL when the import came through the API.
    created_by TEXT REFERENCES accounts(id),
    status TEXT NOT NULL CHECK (status IN ('preview', 'applying', 'applied', 'failed', 'discarded')),
    -- Base64 of the uploaded bytes (TEXT is portable; BLOB/BYTEA are not).
    units_csv TEXT,
    people_csv TEXT,
    -- JSON of the outcome once applied.
    summary TEXT,
    created_at BIGINT NOT NULL,
    applied_at BIGINT
);

-- API tokens for HR systems (administrator rights, import only for now).
-- Only a SHA-256 of the token is stored.
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created_by TEXT REFERENCES accounts(id),
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);

CREATE INDEX accounts_person ON accounts(person_id);
CREATE INDEX roles_unit ON roles(unit_id);
