-- Roles that ended — revoked on the roles page, a leader appointment the HR
-- import removed, or everything a person held when the import says they
-- left — kept with the day they ended, so who could read what, and when,
-- stays known after the role is gone.
CREATE TABLE roles_ended (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    unit_id TEXT,
    label TEXT,
    committee_id TEXT,
    created_at BIGINT NOT NULL,
    ended_at BIGINT NOT NULL,
    -- 'revoked', 'import' (no longer leader of the unit) or 'left'
    reason TEXT NOT NULL
);
CREATE INDEX roles_ended_account ON roles_ended (account_id);
