//! Staff accounts and their roles.

use super::{db::Db, ids, password};
use crate::model::{Role, RoleGrant, SessionUser};
use chrono::Utc;
use sqlx::{Any, Executor, Row};

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("the e-mail address is not valid")]
    InvalidEmail,
    /// The password breaks the rules of `password::acceptable` (the key
    /// says which).
    #[error(
        "the password is not accepted ({0}): at least 12 characters, and not a common password, a pattern or made of the name or address"
    )]
    WeakPassword(&'static str),
    #[error("an account with this e-mail already exists")]
    Exists,
    #[error("hashing failed: {0}")]
    Hash(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Lower-cases and trims an e-mail; rejects anything without one `@` and a dot
/// in the domain. Deliberately simple: the address is a login name here.
pub fn normalise_email(raw: &str) -> Option<String> {
    let e = raw.trim().to_lowercase();
    let (local, domain) = e.split_once('@')?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && e.len() <= 254
        && !e.chars().any(char::is_whitespace);
    ok.then_some(e)
}

pub async fn create(
    db: &Db,
    email: &str,
    name: &str,
    password_plain: &str,
    lang: &str,
) -> Result<String, AccountError> {
    let email = normalise_email(email).ok_or(AccountError::InvalidEmail)?;
    password::acceptable(password_plain, &[&email, name]).map_err(AccountError::WeakPassword)?;
    let exists: Option<String> = sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
        .bind(&email)
        .fetch_optional(&db.pool)
        .await?;
    if exists.is_some() {
        return Err(AccountError::Exists);
    }
    let hash = password::hash(password_plain.to_owned())
        .await
        .map_err(AccountError::Hash)?;
    Ok(insert(&db.pool, &email, name, &hash, lang).await?)
}

/// Inserts an account whose e-mail is already normalised and password hashed.
pub async fn insert<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    email: &str,
    name: &str,
    hash: &str,
    lang: &str,
) -> Result<String, sqlx::Error> {
    let id = ids::new_id();
    sqlx::query(
        "INSERT INTO accounts (id, email, name, password_hash, lang, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(email)
    .bind(name.trim())
    .bind(hash)
    .bind(lang)
    .bind(Utc::now().timestamp())
    .execute(ex)
    .await?;
    Ok(id)
}

pub async fn grant<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    account_id: &str,
    role: Role,
    unit_id: Option<&str>,
    label: Option<&str>,
) -> Result<(), sqlx::Error> {
    // A committee member's role names their committee (see
    // `committees::ensure`, which must have created it).
    sqlx::query(
        "INSERT INTO roles (id, account_id, role, unit_id, label, created_at, committee_id) \
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $3 = 'committee' THEN \
         (SELECT c.id FROM committees c JOIN units u ON u.id = c.unit_id \
          WHERE c.unit_id = $4 AND c.name = COALESCE($5, u.name)) END)",
    )
    .bind(ids::new_id())
    .bind(account_id)
    .bind(role.as_str())
    .bind(unit_id)
    .bind(label)
    .bind(Utc::now().timestamp())
    .execute(ex)
    .await?;
    Ok(())
}

/// Ends roles, keeping each in `roles_ended` with the time and the reason
/// ('revoked', 'import' or 'left'). Returns how many ended.
pub async fn end_roles(
    tx: &mut sqlx::Transaction<'_, Any>,
    role_ids: &[String],
    now: i64,
    reason: &str,
) -> Result<u64, sqlx::Error> {
    let mut ended = 0;
    for id in role_ids {
        // The history row keeps the role's own id: a role ends once.
        sqlx::query(
            "INSERT INTO roles_ended (id, account_id, role, unit_id, label, committee_id, created_at, ended_at, reason) \
             SELECT id, account_id, role, unit_id, label, committee_id, created_at, $1, $2 FROM roles WHERE id = $3",
        )
        .bind(now)
        .bind(reason)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        ended += sqlx::query("DELETE FROM roles WHERE id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?
            .rows_affected();
    }
    Ok(ended)
}

/// Disables an account: it cannot sign in, its sessions end and its unused
/// password links are spent. Its roles stay (re-enabling restores them);
/// leavers' roles are ended separately.
pub async fn disable(
    tx: &mut sqlx::Transaction<'_, Any>,
    account: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL")
        .bind(now)
        .bind(account)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE account_id = $1")
        .bind(account)
        .execute(&mut **tx)
        .await?;
    super::password_links::spend_all(&mut **tx, account, now).await
}

/// Enabled accounts holding the administrator role.
pub async fn enabled_admins<'e, E: Executor<'e, Database = Any>>(
    ex: E,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT a.id FROM accounts a JOIN roles r ON r.account_id = a.id \
         WHERE r.role = 'admin' AND a.disabled_at IS NULL ORDER BY a.id",
    )
    .fetch_all(ex)
    .await
}

/// The id and password hash of an enabled account, for login.
pub async fn credentials(db: &Db, email: &str) -> Result<Option<(String, String)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, password_hash FROM accounts WHERE email = $1 AND disabled_at IS NULL",
    )
    .bind(email)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| Ok((r.try_get("id")?, r.try_get("password_hash")?)))
        .transpose()
}

/// The signed-in view of an account: name and roles with their scopes.
pub async fn session_user(db: &Db, account_id: &str) -> Result<Option<SessionUser>, sqlx::Error> {
    let Some(row) = sqlx::query("SELECT id, name, email FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_optional(&db.pool)
        .await?
    else {
        return Ok(None);
    };
    let grants = sqlx::query(
        "SELECT r.role, r.unit_id, u.name AS unit_name, r.label, r.committee_id FROM roles r \
         LEFT JOIN units u ON u.id = r.unit_id WHERE r.account_id = $1 \
         ORDER BY r.role, u.name",
    )
    .bind(account_id)
    .fetch_all(&db.pool)
    .await?;
    let mut roles = Vec::with_capacity(grants.len());
    for g in grants {
        let role: String = g.try_get("role")?;
        if let Some(role) = Role::parse(&role) {
            roles.push(RoleGrant {
                role,
                unit_id: g.try_get("unit_id")?,
                unit_name: g.try_get("unit_name")?,
                label: g.try_get("label")?,
                committee_id: g.try_get("committee_id")?,
            });
        }
    }
    Ok(Some(SessionUser {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        roles,
    }))
}

/// Staff names by account id (for audit trails and authored messages).
pub async fn names(db: &Db) -> Result<std::collections::HashMap<String, String>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT id, name FROM accounts")
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::normalise_email;

    #[test]
    fn emails_are_normalised_or_rejected() {
        assert_eq!(
            normalise_email("  Anna@Region.DK "),
            Some("anna@region.dk".into())
        );
        for bad in [
            "",
            "anna",
            "anna@",
            "@region.dk",
            "anna@region",
            "a b@x.dk",
            "a@b@c.dk",
        ] {
            assert_eq!(normalise_email(bad), None, "{bad}");
        }
    }
}
