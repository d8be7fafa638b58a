//! People who left: their personal data is erased (or pseudonymised where
//! history needs it) once the organisation's retention period has passed,
//! by a job that several instances may run at once; and an administrator
//! can export everything Trivsel holds about one person — never whether
//! they answered, never an answer or a report.

use crate::support::{client, count, login, page, post, unit_id, Store, TestApp};
use app::{
    model::Role,
    services::{accounts, audit, db::Db, import, leavers, password_links},
};
use chrono::Utc;

const PASSWORD: &str = "vinter over fjorden i år";
const ADMIN_EMAIL: &str = "hr.admin@region.test";
const DAY: i64 = 86_400;

/// The leaver whose every trace the first scenario hunts for.
const NAME: &str = "Gunhild Østergaard";
const EMAIL: &str = "gunhild.ostergaard@region.test";
const NUMBER: &str = "HR-558812";

const UNITS: &str = "code,name,parent_code\nR,Region Test,\nW1,Ward 1,R\nW2,Ward 2,R\n";
const HEADER: &str = "employee_no,name,email,unit_code,language,leader_of\n";

/// Stores and applies an HR import, as the API does.
async fn apply(db: &Db, people: &str) {
    let id = import::store(db, None, Some(UNITS.as_bytes()), people.as_bytes())
        .await
        .expect("store");
    import::apply_stored(db, &id, false, &|_, _| {})
        .await
        .expect("apply");
}

/// An administrator who is not in the HR file, signed in.
async fn admin(app: &TestApp) -> reqwest::Client {
    let id = accounts::create(&app.db, ADMIN_EMAIL, "Hanne Admin", PASSWORD, "en")
        .await
        .expect("admin account");
    accounts::grant(&app.db.pool, &id, Role::Admin, None, None)
        .await
        .expect("admin role");
    signed_in(app, ADMIN_EMAIL).await
}

async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let c = client();
    let res = login(app, &c, email, PASSWORD).await;
    assert_eq!(res.status(), 200, "login as {email}");
    c
}

/// Gives the account of `email` the test password.
async fn set_password(app: &TestApp, email: &str) {
    let token = password_links::make_now(&app.db, email)
        .await
        .expect("link")
        .expect("an account");
    password_links::redeem(&app.db, &token, PASSWORD, PASSWORD)
        .await
        .expect("redeem")
        .expect("password set");
}

async fn person(app: &TestApp, employee_no: &str) -> String {
    sqlx::query_scalar("SELECT id FROM people WHERE employee_no = $1")
        .bind(employee_no)
        .fetch_one(&app.db.pool)
        .await
        .expect("person")
}

/// Says the person left `days` ago.
async fn left_days_ago(app: &TestApp, person: &str, days: i64) {
    sqlx::query("UPDATE people SET left_at = $1 WHERE id = $2")
        .bind(Utc::now().timestamp() - days * DAY)
        .bind(person)
        .execute(&app.db.pool)
        .await
        .expect("backdate the leaving");
}

/// Every table and column of the schema, found from the database itself
/// (so a table added later is searched too).
async fn columns(app: &TestApp, store: Store) -> Vec<(String, String)> {
    match store {
        Store::Sqlite => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
            )
            .fetch_all(&app.db.pool)
            .await
            .expect("tables");
            let mut out = Vec::new();
            for t in tables {
                let cols: Vec<String> =
                    sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
                        .bind(&t)
                        .fetch_all(&app.db.pool)
                        .await
                        .expect("columns");
                out.extend(cols.into_iter().map(|c| (t.clone(), c)));
            }
            out
        }
        Store::Postgres => sqlx::query_as(
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
        )
        .fetch_all(&app.db.pool)
        .await
        .expect("columns"),
    }
}

/// Where `needle` stands in the database: `table.column` of every cell that
/// holds it (whatever the column's type, in any letter case).
async fn found(app: &TestApp, store: Store, needle: &str) -> Vec<String> {
    let cols = columns(app, store).await;
    assert!(cols.len() > 100, "the schema was not read: {cols:?}");
    let mut hits = Vec::new();
    for (t, c) in cols {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM \"{t}\" WHERE CAST(\"{c}\" AS TEXT) LIKE $1 \
             OR LOWER(CAST(\"{c}\" AS TEXT)) LIKE $2"
        )))
        .bind(format!("%{needle}%"))
        .bind(format!("%{}%", needle.to_lowercase()))
        .fetch_one(&app.db.pool)
        .await
        .expect("search");
        if n > 0 {
            hits.push(format!("{t}.{c}"));
        }
    }
    hits
}

async fn rows(app: &TestApp, sql: &'static str) -> Vec<Vec<Option<String>>> {
    use sqlx::Row;
    let rows = sqlx::query(sql).fetch_all(&app.db.pool).await.expect(sql);
    rows.iter()
        .map(|r| {
            (0..r.len())
                .map(|i| {
                    r.try_get::<Option<String>, _>(i)
                        .ok()
                        .flatten()
                        .or_else(|| {
                            r.try_get::<Option<i64>, _>(i)
                                .ok()
                                .flatten()
                                .map(|n| n.to_string())
                        })
                })
                .collect()
        })
        .collect()
}

/// A leaver past the retention period is erased everywhere: their name,
/// address and employee number are in no cell of any table afterwards;
/// memberships and the headcounts of past rounds are as they were; one
/// audit line says so. A leaver still inside the period and a colleague
/// who stays are untouched, and a second run erases nothing more.
pub async fn a_leaver_past_the_retention_is_erased_everywhere_and_history_stays(store: Store) {
    let app = TestApp::empty(store).await;
    let admin = admin(&app).await;
    let people = format!(
        "{HEADER}{NUMBER},{NAME},{EMAIL},W1,da,W1\n\
         HR-660021,Margit Nylig,margit.nylig@region.test,W1,da,\n\
         HR-770033,Carsten Bliver,carsten.bliver@region.test,W1,da,\n\
         HR-880041,Ida Eng,,W1,da,\nHR-880042,Ole Dal,,W1,sv,\n"
    );
    apply(&app.db, &people).await;
    let gunhild = person(&app, NUMBER).await;
    // A round opens while she works in ward 1: she is invited and counted.
    crate::scenarios::answering::open_survey(&app, "Spring", &["wb-1"], "R").await;
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM invitations WHERE person_id IS NOT NULL"
        )
        .await,
        3,
        "the three with an address are invited personally"
    );

    // She leads ward 1 (an account from the import), signs in, has two-step
    // sign-in with recovery codes, writes an audit line of her own, owns
    // measures; an administrator moves her, makes her a handler and
    // exports her data.
    set_password(&app, EMAIL).await;
    let her = signed_in(&app, EMAIL).await;
    let account: String = sqlx::query_scalar("SELECT id FROM accounts WHERE person_id = $1")
        .bind(&gunhild)
        .fetch_one(&app.db.pool)
        .await
        .expect("her account");
    sqlx::query(
        "UPDATE accounts SET totp_secret = 'sealed-secret', totp_last_step = 7 WHERE id = $1",
    )
    .bind(&account)
    .execute(&app.db.pool)
    .await
    .expect("two-step on");
    sqlx::query("INSERT INTO recovery_codes (id, account_id, code_hash) VALUES ('rc1', $1, 'h1')")
        .bind(&account)
        .execute(&app.db.pool)
        .await
        .expect("recovery code");
    let (status, body) = post(
        &admin,
        &app,
        "org/person/move",
        &[("person", &gunhild), ("unit", &unit_id(&app, "W2").await)],
    )
    .await;
    assert!(status < 400, "{status} {body}");
    let (status, body) = post(
        &admin,
        &app,
        "roles/appoint",
        &[("email", EMAIL), ("role", "handler")],
    )
    .await;
    assert!(status < 400, "{status} {body}");
    let me = accounts::session_user(&app.db, &account)
        .await
        .expect("db")
        .expect("her");
    audit::record(
        &app.db.pool,
        audit::By::Staff(&me),
        "thresholds-changed",
        "",
        "scores 5",
    )
    .await
    .expect("her own audit line");
    let problem = app::services::follow_up::problems::create(
        &app.db,
        &me,
        &app::services::follow_up::problems::NewProblem {
            unit: &unit_id(&app, "W1").await,
            title: "Night shifts",
            description: "",
        },
        app::services::follow_up::today(),
    )
    .await
    .expect("db")
    .expect("problem");
    let soon =
        app::services::follow_up::day(app::services::follow_up::today() + chrono::Days::new(9));
    for (title, email) in [("Rota by e-mail", EMAIL), ("Rota by name", "")] {
        app::services::follow_up::plans::add(
            &app.db,
            &me,
            &problem,
            &app::services::follow_up::plans::NewMeasure {
                title,
                owner_name: NAME,
                owner_email: email,
                deadline: &soon,
                follow_up: "",
            },
            app::services::follow_up::today(),
        )
        .await
        .expect("db")
        .expect("measure");
    }
    let export = admin
        .get(app.at(&format!("/organisation/people/{gunhild}/export.json")))
        .send()
        .await
        .expect("export");
    assert_eq!(export.status(), 200);

    // She and Margit leave (the HR file no longer has them).
    apply(
        &app.db,
        &format!(
            "{HEADER}HR-770033,Carsten Bliver,carsten.bliver@region.test,W1,da,\n\
             HR-880041,Ida Eng,,W1,da,\nHR-880042,Ole Dal,,W1,sv,\n"
        ),
    )
    .await;
    assert_eq!(
        crate::support::signed_in_as(&her, &app.base).await,
        None,
        "the leaver's session ended"
    );
    // A sign-in was half-way through its second step; the administrator's
    // one-time message names her.
    sqlx::query(
        "INSERT INTO second_steps (token_hash, account_id, created_at) VALUES ('st', $1, 0)",
    )
    .bind(&account)
    .execute(&app.db.pool)
    .await
    .expect("second step");
    sqlx::query(
        "UPDATE sessions SET flash = $1 WHERE account_id = (SELECT id FROM accounts WHERE email = $2)",
    )
    .bind(format!("new-account\n{EMAIL}"))
    .bind(ADMIN_EMAIL)
    .execute(&app.db.pool)
    .await
    .expect("flash");
    let margit = person(&app, "HR-660021").await;
    left_days_ago(&app, &gunhild, 400).await;
    left_days_ago(&app, &margit, 30).await;

    // Before: the search finds her (so finding nothing later means something).
    for needle in [NAME, EMAIL, NUMBER] {
        assert!(
            !found(&app, store, needle).await.is_empty(),
            "{needle} not found before"
        );
    }
    let memberships = || {
        rows(
            &app,
            "SELECT id, person_id, unit_id, valid_from, valid_to FROM memberships ORDER BY id",
        )
    };
    let round_units = || {
        rows(&app, "SELECT round_id, unit_id, parent_id, headcount, invitations FROM round_units ORDER BY round_id, unit_id")
    };
    let invitations = || {
        rows(
            &app,
            "SELECT id, round_id, unit_id, person_id, used FROM invitations ORDER BY id",
        )
    };
    let others = || {
        rows(&app, "SELECT id, employee_no, name, email, lang, unit_id, left_at, erased_at FROM people WHERE employee_no IN ('HR-660021', 'HR-770033') ORDER BY id")
    };
    let before = (
        memberships().await,
        round_units().await,
        invitations().await,
        others().await,
    );
    assert_eq!(before.0.len(), 6, "five memberships and her move");

    let outcome = leavers::erase_due(&app.db, Utc::now())
        .await
        .expect("erase");
    assert_eq!((outcome.erased, outcome.kept), (1, 0));

    for needle in [NAME, "Østergaard", EMAIL, NUMBER] {
        let hits = found(&app, store, needle).await;
        assert!(hits.is_empty(), "{needle} is still in {hits:?}");
    }
    let after = (
        memberships().await,
        round_units().await,
        invitations().await,
        others().await,
    );
    assert_eq!(after, before, "history and the others are unchanged");
    assert_eq!(
        found(&app, store, "margit.nylig@region.test").await,
        ["people.email"],
        "the leaver inside the retention period is kept"
    );
    let (actor, subject): (String, String) =
        sqlx::query_as("SELECT actor, subject FROM admin_audit WHERE action = 'person-erased'")
            .fetch_one(&app.db.pool)
            .await
            .expect("one audit line");
    assert_eq!(actor, "Trivsel");
    let pseudonym: String = sqlx::query_scalar("SELECT employee_no FROM people WHERE id = $1")
        .bind(&gunhild)
        .fetch_one(&app.db.pool)
        .await
        .expect("her row stays");
    assert!(pseudonym.starts_with("erased:"), "{pseudonym}");
    assert_eq!(subject, pseudonym);
    // Who did what stays known, as the pseudonym.
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM admin_audit WHERE actor = $1")
            .bind(&pseudonym)
            .fetch_one(&app.db.pool)
            .await
            .expect("count"),
        1
    );
    for table in [
        "sessions",
        "password_links",
        "second_steps",
        "recovery_codes",
    ] {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM {table} WHERE account_id = $1"
        )))
        .bind(&account)
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
        assert_eq!(n, 0, "{table} kept for the erased account");
    }
    let (hash, totp): (String, Option<String>) =
        sqlx::query_as("SELECT password_hash, totp_secret FROM accounts WHERE id = $1")
            .bind(&account)
            .fetch_one(&app.db.pool)
            .await
            .expect("account");
    assert_eq!((hash.as_str(), totp), ("", None));
    assert_eq!(login(&app, &client(), EMAIL, PASSWORD).await.status(), 401);

    // The next run finds nothing more to do.
    let again = leavers::erase_due(&app.db, Utc::now())
        .await
        .expect("again");
    assert_eq!(again, leavers::ErasureOutcome::default());
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM admin_audit WHERE action = 'person-erased'"
        )
        .await,
        1
    );
}

/// The retention period is set under Settings, by administrators, within
/// 1–120 months: anything else is refused whole with a message in the
/// user's language; a shorter period erases a leaver at the next run.
pub async fn the_retention_setting_is_checked_and_a_shorter_one_erases_at_the_next_run(
    store: Store,
) {
    let app = TestApp::empty(store).await;
    let admin = admin(&app).await;
    apply(
        &app.db,
        &format!("{HEADER}HR-1,Lis Lang,lis@region.test,W1,da,W1\nHR-2,Bo Bred,,W1,da,\n"),
    )
    .await;
    apply(
        &app.db,
        &format!("{HEADER}HR-1,Lis Lang,lis@region.test,W1,da,W1\n"),
    )
    .await;
    let bo = person(&app, "HR-2").await;
    left_days_ago(&app, &bo, 62).await;
    // No organisation row until something is saved: the default holds.
    let months = || {
        count(
            &app,
            "SELECT COALESCE(MAX(leaver_retention_months), 12) FROM organisation",
        )
    };
    let changes = || {
        count(
            &app,
            "SELECT COUNT(*) FROM admin_audit WHERE action = 'leaver-retention-changed'",
        )
    };
    let (status, body) = post(&admin, &app, "org/leavers", &[]).await;
    assert_eq!((status, body.as_str()), (200, r#"{"retention_months":12}"#));

    for bad in ["0", "121", "-1", "twelve", "", "6.5"] {
        let (status, body) = post(
            &admin,
            &app,
            "org/leavers/save",
            &[("retention_months", bad)],
        )
        .await;
        assert_eq!(
            (status, body.as_str()),
            (400, r#"{"BadRequest":"error-leaver-retention"}"#),
            "{bad:?}"
        );
    }
    // Without JavaScript: back to the settings page, which says why in Danish.
    let res = admin
        .post(app.at("/api/org/leavers/save"))
        .header("accept", "text/html")
        .header("accept-language", "da")
        .form(&[("__back", "/settings"), ("retention_months", "0")])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 302);
    let location = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    let res = admin
        .get(app.at(&location))
        .header("accept-language", "da")
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 400);
    let html = res.text().await.expect("html");
    assert!(
        html.contains("Opbevar fratrådtes data i et helt antal måneder mellem 1 og 120."),
        "{html}"
    );
    // A leader may not change it.
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM roles WHERE role = 'leader'").await,
        1
    );
    set_password(&app, "lis@region.test").await;
    let leader = signed_in(&app, "lis@region.test").await;
    let (status, _) = post(
        &leader,
        &app,
        "org/leavers/save",
        &[("retention_months", "1")],
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(
        (months().await, changes().await),
        (12, 0),
        "nothing changed"
    );

    // Two months ago is inside twelve months …
    let run = leavers::erase_due(&app.db, Utc::now()).await.expect("run");
    assert_eq!(run.erased, 0);
    // … and past one.
    let (status, body) = post(
        &admin,
        &app,
        "org/leavers/save",
        &[("retention_months", "1")],
    )
    .await;
    assert!(status < 400, "{status} {body}");
    assert_eq!((months().await, changes().await), (1, 1));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM organisation").await, 1);
    let (_, html) = page(&admin, &app, "/settings").await;
    assert!(html.contains("id=\"leaver-retention\""), "{html}");
    let run = leavers::erase_due(&app.db, Utc::now()).await.expect("run");
    assert_eq!(run.erased, 1);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM people WHERE name = 'Bo Bred'").await,
        0
    );
}

/// Two instances run the erasure at the same moment: each person is erased
/// once, with one audit line; and the daily job runs on one of them only.
pub async fn two_instances_erasing_at_once_erase_each_leaver_once(store: Store) {
    let app = TestApp::empty(store).await;
    let other = Db::connect(&app.url, 4).await.expect("second instance");
    let everyone: Vec<String> = (1..=7)
        .map(|i| format!("HR-{i},Person {i},p{i}@region.test,W1,da,\n"))
        .collect();
    apply(&app.db, &format!("{HEADER}{}", everyone.concat())).await;
    // Three leave and are past the retention period.
    apply(&app.db, &format!("{HEADER}{}", everyone[3..].concat())).await;
    for i in 1..=3 {
        let p = person(&app, &format!("HR-{i}")).await;
        left_days_ago(&app, &p, 500).await;
    }
    let now = Utc::now();
    let (a, b) = tokio::join!(
        leavers::erase_due(&app.db, now),
        leavers::erase_due(&other, now)
    );
    let (a, b) = (a.expect("first"), b.expect("second"));
    assert_eq!(a.erased + b.erased, 3, "{a:?} {b:?}");
    let erased_lines = || {
        count(
            &app,
            "SELECT COUNT(*) FROM admin_audit WHERE action = 'person-erased'",
        )
    };
    assert_eq!(erased_lines().await, 3);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(DISTINCT subject) FROM admin_audit WHERE action = 'person-erased'"
        )
        .await,
        3
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM people WHERE erased_at IS NOT NULL AND employee_no LIKE 'erased:%'").await,
        3
    );

    // Two more leave; the daily job claims the day on one instance only.
    apply(&app.db, &format!("{HEADER}{}", everyone[5..].concat())).await;
    for i in 4..=5 {
        let p = person(&app, &format!("HR-{i}")).await;
        left_days_ago(&app, &p, 500).await;
    }
    let (a, b) = tokio::join!(
        leavers::run_daily(&app.db, now),
        leavers::run_daily(&other, now)
    );
    let runs: Vec<_> = [a.expect("first"), b.expect("second")]
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(runs.len(), 1, "the day was claimed twice: {runs:?}");
    assert_eq!(runs[0].erased, 2);
    assert_eq!(erased_lines().await, 5);
    assert_eq!(leavers::run_daily(&app.db, now).await.expect("again"), None);
}

/// An administrator downloads everything Trivsel holds about one person:
/// their register data, memberships, account, roles and the rounds they
/// were invited to — but not whether they answered, no answer and no
/// report. Anyone else is refused; an unknown person is 404.
pub async fn an_administrator_exports_a_persons_data_without_answers_or_reports(store: Store) {
    let app = TestApp::empty(store).await;
    let admin = admin(&app).await;
    apply(
        &app.db,
        &format!(
            "{HEADER}HR-41,Vera Vinter,vera@region.test,W1,da,W1\n\
             HR-42,Leo Lys,leo@region.test,W2,da,W2\nHR-43,Kim Kort,,W1,da,\n"
        ),
    )
    .await;
    let vera = person(&app, "HR-41").await;
    let round =
        crate::scenarios::answering::open_survey(&app, "Autumn pulse", &["wb-1"], "W1").await;
    // She answered (the invitation is used) with a comment; and a report
    // arrived from her ward.
    sqlx::query("UPDATE invitations SET used = 1 WHERE person_id = $1")
        .bind(&vera)
        .execute(&app.db.pool)
        .await
        .expect("used");
    sqlx::query("INSERT INTO answers (id, round_id, unit_id, payload) VALUES ('a1', $1, $2, $3)")
        .bind(&round)
        .bind(unit_id(&app, "W1").await)
        .bind(r#"{"a":{"wb-1":4},"c":"ANSWER-COMMENT-4711"}"#)
        .execute(&app.db.pool)
        .await
        .expect("answer");
    crate::support::file_report(
        &app,
        "harassment",
        &unit_id(&app, "R").await,
        "REPORT-TEXT-0815",
    )
    .await;
    set_password(&app, "vera@region.test").await;
    let hash: String =
        sqlx::query_scalar("SELECT password_hash FROM accounts WHERE email = 'vera@region.test'")
            .fetch_one(&app.db.pool)
            .await
            .expect("hash");

    let url = app.at(&format!("/organisation/people/{vera}/export.json"));
    let res = admin.get(&url).send().await.expect("export");
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .expect("type")
        .starts_with("application/json"));
    assert!(res.headers()["content-disposition"]
        .to_str()
        .expect("disposition")
        .starts_with("attachment"));
    let text = res.text().await.expect("body");
    for secret in ["ANSWER-COMMENT-4711", "REPORT-TEXT-0815", hash.as_str()] {
        assert!(!text.contains(secret), "{secret} in the export");
    }
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(v["person"]["name"], "Vera Vinter");
    assert_eq!(v["person"]["email"], "vera@region.test");
    assert_eq!(v["person"]["employee_no"], "HR-41");
    assert_eq!(v["memberships"][0]["unit"], "Ward 1");
    let account = &v["accounts"][0];
    assert_eq!(account["email"], "vera@region.test");
    assert_eq!(account["has_password"], true);
    assert!(account.get("password_hash").is_none());
    assert_eq!(account["roles"][0]["role"], "leader");
    let invitations = v["invitations"].as_array().expect("invitations");
    assert_eq!(invitations.len(), 1);
    assert!(invitations[0]["round"]
        .as_str()
        .is_some_and(|r| r.starts_with("Autumn pulse")));
    for inv in invitations {
        let keys: Vec<&String> = inv.as_object().expect("object").keys().collect();
        assert!(
            !keys
                .iter()
                .any(|k| ["used", "answered", "mailed"].contains(&k.as_str())),
            "{keys:?}"
        );
        assert!(
            inv.as_object()
                .expect("object")
                .values()
                .all(|x| !x.is_boolean()),
            "an invitation carries a flag: {inv}"
        );
    }
    assert!(v["about_answers"].as_str().is_some_and(|s| s.len() > 100));
    assert!(v["not_included"]
        .as_str()
        .is_some_and(|s| s.contains("reports")));
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM admin_audit WHERE action = 'person-exported' AND subject = 'employee HR-41'").await,
        1
    );

    // Nobody else: a leader (of her own ward, even), or no one signed in.
    set_password(&app, "leo@region.test").await;
    let leader = signed_in(&app, "leo@region.test").await;
    assert_eq!(leader.get(&url).send().await.expect("get").status(), 403);
    assert_eq!(client().get(&url).send().await.expect("get").status(), 403);
    let unknown = app.at("/organisation/people/no-such-person/export.json");
    assert_eq!(admin.get(&unknown).send().await.expect("get").status(), 404);

    // The unit's page links to the download, for people here and for
    // those who left and are not erased yet.
    let w1 = unit_id(&app, "W1").await;
    let link = format!("/organisation/people/{vera}/export.json");
    let (_, html) = page(&admin, &app, &format!("/organisation/unit/{w1}")).await;
    assert!(html.contains(&link), "{html}");
    apply(
        &app.db,
        &format!("{HEADER}HR-42,Leo Lys,leo@region.test,W2,da,W2\n"),
    )
    .await;
    let (_, html) = page(&admin, &app, &format!("/organisation/unit/{w1}")).await;
    assert!(
        html.contains("People who left") && html.contains(&link),
        "{html}"
    );
}
