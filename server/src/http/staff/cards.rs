//! Code cards: a printable sheet of one-time codes for a unit whose people
//! have no e-mail. Each card carries a code and a QR code linking to the
//! answering page. The codes are generated for this sheet only, in random
//! order, and kept nowhere but as hashes: whoever hands the cards out cannot
//! know which code went to whom, and the sheet cannot be printed again. A unit
//! gets no more cards than it has people without an invitation, and every
//! printing is recorded (app::services::cards).

use crate::http::page::document;
use app::{
    i18n::{t, Lang},
    services::{
        cards::{self, CardsError},
        state::AppState,
    },
};
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, StatusCode},
    response::{Html, IntoResponse, Response},
    Extension, Form,
};
use leptos::prelude::*;
use qrcode::{render::svg, QrCode};

/// Most cards per sheet (a unit of 500 people prints twice).
pub const MAX_CARDS: usize = 500;

#[derive(serde::Deserialize)]
pub struct CardsForm {
    unit: String,
    count: String,
}

/// `POST /surveys/round/{id}/cards` (administrators).
pub async fn print(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Path(round): Path<String>,
    headers: HeaderMap,
    Form(form): Form<CardsForm>,
) -> Response {
    // A refusal, and the sheet, are documents of their own: the sheet prints
    // without the site's frame (`page` says why it is rendered here).
    let alert = |status: StatusCode, text: String| {
        let html = document(lang, &lang.t("cards-title"), "sheet", move || {
            view! { <main><p role="alert">{text}</p></main> }
        });
        (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
    };
    let message = |status: StatusCode, key: &str| alert(status, lang.t(key));
    let failed = |e: sqlx::Error| {
        let id = app::error::internal(e, "code cards");
        alert(StatusCode::INTERNAL_SERVER_ERROR, id.message(lang))
    };
    let Some((admin, user)) = crate::http::session::session_user(&state, &headers)
        .await
        .filter(|(_, u)| u.has(app::model::Role::Admin))
    else {
        return message(StatusCode::FORBIDDEN, "error-forbidden");
    };
    let count = match form.count.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_CARDS).contains(&n) => n,
        _ => return message(StatusCode::BAD_REQUEST, "error-cards-count"),
    };
    let found: Result<Option<(String, Option<i64>)>, _> =
        sqlx::query_as("SELECT name, closed_at FROM rounds WHERE id = $1")
            .bind(&round)
            .fetch_optional(&state.db.pool)
            .await;
    let unit_name: Result<Option<String>, _> =
        sqlx::query_scalar("SELECT name FROM units WHERE id = $1 AND closed_at IS NULL")
            .bind(&form.unit)
            .fetch_optional(&state.db.pool)
            .await;
    let (round_name, unit_name) = match (found, unit_name) {
        (Ok(Some((name, None))), Ok(Some(unit))) => (name, unit),
        (Ok(_), Ok(_)) => return message(StatusCode::BAD_REQUEST, "error-cards-round"),
        (Err(e), _) | (_, Err(e)) => return failed(e),
    };
    let codes = match cards::print(&state.db, &round, &form.unit, count, Some(&admin)).await {
        Ok(c) => c,
        // More cards than the unit has people without an invitation (A9).
        Err(CardsError::TooMany { left }) => {
            return alert(
                StatusCode::CONFLICT,
                lang.t_args(
                    "error-cards-too-many",
                    &[("left", left.into()), ("unit", unit_name.clone().into())],
                ),
            )
        }
        Err(CardsError::Db(e)) => return failed(e),
    };
    if let Err(e) = app::services::audit::record(
        &state.db.pool,
        app::services::audit::By::Staff(&user),
        "cards-printed",
        &format!("{round_name} · {unit_name}"),
        &format!("{count} cards"),
    )
    .await
    {
        return failed(e);
    }
    let base = state.settings.public_url.clone();
    let intro = lang.t_args(
        "cards-sheet-intro",
        &[
            ("n", (count as i64).into()),
            ("unit", unit_name.clone().into()),
        ],
    );
    let html = document(lang, &lang.t("cards-title"), "sheet", move || {
        view! {
            <main>
                <div class="no-print">
                    <h1>{t("cards-title")}</h1>
                    <p>{intro}</p>
                    <p>{t("cards-sheet-once")}</p>
                </div>
                <ul class="cards">
                    {codes
                        .into_iter()
                        .map(|code| view! {
                            <Card base=base.clone() round=round_name.clone() unit=unit_name.clone() code/>
                        })
                        .collect_view()}
                </ul>
            </main>
        }
    });
    (
        StatusCode::OK,
        [(header::CACHE_CONTROL, "no-store")],
        Html(html),
    )
        .into_response()
}

/// One card: the round, the unit, the QR code of the answering page with
/// the code, and the code itself to type.
#[component]
fn Card(base: String, round: String, unit: String, code: String) -> impl IntoView {
    let url = format!("{base}/a/{code}");
    let qr = QrCode::new(url.as_bytes())
        .map(|q| {
            q.render::<svg::Color>()
                .min_dimensions(120, 120)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default();
    // The SVG's XML declaration is not allowed inside HTML.
    let qr = qr
        .split_once("?>")
        .map(|(_, rest)| rest.to_owned())
        .unwrap_or(qr);
    view! {
        <li class="code-card">
            <p class="card-round">{round}</p>
            <p>{unit}</p>
            <div class="qr" role="img" aria-label=t("cards-qr-label") inner_html=qr></div>
            <p>{t("cards-how")}</p>
            <p class="card-url">{format!("{base}/a")}</p>
            // The test id on an element of its own: Leptos writes `class`
            // after the other attributes, and readers of the sheet (the
            // smoke test, the suites) find the code right after the id.
            <p class="card-code"><span data-testid="card-code">{code}</span></p>
            <p class="note">{t("cards-anonymous")}</p>
        </li>
    }
}
