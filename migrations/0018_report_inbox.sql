-- The sealed report inbox (A7 over time). A new report and a reporter's
-- message wait here, sealed and all of one size, until the day is over; then
-- the day's arrivals move to `reports` and `report_messages` together, in
-- shuffled order, in one transaction. So no copy of the database, no row
-- order and no transaction id places a report or a reporter's message finer
-- than its day. Only the day is in the clear; it is published anyway.
CREATE TABLE report_inbox (
    id TEXT PRIMARY KEY,
    day TEXT NOT NULL,
    sealed TEXT NOT NULL
);
