-- A round's organisation as it was when the round opened: each unit's parent
-- then, its headcount (people directly in it), and how many invitations of
-- any kind — personal links and code cards — it has been given. Invitations
-- may never outnumber the people (A9): otherwise whoever prints cards could
-- answer k − 1 of them and read one real colleague's answer from the batch.
-- The database itself refuses more (the CHECK), whatever the code says.
CREATE TABLE round_units (
    round_id TEXT NOT NULL REFERENCES rounds(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    parent_id TEXT REFERENCES units(id),
    headcount BIGINT NOT NULL CHECK (headcount >= 0),
    invitations BIGINT NOT NULL DEFAULT 0,
    CHECK (invitations >= 0 AND invitations <= headcount),
    PRIMARY KEY (round_id, unit_id)
);

-- Rounds opened before this table existed invited every person personally,
-- so their headcount is their personal invitations and no place is left for
-- cards; their parents are today's (the tree of their time was not kept).
INSERT INTO round_units (round_id, unit_id, parent_id, headcount, invitations)
SELECT f.round_id, f.unit_id, u.parent_id,
       (SELECT COUNT(*) FROM invitations i
        WHERE i.round_id = f.round_id AND i.unit_id = f.unit_id AND i.person_id IS NOT NULL),
       (SELECT COUNT(*) FROM invitations i
        WHERE i.round_id = f.round_id AND i.unit_id = f.unit_id AND i.person_id IS NOT NULL)
FROM round_filing f
JOIN units u ON u.id = f.unit_id;

-- Every printing of code cards: which round and unit, how many, by whom and
-- when. Shown on the round's page and to the committees whose scope covers
-- the unit, so nobody can quietly fill a batch with answers of their own.
-- `account_id` is NULL for cards made by the server's own tools (benchmarks).
CREATE TABLE card_printings (
    id TEXT PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    account_id TEXT REFERENCES accounts(id),
    printed_at BIGINT NOT NULL,
    cards BIGINT NOT NULL CHECK (cards > 0)
);
CREATE INDEX card_printings_round ON card_printings(round_id);
