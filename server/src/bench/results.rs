//! `server bench-results`: builds a synthetic organisation (the import
//! sample: 30 000 people in about 1 800 units by default) with two years of
//! weekly 8-item pulses that everyone answered — about 25 million item
//! answers, filed through the same batch path as real answers (answers and
//! aggregates in one transaction) — then times what results readers ask for:
//! the committee heatmap of the whole organisation, leaders' dashboards
//! (with their year of trend lines), and the full export. Run by
//! `make bench`, on SQLite and on PostgreSQL.
//!
//! Suppression decisions of a round are kept in memory once worked out
//! (`services::results::figures`), so each figure is printed twice: the
//! first request after start (nothing in memory) and the requests after.

use crate::http::staff::results_export as export;
use anyhow::Context;
use app::{
    anonymity::store,
    i18n::Lang,
    services::{
        db::{Backend, Db},
        demo_history, import,
        results::{dashboard, figures, heatmap},
    },
};
use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

/// Eight items of eight themes, as the load benchmark and the demo ask.
const ITEMS: [(&str, u8); 8] = [
    ("wb-1", 11),
    ("ps-1", 5),
    ("sa-1", 5),
    ("er-1", 5),
    ("wl-1", 5),
    ("in-1", 5),
    ("le-1", 5),
    ("hp-1", 5),
];

const WEEK: i64 = 7 * 86_400;

pub async fn run(db: &Db, people: usize, weeks: usize, samples: usize) -> anyhow::Result<()> {
    anyhow::ensure!(
        db.is_empty().await?,
        "the benchmark needs an empty database"
    );
    let built = Instant::now();
    app::services::org::create_organisation(&db.pool, "Bench", "da").await?;
    let (units_csv, people_csv) = import::sample::hospital(people);
    let id = import::store(db, None, Some(units_csv.as_bytes()), people_csv.as_bytes()).await?;
    import::apply_stored(db, &id, false, &|_, _| {}).await?;
    let units: Vec<(String, Option<String>, String)> =
        sqlx::query_as("SELECT id, parent_id, kind FROM units")
            .fetch_all(&db.pool)
            .await?;
    let parent: HashMap<String, Option<String>> = units
        .iter()
        .map(|(u, p, _)| (u.clone(), p.clone()))
        .collect();
    let staff: Vec<(String, String)> =
        sqlx::query_as("SELECT id, unit_id FROM people ORDER BY employee_no")
            .fetch_all(&db.pool)
            .await?;
    let mut headcount: HashMap<String, i64> = HashMap::new();
    for (_, u) in &staff {
        *headcount.entry(u.clone()).or_default() += 1;
    }
    println!(
        "results benchmark: {} people in {} units, {weeks} weekly rounds of {} items, {:?}",
        staff.len(),
        units.len(),
        ITEMS.len(),
        db.backend
    );
    // Each team has its own level per theme, and drifts a little each week.
    let level = |unit: &str, item: usize, week: usize| {
        let seed = unit
            .bytes()
            .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
        0.45 + ((seed >> (item * 5)) % 40) as f64 / 100.0 + ((week + item) % 9) as f64 / 100.0
    };
    let now = chrono::Utc::now().timestamp();
    let mut item_answers: u64 = 0;
    for w in 0..weeks {
        let opened = now - (weeks - w) as i64 * WEEK;
        let spec = store::RoundSpec {
            name: format!("Uge {}", w + 1),
            k: 5,
            survey: None,
            items: ITEMS.iter().map(|(i, _)| i.to_string()).collect(),
            closes_at: Some(opened + 5 * 86_400),
        };
        let round = store::open_round(db, &spec, &headcount).await?;
        sqlx::query("UPDATE rounds SET opened_at = $1, closed_at = $2 WHERE id = $3")
            .bind(opened)
            .bind(opened + 5 * 86_400)
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
        let invitations: Vec<(String, String, i64)> = staff
            .iter()
            .map(|(p, u)| (p.clone(), u.clone(), 1))
            .collect();
        demo_history::invite(db, &round, &invitations).await?;
        let mut groups: HashMap<String, Vec<String>> = HashMap::new();
        for (_, unit) in &staff {
            let Some(Some(filed)) = filing.get(unit) else {
                continue;
            };
            let mut a = serde_json::Map::new();
            for (i, (item, points)) in ITEMS.iter().enumerate() {
                let noise = rand::random::<f64>() - 0.5;
                let l = (level(unit, i, w) + noise * 0.5).clamp(0.0, 0.999);
                a.insert(
                    item.to_string(),
                    ((l * f64::from(*points)).floor() as u64).into(),
                );
                item_answers += 1;
            }
            let mut v = serde_json::Map::new();
            v.insert("a".into(), a.into());
            groups
                .entry(filed.clone())
                .or_default()
                .push(serde_json::Value::Object(v).to_string());
        }
        store::merge_small_groups(&mut groups, &parent, 5);
        let ready: Vec<(String, Vec<String>)> =
            groups.into_iter().filter(|(_, a)| a.len() >= 5).collect();
        store::file_synthetic_batches(db, &round, &ready, 5).await?;
        if (w + 1) % 13 == 0 || w + 1 == weeks {
            println!(
                "  built {:>3} of {weeks} rounds  ({:.0} s)",
                w + 1,
                built.elapsed().as_secs_f64()
            );
        }
    }
    let count = |sql: &'static str| async move {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(&db.pool)
            .await
            .context(sql)
    };
    println!(
        "  stored: {} answers = {:.1} million item answers; {} invitations; {} item aggregates; built in {:.0} s",
        count("SELECT COUNT(*) FROM answers").await?,
        item_answers as f64 / 1e6,
        count("SELECT COUNT(*) FROM invitations").await?,
        count("SELECT COUNT(*) FROM result_items").await?,
        built.elapsed().as_secs_f64()
    );
    if db.backend == Backend::Sqlite {
        // Let the query planner know the tables' shapes, as a long-running
        // installation would have by now.
        sqlx::query("ANALYZE").execute(&db.pool).await?;
    }

    // The committee's heatmap of the whole organisation, latest round.
    let latest: String =
        sqlx::query_scalar("SELECT id FROM rounds ORDER BY opened_at DESC LIMIT 1")
            .fetch_one(&db.pool)
            .await?;
    let mut times = Vec::new();
    let mut rows = 0;
    for _ in 0..samples {
        let t = Instant::now();
        let h = heatmap::heatmap(db, Lang::En, None, Some(&latest), None)
            .await?
            .context("a heatmap")?;
        times.push(t.elapsed());
        rows = h.rows.len();
    }
    report(
        &format!("committee heatmap, whole organisation ({rows} units)"),
        &times,
    );

    // Leaders' dashboards: one round with parent, organisation, change,
    // comments and a year of trend (26 rounds), for teams across the tree.
    let teams: Vec<&String> = units
        .iter()
        .filter(|(_, _, kind)| kind == "team")
        .map(|(u, _, _)| u)
        .collect();
    anyhow::ensure!(!teams.is_empty(), "the sample has teams");
    let step = (teams.len() / samples.max(1)).max(1);
    let mut times = Vec::new();
    for team in teams.iter().step_by(step).take(samples) {
        let t = Instant::now();
        dashboard::dashboard(db, Lang::En, team, None)
            .await?
            .context("a dashboard")?;
        times.push(t.elapsed());
    }
    report(
        "leader's dashboard (a team, with 26 rounds of trend)",
        &times,
    );
    // A department leader's, and the whole organisation's (the top unit).
    let mut times = Vec::new();
    let top = units
        .iter()
        .find(|(_, p, _)| p.is_none())
        .map(|(u, _, _)| u.clone())
        .context("a top unit")?;
    for _ in 0..samples.min(10) {
        let t = Instant::now();
        dashboard::dashboard(db, Lang::En, &top, None)
            .await?
            .context("a dashboard")?;
        times.push(t.elapsed());
    }
    report("dashboard of the whole organisation", &times);

    // The full export: every unit × theme of the round, CSV and XLSX.
    for (label, xlsx) in [("CSV", false), ("XLSX", true)] {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..samples.min(10) {
            let t = Instant::now();
            let h = heatmap::heatmap(db, Lang::En, None, Some(&latest), None)
                .await?
                .context("a heatmap")?;
            size = if xlsx {
                export::xlsx_file(Lang::En, &h)
                    .map_err(|e| anyhow::anyhow!("{e}"))?
                    .len()
            } else {
                export::csv_file(Lang::En, &h)?.len()
            };
            times.push(t.elapsed());
        }
        report(
            &format!("full export, {label} ({:.0} KB)", size as f64 / 1024.0),
            &times,
        );
    }
    figures::forget_all();
    let t = Instant::now();
    heatmap::heatmap(db, Lang::En, None, Some(&latest), None).await?;
    println!(
        "  heatmap with nothing in memory again:   {:>7.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    // What a restarted server does in the background before anyone asks.
    figures::forget_all();
    let t = Instant::now();
    app::services::results::warm_up(db).await?;
    println!(
        "  warm-up at start (in the background):   {:>7.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    dashboard::dashboard(db, Lang::En, teams[teams.len() / 2], None).await?;
    println!(
        "  a team's first dashboard after it:       {:>7.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    if let Some(kb) = crate::bench::peak_rss_kb() {
        println!(
            "  peak memory of the process:             {:>7.0} MB",
            kb as f64 / 1024.0
        );
    }
    Ok(())
}

/// Prints the first request (nothing in memory) and the percentiles of the rest.
fn report(label: &str, times: &[Duration]) {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let Some((first, rest)) = times.split_first() else {
        return;
    };
    let mut rest: Vec<f64> = rest.iter().map(|d| ms(*d)).collect();
    rest.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| {
        if rest.is_empty() {
            return f64::NAN;
        }
        rest[((rest.len() as f64 * p).ceil() as usize).clamp(1, rest.len()) - 1]
    };
    println!("  {label}");
    println!(
        "      first {:>7.1} ms · then p50 {:>6.1} ms · p95 {:>6.1} ms · max {:>6.1} ms  ({} requests)",
        ms(*first),
        pct(0.5),
        pct(0.95),
        rest.last().copied().unwrap_or(f64::NAN),
        times.len()
    );
}
