//! The REST API: token authentication, JSON and CSV imports, dry runs, refusal
//! of files with problems, and the generated OpenAPI document.

use crate::support::{client, count, Store, TestApp};
use app::services::tokens;
use serde_json::{json, Value};

async fn token(app: &TestApp) -> String {
    tokens::create(&app.db, "HR nightly", None, tokens::Purpose::Import, 365)
        .await
        .expect("token")
        .1
}

fn body() -> Value {
    json!({
        "units": [
            {"code": "R", "name": "Region", "parent_code": null},
            {"code": "H", "name": "Hospital", "parent_code": "R"},
            {"code": "T1", "name": "Ward 1", "parent_code": "H", "kind": "team"}
        ],
        "people": [
            {"employee_no": "E1", "name": "Anne", "email": "anne@region.test", "unit_code": "T1", "language": "da"},
            {"employee_no": "E2", "name": "Bo", "unit_code": "T1"}
        ]
    })
}

pub async fn the_api_refuses_requests_without_a_valid_token(store: Store) {
    let app = TestApp::empty(store).await;
    let url = app.at("/api/v1/import");
    let none = client()
        .post(&url)
        .json(&body())
        .send()
        .await
        .expect("post");
    assert_eq!(none.status(), 401);
    let wrong = client()
        .post(&url)
        .bearer_auth("trv_wrong")
        .json(&body())
        .send()
        .await
        .expect("post");
    assert_eq!(wrong.status(), 401);
    let (id, t) = tokens::create(&app.db, "old", None, tokens::Purpose::Import, 365)
        .await
        .expect("token");
    assert!(tokens::revoke(&app.db, &id).await.expect("revoke"));
    let revoked = client()
        .post(&url)
        .bearer_auth(&t)
        .json(&body())
        .send()
        .await
        .expect("post");
    assert_eq!(revoked.status(), 401);
    let n: i64 = count(&app, "SELECT COUNT(*) FROM people").await;
    assert_eq!(n, 0);
    // Only a hash of a token is stored.
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1")
        .bind(&t)
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(stored, 0);
}

pub async fn an_hr_system_syncs_with_json_and_csv_and_a_dry_run_writes_nothing(store: Store) {
    let app = TestApp::empty(store).await;
    let t = token(&app).await;
    let url = app.at("/api/v1/import");
    let dry: Value = client()
        .post(format!("{url}?dry_run=true"))
        .bearer_auth(&t)
        .json(&body())
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    assert_eq!(dry["status"], "dry_run");
    assert_eq!(dry["changes"]["people_new"]["count"], 2);
    let n: i64 = count(&app, "SELECT COUNT(*) FROM people").await;
    assert_eq!(n, 0, "a dry run writes nothing");

    let res = client()
        .post(&url)
        .bearer_auth(&t)
        .json(&body())
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 200);
    let applied: Value = res.json().await.expect("json");
    assert_eq!(applied["status"], "applied");

    // The same as CSV files: nothing changes.
    let units = "code,name,parent_code,kind\nR,Region,,\nH,Hospital,R,\nT1,Ward 1,H,team\n";
    let people =
        "employee_no,name,email,unit_code,language\nE1,Anne,anne@region.test,T1,da\nE2,Bo,,T1,\n";
    let form = reqwest::multipart::Form::new()
        .part(
            "units",
            reqwest::multipart::Part::bytes(units.as_bytes().to_vec()).file_name("units.csv"),
        )
        .part(
            "people",
            reqwest::multipart::Part::bytes(people.as_bytes().to_vec()).file_name("people.csv"),
        );
    let again: Value = client()
        .post(&url)
        .bearer_auth(&t)
        .multipart(form)
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    assert_eq!(again["status"], "applied");
    let total: u64 = again["changes"]
        .as_object()
        .expect("changes")
        .values()
        .map(|c| c["count"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(total, 0, "{again}");
}

pub async fn the_api_refuses_files_with_problems_unless_told_to_skip_them(store: Store) {
    let app = TestApp::empty(store).await;
    let t = token(&app).await;
    let url = app.at("/api/v1/import");
    let mut b = body();
    b["people"]
        .as_array_mut()
        .expect("people")
        .push(json!({"employee_no": "E3", "name": "Carl", "unit_code": "NOPE"}));
    let res = client()
        .post(&url)
        .bearer_auth(&t)
        .json(&b)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 422);
    let refused: Value = res.json().await.expect("json");
    assert_eq!(refused["issues"][0]["key"], "import-error-unknown-unit");
    assert_eq!(refused["issues"][0]["line"], 4);
    let n: i64 = count(&app, "SELECT COUNT(*) FROM people").await;
    assert_eq!(n, 0, "nothing half-applied");
    let res = client()
        .post(format!("{url}?skip_invalid_rows=true"))
        .bearer_auth(&t)
        .json(&b)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 200);
    let n: i64 = count(&app, "SELECT COUNT(*) FROM people").await;
    assert_eq!(n, 2);
    // Malformed JSON and unknown fields are a 400, not a 500.
    for bad in [r#"{"people": "#, r#"{"people": [], "extra": 1}"#] {
        let res = client()
            .post(&url)
            .bearer_auth(&t)
            .header("content-type", "application/json")
            .body(bad)
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), 400, "{bad}");
    }
}

pub async fn the_openapi_document_describes_the_import(store: Store) {
    let app = TestApp::empty(store).await;
    let doc: Value = client()
        .get(app.at("/api/v1/openapi.json"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert!(doc["openapi"].as_str().expect("version").starts_with("3."));
    let op = &doc["paths"]["/api/v1/import"]["post"];
    assert!(op.is_object(), "{doc}");
    assert!(op["responses"]["422"].is_object());
    assert!(doc["components"]["schemas"]["ImportPreview"].is_object());
    assert!(doc["components"]["securitySchemes"]["api_token"].is_object());
}

pub async fn an_administrator_creates_a_token_sees_it_once_and_can_revoke_it(store: Store) {
    use crate::support::{login_ok, ADMIN, LEADER};
    let app = TestApp::demo(store).await;
    let admin = login_ok(&app, ADMIN).await;
    let tokens_page = |c: &reqwest::Client| {
        let (c, url) = (c.clone(), app.at("/api/tokens"));
        async move { crate::support::call_url(&c, &url, &[]).await.1 }
    };
    let r = admin
        .post(app.at("/api/tokens/create"))
        .form(&[
            ("label", "Payroll nightly"),
            ("purpose", "import"),
            ("days", "365"),
        ])
        .send()
        .await
        .expect("create");
    assert_eq!(r.status(), 200);
    let page = tokens_page(&admin).await;
    let token = page["new_token"].as_str().expect("shown once").to_owned();
    assert_eq!(page["tokens"][0]["label"], "Payroll nightly");
    assert!(page["tokens"][0]["last_used"].is_null());
    let in_a_year = (chrono::Utc::now() + chrono::Duration::days(365))
        .format("%Y-%m-%d")
        .to_string();
    assert_eq!(page["tokens"][0]["expires"], in_a_year.as_str());
    assert_eq!(page["tokens"][0]["expired"], false);
    let again = tokens_page(&admin).await;
    assert!(again["new_token"].is_null(), "only once");

    let url = app.at("/api/v1/import?dry_run=true");
    let ok = client()
        .post(&url)
        .bearer_auth(&token)
        .json(&body())
        .send()
        .await
        .expect("post");
    assert_eq!(ok.status(), 200);
    let id = page["tokens"][0]["id"].as_str().expect("id").to_owned();
    let used = tokens_page(&admin).await;
    assert!(used["tokens"][0]["last_used"].is_string());

    // A year later it no longer works, and the list says so.
    sqlx::query("UPDATE api_tokens SET expires_at = $1 WHERE id = $2")
        .bind(chrono::Utc::now().timestamp() - 1)
        .bind(&id)
        .execute(&app.db.pool)
        .await
        .expect("age the token");
    let expired = client()
        .post(&url)
        .bearer_auth(&token)
        .json(&body())
        .send()
        .await
        .expect("post");
    assert_eq!(expired.status(), 401);
    let listed = tokens_page(&admin).await;
    assert_eq!(listed["tokens"][0]["expired"], true);

    // Leaders cannot see or make tokens.
    let leader = login_ok(&app, LEADER).await;
    assert_eq!(
        leader
            .post(app.at("/api/tokens"))
            .send()
            .await
            .expect("post")
            .status(),
        403
    );
    let r = leader
        .post(app.at("/api/tokens/create"))
        .form(&[("label", "x"), ("purpose", "import"), ("days", "365")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403);
    // An empty name is refused.
    let r = admin
        .post(app.at("/api/tokens/create"))
        .form(&[("label", " "), ("purpose", "import"), ("days", "365")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 400);
    // So is a lifetime beyond two years.
    let r = admin
        .post(app.at("/api/tokens/create"))
        .form(&[
            ("label", "Forever"),
            ("purpose", "import"),
            ("days", "3650"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 400);

    let r = admin
        .post(app.at("/api/tokens/revoke"))
        .form(&[("id", id.as_str())])
        .send()
        .await
        .expect("revoke");
    assert_eq!(r.status(), 200);
    let refused = client()
        .post(&url)
        .bearer_auth(&token)
        .json(&body())
        .send()
        .await
        .expect("post");
    assert_eq!(refused.status(), 401);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NOT NULL"
        )
        .await,
        1
    );
}
