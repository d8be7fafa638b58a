//! The demo's reports (seeded with `serve --demo` only): three cases for the
//! handler to work — one new, one overdue for acknowledgement, one in a
//! dialogue with its reporter — and closed cases of the last quarters, so
//! that the committee's report statistics have counts to show and to hide.
//! Nobody holds a receipt for any of them.

use super::{db::Db, reports};
use chrono::{Days, NaiveDate};

struct Case {
    category: &'static str,
    unit: &'static str,
    days_ago: u64,
    status: &'static str,
    messages: &'static [(&'static str, &'static str)],
}

const LIVE: [Case; 3] = [
    Case {
        category: "discrimination",
        unit: "MED",
        days_ago: 0,
        status: "new",
        messages: &[("reporter", "Jeg hører gentagne nedsættende bemærkninger om min baggrund fra en kollega på aftenvagten. Det sker, når der ikke er andre til stede.")],
    },
    Case {
        category: "accident",
        unit: "KIR",
        days_ago: 9,
        status: "new",
        messages: &[("reporter", "Nærved-hændelse: bremsen på patientliften på opvågningen slap, mens vi flyttede en patient. Ingen kom til skade.")],
    },
    Case {
        category: "bullying",
        unit: "SERV",
        days_ago: 20,
        status: "in_progress",
        messages: &[
            ("reporter", "En kollega bliver holdt uden for pauser og beskeder i vores gruppe, og der bliver talt om hende, når hun går."),
            ("receipt", ""),
            ("handler", "Tak for din indberetning. Er det sket over længere tid, og ved din nærmeste leder besked?"),
            ("reporter", "Det har stået på siden sommerferien. Lederen ved det ikke, så vidt jeg ved."),
        ],
    },
];

/// (category, unit, how many, quarters ago): closed cases for the statistics.
const CLOSED: [(&str, &str, u32, u32); 8] = [
    ("harassment", "MED", 6, 1),
    ("harassment", "AKUT", 5, 1),
    ("harassment", "KIR", 2, 1),
    ("harassment", "SERV", 1, 1),
    ("accident", "KIR", 11, 2),
    ("accident", "AKUT", 3, 2),
    ("harassment", "MED", 4, 2),
    ("violence", "AKUT", 12, 3),
];

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub async fn seed(db: &Db) -> Result<(), sqlx::Error> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports")
        .fetch_one(&db.pool)
        .await?;
    if existing > 0 {
        return Ok(());
    }
    // One hash of a secret nobody keeps serves every demo case.
    let (_, secret, _) = reports::receipt::new_receipt();
    let hash = reports::receipt::hash(&secret)
        .await
        .map_err(sqlx::Error::Protocol)?;
    let today = reports::today();
    let unit = |code: &'static str| async move {
        sqlx::query_scalar::<_, String>("SELECT id FROM units WHERE code = $1")
            .bind(code)
            .fetch_optional(&db.pool)
            .await
    };
    let mut tx = db.pool.begin().await?;
    for c in &LIVE {
        let (id, _, _) = reports::receipt::new_receipt();
        let received = today - Days::new(c.days_ago);
        let acknowledged = (c.status != "new").then(|| day(received + Days::new(2)));
        sqlx::query(
            "INSERT INTO reports (id, secret_hash, category, unit_id, status, received_on, acknowledged_on, feedback_on, notified, next_seq) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1, $8)",
        )
        .bind(&id)
        .bind(&hash)
        .bind(c.category)
        .bind(unit(c.unit).await?)
        .bind(c.status)
        .bind(day(received))
        .bind(&acknowledged)
        .bind(c.messages.len() as i64)
        .execute(&mut *tx)
        .await?;
        for (seq, (kind, body)) in c.messages.iter().enumerate() {
            sqlx::query(
                "INSERT INTO report_messages (report_id, seq, kind, body, written_on) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&id)
            .bind(seq as i64)
            .bind(*kind)
            .bind(*body)
            .bind(day(received + Days::new(seq as u64 * 2)))
            .execute(&mut *tx)
            .await?;
        }
    }
    for (category, code, n, quarters_ago) in CLOSED {
        let unit_id = unit(code).await?;
        for i in 0..n {
            let (id, _, _) = reports::receipt::new_receipt();
            let received = today
                .checked_sub_months(chrono::Months::new(3 * quarters_ago))
                .unwrap_or(today)
                - Days::new(u64::from(i % 20));
            let closed = received + Days::new(30);
            sqlx::query(
                "INSERT INTO reports (id, secret_hash, category, unit_id, status, outcome, received_on, acknowledged_on, feedback_on, closed_on, notified, next_seq) \
                 VALUES ($1, $2, $3, $4, 'closed', $5, $6, $7, $8, $8, 1, 1)",
            )
            .bind(&id)
            .bind(&hash)
            .bind(category)
            .bind(&unit_id)
            .bind(if i % 3 == 0 { "substantiated" } else { "resolved" })
            .bind(day(received))
            .bind(day(received + Days::new(3)))
            .bind(day(closed))
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO report_messages (report_id, seq, kind, body, written_on) VALUES ($1, 0, 'reporter', $2, $3)",
            )
            .bind(&id)
            .bind("(Demo)")
            .bind(day(received))
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await
}
