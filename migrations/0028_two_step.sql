-- Two-step sign-in: a time-based one-time code (TOTP, RFC 6238) after the
-- password. The shared secret is sealed with a key derived from the server
-- secret (a copy of the database cannot make codes); the last time step
-- accepted is kept so that a code works once. Recovery codes (80 random
-- bits each) are kept as SHA-256 and work once.
ALTER TABLE accounts ADD COLUMN totp_secret TEXT;
ALTER TABLE accounts ADD COLUMN totp_last_step BIGINT;

CREATE TABLE recovery_codes (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at BIGINT
);
CREATE INDEX recovery_codes_account ON recovery_codes (account_id);

-- A sign-in between its password and its code: the SHA-256 of the token in
-- the browser's cookie, the account, wrong codes so far, and (while the
-- code app is being set up) the new secret, sealed. Ten minutes at most.
CREATE TABLE second_steps (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    pending_secret TEXT
);
