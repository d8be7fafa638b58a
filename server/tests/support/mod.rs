//! Test harness: a real Trivsel server on a free loopback port, backed by a
//! fresh SQLite file or a fresh database in a throwaway PostgreSQL cluster.

pub mod postgres;

use app::services::{
    db::Db,
    demo,
    state::{AppState, Settings},
};
use std::net::SocketAddr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    Sqlite,
    Postgres,
}

/// A fresh, migrated, empty database on the given store. The returned guard
/// keeps a SQLite folder alive for the test.
pub async fn fresh_db(store: Store) -> (Db, String, Option<tempfile::TempDir>) {
    match store {
        Store::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}/trivsel.db", dir.path().display());
            let db = Db::connect(&url, 8).await.expect("open sqlite");
            db.migrate().await.expect("migrate sqlite");
            (db, url, Some(dir))
        }
        Store::Postgres => {
            let cluster = postgres::cluster();
            let name = format!(
                "t_{}",
                app::services::ids::new_id()
                    .to_lowercase()
                    .replace('-', "_")
            );
            let admin = Db::connect(&cluster.url("postgres"), 1)
                .await
                .expect("connect to postgres");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&admin.pool)
                .await
                .expect("create database");
            admin.pool.close().await;
            let url = cluster.url(&name);
            let db = Db::connect(&url, 8).await.expect("open postgres");
            db.migrate().await.expect("migrate postgres");
            (db, url, None)
        }
    }
}

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestApp {
    /// A server with the demo organisation seeded.
    pub async fn demo(store: Store) -> TestApp {
        let app = TestApp::empty(store).await;
        assert!(demo::seed_if_empty(&app.db).await.expect("seed"));
        app
    }

    /// A server on an empty (migrated) database.
    /// The demo as `serve --demo` seeds it: with a year of past rounds,
    /// reports, follow-up and committees.
    pub async fn full_demo(store: Store) -> TestApp {
        let app = TestApp::demo(store).await;
        app::services::demo_history::seed(&app.db)
            .await
            .expect("past rounds");
        app::services::demo_reports::seed(&app.db)
            .await
            .expect("reports");
        app::services::demo_follow_up::seed(&app.db)
            .await
            .expect("follow-up");
        app::services::demo_committees::seed(&app.db)
            .await
            .expect("committees");
        app
    }

    pub async fn empty(store: Store) -> TestApp {
        let (db, url, dir) = fresh_db(store).await;
        let base = serve(db.clone()).await;
        TestApp {
            base,
            db,
            url,
            _dir: dir,
        }
    }

    /// Another app instance on the same database (as behind a load balancer).
    pub async fn second_instance(&self) -> String {
        let db = Db::connect(&self.url, 4).await.expect("second connection");
        serve(db).await
    }

    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// The server secret's key of every test server (tests that open rounds or
/// move answers themselves use the same one).
pub fn test_key() -> app::anonymity::sealed::InboxKey {
    app::anonymity::sealed::InboxKey::derive(&[9u8; 32]).expect("key")
}

/// Hands every sealed report and reporter's message to the handlers now, as
/// the nightly delivery does after the day is over.
pub async fn deliver_reports(app: &TestApp) -> usize {
    let tomorrow = app::services::reports::today() + chrono::Days::new(1);
    app::services::reports::inbox::deliver(&app.db, &test_key(), tomorrow)
        .await
        .map_err(sqlx::Error::from)
        .expect("deliver the sealed reports")
}

/// Files a report through the service and delivers it; returns the receipt.
pub async fn file_report(app: &TestApp, category: &str, unit: &str, description: &str) -> String {
    let receipt = app::services::reports::file(
        &app.db,
        &test_key(),
        &app::services::reports::NewReport {
            category: category.into(),
            unit: unit.into(),
            happened: String::new(),
            description: description.into(),
            once: String::new(),
        },
    )
    .await
    .expect("file")
    .filed()
    .expect("filed");
    deliver_reports(app).await;
    receipt
}

/// Starts the real router on a free port; returns its base URL.
pub async fn serve(db: Db) -> String {
    serve_with(db, Settings::default()).await
}

/// The same, with settings of the test's own (an https public URL …).
pub async fn serve_with(db: Db, settings: Settings) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    serve_on(listener, db, settings).await
}

/// A free loopback port bound now, for a server whose address must be known
/// before it starts (to register it at an identity provider); its base URL.
pub async fn bind() -> (tokio::net::TcpListener, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    (listener, base)
}

/// Starts the real router on a listener bound by [`bind`].
pub async fn serve_on(listener: tokio::net::TcpListener, db: Db, settings: Settings) -> String {
    serve_keyed(listener, db, settings, test_key()).await
}

/// Starts the real router with a server secret of the test's own (another
/// installation's, or one that replaced a lost file).
pub async fn serve_keyed(
    listener: tokio::net::TcpListener,
    db: Db,
    settings: Settings,
    key: app::anonymity::sealed::InboxKey,
) -> String {
    let addr: SocketAddr = listener.local_addr().expect("addr");
    let state = AppState::new(db, settings, key);
    let router = server::http::router::build(state, addr);
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    format!("http://{addr}")
}

/// A browser-like client: keeps cookies, does not follow redirects (tests
/// look at them).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

pub const ADMIN: &str = "admin@demo.trivsel.test";
pub const LEADER: &str = "leder@demo.trivsel.test";
pub const COMMITTEE: &str = "udvalg@demo.trivsel.test";
pub const HANDLER: &str = "handler@demo.trivsel.test";

/// Signs in the way the hydrated page does (a fetch, not a form post).
pub async fn login(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(app.at("/api/login"))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .expect("login request")
}

/// Signs in with the demo password and checks it worked.
pub async fn login_ok(app: &TestApp, email: &str) -> reqwest::Client {
    let c = client();
    let res = login(app, &c, email, demo::DEMO_PASSWORD).await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "login as {email}: {}",
        res.status()
    );
    c
}

/// A single number from the database (counts in assertions).
pub async fn count(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.db.pool)
        .await
        .expect(sql)
}

/// The id of the unit with this code.
pub async fn unit_id(app: &TestApp, code: &str) -> String {
    sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
        .bind(code)
        .fetch_one(&app.db.pool)
        .await
        .expect("unit")
}

/// The id of the staff account with this address.
pub async fn account_id(app: &TestApp, email: &str) -> String {
    sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
        .bind(email)
        .fetch_one(&app.db.pool)
        .await
        .expect("account")
}

/// A server function called like a form post (English messages): status and body.
pub async fn post(
    c: &reqwest::Client,
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
) -> (u16, String) {
    let res = c
        .post(app.at(&format!("/api/{path}")))
        .header("accept-language", "en")
        .form(form)
        .send()
        .await
        .expect("post");
    let status = res.status().as_u16();
    (status, res.text().await.expect("body"))
}

/// A form post to `url` (a server function, usually): status and the body
/// as JSON, or as a JSON string when it is not JSON.
pub async fn call_url(
    c: &reqwest::Client,
    url: &str,
    form: &[(&str, &str)],
) -> (u16, serde_json::Value) {
    let res = c.post(url).form(form).send().await.expect("post");
    let status = res.status().as_u16();
    let text = res.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

/// Whom the client's session signs in on the server at `base` (their
/// e-mail address), if anyone.
pub async fn signed_in_as(c: &reqwest::Client, base: &str) -> Option<String> {
    let (_, me) = call_url(c, &format!("{base}/api/me"), &[]).await;
    me["email"].as_str().map(str::to_owned)
}

/// A page, in English: status and HTML.
pub async fn page(c: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    page_url(c, &app.at(path)).await
}

/// The same, at a full address (another instance's).
pub async fn page_url(c: &reqwest::Client, url: &str) -> (u16, String) {
    let res = c
        .get(url)
        .header("accept-language", "en")
        .send()
        .await
        .expect("get");
    let status = res.status().as_u16();
    (status, res.text().await.expect("html"))
}

pub mod oidc;
pub mod smtp;
