-- Jobs that run once a day at a fixed time, whichever instance gets there
-- first: the claim is the row (job, day), inserted or not.
CREATE TABLE daily_jobs (
    job TEXT NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (job, day)
);
