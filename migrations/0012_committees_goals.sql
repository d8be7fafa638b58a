-- Committees as things of their own: a name, a scope (a unit and the units
-- below it) and the language their documents are written in. A committee is
-- above another when its unit is above the other's (region → hospital →
-- department), which is how goals cascade.
CREATE TABLE committees (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units(id),
    lang TEXT NOT NULL DEFAULT 'da' CHECK (lang IN ('da', 'sv', 'en')),
    created_at BIGINT NOT NULL,
    UNIQUE (unit_id, name)
);

-- A committee member's role names their committee. Existing committee roles
-- become committees named by their label (or their unit's name).
ALTER TABLE roles ADD COLUMN committee_id TEXT REFERENCES committees(id);
INSERT INTO committees (id, name, unit_id, lang, created_at)
    SELECT MIN(r.id), COALESCE(r.label, u.name), r.unit_id, 'da', MIN(r.created_at)
    FROM roles r JOIN units u ON u.id = r.unit_id
    WHERE r.role = 'committee'
    GROUP BY r.unit_id, COALESCE(r.label, u.name);
UPDATE roles SET committee_id = (
    SELECT c.id FROM committees c JOIN units u ON u.id = c.unit_id
    WHERE c.unit_id = roles.unit_id AND c.name = COALESCE(roles.label, u.name))
WHERE role = 'committee';

-- Working-environment goals for one year or two. A goal may serve a goal of a
-- committee above. A removed goal stays (with its adjustment) for the record.
CREATE TABLE goals (
    id TEXT PRIMARY KEY,
    committee_id TEXT NOT NULL REFERENCES committees(id),
    theme TEXT NOT NULL CHECK (theme IN (
        'wellbeing', 'safety', 'ergonomics', 'workload', 'collaboration', 'other')),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    first_year BIGINT NOT NULL,
    last_year BIGINT NOT NULL,
    parent_goal_id TEXT REFERENCES goals(id),
    removed_on TEXT,
    created_on TEXT NOT NULL,
    CHECK (last_year >= first_year AND last_year <= first_year + 1)
);
CREATE INDEX goals_committee ON goals(committee_id, first_year);

-- A goal's status in each of its years, with the committee's evaluation.
CREATE TABLE goal_years (
    goal_id TEXT NOT NULL REFERENCES goals(id),
    year BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN (
        'not_started', 'on_track', 'at_risk', 'achieved', 'not_achieved')),
    evaluation TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (goal_id, year)
);

-- Mid-way adjustments: a goal added, adjusted or removed, with date and reason.
CREATE TABLE goal_adjustments (
    goal_id TEXT NOT NULL REFERENCES goals(id),
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('add', 'adjust', 'delete')),
    reason TEXT NOT NULL,
    made_on TEXT NOT NULL,
    account_id TEXT REFERENCES accounts(id),
    PRIMARY KEY (goal_id, seq)
);

-- The measures that serve a goal.
ALTER TABLE measures ADD COLUMN goal_id TEXT REFERENCES goals(id);

-- Good stories: what worked locally, told under a goal.
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    goal_id TEXT NOT NULL REFERENCES goals(id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    written_on TEXT NOT NULL,
    account_id TEXT REFERENCES accounts(id)
);
CREATE INDEX stories_goal ON stories(goal_id);

-- The annual working-environment discussion of a committee: prepared before
-- the meeting, completed during it, then locked. At locking the whole
-- assembled document is kept as it was (JSON) and never changes again; the
-- update that writes any field requires state <> 'locked'.
CREATE TABLE discussions (
    id TEXT PRIMARY KEY,
    committee_id TEXT NOT NULL REFERENCES committees(id),
    year BIGINT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'prepared', 'locked')),
    meeting_on TEXT,
    participants TEXT NOT NULL DEFAULT '',
    evaluation TEXT NOT NULL DEFAULT '',
    worked TEXT NOT NULL DEFAULT '',
    expected TEXT NOT NULL DEFAULT '',
    challenges TEXT NOT NULL DEFAULT '',
    cooperation TEXT NOT NULL DEFAULT '',
    competence TEXT NOT NULL DEFAULT '',
    decisions TEXT NOT NULL DEFAULT '',
    -- The material was sent to the members (claimed by the job, once).
    material_sent BIGINT NOT NULL DEFAULT 0 CHECK (material_sent IN (0, 1)),
    locked_on TEXT,
    locked_by TEXT REFERENCES accounts(id),
    document TEXT,
    UNIQUE (committee_id, year)
);

-- Sickness absence per unit and period ('2026-Q3'), entered or imported:
-- days lost against the days that could have been worked, and the number of
-- people it concerns (the group-size rule applies to it like to any figure).
CREATE TABLE absence (
    unit_id TEXT NOT NULL REFERENCES units(id),
    period TEXT NOT NULL,
    days_lost DOUBLE PRECISION NOT NULL CHECK (days_lost >= 0),
    days_possible DOUBLE PRECISION NOT NULL CHECK (days_possible > 0),
    headcount BIGINT NOT NULL CHECK (headcount >= 0),
    PRIMARY KEY (unit_id, period)
);
