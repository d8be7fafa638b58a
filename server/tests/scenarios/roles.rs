//! Appointing and ending roles.

use crate::support::{
    account_id, client, count, login, login_ok, signed_in_as, unit_id, Store, TestApp, ADMIN,
    LEADER,
};

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

/// Someone the HR file no longer lists has left: their account is disabled,
/// their sessions and roles end (the roles kept, dated, in `roles_ended`) —
/// but the last administrator is kept, or nobody could administer.
pub async fn a_leaver_is_locked_out_and_their_roles_end_dated(store: Store) {
    use app::{
        model::Role,
        services::{import, password_links, roles},
    };
    let app = TestApp::empty(store).await;
    let units = "code,name,parent_code\nR,Region,\nT1,Ward 1,R\n";
    let people = "employee_no,name,email,unit_code,language,leader_of\n\
        E1,Anne Holm,anne@region.test,T1,da,T1\nE2,Carl Berg,carl@region.test,T1,da,\n\
        E3,Dina Dahl,dina@region.test,T1,da,\n";
    let apply = |people: &'static str| {
        let db = app.db.clone();
        async move {
            let id = import::store(&db, None, Some(units.as_bytes()), people.as_bytes())
                .await
                .expect("store");
            import::apply_stored(&db, &id, false, &|_, _| {})
                .await
                .expect("apply");
        }
    };
    apply(people).await;
    // Carl is the only administrator; Anne leads ward 1 and is signed in.
    roles::appoint(&app.db, "carl@region.test", "", Role::Admin, None, None)
        .await
        .expect("admin");
    let password = "vinter over fjorden i år";
    for email in ["anne@region.test", "carl@region.test"] {
        let token = password_links::make_now(&app.db, email)
            .await
            .expect("link")
            .expect("account");
        password_links::redeem(&app.db, &token, password, password)
            .await
            .expect("redeem")
            .expect("set");
    }
    let anne = client();
    assert_eq!(
        login(&app, &anne, "anne@region.test", password)
            .await
            .status(),
        200
    );

    // Anne and Carl leave.
    apply("employee_no,name,email,unit_code,language,leader_of\nE3,Dina Dahl,dina@region.test,T1,da,\n").await;
    assert_eq!(
        signed_in_as(&anne, &app.base).await,
        None,
        "a leaver's session still works"
    );
    assert_eq!(
        login(&app, &client(), "anne@region.test", password)
            .await
            .status(),
        401
    );
    let ended: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT e.role, e.reason, e.ended_at FROM roles_ended e JOIN accounts a ON a.id = e.account_id \
         WHERE a.email = 'anne@region.test'",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("ended");
    assert_eq!(ended.len(), 1, "{ended:?}");
    assert_eq!(
        (ended[0].0.as_str(), ended[0].1.as_str()),
        ("leader", "left")
    );
    assert!(ended[0].2 > 0);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM roles r JOIN accounts a ON a.id = r.account_id WHERE a.email = 'anne@region.test'").await,
        0
    );
    // The last administrator stays, able to sign in.
    assert_eq!(
        login(&app, &client(), "carl@region.test", password)
            .await
            .status(),
        200,
        "the last administrator was locked out"
    );
}

/// An administrator disables an account by hand: it cannot sign in and its
/// sessions end, its roles stay; enabled again, it works as before. Nobody
/// disables themselves.
pub async fn an_administrator_disables_and_enables_an_account(store: Store) {
    let app = TestApp::demo(store).await;
    let admin = login_ok(&app, ADMIN).await;
    let leader = login_ok(&app, LEADER).await;
    let (leader_id, admin_id) = (
        account_id(&app, LEADER).await,
        account_id(&app, ADMIN).await,
    );
    let set = |account: String, disabled: bool| {
        let admin = admin.clone();
        let app = &app;
        async move {
            crate::support::post(
                &admin,
                app,
                "roles/account",
                &[
                    ("account", account.as_str()),
                    ("disabled", &disabled.to_string()),
                ],
            )
            .await
        }
    };
    let (status, body) = set(leader_id.clone(), true).await;
    assert!(status < 400, "{status} {body}");
    assert_eq!(signed_in_as(&leader, &app.base).await, None);
    let c = client();
    assert_eq!(
        login(&app, &c, LEADER, app::services::demo::DEMO_PASSWORD)
            .await
            .status(),
        401
    );
    let (status, _) = set(leader_id, false).await;
    assert!(status < 400);
    assert_eq!(
        login(&app, &c, LEADER, app::services::demo::DEMO_PASSWORD)
            .await
            .status(),
        200,
        "enabled again, with the roles it had"
    );
    let (status, body) = set(admin_id, true).await;
    assert_eq!(status, 400);
    assert!(body.contains("error-account-yourself"), "{body}");
    // A leader cannot do it at all.
    let (status, _) = crate::support::post(
        &c,
        &app,
        "roles/account",
        &[("account", "x"), ("disabled", "true")],
    )
    .await;
    assert_eq!(status, 403);
}
