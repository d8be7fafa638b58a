-- A staff form that creates something is sent once (issue 16). Such a form
-- carries a random value made when it was drawn (and made anew when it is
-- edited); the server keeps a hash of it here when the form is first sent,
-- so a double click or a resent page creates nothing twice. Only staff
-- forms carry it — never the answering or reporting forms — and rows older
-- than a week are removed.
CREATE TABLE form_marks (
    mark TEXT PRIMARY KEY,
    used_at BIGINT NOT NULL
);
CREATE INDEX form_marks_used_at ON form_marks (used_at);
