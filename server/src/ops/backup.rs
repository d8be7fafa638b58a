//! Backup and restore (`server backup FILE`, `server restore FILE`).
//!
//! A backup is one SQLite database file, whichever store it was taken from:
//! every table of the schema with every row, at the migration of the binary
//! that wrote it. So one file restores into either store, and moving from
//! SQLite to PostgreSQL is a backup and a restore. It is a consistent
//! snapshot taken while the server runs — SQLite's `VACUUM INTO` (one read
//! transaction), or on PostgreSQL one `REPEATABLE READ` transaction read
//! table by table — so an answer is in it with its used invitation or not at
//! all.
//!
//! What it holds: everything in the database, nothing left out. What is
//! secret there is stored as hashes (sessions, passwords, receipts, codes,
//! tokens) or sealed with the server secret (answers and reports still in
//! their inboxes, invitation codes for e-mail, authenticator secrets).
//! What it does not hold: the server secret, which never lives in the
//! database, so that a copy of the database cannot open what it seals (A2);
//! it is backed up apart. Nor configuration (environment, the identity
//! provider's client secret file).
//!
//! Copying row by row is portable because the schema is: TEXT, BIGINT and
//! DOUBLE PRECISION only, ids made by the application (no sequences to set).
//! Values are read by each column's declared type, so that a NULL keeps its
//! type on the way to PostgreSQL; a column of any other type is refused
//! rather than guessed at. The copy (a restore, or a backup of PostgreSQL)
//! writes rows in primary-key order (the keys are random), not in the order
//! they were written, all in one transaction: the copy's row order and
//! transaction ids say nothing about when anything was written (A2). A
//! backup of SQLite is the file as it is, which holds no more than the
//! file the server writes.

use anyhow::{bail, ensure, Context};
use app::services::{
    db::{Backend, Db},
    ids,
};
use sqlx::{any::AnyRow, AnyConnection, AssertSqlSafe, Row};
use std::{
    cmp::Ordering,
    collections::{BTreeMap, BTreeSet, HashSet},
    hash::{Hash, Hasher},
    path::{Path, PathBuf},
};

/// Bind parameters per INSERT at most (rows × columns): below SQLite's
/// 32 766 and PostgreSQL's 65 535.
const MAX_PARAMETERS: usize = 30_000;

/// The tables a summary names, when they exist.
pub const KEY_TABLES: &[&str] = &[
    "units",
    "people",
    "accounts",
    "rounds",
    "invitations",
    "answer_inbox",
    "answers",
    "result_items",
    "reports",
    "report_inbox",
    "discussions",
];

/// What was written: the file (for a backup) and the rows of every table.
#[derive(Debug)]
pub struct Copied {
    pub bytes: u64,
    /// Table → rows, by table name.
    pub rows: BTreeMap<String, u64>,
}

impl Copied {
    pub fn total(&self) -> u64 {
        self.rows.values().sum()
    }

    /// `units 17, people 160, …`: the [`KEY_TABLES`] that exist.
    pub fn key_counts(&self) -> String {
        KEY_TABLES
            .iter()
            .filter_map(|t| self.rows.get(*t).map(|n| format!("{t} {n}")))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Writes a consistent copy of `db` to `file`, a new SQLite database file.
/// Refuses an existing file; writes `FILE.partial` first and renames it at
/// the end, so that a failed backup never leaves a file that looks whole.
pub async fn backup(db: &Db, file: &Path) -> anyhow::Result<Copied> {
    if file.exists() {
        bail!(
            "{} exists already: a backup never overwrites a file",
            file.display()
        );
    }
    let partial = with_suffix(file, ".partial");
    if partial.exists() {
        bail!(
            "{} exists: another backup is being written, or one was interrupted (remove it then)",
            partial.display()
        );
    }
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let cleanup = Remove(Some(partial.clone()));
    match db.backend {
        Backend::Sqlite => {
            let path = partial
                .to_str()
                .context("the backup's path must be valid UTF-8")?;
            // One read transaction: a snapshot of the last commit, while the
            // server goes on writing. The result is a plain database file
            // (rollback journal, no WAL beside it), without free pages.
            sqlx::query("VACUUM INTO $1")
                .bind(path)
                .execute(&db.pool)
                .await
                .context("copying the database (VACUUM INTO)")?;
        }
        Backend::Postgres => {
            let out = open_file(&partial).await?;
            out.migrate()
                .await
                .context("creating the backup's schema")?;
            let tables = tables(&out).await?;
            // One snapshot for every table: what was committed when its first
            // query ran, whatever the server commits meanwhile.
            let mut snapshot = db
                .pool
                .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .await
                .context("starting a snapshot of the database")?;
            same_schema(migration_of(&mut *snapshot).await?)?;
            let mut into = out.begin_write().await?;
            copy(&mut snapshot, &mut into, Backend::Sqlite, &tables).await?;
            into.commit().await.context("writing the backup")?;
            snapshot.rollback().await?;
            finish(out, &partial).await?;
        }
    }
    // What was written is checked as a restore will read it.
    let (at, copied) = check_file(&partial).await?;
    same_schema(at)?;
    sync(&partial)?;
    if file.exists() {
        cleanup.keep();
        bail!(
            "{} was created while the backup was written; the backup is left in {}",
            file.display(),
            partial.display()
        );
    }
    std::fs::rename(&partial, file)
        .with_context(|| format!("renaming {} to {}", partial.display(), file.display()))?;
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        // The rename itself survives a power cut only once the folder is synced.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    cleanup.keep();
    Ok(copied)
}

/// Restores the backup `file` into `target`, which must be empty: every
/// table, in one transaction. The backup itself is never changed: it is
/// copied beside itself first, and that copy is brought up to this binary's
/// migrations (a backup of an older version restores into a newer one).
pub async fn restore(file: &Path, target: &Db) -> anyhow::Result<Copied> {
    check_header(file)?;
    let work = with_suffix(file, &format!(".restoring-{}", ids::new_id()));
    let cleanup = Remove(Some(work.clone()));
    std::fs::copy(file, &work).with_context(|| {
        format!(
            "copying {} to {} (its folder must be writable)",
            file.display(),
            work.display()
        )
    })?;
    let source = open_file(&work).await?;
    let at = migration_of(&source.pool).await?;
    let latest = Db::latest_migration();
    if at > latest {
        bail!(
            "this backup was made by a newer version of Trivsel (migration {at}; this binary knows up to {latest}): restore it with that version or a later one"
        );
    }
    source
        .migrate()
        .await
        .context("bringing the backup up to this version's schema")?;
    let tables = tables(&source).await?;

    target.migrate().await.context("migrating the store")?;
    let _turn = target.write_turn().await;
    let mut tx = target.begin_write().await?;
    // Checked inside the transaction that writes, so nothing slips in between.
    let filled = non_empty_tables(&mut tx, target.backend).await?;
    if !filled.is_empty() {
        bail!(
            "the store is not empty: restore only into an empty database (rows in: {})",
            filled.join(", ")
        );
    }
    let mut from = source.pool.acquire().await?;
    let rows = copy(&mut from, &mut tx, target.backend, &tables).await?;
    tx.commit().await.context("committing the restore")?;
    drop(from);
    source.pool.close().await;
    drop(cleanup);
    Ok(Copied {
        bytes: std::fs::metadata(file).map(|m| m.len()).unwrap_or(0),
        rows,
    })
}

/// The kind of a column, from its declared type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Int,
    Real,
    Text,
}

impl Kind {
    fn of(declared: &str) -> Option<Kind> {
        match declared.trim().to_ascii_uppercase().as_str() {
            "BIGINT" | "INTEGER" | "INT" => Some(Kind::Int),
            "DOUBLE PRECISION" | "DOUBLE" | "REAL" => Some(Kind::Real),
            "TEXT" => Some(Kind::Text),
            _ => None,
        }
    }
}

/// One value of a row, typed by its column. Equal, ordered and hashed by
/// its exact bits (a restored value must be the very same, `-0.0` too).
#[derive(Clone, Debug)]
pub enum Value {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
}

impl Value {
    fn is_null(&self) -> bool {
        matches!(
            self,
            Value::Int(None) | Value::Real(None) | Value::Text(None)
        )
    }

    fn tag(&self) -> u8 {
        match self {
            Value::Int(_) => 0,
            Value::Real(_) => 1,
            Value::Text(_) => 2,
        }
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Value {}

impl PartialOrd for Value {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Value {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => a.cmp(b),
            (Value::Real(a), Value::Real(b)) => match (a, b) {
                (Some(a), Some(b)) => a.total_cmp(b),
                _ => a.is_some().cmp(&b.is_some()),
            },
            (Value::Text(a), Value::Text(b)) => a.cmp(b),
            _ => self.tag().cmp(&other.tag()),
        }
    }
}

impl Hash for Value {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.tag().hash(state);
        match self {
            Value::Int(i) => i.hash(state),
            Value::Real(r) => r.map(f64::to_bits).hash(state),
            Value::Text(t) => t.hash(state),
        }
    }
}

/// A table as the copy sees it, read from a SQLite schema.
#[derive(Clone, Debug)]
pub struct Table {
    pub name: String,
    columns: Vec<(String, Kind)>,
    /// The primary key's columns (indexes into `columns`), in key order.
    key: Vec<usize>,
    /// Other tables this one references.
    needs: BTreeSet<String>,
    /// References to its own rows: (referencing columns, referenced columns).
    own: Vec<(Vec<usize>, Vec<usize>)>,
}

/// The tables of a SQLite database (not SQLite's nor sqlx's bookkeeping),
/// each after the tables it references.
pub async fn tables(sqlite: &Db) -> anyhow::Result<Vec<Table>> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&sqlite.pool)
    .await
    .context("listing the tables")?;
    let mut tables = BTreeMap::new();
    for name in names {
        let cols: Vec<(String, String, i64)> =
            sqlx::query_as("SELECT name, type, pk FROM pragma_table_info($1) ORDER BY cid")
                .bind(&name)
                .fetch_all(&sqlite.pool)
                .await
                .with_context(|| format!("reading the columns of {name}"))?;
        let mut columns = Vec::new();
        let mut key = Vec::new();
        for (i, (col, declared, pk)) in cols.iter().enumerate() {
            let kind = Kind::of(declared).with_context(|| {
                format!(
                    "{name}.{col} is declared {declared:?}: a backup copies only TEXT, BIGINT and DOUBLE PRECISION columns"
                )
            })?;
            columns.push((col.clone(), kind));
            if *pk > 0 {
                key.push((*pk, i));
            }
        }
        key.sort_unstable();
        let key: Vec<usize> = key.into_iter().map(|(_, i)| i).collect();
        ensure!(
            !key.is_empty(),
            "{name} has no primary key: a backup reads every table in key order"
        );
        let index = |col: &str| {
            columns
                .iter()
                .position(|(c, _)| c == col)
                .with_context(|| format!("{name} has no column {col}"))
        };
        let refs: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
            "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list($1) ORDER BY id, seq",
        )
        .bind(&name)
        .fetch_all(&sqlite.pool)
        .await
        .with_context(|| format!("reading the references of {name}"))?;
        let mut needs = BTreeSet::new();
        let mut own: BTreeMap<i64, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
        for (id, other, from, to) in refs {
            if other != name {
                needs.insert(other);
                continue;
            }
            let entry = own.entry(id).or_default();
            entry.0.push(index(&from)?);
            match to {
                Some(to) => entry.1.push(index(&to)?),
                // A reference without columns names the primary key.
                None => entry.1 = key.clone(),
            }
        }
        tables.insert(
            name.clone(),
            Table {
                name,
                columns,
                key,
                needs,
                own: own.into_values().collect(),
            },
        );
    }
    referenced_first(tables)
}

/// Orders tables so that each comes after those it references (Kahn's
/// algorithm; ties by name, so the order is always the same).
fn referenced_first(mut tables: BTreeMap<String, Table>) -> anyhow::Result<Vec<Table>> {
    let names: BTreeSet<String> = tables.keys().cloned().collect();
    for t in tables.values_mut() {
        t.needs.retain(|n| names.contains(n));
    }
    let mut done: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(tables.len());
    while !tables.is_empty() {
        let ready: Vec<String> = tables
            .values()
            .filter(|t| t.needs.iter().all(|n| done.contains(n)))
            .map(|t| t.name.clone())
            .collect();
        if ready.is_empty() {
            bail!(
                "the tables {} reference each other in a cycle: no order to copy them in",
                tables.keys().cloned().collect::<Vec<_>>().join(", ")
            );
        }
        for name in ready {
            if let Some(t) = tables.remove(&name) {
                done.insert(name);
                out.push(t);
            }
        }
    }
    Ok(out)
}

/// Every row of `table` in `db`, in primary-key order (the store's own
/// order of text: sort before comparing two stores).
pub async fn rows(db: &Db, table: &Table) -> anyhow::Result<Vec<Vec<Value>>> {
    let mut conn = db.pool.acquire().await?;
    let mut all = Vec::new();
    let mut after: Option<Vec<Value>> = None;
    let per = per_statement(table);
    loop {
        let page = page(&mut conn, table, after.as_deref(), per).await?;
        let n = page.len();
        if let Some(last) = page.last() {
            after = Some(table.key_of(last));
        }
        all.extend(page);
        if n < per {
            return Ok(all);
        }
    }
}

impl Table {
    fn key_of(&self, row: &[Value]) -> Vec<Value> {
        self.key.iter().map(|&i| row[i].clone()).collect()
    }

    fn column_list(&self) -> String {
        self.columns
            .iter()
            .map(|(c, _)| quote(c))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Rows per statement and per page read: as many as the parameters allow.
fn per_statement(t: &Table) -> usize {
    (MAX_PARAMETERS / t.columns.len().max(1)).max(1)
}

fn quote(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

/// Up to `limit` rows after the key `after`, in key order. Keyset pages:
/// each starts at the key where the last one ended, found in the primary
/// key's index, so a table of millions of rows is read in linear time.
async fn page(
    conn: &mut AnyConnection,
    t: &Table,
    after: Option<&[Value]>,
    limit: usize,
) -> anyhow::Result<Vec<Vec<Value>>> {
    let key: Vec<String> = t.key.iter().map(|&i| quote(&t.columns[i].0)).collect();
    let key = key.join(", ");
    let filter = match after {
        Some(after) => {
            let params: Vec<String> = (1..=after.len()).map(|n| format!("${n}")).collect();
            format!("WHERE ({key}) > ({})", params.join(", "))
        }
        None => String::new(),
    };
    let sql = format!(
        "SELECT {} FROM {} {filter} ORDER BY {key} LIMIT {limit}",
        t.column_list(),
        quote(&t.name)
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for v in after.unwrap_or_default() {
        q = match v.clone() {
            Value::Int(x) => q.bind(x),
            Value::Real(x) => q.bind(x),
            Value::Text(x) => q.bind(x),
        };
    }
    let found = q
        .fetch_all(&mut *conn)
        .await
        .with_context(|| format!("reading {}", t.name))?;
    found.iter().map(|row| decode(row, t)).collect()
}

fn decode(row: &AnyRow, t: &Table) -> anyhow::Result<Vec<Value>> {
    t.columns
        .iter()
        .enumerate()
        .map(|(i, (col, kind))| {
            let v = match kind {
                Kind::Int => row.try_get(i).map(Value::Int),
                Kind::Real => row.try_get(i).map(Value::Real),
                Kind::Text => row.try_get(i).map(Value::Text),
            };
            v.with_context(|| format!("reading {}.{col} as {kind:?}", t.name))
        })
        .collect()
}

/// Writes `rows` into `t` with multi-row INSERTs.
async fn insert(
    conn: &mut AnyConnection,
    backend: Backend,
    t: &Table,
    rows: Vec<Vec<Value>>,
) -> anyhow::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO {} ({}) VALUES {}",
        quote(&t.name),
        t.column_list(),
        backend.values(rows.len(), t.columns.len())
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for v in rows.into_iter().flatten() {
        // A typed None: PostgreSQL learns the type of a NULL from it.
        q = match v {
            Value::Int(x) => q.bind(x),
            Value::Real(x) => q.bind(x),
            Value::Text(x) => q.bind(x),
        };
    }
    q.execute(&mut *conn)
        .await
        .with_context(|| format!("writing {}", t.name))?;
    Ok(())
}

/// A table read a page at a time in key order (see [`page`]).
struct Pages<'t> {
    t: &'t Table,
    per: usize,
    after: Option<Vec<Value>>,
    done: bool,
}

impl<'t> Pages<'t> {
    fn new(t: &'t Table, per: usize) -> Self {
        Pages {
            t,
            per,
            after: None,
            done: false,
        }
    }

    /// The next page, or None when the table has been read.
    async fn next(&mut self, from: &mut AnyConnection) -> anyhow::Result<Option<Vec<Vec<Value>>>> {
        if self.done {
            return Ok(None);
        }
        let rows = page(from, self.t, self.after.as_deref(), self.per).await?;
        self.done = rows.len() < self.per;
        match rows.last() {
            Some(last) => {
                self.after = Some(self.t.key_of(last));
                Ok(Some(rows))
            }
            None => Ok(None),
        }
    }
}

/// Copies every table, in the order given, from one connection to another
/// (each inside its transaction); returns the rows copied per table.
async fn copy(
    from: &mut AnyConnection,
    to: &mut AnyConnection,
    to_backend: Backend,
    tables: &[Table],
) -> anyhow::Result<BTreeMap<String, u64>> {
    let mut counts = BTreeMap::new();
    for t in tables {
        let per = per_statement(t);
        let mut pages = Pages::new(t, per);
        let mut n = 0u64;
        if t.own.is_empty() {
            while let Some(rows) = pages.next(from).await? {
                n += rows.len() as u64;
                insert(to, to_backend, t, rows).await?;
            }
        } else {
            // A tree (units under units): parents before their children.
            let mut all = Vec::new();
            while let Some(rows) = pages.next(from).await? {
                all.extend(rows);
            }
            n = all.len() as u64;
            let mut ordered = parents_first(t, all)?;
            while !ordered.is_empty() {
                let rest = ordered.split_off(per.min(ordered.len()));
                insert(to, to_backend, t, std::mem::replace(&mut ordered, rest)).await?;
            }
        }
        counts.insert(t.name.clone(), n);
    }
    Ok(counts)
}

/// The rows of a table that references itself, each after the row it
/// references: in rounds, every row whose references are empty (a NULL
/// column), itself, or already placed.
fn parents_first(t: &Table, mut rows: Vec<Vec<Value>>) -> anyhow::Result<Vec<Vec<Value>>> {
    let pick = |row: &[Value], cols: &[usize]| -> Vec<Value> {
        cols.iter().map(|&i| row[i].clone()).collect()
    };
    let mut placed: Vec<HashSet<Vec<Value>>> = vec![HashSet::new(); t.own.len()];
    let mut out = Vec::with_capacity(rows.len());
    while !rows.is_empty() {
        let (ready, waiting): (Vec<_>, Vec<_>) = rows.into_iter().partition(|row| {
            t.own.iter().zip(&placed).all(|((from, to), placed)| {
                let points_at = pick(row, from);
                points_at.iter().any(Value::is_null)
                    || points_at == pick(row, to)
                    || placed.contains(&points_at)
            })
        });
        if ready.is_empty() {
            bail!(
                "{} rows of {} reference rows of it that are missing or form a cycle",
                waiting.len(),
                t.name
            );
        }
        for row in &ready {
            for ((_, to), placed) in t.own.iter().zip(placed.iter_mut()) {
                placed.insert(pick(row, to));
            }
        }
        out.extend(ready);
        rows = waiting;
    }
    Ok(out)
}

/// The tables of a store (but sqlx's) that hold at least one row.
async fn non_empty_tables(
    conn: &mut AnyConnection,
    backend: Backend,
) -> anyhow::Result<Vec<String>> {
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '_sqlx_migrations' ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
             AND table_name <> '_sqlx_migrations' ORDER BY table_name"
        }
    };
    let names: Vec<String> = sqlx::query_scalar(sql)
        .fetch_all(&mut *conn)
        .await
        .context("listing the store's tables")?;
    let mut filled = Vec::new();
    for name in names {
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM {} LIMIT 1) AS x",
            quote(&name)
        );
        let n: i64 = sqlx::query_scalar(AssertSqlSafe(sql))
            .fetch_one(&mut *conn)
            .await
            .with_context(|| format!("looking into {name}"))?;
        if n > 0 {
            filled.push(name);
        }
    }
    Ok(filled)
}

/// The newest migration applied to a store.
async fn migration_of<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    e: E,
) -> anyhow::Result<i64> {
    let at: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(e)
            .await
            .context("reading the migrations applied (is this a Trivsel database?)")?;
    at.context("no migrations applied: not a Trivsel database")
}

/// A backup is at the binary's schema: refuses a store at another one.
fn same_schema(at: i64) -> anyhow::Result<()> {
    let latest = Db::latest_migration();
    match at.cmp(&latest) {
        Ordering::Equal => Ok(()),
        Ordering::Less => bail!(
            "the database is at migration {at} and this binary at {latest}: back up with the version of Trivsel that serves it (this binary would change it by migrating)"
        ),
        Ordering::Greater => bail!(
            "the database is at migration {at}, newer than this binary ({latest}): back up with the version of Trivsel that serves it"
        ),
    }
}

fn sqlite_url(path: &Path) -> anyhow::Result<String> {
    let path = path
        .to_str()
        .context("the backup's path must be valid UTF-8")?;
    ensure!(
        !path.contains('?'),
        "the backup's path must not contain '?': {path}"
    );
    Ok(format!("sqlite://{path}"))
}

async fn open_file(path: &Path) -> anyhow::Result<Db> {
    Db::connect(&sqlite_url(path)?, 1)
        .await
        .with_context(|| format!("opening {}", path.display()))
}

/// Leaves a database file whole on its own: the WAL folded in and off (a
/// backup is one file), the connection closed.
async fn finish(db: Db, path: &Path) -> anyhow::Result<()> {
    sqlx::query("PRAGMA journal_mode = DELETE")
        .execute(&db.pool)
        .await
        .with_context(|| format!("closing {}", path.display()))?;
    db.pool.close().await;
    Ok(())
}

/// Opens a written backup, checks it (`PRAGMA quick_check`), counts its rows
/// and closes it again as one file; returns its migration and the counts.
async fn check_file(path: &Path) -> anyhow::Result<(i64, Copied)> {
    let out = open_file(path).await?;
    let verdict: String = sqlx::query_scalar("PRAGMA quick_check")
        .fetch_one(&out.pool)
        .await
        .context("checking the backup")?;
    ensure!(verdict == "ok", "the backup failed its check: {verdict}");
    let at = migration_of(&out.pool).await?;
    let mut rows = BTreeMap::new();
    for t in tables(&out).await? {
        let sql = format!("SELECT COUNT(*) FROM {}", quote(&t.name));
        let n: i64 = sqlx::query_scalar(AssertSqlSafe(sql))
            .fetch_one(&out.pool)
            .await?;
        rows.insert(t.name, u64::try_from(n).unwrap_or(0));
    }
    finish(out, path).await?;
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Ok((at, Copied { bytes, rows }))
}

/// Refuses a file that is not a SQLite database before anything is copied.
fn check_header(file: &Path) -> anyhow::Result<()> {
    use std::io::Read;
    let mut header = Vec::with_capacity(16);
    std::fs::File::open(file)
        .and_then(|f| f.take(16).read_to_end(&mut header))
        .with_context(|| format!("reading {}", file.display()))?;
    ensure!(
        header == b"SQLite format 3\0",
        "{} is not a Trivsel backup (not a SQLite database file)",
        file.display()
    );
    Ok(())
}

/// Flushes a written file to the disk: SQLite does not sync what
/// `VACUUM INTO` writes.
fn sync(path: &Path) -> anyhow::Result<()> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("syncing {}", path.display()))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Removes a work file (and what SQLite keeps beside it) when dropped,
/// unless kept: a failed backup or restore leaves nothing behind.
struct Remove(Option<PathBuf>);

impl Remove {
    fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for Remove {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(with_suffix(&path, suffix));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str, needs: &[&str]) -> Table {
        Table {
            name: name.into(),
            columns: vec![("id".into(), Kind::Text), ("parent_id".into(), Kind::Text)],
            key: vec![0],
            needs: needs.iter().map(|n| n.to_string()).collect(),
            own: Vec::new(),
        }
    }

    #[test]
    fn tables_come_after_those_they_reference_and_a_cycle_is_refused() {
        let tables = [
            table("roles", &["accounts", "units"]),
            table("accounts", &["people"]),
            table("people", &["units"]),
            table("units", &[]),
            table("notes", &["gone"]),
        ];
        let order = referenced_first(tables.into_iter().map(|t| (t.name.clone(), t)).collect())
            .expect("an order");
        let names: Vec<&str> = order.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["notes", "units", "people", "accounts", "roles"]);

        let cycle = [table("a", &["b"]), table("b", &["a"]), table("c", &[])];
        let refused = referenced_first(cycle.into_iter().map(|t| (t.name.clone(), t)).collect())
            .expect_err("a cycle");
        assert!(refused.to_string().contains("a, b"), "{refused}");
    }

    #[test]
    fn a_tree_is_written_parents_first() {
        let mut units = table("units", &[]);
        units.own = vec![(vec![1], vec![0])];
        let row = |id: &str, parent: Option<&str>| {
            vec![
                Value::Text(Some(id.into())),
                Value::Text(parent.map(str::to_owned)),
            ]
        };
        let rows = vec![
            row("ward", Some("department")),
            row("department", Some("hospital")),
            row("itself", Some("itself")),
            row("hospital", None),
        ];
        let ordered = parents_first(&units, rows).expect("an order");
        let ids: Vec<Value> = ordered.iter().map(|r| r[0].clone()).collect();
        let text = |s: &str| Value::Text(Some(s.into()));
        assert_eq!(
            ids,
            [
                text("itself"),
                text("hospital"),
                text("department"),
                text("ward")
            ]
        );

        let orphan = vec![row("ward", Some("nowhere"))];
        assert!(parents_first(&units, orphan).is_err());
    }

    #[test]
    fn only_portable_column_types_are_copied() {
        assert_eq!(Kind::of("BIGINT"), Some(Kind::Int));
        assert_eq!(Kind::of("double precision"), Some(Kind::Real));
        assert_eq!(Kind::of("TEXT"), Some(Kind::Text));
        for other in ["BLOB", "BOOLEAN", "NUMERIC", "VARCHAR(20)", ""] {
            assert_eq!(Kind::of(other), None, "{other}");
        }
    }

    #[test]
    fn values_are_the_same_only_to_the_bit() {
        assert_ne!(Value::Real(Some(0.0)), Value::Real(Some(-0.0)));
        assert_eq!(Value::Real(Some(f64::NAN)), Value::Real(Some(f64::NAN)));
        assert_ne!(Value::Int(None), Value::Text(None));
        assert_ne!(Value::Real(None), Value::Real(Some(0.0)));
        let mut sorted = vec![
            Value::Text(Some("b".into())),
            Value::Int(Some(2)),
            Value::Text(None),
            Value::Int(Some(-1)),
        ];
        sorted.sort();
        assert_eq!(
            sorted,
            [
                Value::Int(Some(-1)),
                Value::Int(Some(2)),
                Value::Text(None),
                Value::Text(Some("b".into())),
            ]
        );
    }
}
