-- Follow-up (APV / SAM): problems found in a unit, their risk assessments
-- and the measures of the action plan. Staff work is not anonymous (who
-- created or assessed is kept), but nothing here holds a respondent: a
-- problem born from a figure keeps the figure as it was published then.
CREATE TABLE problems (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL CHECK (source IN ('manual', 'result', 'report')),
    -- From a result: the round, the dimension and the figure then (the score
    -- and the previous round's, in tenths), or the reason it was hidden.
    source_round_id TEXT REFERENCES rounds(id),
    source_dimension TEXT,
    -- From a report statistic: the category and the quarter ('2026-Q3').
    source_category TEXT,
    source_period TEXT,
    figure_tenths BIGINT,
    previous_tenths BIGINT,
    figure_count BIGINT,
    figure_hidden TEXT CHECK (figure_hidden IN ('too_few', 'would_reveal')),
    created_by TEXT REFERENCES accounts(id),
    created_on TEXT NOT NULL,
    closed_on TEXT
);
CREATE INDEX problems_unit ON problems(unit_id);

-- Every assessment is kept: the latest is the problem's priority, the
-- earlier ones its history.
CREATE TABLE risk_assessments (
    problem_id TEXT NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    likelihood BIGINT NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
    consequence BIGINT NOT NULL CHECK (consequence BETWEEN 1 AND 5),
    note TEXT NOT NULL DEFAULT '',
    assessed_on TEXT NOT NULL,
    account_id TEXT REFERENCES accounts(id),
    PRIMARY KEY (problem_id, seq)
);

-- The action plan. Days are 'YYYY-MM-DD'. `reminded_on` is the last day an
-- overdue reminder was claimed: the claim is a conditional update, so several
-- instances never remind twice.
CREATE TABLE measures (
    id TEXT PRIMARY KEY,
    problem_id TEXT NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    title TEXT NOT NULL,
    owner_name TEXT NOT NULL,
    owner_email TEXT,
    deadline TEXT NOT NULL,
    follow_up TEXT,
    status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
    outcome TEXT NOT NULL DEFAULT '',
    done_on TEXT,
    reminded_on TEXT,
    created_on TEXT NOT NULL
);
CREATE INDEX measures_problem ON measures(problem_id, seq);
CREATE INDEX measures_open ON measures(status, deadline);
