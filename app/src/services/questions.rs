//! The organisation's own themes and questions, merged with the shipped bank.
//! A custom question uses one of the shipped scales, so scoring and the
//! answering page treat it exactly like a shipped one.

use super::{db::Db, ids};
use crate::{
    model::{NewDimension, NewItem},
    survey::{
        bank,
        types::{Bank, Dimension, Item, Text},
    },
};
use chrono::Utc;
use std::borrow::Cow;

/// Longest text of a theme or question, in characters (a phone screen).
pub const MAX_TEXT: usize = 200;

#[derive(Debug, thiserror::Error)]
pub enum QuestionError {
    #[error("invalid: {0}")]
    Invalid(&'static str),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// The shipped bank, plus the custom themes and questions when `needed`.
/// Pages that only show shipped items skip the queries.
pub async fn bank_with_custom(db: &Db, needed: bool) -> Result<Cow<'static, Bank>, sqlx::Error> {
    let shipped = bank::shipped().map_err(|e| sqlx::Error::Protocol(e.into()))?;
    if !needed {
        return Ok(Cow::Borrowed(shipped));
    }
    let mut bank = shipped.clone();
    type DimRow = (String, String, String, String, i64);
    let dims: Vec<DimRow> = sqlx::query_as(
        "SELECT id, name_da, name_sv, name_en, sensitive FROM custom_dimensions ORDER BY created_at, id",
    )
    .fetch_all(&db.pool)
    .await?;
    for (id, da, sv, en, sensitive) in dims {
        bank.dimensions.push(Dimension {
            id,
            name: Text { da, sv, en },
            description: Text {
                da: String::new(),
                sv: String::new(),
                en: String::new(),
            },
            sensitive: sensitive == 1,
            items: Vec::new(),
        });
    }
    type ItemRow = (String, String, String, i64, String, String, String);
    let items: Vec<ItemRow> = sqlx::query_as(
        "SELECT id, dimension_id, scale, reverse, text_da, text_sv, text_en FROM custom_items ORDER BY created_at, id",
    )
    .fetch_all(&db.pool)
    .await?;
    for (id, dim, scale, reverse, da, sv, en) in items {
        if let Some(d) = bank.dimensions.iter_mut().find(|d| d.id == dim) {
            d.items.push(Item {
                id,
                scale,
                reverse: reverse == 1,
                text: Text { da, sv, en },
            });
        }
    }
    Ok(Cow::Owned(bank))
}

/// True when any of these item ids is a custom one.
pub fn any_custom<'a>(items: impl IntoIterator<Item = &'a String>) -> bool {
    items.into_iter().any(|i| i.starts_with("c-"))
}

fn text(da: &str, sv: &str, en: &str, key: &'static str) -> Result<Text, QuestionError> {
    let clean = |s: &str| s.trim().to_owned();
    let t = Text {
        da: clean(da),
        sv: clean(sv),
        en: clean(en),
    };
    for s in [&t.da, &t.sv, &t.en] {
        if s.is_empty() || s.chars().count() > MAX_TEXT {
            return Err(QuestionError::Invalid(key));
        }
    }
    Ok(t)
}

pub async fn add_dimension(db: &Db, d: &NewDimension) -> Result<String, QuestionError> {
    let name = text(
        &d.name_da,
        &d.name_sv,
        &d.name_en,
        "error-question-theme-name",
    )?;
    let id = format!("c-{}", ids::new_id());
    sqlx::query(
        "INSERT INTO custom_dimensions (id, name_da, name_sv, name_en, sensitive, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(name.da)
    .bind(name.sv)
    .bind(name.en)
    .bind(i64::from(d.sensitive))
    .bind(Utc::now().timestamp())
    .execute(&db.pool)
    .await?;
    Ok(id)
}

pub async fn add_item(db: &Db, i: &NewItem) -> Result<String, QuestionError> {
    let t = text(&i.text_da, &i.text_sv, &i.text_en, "error-question-text")?;
    let bank = bank_with_custom(db, true).await?;
    if bank.scale(&i.scale).is_none() {
        return Err(QuestionError::Invalid("error-question-scale"));
    }
    if !bank.dimensions.iter().any(|d| d.id == i.dimension) {
        return Err(QuestionError::Invalid("error-question-theme"));
    }
    let id = format!("c-{}", ids::new_id());
    sqlx::query(
        "INSERT INTO custom_items (id, dimension_id, scale, reverse, text_da, text_sv, text_en, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(&i.dimension)
    .bind(&i.scale)
    .bind(i64::from(i.reverse))
    .bind(t.da)
    .bind(t.sv)
    .bind(t.en)
    .bind(Utc::now().timestamp())
    .execute(&db.pool)
    .await?;
    Ok(id)
}
