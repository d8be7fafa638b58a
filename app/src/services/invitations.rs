//! Personal invitations of a round: a code per person, its hash to claim
//! it by, and the code itself sealed with the server key so that the
//! invitation and its reminder carry the same link. Round administration,
//! not the anonymity core: claiming an invitation and storing the answer
//! are the core's (`anonymity::writer`), and nothing here touches answers.

use crate::{
    anonymity::sealed::InboxKey,
    services::{db::Db, ids},
};
use sqlx::AssertSqlSafe;
use std::collections::HashMap;

/// Creates a personal invitation for each `(person, unit)`, in one transaction.
/// The code is kept sealed with the server secret so the invitation and its
/// reminder can carry the same link.
pub async fn invite_people(
    db: &Db,
    key: &InboxKey,
    round: &str,
    people: &[(String, String)],
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    for chunk in people.chunks(400) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = 2 + 5 * i;
                format!("(${b}, $1, ${}, ${}, ${}, ${})", b + 1, b + 2, b + 3, b + 4)
            })
            .collect();
        let sql = format!(
            "INSERT INTO invitations (id, round_id, code_hash, unit_id, person_id, code_sealed) VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(round);
        for (person, unit) in chunk {
            let code = ids::invitation_code();
            let sealed = key
                .seal(round, code.as_bytes())
                .map_err(|e| sqlx::Error::Protocol(e.into()))?;
            q = q
                .bind(ids::new_id())
                .bind(ids::sha256_hex(&code))
                .bind(unit)
                .bind(person)
                .bind(sealed);
        }
        q.execute(&mut *tx).await?;
    }
    // Each invitation takes a place of its unit's headcount (the database
    // refuses more than the headcount).
    let mut per_unit: HashMap<&str, i64> = HashMap::new();
    for (_, unit) in people {
        *per_unit.entry(unit.as_str()).or_default() += 1;
    }
    for (unit, n) in per_unit {
        sqlx::query(
            "UPDATE round_units SET invitations = invitations + $1 WHERE round_id = $2 AND unit_id = $3",
        )
        .bind(n)
        .bind(round)
        .bind(unit)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The codes of a round's unused personal invitations, unsealed with the
/// server key: (invitation id, person id, code). For sending invitations and
/// reminders (and the load benchmark); never shown on a page.
pub async fn personal_codes(
    db: &Db,
    key: &InboxKey,
    round: &str,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, person_id, code_sealed FROM invitations \
         WHERE round_id = $1 AND used = 0 AND person_id IS NOT NULL AND code_sealed IS NOT NULL",
    )
    .bind(round)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, person, sealed)| {
            let code = String::from_utf8(key.open(round, &sealed).ok()?).ok()?;
            Some((id, person, code))
        })
        .collect())
}
