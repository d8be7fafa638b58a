//! Server functions for surveys and rounds (administrators only).

// A server function's arguments are its form's fields, one by one.
#![allow(clippy::too_many_arguments)]

use crate::{
    error::AppError,
    model::{RoundPageData, SurveyForm, SurveysPage},
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn survey_error(e: crate::services::surveys::SurveyError) -> AppError {
    use crate::services::surveys::SurveyError as E;
    match e {
        E::Invalid(key) => AppError::bad_request(key),
        E::NotFound => AppError::NotFound,
        E::Db(e) => super::ctx::db_error(e),
    }
}

#[server(endpoint = "surveys")]
pub async fn load_surveys() -> Result<SurveysPage, AppError> {
    use super::ctx;
    let (_, state) = ctx::require_admin().await?;
    crate::services::surveys::list(&state.db)
        .await
        .map_err(ctx::db_error)
}

/// The bank and the units, for the new-survey form.
#[server(endpoint = "surveys/form")]
pub async fn load_survey_form() -> Result<SurveyForm, AppError> {
    use super::ctx;
    use crate::{
        model::BankChoice,
        services::{org, questions},
    };
    let (_, state) = ctx::require_admin().await?;
    let lang = ctx::lang();
    let bank = questions::bank_with_custom(&state.db, true)
        .await
        .map_err(ctx::db_error)?;
    let choices = bank
        .dimensions
        .iter()
        .map(|d| BankChoice {
            dimension: d.name.get(lang).to_owned(),
            sensitive: d.sensitive,
            items: d
                .items
                .iter()
                .enumerate()
                // A short pulse by default: the first item of each
                // non-sensitive dimension (about a minute to answer).
                .map(|(i, it)| {
                    (
                        it.id.clone(),
                        it.text.get(lang).to_owned(),
                        i == 0 && !d.sensitive,
                    )
                })
                .collect(),
        })
        .collect();
    let units = org::unit_choices(&org::overview(&state.db).await.map_err(ctx::db_error)?.units);
    Ok(SurveyForm {
        bank: choices,
        units,
    })
}

/// Creates a survey and opens its first round when it is due now.
#[server(endpoint = "surveys/create")]
pub async fn create_survey(
    // The form's one-time value: read by the server's sent_once layer.
    __once: Option<String>,
    name: String,
    #[server(default)] items: Vec<String>,
    #[server(default)] units: Vec<String>,
    per_round: Option<String>,
    every_weeks: Option<String>,
    open_days: String,
    start: Option<String>,
) -> Result<(), AppError> {
    use super::ctx;
    use crate::{model::NewSurvey, services::surveys};
    let (user, state) = ctx::require_admin().await?;
    let number = |v: Option<String>, key: &str| -> Result<Option<i64>, AppError> {
        match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => s.parse().map(Some).map_err(|_| AppError::bad_request(key)),
        }
    };
    let now = chrono::Utc::now().timestamp();
    let first_open = match start.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(d) => Some(
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(6, 0, 0))
                .map(|t| t.and_utc().timestamp())
                .ok_or_else(|| AppError::bad_request("error-survey-start"))?,
        ),
    };
    let new = NewSurvey {
        name,
        items,
        units,
        per_round: number(per_round, "error-survey-rotation")?,
        every_weeks: number(every_weeks, "error-survey-every")?,
        open_days: number(Some(open_days), "error-survey-open-days")?.unwrap_or(0),
        first_open,
    };
    surveys::create(&state.db, &new, now)
        .await
        .map_err(survey_error)?;
    ctx::audit(
        &state,
        &user,
        "survey-created",
        new.name.trim(),
        &format!(
            "{} questions · {} units · open {} days",
            new.items.len(),
            new.units.len(),
            new.open_days
        ),
    )
    .await?;
    surveys::open_due(&state.db, &state.inbox_key, now)
        .await
        .map_err(ctx::db_error)?;
    leptos_axum::redirect("/surveys");
    Ok(())
}

#[server(endpoint = "surveys/stop")]
pub async fn stop_survey(id: String) -> Result<(), AppError> {
    use super::ctx;
    let (user, state) = ctx::require_admin().await?;
    crate::services::surveys::stop(&state.db, &id)
        .await
        .map_err(survey_error)?;
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM surveys WHERE id = $1")
        .bind(&id)
        .fetch_optional(&state.db.pool)
        .await
        .map_err(ctx::db_error)?;
    ctx::audit(&state, &user, "survey-stopped", &name.unwrap_or(id), "").await
}

/// One round with the units that can get code cards.
#[server(endpoint = "surveys/round")]
pub async fn load_round(id: String) -> Result<RoundPageData, AppError> {
    use super::ctx;
    use crate::services::{cards, org, surveys};
    let (_, state) = ctx::require_admin().await?;
    let round = surveys::rounds(&state.db, Some(&id))
        .await
        .map_err(ctx::db_error)?
        .pop()
        .ok_or(AppError::NotFound)?;
    let places = cards::places(&state.db, &id).await.map_err(ctx::db_error)?;
    let card_units =
        org::unit_choices(&org::overview(&state.db).await.map_err(ctx::db_error)?.units)
            .into_iter()
            .filter_map(|(unit, label)| places.get(&unit).map(|left| (unit, label, *left)))
            .collect();
    let printings = cards::printings_of_round(&state.db, &id)
        .await
        .map_err(ctx::db_error)?
        .into_iter()
        .map(cards::Printing::into_view)
        .collect();
    Ok(RoundPageData {
        round,
        card_units,
        printings,
    })
}

/// Closes a round now: no more answers; pending ones are stored as far as the
/// group-size rule allows.
#[server(endpoint = "surveys/round/close")]
pub async fn close_round(id: String) -> Result<(), AppError> {
    use super::ctx;
    let (user, state) = ctx::require_admin().await?;
    crate::anonymity::store::close_round(&state.db, &state.inbox_key, &id)
        .await
        .map_err(ctx::db_error)?;
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM rounds WHERE id = $1")
        .bind(&id)
        .fetch_optional(&state.db.pool)
        .await
        .map_err(ctx::db_error)?;
    ctx::audit(&state, &user, "round-closed", &name.unwrap_or(id), "").await
}

#[cfg(feature = "ssr")]
fn question_error(e: crate::services::questions::QuestionError) -> AppError {
    use crate::services::questions::QuestionError as E;
    match e {
        E::Invalid(key) => AppError::bad_request(key),
        E::Db(e) => super::ctx::db_error(e),
    }
}

/// The question bank: shipped and own themes and questions.
#[server(endpoint = "questions")]
pub async fn load_question_bank() -> Result<crate::model::QuestionBankPage, AppError> {
    use super::ctx;
    use crate::services::questions;
    let (_, state) = ctx::require_admin().await?;
    let lang = ctx::lang();
    let bank = questions::bank_with_custom(&state.db, true)
        .await
        .map_err(ctx::db_error)?;
    let scale_label = |id: &str| {
        bank.scale(id)
            .map(|s| {
                let l = s.labels.get(lang);
                format!(
                    "{} … {}",
                    l.first().cloned().unwrap_or_default(),
                    l.last().cloned().unwrap_or_default()
                )
            })
            .unwrap_or_default()
    };
    Ok(crate::model::QuestionBankPage {
        themes: bank
            .dimensions
            .iter()
            .map(|d| crate::model::ThemeView {
                id: d.id.clone(),
                name: d.name.get(lang).to_owned(),
                sensitive: d.sensitive,
                questions: d
                    .items
                    .iter()
                    .map(|i| crate::model::QuestionView {
                        text: i.text.get(lang).to_owned(),
                        scale: scale_label(&i.scale),
                        reverse: i.reverse,
                        custom: i.id.starts_with("c-"),
                    })
                    .collect(),
            })
            .collect(),
        scales: bank
            .scales
            .iter()
            .map(|s| (s.id.clone(), scale_label(&s.id)))
            .collect(),
    })
}

#[server(endpoint = "questions/theme")]
pub async fn add_theme(
    // The form's one-time value: read by the server's sent_once layer.
    __once: Option<String>,
    name_da: String,
    name_sv: String,
    name_en: String,
    sensitive: Option<String>,
) -> Result<(), AppError> {
    use super::ctx;
    let (_, state) = ctx::require_admin().await?;
    let d = crate::model::NewDimension {
        name_da,
        name_sv,
        name_en,
        sensitive: sensitive.is_some(),
    };
    crate::services::questions::add_dimension(&state.db, &d)
        .await
        .map_err(question_error)?;
    Ok(())
}

#[server(endpoint = "questions/item")]
pub async fn add_question(
    // The form's one-time value: read by the server's sent_once layer.
    __once: Option<String>,
    dimension: String,
    scale: String,
    reverse: Option<String>,
    text_da: String,
    text_sv: String,
    text_en: String,
) -> Result<(), AppError> {
    use super::ctx;
    let (_, state) = ctx::require_admin().await?;
    let i = crate::model::NewItem {
        dimension,
        scale,
        reverse: reverse.is_some(),
        text_da,
        text_sv,
        text_en,
    };
    crate::services::questions::add_item(&state.db, &i)
        .await
        .map_err(question_error)?;
    Ok(())
}
