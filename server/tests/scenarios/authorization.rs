//! Who may call which server function, for every one the application
//! registers: a new one that is not classified here fails the test, so none
//! is added without deciding who may call it.

use crate::support::{
    client, login_ok, Store, TestApp, ADMIN as ADMIN_EMAIL, COMMITTEE, HANDLER as HANDLER_EMAIL,
    LEADER,
};
use app::services::tokens;

/// Anyone, signed in or not: signing in and its steps, the reporter's and
/// the employee's own entry points.
const PUBLIC: &[&str] = &[
    "login",
    "logout",
    "me",
    "sign-in/options",
    "password/link",
    "password/set",
    "password/forgot",
    "login/step/view",
    "login/step",
    "accessibility",
    "report/options",
    "report/receipt",
    "report/visit",
    "answer/code",
];

/// Administrators only.
const ADMIN: &[&str] = &[
    "audit",
    "org/unit/rename",
    "org/unit/move",
    "org/unit/add",
    "org/unit/close",
    "org/unit/reopen",
    "org/person/move",
    "org/thresholds",
    "org/thresholds/save",
    "org/leavers",
    "org/leavers/save",
    "org/import",
    "org/import/apply",
    "org/import/discard",
    "reports/settings",
    "reports/settings/save",
    "roles",
    "roles/appoint",
    "roles/account",
    "roles/revoke",
    "surveys",
    "surveys/form",
    "surveys/create",
    "surveys/stop",
    "surveys/round",
    "surveys/round/close",
    "questions",
    "questions/theme",
    "questions/item",
    "tokens",
    "tokens/create",
    "tokens/revoke",
];

/// Report handlers only (a leader is refused).
const HANDLER: &[&str] = &["reports", "reports/case", "reports/act"];

/// Any signed-in staff member, each within their own scope (which the
/// scenarios of each area test).
const STAFF: &[&str] = &[
    "reports/today",
    "account/password",
    "account/two-step",
    "account/two-step/begin",
    "account/two-step/off",
    "answer/mine",
    "answer/open",
    "org/overview",
    "org/unit",
    "results/unit",
    "results/heatmap",
    "reports/audit",
    "reports/statistics",
    "committees",
    "committees/page",
    "committees/lang",
    "committees/goal/new",
    "committees/goal/act",
    "committees/discussion",
    "committees/discussion/save",
    "committees/discussion/step",
    "follow-up",
    "follow-up/problem",
    "follow-up/problem/new",
    "follow-up/problem/from-result",
    "follow-up/problem/from-report",
    "follow-up/assess",
    "follow-up/problem/state",
    "follow-up/measure/new",
    "follow-up/measure/update",
    "follow-up/absence",
    "follow-up/absence/import",
];

/// A value for every argument name a server function takes, of the right
/// type, so that a refusal is about who asks and not about the form.
fn arguments() -> Vec<(&'static str, &'static str)> {
    let numbers = ["days", "k_score", "k_comment", "k_sensitive"];
    let names = [
        "account",
        "action",
        "body",
        "case",
        "category",
        "challenges",
        "code",
        "committee",
        "competence",
        "consequence",
        "cooperation",
        "csv",
        "current",
        "days_lost",
        "days_possible",
        "deadline",
        "decisions",
        "description",
        "dimension",
        "email",
        "evaluation",
        "every_weeks",
        "expected",
        "first_year",
        "follow_up",
        "goal",
        "id",
        "label",
        "lang",
        "level",
        "likelihood",
        "measure",
        "meeting_on",
        "name",
        "name_da",
        "name_en",
        "name_sv",
        "note",
        "open_days",
        "outcome",
        "owner_email",
        "owner_name",
        "parent",
        "participants",
        "password",
        "password_again",
        "per_round",
        "period",
        "person",
        "problem",
        "purpose",
        "reason",
        "retention_months",
        "reverse",
        "role",
        "round",
        "scale",
        "sensitive",
        "skip_bad_rows",
        "sort",
        "start",
        "status",
        "step",
        "text_da",
        "text_en",
        "text_sv",
        "theme",
        "title",
        "to",
        "token",
        "unit",
        "worked",
        "year",
        "years",
    ];
    let mut form: Vec<(&str, &str)> = names.iter().map(|n| (*n, "x")).collect();
    form.extend(numbers.iter().map(|n| (*n, "5")));
    form.push(("disabled", "false"));
    form
}

pub async fn every_server_function_is_refused_to_those_it_is_not_for(store: Store) {
    let app = TestApp::demo(store).await;
    let registered: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .filter_map(|(path, _)| path.strip_prefix("/api/").map(str::to_owned))
        .collect();
    let unclassified: Vec<&String> = registered
        .iter()
        .filter(|p| {
            ![PUBLIC, ADMIN, HANDLER, STAFF]
                .iter()
                .any(|l| l.contains(&p.as_str()))
        })
        .collect();
    assert!(
        unclassified.is_empty(),
        "server functions nobody has decided about: {unclassified:?}"
    );
    for listed in [PUBLIC, ADMIN, HANDLER, STAFF].concat() {
        assert!(
            registered.iter().any(|r| r == listed),
            "{listed} is listed but not registered"
        );
    }

    let form = arguments();
    let call = |c: reqwest::Client, path: &str| {
        let url = app.at(&format!("/api/{path}"));
        let form = form.clone();
        async move {
            c.post(url)
                .form(&form)
                .send()
                .await
                .expect("server fn")
                .status()
                .as_u16()
        }
    };
    // Nobody signed in: everything but the public ones says 401.
    for path in [ADMIN, HANDLER, STAFF].concat() {
        assert_eq!(call(client(), path).await, 401, "{path} without signing in");
    }
    // Leaders and committee members: the administrators' and the handlers'
    // say 403; handlers: the administrators'; administrators who are not
    // handlers: the handlers' (they oversee the audit trail, not the cases).
    for (who, refused) in [
        (LEADER, [ADMIN, HANDLER].concat()),
        (COMMITTEE, [ADMIN, HANDLER].concat()),
        (HANDLER_EMAIL, ADMIN.to_vec()),
        (ADMIN_EMAIL, HANDLER.to_vec()),
    ] {
        let c = login_ok(&app, who).await;
        for path in refused {
            assert_eq!(call(c.clone(), path).await, 403, "{path} as {who}");
        }
    }

    // API tokens are for /api/v1 only: with one of either purpose, every
    // server function but the public ones still says 401; and a staff
    // session opens nothing under /api/v1.
    for purpose in [tokens::Purpose::Import, tokens::Purpose::Results] {
        let (_, token) = tokens::create(&app.db, "matrix", None, purpose, 30)
            .await
            .expect("token");
        for path in [ADMIN, HANDLER, STAFF].concat() {
            let status = client()
                .post(app.at(&format!("/api/{path}")))
                .bearer_auth(&token)
                .form(&form)
                .send()
                .await
                .expect("server fn")
                .status()
                .as_u16();
            assert_eq!(status, 401, "{path} with an API token");
        }
    }
    let admin = login_ok(&app, ADMIN_EMAIL).await;
    for (method, path) in [
        ("GET", "/api/v1/rounds"),
        ("POST", "/api/v1/import?dry_run=true"),
    ] {
        let req = if method == "GET" {
            admin.get(app.at(path))
        } else {
            admin.post(app.at(path)).json(&serde_json::json!({}))
        };
        let status = req.send().await.expect("api").status().as_u16();
        assert_eq!(status, 401, "{method} {path} with a staff session");
    }

    // The routes outside the server functions: uploads, downloads, the
    // printed cards and the discussion's PDF, the audit log's CSV — none
    // answers a stranger, and a leader gets none of the administrators'.
    let admin_only = [
        ("POST", "/organisation/import"),
        ("POST", "/surveys/round/x/cards"),
        ("GET", "/settings/audit.csv"),
    ];
    // Leaders' and committees' own (each scoped inside).
    let staff = [
        ("POST", "/follow-up/absence/upload"),
        ("GET", "/results/export?unit=x&format=csv"),
        ("GET", "/committees/x/discussion/2025/pdf"),
    ];
    let send = |c: reqwest::Client, method: &'static str, path: &'static str| {
        let url = app.at(path);
        async move {
            let req = match method {
                "GET" => c.get(url),
                // The uploads take multipart forms, the cards a plain one.
                _ if path.ends_with("cards") => c.post(url).form(&[("unit", "x"), ("count", "1")]),
                _ => c
                    .post(url)
                    .multipart(reqwest::multipart::Form::new().text("unit", "x")),
            };
            let res = req.send().await.expect("route");
            let status = res.status().as_u16();
            // A refused upload goes back to its form with the reason.
            let location = res
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .unwrap_or("")
                .to_owned();
            let body = res.text().await.unwrap_or_default();
            (status, format!("{location} {body}"))
        }
    };
    for (method, path) in admin_only.iter().chain(staff.iter()) {
        let (status, body) = send(client(), method, path).await;
        assert!(
            !(200..300).contains(&status) || body.contains("error") || body.contains("Sign in"),
            "{method} {path} answered a stranger {status}: {body:.200}"
        );
        assert!(status != 500, "{method} {path}: {status}");
    }
    let leader = login_ok(&app, LEADER).await;
    for (method, path) in admin_only {
        let (status, body) = send(leader.clone(), method, path).await;
        assert!(
            status == 403 || body.contains("error=forbidden"),
            "{method} {path} as a leader: {status} {body:.200}"
        );
    }
}
