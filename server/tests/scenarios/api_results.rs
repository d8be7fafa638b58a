//! The results API (`/api/v1`): the same figures and the same hidden cells as
//! the pages, token purposes, every documented error, every answer checked
//! against the schema the OpenAPI document gives for it; and a leader who
//! polls the dashboard and the API while colleagues answer one by one learns
//! nothing about any single answer (A6).

use super::{answering::codes_for, results::medical_round};
use crate::support::{client, login_ok, test_key, unit_id, Store, TestApp, LEADER};
use app::{
    anonymity::store as core,
    model::NewSurvey,
    services::{surveys, tokens},
};
use serde_json::Value;

async fn token(app: &TestApp, purpose: tokens::Purpose) -> String {
    tokens::create(&app.db, "BI", None, purpose, 365)
        .await
        .expect("token")
        .1
}

/// The OpenAPI document, parsed by an independent OpenAPI 3.1 model (which
/// refuses a document of the wrong shape) and with every `$ref` resolving.
async fn document(app: &TestApp) -> Value {
    let text = client()
        .get(app.at("/api/v1/openapi.json"))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("text");
    oas3::from_json(&text).expect("a valid OpenAPI 3.1 document");
    let doc: Value = serde_json::from_str(&text).expect("json");
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if k == "$ref" {
                        out.push(x.as_str().unwrap_or_default().to_owned());
                    } else {
                        refs(x, out);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let path = r.strip_prefix('#').expect("a local reference");
        assert!(doc.pointer(path).is_some(), "{r} resolves");
    }
    doc
}

/// Checks an answer against the schema the document gives for this path,
/// method and status (which must be documented).
fn conforms(doc: &Value, path: &str, status: u16, body: &Value) {
    let errors = violations(doc, path, status, body);
    assert!(errors.is_empty(), "{path} {status}: {errors:?}\n{body}");
}

fn violations(doc: &Value, path: &str, status: u16, body: &Value) -> Vec<String> {
    let op = &doc["paths"][path]["get"];
    assert!(op.is_object(), "{path} is documented");
    let schema = &op["responses"][status.to_string()]["content"]["application/json"]["schema"];
    assert!(schema.is_object(), "{path} documents {status}");
    // The components travel with the schema so its references resolve.
    let mut root = schema.clone();
    root["components"] = doc["components"].clone();
    let validator = jsonschema::draft202012::new(&root).expect("a valid JSON schema");
    validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

async fn get(url: &str, token: Option<&str>) -> (u16, Value) {
    let mut req = client().get(url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("get");
    let status = res.status().as_u16();
    (status, res.json().await.expect("json body"))
}

fn figure<'a>(unit: &'a Value, theme: &str) -> &'a Value {
    unit["figures"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["theme"] == theme))
        .unwrap_or_else(|| panic!("no {theme} in {unit}"))
}

pub async fn the_results_api_answers_with_the_pages_figures_and_its_documented_errors(
    store: Store,
) {
    let app = TestApp::demo(store).await;
    let round = medical_round(&app).await;
    let doc = document(&app).await;
    let bi = token(&app, tokens::Purpose::Results).await;
    let hr = token(&app, tokens::Purpose::Import).await;
    let (med, m1, m2) = (
        unit_id(&app, "MED").await,
        unit_id(&app, "MED-M1").await,
        unit_id(&app, "MED-M2").await,
    );
    let rounds_path = "/api/v1/rounds";
    let round_path = "/api/v1/rounds/{round_id}/results";
    let unit_path = "/api/v1/rounds/{round_id}/units/{unit_id}";

    // Rounds.
    let (status, body) = get(&app.at(rounds_path), Some(&bi)).await;
    assert_eq!(status, 200);
    conforms(&doc, rounds_path, 200, &body);
    assert!(body
        .as_array()
        .expect("list")
        .iter()
        .any(|r| r["id"] == round.as_str() && r["closed_at"].is_string()));

    // The round: the same suppression as the pages.
    let url = app.at(&format!("/api/v1/rounds/{round}/results"));
    let (status, body) = get(&url, Some(&bi)).await;
    assert_eq!(status, 200);
    conforms(&doc, round_path, 200, &body);
    // The check can fail: a body of the wrong shape does not conform.
    let mut mangled = body.clone();
    mangled["units"][0]["figures"][0]["score"] = "high".into();
    mangled["round"]
        .as_object_mut()
        .expect("round")
        .remove("name");
    assert_eq!(violations(&doc, round_path, 200, &mangled).len(), 2);
    let unit = |id: &str| {
        body["units"]
            .as_array()
            .and_then(|u| u.iter().find(|u| u["id"] == id))
            .cloned()
            .unwrap_or_else(|| panic!("no unit {id} in {body}"))
    };
    let ps = "psychological-safety";
    assert!(figure(&unit(&med), ps)["score"].is_f64());
    assert_eq!(figure(&unit(&med), ps)["respondents"], 11);
    assert_eq!(figure(&unit(&m2), ps)["hidden"], "too_few");
    assert!(figure(&unit(&m2), ps)["score"].is_null());
    assert_eq!(figure(&unit(&m1), ps)["hidden"], "would_reveal");
    assert!(figure(&unit(&m1), ps)["respondents"].is_null());
    assert!(figure(&unit(&m1), "wellbeing")["score"].is_f64());
    // Nothing published lets M2's five be worked out: the only published
    // psychological-safety counts in the department are the department's.
    let published: Vec<i64> = body["units"]
        .as_array()
        .expect("units")
        .iter()
        .filter(|u| u["parent_id"] == med.as_str())
        .filter_map(|u| figure(u, ps)["respondents"].as_i64())
        .collect();
    assert!(published.is_empty(), "{published:?}");
    // The dashboard page shows the same department figure.
    let leader = login_ok(&app, LEADER).await;
    let page = leader
        .get(app.at(&format!("/results/unit/{med}?round={round}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    let api_score = figure(&unit(&med), ps)["score"].as_f64().expect("score");
    assert_eq!(
        super::results::cell(&page, ps),
        format!("{api_score:.0}"),
        "the page shows the API's figure"
    );

    // One theme; a unit.
    let (status, one) = get(&format!("{url}?theme={ps}&lang=da"), Some(&bi)).await;
    assert_eq!(status, 200);
    conforms(&doc, round_path, 200, &one);
    assert_eq!(one["themes"].as_array().map(Vec::len), Some(1));
    assert_eq!(one["themes"][0]["name"], "Psykologisk tryghed");
    let (status, u) = get(
        &app.at(&format!("/api/v1/rounds/{round}/units/{m1}")),
        Some(&bi),
    )
    .await;
    assert_eq!(status, 200);
    conforms(&doc, unit_path, 200, &u);
    assert_eq!(figure(&u, ps)["hidden"], "would_reveal");
    assert_eq!(u["answered"], 6);

    // The documented errors, each in the documented shape.
    for (path, url) in [
        (rounds_path, app.at(rounds_path)),
        (round_path, url.clone()),
        (
            unit_path,
            app.at(&format!("/api/v1/rounds/{round}/units/{m1}")),
        ),
    ] {
        let (status, e) = get(&url, None).await;
        assert_eq!(status, 401, "{url}");
        conforms(&doc, path, 401, &e);
        let (status, e) = get(&url, Some("trv_not-a-token")).await;
        assert_eq!(status, 401, "{url}");
        let (status, e2) = get(&url, Some(&hr)).await;
        assert_eq!(status, 403, "an import token reads no results: {url}");
        conforms(&doc, path, 403, &e2);
        assert_eq!(e["error"], "unauthorised");
    }
    let missing = "AAAAAAAAAAAAAAAAAAAAAA";
    for (path, url) in [
        (
            round_path,
            app.at(&format!("/api/v1/rounds/{missing}/results")),
        ),
        (
            unit_path,
            app.at(&format!("/api/v1/rounds/{missing}/units/{m1}")),
        ),
        (
            unit_path,
            app.at(&format!("/api/v1/rounds/{round}/units/{missing}")),
        ),
    ] {
        let (status, e) = get(&url, Some(&bi)).await;
        assert_eq!(status, 404, "{url}");
        conforms(&doc, path, 404, &e);
        assert_eq!(e["error"], "not_found");
    }
    for (path, url) in [
        (round_path, format!("{url}?theme=no-such-theme")),
        (round_path, format!("{url}?lang=fi")),
        (round_path, app.at("/api/v1/rounds/not%20an%20id!/results")),
        (
            unit_path,
            app.at(&format!("/api/v1/rounds/{round}/units/x%27%3B--")),
        ),
    ] {
        let (status, e) = get(&url, Some(&bi)).await;
        assert_eq!(status, 422, "{url}");
        conforms(&doc, path, 422, &e);
        assert_eq!(e["error"], "invalid_parameter");
    }
    // A results token cannot import.
    let res = client()
        .post(app.at("/api/v1/import?dry_run=true"))
        .bearer_auth(&bi)
        .json(&serde_json::json!({"people": []}))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 403);
}

/// The figures a viewer can read for a unit: (theme, score, respondents).
fn visible(unit: &Value) -> Vec<(String, Option<f64>, Option<i64>)> {
    unit["figures"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|f| {
                    (
                        f["theme"].as_str().unwrap_or_default().to_owned(),
                        f["score"].as_f64(),
                        f["respondents"].as_i64(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

pub async fn a_leader_polling_while_colleagues_answer_one_by_one_learns_no_single_answer(
    store: Store,
) {
    let app = TestApp::demo(store).await;
    super::answering::pause_demo_pulse(&app).await;
    let now = chrono::Utc::now().timestamp();
    let survey = NewSurvey {
        name: "Polling".into(),
        items: vec!["wb-2".into(), "ps-2".into()],
        units: vec![unit_id(&app, "MED-M1").await],
        per_round: None,
        every_weeks: None,
        open_days: 7,
        first_open: None,
    };
    surveys::create(&app.db, &survey, now)
        .await
        .expect("survey");
    let round = surveys::open_due(&app.db, &test_key(), now)
        .await
        .expect("open")
        .pop()
        .expect("round");
    let m1 = unit_id(&app, "MED-M1").await;
    let codes = codes_for(&app, &round, "MED-M1", 12).await;
    let bi = token(&app, tokens::Purpose::Results).await;
    let leader = login_ok(&app, LEADER).await;
    let phone = client();
    let api = app.at(&format!("/api/v1/rounds/{round}/units/{m1}"));
    let page = app.at(&format!("/results/unit/{m1}?round={round}"));
    // What the leader sees: the API's figures and the page's score cells.
    let look = || async {
        let (status, body) = get(&api, Some(&bi)).await;
        assert_eq!(status, 200);
        let html = leader
            .get(&page)
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        let cells: Vec<String> = html
            .split("data-testid=\"score-")
            .skip(1)
            .filter_map(|s| s.split_once('>'))
            .filter_map(|(_, s)| s.split("</td>").next())
            .map(|s| s.replace("<!>", "").trim().to_owned())
            .collect();
        (visible(&body), cells)
    };
    let mut seen = vec![look().await];
    let mut published_counts = vec![0i64];
    for (i, code) in codes.iter().enumerate() {
        // Each colleague answers differently, so any single answer would
        // show in a figure that moved by one respondent.
        let wb = (i % 5).to_string();
        let ps = ((i + 2) % 5).to_string();
        let res = phone
            .post(app.at("/a/submit"))
            .form(&[
                ("round", round.as_str()),
                ("code", code),
                ("q.wb-2", &wb),
                ("q.ps-2", &ps),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), 303);
        assert_eq!(
            res.headers().get("location").and_then(|v| v.to_str().ok()),
            Some("/a/thanks")
        );
        // The mover runs as the jobs would, after every single answer.
        core::move_ready(&app.db, &test_key(), &round, false)
            .await
            .expect("move");
        let now = look().await;
        let n = now.0.iter().filter_map(|(_, _, n)| *n).max().unwrap_or(0);
        published_counts.push(n);
        seen.push(now);
    }
    // Published respondent counts only ever move in steps of at least k (5),
    // and whenever the figures changed, the count changed with them.
    for (w, pair) in published_counts.windows(2).zip(seen.windows(2)) {
        let step = w[1] - w[0];
        assert!(
            step == 0 || step >= 5,
            "a step of {step}: {published_counts:?}"
        );
        if step == 0 {
            assert_eq!(pair[0], pair[1], "no change without a batch");
        }
    }
    assert!(
        published_counts.iter().all(|n| *n == 0 || *n >= 5),
        "{published_counts:?}"
    );
    assert_eq!(
        published_counts.last(),
        Some(&10),
        "two batches of five were published, the last two wait: {published_counts:?}"
    );
    // Before the first batch the page shows no score at all.
    assert!(
        seen[4].1.iter().all(|c| c.parse::<f64>().is_err()),
        "{:?}",
        seen[4].1
    );
}
