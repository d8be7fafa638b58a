//! Signing in through the organisation's identity provider (OpenID Connect):
//! the configuration, the sign-ins under way, and which Trivsel account a
//! person the provider vouches for is. The protocol itself (discovery, the
//! code exchange, checking the ID token) is the server's
//! (`server::http::sign_in`), done by the `openidconnect` crate.

use super::{accounts, db::Db, ids};
use chrono::Utc;

/// How long a person may stay at the provider before coming back.
pub const PENDING_SECONDS: i64 = 600;

/// Which claim of the ID token names the person, and what it is matched to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchBy {
    /// An account's e-mail address. When the claim is `email`, the provider
    /// must also say `email_verified: true`: anyone can type an address into
    /// some providers' profiles.
    Email,
    /// The employee number of the person (from the HR import) an account
    /// belongs to.
    EmployeeNumber,
}

#[derive(Clone)]
pub struct ProviderSettings {
    /// The issuer URL; `/.well-known/openid-configuration` below it.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub match_by: MatchBy,
    /// The ID-token claim holding the value matched (`email`, `upn`,
    /// `employee_number` …).
    pub claim: String,
    /// Whether a person without an account gets one (with no roles) by
    /// signing in. Off unless the administrator turns it on.
    pub create_accounts: bool,
}

// The client secret stays out of logs and debug output.
impl std::fmt::Debug for ProviderSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderSettings")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("match_by", &self.match_by)
            .field("claim", &self.claim)
            .field("create_accounts", &self.create_accounts)
            .finish_non_exhaustive()
    }
}

/// Remembers a sign-in leaving for the provider. `state` and `browser` are
/// random tokens (the one sent along, the one in the browser's cookie);
/// only their hashes are kept. Old rows are cleared on the way.
pub async fn begin(
    db: &Db,
    state: &str,
    browser: &str,
    nonce: &str,
    pkce_verifier: &str,
) -> Result<(), sqlx::Error> {
    let now = Utc::now().timestamp();
    sqlx::query("DELETE FROM provider_sign_ins WHERE created_at < $1")
        .bind(now - PENDING_SECONDS)
        .execute(&db.pool)
        .await?;
    sqlx::query(
        "INSERT INTO provider_sign_ins (state_hash, browser_hash, nonce, pkce_verifier, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(ids::sha256_hex(state))
    .bind(ids::sha256_hex(browser))
    .bind(nonce)
    .bind(pkce_verifier)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// What the answer is checked with.
#[derive(Debug)]
pub struct Pending {
    pub nonce: String,
    pub pkce_verifier: String,
}

/// Takes the sign-in a returning `state` belongs to — once: a replayed
/// state finds nothing. `None` too when it is too old or came back to
/// another browser than the one that left.
pub async fn take(db: &Db, state: &str, browser: &str) -> Result<Option<Pending>, sqlx::Error> {
    let row: Option<(String, String, String, i64)> = sqlx::query_as(
        "DELETE FROM provider_sign_ins WHERE state_hash = $1 \
         RETURNING browser_hash, nonce, pkce_verifier, created_at",
    )
    .bind(ids::sha256_hex(state))
    .fetch_optional(&db.pool)
    .await?;
    let fresh = Utc::now().timestamp() - PENDING_SECONDS;
    Ok(
        row.and_then(|(browser_hash, nonce, pkce_verifier, created_at)| {
            (browser_hash == ids::sha256_hex(browser) && created_at >= fresh).then_some(Pending {
                nonce,
                pkce_verifier,
            })
        }),
    )
}

/// What the provider vouched for, read from a valid ID token.
#[derive(Debug, Default)]
pub struct Vouched {
    /// The configured claim's value.
    pub value: Option<String>,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
}

/// Who the person is in Trivsel.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    Account(String),
    /// No account (and none may be made), or the claim was missing or not
    /// verified.
    Unknown,
    /// The account is disabled (a leaver).
    Disabled,
}

/// The account of a person the provider vouched for; makes one (without
/// roles) when the settings allow it.
pub async fn account_of(
    db: &Db,
    settings: &ProviderSettings,
    who: &Vouched,
) -> Result<Found, sqlx::Error> {
    let Some(value) = who
        .value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    else {
        return Ok(Found::Unknown);
    };
    let unverified_email = settings.claim == "email" && !who.email_verified;
    if unverified_email {
        return Ok(Found::Unknown);
    }
    let found: Option<(String, Option<i64>)> =
        match settings.match_by {
            MatchBy::Email => {
                let Some(email) = accounts::normalise_email(value) else {
                    return Ok(Found::Unknown);
                };
                sqlx::query_as("SELECT id, disabled_at FROM accounts WHERE email = $1")
                    .bind(email)
                    .fetch_optional(&db.pool)
                    .await?
            }
            MatchBy::EmployeeNumber => sqlx::query_as(
                "SELECT a.id, a.disabled_at FROM accounts a JOIN people p ON p.id = a.person_id \
                 WHERE p.employee_no = $1",
            )
            .bind(value)
            .fetch_optional(&db.pool)
            .await?,
        };
    match found {
        Some((id, None)) => Ok(Found::Account(id)),
        Some((_, Some(_))) => Ok(Found::Disabled),
        None if settings.create_accounts => create(db, settings, who, value).await,
        None => Ok(Found::Unknown),
    }
}

/// A new account, without roles and without a password, for a person the
/// provider vouched for. It needs an e-mail address (verified, when the
/// provider says so); by employee number it belongs to that person.
async fn create(
    db: &Db,
    settings: &ProviderSettings,
    who: &Vouched,
    value: &str,
) -> Result<Found, sqlx::Error> {
    let email = match settings.match_by {
        MatchBy::Email => accounts::normalise_email(value),
        MatchBy::EmployeeNumber => who
            .email
            .as_deref()
            .filter(|_| who.email_verified)
            .and_then(accounts::normalise_email),
    };
    let Some(email) = email else {
        return Ok(Found::Unknown);
    };
    let person: Option<(String, String)> = match settings.match_by {
        MatchBy::EmployeeNumber => {
            sqlx::query_as("SELECT id, name FROM people WHERE employee_no = $1")
                .bind(value)
                .fetch_optional(&db.pool)
                .await?
        }
        MatchBy::Email => None,
    };
    let name = who
        .name
        .clone()
        .or_else(|| person.as_ref().map(|(_, n)| n.clone()))
        .unwrap_or_else(|| email.clone());
    let mut tx = db.begin_write().await?;
    let taken: Option<String> = sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
        .bind(&email)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        // The address belongs to another person's account: never merge.
        return Ok(Found::Unknown);
    }
    let id = accounts::insert(&mut *tx, &email, &name, "", "da").await?;
    if let Some((person_id, _)) = person {
        sqlx::query("UPDATE accounts SET person_id = $1 WHERE id = $2")
            .bind(person_id)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    tracing::info!(account = %id, "account made at its first sign-in through the identity provider");
    Ok(Found::Account(id))
}
