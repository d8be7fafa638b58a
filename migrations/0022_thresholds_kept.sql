-- A round, a report quarter and a quarter's sickness absence keep the
-- thresholds in force when the round opened or the quarter was first
-- counted. Decided again at a changed threshold, the group-size rule may
-- hide other units than before, and two looks at different thresholds
-- together can isolate fewer people than either (anonymity::suppress,
-- `a_threshold_changed_between_looks_isolates_one_person`). A change
-- applies to rounds opened and quarters counted after it. What exists
-- keeps the thresholds of the day this migration runs; a round's score
-- threshold is its `k`.
ALTER TABLE rounds ADD COLUMN k_comment BIGINT;
ALTER TABLE rounds ADD COLUMN k_sensitive BIGINT;
UPDATE rounds SET
    k_comment = COALESCE((SELECT MAX(k_comment) FROM organisation), 10),
    k_sensitive = COALESCE((SELECT MAX(k_sensitive) FROM organisation), 10);

ALTER TABLE report_quarters ADD COLUMN k BIGINT;
UPDATE report_quarters SET k = COALESCE((SELECT MAX(k_sensitive) FROM organisation), 10);

CREATE TABLE absence_quarters (
    period TEXT PRIMARY KEY,
    k BIGINT NOT NULL
);
INSERT INTO absence_quarters (period, k)
SELECT DISTINCT period, COALESCE((SELECT MAX(k_score) FROM organisation), 5) FROM absence_trees;
