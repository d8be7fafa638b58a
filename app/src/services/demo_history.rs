//! A year of past fortnightly pulse rounds for the demo hospital, so that a
//! newcomer sees trends, hidden cells and a heatmap worth reading on first
//! start. Synthetic and deterministic: each team has its own level per
//! theme, answers scatter around it, and the medical department's scores drop
//! over the last three months. Seeded by `serve --demo` only (the test suites
//! count rows on a bare demo).

use super::{db::Db, ids, surveys};
use crate::anonymity::store::{self, RoundSpec};
use std::collections::HashMap;

/// Rounds in the history (one every two weeks for a year).
const ROUNDS: i64 = 26;
const DAY: i64 = 86_400;

/// The pulse asked in every past round (one question per theme).
const ITEMS: [(&str, u8); 9] = [
    ("wb-1", 11),
    ("ps-1", 5),
    ("sa-1", 5),
    ("er-1", 5),
    ("wl-1", 5),
    ("in-1", 5),
    ("le-1", 5),
    ("hp-1", 5),
    // The sensitive theme (exposure to offensive behaviour), with its higher
    // threshold: where a team is above k but below the sensitive threshold,
    // the heatmap hides its cell and the cells that would reveal it.
    ("ex-1", 5),
];

const COMMENTS: [&str; 12] = [
    "Travlt, men et godt sammenhold.",
    "Vi mangler tid til oplæring af nye kolleger.",
    "Ledelsen lytter, når vi tager noget op.",
    "For mange afbrydelser på aftenvagterne.",
    "Gode kolleger, men for lidt personale.",
    "Fint at vi blev spurgt.",
    "Vagtplanen kommer for sent ud.",
    "Det ville hjælpe med faste møder om arbejdsgangene.",
    "Jeg savner mere feedback på det, vi gør godt.",
    "Mere ro ved medicinrummet, tak.",
    "Nye kolleger bliver taget godt imod.",
    "Vi løber stærkt i weekenderne.",
];

/// A small deterministic generator (the demo must look the same every time).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() % 10_000) as f64 / 10_000.0
    }
}

/// Seeds the history when the database has no rounds yet.
pub async fn seed(db: &Db) -> Result<bool, sqlx::Error> {
    let rounds: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rounds")
        .fetch_one(&db.pool)
        .await?;
    if rounds > 0 {
        return Ok(false);
    }
    let k = crate::anonymity::thresholds::read(db).await?.k_score;
    let units: Vec<(String, Option<String>, String)> =
        sqlx::query_as("SELECT id, parent_id, code FROM units")
            .fetch_all(&db.pool)
            .await?;
    let parent: HashMap<String, Option<String>> = units
        .iter()
        .map(|(u, p, _)| (u.clone(), p.clone()))
        .collect();
    let code: HashMap<String, String> = units
        .iter()
        .map(|(u, _, c)| (u.clone(), c.clone()))
        .collect();
    let people: Vec<(String, String)> =
        sqlx::query_as("SELECT id, unit_id FROM people WHERE left_at IS NULL ORDER BY employee_no")
            .fetch_all(&db.pool)
            .await?;
    let mut by_unit: HashMap<String, Vec<String>> = HashMap::new();
    for (p, u) in &people {
        by_unit.entry(u.clone()).or_default().push(p.clone());
    }
    let headcount: HashMap<String, i64> = by_unit
        .iter()
        .map(|(u, p)| (u.clone(), p.len() as i64))
        .collect();
    let now = chrono::Utc::now().timestamp();
    let mut rng = Lcg(2026);
    for r in 0..ROUNDS {
        let opened = now - (ROUNDS - r) * 14 * DAY - DAY;
        let spec = RoundSpec {
            name: format!("Trivselspuls {}", surveys::date(opened)),
            k,
            survey: None,
            items: ITEMS.iter().map(|(i, _)| i.to_string()).collect(),
            closes_at: Some(opened + 10 * DAY),
        };
        let round = store::open_round(db, &spec, &headcount).await?;
        sqlx::query("UPDATE rounds SET opened_at = $1, closed_at = $2 WHERE id = $3")
            .bind(opened)
            .bind(opened + 10 * DAY)
            .bind(&round)
            .execute(&db.pool)
            .await?;
        let filing: HashMap<String, Option<String>> =
            sqlx::query_as("SELECT unit_id, filing_unit_id FROM round_filing WHERE round_id = $1")
                .bind(&round)
                .fetch_all(&db.pool)
                .await?
                .into_iter()
                .collect();
        // Who answered: about three in four, a little fewer in busy months.
        let mut groups: HashMap<String, Vec<String>> = HashMap::new();
        let mut invitations: Vec<(String, String, i64)> = Vec::new();
        // Units in the order of their codes (ids are random per database):
        // the same draws go to the same people on every start.
        let mut in_order: Vec<(&String, &Vec<String>)> = by_unit.iter().collect();
        in_order.sort_by_key(|(u, _)| code.get(*u).cloned().unwrap_or_default());
        for (unit, members) in in_order {
            let team = code.get(unit).cloned().unwrap_or_default();
            for person in members {
                let answers = rng.unit() < 0.78;
                invitations.push((person.clone(), unit.clone(), i64::from(answers)));
                if !answers {
                    continue;
                }
                let Some(Some(filed)) = filing.get(unit) else {
                    continue;
                };
                groups
                    .entry(filed.clone())
                    .or_default()
                    .push(payload(&mut rng, &team, r));
            }
        }
        invite(db, &round, &invitations).await?;
        // Groups below k merge upwards, as at a real round's close.
        store::merge_small_groups(&mut groups, &parent, k as usize);
        let ready: Vec<(String, Vec<String>)> = groups
            .into_iter()
            .filter(|(_, answers)| answers.len() as i64 >= k)
            .collect();
        store::file_synthetic_batches(db, &round, &ready, k as usize).await?;
    }
    Ok(true)
}

/// One respondent's answers: the team's level per theme plus noise; the
/// medical department drops over the last six rounds.
fn payload(rng: &mut Lcg, team: &str, round: i64) -> String {
    let seed = team
        .bytes()
        .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    let mut answers = serde_json::Map::new();
    for (i, (item, points)) in ITEMS.iter().enumerate() {
        if *item == "ex-1" {
            // Most have never met offensive behaviour; a few have, some often.
            let r = rng.unit();
            let point: u64 = match r {
                r if r < 0.8 => 4,
                r if r < 0.93 => 3,
                r if r < 0.98 => 2,
                _ => 1,
            };
            answers.insert(item.to_string(), point.into());
            continue;
        }
        let team_level = 0.55 + ((seed >> (i * 3)) % 30) as f64 / 100.0;
        let drop = if team.starts_with("MED") && round >= ROUNDS - 6 {
            0.04 * (round - (ROUNDS - 6) + 1) as f64
        } else {
            0.0
        };
        let noise = (rng.unit() - 0.5) * 0.5;
        let mut level = (team_level - drop + noise).clamp(0.0, 0.999);
        // A reverse-scored item is answered from the other end.
        let reverse = crate::survey::bank::shipped()
            .ok()
            .and_then(|b| b.item(item))
            .is_some_and(|(_, it)| it.reverse);
        if reverse {
            level = 0.999 - level;
        }
        let point = (level * f64::from(*points)).floor() as u64;
        // Now and then "don't know" (only where the scale offers it).
        if *points == 5 && rng.unit() < 0.04 {
            answers.insert(item.to_string(), "dk".into());
        } else {
            answers.insert(item.to_string(), point.into());
        }
    }
    let mut v = serde_json::Map::new();
    v.insert("a".into(), answers.into());
    // About one in two write a comment: enough for a department's comments
    // to be shown while most teams' stay below the comment threshold.
    if rng.unit() < 0.5 {
        let c = COMMENTS[(rng.next() % COMMENTS.len() as u64) as usize];
        v.insert("c".into(), c.into());
    }
    serde_json::Value::Object(v).to_string()
}

/// Invitations of a past round, used or not (for the response counts).
pub async fn invite(
    db: &Db,
    round: &str,
    people: &[(String, String, i64)],
) -> Result<(), sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    for chunk in people.chunks(300) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = 2 + 5 * i;
                format!("(${b}, $1, ${}, ${}, ${}, ${})", b + 1, b + 2, b + 3, b + 4)
            })
            .collect();
        let sql = format!(
            "INSERT INTO invitations (id, round_id, code_hash, unit_id, person_id, used) VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(round);
        for (person, unit, used) in chunk {
            q = q
                .bind(ids::new_id())
                .bind(ids::sha256_hex(&ids::new_id()))
                .bind(unit)
                .bind(person)
                .bind(*used);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await
}
