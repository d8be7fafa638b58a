-- What an API token may do: 'import' (an HR system replacing the list of
-- people) or 'results' (a BI tool reading the same protected figures as the
-- results pages). A token does one job, so a leaked BI token cannot rewrite
-- the organisation and an HR token reads no results.
ALTER TABLE api_tokens ADD COLUMN purpose TEXT NOT NULL DEFAULT 'import';
