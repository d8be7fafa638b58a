-- Surveys and pulse schedules. A survey is a set of items from the question
-- bank; its schedule opens a round every N weeks (or once) for its units,
-- each round with at most `per_round` of the items, rotating through them.

CREATE TABLE surveys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    -- JSON array of item ids, in the order they are asked.
    items TEXT NOT NULL,
    -- Rotation: items per round (NULL: all of them every round).
    per_round BIGINT CHECK (per_round IS NULL OR per_round >= 1),
    -- NULL: a single round.
    every_weeks BIGINT CHECK (every_weeks IS NULL OR every_weeks >= 1),
    open_days BIGINT NOT NULL CHECK (open_days >= 1),
    -- When the scheduler opens the next round; NULL when none is due.
    next_open_at BIGINT,
    rounds_opened BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    stopped_at BIGINT
);

-- The units a survey asks: each with its whole subtree.
CREATE TABLE survey_units (
    survey_id TEXT NOT NULL REFERENCES surveys(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    PRIMARY KEY (survey_id, unit_id)
);

ALTER TABLE rounds ADD COLUMN survey_id TEXT REFERENCES surveys(id);
-- The round's items (JSON array of ids), fixed when it opens.
ALTER TABLE rounds ADD COLUMN items TEXT NOT NULL DEFAULT '[]';
ALTER TABLE rounds ADD COLUMN closes_at BIGINT;
-- Set once the reminder to those who have not answered went out.
ALTER TABLE rounds ADD COLUMN reminded_at BIGINT;

-- Personal invitations keep their code sealed with the server secret (like the
-- inbox), so the invitation and the reminder can carry the same link. Code
-- cards keep nothing: their codes are printed once.
ALTER TABLE invitations ADD COLUMN code_sealed TEXT;
-- 0 until the invitation e-mail went out (personal invitations with an address).
ALTER TABLE invitations ADD COLUMN mailed BIGINT NOT NULL DEFAULT 0;
CREATE INDEX invitations_person ON invitations(person_id, round_id);
