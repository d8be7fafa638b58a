//! Appointing and ending roles.

use crate::support::{client, count, login, login_ok, unit_id, Store, TestApp, ADMIN, LEADER};

pub async fn an_administrator_appoints_a_new_leader_who_then_sees_only_their_unit(store: Store) {
    let app = TestApp::demo(store).await;
    let admin = login_ok(&app, ADMIN).await;
    let akut = unit_id(&app, "AKUT").await;
    let res = admin
        .post(app.at("/api/roles/appoint"))
        .form(&[
            ("email", "ny.leder@region.test"),
            ("name", "Nina Ny"),
            ("role", "leader"),
            ("unit", akut.as_str()),
        ])
        .send()
        .await
        .expect("appoint");
    assert_eq!(res.status(), 200);
    // The next roles page says, once, that the new account was sent a
    // link; the administrator never sees a password.
    let page: serde_json::Value = admin
        .post(app.at("/api/roles"))
        .send()
        .await
        .expect("roles")
        .json()
        .await
        .expect("json");
    let email = page["new_account"].as_str().expect("email").to_owned();
    assert_eq!(email, "ny.leder@region.test");
    let sink = crate::support::smtp::SmtpSink::start().await;
    let sent = crate::scenarios::passwords::links_sent(&app, &sink).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].0, email);
    let password = "nattevagt på akutten i marts";
    let (status, body) = crate::scenarios::passwords::choose(&app, &sent[0].2, password).await;
    assert!(status < 400, "{status} {body}");
    let again: serde_json::Value = admin
        .post(app.at("/api/roles"))
        .send()
        .await
        .expect("roles")
        .json()
        .await
        .expect("json");
    assert!(again["new_account"].is_null(), "shown only once");
    let stored: i64 = count(
        &app,
        "SELECT COUNT(*) FROM sessions WHERE flash IS NOT NULL",
    )
    .await;
    assert_eq!(stored, 0, "the message does not linger in the database");

    let nina = client();
    assert_eq!(login(&app, &nina, &email, password).await.status(), 200);
    let mine: serde_json::Value = nina
        .post(app.at("/api/org/overview"))
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    let names: Vec<&str> = mine["units"]
        .as_array()
        .expect("units")
        .iter()
        .map(|u| u["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names.first().copied(), Some("Akutafdelingen"));
    assert!(!names.contains(&"Medicinsk afdeling"));

    // Appointing the same role twice is refused; a second role is fine.
    let dup = admin
        .post(app.at("/api/roles/appoint"))
        .form(&[
            ("email", "ny.leder@region.test"),
            ("role", "leader"),
            ("unit", akut.as_str()),
        ])
        .send()
        .await
        .expect("appoint");
    assert_eq!(dup.status(), 400);
    let handler = admin
        .post(app.at("/api/roles/appoint"))
        .form(&[("email", "ny.leder@region.test"), ("role", "handler")])
        .send()
        .await
        .expect("appoint");
    assert_eq!(handler.status(), 200);

    // Ending the leader role takes the unit away at once.
    let role_id: String = sqlx::query_scalar(
        "SELECT r.id FROM roles r JOIN accounts a ON a.id = r.account_id WHERE a.email = $1 AND r.role = 'leader'",
    )
    .bind(&email)
    .fetch_one(&app.db.pool)
    .await
    .expect("role");
    let res = admin
        .post(app.at("/api/roles/revoke"))
        .form(&[("id", role_id.as_str())])
        .send()
        .await
        .expect("revoke");
    assert_eq!(res.status(), 200);
    let after = nina
        .post(app.at("/api/org/overview"))
        .send()
        .await
        .expect("post");
    assert_eq!(after.status(), 403);
}

pub async fn roles_need_a_unit_where_they_have_a_scope_and_the_last_administrator_stays(
    store: Store,
) {
    let app = TestApp::demo(store).await;
    let admin = login_ok(&app, ADMIN).await;
    let cases = [
        (
            vec![
                ("email", "x@region.test"),
                ("name", "X"),
                ("role", "leader"),
            ],
            "error-role-unit",
        ),
        (
            vec![
                ("email", "not-an-email"),
                ("name", "X"),
                ("role", "handler"),
            ],
            "error-role-email",
        ),
        (
            vec![("email", "y@region.test"), ("role", "handler")],
            "error-role-name",
        ),
        (
            vec![("email", "y@region.test"), ("name", "Y"), ("role", "king")],
            "error-malformed-form",
        ),
    ];
    for (form, key) in cases {
        let r = admin
            .post(app.at("/api/roles/appoint"))
            .form(&form)
            .send()
            .await
            .expect("appoint");
        assert_eq!(r.status(), 400, "{key}");
        assert!(r.text().await.expect("body").contains(key), "{key}");
    }
    let admin_role: String = sqlx::query_scalar("SELECT id FROM roles WHERE role = 'admin'")
        .fetch_one(&app.db.pool)
        .await
        .expect("role");
    let r = admin
        .post(app.at("/api/roles/revoke"))
        .form(&[("id", admin_role.as_str())])
        .send()
        .await
        .expect("revoke");
    assert_eq!(r.status(), 400);
    assert!(r
        .text()
        .await
        .expect("body")
        .contains("error-role-last-admin"));
    // Only administrators manage roles.
    let leader = login_ok(&app, LEADER).await;
    for (endpoint, form) in [
        ("roles", vec![]),
        (
            "roles/appoint",
            vec![("email", "z@region.test"), ("name", "Z"), ("role", "admin")],
        ),
        ("roles/revoke", vec![("id", admin_role.as_str())]),
    ] {
        let r = leader
            .post(app.at(&format!("/api/{endpoint}")))
            .form(&form)
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 403, "{endpoint}");
        let r = client()
            .post(app.at(&format!("/api/{endpoint}")))
            .form(&form)
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 401, "{endpoint}");
    }
    let n: i64 = count(&app, "SELECT COUNT(*) FROM roles WHERE role = 'admin'").await;
    assert_eq!(n, 1);
}
