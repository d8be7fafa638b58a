//! `bare-answers`: the baseline for submitting an answer — the same stack
//! (axum + sqlx on SQLite or PostgreSQL) doing only the durable core of
//! Trivsel's `POST /a/submit`: claim a one-time code and store the answer, in
//! batches through one writer task. None of Trivsel's sealing, fixed-size
//! rows, rounds or middleware. A benchmark runs it next to Trivsel in the same
//! run, so the difference between the two is what Trivsel itself costs.
//!
//! Benchmark-only: never shipped.
//!
//! `DATABASE_URL=sqlite://…|postgres://… bare-answers --addr 127.0.0.1:PORT --people N`
//!
//! At start it (re)creates its own `bare_` tables (they share a database with
//! a Trivsel benchmark's tables, one after the other), seeds N invitations for
//! round `bare-round` with codes `bare-0` … `bare-{N-1}` (stored as SHA-256
//! hashes), and only then listens, so `GET /healthz` answering means ready.

use axum::{
    extract::{rejection::FormRejection, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
    Form, Router,
};
use clap::Parser;
use sha2::{Digest, Sha256};
use sqlx::{
    postgres::PgPoolOptions,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    Database, Encode, PgPool, Postgres, QueryBuilder, Sqlite, SqlitePool, Type,
};
use std::{
    collections::{HashMap, HashSet},
    net::SocketAddr,
    str::FromStr,
    time::Duration,
};
use tokio::sync::{mpsc, oneshot};

/// The round every seeded invitation belongs to.
const ROUND: &str = "bare-round";
/// Queued submissions before senders wait: enough for every connection of a
/// heavy benchmark to have one in flight.
const QUEUE: usize = 4096;
/// Most submissions per transaction (SQLite's claim binds one variable per
/// answer, far below its 32 766).
const MAX_BATCH: usize = 512;
/// Invitations per seeding INSERT (two variables each).
const SEED_ROWS: usize = 1000;
/// The longest comment accepted, as in Trivsel.
const MAX_COMMENT_CHARS: usize = 2000;

/// The server's allocator (see `bench/Cargo.toml`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(about = "Benchmark baseline: bare axum + sqlx claim-a-code-and-store-the-answer")]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:3101")]
    addr: SocketAddr,
    /// Invitations to seed (codes bare-0 … bare-{N-1}).
    #[arg(long)]
    people: usize,
    /// `sqlite://FILE` or `postgres://…`.
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
}

/// The store, through sqlx's native drivers rather than its `Any` driver:
/// PostgreSQL's set-based statements bind arrays (`= ANY($2)` over `bytea[]`,
/// `UNNEST` over `text[]`), which `Any` cannot bind, and the native drivers
/// are the fastest path the stack offers — what a baseline should be.
enum Store {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// One submission on its way to the writer.
struct Job {
    round: String,
    code_hash: Vec<u8>,
    payload: String,
    reply: oneshot::Sender<Outcome>,
}

#[derive(Clone, Copy)]
enum Outcome {
    /// The code was unused: the answer is committed.
    Stored,
    /// Unknown or used code (or another round): nothing written.
    Refused,
    /// The database failed: nothing written.
    Failed,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let store = open(&args.database_url).await?;
    setup(&store, args.people).await?;

    let (jobs, queue) = mpsc::channel(QUEUE);
    tokio::spawn(writer(store, queue));
    let app = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/a/submit", post(submit))
        .with_state(jobs);
    // Listening only now, after seeding: the benchmark polls /healthz.
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

async fn open(url: &str) -> Result<Store, sqlx::Error> {
    // One connection each: only the writer task writes, one batch at a time
    // (and more SQLite writer connections only contend for its one lock).
    if url.starts_with("sqlite:") {
        // As Trivsel: WAL, and every commit fsynced (FULL), so an answer
        // acknowledged survives a power cut; batches make it one fsync each.
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        Ok(Store::Sqlite(pool))
    } else {
        // PostgreSQL as configured (fsync on): durable at COMMIT.
        let pool = PgPoolOptions::new().max_connections(1).connect(url).await?;
        Ok(Store::Postgres(pool))
    }
}

/// Fresh tables and `people` unused invitations, in one transaction.
async fn setup(store: &Store, people: usize) -> Result<(), sqlx::Error> {
    let hashes: Vec<Vec<u8>> = (0..people)
        .map(|i| hash_code(&format!("bare-{i}")))
        .collect();
    match store {
        Store::Sqlite(pool) => {
            sqlx::raw_sql(
                "DROP TABLE IF EXISTS bare_answers; DROP TABLE IF EXISTS bare_invitations;
                 CREATE TABLE bare_invitations (code_hash BLOB PRIMARY KEY, round TEXT NOT NULL,
                     used INTEGER NOT NULL DEFAULT 0);
                 CREATE TABLE bare_answers (id INTEGER PRIMARY KEY, round TEXT NOT NULL,
                     payload TEXT NOT NULL);",
            )
            .execute(pool)
            .await?;
            let mut tx = pool.begin().await?;
            for chunk in hashes.chunks(SEED_ROWS) {
                seed_insert::<Sqlite>(chunk)
                    .build()
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await
        }
        Store::Postgres(pool) => {
            sqlx::raw_sql(
                "DROP TABLE IF EXISTS bare_answers; DROP TABLE IF EXISTS bare_invitations;
                 CREATE TABLE bare_invitations (code_hash BYTEA PRIMARY KEY, round TEXT NOT NULL,
                     used INTEGER NOT NULL DEFAULT 0);
                 CREATE TABLE bare_answers (id BIGSERIAL PRIMARY KEY, round TEXT NOT NULL,
                     payload TEXT NOT NULL);",
            )
            .execute(pool)
            .await?;
            let mut tx = pool.begin().await?;
            for chunk in hashes.chunks(SEED_ROWS) {
                seed_insert::<Postgres>(chunk)
                    .build()
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await
        }
    }
}

/// `INSERT INTO bare_invitations … VALUES (…), (…), …` for one chunk, in the
/// placeholder style of either database.
fn seed_insert<DB>(hashes: &[Vec<u8>]) -> QueryBuilder<DB>
where
    DB: Database,
    DB::Arguments: Default,
    for<'t> &'t [u8]: Encode<'t, DB> + Type<DB>,
    for<'t> &'t str: Encode<'t, DB> + Type<DB>,
{
    let mut q = QueryBuilder::new("INSERT INTO bare_invitations (code_hash, round) ");
    q.push_values(hashes, |mut row, hash| {
        row.push_bind(hash.as_slice()).push_bind(ROUND);
    });
    q
}

fn hash_code(code: &str) -> Vec<u8> {
    Sha256::digest(code.as_bytes()).to_vec()
}

/// `POST /a/submit`: validate, hand the answer to the writer, wait for the
/// commit, then send the respondent on (303, as Trivsel's form does).
async fn submit(
    State(jobs): State<mpsc::Sender<Job>>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let Some((round, code, payload)) = form.ok().and_then(|Form(fields)| validate(fields)) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let (reply, outcome) = oneshot::channel();
    let job = Job {
        round,
        code_hash: hash_code(&code),
        payload,
        reply,
    };
    if jobs.send(job).await.is_err() {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    match outcome.await.unwrap_or(Outcome::Failed) {
        Outcome::Stored => Redirect::to("/a/thanks").into_response(),
        Outcome::Refused => Redirect::to("/a/refused").into_response(),
        Outcome::Failed => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// `round`, `code`, answers `q.{id}` of 0–10 and an optional `comment`;
/// anything else (or nothing answered) is a bad form. Returns the round, the
/// code and the answers and comment as JSON.
fn validate(fields: Vec<(String, String)>) -> Option<(String, String, String)> {
    let (mut round, mut code, mut comment) = (None, None, String::new());
    let mut answers = serde_json::Map::new();
    for (name, value) in fields {
        // A second round or code, or a comment too long, falls through to
        // the last arm and is refused there (not a `q.` answer).
        match name.as_str() {
            "round" if round.is_none() => round = Some(value),
            "code" if code.is_none() => code = Some(value),
            "comment" if value.chars().count() <= MAX_COMMENT_CHARS => comment = value,
            _ => {
                let id = name.strip_prefix("q.").filter(|id| !id.is_empty())?;
                let n: u8 = value.parse().ok().filter(|n| *n <= 10)?;
                if answers.insert(id.to_owned(), n.into()).is_some() {
                    return None;
                }
            }
        }
    }
    let (round, code) = (
        round.filter(|r| !r.is_empty())?,
        code.filter(|c| !c.is_empty())?,
    );
    if answers.is_empty() {
        return None;
    }
    let payload = serde_json::json!({ "answers": answers, "comment": comment }).to_string();
    Some((round, code, payload))
}

/// The one writer: takes a submission (waiting for one), then whatever else
/// is already queued up to [`MAX_BATCH`], stores the batch in one
/// transaction and replies to each only after COMMIT ("group commit": one
/// fsync and a few round trips for hundreds of answers).
async fn writer(store: Store, mut queue: mpsc::Receiver<Job>) {
    while let Some(first) = queue.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let stored = match &store {
            Store::Sqlite(pool) => write_sqlite(pool, &batch).await,
            Store::Postgres(pool) => write_postgres(pool, &batch).await,
        };
        match stored {
            Ok(stored) => {
                for (job, stored) in batch.into_iter().zip(stored) {
                    let outcome = if stored {
                        Outcome::Stored
                    } else {
                        Outcome::Refused
                    };
                    let _ = job.reply.send(outcome);
                }
            }
            Err(e) => {
                eprintln!("bare-answers: storing {} answers failed: {e}", batch.len());
                for job in batch {
                    let _ = job.reply.send(Outcome::Failed);
                }
            }
        }
    }
}

/// The batch's code hashes per round: one claim statement per round (a
/// benchmark has one), so a code is only ever claimed for its own round.
fn by_round(batch: &[Job]) -> HashMap<&str, Vec<&[u8]>> {
    let mut rounds: HashMap<&str, Vec<&[u8]>> = HashMap::new();
    for job in batch {
        rounds
            .entry(job.round.as_str())
            .or_default()
            .push(&job.code_hash);
    }
    rounds
}

/// Which jobs won a claim, in order. A code sent twice in one batch is
/// claimed once: the first job takes it, the second finds it gone.
fn winners(batch: &[Job], mut claimed: HashMap<&str, HashSet<Vec<u8>>>) -> Vec<bool> {
    batch
        .iter()
        .map(|job| {
            claimed
                .get_mut(job.round.as_str())
                .is_some_and(|hashes| hashes.remove(job.code_hash.as_slice()))
        })
        .collect()
}

async fn write_sqlite(pool: &SqlitePool, batch: &[Job]) -> Result<Vec<bool>, sqlx::Error> {
    // IMMEDIATE takes the write lock up front, as Trivsel does.
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let mut claimed = HashMap::new();
    for (round, hashes) in by_round(batch) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "UPDATE bare_invitations SET used = 1 WHERE used = 0 AND round = ",
        );
        q.push_bind(round).push(" AND code_hash IN (");
        let mut list = q.separated(", ");
        for hash in hashes {
            list.push_bind(hash);
        }
        q.push(") RETURNING code_hash");
        let rows: Vec<Vec<u8>> = q.build_query_scalar().fetch_all(&mut *tx).await?;
        claimed.insert(round, rows.into_iter().collect::<HashSet<_>>());
    }
    let won = winners(batch, claimed);
    if won.contains(&true) {
        let mut q = QueryBuilder::<Sqlite>::new("INSERT INTO bare_answers (round, payload) ");
        let rows = batch.iter().zip(&won).filter(|(_, won)| **won);
        q.push_values(rows, |mut row, (job, _)| {
            row.push_bind(job.round.as_str())
                .push_bind(job.payload.as_str());
        });
        q.build().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(won)
}

async fn write_postgres(pool: &PgPool, batch: &[Job]) -> Result<Vec<bool>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let mut claimed = HashMap::new();
    // Fixed statement texts with array binds: prepared once, whatever the
    // batch size.
    for (round, hashes) in by_round(batch) {
        let rows: Vec<Vec<u8>> = sqlx::query_scalar(
            "UPDATE bare_invitations SET used = 1 \
             WHERE used = 0 AND round = $1 AND code_hash = ANY($2) RETURNING code_hash",
        )
        .bind(round)
        .bind(hashes)
        .fetch_all(&mut *tx)
        .await?;
        claimed.insert(round, rows.into_iter().collect::<HashSet<_>>());
    }
    let won = winners(batch, claimed);
    let (rounds, payloads): (Vec<&str>, Vec<&str>) = batch
        .iter()
        .zip(&won)
        .filter(|(_, won)| **won)
        .map(|(job, _)| (job.round.as_str(), job.payload.as_str()))
        .unzip();
    if !rounds.is_empty() {
        sqlx::query(
            "INSERT INTO bare_answers (round, payload) \
             SELECT * FROM UNNEST($1::text[], $2::text[])",
        )
        .bind(rounds)
        .bind(payloads)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(won)
}
