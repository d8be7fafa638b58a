-- Survey rounds, invitations and answers: the tables of the anonymity core
-- (app/src/services/anonymity). Read that module's documentation first.

CREATE TABLE rounds (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    -- The score threshold when the round opened; it decides filing and batching.
    k BIGINT NOT NULL CHECK (k >= 3),
    opened_at BIGINT NOT NULL,
    closed_at BIGINT
);

-- Where answers from each unit are filed in a round (A3), fixed when the round
-- opens from the invited headcounts. NULL: the unit's whole chain is below k.
CREATE TABLE round_filing (
    round_id TEXT NOT NULL REFERENCES rounds(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    filing_unit_id TEXT REFERENCES units(id),
    PRIMARY KEY (round_id, unit_id)
);

-- One per invited person or printed code card. `used` is a flag, never a time.
CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    code_hash TEXT NOT NULL UNIQUE,
    unit_id TEXT NOT NULL REFERENCES units(id),
    person_id TEXT REFERENCES people(id),
    used BIGINT NOT NULL DEFAULT 0 CHECK (used IN (0, 1))
);
CREATE INDEX invitations_round ON invitations(round_id);

-- Answers received but not yet batched: sealed with a key that is not in the
-- database. No unit, no time, in the clear.
CREATE TABLE answer_inbox (
    id TEXT PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    sealed TEXT NOT NULL
);
CREATE INDEX answer_inbox_round ON answer_inbox(round_id);

-- Stored answers: round, filing unit, the answers (JSON). Nothing else (A1).
CREATE TABLE answers (
    id TEXT PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    payload TEXT NOT NULL
);
CREATE INDEX answers_round_unit ON answers(round_id, unit_id);
