-- A one-time message for the next page a staff member sees (post/redirect/get
-- without JavaScript), e.g. a new colleague's temporary password. Read once,
-- then cleared.
ALTER TABLE sessions ADD COLUMN flash TEXT;
