//! Backups (issue 19): a backup taken while answers keep arriving restores
//! into an empty store of either kind with every table identical, every
//! answer acknowledged before it started, and the figures, reports and
//! locked discussions as they were; a restore refuses a store with anything
//! in it, and a backup never overwrites a file.

use crate::support::{fresh_db, test_key, unit_id, Store, TestApp};
use app::{
    anonymity::{
        answer::{Given, StoredAnswer},
        store::{self, pack, RoundSpec},
        writer::{Claim, Submission, Writer},
    },
    services::{cards, db::Db, ids},
};
use server::ops::backup::{self, Table, Value};
use std::{
    collections::{BTreeMap, HashMap, HashSet},
    path::Path,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

/// Cards printed per team: far more than the load uses before it is
/// stopped, so that it never runs dry while the backup is written.
const CARDS: usize = 3_000;
/// Answering tasks.
const RESPONDENTS: usize = 4;

fn other(store: Store) -> Store {
    match store {
        Store::Sqlite => Store::Postgres,
        Store::Postgres => Store::Sqlite,
    }
}

fn answer(i: usize) -> String {
    StoredAnswer {
        items: [("wb-1".to_owned(), Given::Point((i % 5) as u8))].into(),
        comment: Some(format!("load-{i:06}")),
    }
    .to_json()
}

fn marker(payload: &str) -> usize {
    StoredAnswer::parse(payload)
        .and_then(|a| a.comment)
        .and_then(|c| c.strip_prefix("load-").and_then(|n| n.parse().ok()))
        .expect("a load marker")
}

/// Answers posted without pause by a few respondents: each takes the next
/// code, submits and records it once the writer says it is stored.
struct Load {
    acknowledged: Mutex<Vec<usize>>,
    stop: AtomicBool,
    next: Mutex<usize>,
}

impl Load {
    fn acknowledged(&self) -> Vec<usize> {
        self.acknowledged.lock().expect("lock").clone()
    }

    async fn until_acknowledged(&self, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while self.acknowledged.lock().expect("lock").len() < n {
            assert!(
                Instant::now() < deadline,
                "the load stalled below {n} answers"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

fn start_load(
    writer: Writer,
    round: String,
    codes: Arc<Vec<String>>,
) -> (Arc<Load>, Vec<tokio::task::JoinHandle<()>>) {
    let load = Arc::new(Load {
        acknowledged: Mutex::new(Vec::new()),
        stop: AtomicBool::new(false),
        next: Mutex::new(0),
    });
    let tasks = (0..RESPONDENTS)
        .map(|_| {
            let (load, writer, round, codes) =
                (load.clone(), writer.clone(), round.clone(), codes.clone());
            tokio::spawn(async move {
                while !load.stop.load(Ordering::SeqCst) {
                    let i = {
                        let mut next = load.next.lock().expect("lock");
                        *next += 1;
                        *next - 1
                    };
                    let Some(code) = codes.get(i) else { return };
                    let stored = writer
                        .submit(Submission {
                            round: round.clone(),
                            claim: Claim::Code(code.clone()),
                            answers: pack(&answer(i)).expect("fits"),
                        })
                        .await;
                    assert_eq!(stored, Ok(()), "answer {i}");
                    load.acknowledged.lock().expect("lock").push(i);
                    // A respondent's pace, so the codes outlast the backup.
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
            })
        })
        .collect();
    (load, tasks)
}

/// A backup file opened for reading, through a copy (opening sets WAL on
/// the file it opens; the backup itself stays as it was written).
async fn open_copy(file: &Path) -> Db {
    let look = file.with_extension("look.db");
    std::fs::copy(file, &look).expect("copy the backup");
    Db::connect(&format!("sqlite://{}", look.display()), 2)
        .await
        .expect("open the copy of the backup")
}

async fn sorted_rows(db: &Db, t: &Table) -> Vec<Vec<Value>> {
    let mut rows = backup::rows(db, t).await.expect("rows");
    rows.sort();
    rows
}

/// Every table of the backup, row for row, in `db` too. Returns the rows compared.
async fn assert_same_rows(backup_db: &Db, tables: &[Table], db: &Db, what: &str) -> usize {
    let mut compared = 0;
    for t in tables {
        let want = sorted_rows(backup_db, t).await;
        let got = sorted_rows(db, t).await;
        assert_eq!(
            got.len(),
            want.len(),
            "{what}: rows of {} (restored, backed up)",
            t.name
        );
        assert!(got == want, "{what}: {} differs", t.name);
        compared += want.len();
    }
    compared
}

type ItemRow = (String, String, String, i64, i64, f64, i64, i64, i64);
type DimensionRow = (String, String, String, i64, f64, Option<i64>, Option<f64>);
type ReportRow = (
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    i64,
);
type DiscussionRow = (
    String,
    String,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
);

/// What the answer load does not touch, read with plain queries: the
/// aggregates, the stored answers, the reports and the locked discussions.
async fn figures_reports_and_discussions(db: &Db) -> BTreeMap<&'static str, Vec<String>> {
    let mut out = BTreeMap::new();
    let items: Vec<ItemRow> = sqlx::query_as(
        "SELECT round_id, unit_id, item_id, n, dont_know, score_sum, favourable, neutral, unfavourable \
         FROM result_items",
    )
    .fetch_all(&db.pool)
    .await
    .expect("result_items");
    out.insert("result_items", debug_sorted(items));
    let dimensions: Vec<DimensionRow> = sqlx::query_as(
        "SELECT round_id, unit_id, dimension_id, n, score_sum, pub_n, pub_score_sum \
             FROM result_dimensions",
    )
    .fetch_all(&db.pool)
    .await
    .expect("result_dimensions");
    out.insert("result_dimensions", debug_sorted(dimensions));
    let respondents: Vec<(String, String, i64, i64)> =
        sqlx::query_as("SELECT round_id, unit_id, respondents, comments FROM result_respondents")
            .fetch_all(&db.pool)
            .await
            .expect("result_respondents");
    out.insert("result_respondents", debug_sorted(respondents));
    let answers: Vec<(String, String, String, String)> =
        sqlx::query_as("SELECT id, round_id, unit_id, payload FROM answers")
            .fetch_all(&db.pool)
            .await
            .expect("answers");
    out.insert("answers", debug_sorted(answers));
    let reports: Vec<ReportRow> = sqlx::query_as(
        "SELECT id, secret_hash, category, unit_id, status, received_on, closed_on, next_seq \
             FROM reports",
    )
    .fetch_all(&db.pool)
    .await
    .expect("reports");
    out.insert("reports", debug_sorted(reports));
    let messages: Vec<(String, i64, String, String)> =
        sqlx::query_as("SELECT report_id, seq, kind, body FROM report_messages")
            .fetch_all(&db.pool)
            .await
            .expect("report_messages");
    out.insert("report_messages", debug_sorted(messages));
    let locked: Vec<DiscussionRow> = sqlx::query_as(
        "SELECT id, committee_id, year, participants, decisions, locked_on, document \
             FROM discussions WHERE state = 'locked'",
    )
    .fetch_all(&db.pool)
    .await
    .expect("discussions");
    out.insert("locked discussions", debug_sorted(locked));
    out
}

fn debug_sorted<T: std::fmt::Debug>(rows: Vec<T>) -> Vec<String> {
    let mut rows: Vec<String> = rows.iter().map(|r| format!("{r:?}")).collect();
    rows.sort();
    rows
}

pub async fn a_backup_taken_under_answer_load_restores_every_acknowledged_answer(store: Store) {
    let app = TestApp::full_demo(store).await;
    let key = test_key();
    let writer = Writer::spawn(app.db.clone(), key.clone());
    let teams = [unit_id(&app, "MED-M1").await, unit_id(&app, "MED-M2").await];
    let invited: HashMap<String, i64> = teams.iter().map(|t| (t.clone(), CARDS as i64)).collect();
    let round = store::open_round(
        &app.db,
        &RoundSpec {
            name: "Pulse during the backup".into(),
            k: 5,
            survey: None,
            items: vec!["wb-1".into()],
            closes_at: None,
        },
        &invited,
    )
    .await
    .expect("open a round");
    let mut codes = Vec::new();
    for team in &teams {
        codes.extend(
            cards::print(&app.db, &round, team, CARDS, None)
                .await
                .expect("cards"),
        );
    }
    let codes = Arc::new(codes);
    let (load, tasks) = start_load(writer, round.clone(), codes.clone());

    load.until_acknowledged(100).await;
    let before: HashSet<usize> = load.acknowledged().into_iter().collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("trivsel.backup");
    let started = Instant::now();
    let copied = backup::backup(&app.db, &file).await.expect("backup");
    let backup_took = started.elapsed();
    let during = load.acknowledged().len() - before.len();
    // The load goes on after the backup: it ran all through it.
    load.until_acknowledged(before.len() + during + 50).await;
    load.stop.store(true, Ordering::SeqCst);
    for t in tasks {
        t.await.expect("respondent");
    }
    let submitted = load.acknowledged().len();
    assert!(
        submitted < codes.len(),
        "the load ran out of codes: it may have stopped before the backup ended"
    );
    assert!(file.exists(), "the backup is where it was asked to be");
    assert!(
        !dir.path().join("trivsel.backup.partial").exists(),
        "no work file is left"
    );
    let written = std::fs::read(&file).expect("read the backup");
    assert_eq!(written.len() as u64, copied.bytes);

    let (restored, _url, _restored_dir) = fresh_db(store).await;
    let started = Instant::now();
    let counts = backup::restore(&file, &restored).await.expect("restore");
    let restore_took = started.elapsed();
    eprintln!(
        "{store:?}: backup of {} rows ({} bytes) in {backup_took:?} with {during} answers acknowledged meanwhile; restore in {restore_took:?}",
        copied.total(),
        copied.bytes
    );
    assert_eq!(
        counts.rows, copied.rows,
        "the restore wrote what the backup holds"
    );
    assert_eq!(
        std::fs::read(&file).expect("read the backup again"),
        written,
        "a restore never changes the backup"
    );

    // (a) Every table, row for row, as in the backup — on this store and
    // on the other kind.
    let backed_up = open_copy(&file).await;
    let tables = backup::tables(&backed_up).await.expect("tables");
    assert!(tables.len() >= 50, "{} tables", tables.len());
    let compared = assert_same_rows(&backed_up, &tables, &restored, "restored").await;
    assert_eq!(compared as u64, copied.total());
    let (elsewhere, _url, _elsewhere_dir) = fresh_db(other(store)).await;
    backup::restore(&file, &elsewhere)
        .await
        .expect("restore into the other kind of store");
    assert_same_rows(&backed_up, &tables, &elsewhere, "restored elsewhere").await;

    // (b) Every answer acknowledged before the backup started is there:
    // its invitation used and its sealed answer in the inbox, which opens
    // with the server secret. Nothing is there twice, and every used
    // invitation has its answer (one snapshot, not two moments).
    let opened = store::open_inbox(&restored, &key, &round)
        .await
        .expect("open the inbox");
    let markers: Vec<usize> = opened.iter().map(|p| marker(p)).collect();
    let unique: HashSet<usize> = markers.iter().copied().collect();
    assert_eq!(unique.len(), markers.len(), "an answer stored twice");
    let missing: Vec<&usize> = before.difference(&unique).collect();
    assert!(
        missing.is_empty(),
        "{} acknowledged answers are not in the backup",
        missing.len()
    );
    let acknowledged_at_all: HashSet<usize> = load.acknowledged().into_iter().collect();
    assert!(unique.is_subset(&acknowledged_at_all));
    let used: HashSet<String> =
        sqlx::query_scalar("SELECT code_hash FROM invitations WHERE round_id = $1 AND used = 1")
            .bind(&round)
            .fetch_all(&restored.pool)
            .await
            .expect("used invitations")
            .into_iter()
            .collect();
    assert!(before
        .iter()
        .all(|&i| used.contains(&ids::sha256_hex(&codes[i]))));
    let inbox: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM answer_inbox WHERE round_id = $1")
        .bind(&round)
        .fetch_one(&restored.pool)
        .await
        .expect("inbox");
    assert_eq!(
        used.len() as i64,
        inbox,
        "as many answers as used invitations"
    );
    assert_eq!(inbox as usize, markers.len(), "every sealed answer opens");

    // (c) What the load does not touch is exactly as in the store the
    // backup was taken from.
    let source = figures_reports_and_discussions(&app.db).await;
    let copy = figures_reports_and_discussions(&restored).await;
    for (what, rows) in &source {
        assert!(!rows.is_empty(), "the full demo has {what}");
        let restored_rows = &copy[what];
        if restored_rows != rows {
            let first = rows.iter().zip(restored_rows).find(|(a, b)| a != b);
            panic!(
                "{what}: {} rows in the source, {} restored; the first that differs (source, restored): {first:?}",
                rows.len(),
                restored_rows.len()
            );
        }
    }
}

pub async fn a_restore_refuses_a_store_with_anything_in_it_and_a_backup_never_overwrites(
    store: Store,
) {
    let app = TestApp::demo(store).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("demo.backup");
    backup::backup(&app.db, &file).await.expect("backup");
    let written = std::fs::read(&file).expect("read");

    // A second backup to the same file is refused and changes nothing.
    let again = backup::backup(&app.db, &file)
        .await
        .expect_err("the file exists");
    assert!(again.to_string().contains("exists already"), "{again:#}");
    assert_eq!(std::fs::read(&file).expect("read"), written);
    assert!(!dir.path().join("demo.backup.partial").exists());

    // Restoring into the store it came from: refused, and the store is as
    // it was, table for table.
    let backed_up = open_copy(&file).await;
    let tables = backup::tables(&backed_up).await.expect("tables");
    let mut before = Vec::new();
    for t in &tables {
        before.push(sorted_rows(&app.db, t).await);
    }
    let refused = backup::restore(&file, &app.db)
        .await
        .expect_err("the store is not empty");
    assert!(
        refused
            .to_string()
            .contains("the store is not empty: restore only into an empty database"),
        "{refused:#}"
    );
    for (t, rows) in tables.iter().zip(&before) {
        assert!(&sorted_rows(&app.db, t).await == rows, "{} changed", t.name);
    }

    // One row in any table is enough to refuse, even where an empty
    // organisation has nothing (a used-form mark).
    let (target, _url, _target_dir) = fresh_db(store).await;
    sqlx::query("INSERT INTO form_marks (mark, used_at) VALUES ('one', 1)")
        .execute(&target.pool)
        .await
        .expect("a mark");
    let refused = backup::restore(&file, &target)
        .await
        .expect_err("a mark is a row");
    assert!(
        refused.to_string().contains("form_marks"),
        "names the table: {refused:#}"
    );
    let units: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM units")
        .fetch_one(&target.pool)
        .await
        .expect("count");
    assert_eq!(units, 0, "nothing was restored");

    // A file that is not a backup is refused before anything is read.
    let stranger = dir.path().join("notes.txt");
    std::fs::write(&stranger, "not a database at all").expect("write");
    let refused = backup::restore(&stranger, &target)
        .await
        .expect_err("not a backup");
    assert!(
        refused.to_string().contains("not a Trivsel backup"),
        "{refused:#}"
    );
    // No work files are left beside the backups.
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".restoring-") || n.ends_with(".partial"))
        .collect();
    left.sort();
    assert!(left.is_empty(), "{left:?}");
}
