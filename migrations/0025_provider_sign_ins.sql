-- Sign-ins through the organisation's identity provider (OpenID Connect)
-- between leaving for the provider and coming back: the state sent along
-- (only its SHA-256, the lookup key), the browser that left (the SHA-256 of
-- a cookie set then, so a callback in another browser is refused), and the
-- nonce and PKCE verifier the answer is checked with. A row is taken once,
-- and is no good after ten minutes.
CREATE TABLE provider_sign_ins (
    state_hash TEXT PRIMARY KEY,
    browser_hash TEXT NOT NULL,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
