-- Reminders claimed letter by letter (issue 19, several instances). A
-- round's reminder pass marks the letters due (1: those invited by e-mail
-- who have not answered, at that moment); each is then claimed (2) before
-- it is sent and released (1) when sending fails — a refused SMTP relay,
-- or an instance that cannot open the code with its server secret — so
-- another pass, on any instance, sends it. People invited after the pass
-- stay at 0: their invitation is recent, they get no reminder.
ALTER TABLE invitations ADD COLUMN reminder BIGINT NOT NULL DEFAULT 0
    CHECK (reminder IN (0, 1, 2));
