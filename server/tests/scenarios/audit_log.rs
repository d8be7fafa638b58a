//! The administrative audit log: every change an administrator makes is a
//! line with who and the exact time; only administrators read it, on the
//! page and as CSV.

use crate::support::{client, login_ok, post, Store, TestApp, ADMIN, LEADER};
use serde_json::Value;

pub async fn every_administrative_change_is_logged_with_who_and_when(store: Store) {
    let app = TestApp::demo(store).await;
    let admin = login_ok(&app, ADMIN).await;
    let before = chrono::Utc::now();
    // A role given and taken away, an account disabled and enabled,
    // thresholds changed, an API token made and revoked — one of them by a
    // name a spreadsheet would run as a formula.
    let (status, body) = post(
        &admin,
        &app,
        "roles/appoint",
        &[
            ("email", "ny.handler@demo.trivsel.test"),
            ("name", "=HYPERLINK(\"http://evil.example\")"),
            ("role", "handler"),
        ],
    )
    .await;
    assert!(status == 200 || status == 302, "{status} {body}");
    let (account, role): (String, String) = sqlx::query_as(
        "SELECT a.id, r.id FROM accounts a JOIN roles r ON r.account_id = a.id WHERE a.email = $1",
    )
    .bind("ny.handler@demo.trivsel.test")
    .fetch_one(&app.db.pool)
    .await
    .expect("the new handler");
    for (path, form) in [
        (
            "roles/account",
            vec![("account", account.as_str()), ("disabled", "true")],
        ),
        (
            "roles/account",
            vec![("account", account.as_str()), ("disabled", "false")],
        ),
        ("roles/revoke", vec![("id", role.as_str())]),
        (
            "org/thresholds/save",
            vec![("k_score", "6"), ("k_comment", "10"), ("k_sensitive", "12")],
        ),
        (
            "tokens/create",
            vec![("label", "Payroll"), ("purpose", "import"), ("days", "90")],
        ),
    ] {
        let (status, body) = post(&admin, &app, path, &form).await;
        assert!(status == 200 || status == 302, "{path}: {status} {body}");
    }
    let token: String = sqlx::query_scalar("SELECT id FROM api_tokens WHERE label = 'Payroll'")
        .fetch_one(&app.db.pool)
        .await
        .expect("token");
    let (status, _) = post(&admin, &app, "tokens/revoke", &[("id", token.as_str())]).await;
    assert!(status == 200 || status == 302);

    let (status, body) = post(&admin, &app, "audit", &[]).await;
    assert_eq!(status, 200, "{body}");
    let rows: Vec<Value> = serde_json::from_str(&body).expect("rows");
    let actions: Vec<&str> = rows.iter().filter_map(|r| r["action"].as_str()).collect();
    assert_eq!(
        actions,
        [
            "token-revoked",
            "token-created",
            "thresholds-changed",
            "role-revoked",
            "account-enabled",
            "account-disabled",
            "role-appointed",
        ],
        "newest first"
    );
    for r in &rows {
        assert_eq!(r["actor"], "Astrid Admin <admin@demo.trivsel.test>");
        let at = chrono::DateTime::parse_from_rfc3339(r["at"].as_str().expect("at"))
            .expect("an exact time");
        assert!(at >= before - chrono::Duration::seconds(1));
    }
    assert_eq!(rows[2]["detail"], "scores 6, comments 10, sensitive 12");
    assert_eq!(rows[6]["subject"], "ny.handler@demo.trivsel.test");

    // As CSV, every line, oldest first, with no formula left to run.
    let res = admin
        .get(app.at("/settings/audit.csv"))
        .send()
        .await
        .expect("csv");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let text = res.text().await.expect("csv");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + rows.len(), "{text}");
    assert!(lines[0].ends_with("time_utc,who,action,subject,detail"));
    assert!(lines[1].contains("role-appointed"));
    assert!(!text.contains(",=HYPERLINK"), "{text}");

    // Nobody else reads it.
    let leader = login_ok(&app, LEADER).await;
    let (status, _) = post(&leader, &app, "audit", &[]).await;
    assert_eq!(status, 403);
    let res = leader
        .get(app.at("/settings/audit.csv"))
        .send()
        .await
        .expect("csv");
    assert_eq!(res.status(), 403);
    let res = client()
        .get(app.at("/settings/audit.csv"))
        .send()
        .await
        .expect("csv");
    assert_eq!(res.status(), 403);
}
