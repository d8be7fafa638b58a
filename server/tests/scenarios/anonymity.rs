//! Attacks on answer storage (A1–A3): after a realistic sequence of
//! invitations and answers, read everything the database holds — including
//! PostgreSQL's xmin/ctid and SQLite's rowid and raw file — and try to tie an
//! invitation to fewer than k answers.

use crate::support::{count, unit_id, Store, TestApp};
use app::anonymity::{
    sealed::InboxKey,
    store::{self, pack, RoundSpec},
    writer::{Claim, Submission, SubmitError, Writer},
};
use app::services::cards;
use std::collections::{BTreeMap, HashMap, HashSet};

const K: i64 = 5;

fn spec(name: &str) -> RoundSpec {
    RoundSpec {
        name: name.into(),
        k: K,
        survey: None,
        items: vec!["wb-1".into()],
        closes_at: None,
    }
}

/// One anonymous invitation (a code card) for `unit`.
async fn invite(app: &TestApp, round: &str, unit: &str) -> String {
    cards::print(&app.db, round, unit, 1, None)
        .await
        .expect("invite")
        .pop()
        .expect("one code")
}

async fn submit(
    writer: &Writer,
    round: &str,
    code: &str,
    answers: &str,
) -> Result<(), SubmitError> {
    writer
        .submit(Submission {
            round: round.into(),
            claim: Claim::Code(code.into()),
            answers: pack(answers).expect("fits"),
        })
        .await
}

struct Round {
    id: String,
    /// (code, team code) in the order the answers were submitted
    submitted: Vec<(String, &'static str)>,
    /// Codes of ward M1 that nobody used.
    unused_m1: Vec<String>,
}

/// Invites the medical department (22 + 18 + 4) and the visitation team (3);
/// answers from a known set of people, each answer carrying a marker.
async fn realistic_round(app: &TestApp, writer: &Writer) -> Round {
    let teams = [
        ("MED-M1", 22),
        ("MED-M2", 18),
        ("MED-AMB", 4),
        ("AKUT-VIS", 3),
    ];
    let mut invited = HashMap::new();
    let mut codes: Vec<(String, &'static str)> = Vec::new();
    for (team, n) in teams {
        invited.insert(unit_id(app, team).await, n as i64);
    }
    let round = store::open_round(&app.db, &spec("Pulse 1"), &invited)
        .await
        .expect("open");
    for (team, n) in teams {
        let unit = unit_id(app, team).await;
        for _ in 0..n {
            codes.push((invite(app, &round, &unit).await, team));
        }
    }
    // Who answers, interleaved across teams as it happens on a ward.
    let answering: Vec<(String, &'static str)> = {
        let by_team = |t: &str, n: usize| {
            codes
                .iter()
                .filter(|(_, team)| *team == t)
                .take(n)
                .cloned()
                .collect::<Vec<_>>()
        };
        let mut all = Vec::new();
        let (a, b, c, d) = (
            by_team("MED-M1", 9),
            by_team("MED-M2", 7),
            by_team("MED-AMB", 3),
            by_team("AKUT-VIS", 3),
        );
        for i in 0..9 {
            for list in [&a, &b, &c, &d] {
                if let Some(x) = list.get(i) {
                    all.push(x.clone());
                }
            }
        }
        all
    };
    for (i, (code, _)) in answering.iter().enumerate() {
        let answers = format!("{{\"q1\":{},\"comment\":\"marker-{i:03}\"}}", i % 5);
        submit(writer, &round, code, &answers)
            .await
            .expect("submit");
    }
    let unused_m1 = codes
        .iter()
        .filter(|(code, team)| *team == "MED-M1" && !answering.iter().any(|(c, _)| c == code))
        .map(|(code, _)| code.clone())
        .collect();
    Round {
        id: round,
        submitted: answering,
        unused_m1,
    }
}

fn marker(payload: &str) -> usize {
    payload
        .split("marker-")
        .nth(1)
        .and_then(|s| s.get(..3))
        .and_then(|s| s.parse().ok())
        .expect("marker")
}

fn sqlite_file_bytes(app: &TestApp) -> Vec<u8> {
    let path = app
        .url
        .trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap_or("")
        .to_owned();
    let mut bytes = std::fs::read(&path).unwrap_or_default();
    bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
    bytes
}

pub async fn a_copy_of_the_database_cannot_tie_an_invitation_to_fewer_than_k_answers(
    store_kind: Store,
) {
    let app = TestApp::demo(store_kind).await;
    let key = InboxKey::derive(&[42u8; 32]).expect("key");
    let writer = Writer::spawn(app.db.clone(), key.clone());
    let round = realistic_round(&app, &writer).await;
    let n = round.submitted.len();

    // Before batching: the answers exist only sealed; no marker is readable
    // anywhere in the database (on SQLite: in the raw file and its WAL).
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM answer_inbox").await,
        n as i64
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM answers").await, 0);
    let sealed: Vec<String> = sqlx::query_scalar("SELECT sealed FROM answer_inbox")
        .fetch_all(&app.db.pool)
        .await
        .expect("inbox");
    // (Checked against the long unit ids, not a short word that random
    // ciphertext would sometimes contain by chance.)
    let units: Vec<String> = sqlx::query_scalar("SELECT id FROM units")
        .fetch_all(&app.db.pool)
        .await
        .expect("units");
    assert!(sealed
        .iter()
        .all(|s| !s.contains("marker-") && units.iter().all(|u| !s.contains(u.as_str()))));
    if store_kind == Store::Sqlite {
        let raw = sqlite_file_bytes(&app);
        assert!(!raw.is_empty());
        assert!(
            !raw.windows(7).any(|w| w == b"marker-"),
            "plaintext answers on disk"
        );
    }

    // A used code cannot be used again, and an unknown one gets the same answer.
    let again = submit(&writer, &round.id, &round.submitted[0].0, "{}").await;
    assert_eq!(again, Err(SubmitError::NotUsable));
    let unknown = submit(&writer, &round.id, "AAAA-BBBB-CCCC", "{}").await;
    assert_eq!(unknown, Err(SubmitError::NotUsable));

    // Batching while the round is open moves only groups of at least k.
    let moved = store::move_ready(&app.db, &key, &round.id, false)
        .await
        .expect("move");
    assert_eq!(moved, 9 + 7, "the two big wards; the small teams wait");
    let moved_at_close = store::close_round(&app.db, &key, &round.id)
        .await
        .expect("close");
    assert_eq!(
        moved_at_close, 6,
        "3 + 3 merged upwards into one batch of 6"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM answers").await,
        n as i64,
        "no answer lost"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM answer_inbox").await, 0);
    // (Every person already has an invitation: a code nobody used.)
    let unused = round.unused_m1[0].clone();
    assert_eq!(
        submit(&writer, &round.id, &unused, "{}").await,
        Err(SubmitError::NotUsable),
        "a closed round takes no answers"
    );

    // A1: a stored answer is round, filing unit and answers — nothing else
    // but the unit whose comments show it (its filing unit or one above,
    // set for a whole publication step at once: anonymity::publish).
    let columns: Vec<String> = match store_kind {
        Store::Sqlite => sqlx::query_scalar("SELECT name FROM pragma_table_info('answers') ORDER BY cid")
            .fetch_all(&app.db.pool)
            .await
            .expect("columns"),
        Store::Postgres => sqlx::query_scalar(
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'answers' ORDER BY ordinal_position",
        )
        .fetch_all(&app.db.pool)
        .await
        .expect("columns"),
    };
    assert_eq!(
        columns,
        vec!["id", "round_id", "unit_id", "payload", "comment_unit"]
    );
    let used_columns: i64 = count(
        &app,
        "SELECT COUNT(*) FROM invitations WHERE used NOT IN (0, 1)",
    )
    .await;
    assert_eq!(used_columns, 0, "'used' is a flag, never a time");

    // A3: every filing unit has at least k invited people in its subtree; the
    // small teams were merged upwards.
    let filed: Vec<(String, i64)> =
        sqlx::query_as("SELECT u.code, COUNT(*) FROM answers a JOIN units u ON u.id = a.unit_id GROUP BY u.code ORDER BY u.code")
            .fetch_all(&app.db.pool)
            .await
            .expect("filed");
    assert_eq!(
        filed,
        vec![
            ("HOSP".to_owned(), 6),
            ("MED-M1".to_owned(), 9),
            ("MED-M2".to_owned(), 7)
        ]
    );

    // The aggregates a copy of the database holds are per batch group of at
    // least k: respondents per filing unit equal the stored answers there.
    let aggregated: Vec<(String, i64)> = sqlx::query_as(
        "SELECT u.code, r.respondents FROM result_respondents r JOIN units u ON u.id = r.unit_id ORDER BY u.code",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("aggregates");
    assert_eq!(aggregated, filed, "aggregates match the stored answers");
    assert!(aggregated.iter().all(|(_, n)| *n >= K), "{aggregated:?}");

    // A2, physical order: read the answers in storage order (rowid / ctid) and
    // group them by batch; an attacker who knows the order in which codes were
    // used learns at most the batch, never the position within it.
    let order_sql = match store_kind {
        Store::Sqlite => "SELECT a.payload, u.code FROM answers a JOIN units u ON u.id = a.unit_id ORDER BY a.rowid",
        Store::Postgres => "SELECT a.payload, u.code FROM answers a JOIN units u ON u.id = a.unit_id ORDER BY a.ctid",
    };
    let stored: Vec<(String, String)> = sqlx::query_as(order_sql)
        .fetch_all(&app.db.pool)
        .await
        .expect("order");
    let mut batches: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (payload, unit) in &stored {
        batches
            .entry(unit.clone())
            .or_default()
            .push(marker(payload));
    }
    let mut some_shuffled = false;
    for (unit, markers) in &batches {
        assert!(markers.len() >= K as usize, "{unit}: a batch below k");
        let mut sorted = markers.clone();
        sorted.sort();
        some_shuffled |= *markers != sorted;
    }
    assert!(
        some_shuffled,
        "storage order within batches follows submission order"
    );

    // A2, transactions: on PostgreSQL every stored answer shares its xmin with
    // at least k − 1 others, and no answer shares one with an invitation.
    if store_kind == Store::Postgres {
        let by_xmin: Vec<(String, i64)> =
            sqlx::query_as("SELECT xmin::text, COUNT(*) FROM answers GROUP BY xmin::text")
                .fetch_all(&app.db.pool)
                .await
                .expect("xmin");
        // Each mover run stores its whole batches in one transaction: the
        // two wards (9 + 7) while the round is open, the merged 6 at close.
        let mut sizes: Vec<i64> = by_xmin.iter().map(|(_, n)| *n).collect();
        sizes.sort_unstable();
        assert_eq!(sizes, vec![6, 16], "batches split or mixed: {by_xmin:?}");
        assert!(by_xmin.iter().all(|(_, n)| *n >= K), "{by_xmin:?}");
        let invitation_xmins: HashSet<String> =
            sqlx::query_scalar("SELECT xmin::text FROM invitations WHERE used = 1")
                .fetch_all(&app.db.pool)
                .await
                .expect("xmin")
                .into_iter()
                .collect();
        assert!(by_xmin.iter().all(|(x, _)| !invitation_xmins.contains(x)));
        // The aggregates were last written by those same batch transactions
        // (A6: they move with a batch, never with one answer).
        let batch_xmins: HashSet<&String> = by_xmin.iter().map(|(x, _)| x).collect();
        for table in ["result_respondents", "result_items", "result_dimensions"] {
            let xmins: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT DISTINCT xmin::text FROM {table}"
            )))
            .fetch_all(&app.db.pool)
            .await
            .expect("xmin");
            // (This round's synthetic answers carry markers, not items: only
            // the respondent counts are filled.)
            if table == "result_respondents" {
                assert!(!xmins.is_empty(), "{table} is filled");
            }
            assert!(
                xmins.iter().all(|x| batch_xmins.contains(x)),
                "{table} written outside a batch: {xmins:?} vs {by_xmin:?}"
            );
        }
    } else {
        let secure: i64 = sqlx::query_scalar("PRAGMA secure_delete")
            .fetch_one(&app.db.pool)
            .await
            .expect("pragma");
        assert_eq!(secure, 1, "deleted inbox rows are overwritten on disk");
    }

    // Ids are random, not sequential: their order says nothing.
    let ids: Vec<String> = sqlx::query_scalar(match store_kind {
        Store::Sqlite => "SELECT id FROM answers ORDER BY rowid",
        Store::Postgres => "SELECT id FROM answers ORDER BY ctid",
    })
    .fetch_all(&app.db.pool)
    .await
    .expect("ids");
    let mut sorted = ids.clone();
    sorted.sort();
    assert_ne!(ids, sorted);
}

pub async fn answers_of_a_tree_that_never_reaches_k_stay_sealed(store_kind: Store) {
    let app = TestApp::demo(store_kind).await;
    let key = InboxKey::derive(&[1u8; 32]).expect("key");
    let team = unit_id(&app, "SERV-TEK").await;
    let invited: HashMap<String, i64> = [(team.clone(), 3)].into_iter().collect();
    let writer = Writer::spawn(app.db.clone(), key.clone());
    let round = store::open_round(&app.db, &spec("Tiny"), &invited)
        .await
        .expect("open");
    for _ in 0..3 {
        let code = invite(&app, &round, &team).await;
        submit(&writer, &round, &code, "{\"q1\":1}")
            .await
            .expect("submit");
    }
    assert_eq!(
        store::close_round(&app.db, &key, &round)
            .await
            .expect("close"),
        0
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM answers").await,
        0,
        "three people are never stored in the open"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM answer_inbox").await,
        3,
        "but nothing is lost"
    );
}

/// The mover reads the inbox a page at a time: read two rows at a time, the
/// realistic round's inbox spans many pages, and the same groups move as in
/// one read - every answer of a group reaching k, none of the small teams'.
pub async fn the_mover_reads_the_inbox_in_pages_and_misses_no_answer(store_kind: Store) {
    let app = TestApp::demo(store_kind).await;
    let key = InboxKey::derive(&[42u8; 32]).expect("key");
    let writer = Writer::spawn(app.db.clone(), key.clone());
    let round = realistic_round(&app, &writer).await;
    let n = round.submitted.len() as i64;
    let moved = store::move_ready_in_pages(&app.db, &key, &round.id, false, 2)
        .await
        .expect("move");
    assert_eq!(moved, 9 + 7, "the two big wards; the small teams wait");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM answers").await, 16);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM answer_inbox").await,
        n - 16
    );
}

/// A code is claimed only for its own round. Two rounds are open for the same
/// ward; in one rush, half of round A's codes are sent naming round B (as a
/// forged form would), each twice, beside the rest of A's codes and all of
/// B's. The writer claims by code first (a list of codes is what the
/// database's index finds fast), so the round a form names must still be
/// checked: every misdirected answer is refused and leaves its code unused,
/// and that code then answers round A once.
pub async fn a_code_sent_with_another_open_round_is_refused_and_stays_unused(store_kind: Store) {
    let app = TestApp::demo(store_kind).await;
    let key = InboxKey::derive(&[7u8; 32]).expect("key");
    let writer = Writer::spawn(app.db.clone(), key.clone());
    let unit = unit_id(&app, "AKUT-DAG").await;
    let invited: HashMap<String, i64> = [(unit.clone(), 20)].into_iter().collect();
    let round_a = store::open_round(&app.db, &spec("A"), &invited)
        .await
        .expect("open A");
    let round_b = store::open_round(&app.db, &spec("B"), &invited)
        .await
        .expect("open B");
    let codes_a = cards::print(&app.db, &round_a, &unit, 20, None)
        .await
        .expect("cards A");
    let codes_b = cards::print(&app.db, &round_b, &unit, 20, None)
        .await
        .expect("cards B");
    let (misdirected, direct) = codes_a.split_at(10);
    let mut sends: Vec<(String, String, bool)> = Vec::new();
    for code in misdirected.iter().chain(misdirected) {
        sends.push((round_b.clone(), code.clone(), false));
    }
    sends.extend(direct.iter().map(|c| (round_a.clone(), c.clone(), true)));
    sends.extend(codes_b.iter().map(|c| (round_b.clone(), c.clone(), true)));
    let mut tasks = Vec::new();
    for (round, code, fine) in sends {
        let w = writer.clone();
        tasks.push(tokio::spawn(async move {
            (
                fine,
                submit(&w, &round, &code, "{\"a\":{\"wb-1\":3}}").await,
            )
        }));
    }
    for t in tasks {
        let (fine, result) = t.await.expect("task");
        if fine {
            assert_eq!(result, Ok(()));
        } else {
            assert_eq!(result, Err(SubmitError::NotUsable), "a misdirected code");
        }
    }
    let used = |round: String| {
        let app = &app;
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM invitations WHERE used = 1 AND round_id = $1",
            )
            .bind(round)
            .fetch_one(&app.db.pool)
            .await
            .expect("count")
        }
    };
    assert_eq!(used(round_a.clone()).await, 10, "only A's direct codes");
    assert_eq!(used(round_b.clone()).await, 20);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM answer_inbox").await, 30);
    // The misdirected codes still answer their own round, once.
    for code in misdirected {
        assert_eq!(submit(&writer, &round_a, code, "{\"a\":{}}").await, Ok(()));
        assert_eq!(
            submit(&writer, &round_a, code, "{\"a\":{}}").await,
            Err(SubmitError::NotUsable)
        );
    }
    assert_eq!(used(round_a).await, 20);
}

/// Many people submit at once (the writer batches them) and some submit the
/// same code twice at the same moment: every code counts exactly once, every
/// acknowledged answer is in the inbox, and nothing else is.
pub async fn simultaneous_submissions_count_each_code_exactly_once(store_kind: Store) {
    let app = TestApp::demo(store_kind).await;
    let key = InboxKey::derive(&[7u8; 32]).expect("key");
    let writer = Writer::spawn(app.db.clone(), key.clone());
    let unit = unit_id(&app, "AKUT-DAG").await;
    let invited: HashMap<String, i64> = [(unit.clone(), 25)].into_iter().collect();
    let round = store::open_round(&app.db, &spec("Rush"), &invited)
        .await
        .expect("open");
    let codes = cards::print(&app.db, &round, &unit, 25, None)
        .await
        .expect("cards");
    // Each code is sent three times concurrently.
    let mut tasks = Vec::new();
    for code in codes.iter().chain(codes.iter()).chain(codes.iter()) {
        let (w, r, c) = (writer.clone(), round.clone(), code.clone());
        tasks.push(tokio::spawn(async move {
            (c.clone(), submit(&w, &r, &c, "{\"a\":{\"wb-1\":3}}").await)
        }));
    }
    let mut ok: HashMap<String, usize> = HashMap::new();
    for t in tasks {
        let (code, result) = t.await.expect("task");
        match result {
            Ok(()) => *ok.entry(code).or_default() += 1,
            Err(e) => assert_eq!(e, SubmitError::NotUsable),
        }
    }
    assert_eq!(ok.len(), 25, "every code was accepted once");
    assert!(ok.values().all(|n| *n == 1), "and only once: {ok:?}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM answer_inbox").await, 25);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM invitations WHERE used = 1").await,
        25
    );
    let moved = store::move_ready(&app.db, &key, &round, false)
        .await
        .expect("move");
    assert_eq!(moved, 25);
}

/// What a unit's answers are in [`a_run_of_many_batches_files_each_as_if_it_moved_alone`]:
/// (team, answers, of whom wrote a comment, answered the sensitive theme,
/// answered psychological safety rather than "don't know").
const RUN: [(&str, usize, usize, usize, usize); 4] = [
    ("MED-M1", 12, 12, 12, 3),
    ("MED-M2", 6, 2, 6, 6),
    ("AKUT-DAG", 5, 0, 0, 5),
    ("AKUT-NAT", 7, 7, 7, 1),
];

fn run_answer(i: usize, comment: bool, exposure: bool, safety: bool) -> String {
    let mut a = serde_json::json!({
        "wb-1": i % 11, "wb-2": i % 5, "wb-4": (i * 3) % 5,
        "sa-1": (i * 7) % 5, "ps-1": "dk", "ps-2": "dk",
    });
    if exposure {
        a["ex-1"] = serde_json::json!(i % 5);
        a["ex-2"] = serde_json::json!((i + 2) % 5);
    }
    if safety {
        a["ps-1"] = serde_json::json!(i % 5);
    }
    let mut answer = serde_json::json!({ "a": a });
    if comment {
        answer["c"] = serde_json::json!(format!("Kommentar {i}"));
    }
    answer.to_string()
}

/// A unit's item: team, item, live sums and bands, published bands.
type ItemRow = (String, String, i64, i64, f64, i64, i64, i64, i64, i64, i64);

/// Every figure a round holds per unit, live and published, by team code
/// (unit ids differ between two databases); sums to six decimals, since a
/// batch is summed in its shuffled order.
async fn filed_figures(app: &TestApp, round: &str) -> Vec<String> {
    let items: Vec<ItemRow> = sqlx::query_as(
        "SELECT u.code, r.item_id, r.n, r.dont_know, r.score_sum, r.favourable, r.neutral, \
               r.unfavourable, r.pub_favourable, r.pub_neutral, r.pub_unfavourable \
             FROM result_items r JOIN units u ON u.id = r.unit_id WHERE r.round_id = $1",
    )
    .bind(round)
    .fetch_all(&app.db.pool)
    .await
    .expect("items");
    let dims: Vec<(String, String, i64, f64, i64, f64)> = sqlx::query_as(
        "SELECT u.code, r.dimension_id, r.n, r.score_sum, r.pub_n, r.pub_score_sum \
         FROM result_dimensions r JOIN units u ON u.id = r.unit_id WHERE r.round_id = $1",
    )
    .bind(round)
    .fetch_all(&app.db.pool)
    .await
    .expect("dimensions");
    let people: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT u.code, r.respondents, r.comments, r.pub_comments \
         FROM result_respondents r JOIN units u ON u.id = r.unit_id WHERE r.round_id = $1",
    )
    .bind(round)
    .fetch_all(&app.db.pool)
    .await
    .expect("respondents");
    let shown: Vec<(String, i64)> = sqlx::query_as(
        "SELECT u.code, COUNT(*) FROM answers a JOIN units u ON u.id = a.comment_unit \
         WHERE a.round_id = $1 GROUP BY u.code",
    )
    .bind(round)
    .fetch_all(&app.db.pool)
    .await
    .expect("comments shown");
    let mut out: Vec<String> = items
        .into_iter()
        .map(|(u, i, n, dk, s, f, ne, un, pf, pne, pun)| {
            format!("item {u} {i}: {n} {dk} {s:.6} {f} {ne} {un} / {pf} {pne} {pun}")
        })
        .chain(
            dims.into_iter()
                .map(|(u, d, n, s, pn, ps)| format!("theme {u} {d}: {n} {s:.6} / {pn} {ps:.6}")),
        )
        .chain(
            people
                .into_iter()
                .map(|(u, r, c, pc)| format!("people {u}: {r} {c} / {pc}")),
        )
        .chain(shown.into_iter().map(|(u, n)| format!("shown {u}: {n}")))
        .collect();
    out.sort();
    out
}

/// A mover run files many units' batches in one transaction, with a few
/// statements for all of them. Each unit must come out exactly as when its
/// batch moves alone: the same answers, moved one unit at a time in one
/// database and in one run in another, leave the same figures, live and
/// published — themes that gained k or more advance, the sensitive theme
/// only at its own threshold, a theme of mostly "don't know" and comments
/// short of theirs stay held back.
pub async fn a_run_of_many_batches_files_each_as_if_it_moved_alone(store_kind: Store) {
    let key = InboxKey::derive(&[7u8; 32]).expect("key");
    let mut filed = Vec::new();
    for together in [false, true] {
        let app = TestApp::demo(store_kind).await;
        let writer = Writer::spawn(app.db.clone(), key.clone());
        let mut invited = HashMap::new();
        for (team, n, ..) in RUN {
            invited.insert(unit_id(&app, team).await, n as i64);
        }
        let round = store::open_round(&app.db, &spec("Run"), &invited)
            .await
            .expect("open");
        let mut moved = Vec::new();
        for (team, n, comments, exposure, safety) in RUN {
            let unit = unit_id(&app, team).await;
            for i in 0..n {
                let code = invite(&app, &round, &unit).await;
                let answer = run_answer(i, i < comments, i < exposure, i < safety);
                submit(&writer, &round, &code, &answer)
                    .await
                    .expect("submit");
            }
            if !together {
                moved.push(store::move_ready(&app.db, &key, &round, false).await);
            }
        }
        if together {
            moved.push(store::move_ready(&app.db, &key, &round, false).await);
            if store_kind == Store::Postgres {
                let transactions =
                    count(&app, "SELECT COUNT(DISTINCT xmin::text) FROM answers").await;
                assert_eq!(transactions, 1, "the four batches moved in one run");
            }
        }
        let moved: Vec<usize> = moved.into_iter().map(|m| m.expect("move")).collect();
        let expected: Vec<usize> = RUN.iter().map(|r| r.1).collect();
        if together {
            assert_eq!(moved, [expected.iter().sum::<usize>()]);
        } else {
            assert_eq!(moved, expected);
        }
        filed.push(filed_figures(&app, &round).await);
    }
    let (alone, together) = (&filed[0], &filed[1]);
    assert_eq!(alone, together, "one run files what batch by batch files");
    // And what that is: the rule at work, not two empty tables.
    for line in [
        "people MED-M1: 12 12 / 12",
        "people AKUT-NAT: 7 7 / 0",
        "shown MED-M1: 12",
        "theme MED-M2 psychological-safety: 6 ",
    ] {
        assert!(
            together.iter().any(|l| l.starts_with(line)),
            "{line} in {together:#?}"
        );
    }
    let theme = |unit: &str, dim: &str| {
        together
            .iter()
            .find(|l| l.starts_with(&format!("theme {unit} {dim}:")))
            .cloned()
            .unwrap_or_default()
    };
    for (unit, dim, published) in [
        ("MED-M1", "exposure", 12),
        ("MED-M2", "exposure", 0),
        ("MED-M1", "psychological-safety", 0),
        ("MED-M2", "psychological-safety", 6),
        ("AKUT-DAG", "safety", 5),
    ] {
        let line = theme(unit, dim);
        assert!(line.contains(&format!("/ {published} ")), "{line}");
    }
}
