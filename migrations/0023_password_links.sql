-- Links that let a staff member set their own password: a welcome link for
-- a new account (from the HR import, the roles page) and a reset link for a
-- forgotten password. A row is requested first; the mail job makes the
-- token, sends it and keeps only its SHA-256 (a copy of the database holds
-- no usable link). A link works once, until it expires.
CREATE TABLE password_links (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    -- 'welcome' or 'reset'
    purpose TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    token_hash TEXT UNIQUE,
    expires_at BIGINT,
    sent_at BIGINT,
    used_at BIGINT
);
CREATE INDEX password_links_account ON password_links (account_id);
