//! The demo's committees mid-year: the region's main committee (RMU) with
//! this year's focus goals, the hospital's HMU with goals that serve them,
//! a measure and a good story under a goal, and last year's annual
//! discussion locked as the signed-off version. Seeded by `serve --demo`
//! after the follow-up (the test suites start bare).

use super::{
    accounts,
    committees::{self, discussions, goals},
    db::Db,
};
use crate::model::DiscussionFields;
use chrono::{Datelike, NaiveDate};

async fn one(db: &Db, sql: &'static str, bind: &str) -> Result<String, sqlx::Error> {
    sqlx::query_scalar(sql).bind(bind).fetch_one(&db.pool).await
}

pub async fn seed(db: &Db) -> Result<(), sqlx::Error> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM goals")
        .fetch_one(&db.pool)
        .await?;
    if existing > 0 {
        return Ok(());
    }
    let today = super::follow_up::today();
    let year = today.year();
    let region = one(db, "SELECT id FROM units WHERE code = $1", "REG").await?;
    committees::ensure(&db.pool, &region, Some("RMU")).await?;
    let rmu = one(db, "SELECT id FROM committees WHERE name = $1", "RMU").await?;
    let hmu = one(db, "SELECT id FROM committees WHERE name = $1", "HMU").await?;
    let admin_id = one(
        db,
        "SELECT id FROM accounts WHERE email = $1",
        "admin@demo.trivsel.test",
    )
    .await?;
    let member_id = one(
        db,
        "SELECT id FROM accounts WHERE email = $1",
        "udvalg@demo.trivsel.test",
    )
    .await?;
    let (Some(admin), Some(member)) = (
        accounts::session_user(db, &admin_id).await?,
        accounts::session_user(db, &member_id).await?,
    ) else {
        return Ok(());
    };
    let y = year.to_string();
    let last = (year - 1).to_string();
    fn goal<'a>(theme: &'a str, title: &'a str, first: &'a str) -> goals::NewGoal<'a> {
        goals::NewGoal {
            theme,
            title,
            description: "",
            first_year: first,
            years: "2",
            parent: "",
            reason: "",
        }
    }
    // The region's focus for this year and next.
    let mut region_goals = Vec::new();
    for (theme, title) in [
        (
            "wellbeing",
            "En arbejdsplads med psykologisk tryghed og fleksibilitet",
        ),
        ("safety", "Kommunikation og sikkerhed"),
        ("ergonomics", "Bedre rammer og oplæring"),
    ] {
        if let Ok(id) = goals::create(db, &admin, &rmu, &goal(theme, title, &y), today).await? {
            region_goals.push(id);
        }
    }
    // The hospital adopts two of them, and says what it does about them.
    let mut hospital_goals = Vec::new();
    for (i, (theme, title, description)) in [
        (
            "wellbeing",
            "Psykologisk tryghed på sengeafsnittene",
            "Faste tavlemøder og en bedre introduktion af nye kolleger.",
        ),
        (
            "ergonomics",
            "Færre nærved-hændelser med personløftere",
            "Oplæring af alle, der bruger loftlifte.",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let parent = region_goals
            .get(if i == 0 { 0 } else { 2 })
            .cloned()
            .unwrap_or_default();
        let g = goals::NewGoal {
            theme,
            title,
            description,
            first_year: &y,
            years: "1",
            parent: &parent,
            reason: "",
        };
        if let Ok(id) = goals::create(db, &member, &hmu, &g, today).await? {
            hospital_goals.push(id);
        }
    }
    if let Some(g) = hospital_goals.first() {
        goals::set_status(
            db,
            &member,
            g,
            &y,
            "on_track",
            "Tavlemøderne holdes; introduktionen er forsinket.",
        )
        .await?
        .ok();
        goals::add_story(
            db,
            &member,
            g,
            "Tavlemødet der blev til en fast pause",
            "På M1 blev det ugentlige tavlemøde også stedet, hvor nattevagten og dagvagten mødes. Flere siger, at det er blevet lettere at sige fra.",
            today,
        )
        .await?
        .ok();
        let measures: Vec<String> = sqlx::query_scalar(
            "SELECT m.id FROM measures m JOIN problems p ON p.id = m.problem_id \
             WHERE p.source = 'result' ORDER BY m.seq",
        )
        .fetch_all(&db.pool)
        .await?;
        for m in measures {
            goals::link_measure(db, &member, g, &m).await?.ok();
        }
    }
    if let Some(g) = hospital_goals.get(1) {
        let m: Option<String> = sqlx::query_scalar(
            "SELECT m.id FROM measures m JOIN problems p ON p.id = m.problem_id \
             WHERE p.source = 'manual' ORDER BY m.seq LIMIT 1",
        )
        .fetch_optional(&db.pool)
        .await?;
        if let Some(m) = m {
            goals::link_measure(db, &member, g, &m).await?.ok();
        }
    }

    // Last year: one goal, achieved, and the discussion locked in December.
    let old = goals::NewGoal {
        years: "1",
        ..goal(
            "collaboration",
            "Et godt samarbejde mellem dag- og nattevagt",
            &last,
        )
    };
    let met = NaiveDate::from_ymd_opt(year - 1, 12, 10).unwrap_or(today);
    if let Ok(g) = goals::create(db, &member, &hmu, &old, met).await? {
        goals::set_status(
            db,
            &member,
            &g,
            &last,
            "achieved",
            "Fælles overlap kl. 7 er indført på alle sengeafsnit.",
        )
        .await?
        .ok();
    }
    let fields = DiscussionFields {
        meeting_on: crate::services::follow_up::day(met),
        participants: "Ulla Udvalg (formand), Lene Leder, Hanne Handler, arbejdsmiljørepræsentanterne fra M1, M2 og Operationsgangen".into(),
        evaluation: "Målet om samarbejdet mellem dag- og nattevagt er nået.".into(),
        worked: "Ja, målet har været på dagsordenen på alle HMU-møder.".into(),
        expected: "Vi er længere end forventet på samarbejdet, men ikke på introduktionen af nye kolleger.".into(),
        challenges: "Psykologisk tryghed på sengeafsnittene og brugen af personløftere.".into(),
        cooperation: "HMU mødes seks gange om året; arbejdsmiljøgrupperne rapporterer før hvert møde.".into(),
        competence: "To nye arbejdsmiljørepræsentanter tager den lovpligtige uddannelse i foråret.".into(),
        decisions: "Næste års mål: psykologisk tryghed på sengeafsnittene og færre nærved-hændelser med personløftere.".into(),
    };
    discussions::save(db, &member, &hmu, year - 1, &fields)
        .await?
        .ok();
    discussions::lock(db, &member, &hmu, year - 1, met)
        .await?
        .ok();
    // The material of last year's meeting went out at the time.
    sqlx::query("UPDATE discussions SET material_sent = 1 WHERE committee_id = $1")
        .bind(&hmu)
        .execute(&db.pool)
        .await?;
    Ok(())
}
