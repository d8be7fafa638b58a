-- Anonymous reports (A7). Nothing here identifies a reporter: no account, no
-- address, no browser, no time finer than the day. The receipt is the case
-- id (a random lookup key) and a secret of which only an argon2id hash is
-- kept; a lost receipt cannot be recovered.
CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN (
        'discrimination', 'harassment', 'sexual_harassment', 'bullying', 'violence',
        'retaliation', 'substances', 'accident', 'other')),
    -- The unit concerned, at a level no finer than the organisation allows.
    unit_id TEXT REFERENCES units(id),
    -- When it happened: 'YYYY-MM', or NULL when not given.
    happened TEXT,
    status TEXT NOT NULL CHECK (status IN ('new', 'acknowledged', 'in_progress', 'closed')),
    outcome TEXT CHECK (outcome IN (
        'substantiated', 'partly_substantiated', 'not_substantiated', 'resolved', 'referred', 'withdrawn')),
    -- Days ('YYYY-MM-DD', UTC): the statutory clocks need no more.
    received_on TEXT NOT NULL,
    acknowledged_on TEXT,
    feedback_on TEXT,
    closed_on TEXT,
    -- A manual hold keeps a closed case beyond the retention period.
    hold BIGINT NOT NULL DEFAULT 0 CHECK (hold IN (0, 1)),
    -- Handlers are told that cases arrived, in batches (never the moment).
    notified BIGINT NOT NULL DEFAULT 0 CHECK (notified IN (0, 1)),
    -- The next message number (messages are ordered by number, not time).
    next_seq BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX reports_status ON reports(status);

CREATE TABLE report_messages (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    -- 'reporter', 'handler' (to the reporter), 'note' (internal, never shown
    -- to the reporter), 'receipt' (the acknowledgement the reporter sees).
    kind TEXT NOT NULL CHECK (kind IN ('reporter', 'handler', 'note', 'receipt')),
    -- The handler who wrote a handler message or note (staff are not anonymous).
    account_id TEXT REFERENCES accounts(id),
    body TEXT NOT NULL,
    written_on TEXT NOT NULL,
    PRIMARY KEY (report_id, seq)
);

-- Handlers who declared themselves conflicted: the case is hidden from them.
CREATE TABLE report_conflicts (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    PRIMARY KEY (report_id, account_id)
);

-- Every read and change of a case by a handler, and every deletion. Kept when
-- the case itself is deleted (no foreign key); nobody can edit it.
CREATE TABLE report_audit (
    id TEXT PRIMARY KEY,
    report_id TEXT NOT NULL,
    account_id TEXT REFERENCES accounts(id),
    action TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX report_audit_report ON report_audit(report_id, at);

-- Where reports may point (the finest unit level a reporter can choose) and
-- how long closed cases are kept.
ALTER TABLE organisation ADD COLUMN report_level TEXT NOT NULL DEFAULT 'department'
    CHECK (report_level IN ('organisation', 'enterprise', 'department', 'team'));
ALTER TABLE organisation ADD COLUMN report_retention_months BIGINT NOT NULL DEFAULT 12
    CHECK (report_retention_months BETWEEN 1 AND 120);
