-- API tokens expire (a year unless chosen otherwise), so a token forgotten
-- in a decommissioned system stops working by itself. Tokens made before
-- this expire a year after they were made.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
UPDATE api_tokens SET expires_at = created_at + 31536000;
