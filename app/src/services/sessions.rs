//! Staff sessions, stored in the database so any app instance can serve any
//! request. The cookie carries a 256-bit random token; the table stores only its
//! SHA-256.
//!
//! [`signed_in`] is the one place a request's session is read: server
//! functions reach it through `api::ctx::current_user`, the server's plain
//! routes through `server::http::session`.

use super::{accounts, db::Db, ids};
use crate::model::SessionUser;
use chrono::Utc;
use http::{header, HeaderMap};

pub const SESSION_COOKIE: &str = "trivsel_session";

/// The value of cookie `name` in a request, from any of its `Cookie`
/// headers (HTTP/2 may send one per cookie).
pub fn cookie_in<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .find_map(|h| crate::i18n::cookie_value(h, name))
}

/// The signed-in staff member behind a request's session cookie — a live
/// session of an enabled account — as the account id and the user with
/// their roles.
pub async fn signed_in(
    db: &Db,
    headers: &HeaderMap,
) -> Result<Option<(String, SessionUser)>, sqlx::Error> {
    let Some(token) = cookie_in(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let Some(account) = account_of(db, token).await? else {
        return Ok(None);
    };
    Ok(accounts::session_user(db, &account)
        .await?
        .map(|user| (account, user)))
}

/// Starts a session and returns the token for the cookie.
pub async fn create(db: &Db, account_id: &str, hours: i64) -> Result<String, sqlx::Error> {
    let token = ids::random_token(32);
    let now = Utc::now().timestamp();
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(ids::sha256_hex(&token))
    .bind(account_id)
    .bind(now)
    .bind(now + hours * 3600)
    .execute(&db.pool)
    .await?;
    Ok(token)
}

/// The account behind a live session token.
pub async fn account_of(db: &Db, token: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT s.account_id FROM sessions s JOIN accounts a ON a.id = s.account_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.disabled_at IS NULL",
    )
    .bind(ids::sha256_hex(token))
    .bind(Utc::now().timestamp())
    .fetch_optional(&db.pool)
    .await
}

pub async fn end(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(ids::sha256_hex(token))
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Removes expired sessions; returns how many.
pub async fn purge_expired(db: &Db) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(Utc::now().timestamp())
        .execute(&db.pool)
        .await?;
    Ok(r.rows_affected())
}

/// The `Set-Cookie` value that starts a session.
pub fn cookie(token: &str, secure: bool, hours: i64) -> String {
    set_cookie(SESSION_COOKIE, token, "/", hours * 3600, secure)
}

/// The `Set-Cookie` value that ends a session in the browser.
pub fn clear_cookie(secure: bool) -> String {
    set_cookie(SESSION_COOKIE, "", "/", 0, secure)
}

/// A `Set-Cookie` value for every cookie that carries a sign-in token (the
/// session, a second step, a sign-in at the identity provider): never
/// readable by scripts, sent on top-level navigations from elsewhere but
/// not on their posts, `Secure` over https. `max_age` 0 ends it.
pub fn set_cookie(name: &str, value: &str, path: &str, max_age: i64, secure: bool) -> String {
    http_only_cookie(name, value, path, "Lax", max_age, secure)
}

/// A `Set-Cookie` value never readable by scripts, `Secure` over https;
/// `same_site` is `Lax` or `Strict`. `max_age` 0 ends it.
pub fn http_only_cookie(
    name: &str,
    value: &str,
    path: &str,
    same_site: &str,
    max_age: i64,
    secure: bool,
) -> String {
    format!(
        "{name}={value}; Path={path}; HttpOnly; SameSite={same_site}; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// Leaves a one-time message of a `kind` in a session, for the next page
/// that takes that kind.
pub async fn set_flash(
    db: &Db,
    session_token: &str,
    kind: &str,
    message: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET flash = $1 WHERE token_hash = $2")
        .bind(format!("{kind}\n{message}"))
        .bind(ids::sha256_hex(session_token))
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Reads and clears the session's one-time message if it starts with `kind`
/// (each page takes only its own kind); returns the rest of it.
pub async fn take_flash(
    db: &Db,
    session_token: &str,
    kind: &str,
) -> Result<Option<String>, sqlx::Error> {
    let hash = ids::sha256_hex(session_token);
    let prefix = format!("{kind}\n");
    let flash: Option<Option<String>> =
        sqlx::query_scalar("SELECT flash FROM sessions WHERE token_hash = $1")
            .bind(&hash)
            .fetch_optional(&db.pool)
            .await?;
    let Some(message) = flash.flatten().filter(|f| f.starts_with(&prefix)) else {
        return Ok(None);
    };
    // Cleared only if unchanged, so that two tabs cannot both show it.
    let cleared =
        sqlx::query("UPDATE sessions SET flash = NULL WHERE token_hash = $1 AND flash = $2")
            .bind(&hash)
            .bind(&message)
            .execute(&db.pool)
            .await?;
    Ok((cleared.rows_affected() == 1).then(|| message[prefix.len()..].to_owned()))
}
