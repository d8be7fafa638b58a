//! Code cards: a printable sheet of one-time codes for a unit whose people
//! have no e-mail. Each card carries a code and a QR code linking to the
//! answering page. The codes are generated for this sheet only, in random
//! order, and kept nowhere but as hashes: whoever hands the cards out cannot
//! know which code went to whom, and the sheet cannot be printed again. A unit
//! gets no more cards than it has people without an invitation, and every
//! printing is recorded (app::services::cards).

use crate::html::{document, escape};
use app::{
    i18n::Lang,
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
    let page = |status: StatusCode, body: String| {
        (
            status,
            [(header::CACHE_CONTROL, "no-store")],
            Html(document(lang, &lang.t("cards-title"), "sheet", &body)),
        )
            .into_response()
    };
    let alert = |status: StatusCode, text: String| {
        page(
            status,
            format!("<main><p role=\"alert\">{}</p></main>", escape(&text)),
        )
    };
    let message = |status: StatusCode, key: &str| alert(status, lang.t(key));
    let failed = |e: sqlx::Error| {
        let id = app::error::internal(e, "code cards");
        alert(StatusCode::INTERNAL_SERVER_ERROR, id.message(lang))
    };
    let Some((admin, user)) = crate::auth::session_user(&state, &headers)
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
    let base = &state.settings.public_url;
    let cards: String = codes
        .iter()
        .map(|code| card(lang, base, &round_name, &unit_name, code))
        .collect();
    let intro = lang.t_args(
        "cards-sheet-intro",
        &[
            ("n", (count as i64).into()),
            ("unit", unit_name.clone().into()),
        ],
    );
    page(
        StatusCode::OK,
        format!(
            "<main><div class=\"no-print\"><h1>{}</h1><p>{}</p><p>{}</p></div>\
             <ul class=\"cards\">{cards}</ul></main>",
            escape(&lang.t("cards-title")),
            escape(&intro),
            escape(&lang.t("cards-sheet-once")),
        ),
    )
}

fn card(lang: Lang, base: &str, round: &str, unit: &str, code: &str) -> String {
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
    format!(
        "<li class=\"code-card\"><p class=\"card-round\">{}</p><p>{}</p>\
         <div class=\"qr\" role=\"img\" aria-label=\"{}\">{qr}</div>\
         <p>{}</p><p class=\"card-url\">{}/a</p><p class=\"card-code\" data-testid=\"card-code\">{code}</p>\
         <p class=\"note\">{}</p></li>",
        escape(round),
        escape(unit),
        escape(&lang.t("cards-qr-label")),
        escape(&lang.t("cards-how")),
        escape(base),
        escape(&lang.t("cards-anonymous")),
    )
}
