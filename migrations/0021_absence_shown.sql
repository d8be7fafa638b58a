-- What earlier looks at a quarter's sickness absence showed (A5 over time).
-- Entries of a quarter are saved one at a time, and the rule for one look
-- may hide today a ward it showed before and show its sibling instead; the
-- department less both wards would then be the rest. A unit shown once is
-- kept here and later looks keep it (anonymity::shown). Rows are only added.
CREATE TABLE absence_shown (
    period TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    PRIMARY KEY (period, unit_id)
);
