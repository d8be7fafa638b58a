//! Attacks over time (issue 15): an adversary who looks twice — two copies of
//! the database, two views of a page — and compares. Each scenario plays one
//! such adversary with only what they would hold, and fails when they learn
//! something about fewer than k people.

use crate::support::{unit_id, Store, TestApp};
use app::services::anonymity::{
    sealed::InboxKey,
    store::{self, RoundSpec},
    writer::{Claim, Submission, Writer},
};
use std::collections::BTreeMap;

const K: i64 = 5;

/// The length of every sealed row in the inbox, by id: what a copy of the
/// database shows of answers not yet moved.
async fn inbox_lengths(app: &TestApp) -> BTreeMap<String, usize> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT id, sealed FROM answer_inbox")
        .fetch_all(&app.db.pool)
        .await
        .expect("inbox");
    rows.into_iter().map(|(id, s)| (id, s.len())).collect()
}

/// Attack 1 — two backups and a length. The attacker holds two copies of the
/// database taken around one person's answer (two nightly backups on a quiet
/// day): the difference is one used invitation, which names the person for a
/// personal link, and one new sealed row. After the batch moves, they match
/// that row's length against the stored answers' lengths. Every sealed row
/// must be the same size, so the row points at the whole batch (≥ k answers),
/// not at one.
pub async fn two_database_copies_and_a_row_length_do_not_single_out_an_answer(store_kind: Store) {
    let app = TestApp::demo(store_kind).await;
    let key = InboxKey::derive(&[42u8; 32]).expect("key");
    let writer = Writer::spawn(app.db.clone(), key.clone());
    let unit = unit_id(&app, "MED-M1").await;
    let round = store::open_round(
        &app.db,
        &RoundSpec {
            name: "Pulse".into(),
            k: K,
            survey: None,
            items: vec!["wb-1".into(), "ps-1".into()],
            closes_at: None,
        },
        &[(unit.clone(), 22)].into_iter().collect(),
    )
    .await
    .expect("open");
    let codes = store::invite_cards(&app.db, &round, &unit, K as usize)
        .await
        .expect("cards");
    let submit = |code: String, answers: String| {
        let writer = writer.clone();
        let round = round.clone();
        async move {
            writer
                .submit(Submission {
                    round,
                    claim: Claim::Code(code),
                    answers,
                })
                .await
                .expect("submit")
        }
    };
    // Colleagues answer with and without skipped questions and comments.
    let others = [
        r#"{"a":{"wb-1":3,"ps-1":4}}"#.to_owned(),
        r#"{"a":{"wb-1":"dk"}}"#.to_owned(),
        r#"{"a":{"wb-1":2,"ps-1":2},"c":"ok"}"#.to_owned(),
        r#"{"a":{"ps-1":1}}"#.to_owned(),
    ];
    submit(codes[0].clone(), others[0].clone()).await;
    submit(codes[1].clone(), others[1].clone()).await;
    let before = inbox_lengths(&app).await;
    // The person of interest writes a long comment.
    let theirs = format!(
        r#"{{"a":{{"wb-1":0,"ps-1":0}},"c":"the person of interest: {}"}}"#,
        "x".repeat(300)
    );
    submit(codes[2].clone(), theirs).await;
    let after = inbox_lengths(&app).await;
    let new: Vec<(&String, &usize)> = after
        .iter()
        .filter(|(id, _)| !before.contains_key(*id))
        .collect();
    assert_eq!(new.len(), 1, "one answer arrived between the copies");
    let target_len = *new[0].1;
    submit(codes[3].clone(), others[2].clone()).await;
    submit(codes[4].clone(), others[3].clone()).await;
    // The last copy before the batch moves holds all of its sealed rows.
    let batch = inbox_lengths(&app).await;
    assert_eq!(batch.len(), K as usize);
    let moved = store::move_ready(&app.db, &key, &round, false)
        .await
        .expect("move");
    assert_eq!(moved, K as usize);

    // The attacker ranks the batch's sealed rows and the stored answers by
    // length; rows of equal length are indistinguishable.
    let mut lengths: Vec<usize> = batch.values().copied().collect();
    lengths.sort_unstable();
    let first = lengths.partition_point(|l| *l < target_len);
    let tied = lengths.iter().filter(|l| **l == target_len).count();
    let mut payloads: Vec<String> =
        sqlx::query_scalar("SELECT payload FROM answers WHERE round_id = $1")
            .bind(&round)
            .fetch_all(&app.db.pool)
            .await
            .expect("answers");
    payloads.sort_by_key(String::len);
    let candidates = &payloads[first..first + tied];
    assert!(
        tied >= K as usize,
        "the row's length narrows the person's answer to {tied} of {K} stored answers; \
         the attacker reads: {candidates:?}"
    );
}
