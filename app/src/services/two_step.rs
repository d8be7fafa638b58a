//! Two-step sign-in: after the password, a six-digit code from an
//! authenticator app (TOTP, RFC 6238: HMAC-SHA1, 30-second steps, one step
//! of clock drift either way) or one of ten recovery codes.
//!
//! - The app's secret (160 random bits) is sealed with a key derived from
//!   the server secret, bound to the account: a copy of the database cannot
//!   make codes.
//! - A code works once: the last time step accepted is kept per account, and
//!   a code of that step or an earlier one is refused (RFC 6238 § 5.2).
//! - Recovery codes carry 80 random bits each and are kept as SHA-256; each
//!   works once.
//! - Between the password and the code, the sign-in is a row of
//!   `second_steps` named by a token in the browser's cookie: ten minutes,
//!   five wrong codes, then it is gone and the password is asked again.
//!
//! Administrators and report handlers must use it when they sign in with a
//! password (unless the instance runs with two-step sign-in optional, as the
//! demo does); anyone else may turn it on. Sign-in through the identity
//! provider leaves the second factor to the provider.

use super::{db::Db, ids};
use crate::anonymity::sealed::InboxKey;
use chrono::Utc;
use rand::RngCore;

/// The cookie naming a sign-in between its password and its code.
pub const STEP_COOKIE: &str = "trivsel_step";
pub const STEP_SECONDS: i64 = 600;
pub const MAX_ATTEMPTS: i64 = 5;
pub const RECOVERY_CODES: usize = 10;
const PURPOSE: &[u8] = b"staff totp v1";
const ISSUER: &str = "Trivsel";

fn key(inbox: &InboxKey) -> InboxKey {
    inbox.for_purpose(PURPOSE)
}

/// The generator of an account's codes.
fn totp(secret: Vec<u8>, email: &str) -> Option<totp_rs::Totp> {
    totp_rs::Builder::new()
        .with_secret(secret)
        .with_account_name(email.replace(':', " "))
        .with_issuer(Some(ISSUER))
        .build()
        .ok()
}

/// The code an app shows for `secret` at `time` (for tests and the demo).
pub fn code_at(secret: &[u8], time: u64) -> String {
    totp(secret.to_vec(), "x")
        .map(|t| t.generate(time).to_string())
        .unwrap_or_default()
}

/// What the person sees while setting up their app: the otpauth:// link as
/// a QR code (SVG) and the secret to type in by hand.
#[derive(Clone, Debug)]
pub struct Enrolment {
    pub qr_svg: String,
    pub secret: String,
}

fn enrolment(secret: &[u8], email: &str) -> Option<Enrolment> {
    let t = totp(secret.to_vec(), email)?;
    let url = t.to_url().ok()?;
    let qr = qrcode::QrCode::new(url.as_bytes()).ok()?;
    let qr_svg = qr
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .build();
    // Inline in HTML: the XML declaration has no place there.
    let qr_svg = qr_svg
        .find("<svg")
        .map_or(qr_svg.clone(), |i| qr_svg[i..].to_owned());
    let base32 = t.secret().to_base32();
    // Groups of four, easier to type.
    let secret = base32
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    Some(Enrolment { qr_svg, secret })
}

/// Whether the account has an authenticator app set up.
pub async fn is_on(db: &Db, account: &str) -> Result<bool, sqlx::Error> {
    let secret: Option<Option<String>> =
        sqlx::query_scalar("SELECT totp_secret FROM accounts WHERE id = $1")
            .bind(account)
            .fetch_optional(&db.pool)
            .await?;
    Ok(secret.flatten().is_some())
}

/// Starts the second step of a sign-in (after a right password, or from
/// the account page to set an app up); with `enrol`, a new secret waits in
/// it. Returns the token for [`STEP_COOKIE`].
pub async fn begin(
    db: &Db,
    inbox: &InboxKey,
    account: &str,
    enrol: bool,
) -> Result<String, sqlx::Error> {
    let now = Utc::now().timestamp();
    sqlx::query("DELETE FROM second_steps WHERE created_at < $1")
        .bind(now - STEP_SECONDS)
        .execute(&db.pool)
        .await?;
    let pending = if enrol {
        let mut secret = [0u8; 20];
        rand::rng().fill_bytes(&mut secret);
        Some(
            key(inbox)
                .seal(account, &secret)
                .map_err(|e| sqlx::Error::Protocol(e.into()))?,
        )
    } else {
        None
    };
    let token = ids::random_token(32);
    sqlx::query(
        "INSERT INTO second_steps (token_hash, account_id, created_at, attempts, pending_secret) \
         VALUES ($1, $2, $3, 0, $4)",
    )
    .bind(ids::sha256_hex(&token))
    .bind(account)
    .bind(now)
    .bind(pending)
    .execute(&db.pool)
    .await?;
    Ok(token)
}

/// A second step under way, as its page shows it.
#[derive(Clone, Debug)]
pub enum Pending {
    /// The person types a code from their app (or a recovery code).
    Code,
    /// The person sets up their app, then types its code.
    Enrol(Enrolment),
}

struct Row {
    account: String,
    email: String,
    pending_secret: Option<String>,
}

async fn row(db: &Db, token: &str) -> Result<Option<Row>, sqlx::Error> {
    let found: Option<(String, String, Option<String>, i64, i64)> = sqlx::query_as(
        "SELECT s.account_id, a.email, s.pending_secret, s.created_at, s.attempts \
         FROM second_steps s JOIN accounts a ON a.id = s.account_id \
         WHERE s.token_hash = $1 AND a.disabled_at IS NULL",
    )
    .bind(ids::sha256_hex(token))
    .fetch_optional(&db.pool)
    .await?;
    let fresh = Utc::now().timestamp() - STEP_SECONDS;
    Ok(
        found.and_then(|(account, email, pending_secret, created_at, attempts)| {
            (created_at >= fresh && attempts < MAX_ATTEMPTS).then_some(Row {
                account,
                email,
                pending_secret,
            })
        }),
    )
}

/// What the second step behind `token` asks for; `None` when there is none
/// (unknown, expired, too many wrong codes).
pub async fn pending(
    db: &Db,
    inbox: &InboxKey,
    token: &str,
) -> Result<Option<Pending>, sqlx::Error> {
    let Some(r) = row(db, token).await? else {
        return Ok(None);
    };
    Ok(Some(match r.pending_secret {
        None => Pending::Code,
        Some(sealed) => {
            let secret = key(inbox)
                .open(&r.account, &sealed)
                .map_err(|e| sqlx::Error::Protocol(e.into()))?;
            match enrolment(&secret, &r.email) {
                Some(e) => Pending::Enrol(e),
                None => return Ok(None),
            }
        }
    }))
}

/// How a typed code was taken.
#[derive(Debug, PartialEq, Eq)]
pub enum Checked {
    /// Right: the account may have its session. When an app was just set
    /// up, its recovery codes (shown once).
    Right {
        account: String,
        recovery_codes: Option<Vec<String>>,
    },
    /// Wrong; this many tries are left.
    Wrong { left: i64 },
    /// No second step under way (or it has just run out of tries).
    Gone,
}

/// Checks a code typed in the second step behind `token`.
pub async fn check(
    db: &Db,
    inbox: &InboxKey,
    token: &str,
    typed: &str,
) -> Result<Checked, sqlx::Error> {
    let Some(r) = row(db, token).await? else {
        return Ok(Checked::Gone);
    };
    let now = Utc::now().timestamp();
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    let right = match &r.pending_secret {
        Some(sealed) => {
            let secret = key(inbox)
                .open(&r.account, sealed)
                .map_err(|e| sqlx::Error::Protocol(e.into()))?;
            match totp(secret, &r.email).and_then(|t| t.check(&digits, now as u64)) {
                Some(step) => {
                    let codes = set_up(db, &r.account, sealed, step).await?;
                    Some(Some(codes))
                }
                None => None,
            }
        }
        None => (by_app(db, inbox, &r, &digits, now).await?
            || by_recovery_code(db, &r.account, typed, now).await?)
            .then_some(None),
    };
    let hash = ids::sha256_hex(token);
    match right {
        Some(recovery_codes) => {
            sqlx::query("DELETE FROM second_steps WHERE token_hash = $1")
                .bind(&hash)
                .execute(&db.pool)
                .await?;
            Ok(Checked::Right {
                account: r.account,
                recovery_codes,
            })
        }
        None => {
            let attempts: Option<i64> = sqlx::query_scalar(
                "UPDATE second_steps SET attempts = attempts + 1 WHERE token_hash = $1 \
                 RETURNING attempts",
            )
            .bind(&hash)
            .fetch_optional(&db.pool)
            .await?;
            let left = MAX_ATTEMPTS - attempts.unwrap_or(MAX_ATTEMPTS);
            if left <= 0 {
                sqlx::query("DELETE FROM second_steps WHERE token_hash = $1")
                    .bind(&hash)
                    .execute(&db.pool)
                    .await?;
                return Ok(Checked::Gone);
            }
            Ok(Checked::Wrong { left })
        }
    }
}

/// A code from the account's app, of a later time step than any accepted
/// before (the step is taken in the same statement, so two requests cannot
/// both use one code).
async fn by_app(
    db: &Db,
    inbox: &InboxKey,
    r: &Row,
    digits: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(false);
    }
    let sealed: Option<Option<String>> =
        sqlx::query_scalar("SELECT totp_secret FROM accounts WHERE id = $1")
            .bind(&r.account)
            .fetch_optional(&db.pool)
            .await?;
    let Some(sealed) = sealed.flatten() else {
        return Ok(false);
    };
    // A secret this server cannot open (the server secret file was lost or
    // replaced) makes every app code wrong rather than the sign-in an error:
    // the person can still use a recovery code, and the operator is told.
    let secret = match key(inbox).open(&r.account, &sealed) {
        Ok(secret) => secret,
        Err(e) => {
            tracing::error!(error = %e, "an authenticator secret cannot be opened with this server secret");
            return Ok(false);
        }
    };
    let Some(step) = totp(secret, &r.email).and_then(|t| t.check(digits, now as u64)) else {
        return Ok(false);
    };
    let taken = sqlx::query(
        "UPDATE accounts SET totp_last_step = $1 \
         WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step as i64)
    .bind(&r.account)
    .execute(&db.pool)
    .await?;
    Ok(taken.rows_affected() == 1)
}

/// A recovery code not used before; using it spends it.
async fn by_recovery_code(
    db: &Db,
    account: &str,
    typed: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let Some(code) = normalise_recovery_code(typed) else {
        return Ok(false);
    };
    let spent = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 \
         WHERE account_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(now)
    .bind(account)
    .bind(ids::sha256_hex(&code))
    .execute(&db.pool)
    .await?;
    Ok(spent.rows_affected() == 1)
}

/// A typed recovery code as stored: 16 symbols (see `ids::read_code`).
fn normalise_recovery_code(typed: &str) -> Option<String> {
    ids::read_code(typed, 16)
}

/// Keeps a just-confirmed app for the account and makes its recovery codes
/// (any older ones stop working).
async fn set_up(
    db: &Db,
    account: &str,
    sealed: &str,
    step: u64,
) -> Result<Vec<String>, sqlx::Error> {
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
    keep(db, account, Some((sealed, step)), &codes).await?;
    Ok(codes)
}

/// Sets the account's app (`None`: none) with these recovery codes in
/// place of any before, in one transaction.
async fn keep(
    db: &Db,
    account: &str,
    app: Option<(&str, u64)>,
    recovery_codes: &[String],
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE accounts SET totp_secret = $1, totp_last_step = $2 WHERE id = $3")
        .bind(app.map(|(sealed, _)| sealed))
        .bind(app.map(|(_, step)| step as i64))
        .bind(account)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1")
        .bind(account)
        .execute(&mut *tx)
        .await?;
    for code in recovery_codes {
        sqlx::query("INSERT INTO recovery_codes (id, account_id, code_hash) VALUES ($1, $2, $3)")
            .bind(ids::new_id())
            .bind(account)
            .bind(ids::sha256_hex(&code.replace('-', "")))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

fn recovery_code() -> String {
    ids::in_fours(&ids::code_symbols(16))
}

/// Turns the app off for an account (its recovery codes go too).
pub async fn turn_off(db: &Db, account: &str) -> Result<(), sqlx::Error> {
    keep(db, account, None, &[]).await
}

/// Recovery codes not used yet.
pub async fn recovery_codes_left(db: &Db, account: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL",
    )
    .bind(account)
    .fetch_one(&db.pool)
    .await
}

/// A code the account's app shows now (tests; the secret never leaves the
/// server otherwise).
pub async fn current_code(db: &Db, inbox: &InboxKey, account: &str, time: u64) -> Option<String> {
    let sealed: Option<Option<String>> =
        sqlx::query_scalar("SELECT totp_secret FROM accounts WHERE id = $1")
            .bind(account)
            .fetch_optional(&db.pool)
            .await
            .ok()?;
    let secret = key(inbox).open(account, &sealed.flatten()?).ok()?;
    Some(code_at(&secret, time))
}

/// The code an app set up with this typed key (base32, as the enrolment
/// page shows it) would show at `time` — what a person's phone does; for
/// tests.
pub fn code_from_key(key: &str, time: u64) -> Option<String> {
    let compact: String = key.chars().filter(|c| !c.is_whitespace()).collect();
    let secret = totp_rs::Secret::try_from_base32(compact).ok()?;
    Some(code_at(secret.as_ref(), time))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 test vectors (8 digits there; the
    /// last six are what a six-digit app shows).
    #[test]
    fn codes_follow_rfc_6238() {
        let secret = b"12345678901234567890";
        for (time, eight) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
        ] {
            assert_eq!(code_at(secret, time), eight[2..], "{time}");
        }
    }

    #[test]
    fn recovery_codes_are_read_as_typed() {
        let code = recovery_code();
        assert_eq!(code.len(), 19);
        assert_eq!(
            normalise_recovery_code(&code.to_lowercase().replace('-', " ")),
            Some(code.replace('-', ""))
        );
        assert_eq!(normalise_recovery_code("123456"), None);
    }
}
