//! Sickness absence per unit and quarter, entered by hand or imported from a
//! CSV file, shown beside the problems under the same group-size rule as any
//! other figure. An entry covers its unit's whole subtree, and its headcount
//! is the fewest people the subtree had on any day of the quarter, from the
//! dated memberships — never a number someone types, which could un-hide a
//! small unit, and never the day of entry's, which would count people who
//! joined since. A quarter is entered once it is over.
//!
//! A department's rate together with its teams' rates could isolate the rest
//! of the department, so each quarter's entries are run through the results'
//! own suppression (`anonymity::suppress`) with each entry's own group (its
//! subtree less the entered units below it, counted the same way) as counts,
//! and only what it publishes is shown — on the quarter's own tree
//! (`absence_trees`, kept when its first entry is saved), so a unit moved
//! later changes neither a headcount nor what is shown beside what. Entries
//! arrive one at a time, so a quarter is looked at between them: a unit shown
//! once is kept by later looks (`anonymity::shown`), or the look after the
//! next entry could show a ward's sibling instead of the ward, and the two
//! beside their department would isolate the rest.

use super::Refused;
use crate::{
    anonymity::{
        shown as looks,
        suppress::{publishable_after, Counts},
    },
    model::{AbsenceFigure, Hidden, SessionUser},
    services::{
        db::Db,
        scope::{self, Tree},
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
    for (_, e) in &rows {
        if quarter_span(&e.period, now()).is_none() {
            return Ok(Err(Refused::Invalid("error-absence-not-over")));
        }
    }
    let rows: Vec<(String, Entry)> = rows
        .into_iter()
        .map(|(u, e)| (u.to_owned(), e.clone()))
        .collect();
    write(db, &rows).await?;
    Ok(Ok(rows.len()))
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A quarter's first second and the first second after it (Unix time,
/// UTC), when it is over by `now`.
fn quarter_span(period: &str, now: i64) -> Option<(i64, i64)> {
    if !valid_period(period) {
        return None;
    }
    let year: i32 = period[..4].parse().ok()?;
    let q: u32 = period[6..].parse().ok()?;
    let first = chrono::NaiveDate::from_ymd_opt(year, (q - 1) * 3 + 1, 1)?;
    let after = first.checked_add_months(chrono::Months::new(3))?;
    let (start, end) = (
        first.and_hms_opt(0, 0, 0)?.and_utc().timestamp(),
        after.and_hms_opt(0, 0, 0)?.and_utc().timestamp(),
    );
    (end <= now).then_some((start, end))
}

/// A membership: the unit, from when, until when (Unix time).
type Span = (String, i64, Option<i64>);

/// A stored entry: unit id and name, quarter, days lost and possible, the
/// subtree's fewest people, the own group's fewest.
type StoredEntry = (String, String, String, f64, f64, i64, Option<i64>);

/// The fewest of `spans` (memberships: from, until) that cover any moment
/// of `[start, end)`. A move within the group ends one span when the next
/// begins, so it never counts as a dip.
fn fewest(spans: impl IntoIterator<Item = (i64, Option<i64>)>, start: i64, end: i64) -> i64 {
    let mut at_start = 0i64;
    let mut changes: Vec<(i64, i64)> = Vec::new();
    for (from, until) in spans {
        let until = until.unwrap_or(i64::MAX);
        if from >= end || until <= start || until <= from {
            continue;
        }
        if from <= start {
            at_start += 1;
        } else {
            changes.push((from, 1));
        }
        if until < end {
            changes.push((until, -1));
        }
    }
    changes.sort_unstable();
    let (mut n, mut least) = (at_start, at_start);
    let mut i = 0;
    while i < changes.len() {
        let t = changes[i].0;
        while i < changes.len() && changes[i].0 == t {
            n += changes[i].1;
            i += 1;
        }
        least = least.min(n);
    }
    least
}

/// Writes entries (unit id, entry) that passed the checks — replacing the
/// same unit and quarter — and counts each quarter touched again: every
/// entry's headcount and own group from the memberships of the quarter's
/// days, on the quarter's tree (kept when its first entry is saved).
pub async fn write(db: &Db, rows: &[(String, Entry)]) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    for (unit, e) in rows {
        sqlx::query("DELETE FROM absence WHERE unit_id = $1 AND period = $2")
            .bind(unit)
            .bind(&e.period)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO absence (unit_id, period, days_lost, days_possible, headcount)              VALUES ($1, $2, $3, $4, 0)",
        )
        .bind(unit)
        .bind(&e.period)
        .bind(e.days_lost)
        .bind(e.days_possible)
        .execute(&mut *tx)
        .await?;
    }
    let periods: BTreeSet<&str> = rows.iter().map(|(_, e)| e.period.as_str()).collect();
    for period in periods {
        let Some((start, end)) = quarter_span(period, now()) else {
            continue;
        };
        // The quarter's first entry keeps today's tree and threshold for it
        // (a second saver at the same moment finds them kept and changes
        // nothing): decided again at another threshold, other units could
        // be hidden, and two looks together isolate a smaller group.
        sqlx::query(
            "INSERT INTO absence_quarters (period, k) VALUES ($1, $2) \
             ON CONFLICT (period) DO NOTHING",
        )
        .bind(period)
        .bind(crate::anonymity::thresholds::count_threshold(
            &crate::anonymity::thresholds::read_with(&mut *tx).await?,
        ))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO absence_trees (period, unit_id, parent_id) \
             SELECT $1, id, parent_id FROM units \
             WHERE NOT EXISTS (SELECT 1 FROM absence_trees WHERE period = $1) \
             ON CONFLICT DO NOTHING",
        )
        .bind(period)
        .execute(&mut *tx)
        .await?;
        let tree = Tree::from_parents(
            sqlx::query_as::<_, (String, Option<String>)>(
                "SELECT unit_id, parent_id FROM absence_trees WHERE period = $1",
            )
            .bind(period)
            .fetch_all(&mut *tx)
            .await?,
        );
        let entered: BTreeSet<String> =
            sqlx::query_scalar("SELECT unit_id FROM absence WHERE period = $1")
                .bind(period)
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .collect();
        let spans: Vec<Span> = sqlx::query_as(
            "SELECT unit_id, valid_from, valid_to FROM memberships \
             WHERE valid_from < $1 AND (valid_to IS NULL OR valid_to > $2)",
        )
        .bind(end)
        .bind(start)
        .fetch_all(&mut *tx)
        .await?;
        // Each membership's own group: its nearest entered unit, itself or
        // above.
        let group = |u: &str| -> Option<String> {
            std::iter::once(u.to_owned())
                .chain(tree.ancestors(u))
                .find(|a| entered.contains(a))
        };
        let grouped: Vec<(Option<String>, &Span)> =
            spans.iter().map(|s| (group(&s.0), s)).collect();
        for unit in &entered {
            let subtree = fewest(
                spans
                    .iter()
                    .filter(|(u, ..)| tree.is_within(u, unit))
                    .map(|(_, f, t)| (*f, *t)),
                start,
                end,
            );
            let own = fewest(
                grouped
                    .iter()
                    .filter(|(g, _)| g.as_deref() == Some(unit.as_str()))
                    .map(|(_, (_, f, t))| (*f, *t)),
                start,
                end,
            );
            sqlx::query(
                "UPDATE absence SET headcount = $1, own_fewest = $2 WHERE unit_id = $3 AND period = $4",
            )
            .bind(subtree)
            .bind(own)
            .bind(unit)
            .bind(period)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await
}

/// Which entries of one quarter may be shown: the entered units form a tree
/// (each under its nearest entered ancestor), and each one's own group —
/// the fewest people it had on any day of the quarter, less those of the
/// entered units below it — is its count. An entry without a count of its
/// own group (saved before those were kept) counts as none. Units shown
/// `before` are kept where the rule allows.
fn shown(
    tree: &Tree,
    entries: &[(String, Option<i64>)],
    k: i64,
    before: &BTreeSet<String>,
) -> BTreeSet<String> {
    let entered: BTreeSet<&str> = entries.iter().map(|(u, _)| u.as_str()).collect();
    let mut counts = Counts::default();
    for (u, own) in entries {
        let parent = tree
            .ancestors(u)
            .into_iter()
            .find(|a| entered.contains(a.as_str()));
        counts.parent.insert(u.clone(), parent);
        counts
            .direct
            .insert(u.clone(), own.unwrap_or(0).max(0) as u64);
    }
    publishable_after(&counts, k as u64, before)
}

/// The scope's entries of the last `quarters` quarters entered, newest
/// first, each shown or hidden with its reason.
pub async fn figures(
    db: &Db,
    roots: Option<&[String]>,
    periods: Option<&[String]>,
) -> Result<Vec<AbsenceFigure>, sqlx::Error> {
    // A quarter not counted yet (entered before thresholds were kept) at
    // today's; every other at its own.
    let today_k = crate::anonymity::thresholds::count_threshold(
        &crate::anonymity::thresholds::read(db).await?,
    );
    let k_of: BTreeMap<String, i64> =
        sqlx::query_as::<_, (String, i64)>("SELECT period, k FROM absence_quarters")
            .fetch_all(&db.pool)
            .await?
            .into_iter()
            .map(|(p, k)| (p, k.max(crate::model::Thresholds::MIN)))
            .collect();
    let k_for = |p: &str| k_of.get(p).copied().unwrap_or(today_k);
    let tree = Tree::load(db).await?;
    let rows: Vec<StoredEntry> = sqlx::query_as(
        "SELECT a.unit_id, u.name, a.period, a.days_lost, a.days_possible, a.headcount, a.own_fewest \
         FROM absence a JOIN units u ON u.id = a.unit_id ORDER BY a.period DESC, u.name",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut by_period: BTreeMap<String, Vec<(String, Option<i64>)>> = BTreeMap::new();
    for (u, _, p, _, _, _, own) in &rows {
        by_period
            .entry(p.clone())
            .or_default()
            .push((u.clone(), *own));
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
    let before = looks::absence_before(db).await?;
    let none = BTreeSet::new();
    let published: BTreeMap<String, BTreeSet<String>> = by_period
        .iter()
        .map(|(p, e)| {
            let kept = before.get(p).unwrap_or(&none);
            let decided = match then.remove(p) {
                Some(t) => shown(&Tree::from_parents(t), e, k_for(p), kept),
                None => shown(&tree, e, k_for(p), kept),
            };
            (p.clone(), decided)
        })
        .collect();
    looks::absence_remember(db, &published, &before).await?;
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
        .map(|(u, name, period, lost, possible, headcount, _)| {
            let ok = published.get(&period).is_some_and(|s| s.contains(&u));
            let k = k_for(&period);
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
        // Own groups: 3 in the department outside team a, 9 in team a: the
        // department minus team a would be 3 people. One must go.
        let shown1 = shown_of(&tree, &[("dep", Some(3)), ("a", Some(9))]);
        assert_eq!(shown1.len(), 1, "{shown1:?}");
        // A small team alone is hidden; with enough beside it all is shown.
        let shown2 = shown_of(&tree, &[("dep", Some(8)), ("a", Some(9)), ("b", Some(3))]);
        assert!(!shown2.contains("b"));
        let shown3 = shown_of(&tree, &[("dep", Some(0)), ("a", Some(10)), ("b", Some(10))]);
        assert_eq!(shown3.len(), 3);
        // An entry whose own group was never counted is not shown.
        let shown4 = shown_of(&tree, &[("a", None), ("b", Some(10))]);
        assert!(!shown4.contains("a"));
    }

    fn shown_of(tree: &Tree, e: &[(&str, Option<i64>)]) -> BTreeSet<String> {
        let e: Vec<(String, Option<i64>)> = e.iter().map(|(u, n)| (u.to_string(), *n)).collect();
        shown(tree, &e, 5, &BTreeSet::new())
    }

    #[test]
    fn the_fewest_people_of_a_quarter_count_every_day_and_not_a_move() {
        let (start, end) = (100, 200);
        // Four all quarter, two who join after it: four.
        let four = [(0, None); 4];
        let joined_after = [(250, None); 2];
        assert_eq!(
            fewest(four.iter().chain(&joined_after).copied(), start, end),
            4
        );
        // Six, of whom two leave in the middle: four.
        let leave = [(0, Some(150)); 2];
        assert_eq!(fewest(four.iter().chain(&leave).copied(), start, end), 4);
        // Two who leave on the quarter's first second were never in it; a
        // person who joins in the middle counts only from then.
        assert_eq!(
            fewest([(0, Some(100)), (0, None), (150, None)], start, end),
            1
        );
        // A move within the group (one span ends as the next begins) is no dip.
        assert_eq!(
            fewest([(0, Some(150)), (150, None), (0, None)], start, end),
            2
        );
        // Someone who left before and came back after: never there.
        assert_eq!(fewest([(0, Some(50)), (250, None)], start, end), 0);
    }

    #[test]
    fn only_quarters_that_are_over_have_a_span() {
        let end_of_q1 = chrono::NaiveDate::from_ymd_opt(2026, 4, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc().timestamp())
            .expect("date");
        assert_eq!(quarter_span("2026-Q1", end_of_q1 - 1), None, "not over yet");
        let (start, end) = quarter_span("2026-Q1", end_of_q1).expect("over");
        assert_eq!(end, end_of_q1);
        assert_eq!(end - start, 90 * 86_400);
        assert_eq!(quarter_span("2026-Q5", end_of_q1 * 2), None);
    }
}
