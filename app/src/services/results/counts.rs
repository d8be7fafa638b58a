//! Invited and answered per round and unit — plain counts, not content. A
//! closed round's counts never change, so they are read once (one grouped
//! query by round) and kept in memory; open rounds are read each time.

use crate::services::db::Db;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex, OnceLock},
};

/// unit → (people invited, answered, invitations of any kind), for one round.
pub type Counts = HashMap<String, (i64, i64, i64)>;

fn closed() -> &'static Mutex<HashMap<String, Arc<Counts>>> {
    static MAP: OnceLock<Mutex<HashMap<String, Arc<Counts>>>> = OnceLock::new();
    MAP.get_or_init(Default::default)
}

/// The counts of a round. Invited counts the people in the unit when the
/// round opened (each reached by a personal link or a code card, never
/// both: services::cards); answered counts every used invitation.
pub async fn of_round(db: &Db, round: &str, is_closed: bool) -> Result<Arc<Counts>, sqlx::Error> {
    if is_closed {
        if let Some(c) = closed().lock().ok().and_then(|m| m.get(round).cloned()) {
            return Ok(c);
        }
    }
    let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT ru.unit_id, ru.headcount, CAST(COALESCE(i.used, 0) AS BIGINT), \
           CAST(COALESCE(i.n, 0) AS BIGINT) \
         FROM round_units ru LEFT JOIN \
           (SELECT unit_id, SUM(used) AS used, COUNT(*) AS n FROM invitations \
            WHERE round_id = $1 GROUP BY unit_id) i ON i.unit_id = ru.unit_id \
         WHERE ru.round_id = $1 AND (ru.headcount > 0 OR i.n IS NOT NULL)",
    )
    .bind(round)
    .fetch_all(&db.pool)
    .await?;
    let counts: Arc<Counts> = Arc::new(
        rows.into_iter()
            .map(|(u, i, a, n)| (u, (i, a, n)))
            .collect(),
    );
    if is_closed {
        if let Ok(mut m) = closed().lock() {
            m.insert(round.to_owned(), counts.clone());
        }
    }
    Ok(counts)
}

pub fn forget_all() {
    if let Ok(mut m) = closed().lock() {
        m.clear();
    }
}
