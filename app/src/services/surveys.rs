//! Surveys and their pulse schedules: creating them, opening rounds when they
//! are due (rotating items), closing rounds when their time is up, and the
//! figures the administrator's pages show. The anonymity core does the
//! storing; this module decides what to ask of whom, and when.

use super::{db::Db, ids, questions, scope::Tree};
use crate::anonymity::{
    sealed::InboxKey,
    store::{self, RoundSpec},
};
use crate::model::{NewSurvey, RoundSummary, SurveySummary, SurveysPage};
use chrono::Utc;
use std::collections::HashMap;

const DAY: i64 = 86_400;

#[derive(Debug, thiserror::Error)]
pub enum SurveyError {
    /// A message key for the form.
    #[error("invalid: {0}")]
    Invalid(&'static str),
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Checks a new survey against the bank and the tree; returns its id. The
/// first round opens at `first_open` (the scheduler picks it up).
pub async fn create(db: &Db, s: &NewSurvey, now: i64) -> Result<String, SurveyError> {
    let name = s.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(SurveyError::Invalid("error-survey-name"));
    }
    let bank = questions::bank_with_custom(db, questions::any_custom(&s.items)).await?;
    if s.items.is_empty() || s.items.iter().any(|i| bank.item(i).is_none()) {
        return Err(SurveyError::Invalid("error-survey-items"));
    }
    if s.units.is_empty() {
        return Err(SurveyError::Invalid("error-survey-units"));
    }
    if matches!(s.per_round, Some(n) if n < 1 || n as usize > s.items.len()) {
        return Err(SurveyError::Invalid("error-survey-rotation"));
    }
    if matches!(s.every_weeks, Some(w) if !(1..=52).contains(&w)) {
        return Err(SurveyError::Invalid("error-survey-every"));
    }
    if !(1..=60).contains(&s.open_days) {
        return Err(SurveyError::Invalid("error-survey-open-days"));
    }
    let tree = Tree::load(db).await?;
    if s.units.iter().any(|u| !tree.exists(u)) {
        return Err(SurveyError::Invalid("error-survey-units"));
    }
    let id = ids::new_id();
    let mut items = s.items.clone();
    items.dedup();
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO surveys (id, name, items, per_round, every_weeks, open_days, next_open_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(name)
    .bind(serde_json::to_string(&items).unwrap_or_default())
    .bind(s.per_round)
    .bind(s.every_weeks)
    .bind(s.open_days)
    .bind(s.first_open.unwrap_or(now).max(now))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let mut units = s.units.clone();
    units.sort();
    units.dedup();
    for unit in units {
        sqlx::query("INSERT INTO survey_units (survey_id, unit_id) VALUES ($1, $2)")
            .bind(&id)
            .bind(unit)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The items of round number `n` (0-based): all of them, or the next
/// `per_round` in turn, wrapping around, so every item comes up regularly.
pub fn rotation(items: &[String], per_round: Option<i64>, n: i64) -> Vec<String> {
    let Some(per) = per_round.map(|p| p.max(1) as usize) else {
        return items.to_vec();
    };
    if per >= items.len() {
        return items.to_vec();
    }
    let start = (n.max(0) as usize * per) % items.len();
    (0..per)
        .map(|i| items[(start + i) % items.len()].clone())
        .collect()
}

/// Opens every round that is due. Safe with several instances: a survey's
/// due time is claimed with a conditional update before its round opens.
pub async fn open_due(db: &Db, key: &InboxKey, now: i64) -> Result<Vec<String>, sqlx::Error> {
    type Due = (
        String,
        String,
        String,
        Option<i64>,
        Option<i64>,
        i64,
        i64,
        i64,
    );
    let due: Vec<Due> = sqlx::query_as(
        "SELECT id, name, items, per_round, every_weeks, open_days, next_open_at, rounds_opened \
         FROM surveys WHERE stopped_at IS NULL AND next_open_at IS NOT NULL AND next_open_at <= $1",
    )
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    let mut opened = Vec::new();
    for (id, name, items, per_round, every_weeks, open_days, due_at, n) in due {
        let next = every_weeks.map(|w| due_at + w * 7 * DAY);
        let claimed = sqlx::query(
            "UPDATE surveys SET next_open_at = $1, rounds_opened = rounds_opened + 1 \
             WHERE id = $2 AND next_open_at = $3",
        )
        .bind(next)
        .bind(&id)
        .bind(due_at)
        .execute(&db.pool)
        .await?
        .rows_affected();
        if claimed != 1 {
            continue;
        }
        let items: Vec<String> = serde_json::from_str(&items).unwrap_or_default();
        let spec = RoundSpec {
            name: format!("{name} #{}", n + 1),
            k: k_score(db).await?,
            survey: Some(id.clone()),
            items: rotation(&items, per_round, n),
            closes_at: Some(now + open_days * DAY),
        };
        opened.push(open_for_units(db, key, &spec, &survey_units(db, &id).await?).await?);
    }
    Ok(opened)
}

async fn k_score(db: &Db) -> Result<i64, sqlx::Error> {
    Ok(crate::anonymity::thresholds::read(db).await?.k_score)
}

async fn survey_units(db: &Db, survey: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT unit_id FROM survey_units WHERE survey_id = $1")
        .bind(survey)
        .fetch_all(&db.pool)
        .await
}

/// Opens a round for everyone currently in `units` (with their subtrees):
/// filing from today's headcounts, and a personal invitation for each person
/// who can use one — by the e-mailed link or by signing in. Everyone else is
/// reached by a code card, and each unit keeps a place for each of them
/// (services::cards): invitations never outnumber the people (A9).
pub async fn open_for_units(
    db: &Db,
    key: &InboxKey,
    spec: &RoundSpec,
    units: &[String],
) -> Result<String, sqlx::Error> {
    let tree = Tree::load(db).await?;
    let people: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT p.id, p.unit_id, CASE WHEN p.email IS NOT NULL OR EXISTS \
           (SELECT 1 FROM accounts a WHERE a.person_id = p.id AND a.disabled_at IS NULL) \
           THEN 1 ELSE 0 END \
         FROM people p WHERE p.left_at IS NULL",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut headcount: HashMap<String, i64> = HashMap::new();
    let mut personal: Vec<(String, String)> = Vec::new();
    for (person, unit, reachable) in people {
        if !units.iter().any(|root| tree.is_within(&unit, root)) {
            continue;
        }
        *headcount.entry(unit.clone()).or_default() += 1;
        if reachable == 1 {
            personal.push((person, unit));
        }
    }
    let round = store::open_round(db, spec, &headcount).await?;
    super::invitations::invite_people(db, key, &round, &personal).await?;
    Ok(round)
}

/// Closes every open round whose closing time has passed; returns how many.
pub async fn close_due(db: &Db, key: &InboxKey, now: i64) -> Result<usize, sqlx::Error> {
    let due: Vec<String> = sqlx::query_scalar(
        // A round closed before its remainders were published (a restart
        // between the two) is finished too.
        "SELECT id FROM rounds WHERE (closed_at IS NULL AND closes_at IS NOT NULL AND closes_at <= $1) \
         OR (closed_at IS NOT NULL AND remainders_published = 0)",
    )
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    for round in &due {
        store::close_round(db, key, round).await?;
    }
    Ok(due.len())
}

/// Stops a survey's schedule (its open round stays open until it closes).
pub async fn stop(db: &Db, survey: &str) -> Result<(), SurveyError> {
    let n = sqlx::query(
        "UPDATE surveys SET stopped_at = $1, next_open_at = NULL WHERE id = $2 AND stopped_at IS NULL",
    )
    .bind(Utc::now().timestamp())
    .bind(survey)
    .execute(&db.pool)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(SurveyError::NotFound);
    }
    Ok(())
}

/// Surveys with their rounds, newest first, for the administrator.
pub async fn list(db: &Db) -> Result<SurveysPage, sqlx::Error> {
    type Row = (
        String,
        String,
        String,
        Option<i64>,
        Option<i64>,
        i64,
        Option<i64>,
        Option<i64>,
    );
    let surveys: Vec<Row> = sqlx::query_as(
        "SELECT id, name, items, per_round, every_weeks, open_days, next_open_at, stopped_at \
         FROM surveys ORDER BY created_at DESC, id",
    )
    .fetch_all(&db.pool)
    .await?;
    let rounds = rounds(db, None).await?;
    let unit_names: HashMap<String, String> = sqlx::query_as("SELECT id, name FROM units")
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .collect();
    let mut out = Vec::new();
    for (id, name, items, per_round, every_weeks, open_days, next_open_at, stopped_at) in surveys {
        let units: Vec<String> = survey_units(db, &id)
            .await?
            .iter()
            .filter_map(|u| unit_names.get(u).cloned())
            .collect();
        out.push(SurveySummary {
            items: serde_json::from_str::<Vec<String>>(&items)
                .map(|v| v.len())
                .unwrap_or(0),
            rounds: rounds
                .iter()
                .filter(|r| r.survey.as_deref() == Some(id.as_str()))
                .cloned()
                .collect(),
            id,
            name,
            per_round,
            every_weeks,
            open_days,
            next_open: next_open_at.map(date),
            stopped: stopped_at.is_some(),
            units,
        });
    }
    Ok(SurveysPage { surveys: out })
}

/// Rounds with their invitation counts (all, or one).
pub async fn rounds(db: &Db, only: Option<&str>) -> Result<Vec<RoundSummary>, sqlx::Error> {
    type Row = (
        String,
        String,
        Option<String>,
        String,
        i64,
        Option<i64>,
        Option<i64>,
        i64,
        i64,
        i64,
    );
    let filter = if only.is_some() {
        "WHERE r.id = $1"
    } else {
        ""
    };
    let sql = format!(
        "SELECT r.id, r.name, r.survey_id, r.items, r.opened_at, r.closes_at, r.closed_at, \
           (SELECT CAST(COALESCE(SUM(u.headcount), 0) AS BIGINT) FROM round_units u WHERE u.round_id = r.id), \
           (SELECT COUNT(*) FROM invitations i WHERE i.round_id = r.id AND i.used = 1), r.k \
         FROM rounds r {filter} ORDER BY r.opened_at DESC, r.id"
    );
    let mut q = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql));
    if let Some(id) = only {
        q = q.bind(id);
    }
    let rows = q.fetch_all(&db.pool).await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, name, survey, items, opened, closes, closed, invited, answered, k)| {
                RoundSummary {
                    id,
                    name,
                    survey,
                    items: serde_json::from_str(&items).unwrap_or_default(),
                    opened: date(opened),
                    closes: closes.map(date),
                    closed: closed.is_some(),
                    invited,
                    // While open, in steps of k (A6): anonymity::publish.
                    // The round's own k: it keeps the thresholds it opened with.
                    answered: crate::anonymity::publish::answered_in_steps(
                        answered,
                        closed.is_some(),
                        &crate::model::Thresholds {
                            k_score: k,
                            ..Default::default()
                        },
                    ),
                }
            },
        )
        .collect())
}

/// A day as pages show it (UTC).
pub fn date(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::rotation;

    #[test]
    fn rotation_covers_every_item_in_turn() {
        let items: Vec<String> = (0..7).map(|i| format!("i{i}")).collect();
        assert_eq!(rotation(&items, None, 3), items);
        assert_eq!(rotation(&items, Some(3), 0), ["i0", "i1", "i2"]);
        assert_eq!(rotation(&items, Some(3), 1), ["i3", "i4", "i5"]);
        assert_eq!(rotation(&items, Some(3), 2), ["i6", "i0", "i1"]);
        assert_eq!(rotation(&items, Some(9), 2), items);
        let mut seen: Vec<String> = (0..3).flat_map(|n| rotation(&items, Some(3), n)).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 7);
    }
}
