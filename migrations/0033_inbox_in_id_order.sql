-- The mover reads a round's sealed inbox a page at a time in id order
-- (`anonymity::store::move_ready`). On the round alone, each page was a scan
-- of every sealed row of the round and a sort: moving a round's opening of
-- 30 000 answers read 15 × 30 000 rows of 4 KB. With the id beside the
-- round, a page is a range of the index.
DROP INDEX answer_inbox_round;
CREATE INDEX answer_inbox_round ON answer_inbox(round_id, id);
