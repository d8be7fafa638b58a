-- People who left (issue 19). Their personal data is erased once this many
-- months have passed since they left: the people row stays (memberships
-- keep the headcounts of past rounds true) with its name, e-mail and
-- employee number replaced, and `erased_at` says since when. The bounds are
-- enforced here as well as in the form, like the report retention.
ALTER TABLE organisation ADD COLUMN leaver_retention_months BIGINT NOT NULL DEFAULT 12
    CHECK (leaver_retention_months BETWEEN 1 AND 120);
-- Set in the same transaction that erases the person; the erasure's
-- claim is a conditional update on it, so two instances erase once.
ALTER TABLE people ADD COLUMN erased_at BIGINT;
