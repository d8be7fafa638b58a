//! Invitation and reminder e-mails over SMTP. Each person with an e-mail
//! address gets a personal link when a round opens, and — halfway through the
//! round — one reminder, only if they have not answered. The link carries the
//! invitation's code, kept sealed in the database (see `anonymity::store`).
//!
//! lettre is the maintained SMTP client for Rust: async on Tokio, a typed
//! message builder that encodes headers and bodies properly (Danish and
//! Swedish letters), STARTTLS/TLS via rustls, configured by one URL.

use super::{db::Db, surveys::date};
use crate::anonymity::sealed::InboxKey;
use crate::i18n::Lang;
use lettre::{
    message::{header::ContentType, Mailbox},
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};

/// Most e-mails sent per pass of the job (the rest go on the next pass).
const BATCH: i64 = 500;

#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// Where the links point (the public URL, without a trailing slash).
    pub(crate) base: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Mailer")
    }
}

impl Mailer {
    /// `url`: `smtp://host:port` (plain, for a local relay),
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS) or `smtps://…`.
    pub fn new(url: &str, from: &str, base: &str) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("TRIVSEL_SMTP_URL: {e}"))?
            .build();
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| format!("TRIVSEL_MAIL_FROM: {e}"))?;
        Ok(Mailer {
            transport,
            from,
            base: base.trim_end_matches('/').to_owned(),
        })
    }

    pub(crate) async fn send(&self, to: &str, subject: &str, body: String) -> Result<(), String> {
        let to: Mailbox = to.parse().map_err(|e| format!("address: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| format!("message: {e}"))?;
        let sent = self
            .transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| format!("smtp: {e}"));
        let tally = match sent {
            Ok(()) => &super::tally::MAIL_SENT,
            Err(_) => &super::tally::MAIL_FAILED,
        };
        tally.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        sent
    }
}

/// One e-mail to write: who, in which language, for which round.
struct Letter {
    invitation: String,
    round: String,
    sealed: String,
    email: String,
    lang: String,
    round_name: String,
    closes: Option<i64>,
}

type LetterRow = (String, String, String, String, String, String, Option<i64>);

fn letters(rows: Vec<LetterRow>) -> Vec<Letter> {
    rows.into_iter()
        .map(
            |(invitation, round, sealed, email, lang, round_name, closes)| Letter {
                invitation,
                round,
                sealed,
                email,
                lang,
                round_name,
                closes,
            },
        )
        .collect()
}

const SELECT_LETTERS: &str = "SELECT i.id, i.round_id, i.code_sealed, p.email, p.lang, r.name, r.closes_at \
     FROM invitations i JOIN people p ON p.id = i.person_id JOIN rounds r ON r.id = i.round_id \
     WHERE r.closed_at IS NULL AND i.used = 0 AND i.code_sealed IS NOT NULL AND p.email IS NOT NULL";

/// How one kind of letter is claimed before it is sent (so two instances
/// never send the same one) and released when sending fails (so a later
/// pass sends it).
struct Claim {
    /// The letter's text: mail-invite or mail-remind.
    kind: &'static str,
    /// Which letters wait, beside [`SELECT_LETTERS`].
    waiting: &'static str,
    claim: &'static str,
    release: &'static str,
}

const INVITATION: Claim = Claim {
    kind: "mail-invite",
    waiting: "i.mailed = 0",
    claim: "UPDATE invitations SET mailed = 1 WHERE id = $1 AND mailed = 0",
    release: "UPDATE invitations SET mailed = 0 WHERE id = $1",
};

const REMINDER: Claim = Claim {
    kind: "mail-remind",
    waiting: "i.reminder = 1",
    claim: "UPDATE invitations SET reminder = 2 WHERE id = $1 AND reminder = 1",
    release: "UPDATE invitations SET reminder = 1 WHERE id = $1",
};

/// Sends up to a batch of the letters that wait, each claimed first and
/// released when sending fails; returns how many went out.
async fn send_claimed(
    db: &Db,
    key: &InboxKey,
    mailer: &Mailer,
    how: &Claim,
) -> Result<usize, sqlx::Error> {
    let sql = format!(
        "{SELECT_LETTERS} AND {} ORDER BY i.id LIMIT {BATCH}",
        how.waiting
    );
    let rows: Vec<LetterRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_all(&db.pool)
        .await?;
    let mut sent = 0;
    for letter in letters(rows) {
        let claimed = sqlx::query(how.claim)
            .bind(&letter.invitation)
            .execute(&db.pool)
            .await?
            .rows_affected();
        if claimed != 1 {
            continue;
        }
        match write(key, mailer, &letter, how.kind).await {
            Ok(()) => sent += 1,
            Err(e) => {
                tracing::warn!(error = %e, kind = how.kind, "an e-mail could not be sent; will retry");
                sqlx::query(how.release)
                    .bind(&letter.invitation)
                    .execute(&db.pool)
                    .await?;
            }
        }
    }
    Ok(sent)
}

/// Sends the invitations not sent yet; returns how many went out. Each is
/// claimed (mailed = 1) before sending, so two instances never send the same
/// one; a failed send is released for the next pass.
pub async fn send_invitations(
    db: &Db,
    key: &InboxKey,
    mailer: &Mailer,
) -> Result<usize, sqlx::Error> {
    send_claimed(db, key, mailer, &INVITATION).await
}

/// Halfway through a round, reminds once those invited by e-mail who have not
/// answered. Returns how many reminders went out.
///
/// The round is claimed once (`rounds.reminded_at`), and in the same
/// transaction every letter mailed so far is marked (`invitations.reminder`:
/// 1 due, or 2 at once for a person who has answered, so that 2 says
/// "mailed before the pass" and never "had not answered by then");
/// then each due letter is claimed (2) before it is sent, like an
/// invitation, and released when sending fails, so that a pass on any
/// instance sends it later. An instance that cannot open the codes (started
/// with another server secret) therefore leaves them to one that can.
pub async fn send_reminders(
    db: &Db,
    key: &InboxKey,
    mailer: &Mailer,
    now: i64,
) -> Result<usize, sqlx::Error> {
    let due: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM rounds WHERE closed_at IS NULL AND reminded_at IS NULL AND closes_at IS NOT NULL \
         AND opened_at + (closes_at - opened_at) / 2 <= $1",
    )
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    for round in due {
        let _turn = db.write_turn().await;
        let mut tx = db.begin_write().await?;
        let claimed =
            sqlx::query("UPDATE rounds SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL")
                .bind(now)
                .bind(&round)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if claimed == 1 {
            // Every letter mailed so far is marked, answered or not, and
            // ends at 2 whether a reminder went or not (below): the mark
            // must not tell a copy of the database who had answered by now.
            sqlx::query(
                "UPDATE invitations SET reminder = CASE WHEN used = 0 THEN 1 ELSE 2 END \
                 WHERE round_id = $1 AND mailed = 1 AND reminder = 0",
            )
            .bind(&round)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
    }
    // Letters marked due whose person has answered since: nothing to send.
    sqlx::query(
        "UPDATE invitations SET reminder = 2 WHERE reminder = 1 AND used = 1 AND round_id IN \
         (SELECT id FROM rounds WHERE closed_at IS NULL AND reminded_at IS NOT NULL)",
    )
    .execute(&db.pool)
    .await?;
    send_claimed(db, key, mailer, &REMINDER).await
}

/// Writes and sends one letter (`kind`: mail-invite or mail-remind).
async fn write(key: &InboxKey, mailer: &Mailer, l: &Letter, kind: &str) -> Result<(), String> {
    let code = key
        .open(&l.round, &l.sealed)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or("the invitation code cannot be unsealed with this server secret")?;
    let lang = Lang::parse(&l.lang).unwrap_or_default();
    let link = format!("{}/a/{code}", mailer.base);
    let closes = l.closes.map(date).unwrap_or_default();
    let args = [
        ("round", l.round_name.clone().into()),
        ("link", link.into()),
        ("closes", closes.into()),
    ];
    let subject = lang.t_args(&format!("{kind}-subject"), &args);
    let body = lang.t_args(&format!("{kind}-body"), &args);
    mailer.send(&l.email, &subject, body).await
}

/// The hour (UTC) at which handlers hear of the day's new cases: 07:00 or
/// 08:00 in the Nordic countries, before the working day starts.
pub const HANDLER_MAIL_HOUR: u32 = 6;

/// Tells the handlers of new cases once a day, at [`HANDLER_MAIL_HOUR`]
/// (or at the first run after it, when the server was down then), so the
/// e-mail's time places a report no finer than the day before it. The day
/// is claimed with a row in `daily_jobs`, so several instances send once.
pub async fn notify_handlers_daily(
    db: &Db,
    mailer: &Mailer,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, sqlx::Error> {
    use chrono::Timelike;
    if now.hour() < HANDLER_MAIL_HOUR {
        return Ok(0);
    }
    let claimed = sqlx::query(
        "INSERT INTO daily_jobs (job, day) VALUES ('handler-mail', $1) ON CONFLICT DO NOTHING",
    )
    .bind(now.date_naive().to_string())
    .execute(&db.pool)
    .await?
    .rows_affected();
    if claimed == 0 {
        return Ok(0);
    }
    notify_handlers(db, mailer).await
}

/// Tells every report handler that new cases arrived — nothing of their
/// content, not even the category. Cases are claimed (`notified = 1`) first,
/// so two instances never send the same news.
pub async fn notify_handlers(db: &Db, mailer: &Mailer) -> Result<usize, sqlx::Error> {
    let claimed = sqlx::query("UPDATE reports SET notified = 1 WHERE notified = 0")
        .execute(&db.pool)
        .await?
        .rows_affected();
    if claimed == 0 {
        return Ok(0);
    }
    let handlers: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT a.email, a.lang FROM accounts a JOIN roles g ON g.account_id = a.id \
         WHERE g.role = 'handler' AND a.disabled_at IS NULL",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut sent = 0;
    for (email, lang) in handlers {
        let lang = Lang::parse(&lang).unwrap_or_default();
        let body = lang.t_args(
            "mail-reports-body",
            &[
                ("n", (claimed as i64).into()),
                ("url", format!("{}/reports", mailer.base).into()),
            ],
        );
        match mailer
            .send(&email, &lang.t("mail-reports-subject"), body)
            .await
        {
            Ok(()) => sent += 1,
            Err(e) => tracing::warn!(error = %e, "telling a handler about new reports failed"),
        }
    }
    Ok(sent)
}
