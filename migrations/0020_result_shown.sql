-- What earlier looks at a round showed, per measure (a theme's id, or
-- 'comments') and unit (A5 over time). A figure once shown stays known, so
-- a later look hides a newly shown unit rather than one shown before
-- (anonymity::suppress::publishable_after). Rows are only ever added.
CREATE TABLE result_shown (
    round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    measure TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    PRIMARY KEY (round_id, measure, unit_id)
);
