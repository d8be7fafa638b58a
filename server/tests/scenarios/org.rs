//! Organisation scenarios: import, tree changes, thresholds, and who may see
//! or change what.

use crate::support::{
    client, count, login_ok, unit_id, Store, TestApp, ADMIN, COMMITTEE, HANDLER, LEADER,
};
use app::services::import::{self, ImportError};

fn no_progress(_: u64, _: u64) {}

/// Stores and applies files; returns the outcome.
async fn import_files(
    app: &TestApp,
    units: Option<&str>,
    people: &str,
    skip: bool,
) -> Result<app::model::ImportPreview, ImportError> {
    let id = import::store(&app.db, None, units.map(str::as_bytes), people.as_bytes())
        .await
        .expect("store");
    import::apply_stored(&app.db, &id, skip, &no_progress).await
}

async fn preview_of(app: &TestApp, units: Option<&str>, people: &str) -> app::model::ImportPreview {
    let id = import::store(&app.db, None, units.map(str::as_bytes), people.as_bytes())
        .await
        .expect("store");
    import::preview(&app.db, &id)
        .await
        .expect("preview")
        .expect("exists")
}

const UNITS: &str =
    "code,name,parent_code\nR,Region,\nH,Hospital,R\nD1,Medicine,H\nT1,Ward 1,D1\nT2,Ward 2,D1\n";
const PEOPLE: &str = "employee_no,name,email,unit_code,language,leader_of\nE1,Anne,anne@region.test,T1,da,T1\nE2,Bo,,T1,sv,\nE3,Carl,carl@region.test,T2,en,\nE4,Dora,,T2,,\n";

pub async fn importing_a_hospital_creates_everything_and_a_reimport_changes_nothing(store: Store) {
    let app = TestApp::empty(store).await;
    let (units, people) = import::sample::hospital(600);
    let first = preview_of(&app, Some(&units), &people).await;
    assert!(first.issues.is_empty(), "{:?}", first.issues);
    assert!(first.changes.units_new.count >= 30);
    assert_eq!(first.changes.people_new.count, 600);
    let applied = import_files(&app, Some(&units), &people, false)
        .await
        .expect("apply");
    assert_eq!(applied.status, "applied");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM people").await, 600);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM memberships WHERE valid_to IS NULL"
        )
        .await,
        600
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM imports WHERE people_csv IS NOT NULL AND status = 'applied'"
        )
        .await,
        0,
        "the uploaded files are forgotten once applied"
    );
    let again = preview_of(&app, Some(&units), &people).await;
    assert_eq!(again.changes.total(), 0, "{:?}", again.changes);
}

pub async fn a_changed_file_moves_people_records_leavers_and_dates_the_move(store: Store) {
    let app = TestApp::empty(store).await;
    import_files(&app, Some(UNITS), PEOPLE, false)
        .await
        .expect("first import");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM roles WHERE role = 'leader'").await,
        1
    );
    // Bo moves to Ward 2, Carl leaves, Anne stops leading, Dora changes name.
    let people = "employee_no,name,email,unit_code,language,leader_of\nE1,Anne,anne@region.test,T1,da,\nE2,Bo,,T2,sv,\nE4,Dora Holm,,T2,,\n";
    let p = preview_of(&app, Some(UNITS), people).await;
    assert_eq!(p.changes.people_moved.count, 1);
    assert_eq!(p.changes.people_left.count, 1);
    assert_eq!(p.changes.people_updated.count, 1);
    assert_eq!(p.changes.leaders_removed.count, 1);
    import_files(&app, Some(UNITS), people, false)
        .await
        .expect("second import");
    let bo: Vec<(String, Option<i64>)> = sqlx::query_as(
        "SELECT u.code, m.valid_to FROM memberships m JOIN people p ON p.id = m.person_id \
         JOIN units u ON u.id = m.unit_id WHERE p.employee_no = 'E2' ORDER BY m.valid_from, m.valid_to DESC",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("memberships");
    assert_eq!(bo.len(), 2, "{bo:?}");
    let closed = bo.iter().find(|(c, _)| c == "T1").expect("old membership");
    let open = bo.iter().find(|(c, _)| c == "T2").expect("new membership");
    assert!(closed.1.is_some() && open.1.is_none(), "{bo:?}");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM people WHERE employee_no = 'E3' AND left_at IS NOT NULL"
        )
        .await,
        1
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM roles WHERE role = 'leader'").await,
        0
    );
    // Carl comes back.
    let p = preview_of(&app, Some(UNITS), PEOPLE).await;
    assert_eq!(p.changes.people_returning.count, 1);
}

pub async fn bad_rows_block_the_import_until_skipped_and_skipped_people_are_kept(store: Store) {
    let app = TestApp::empty(store).await;
    import_files(&app, Some(UNITS), PEOPLE, false)
        .await
        .expect("first import");
    // Line 3 repeats E1, line 4 names an unknown unit for E3, line 5 has a bad e-mail.
    let people = "employee_no,name,email,unit_code\nE1,Anne,,T1\nE1,Anne again,,T2\nE3,Carl,,NOPE\nE4,Dora,not-an-email,T2\n";
    let p = preview_of(&app, Some(UNITS), people).await;
    let lines: Vec<(u64, &str)> = p.issues.iter().map(|i| (i.line, i.key.as_str())).collect();
    assert_eq!(
        lines,
        vec![
            (3, "import-error-duplicate-employee"),
            (4, "import-error-unknown-unit"),
            (5, "import-error-email"),
        ]
    );
    let before = count(&app, "SELECT COUNT(*) FROM memberships").await;
    let refused = import_files(&app, Some(UNITS), people, false).await;
    assert!(
        matches!(refused, Err(ImportError::Unresolved)),
        "{refused:?}"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM memberships").await,
        before,
        "nothing half-applied"
    );
    import_files(&app, Some(UNITS), people, true)
        .await
        .expect("applied with skipped rows");
    // E3 and E4 were on skipped lines: they have not "left". E2 was absent: left.
    let left: Vec<String> = sqlx::query_scalar(
        "SELECT employee_no FROM people WHERE left_at IS NOT NULL ORDER BY employee_no",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("left");
    assert_eq!(left, vec!["E2".to_owned()]);
}

pub async fn malformed_files_are_refused_whole_with_a_precise_reason(store: Store) {
    let app = TestApp::empty(store).await;
    import_files(&app, Some(UNITS), PEOPLE, false)
        .await
        .expect("first import");
    let units_before = count(&app, "SELECT COUNT(*) FROM units").await;
    let cases: Vec<(Option<&str>, Vec<u8>, &str)> = vec![
        (
            None,
            b"employee_no,name,unit_code\nE1,J\xf8rgen,T1\n".to_vec(),
            "import-error-encoding",
        ),
        (
            None,
            b"employee_no;name\nE1;Anne\n".to_vec(),
            "import-error-missing-column",
        ),
        (None, b"".to_vec(), "import-error-empty"),
        (
            Some("code,name,parent_code\nR,Region,\nA,A,B\nB,B,A\n"),
            PEOPLE.as_bytes().to_vec(),
            "import-error-cycle",
        ),
        (
            Some("code,name,parent_code\nR,Region,\nA,A,X\n"),
            PEOPLE.as_bytes().to_vec(),
            "import-error-unknown-parent",
        ),
        (
            Some("code,name,parent_code\nR,Region,\nR,Again,\n"),
            PEOPLE.as_bytes().to_vec(),
            "import-error-duplicate-unit",
        ),
    ];
    for (units, people, key) in cases {
        let id = import::store(&app.db, None, units.map(str::as_bytes), &people)
            .await
            .expect("store");
        let p = import::preview(&app.db, &id)
            .await
            .expect("preview")
            .expect("exists");
        assert!(p.blocking, "{key}");
        assert!(
            p.issues.iter().any(|i| i.key == key),
            "{key}: {:?}",
            p.issues
        );
        let r = import::apply_stored(&app.db, &id, true, &no_progress).await;
        assert!(
            matches!(r, Err(ImportError::Unresolved)),
            "{key}: even skipping rows cannot apply it"
        );
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM units").await,
        units_before
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM people WHERE left_at IS NOT NULL"
        )
        .await,
        0
    );
}

pub async fn an_administrator_uploads_previews_and_applies_through_the_web(store: Store) {
    let app = TestApp::demo(store).await;
    let (units, people) = import::sample::hospital(120);
    let form = |u: &str, p: &str| {
        reqwest::multipart::Form::new()
            .part(
                "units",
                reqwest::multipart::Part::bytes(u.as_bytes().to_vec()).file_name("units.csv"),
            )
            .part(
                "people",
                reqwest::multipart::Part::bytes(p.as_bytes().to_vec()).file_name("people.csv"),
            )
    };
    // A leader may not upload; nothing is stored.
    let leader = login_ok(&app, LEADER).await;
    let res = leader
        .post(app.at("/organisation/import"))
        .multipart(form(&units, &people))
        .send()
        .await
        .expect("post");
    assert_eq!(
        res.headers()["location"],
        "/organisation/import?error=forbidden"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM imports").await, 0);

    let admin = login_ok(&app, ADMIN).await;
    let res = admin
        .post(app.at("/organisation/import"))
        .multipart(form(&units, &people))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    let id = location.rsplit('/').next().expect("id").to_owned();
    let page = admin
        .get(app.at(&location))
        .header("accept-language", "en")
        .send()
        .await
        .expect("get");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(
        html.contains("New people") && html.contains("120"),
        "{html}"
    );
    assert!(
        html.contains("People who have left"),
        "the demo staff are not in the file"
    );

    let res = admin
        .post(app.at("/api/org/import/apply"))
        .form(&[("id", id.as_str())])
        .send()
        .await
        .expect("apply");
    assert!(res.status().is_success(), "{}", res.status());
    let mut status = String::new();
    for _ in 0..100 {
        let r: serde_json::Value = admin
            .post(app.at("/api/org/import"))
            .form(&[("id", id.as_str())])
            .send()
            .await
            .expect("poll")
            .json()
            .await
            .expect("json");
        status = r["status"].as_str().unwrap_or("").to_owned();
        if status != "applying" && status != "preview" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, "applied");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM people WHERE left_at IS NULL").await,
        120
    );
    // Applying twice is refused.
    let again = admin
        .post(app.at("/api/org/import/apply"))
        .form(&[("id", id.as_str())])
        .send()
        .await
        .expect("apply");
    assert_eq!(again.status(), 400);
}

pub async fn thresholds_are_checked_on_the_server(store: Store) {
    let app = TestApp::demo(store).await;
    let admin = login_ok(&app, ADMIN).await;
    let save = |k: &'static str, c: &'static str, s: &'static str| {
        let url = app.at("/api/org/thresholds/save");
        let admin = admin.clone();
        async move {
            admin
                .post(url)
                .form(&[("k_score", k), ("k_comment", c), ("k_sensitive", s)])
                .send()
                .await
                .expect("post")
        }
    };
    for (k, c, s, key) in [
        ("2", "10", "10", "error-threshold-range"),
        ("5", "4", "10", "error-threshold-order"),
        ("5", "10", "4", "error-threshold-order"),
        ("5", "10", "100000", "error-threshold-range"),
    ] {
        let r = save(k, c, s).await;
        assert_eq!(r.status(), 400, "{k} {c} {s}");
        assert!(r.text().await.expect("body").contains(key));
    }
    let r = save("5", "abc", "10").await;
    assert_eq!(r.status(), 400, "not a number");
    assert_eq!(save("6", "12", "15").await.status(), 200);
    let t = app::anonymity::thresholds::read(&app.db)
        .await
        .expect("read");
    assert_eq!((t.k_score, t.k_comment, t.k_sensitive), (6, 12, 15));
    let leader = login_ok(&app, LEADER).await;
    let r = leader
        .post(app.at("/api/org/thresholds/save"))
        .form(&[("k_score", "3"), ("k_comment", "3"), ("k_sensitive", "3")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403);
}

pub async fn moving_a_person_dates_the_move_and_updates_headcounts(store: Store) {
    let app = TestApp::demo(store).await;
    let admin = login_ok(&app, ADMIN).await;
    let from = unit_id(&app, "MED-AMB").await;
    let to = unit_id(&app, "MED-M1").await;
    let person: String = sqlx::query_scalar("SELECT id FROM people WHERE unit_id = $1 LIMIT 1")
        .bind(&from)
        .fetch_one(&app.db.pool)
        .await
        .expect("person");
    let direct = |id: String| {
        let db = app.db.clone();
        async move {
            app::services::org::overview(&db)
                .await
                .expect("overview")
                .units
                .into_iter()
                .find(|u| u.id == id)
                .map(|u| u.direct)
                .expect("unit")
        }
    };
    let (a, b) = (direct(from.clone()).await, direct(to.clone()).await);
    let r = admin
        .post(app.at("/api/org/person/move"))
        .form(&[("person", person.as_str()), ("unit", to.as_str())])
        .send()
        .await
        .expect("move");
    assert_eq!(r.status(), 200);
    assert_eq!(direct(from).await, a - 1);
    assert_eq!(direct(to).await, b + 1);
    let m: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships WHERE person_id = $1 AND valid_to IS NOT NULL",
    )
    .bind(&person)
    .fetch_one(&app.db.pool)
    .await
    .expect("count");
    assert_eq!(m, 1);
}

pub async fn a_unit_cannot_be_moved_below_itself_nor_closed_while_staffed(store: Store) {
    let app = TestApp::demo(store).await;
    let admin = login_ok(&app, ADMIN).await;
    let dept = unit_id(&app, "MED").await;
    let team = unit_id(&app, "MED-M1").await;
    let r = admin
        .post(app.at("/api/org/unit/move"))
        .form(&[("id", dept.as_str()), ("parent", team.as_str())])
        .send()
        .await
        .expect("move");
    assert_eq!(r.status(), 400);
    assert!(r.text().await.expect("body").contains("error-unit-cycle"));
    let r = admin
        .post(app.at("/api/org/unit/close"))
        .form(&[("id", team.as_str())])
        .send()
        .await
        .expect("close");
    assert_eq!(r.status(), 400);
    assert!(r
        .text()
        .await
        .expect("body")
        .contains("error-unit-not-empty"));
    let r = admin
        .post(app.at("/api/org/unit/add"))
        .form(&[
            ("parent", dept.as_str()),
            ("code", "MED-M1"),
            ("name", "Dup"),
        ])
        .send()
        .await
        .expect("add");
    assert_eq!(r.status(), 400, "codes are unique");
}

/// Every role against every unit-scoped page and server function: what is
/// outside a person's scope is not readable ("not found", so that even its
/// existence does not leak) and nothing is writable except by administrators.
pub async fn every_role_reaches_only_its_scope(store: Store) {
    let app = TestApp::demo(store).await;
    let med = unit_id(&app, "MED").await; // the leader's scope
    let med_team = unit_id(&app, "MED-M1").await;
    let akut = unit_id(&app, "AKUT-DAG").await; // in the committee's scope, not the leader's
    let region = unit_id(&app, "REG").await; // above the committee's scope
    let person: String = sqlx::query_scalar("SELECT id FROM people WHERE unit_id = $1 LIMIT 1")
        .bind(&med_team)
        .fetch_one(&app.db.pool)
        .await
        .expect("person");

    let clients = vec![
        ("admin", login_ok(&app, ADMIN).await),
        ("leader", login_ok(&app, LEADER).await),
        ("committee", login_ok(&app, COMMITTEE).await),
        ("handler", login_ok(&app, HANDLER).await),
        ("anonymous", client()),
    ];
    // Reads: (unit, roles that may see it)
    let reads = [
        (&med, vec!["admin", "leader", "committee"]),
        (&med_team, vec!["admin", "leader", "committee"]),
        (&akut, vec!["admin", "committee"]),
        (&region, vec!["admin"]),
    ];
    for (who, c) in &clients {
        for (unit, allowed) in &reads {
            let api = c
                .post(app.at("/api/org/unit"))
                .form(&[("id", unit.as_str())])
                .send()
                .await
                .expect("read");
            let page = c
                .get(app.at(&format!("/organisation/unit/{unit}")))
                .send()
                .await
                .expect("page");
            let want = if *who == "anonymous" {
                401
            } else if allowed.contains(who) {
                200
            } else {
                404
            };
            assert_eq!(api.status(), want, "{who} reading {unit} via the API");
            assert_eq!(page.status(), want, "{who} reading {unit} via the page");
            if want == 200 {
                let body: serde_json::Value = api.json().await.expect("json");
                let people = body["people"].as_array().map(Vec::len).unwrap_or(0);
                if *who != "admin" {
                    assert_eq!(people, 0, "{who} must not see the names of people");
                }
            }
        }
    }
    // Writes: only administrators.
    let writes: Vec<(&str, Vec<(&str, String)>)> = vec![
        (
            "org/unit/rename",
            vec![("id", med_team.clone()), ("name", "Renamed".into())],
        ),
        (
            "org/unit/move",
            vec![("id", med_team.clone()), ("parent", med.clone())],
        ),
        (
            "org/unit/add",
            vec![
                ("parent", med.clone()),
                ("code", "NEW".into()),
                ("name", "New".into()),
            ],
        ),
        ("org/unit/close", vec![("id", med_team.clone())]),
        ("org/unit/reopen", vec![("id", med_team.clone())]),
        (
            "org/person/move",
            vec![("person", person.clone()), ("unit", akut.clone())],
        ),
        ("org/thresholds", vec![]),
        (
            "org/thresholds/save",
            vec![
                ("k_score", "5".into()),
                ("k_comment", "10".into()),
                ("k_sensitive", "10".into()),
            ],
        ),
        ("org/import", vec![("id", "x".into())]),
        ("org/import/apply", vec![("id", "x".into())]),
        ("org/import/discard", vec![("id", "x".into())]),
    ];
    let names_before: Vec<String> = sqlx::query_scalar("SELECT name FROM units ORDER BY code")
        .fetch_all(&app.db.pool)
        .await
        .expect("names");
    for (who, c) in &clients {
        if *who == "admin" {
            continue;
        }
        for (endpoint, form) in &writes {
            let r = c
                .post(app.at(&format!("/api/{endpoint}")))
                .form(form)
                .send()
                .await
                .expect("write");
            let want = if *who == "anonymous" { 401 } else { 403 };
            assert_eq!(r.status(), want, "{who} calling {endpoint}");
        }
        for page in ["/settings", "/organisation/import/x"] {
            let r = c.get(app.at(page)).send().await.expect("page");
            let want = if *who == "anonymous" { 401 } else { 403 };
            assert_eq!(r.status(), want, "{who} opening {page}");
        }
    }
    let names_after: Vec<String> = sqlx::query_scalar("SELECT name FROM units ORDER BY code")
        .fetch_all(&app.db.pool)
        .await
        .expect("names");
    assert_eq!(names_before, names_after, "nothing was changed");
    let moved: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE id = $1 AND unit_id = $2")
            .bind(&person)
            .bind(&med_team)
            .fetch_one(&app.db.pool)
            .await
            .expect("count");
    assert_eq!(moved, 1);
}
