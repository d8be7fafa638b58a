//! The demo hospital's follow-up, mid-year: the medical department's fall in
//! psychological safety made a problem from its results, assessed twice,
//! with one measure done (employees of the department see it before
//! answering) and one overdue; a near-miss problem in the operating theatres
//! entered by hand with a measure under way; and one not yet assessed.
//! Dates are relative to today, so the demo always looks current. Seeded by
//! `serve --demo` after the past rounds (the test suites start bare).

use super::{
    accounts,
    db::Db,
    follow_up::{day, problems, today},
    ids,
};
use crate::i18n::Lang;
use chrono::{Datelike, Days, NaiveDate};

async fn unit(db: &Db, code: &str) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
        .bind(code)
        .fetch_one(&db.pool)
        .await
}

async fn account(db: &Db, email: &str) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
        .bind(email)
        .fetch_one(&db.pool)
        .await
}

fn ago(today: NaiveDate, days: u64) -> String {
    day(today - Days::new(days))
}

fn ahead(today: NaiveDate, days: u64) -> String {
    day(today + Days::new(days))
}

async fn manual(
    db: &Db,
    unit: &str,
    title: &str,
    description: &str,
    by: &str,
    on: String,
) -> Result<String, sqlx::Error> {
    let id = ids::new_id();
    sqlx::query(
        "INSERT INTO problems (id, unit_id, title, description, source, created_by, created_on) \
         VALUES ($1, $2, $3, $4, 'manual', $5, $6)",
    )
    .bind(&id)
    .bind(unit)
    .bind(title)
    .bind(description)
    .bind(by)
    .bind(on)
    .execute(&db.pool)
    .await?;
    Ok(id)
}

async fn assessment(
    db: &Db,
    problem: &str,
    seq: i64,
    (l, c): (i64, i64),
    note: &str,
    on: String,
    by: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO risk_assessments (problem_id, seq, likelihood, consequence, note, assessed_on, account_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(problem)
    .bind(seq)
    .bind(l)
    .bind(c)
    .bind(note)
    .bind(on)
    .bind(by)
    .execute(&db.pool)
    .await?;
    Ok(())
}

struct DemoMeasure<'a> {
    problem: &'a str,
    seq: i64,
    title: &'a str,
    owner: (&'a str, Option<&'a str>),
    deadline: String,
    follow_up: Option<String>,
    status: &'a str,
    done_on: Option<String>,
    outcome: &'a str,
    created_on: String,
}

async fn measure(db: &Db, m: DemoMeasure<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO measures (id, problem_id, seq, title, owner_name, owner_email, deadline, follow_up, \
         status, outcome, done_on, created_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(ids::new_id())
    .bind(m.problem)
    .bind(m.seq)
    .bind(m.title)
    .bind(m.owner.0)
    .bind(m.owner.1)
    .bind(m.deadline)
    .bind(m.follow_up)
    .bind(m.status)
    .bind(m.outcome)
    .bind(m.done_on)
    .bind(m.created_on)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn seed(db: &Db) -> Result<(), sqlx::Error> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM problems")
        .fetch_one(&db.pool)
        .await?;
    if existing > 0 {
        return Ok(());
    }
    let today = today();
    let committee = account(db, "udvalg@demo.trivsel.test").await?;
    let leader = account(db, "leder@demo.trivsel.test").await?;
    let Some(admin) =
        accounts::session_user(db, &account(db, "admin@demo.trivsel.test").await?).await?
    else {
        return Ok(());
    };

    // From the results: psychological safety in the medical department, in
    // the round eight weeks ago, through the same path as the button.
    let round: Option<String> = sqlx::query_scalar(
        "SELECT id FROM rounds WHERE closed_at IS NOT NULL ORDER BY opened_at DESC LIMIT 1 OFFSET 3",
    )
    .fetch_optional(&db.pool)
    .await?;
    let med = unit(db, "MED").await?;
    if let Some(round) = round {
        if let Ok(p) = problems::create_from_result(
            db,
            &admin,
            Lang::Da,
            &round,
            &med,
            "psychological-safety",
            today - Days::new(52),
        )
        .await?
        {
            sqlx::query("UPDATE problems SET created_by = $1, description = $2 WHERE id = $3")
                .bind(&committee)
                .bind("Psykologisk tryghed er faldet i flere runder i træk på begge sengeafsnit. Drøftet på HMU-mødet.")
                .bind(&p)
                .execute(&db.pool)
                .await?;
            assessment(
                db,
                &p,
                1,
                (3, 3),
                "Første vurdering på HMU-mødet.",
                ago(today, 50),
                &committee,
            )
            .await?;
            assessment(
                db,
                &p,
                2,
                (4, 4),
                "Faldet fortsætter; flere sygemeldinger på M2.",
                ago(today, 15),
                &leader,
            )
            .await?;
            measure(
                db,
                DemoMeasure {
                    problem: &p,
                    seq: 1,
                    title: "Faste ugentlige tavlemøder på M1 og M2",
                    owner: ("Lene Leder", Some("leder@demo.trivsel.test")),
                    deadline: ago(today, 30),
                    follow_up: Some(ahead(today, 30)),
                    status: "done",
                    done_on: Some(ago(today, 33)),
                    outcome: "Møderne holdes hver tirsdag kl. 13.",
                    created_on: ago(today, 50),
                },
            )
            .await?;
            measure(
                db,
                DemoMeasure {
                    problem: &p,
                    seq: 2,
                    title: "Introduktionsforløb for nye nattevagter",
                    owner: ("Lene Leder", Some("leder@demo.trivsel.test")),
                    deadline: ago(today, 9),
                    follow_up: Some(ahead(today, 40)),
                    status: "in_progress",
                    done_on: None,
                    outcome: "",
                    created_on: ago(today, 50),
                },
            )
            .await?;
        }
    }

    // By hand: near misses with patient lifts in the operating theatres.
    let op = unit(db, "KIR-OP").await?;
    let p = manual(
        db,
        &op,
        "Tre nærved-hændelser med personløftere i kvartalet",
        "Loftliften ved stue 3 blev brugt uden den rette sejl-størrelse.",
        &committee,
        ago(today, 40),
    )
    .await?;
    assessment(
        db,
        &p,
        1,
        (3, 5),
        "Kan give alvorlig skade på patient og personale.",
        ago(today, 38),
        &committee,
    )
    .await?;
    measure(
        db,
        DemoMeasure {
            problem: &p,
            seq: 1,
            title: "Oplæring i loftlifte for alle på Operationsgangen",
            owner: ("Ulla Udvalg", Some("udvalg@demo.trivsel.test")),
            deadline: ahead(today, 21),
            follow_up: Some(ahead(today, 60)),
            status: "in_progress",
            done_on: None,
            outcome: "",
            created_on: ago(today, 38),
        },
    )
    .await?;

    // Sickness absence for the last two quarters, as HR would import it:
    // the small outpatient clinic is hidden, and so is one ward, which
    // beside the department would reveal the clinic by subtraction.
    for back in [3u32, 6] {
        let d = today
            .checked_sub_months(chrono::Months::new(back))
            .unwrap_or(today);
        let q = format!("{}-Q{}", d.year(), (d.month() - 1) / 3 + 1);
        let mut entries = Vec::new();
        for (code, lost, people) in [
            ("MED", 240.0, 44),
            ("MED-M1", 95.0, 22),
            ("MED-M2", 120.0, 18),
            ("MED-AMB", 25.0, 4),
            ("KIR-OP", 61.0, 16),
        ] {
            entries.push((
                unit(db, code).await?,
                crate::services::follow_up::absence::Entry {
                    unit_code: code.into(),
                    period: q.clone(),
                    days_lost: lost + f64::from(back),
                    days_possible: f64::from(people) * 62.0,
                },
            ));
        }
        // Headcounts from the quarter's memberships, as for any entry.
        crate::services::follow_up::absence::write(db, &entries).await?;
    }

    // Not assessed yet.
    let night = unit(db, "AKUT").await?;
    manual(
        db,
        &night,
        "Uro og trusler i venteværelset om natten",
        "Nævnt på personalemødet; vurderes på næste HMU-møde.",
        &committee,
        ago(today, 6),
    )
    .await?;
    Ok(())
}
