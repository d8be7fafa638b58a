-- Sickness absence is judged, like a round and a report quarter, on the
-- organisation tree of its own quarter: kept when the quarter's first entry
-- is saved, and used for its headcounts and for which entries may be shown
-- beside which. Moving a unit later changes nothing in a quarter already
-- entered — otherwise the views before and after a move could subtract to
-- a group below the threshold.
CREATE TABLE absence_trees (
    period TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    parent_id TEXT,
    PRIMARY KEY (period, unit_id)
);

-- Quarters entered before this table existed keep the tree of today.
INSERT INTO absence_trees (period, unit_id, parent_id)
SELECT p.period, u.id, u.parent_id
FROM (SELECT DISTINCT period FROM absence) p
CROSS JOIN units u;
