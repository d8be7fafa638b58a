//! `server bench-import`: imports a synthetic hospital of N people into the
//! database named by DATABASE_URL (which should be empty) and prints how long
//! each step took, the throughput and the peak memory. Run by `make bench`.

use anyhow::Context;
use app::services::{db::Db, import};
use std::{collections::BTreeSet, time::Instant};

pub async fn import(db: &Db, people: usize) -> anyhow::Result<()> {
    let (units_csv, people_csv) = import::sample::hospital(people);
    println!(
        "import benchmark: {people} people, {} units, {:?}, files {:.1} MB",
        units_csv.lines().count() - 1,
        db.backend,
        (units_csv.len() + people_csv.len()) as f64 / 1e6
    );

    let t = Instant::now();
    let snapshot = import::snapshot(db).await.context("snapshot")?;
    let (plan, _, _) = import::plan_files(
        &snapshot,
        Some(units_csv.as_bytes()),
        people_csv.as_bytes(),
        &BTreeSet::new(),
    );
    let plan_ms = t.elapsed().as_secs_f64() * 1e3;
    anyhow::ensure!(
        plan.issues.is_empty(),
        "the sample has issues: {:?}",
        &plan.issues[..plan.issues.len().min(3)]
    );

    let t = Instant::now();
    let id = import::store(db, None, Some(units_csv.as_bytes()), people_csv.as_bytes())
        .await
        .context("store")?;
    let store_ms = t.elapsed().as_secs_f64() * 1e3;

    let t = Instant::now();
    let outcome = import::apply_stored(db, &id, false, &|_, _| {})
        .await
        .context("apply")?;
    let apply_s = t.elapsed().as_secs_f64();
    anyhow::ensure!(
        outcome.changes.people_new.count == people,
        "not every person was imported"
    );

    // A nightly re-sync of the same file: parse, plan, find nothing to do.
    let t = Instant::now();
    let snapshot = import::snapshot(db).await.context("snapshot")?;
    let (again, _, _) = import::plan_files(
        &snapshot,
        Some(units_csv.as_bytes()),
        people_csv.as_bytes(),
        &BTreeSet::new(),
    );
    let replan_ms = t.elapsed().as_secs_f64() * 1e3;
    anyhow::ensure!(
        again.changes.total() == 0,
        "a re-import must change nothing"
    );

    println!("  parse + check + plan (empty database): {plan_ms:>8.0} ms");
    println!("  store the upload:                       {store_ms:>8.0} ms");
    println!(
        "  apply (re-plan + write, one transaction): {:>6.2} s  = {:.0} people/s",
        apply_s,
        people as f64 / apply_s
    );
    println!("  re-import of the same files (no changes): {replan_ms:>6.0} ms");
    println!(
        "  total, upload to applied:               {:>8.2} s",
        plan_ms / 1e3 + store_ms / 1e3 + apply_s
    );
    if let Some(kb) = super::peak_rss_kb() {
        println!(
            "  peak memory of the process:             {:>8.0} MB",
            kb as f64 / 1024.0
        );
    }
    Ok(())
}
