//! Links by which staff set their own password: a welcome link for a new
//! account (from the HR import or the roles page) and a reset link for a
//! forgotten password. Nobody else ever sees or chooses the password.
//!
//! A link is *requested* first (a row, in the transaction that made the
//! account); the mail job then makes its token, keeps only the token's
//! SHA-256 (a copy of the database holds no usable link; the token is 256
//! random bits, so a fast hash is right), and sends it. A link works once,
//! until it expires; using it sets the password, ends every session of the
//! account and spends every other link of it. An operator without e-mail
//! prints one with `server password-link`.

use super::{accounts, db::Db, ids, mail::Mailer, password};
use crate::i18n::Lang;
use chrono::Utc;
use sqlx::{Any, Executor};

/// Why a link was made, which sets how long it lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// A new account: a week, since it may wait over a weekend.
    Welcome,
    /// A forgotten password: an hour.
    Reset,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Welcome => "welcome",
            Purpose::Reset => "reset",
        }
    }

    fn parse(s: &str) -> Purpose {
        if s == "welcome" {
            Purpose::Welcome
        } else {
            Purpose::Reset
        }
    }

    fn lasts(self) -> i64 {
        match self {
            Purpose::Welcome => 7 * 86_400,
            Purpose::Reset => 3_600,
        }
    }
}

/// No second reset link for an account within this many seconds: asking
/// again and again must not flood anyone's mailbox.
const RESEND_AFTER: i64 = 600;

/// Most links sent per pass of the mail job.
const BATCH: i64 = 200;

/// Requests a link for an account (sent by the next pass of the mail job);
/// returns the link's id.
pub async fn request<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    account: &str,
    purpose: Purpose,
) -> Result<String, sqlx::Error> {
    let id = ids::new_id();
    sqlx::query(
        "INSERT INTO password_links (id, account_id, purpose, requested_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&id)
    .bind(account)
    .bind(purpose.as_str())
    .bind(Utc::now().timestamp())
    .execute(ex)
    .await?;
    Ok(id)
}

/// Spends every unused link of an account (its password was set, or it
/// was disabled).
pub async fn spend_all<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    account: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE password_links SET used_at = $1 WHERE account_id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(account)
        .execute(ex)
        .await?;
    Ok(())
}

/// A forgotten password: requests a reset link when `email` belongs to an
/// enabled account that has not had one in the last ten minutes. Says
/// nothing either way — the page answers the same for every address.
pub async fn request_reset(db: &Db, email: &str) -> Result<(), sqlx::Error> {
    let Some(email) = accounts::normalise_email(email) else {
        return Ok(());
    };
    let now = Utc::now().timestamp();
    let mut tx = db.begin_write().await?;
    let account: Option<String> = sqlx::query_scalar(
        "SELECT a.id FROM accounts a WHERE a.email = $1 AND a.disabled_at IS NULL \
         AND NOT EXISTS (SELECT 1 FROM password_links l WHERE l.account_id = a.id \
                         AND l.purpose = 'reset' AND l.requested_at > $2)",
    )
    .bind(&email)
    .bind(now - RESEND_AFTER)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(account) = account {
        request(&mut *tx, &account, Purpose::Reset).await?;
    }
    tx.commit().await
}

/// Makes a link's token and keeps its hash and expiry; returns the token.
async fn issue<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    link: &str,
    purpose: Purpose,
) -> Result<Option<String>, sqlx::Error> {
    let token = ids::random_token(32);
    let now = Utc::now().timestamp();
    let done = sqlx::query(
        "UPDATE password_links SET token_hash = $1, expires_at = $2, sent_at = $3 \
         WHERE id = $4 AND sent_at IS NULL AND used_at IS NULL",
    )
    .bind(ids::sha256_hex(&token))
    .bind(now + purpose.lasts())
    .bind(now)
    .bind(link)
    .execute(ex)
    .await?;
    Ok((done.rows_affected() == 1).then_some(token))
}

/// The address a link's token opens. The token is in the path, so a form
/// refused without JavaScript comes back to the same link.
pub fn url(base: &str, token: &str) -> String {
    format!("{}/password/new/{token}", base.trim_end_matches('/'))
}

/// Sends the links requested and not sent yet, each in its account's
/// language. Claimed one by one (the token's hash is written only if the
/// link is still unsent), so two instances never send one twice. A link
/// whose e-mail fails is put back for the next pass.
/// Drops the links not sent yet (when passwords are turned off).
pub async fn discard_unsent(db: &Db) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM password_links WHERE sent_at IS NULL")
            .execute(&db.pool)
            .await?
            .rows_affected(),
    )
}

pub async fn send_due(db: &Db, mailer: &Mailer) -> Result<usize, sqlx::Error> {
    let due: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT l.id, l.purpose, a.email, a.name, a.lang FROM password_links l \
         JOIN accounts a ON a.id = l.account_id \
         WHERE l.sent_at IS NULL AND l.used_at IS NULL AND a.disabled_at IS NULL \
         ORDER BY l.requested_at LIMIT $1",
    )
    .bind(BATCH)
    .fetch_all(&db.pool)
    .await?;
    let mut sent = 0;
    for (link, purpose, email, name, lang) in due {
        let purpose = Purpose::parse(&purpose);
        let Some(token) = issue(&db.pool, &link, purpose).await? else {
            continue;
        };
        let lang = Lang::parse(&lang).unwrap_or_default();
        let (subject, text) = match purpose {
            Purpose::Welcome => ("mail-welcome-subject", "mail-welcome-body"),
            Purpose::Reset => ("mail-reset-subject", "mail-reset-body"),
        };
        let body = lang.t_args(
            text,
            &[
                ("name", name.into()),
                ("link", url(&mailer.base, &token).into()),
            ],
        );
        match mailer.send(&email, &lang.t(subject), body).await {
            Ok(()) => sent += 1,
            Err(e) => {
                tracing::warn!(error = %e, "a password link could not be sent; retried later");
                sqlx::query(
                    "UPDATE password_links SET token_hash = NULL, expires_at = NULL, sent_at = NULL \
                     WHERE id = $1",
                )
                .bind(&link)
                .execute(&db.pool)
                .await?;
            }
        }
    }
    Ok(sent)
}

/// For an operator without e-mail: a welcome link for the account with
/// this address, made at once. None when there is no such enabled account.
pub async fn make_now(db: &Db, email: &str) -> Result<Option<String>, sqlx::Error> {
    let Some(email) = accounts::normalise_email(email) else {
        return Ok(None);
    };
    let account: Option<String> =
        sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1 AND disabled_at IS NULL")
            .bind(&email)
            .fetch_optional(&db.pool)
            .await?;
    let Some(account) = account else {
        return Ok(None);
    };
    let mut tx = db.begin_write().await?;
    let link = request(&mut *tx, &account, Purpose::Welcome).await?;
    let token = issue(&mut *tx, &link, Purpose::Welcome).await?;
    tx.commit().await?;
    Ok(token)
}

/// Whether `current` is the account's password (asked again of a signed-in
/// person before a change a session alone must not allow); its name and
/// address when it is.
pub async fn check_current(
    db: &Db,
    account: &str,
    current: &str,
) -> Result<Result<(String, String), Refused>, sqlx::Error> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT password_hash, name, email FROM accounts WHERE id = $1")
            .bind(account)
            .fetch_optional(&db.pool)
            .await?;
    let Some((hash, name, email)) = row else {
        return Ok(Err(Refused::Current));
    };
    Ok(
        match password::verify(current.to_owned(), Some(hash)).await {
            Ok(true) => Ok((name, email)),
            Ok(false) => Err(Refused::Current),
            Err(password::Busy) => Err(Refused::Busy),
        },
    )
}

/// A signed-in person changes their password: the current one is required
/// (a session left open on a shared computer must not be enough), and
/// every other session of the account ends — the one in use stays.
pub async fn change(
    db: &Db,
    account: &str,
    session_token: &str,
    current: &str,
    new: &str,
    again: &str,
) -> Result<Result<(), Refused>, sqlx::Error> {
    let (name, email) = match check_current(db, account, current).await? {
        Ok(holder) => holder,
        Err(refused) => return Ok(Err(refused)),
    };
    if new != again {
        return Ok(Err(Refused::Mismatch));
    }
    if let Err(key) = password::acceptable(new, &[&name, &email]) {
        return Ok(Err(Refused::Password(key)));
    }
    let Ok(hash) = password::hash(new.to_owned()).await else {
        return Err(sqlx::Error::Protocol(
            "hashing a new password failed".into(),
        ));
    };
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
        .bind(&hash)
        .bind(account)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2")
        .bind(account)
        .bind(ids::sha256_hex(session_token))
        .execute(&mut *tx)
        .await?;
    spend_all(&mut *tx, account, Utc::now().timestamp()).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Why a password was not set (message keys).
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// The current password given to change it was wrong.
    Current,
    /// Unknown, used, expired, or its account disabled: one answer for all.
    Link,
    /// The password itself (short, long, common): the key says which.
    Password(&'static str),
    /// The two fields differ.
    Mismatch,
    /// Too many password checks are waiting: try again in a moment.
    Busy,
}

/// The account a live link's token opens, with its name and address (to
/// greet the person and to refuse a password made of them).
pub async fn holder(db: &Db, token: &str) -> Result<Option<(String, String, String)>, sqlx::Error> {
    if token.is_empty() || token.len() > 100 {
        return Ok(None);
    }
    sqlx::query_as(
        "SELECT a.id, a.name, a.email FROM password_links l JOIN accounts a ON a.id = l.account_id \
         WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 \
         AND a.disabled_at IS NULL",
    )
    .bind(ids::sha256_hex(token))
    .bind(Utc::now().timestamp())
    .fetch_optional(&db.pool)
    .await
}

/// Sets the password a live link allows. Spends the link and every other
/// link of the account, and ends all its sessions, in one transaction: a
/// link used twice at once sets one password.
pub async fn redeem(
    db: &Db,
    token: &str,
    new: &str,
    again: &str,
) -> Result<Result<String, Refused>, sqlx::Error> {
    let Some((account, name, email)) = holder(db, token).await? else {
        return Ok(Err(Refused::Link));
    };
    if new != again {
        return Ok(Err(Refused::Mismatch));
    }
    if let Err(key) = password::acceptable(new, &[&name, &email]) {
        return Ok(Err(Refused::Password(key)));
    }
    // Hashing is slow: outside the transaction.
    let Ok(hash) = password::hash(new.to_owned()).await else {
        return Err(sqlx::Error::Protocol(
            "hashing a new password failed".into(),
        ));
    };
    let now = Utc::now().timestamp();
    let mut tx = db.begin_write().await?;
    let spent = sqlx::query(
        "UPDATE password_links SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(ids::sha256_hex(token))
    .execute(&mut *tx)
    .await?;
    if spent.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(Err(Refused::Link));
    }
    spend_all(&mut *tx, &account, now).await?;
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
        .bind(&hash)
        .bind(&account)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE account_id = $1")
        .bind(&account)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(account))
}
