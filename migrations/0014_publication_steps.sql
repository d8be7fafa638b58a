-- Publication in steps (A6). The result aggregates keep growing with every
-- batch; what pages, exports and the API read is a published copy beside
-- them (the pub_ columns), which a figure's batch advances only when the
-- people it adds since the last publication reach that figure's own
-- threshold: a theme only when k more people answered one of its questions,
-- the sensitive theme and the comments only when their higher thresholds'
-- worth did. See app/src/services/anonymity/publish.rs.
ALTER TABLE result_dimensions ADD COLUMN pub_n BIGINT NOT NULL DEFAULT 0;
ALTER TABLE result_dimensions ADD COLUMN pub_score_sum DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE result_items ADD COLUMN pub_favourable BIGINT NOT NULL DEFAULT 0;
ALTER TABLE result_items ADD COLUMN pub_neutral BIGINT NOT NULL DEFAULT 0;
ALTER TABLE result_items ADD COLUMN pub_unfavourable BIGINT NOT NULL DEFAULT 0;
ALTER TABLE result_respondents ADD COLUMN pub_comments BIGINT NOT NULL DEFAULT 0;
-- The unit under whose figures an answer's comment is shown: its filing unit
-- once the comments there have advanced, or an ancestor that took the
-- remainder when the round closed; NULL while not yet shown.
ALTER TABLE answers ADD COLUMN comment_unit TEXT;
-- Set once the remainders of a closed round have been published above.
ALTER TABLE rounds ADD COLUMN remainders_published BIGINT NOT NULL DEFAULT 0;

-- What was published before stays published.
UPDATE result_dimensions SET pub_n = n, pub_score_sum = score_sum;
UPDATE result_items SET pub_favourable = favourable, pub_neutral = neutral,
    pub_unfavourable = unfavourable;
UPDATE result_respondents SET pub_comments = comments;
UPDATE answers SET comment_unit = unit_id;
UPDATE rounds SET remainders_published = 1 WHERE closed_at IS NOT NULL;
