//! Sickness absence per unit and quarter, entered by hand or imported from a
//! CSV file, shown beside the problems under the same group-size rule as any
//! other figure. An entry covers its unit's whole subtree, and its headcount
//! is everyone in it according to the organisation tree when it is saved —
//! never a number someone types, which could un-hide a small unit.
//!
//! A department's rate together with its teams' rates could isolate the rest
//! of the department, so each quarter's entries are run through the results'
//! own suppression (`results::suppress`) with the headcounts as the counts,
//! and only what it publishes is shown — on the quarter's own tree
//! (`absence_trees`, kept when its first entry is saved), so a unit moved
//! later changes neither a headcount nor what is shown beside what.

use super::Refused;
use crate::{
    model::{AbsenceFigure, Hidden, SessionUser},
    services::{
        db::Db,
        results::suppress::{publishable, Counts},
        scope::{self, Tree},
        units,
    },
};
use std::collections::{BTreeMap, BTreeSet};

/// One line: the unit's code, the quarter, days lost and days that could
/// have been worked.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub unit_code: String,
    pub period: String,
    pub days_lost: f64,
    pub days_possible: f64,
}

/// A quarter as 'YYYY-Qn'.
pub fn valid_period(p: &str) -> bool {
    let b = p.as_bytes();
    b.len() == 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && &p[4..6] == "-Q"
        && (b'1'..=b'4').contains(&b[6])
}

fn number(s: &str) -> Option<f64> {
    // Danish and Swedish spreadsheets write a decimal comma.
    s.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
}

/// Reads one entry's fields; the message key of the first problem.
pub fn entry(
    unit_code: &str,
    period: &str,
    days_lost: &str,
    days_possible: &str,
) -> Result<Entry, &'static str> {
    let period = period.trim().to_uppercase();
    if !valid_period(&period) {
        return Err("error-absence-period");
    }
    let (Some(lost), Some(possible)) = (number(days_lost), number(days_possible)) else {
        return Err("error-absence-number");
    };
    if possible <= 0.0 || lost > possible {
        return Err("error-absence-number");
    }
    Ok(Entry {
        unit_code: unit_code.trim().to_owned(),
        period,
        days_lost: lost,
        days_possible: possible,
    })
}

/// A CSV file (`;` or `,` between fields, a header line optional): every
/// line must read, or nothing is taken. Files in the earlier layout carry a
/// fifth field, the people: it is ignored (headcounts come from the tree).
pub fn parse_csv(text: &str) -> Result<Vec<Entry>, &'static str> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() {
            continue;
        }
        let sep = if line.contains(';') { ';' } else { ',' };
        let f: Vec<&str> = line
            .split(sep)
            .map(|s| s.trim().trim_matches('"'))
            .collect();
        if !(4..=5).contains(&f.len()) {
            return Err("error-absence-csv");
        }
        if i == 0 && number(f[2]).is_none() {
            continue; // the header
        }
        out.push(entry(f[0], f[1], f[2], f[3])?);
    }
    if out.is_empty() {
        return Err("error-absence-csv");
    }
    Ok(out)
}

/// Saves entries (replacing the same unit and quarter). Every unit must be
/// open and in the person's scope, or nothing is written.
pub async fn save(
    db: &Db,
    user: &SessionUser,
    entries: &[Entry],
) -> Result<Result<usize, Refused>, sqlx::Error> {
    let tree = Tree::load(db).await?;
    let codes: Vec<(String, String)> =
        sqlx::query_as("SELECT code, id FROM units WHERE closed_at IS NULL")
            .fetch_all(&db.pool)
            .await?;
    let id_of: BTreeMap<&str, &str> = codes
        .iter()
        .map(|(c, i)| (c.as_str(), i.as_str()))
        .collect();
    let mut rows = Vec::with_capacity(entries.len());
    for e in entries {
        match id_of.get(e.unit_code.as_str()) {
            Some(id) if scope::can_see(user, &tree, id) => rows.push((*id, e)),
            _ => return Ok(Err(Refused::Invalid("error-absence-unit"))),
        }
    }
    // Everyone in each unit's subtree now, on the quarter's tree.
    let people: Vec<(String, i64)> = sqlx::query_as(
        "SELECT unit_id, COUNT(*) FROM people WHERE left_at IS NULL GROUP BY unit_id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut tx = db.pool.begin().await?;
    let mut trees: BTreeMap<String, Tree> = BTreeMap::new();
    for (_, e) in &rows {
        if trees.contains_key(&e.period) {
            continue;
        }
        // The quarter's first entry keeps today's tree for it (a second
        // saver at the same moment finds it kept and changes nothing).
        sqlx::query(
            "INSERT INTO absence_trees (period, unit_id, parent_id) \
             SELECT $1, id, parent_id FROM units \
             WHERE NOT EXISTS (SELECT 1 FROM absence_trees WHERE period = $1) \
             ON CONFLICT DO NOTHING",
        )
        .bind(&e.period)
        .execute(&mut *tx)
        .await?;
        let kept: Vec<(String, Option<String>)> =
            sqlx::query_as("SELECT unit_id, parent_id FROM absence_trees WHERE period = $1")
                .bind(&e.period)
                .fetch_all(&mut *tx)
                .await?;
        trees.insert(e.period.clone(), Tree::from_parents(kept));
    }
    let headcount = |period: &str, unit: &str| -> i64 {
        let then = &trees[period];
        people
            .iter()
            .filter(|(u, _)| then.is_within(u, unit))
            .map(|(_, n)| n)
            .sum()
    };
    for (unit, e) in &rows {
        sqlx::query("DELETE FROM absence WHERE unit_id = $1 AND period = $2")
            .bind(*unit)
            .bind(&e.period)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO absence (unit_id, period, days_lost, days_possible, headcount) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(*unit)
        .bind(&e.period)
        .bind(e.days_lost)
        .bind(e.days_possible)
        .bind(headcount(&e.period, unit))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(rows.len()))
}

/// Which entries of one quarter may be shown: the entered units form a tree
/// (each under its nearest entered ancestor); a unit's own count is its
/// headcount less its entered children's.
fn shown(tree: &Tree, entries: &[(String, i64)], k: i64) -> BTreeSet<String> {
    let entered: BTreeSet<&str> = entries.iter().map(|(u, _)| u.as_str()).collect();
    let head: BTreeMap<&str, i64> = entries.iter().map(|(u, h)| (u.as_str(), *h)).collect();
    let mut counts = Counts::default();
    let mut below: BTreeMap<String, i64> = BTreeMap::new();
    for (u, _) in entries {
        let parent = tree
            .ancestors(u)
            .into_iter()
            .find(|a| entered.contains(a.as_str()));
        if let Some(p) = &parent {
            *below.entry(p.clone()).or_default() += head[u.as_str()];
        }
        counts.parent.insert(u.clone(), parent);
    }
    for (u, h) in entries {
        let own = (h - below.get(u).copied().unwrap_or(0)).max(0);
        counts.direct.insert(u.clone(), own as u64);
    }
    publishable(&counts, k.max(1) as u64)
}

/// The scope's entries of the last `quarters` quarters entered, newest
/// first, each shown or hidden with its reason.
pub async fn figures(
    db: &Db,
    roots: Option<&[String]>,
    periods: Option<&[String]>,
) -> Result<Vec<AbsenceFigure>, sqlx::Error> {
    let k = units::thresholds(db).await?.k_score;
    let tree = Tree::load(db).await?;
    let rows: Vec<(String, String, String, f64, f64, i64)> = sqlx::query_as(
        "SELECT a.unit_id, u.name, a.period, a.days_lost, a.days_possible, a.headcount \
         FROM absence a JOIN units u ON u.id = a.unit_id ORDER BY a.period DESC, u.name",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut by_period: BTreeMap<String, Vec<(String, i64)>> = BTreeMap::new();
    for (u, _, p, _, _, h) in &rows {
        by_period
            .entry(p.clone())
            .or_default()
            .push((u.clone(), *h));
    }
    // Decided over every entry of the quarter, whoever looks (a viewer's
    // scope must not change what subtraction could reveal), on the
    // quarter's own tree.
    let kept: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT period, unit_id, parent_id FROM absence_trees")
            .fetch_all(&db.pool)
            .await?;
    let mut then: BTreeMap<String, Vec<(String, Option<String>)>> = BTreeMap::new();
    for (p, u, up) in kept {
        then.entry(p).or_default().push((u, up));
    }
    let published: BTreeMap<String, BTreeSet<String>> = by_period
        .iter()
        .map(|(p, e)| {
            let decided = match then.remove(p) {
                Some(t) => shown(&Tree::from_parents(t), e, k),
                None => shown(&tree, e, k),
            };
            (p.clone(), decided)
        })
        .collect();
    let recent: Vec<&String> = by_period.keys().rev().take(4).collect();
    let in_scope = |u: &str| match roots {
        None => true,
        Some(r) => r.iter().any(|root| tree.is_within(u, root)),
    };
    Ok(rows
        .into_iter()
        .filter(|(u, ..)| in_scope(u))
        .filter(|(_, _, p, ..)| match periods {
            Some(ps) => ps.contains(p),
            None => recent.contains(&p),
        })
        .map(|(u, name, period, lost, possible, headcount)| {
            let ok = published.get(&period).is_some_and(|s| s.contains(&u));
            let hidden = (!ok).then_some(if headcount < k {
                Hidden::TooFew { k }
            } else {
                Hidden::WouldReveal { k }
            });
            AbsenceFigure {
                unit_name: name,
                period,
                rate: ok.then(|| (lost * 1000.0 / possible).round() / 10.0),
                headcount: ok.then_some(headcount),
                hidden,
            }
        })
        .collect())
}

/// The quarters of a year, for the annual discussion.
pub fn quarters_of(year: i32) -> Vec<String> {
    (1..=4).map(|q| format!("{year}-Q{q}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_lines_read_with_either_separator_and_decimal_commas() {
        let rows = parse_csv(
            "unit;period;days_lost;days_possible;headcount\nMED;2026-q3;41,5;1250;22\nKIR,2026-Q3,10,600,9\n",
        )
        .expect("reads");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].period, "2026-Q3");
        assert_eq!(rows[0].days_lost, 41.5);
        assert_eq!(rows[1].unit_code, "KIR");
        // Four fields, without the people: the tree counts them.
        assert_eq!(parse_csv("MED;2026-Q1;1;10").map(|r| r.len()), Ok(1));
        for bad in [
            "MED;2026-Q5;1;10;5",
            "MED;2026;1;10;5",
            "MED;2026-Q1;11;10;5",
            "MED;2026-Q1;-1;10;5",
            "MED;2026-Q1;1;0;5",
            "MED;2026-Q1;1",
            "MED;2026-Q1;1;10;5;extra",
            "",
        ] {
            assert!(parse_csv(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_department_and_its_teams_never_reveal_a_small_rest() {
        let tree = Tree::from_parents([
            ("org".to_owned(), None),
            ("dep".to_owned(), Some("org".to_owned())),
            ("a".to_owned(), Some("dep".to_owned())),
            ("b".to_owned(), Some("dep".to_owned())),
        ]);
        // 12 in the department, 9 in team a: the department minus team a
        // would be 3 people. One of the two must go.
        let shown = shown(&tree, &[("dep".into(), 12), ("a".into(), 9)], 5);
        assert_eq!(shown.len(), 1, "{shown:?}");
        // A small team alone is hidden; with enough beside it all is shown.
        let shown2 = shown_of(
            &tree,
            &[("dep".into(), 20), ("a".into(), 9), ("b".into(), 3)],
        );
        assert!(!shown2.contains("b"));
        let shown3 = shown_of(
            &tree,
            &[("dep".into(), 20), ("a".into(), 10), ("b".into(), 10)],
        );
        assert_eq!(shown3.len(), 3);
    }

    fn shown_of(tree: &Tree, e: &[(String, i64)]) -> BTreeSet<String> {
        shown(tree, e, 5)
    }
}
