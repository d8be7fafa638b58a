//! Anonymous reports (A7): filing a report, the reporter's side of the case
//! (through the receipt only), and the handlers' side — who may read a case,
//! the statutory clocks, and an audit line for every read and change.
//!
//! What protects the reporter: nothing identifying is stored (no account, no
//! address, no browser, only the day), the receipt's secret is kept only as
//! an argon2id hash ([`receipt`]), only handlers read cases, and a handler
//! who leads the unit concerned — or a unit above or below it — never sees
//! the case, nor does one who declared a conflict.

pub mod inbox;
pub mod once;
pub mod receipt;
pub mod retention;
pub mod stats;
pub mod visit;

use super::{accounts, db::Db, ids, scope::Tree};
use crate::anonymity::sealed::InboxKey;
use crate::model::{
    AuditRow, CaseMessage, CaseRow, HandlerCase, ReportCategory, ReportOutcome, ReportStatus,
    ReporterCase, Role, SessionUser,
};
use chrono::{Datelike, Months, NaiveDate, Utc};
use inbox::Arrival;
use sqlx::Row;

/// Longest description or message, in characters.
pub const MAX_CHARS: usize = 10_000;

/// Unit kinds from the top down: a report may point to a unit of the
/// configured level or above.
const LEVELS: [&str; 4] = crate::model::ReportSettings::LEVELS;

pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// A new report as the form sends it.
#[derive(Clone, Debug, Default)]
pub struct NewReport {
    pub category: String,
    pub unit: String,
    pub happened: String,
    pub description: String,
    /// The form's one-time value ([`once`]); empty when it has none.
    pub once: String,
}

/// What came of filing a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filing {
    /// Filed: the receipt to show.
    Filed(String),
    /// Refused; nothing written.
    Refused(Refusal),
    /// This form was sent before and filed then; nothing written now.
    AlreadySent,
}

impl Filing {
    /// The receipt, when the report was filed now.
    pub fn filed(self) -> Option<String> {
        match self {
            Filing::Filed(r) => Some(r),
            _ => None,
        }
    }
}

/// Why a report was refused; each is a locale key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal(pub Vec<&'static str>);

/// Units a report may point to (at the configured level or above), as
/// (id, name, depth) in tree order.
pub async fn units_for_reports(db: &Db) -> Result<Vec<(String, String, u32)>, sqlx::Error> {
    let level: Option<String> = sqlx::query_scalar("SELECT report_level FROM organisation LIMIT 1")
        .fetch_optional(&db.pool)
        .await?;
    let level = level.unwrap_or_else(|| "department".into());
    let allowed: Vec<&str> = LEVELS
        .iter()
        .take(LEVELS.iter().position(|l| *l == level).unwrap_or(2) + 1)
        .copied()
        .collect();
    let rows: Vec<(String, Option<String>, String, String)> = sqlx::query_as(
        "SELECT id, parent_id, name, kind FROM units WHERE closed_at IS NULL ORDER BY name, id",
    )
    .fetch_all(&db.pool)
    .await?;
    // Depth-first from the top, keeping only allowed kinds.
    let mut out = Vec::new();
    let mut stack: Vec<(Option<String>, u32)> = vec![(None, 0)];
    let mut guard = 0;
    while let Some((parent, depth)) = stack.pop() {
        guard += 1;
        if guard > rows.len() + 1 {
            break;
        }
        let kids: Vec<&(String, Option<String>, String, String)> =
            rows.iter().filter(|r| r.1 == parent).collect();
        for r in kids.iter().rev() {
            stack.push((Some(r.0.clone()), depth + 1));
        }
        if let Some(p) = &parent {
            if let Some(r) = rows.iter().find(|r| &r.0 == p) {
                if allowed.contains(&r.3.as_str()) {
                    out.push((r.0.clone(), r.2.clone(), depth.saturating_sub(1)));
                }
            }
        }
    }
    Ok(out)
}

/// The organisation's reporting settings.
pub async fn settings(db: &Db) -> Result<crate::model::ReportSettings, sqlx::Error> {
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT report_level, report_retention_months FROM organisation LIMIT 1")
            .fetch_optional(&db.pool)
            .await?;
    let (level, retention_months) = row.unwrap_or_else(|| ("department".into(), 12));
    Ok(crate::model::ReportSettings {
        level,
        retention_months,
    })
}

/// Saves settings that passed `ReportSettings::validate` (the database's
/// CHECK constraints refuse anything else as a last line).
pub async fn save_settings(db: &Db, s: &crate::model::ReportSettings) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE organisation SET report_level = $1, report_retention_months = $2")
        .bind(&s.level)
        .bind(s.retention_months)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The months a reporter may choose: this one and the 23 before, newest first.
pub fn months(today: NaiveDate) -> Vec<String> {
    let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
    (0..24)
        .filter_map(|i| first.checked_sub_months(Months::new(i)))
        .map(|d| d.format("%Y-%m").to_string())
        .collect()
}

/// Files a report; returns the receipt to show once. Nothing is written
/// when anything is refused, or when the same form was sent before. The
/// case waits in the sealed inbox until the day is over ([`inbox`]).
pub async fn file(db: &Db, key: &InboxKey, r: &NewReport) -> Result<Filing, sqlx::Error> {
    let mut problems = Vec::new();
    let category = ReportCategory::parse(r.category.trim());
    if category.is_none() {
        problems.push("report-error-category");
    }
    let unit = r.unit.trim();
    if !unit.is_empty()
        && !units_for_reports(db)
            .await?
            .iter()
            .any(|(u, _, _)| u == unit)
    {
        problems.push("report-error-unit");
    }
    let happened = r.happened.trim();
    if !happened.is_empty() && !months(today()).iter().any(|m| m == happened) {
        problems.push("report-error-month");
    }
    let description = r.description.trim();
    if description.is_empty() {
        problems.push("report-error-empty");
    }
    if description.chars().count() > MAX_CHARS {
        problems.push("report-error-long");
    }
    let Some(category) = category else {
        return Ok(Filing::Refused(Refusal(problems)));
    };
    if !problems.is_empty() {
        return Ok(Filing::Refused(Refusal(problems)));
    }
    let mark = once::mark(&r.once);
    // Before the receipt's hashing, so a resent form costs nothing.
    if let Some(mark) = &mark {
        if once::used(db, mark).await? {
            return Ok(Filing::AlreadySent);
        }
    }
    let (id, secret, shown) = receipt::new_receipt();
    let hash = receipt::hash(&secret)
        .await
        .map_err(|e| sqlx::Error::Protocol(format!("hashing a receipt: {e}")))?;
    let put = inbox::put(
        db,
        key,
        today(),
        &Arrival::Case {
            id,
            secret_hash: hash,
            category: category.as_str().into(),
            unit: (!unit.is_empty()).then(|| unit.to_string()),
            happened: (!happened.is_empty()).then(|| happened.to_string()),
            description: description.to_string(),
            once: mark,
        },
    )
    .await?;
    // Taken meanwhile by the same form sent at the same moment.
    Ok(if put {
        Filing::Filed(shown)
    } else {
        Filing::AlreadySent
    })
}

/// What a typed receipt opens.
#[derive(Debug, PartialEq, Eq)]
pub enum Opened {
    /// The receipt is right: this case.
    Case(String),
    /// Malformed, unknown or wrong: one answer for all three.
    Refused,
    /// Too many checks are waiting; nothing was decided.
    Busy,
}

/// The case of a receipt, when the receipt is right. A well-formed receipt
/// always costs one argon2id verification, also when the case id is unknown
/// (against a dummy hash), so the time does not tell whether a case exists.
/// A malformed one is refused at once: its shape is public knowledge, and
/// refusing it cheaply keeps garbage from taking the hasher's time.
pub async fn open_by_receipt(db: &Db, key: &InboxKey, typed: &str) -> Result<Opened, sqlx::Error> {
    let Some((id, secret)) = receipt::split(typed) else {
        return Ok(Opened::Refused);
    };
    let mut hash: Option<String> =
        sqlx::query_scalar("SELECT secret_hash FROM reports WHERE id = $1")
            .bind(&id)
            .fetch_optional(&db.pool)
            .await?;
    if hash.is_none() {
        // Filed today: still in the inbox.
        hash = inbox::waiting_for(db, key, &id)
            .await?
            .into_iter()
            .find_map(|(_, a)| match a {
                Arrival::Case { secret_hash, .. } => Some(secret_hash),
                Arrival::Message { .. } => None,
            });
    }
    Ok(match receipt::verify(&secret, hash).await {
        Ok(true) => Opened::Case(id),
        Ok(false) => Opened::Refused,
        Err(_) => Opened::Busy,
    })
}

async fn messages(db: &Db, id: &str, for_reporter: bool) -> Result<Vec<CaseMessage>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT seq, kind, body, written_on, account_id FROM report_messages WHERE report_id = $1 ORDER BY seq",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let names = if for_reporter {
        Default::default()
    } else {
        accounts::names(db).await?
    };
    Ok(rows
        .into_iter()
        .filter(|(_, kind, ..)| !(for_reporter && kind == "note"))
        .map(|(seq, kind, body, written_on, account)| CaseMessage {
            seq,
            kind,
            body,
            written_on,
            author: if for_reporter {
                None
            } else {
                account.and_then(|a| names.get(&a).cloned())
            },
            waiting: false,
        })
        .collect())
}

/// What the reporter sees of their case (the id comes from
/// [`open_by_receipt`]): the delivered case and what still waits in the
/// inbox, marked as waiting.
pub async fn reporter_view(
    db: &Db,
    key: &InboxKey,
    id: &str,
) -> Result<Option<ReporterCase>, sqlx::Error> {
    let waiting = inbox::waiting_for(db, key, id).await?;
    let row =
        sqlx::query("SELECT category, status, received_on, outcome FROM reports WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    let mut case = match row {
        Some(row) => {
            let category: String = row.try_get("category")?;
            let status: String = row.try_get("status")?;
            let outcome: Option<String> = row.try_get("outcome")?;
            ReporterCase {
                category: ReportCategory::parse(&category).unwrap_or(ReportCategory::Other),
                status: ReportStatus::parse(&status).unwrap_or(ReportStatus::New),
                received_on: row.try_get("received_on")?,
                outcome: outcome.as_deref().and_then(ReportOutcome::parse),
                messages: messages(db, id, true).await?,
            }
        }
        None => match waiting.first() {
            Some((day, Arrival::Case { category, .. })) => ReporterCase {
                category: ReportCategory::parse(category).unwrap_or(ReportCategory::Other),
                status: ReportStatus::New,
                received_on: day.clone(),
                outcome: None,
                messages: Vec::new(),
            },
            _ => return Ok(None),
        },
    };
    for (day, a) in waiting {
        let body = match a {
            Arrival::Case { description, .. } => description,
            Arrival::Message { body, .. } => body,
        };
        case.messages.push(CaseMessage {
            seq: -1,
            kind: "reporter".into(),
            body,
            written_on: day,
            author: None,
            waiting: true,
        });
    }
    Ok(Some(case))
}

/// Appends a message in one transaction with the case's counter, so two
/// writers never take the same number. Refused (false) on a closed case.
async fn append(
    db: &Db,
    id: &str,
    kind: &str,
    account: Option<&str>,
    body: &str,
    once: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let seq: Option<i64> = sqlx::query_scalar(
        "UPDATE reports SET next_seq = next_seq + 1 WHERE id = $1 AND status <> 'closed' RETURNING next_seq - 1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(seq) = seq else {
        tx.rollback().await?;
        return Ok(false);
    };
    sqlx::query(
        "INSERT INTO report_messages (report_id, seq, kind, account_id, body, written_on, form_once) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(seq)
    .bind(kind)
    .bind(account)
    .bind(body)
    .bind(day(today()))
    .bind(once)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Why a message was not added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageRefused {
    Empty,
    TooLong,
    Closed,
    /// The same form was sent before; the message is there once.
    AlreadySent,
}

impl MessageRefused {
    /// The locale key that says why.
    pub fn key(self) -> &'static str {
        match self {
            MessageRefused::Empty => "report-error-empty",
            MessageRefused::TooLong => "report-error-long",
            MessageRefused::Closed => "report-error-closed",
            MessageRefused::AlreadySent => "report-error-message-sent",
        }
    }
}

fn check_body(body: &str) -> Result<&str, MessageRefused> {
    let body = body.trim();
    if body.is_empty() {
        return Err(MessageRefused::Empty);
    }
    if body.chars().count() > MAX_CHARS {
        return Err(MessageRefused::TooLong);
    }
    Ok(body)
}

/// The reporter adds information or answers a question (`once`: the
/// form's one-time value, or empty). The message waits in the sealed inbox
/// until the day is over, like a new case.
pub async fn reporter_message(
    db: &Db,
    key: &InboxKey,
    id: &str,
    body: &str,
    once: &str,
) -> Result<Result<(), MessageRefused>, sqlx::Error> {
    let body = match check_body(body) {
        Ok(b) => b,
        Err(e) => return Ok(Err(e)),
    };
    let mark = once::mark(once);
    if let Some(mark) = &mark {
        if once::used(db, mark).await? {
            return Ok(Err(MessageRefused::AlreadySent));
        }
    }
    let status: Option<String> = sqlx::query_scalar("SELECT status FROM reports WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    if status.as_deref() == Some("closed") {
        return Ok(Err(MessageRefused::Closed));
    }
    let waiting = inbox::waiting_for(db, key, id).await?;
    if status.is_none() && waiting.is_empty() {
        // Deleted under the retention rule since the receipt was checked.
        return Ok(Err(MessageRefused::Closed));
    }
    let n = waiting
        .iter()
        .filter(|(_, a)| matches!(a, Arrival::Message { .. }))
        .count() as u32
        + 1;
    let put = inbox::put(
        db,
        key,
        today(),
        &Arrival::Message {
            case: id.to_string(),
            n,
            body: body.to_string(),
            once: mark,
        },
    )
    .await?;
    Ok(if put {
        Ok(())
    } else {
        Err(MessageRefused::AlreadySent)
    })
}

// ---- Handlers ------------------------------------------------------------

/// The statutory clocks: acknowledge within 7 days of receipt; feedback
/// within 3 months of the acknowledgement (or of the 7 days' end, when the
/// acknowledgement is late).
fn clocks(
    received: NaiveDate,
    acknowledged: Option<NaiveDate>,
    feedback: Option<NaiveDate>,
    closed: bool,
    today: NaiveDate,
) -> (Option<NaiveDate>, Option<NaiveDate>, bool) {
    let ack_by = received + chrono::Days::new(7);
    let start = acknowledged.unwrap_or(ack_by).min(ack_by);
    let feedback_by = start.checked_add_months(Months::new(3)).unwrap_or(start);
    if closed {
        return (None, None, false);
    }
    let ack_due = acknowledged.is_none().then_some(ack_by);
    let feedback_due = feedback.is_none().then_some(feedback_by);
    let overdue = ack_due.is_some_and(|d| today > d) || feedback_due.is_some_and(|d| today > d);
    (ack_due, feedback_due, overdue)
}

/// Whether `user` may read case `id` (its unit `unit`): a handler, not
/// conflicted, not a leader of the unit concerned or of a unit above or
/// below it.
async fn may_read(
    db: &Db,
    user: &SessionUser,
    id: &str,
    unit: Option<&str>,
    tree: &Tree,
) -> Result<bool, sqlx::Error> {
    if !user.has(Role::Handler) {
        return Ok(false);
    }
    if let Some(unit) = unit {
        let leads_near = user
            .roles
            .iter()
            .filter(|g| g.role == Role::Leader)
            .filter_map(|g| g.unit_id.as_deref())
            .any(|led| tree.is_within(unit, led) || tree.is_within(led, unit));
        if leads_near {
            return Ok(false);
        }
    }
    let conflicted: Option<String> = sqlx::query_scalar(
        "SELECT account_id FROM report_conflicts WHERE report_id = $1 AND account_id = $2",
    )
    .bind(id)
    .bind(&user.id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(conflicted.is_none())
}

type CaseDbRow = (
    String,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
    i64,
    Option<String>,
);

fn to_row(
    r: &CaseDbRow,
    unit_names: &std::collections::HashMap<String, String>,
    replies: &std::collections::HashSet<String>,
) -> CaseRow {
    let (id, category, unit, status, received, acknowledged, feedback, hold, _) = r;
    let status = ReportStatus::parse(status).unwrap_or(ReportStatus::New);
    let received_d = parse_day(received).unwrap_or_else(today);
    let (ack_due, feedback_due, overdue) = clocks(
        received_d,
        acknowledged.as_deref().and_then(parse_day),
        feedback.as_deref().and_then(parse_day),
        status == ReportStatus::Closed,
        today(),
    );
    CaseRow {
        id: id.clone(),
        category: ReportCategory::parse(category).unwrap_or(ReportCategory::Other),
        unit: unit.as_ref().and_then(|u| unit_names.get(u).cloned()),
        status,
        received_on: received.clone(),
        ack_due: ack_due.map(day),
        feedback_due: feedback_due.map(day),
        feedback_on: feedback.clone(),
        overdue,
        hold: *hold == 1,
        reply_waiting: status != ReportStatus::Closed && replies.contains(id),
    }
}

/// The cases whose reporter wrote last (after the first description): a
/// reply waits for the handlers. Internal notes do not answer anyone.
async fn replies_waiting(
    db: &Db,
    only: Option<&str>,
) -> Result<std::collections::HashSet<String>, sqlx::Error> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT m.report_id FROM report_messages m \
         WHERE m.kind = 'reporter' AND m.seq > 0 AND ($1 IS NULL OR m.report_id = $1) \
         AND m.seq = (SELECT MAX(x.seq) FROM report_messages x \
                      WHERE x.report_id = m.report_id AND x.kind <> 'note')",
    )
    .bind(only)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().collect())
}

const CASE_COLUMNS: &str =
    "id, category, unit_id, status, received_on, acknowledged_on, feedback_on, hold, outcome";

async fn tree_and_names(
    db: &Db,
) -> Result<(Tree, std::collections::HashMap<String, String>), sqlx::Error> {
    let units: Vec<(String, Option<String>, String)> =
        sqlx::query_as("SELECT id, parent_id, name FROM units")
            .fetch_all(&db.pool)
            .await?;
    let tree = Tree::from_parents(units.iter().map(|(u, p, _)| (u.clone(), p.clone())));
    let names = units.into_iter().map(|(u, _, n)| (u, n)).collect();
    Ok((tree, names))
}

/// The cases `user` may read, open ones first (overdue on top), newest first.
pub async fn list(db: &Db, user: &SessionUser) -> Result<Vec<CaseRow>, sqlx::Error> {
    let rows: Vec<CaseDbRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {CASE_COLUMNS} FROM reports ORDER BY received_on DESC, id"
    )))
    .fetch_all(&db.pool)
    .await?;
    let (tree, names) = tree_and_names(db).await?;
    let replies = replies_waiting(db, None).await?;
    let mut out = Vec::new();
    for r in &rows {
        if may_read(db, user, &r.0, r.2.as_deref(), &tree).await? {
            out.push(to_row(r, &names, &replies));
        }
    }
    // Open cases first: overdue, then a reply waiting, then the rest.
    out.sort_by_key(|c| {
        (
            c.status == ReportStatus::Closed,
            !c.overdue,
            !c.reply_waiting,
        )
    });
    audit(db, "*", Some(&user.id), "list").await?;
    Ok(out)
}

/// One case for a handler, written to the audit trail as read; None when it
/// does not exist or the user may not read it (the same answer).
pub async fn handler_view(
    db: &Db,
    user: &SessionUser,
    id: &str,
) -> Result<Option<HandlerCase>, sqlx::Error> {
    let row: Option<CaseDbRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {CASE_COLUMNS} FROM reports WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let (tree, names) = tree_and_names(db).await?;
    if !may_read(db, user, id, row.2.as_deref(), &tree).await? {
        return Ok(None);
    }
    audit(db, id, Some(&user.id), "read").await?;
    let extra = sqlx::query("SELECT happened, closed_on FROM reports WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await?;
    let replies = replies_waiting(db, Some(id)).await?;
    Ok(Some(HandlerCase {
        row: to_row(&row, &names, &replies),
        happened: extra.try_get("happened")?,
        outcome: row.8.as_deref().and_then(ReportOutcome::parse),
        closed_on: extra.try_get("closed_on")?,
        messages: messages(db, id, false).await?,
        once: once::new_value(),
    }))
}

/// A handler's action on a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Acknowledge,
    /// A message to the reporter; `feedback` when it is the feedback the
    /// statutory clock asks for (what was done or will be done, and why).
    Message {
        body: String,
        feedback: bool,
    },
    Note(String),
    StartWork,
    Close(ReportOutcome),
    Conflicted,
    Hold(bool),
}

/// Why an action was not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionRefused {
    /// No such case, or not for this user (the same answer).
    NotFound,
    Message(MessageRefused),
    /// Not possible in the case's state (e.g. acknowledging twice).
    State,
}

/// Takes a handler's action on case `id`; `once` is the form's one-time
/// value (a message or note is added once however often its form is sent).
pub async fn act(
    db: &Db,
    user: &SessionUser,
    id: &str,
    action: Action,
    once: &str,
) -> Result<Result<(), ActionRefused>, sqlx::Error> {
    let unit: Option<Option<String>> =
        sqlx::query_scalar("SELECT unit_id FROM reports WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    let Some(unit) = unit else {
        return Ok(Err(ActionRefused::NotFound));
    };
    let (tree, _) = tree_and_names(db).await?;
    if !may_read(db, user, id, unit.as_deref(), &tree).await? {
        return Ok(Err(ActionRefused::NotFound));
    }
    let today = day(today());
    let done = match &action {
        Action::Acknowledge => {
            let r = sqlx::query(
                "UPDATE reports SET status = 'acknowledged', acknowledged_on = $1 WHERE id = $2 AND status = 'new'",
            )
            .bind(&today)
            .bind(id)
            .execute(&db.pool)
            .await?;
            if r.rows_affected() == 1 {
                // The reporter sees a standard acknowledgement in their language.
                append(db, id, "receipt", Some(&user.id), "", None).await?;
                true
            } else {
                false
            }
        }
        Action::Message { body, .. } | Action::Note(body) => {
            let body = match check_body(body) {
                Ok(b) => b,
                Err(e) => return Ok(Err(ActionRefused::Message(e))),
            };
            let mark = once::mark(once);
            if let Some(mark) = &mark {
                if once::used(db, mark).await? {
                    return Ok(Err(ActionRefused::Message(MessageRefused::AlreadySent)));
                }
            }
            let kind = if matches!(action, Action::Message { .. }) {
                "handler"
            } else {
                "note"
            };
            if !append(db, id, kind, Some(&user.id), body, mark.as_deref()).await? {
                return Ok(Err(ActionRefused::Message(MessageRefused::Closed)));
            }
            if matches!(action, Action::Message { feedback: true, .. }) {
                // The feedback the clock asks for. A question or any other
                // message leaves the clock running: it stops only here.
                sqlx::query(
                    "UPDATE reports SET feedback_on = $1 WHERE id = $2 AND feedback_on IS NULL",
                )
                .bind(&today)
                .bind(id)
                .execute(&db.pool)
                .await?;
            }
            true
        }
        Action::StartWork => {
            sqlx::query(
                "UPDATE reports SET status = 'in_progress' WHERE id = $1 AND status = 'acknowledged'",
            )
            .bind(id)
            .execute(&db.pool)
            .await?
            .rows_affected()
                == 1
        }
        Action::Close(outcome) => {
            sqlx::query(
                "UPDATE reports SET status = 'closed', outcome = $1, closed_on = $2, \
                 acknowledged_on = COALESCE(acknowledged_on, $2), feedback_on = COALESCE(feedback_on, $2) \
                 WHERE id = $3 AND status <> 'closed'",
            )
            .bind(outcome.as_str())
            .bind(&today)
            .bind(id)
            .execute(&db.pool)
            .await?
            .rows_affected()
                == 1
        }
        Action::Conflicted => {
            sqlx::query(
                "INSERT INTO report_conflicts (report_id, account_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(&user.id)
            .execute(&db.pool)
            .await?;
            true
        }
        Action::Hold(on) => {
            sqlx::query("UPDATE reports SET hold = $1 WHERE id = $2")
                .bind(i64::from(*on))
                .bind(id)
                .execute(&db.pool)
                .await?;
            true
        }
    };
    if !done {
        return Ok(Err(ActionRefused::State));
    }
    let what = match &action {
        Action::Acknowledge => "acknowledged".to_owned(),
        Action::Message {
            feedback: false, ..
        } => "message to the reporter".to_owned(),
        Action::Message { feedback: true, .. } => "feedback to the reporter".to_owned(),
        Action::Note(_) => "internal note".to_owned(),
        Action::StartWork => "in progress".to_owned(),
        Action::Close(o) => format!("closed: {}", o.as_str()),
        Action::Conflicted => "declared a conflict of interest".to_owned(),
        Action::Hold(true) => "hold on".to_owned(),
        Action::Hold(false) => "hold off".to_owned(),
    };
    audit(db, id, Some(&user.id), &what).await?;
    Ok(Ok(()))
}

/// Writes one line of the audit trail (`report = "*"` for the case list).
pub async fn audit(
    db: &Db,
    report: &str,
    account: Option<&str>,
    action: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO report_audit (id, report_id, account_id, action, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(ids::new_id())
        .bind(report)
        .bind(account)
        .bind(action)
        .bind(Utc::now().timestamp())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The audit trail, newest first (handlers and administrators; read-only).
/// A handler sees the lines of the cases they may read — a conflicted
/// handler, or one who leads near the unit concerned, learns nothing of how
/// that case is handled. An administrator who is not a handler oversees the
/// whole trail, which names no reporter and holds no case's content.
pub async fn audit_trail(
    db: &Db,
    user: &SessionUser,
    report: Option<&str>,
) -> Result<Vec<AuditRow>, sqlx::Error> {
    let rows: Vec<(i64, Option<String>, String, String)> = match report {
        Some(r) => sqlx::query_as(
            "SELECT at, account_id, action, report_id FROM report_audit WHERE report_id = $1 ORDER BY at DESC, id LIMIT 500",
        )
        .bind(r)
        .fetch_all(&db.pool)
        .await?,
        None => sqlx::query_as(
            "SELECT at, account_id, action, report_id FROM report_audit ORDER BY at DESC, id LIMIT 500",
        )
        .fetch_all(&db.pool)
        .await?,
    };
    let overseer = user.has(Role::Admin) && !user.has(Role::Handler);
    let rows = if overseer {
        rows
    } else {
        let (tree, _) = tree_and_names(db).await?;
        let mut readable: std::collections::HashMap<String, bool> = Default::default();
        let mut kept = Vec::new();
        for row in rows {
            let case = row.3.as_str();
            if case != "*" && !case.is_empty() && !readable.contains_key(case) {
                let unit: Option<Option<String>> =
                    sqlx::query_scalar("SELECT unit_id FROM reports WHERE id = $1")
                        .bind(case)
                        .fetch_optional(&db.pool)
                        .await?;
                let ok = may_read(db, user, case, unit.flatten().as_deref(), &tree).await?;
                readable.insert(case.to_owned(), ok);
            }
            if case == "*" || case.is_empty() || readable.get(case) == Some(&true) {
                kept.push(row);
            }
        }
        kept
    };
    let names = accounts::names(db).await?;
    Ok(rows
        .into_iter()
        .map(|(at, who, action, report)| AuditRow {
            at: chrono::DateTime::from_timestamp(at, 0)
                .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default(),
            who: who.and_then(|w| names.get(&w).cloned()),
            action: if report == "*" || report.is_empty() {
                action
            } else {
                format!("{report}: {action}")
            },
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_day(s).expect("day")
    }

    #[test]
    fn the_clocks_run_from_receipt_and_acknowledgement() {
        // New, day 3: acknowledge by day 7, feedback by three months after.
        let (ack, fb, late) = clocks(d("2026-01-10"), None, None, false, d("2026-01-13"));
        assert_eq!(ack, Some(d("2026-01-17")));
        assert_eq!(fb, Some(d("2026-04-17")));
        assert!(!late);
        // Not acknowledged after 8 days: overdue.
        assert!(clocks(d("2026-01-10"), None, None, false, d("2026-01-18")).2);
        // Acknowledged on day 2: feedback three months from then.
        let (ack, fb, late) = clocks(
            d("2026-01-10"),
            Some(d("2026-01-12")),
            None,
            false,
            d("2026-04-11"),
        );
        assert_eq!(ack, None);
        assert_eq!(fb, Some(d("2026-04-12")));
        assert!(!late);
        assert!(
            clocks(
                d("2026-01-10"),
                Some(d("2026-01-12")),
                None,
                false,
                d("2026-04-13")
            )
            .2
        );
        // Feedback given or closed: no clock.
        assert!(
            !clocks(
                d("2026-01-10"),
                Some(d("2026-01-12")),
                Some(d("2026-02-01")),
                false,
                d("2026-09-01")
            )
            .2
        );
        assert_eq!(
            clocks(d("2026-01-10"), None, None, true, d("2027-01-01")),
            (None, None, false)
        );
    }

    #[test]
    fn months_go_back_two_years() {
        let m = months(d("2026-03-15"));
        assert_eq!(m.len(), 24);
        assert_eq!(m[0], "2026-03");
        assert_eq!(m[3], "2025-12");
        assert_eq!(m[23], "2024-04");
    }
}
