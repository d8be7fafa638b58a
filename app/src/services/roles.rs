//! Appointing people to roles: administrators, leaders of units, committee
//! members with a scope, report handlers. A person may hold several roles.

use super::{accounts, db::Db, password_links};
use crate::model::{Role, RoleView};
use sqlx::Row;

#[derive(Debug, thiserror::Error)]
pub enum RoleError {
    #[error("invalid e-mail")]
    InvalidEmail,
    #[error("a name is needed for a new account")]
    NameNeeded,
    #[error("this role needs a unit")]
    UnitNeeded,
    #[error("no such unit")]
    UnknownUnit,
    #[error("the person already has this role")]
    Duplicate,
    #[error("the last administrator cannot be removed")]
    LastAdmin,
    #[error("no such role")]
    NotFound,
    #[error("nobody disables their own account")]
    Yourself,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// What an appointment did: whether it made a new account, which gets an
/// e-mail with a link to choose its password (nobody else sees one).
pub struct Appointed {
    pub email: String,
    pub new_account: bool,
}

pub async fn list(db: &Db) -> Result<Vec<RoleView>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT r.id, r.role, r.label, u.name AS unit_name, a.name, a.email, a.password_hash, \
         a.id AS account_id, a.disabled_at \
         FROM roles r JOIN accounts a ON a.id = r.account_id LEFT JOIN units u ON u.id = r.unit_id \
         ORDER BY a.name, r.role",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let role: String = r.try_get("role")?;
        let hash: String = r.try_get("password_hash")?;
        if let Some(role) = Role::parse(&role) {
            out.push(RoleView {
                id: r.try_get("id")?,
                role,
                name: r.try_get("name")?,
                email: r.try_get("email")?,
                unit_name: r.try_get("unit_name")?,
                label: r.try_get("label")?,
                can_sign_in: !hash.is_empty(),
                account_id: r.try_get("account_id")?,
                disabled: r.try_get::<Option<i64>, _>("disabled_at")?.is_some(),
            });
        }
    }
    Ok(out)
}

pub async fn appoint(
    db: &Db,
    email: &str,
    name: &str,
    role: Role,
    unit: Option<&str>,
    label: Option<&str>,
) -> Result<Appointed, RoleError> {
    let email = accounts::normalise_email(email).ok_or(RoleError::InvalidEmail)?;
    let unit = unit.filter(|u| !u.is_empty());
    let label = label.map(str::trim).filter(|l| !l.is_empty());
    match role {
        Role::Leader | Role::Committee if unit.is_none() => return Err(RoleError::UnitNeeded),
        _ => {}
    }
    let unit = match role {
        Role::Leader | Role::Committee => unit,
        Role::Admin | Role::Handler => None,
    };
    if let Some(u) = unit {
        let open: Option<Option<i64>> =
            sqlx::query_scalar("SELECT closed_at FROM units WHERE id = $1")
                .bind(u)
                .fetch_optional(&db.pool)
                .await?;
        if !matches!(open, Some(None)) {
            return Err(RoleError::UnknownUnit);
        }
    }
    let existing: Option<String> = sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
        .bind(&email)
        .fetch_optional(&db.pool)
        .await?;
    let mut new_account = false;
    let account = match existing {
        Some(id) => id,
        None => {
            // A person from the HR import with this e-mail gives the account its name.
            let person: Option<(String, String, String)> = sqlx::query_as(
                "SELECT id, name, lang FROM people WHERE email = $1 AND left_at IS NULL",
            )
            .bind(&email)
            .fetch_optional(&db.pool)
            .await?;
            let (person_id, name, lang) = match person {
                Some((id, n, l)) => (Some(id), n, l),
                None if name.trim().is_empty() => return Err(RoleError::NameNeeded),
                None => (None, name.trim().to_owned(), "da".to_owned()),
            };
            // No password until the person chooses one by the link.
            let mut tx = db.begin_write().await?;
            let id = accounts::insert(&mut *tx, &email, &name, "", &lang).await?;
            if let Some(p) = person_id {
                sqlx::query("UPDATE accounts SET person_id = $1 WHERE id = $2")
                    .bind(p)
                    .bind(&id)
                    .execute(&mut *tx)
                    .await?;
            }
            password_links::request(&mut *tx, &id, password_links::Purpose::Welcome).await?;
            tx.commit().await?;
            new_account = true;
            id
        }
    };
    let dup: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM roles WHERE account_id = $1 AND role = $2 AND \
         (unit_id = $3 OR (unit_id IS NULL AND $3 IS NULL))",
    )
    .bind(&account)
    .bind(role.as_str())
    .bind(unit)
    .fetch_one(&db.pool)
    .await?;
    if dup > 0 {
        return Err(RoleError::Duplicate);
    }
    if let (Role::Committee, Some(u)) = (role, unit) {
        super::committees::ensure(&db.pool, u, label).await?;
    }
    accounts::grant(&db.pool, &account, role, unit, label).await?;
    Ok(Appointed { email, new_account })
}

/// Ends a role. The last administrator role cannot end: someone must be able
/// to administer the organisation.
pub async fn revoke(db: &Db, role_id: &str) -> Result<(), RoleError> {
    let role: Option<String> = sqlx::query_scalar("SELECT role FROM roles WHERE id = $1")
        .bind(role_id)
        .fetch_optional(&db.pool)
        .await?;
    let role = role.ok_or(RoleError::NotFound)?;
    let mut tx = db.begin_write().await?;
    if role == "admin" {
        let holder: Option<String> =
            sqlx::query_scalar("SELECT account_id FROM roles WHERE id = $1")
                .bind(role_id)
                .fetch_optional(&mut *tx)
                .await?;
        let admins = accounts::enabled_admins(&mut *tx).await?;
        if holder.is_some_and(|h| admins == [h]) || admins.is_empty() {
            return Err(RoleError::LastAdmin);
        }
    }
    let now = chrono::Utc::now().timestamp();
    accounts::end_roles(&mut tx, &[role_id.to_owned()], now, "revoked").await?;
    tx.commit().await?;
    Ok(())
}

/// Disables or re-enables an account by hand. A disabled account cannot
/// sign in and its sessions end; its roles stay, so enabling it gives them
/// back. Nobody disables themselves, and the last enabled administrator
/// stays.
pub async fn set_disabled(
    db: &Db,
    actor: &str,
    account: &str,
    disabled: bool,
) -> Result<(), RoleError> {
    let mut tx = db.begin_write().await?;
    let exists: Option<Option<i64>> =
        sqlx::query_scalar("SELECT disabled_at FROM accounts WHERE id = $1")
            .bind(account)
            .fetch_optional(&mut *tx)
            .await?;
    if exists.is_none() {
        return Err(RoleError::NotFound);
    }
    let now = chrono::Utc::now().timestamp();
    if disabled {
        if account == actor {
            return Err(RoleError::Yourself);
        }
        if accounts::enabled_admins(&mut *tx).await? == [account.to_owned()] {
            return Err(RoleError::LastAdmin);
        }
        accounts::disable(&mut tx, account, now).await?;
    } else {
        sqlx::query("UPDATE accounts SET disabled_at = NULL WHERE id = $1")
            .bind(account)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
