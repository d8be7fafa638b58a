-- What administrators (and API tokens acting for them) changed outside the
-- reports' own trail: roles, accounts, thresholds, imports, units, surveys,
-- code cards, API tokens, report settings. Staff actions are not
-- anonymous: who, and the exact time (milliseconds, UTC). The line names
-- the actor as they were then and outlives their account.
CREATE TABLE admin_audit (
    id TEXT PRIMARY KEY,
    at_ms BIGINT NOT NULL,
    account_id TEXT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX admin_audit_at ON admin_audit (at_ms);
