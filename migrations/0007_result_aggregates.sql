-- Maintained aggregates of stored answers, per round × filing unit, updated in
-- the same transaction that stores a batch (so they only ever change in steps
-- of at least k answers: A6). Results read these, never the raw answers.

CREATE TABLE result_respondents (
    round_id TEXT NOT NULL REFERENCES rounds(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    respondents BIGINT NOT NULL,
    -- Respondents who wrote a comment.
    comments BIGINT NOT NULL,
    PRIMARY KEY (round_id, unit_id)
);

CREATE TABLE result_items (
    round_id TEXT NOT NULL REFERENCES rounds(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    item_id TEXT NOT NULL,
    -- Answers on the scale (scored), and "don't know" answers.
    n BIGINT NOT NULL,
    dont_know BIGINT NOT NULL,
    -- Sum of the 0–100 scores (reverse items flipped).
    score_sum DOUBLE PRECISION NOT NULL,
    favourable BIGINT NOT NULL,
    neutral BIGINT NOT NULL,
    unfavourable BIGINT NOT NULL,
    PRIMARY KEY (round_id, unit_id, item_id)
);

CREATE TABLE result_dimensions (
    round_id TEXT NOT NULL REFERENCES rounds(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    dimension_id TEXT NOT NULL,
    -- Respondents who answered at least one of the dimension's items, and the
    -- sum of their dimension scores (each the mean of their answered items).
    n BIGINT NOT NULL,
    score_sum DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (round_id, unit_id, dimension_id)
);
