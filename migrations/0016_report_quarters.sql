-- Report statistics are published for closed quarters only, from a snapshot
-- taken once, after the quarter has ended: the number of reports per
-- category and unit, and the organisation tree they are judged on. Nothing
-- later — a report deleted under the retention rule, a unit moved, a report
-- filed today — moves a published count, so two looks at the statistics
-- never differ by one report.
CREATE TABLE report_quarters (
    -- '2026-Q3'; the row claims the snapshot (two instances never both take it).
    quarter TEXT PRIMARY KEY
);
CREATE TABLE report_quarter_counts (
    quarter TEXT NOT NULL REFERENCES report_quarters(quarter),
    category TEXT NOT NULL,
    -- Where the report was filed (the top of the organisation when the
    -- reporter named no unit).
    unit_id TEXT NOT NULL,
    reports BIGINT NOT NULL CHECK (reports > 0),
    PRIMARY KEY (quarter, category, unit_id)
);
CREATE TABLE report_quarter_tree (
    quarter TEXT NOT NULL REFERENCES report_quarters(quarter),
    unit_id TEXT NOT NULL,
    parent_id TEXT,
    PRIMARY KEY (quarter, unit_id)
);
