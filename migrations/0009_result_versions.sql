-- A round's aggregates change only when a batch is filed; this counter moves
-- with them (in the same transaction), so suppression decisions computed for
-- a round can be kept in memory until it moves.
ALTER TABLE rounds ADD COLUMN tallied BIGINT NOT NULL DEFAULT 0;

-- A unit's response counts per round (dashboards) without reading every
-- invitation of the organisation.
CREATE INDEX invitations_unit ON invitations(unit_id, round_id);
