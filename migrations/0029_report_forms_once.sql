-- A reporter's form is sent once (issue 16). Each reporting form and each
-- message form on a case carries a random one-time value; what it files is
-- marked with a hash of that value — the sealed inbox row by its id, the
-- delivered case or message by `form_once` — so the same form sent again
-- (a reload, Back and Send) is recognised and files nothing. The value is
-- random and is kept nowhere else: it says nothing about who sent the form
-- or when.
ALTER TABLE reports ADD COLUMN form_once TEXT;
CREATE INDEX reports_form_once ON reports (form_once);
ALTER TABLE report_messages ADD COLUMN form_once TEXT;
CREATE INDEX report_messages_form_once ON report_messages (form_once);
