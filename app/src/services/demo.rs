//! The demo organisation seeded on first start: a hospital with four
//! departments and eleven teams of 3–25 people (some below the threshold), and
//! one staff login per role, so a newcomer can click through everything.

use super::{
    accounts,
    db::Db,
    org::{self, NewPerson, NewUnit},
    password, surveys,
};
use crate::model::{NewSurvey, Role};

/// The demo password of every demo login (printed at start-up).
pub const DEMO_PASSWORD: &str = "trivsel-demo-2026";

/// A demo staff login, printed for the newcomer.
#[derive(Clone, Debug)]
pub struct DemoLogin {
    pub role: Role,
    pub email: &'static str,
    pub scope: &'static str,
}

pub const DEMO_LOGINS: [DemoLogin; 4] = [
    DemoLogin {
        role: Role::Admin,
        email: "admin@demo.trivsel.test",
        scope: "Region Demo",
    },
    DemoLogin {
        role: Role::Leader,
        email: "leder@demo.trivsel.test",
        scope: "Medicinsk afdeling",
    },
    DemoLogin {
        role: Role::Committee,
        email: "udvalg@demo.trivsel.test",
        scope: "Hospital Nord (HMU)",
    },
    DemoLogin {
        role: Role::Handler,
        email: "handler@demo.trivsel.test",
        scope: "Region Demo",
    },
];

/// (department code, department name, [(team code, team name, headcount)])
type Dept = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, usize)],
);

const DEPARTMENTS: [Dept; 4] = [
    (
        "MED",
        "Medicinsk afdeling",
        &[
            ("MED-M1", "Sengeafsnit M1", 22),
            ("MED-M2", "Sengeafsnit M2", 18),
            ("MED-AMB", "Medicinsk ambulatorium", 4),
        ],
    ),
    (
        "AKUT",
        "Akutafdelingen",
        &[
            ("AKUT-DAG", "Akutmodtagelsen, dag", 25),
            ("AKUT-NAT", "Akutmodtagelsen, nat", 12),
            ("AKUT-VIS", "Visitationen", 3),
        ],
    ),
    (
        "KIR",
        "Kirurgisk afdeling",
        &[
            ("KIR-OP", "Operationsgangen", 16),
            ("KIR-OPV", "Opvågningen", 7),
        ],
    ),
    (
        "SERV",
        "Service og teknik",
        &[
            ("SERV-POR", "Portørerne", 9),
            ("SERV-REN", "Rengøringen", 14),
            ("SERV-TEK", "Teknik og værksted", 3),
        ],
    ),
];

const FIRST: [&str; 16] = [
    "Anne", "Mette", "Lars", "Sofie", "Jonas", "Karin", "Ahmed", "Fatima", "Erik", "Ingrid",
    "Mikkel", "Sara", "Henrik", "Nadia", "Ole", "Maja",
];
const LAST: [&str; 12] = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersson",
    "Karlsson",
    "Larsen",
    "Ali",
    "Sørensen",
    "Berg",
    "Holm",
    "Lindqvist",
];

/// Seeds the demo organisation when the database is empty. Returns false (and
/// writes nothing) when anything is there already. All in one transaction:
/// a failure leaves the database as it was.
pub async fn seed_if_empty(db: &Db) -> Result<bool, sqlx::Error> {
    if !db.is_empty().await? {
        return Ok(false);
    }
    // Hash outside the transaction: it is slow, and SQLite has one writer.
    let hash = password::hash(DEMO_PASSWORD.to_owned())
        .await
        .map_err(|e| sqlx::Error::Protocol(format!("hashing the demo password: {e}")))?;

    let mut tx = db.pool.begin().await?;
    org::create_organisation(&mut *tx, "Region Demo", "da").await?;
    let region = org::create_unit(
        &mut *tx,
        NewUnit {
            parent_id: None,
            code: "REG",
            name: "Region Demo",
            kind: "organisation",
        },
    )
    .await?;
    let hospital = org::create_unit(
        &mut *tx,
        NewUnit {
            parent_id: Some(&region),
            code: "HOSP",
            name: "Hospital Nord",
            kind: "enterprise",
        },
    )
    .await?;
    let mut medicine = String::new();
    let mut n = 0usize;
    for (code, name, teams) in DEPARTMENTS {
        let dept = org::create_unit(
            &mut *tx,
            NewUnit {
                parent_id: Some(&hospital),
                code,
                name,
                kind: "department",
            },
        )
        .await?;
        if code == "MED" {
            medicine = dept.clone();
        }
        for (tcode, tname, headcount) in teams {
            let team = org::create_unit(
                &mut *tx,
                NewUnit {
                    parent_id: Some(&dept),
                    code: tcode,
                    name: tname,
                    kind: "team",
                },
            )
            .await?;
            for _ in 0..*headcount {
                n += 1;
                let name = format!("{} {}", FIRST[n % FIRST.len()], LAST[(n * 7) % LAST.len()]);
                // About one in three has no work e-mail, as on a real ward.
                let email =
                    (!n.is_multiple_of(3)).then(|| format!("medarbejder{n}@demo.trivsel.test"));
                let lang = if n.is_multiple_of(9) { "sv" } else { "da" };
                org::add_person(
                    &mut tx,
                    NewPerson {
                        employee_no: &format!("E{:05}", 1000 + n),
                        name: &name,
                        email: email.as_deref(),
                        lang,
                        unit_id: &team,
                    },
                )
                .await?;
            }
        }
    }

    // Everyone has worked here for years: the demo's past rounds and
    // quarters of sickness absence had these people too.
    sqlx::query("UPDATE memberships SET valid_from = $1")
        .bind(chrono::Utc::now().timestamp() - 3 * 366 * 86_400)
        .execute(&mut *tx)
        .await?;

    let names = ["Astrid Admin", "Lene Leder", "Ulla Udvalg", "Hanne Handler"];
    for (login, name) in DEMO_LOGINS.iter().zip(names) {
        let account = accounts::insert(&mut *tx, login.email, name, &hash, "da").await?;
        match login.role {
            Role::Admin | Role::Handler => {
                accounts::grant(&mut *tx, &account, login.role, None, None).await?
            }
            Role::Leader => {
                accounts::grant(&mut *tx, &account, Role::Leader, Some(&medicine), None).await?
            }
            Role::Committee => {
                super::committees::ensure(&mut *tx, &hospital, Some("HMU")).await?;
                accounts::grant(
                    &mut *tx,
                    &account,
                    Role::Committee,
                    Some(&hospital),
                    Some("HMU"),
                )
                .await?
            }
        }
    }
    // The leader works on ward M1 and the committee member in the operating
    // theatres: they are asked like everyone there, and their open surveys
    // show on their overview.
    for (login, team) in [(&DEMO_LOGINS[1], "MED-M1"), (&DEMO_LOGINS[2], "KIR-OP")] {
        sqlx::query(
            "UPDATE accounts SET person_id = (SELECT p.id FROM people p JOIN units u ON u.id = p.unit_id \
             WHERE u.code = $1 ORDER BY p.employee_no LIMIT 1) WHERE email = $2",
        )
        .bind(team)
        .bind(login.email)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;

    // A pulse for the whole hospital every four weeks; the scheduler opens its
    // first round as soon as the server runs.
    let pulse = NewSurvey {
        name: "Trivselspuls".into(),
        items: PULSE.iter().map(|s| s.to_string()).collect(),
        units: vec![hospital],
        per_round: None,
        every_weeks: Some(4),
        open_days: 14,
        first_open: None,
    };
    surveys::create(db, &pulse, chrono::Utc::now().timestamp())
        .await
        .map_err(|e| sqlx::Error::Protocol(format!("seeding the demo survey: {e}")))?;
    Ok(true)
}

/// The demo pulse: one question from each non-sensitive theme.
const PULSE: [&str; 8] = [
    "wb-1", "ps-1", "sa-1", "er-1", "wl-1", "in-1", "le-1", "hp-1",
];

/// The lines printed at start-up so a newcomer knows how to sign in.
pub fn login_banner(base_url: &str) -> String {
    let mut out = format!(
        "\nTrivsel demo organisation — sign in at {base_url}/login\n  password for every demo login: {DEMO_PASSWORD}\n"
    );
    for l in DEMO_LOGINS.iter() {
        out.push_str(&format!(
            "  {:<10} {:<28} scope: {}\n",
            l.role.as_str(),
            l.email,
            l.scope
        ));
    }
    out
}
