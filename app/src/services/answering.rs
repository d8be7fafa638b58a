//! The respondent's side, before and after the anonymity core: finding the
//! questionnaire an invitation opens, and checking a submitted form against
//! the round's items before it is handed to the writer. Nothing here stores
//! anything about the respondent.

use super::{db::Db, follow_up, ids, questions, surveys::date};
use crate::{
    i18n::Lang,
    model::{OpenRound, Question, Questionnaire},
};

use std::{
    collections::{BTreeMap, HashMap},
    sync::{Arc, RwLock},
};

use crate::anonymity::{
    answer::{Given, StoredAnswer},
    store::fits,
};
use crate::model::MAX_COMMENT_CHARS as MAX_COMMENT;

/// What a round accepts for one item: its scale's number of points and
/// whether "don't know" is offered.
#[derive(Clone, Copy, Debug)]
struct Rule {
    points: u8,
    dont_know: bool,
}

/// Item id → rule, for one round.
type Rules = Arc<HashMap<String, Rule>>;

/// The rules of each round's items, read once per round: a round's items are
/// fixed when it opens, and the submit route should not query for them.
#[derive(Clone, Default)]
pub struct RoundBook {
    rounds: Arc<RwLock<HashMap<String, Rules>>>,
}

impl RoundBook {
    async fn rules(&self, db: &Db, round: &str) -> Result<Option<Rules>, sqlx::Error> {
        if let Some(r) = self.rounds.read().ok().and_then(|m| m.get(round).cloned()) {
            return Ok(Some(r));
        }
        let Some(items) = round_items(db, round).await? else {
            return Ok(None);
        };
        let bank = questions::bank_with_custom(db, questions::any_custom(&items)).await?;
        let rules: HashMap<String, Rule> = items
            .iter()
            .filter_map(|id| {
                let (_, item) = bank.item(id)?;
                let scale = bank.scale(&item.scale)?;
                Some((
                    id.clone(),
                    Rule {
                        points: scale.points,
                        dont_know: scale.dont_know,
                    },
                ))
            })
            .collect();
        let rules = Arc::new(rules);
        if let Ok(mut m) = self.rounds.write() {
            m.insert(round.to_owned(), rules.clone());
        }
        Ok(Some(rules))
    }

    /// Checks a submitted form (`q.<item>` = point or `dk`, `comment`) against
    /// the round's items and returns the answers as stored. Unanswered items
    /// are simply absent. Err carries a message key.
    pub async fn validate(
        &self,
        db: &Db,
        round: &str,
        fields: &[(String, String)],
    ) -> Result<Result<String, &'static str>, sqlx::Error> {
        let Some(rules) = self.rules(db, round).await? else {
            return Ok(Err("answer-refused"));
        };
        let mut answers = BTreeMap::new();
        let mut comment = String::new();
        for (name, value) in fields {
            if let Some(item) = name.strip_prefix("q.") {
                let Some(rule) = rules.get(item) else {
                    return Ok(Err("answer-invalid"));
                };
                let v = if value == "dk" && rule.dont_know {
                    Given::DONT_KNOW
                } else {
                    match value.parse::<u8>() {
                        Ok(p) if p < rule.points => Given::Point(p),
                        _ => return Ok(Err("answer-invalid")),
                    }
                };
                if answers.insert(item.to_owned(), v).is_some() {
                    return Ok(Err("answer-invalid"));
                }
            } else if name == "comment" {
                // Line breaks as `\n`, and no other control characters: they
                // carry nothing a reader needs and would each take six bytes
                // of JSON in the fixed-size sealed row.
                comment = value
                    .replace("\r\n", "\n")
                    .chars()
                    .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
                    .collect::<String>()
                    .trim()
                    .to_owned();
                if comment.chars().count() > MAX_COMMENT {
                    return Ok(Err("answer-comment-too-long"));
                }
            }
        }
        if answers.is_empty() && comment.is_empty() {
            return Ok(Err("answer-empty"));
        }
        let stored = StoredAnswer {
            items: answers,
            comment: (!comment.is_empty()).then_some(comment),
        }
        .to_json();
        // Only a comment of thousands of random-looking characters does not
        // fit a sealed row once compressed; it is refused, never cut.
        if !fits(&stored) {
            return Ok(Err("answer-comment-too-long"));
        }
        Ok(Ok(stored))
    }
}

async fn round_items(db: &Db, round: &str) -> Result<Option<Vec<String>>, sqlx::Error> {
    let items: Option<String> = sqlx::query_scalar("SELECT items FROM rounds WHERE id = $1")
        .bind(round)
        .fetch_optional(&db.pool)
        .await?;
    Ok(items.map(|s| serde_json::from_str(&s).unwrap_or_default()))
}

/// The questionnaire a code opens, or None when the code is unknown, used, or
/// its round closed (one answer for all three).
pub async fn for_code(
    db: &Db,
    lang: Lang,
    typed: &str,
) -> Result<Option<Questionnaire>, sqlx::Error> {
    let Some(code) = ids::normalise_code(typed) else {
        return Ok(None);
    };
    let round: Option<(String, String)> = sqlx::query_as(
        "SELECT i.round_id, i.unit_id FROM invitations i JOIN rounds r ON r.id = i.round_id \
         WHERE i.code_hash = $1 AND i.used = 0 AND r.closed_at IS NULL",
    )
    .bind(ids::sha256_hex(&code))
    .fetch_optional(&db.pool)
    .await?;
    match round {
        Some((round, unit)) => build(db, lang, &round, &unit, Some(code)).await,
        None => Ok(None),
    }
}

/// The questionnaire of a signed-in staff member's own unused invitation.
pub async fn for_person(
    db: &Db,
    lang: Lang,
    person: &str,
    round: &str,
) -> Result<Option<Questionnaire>, sqlx::Error> {
    let open: Option<(String, String)> = sqlx::query_as(
        "SELECT i.round_id, i.unit_id FROM invitations i JOIN rounds r ON r.id = i.round_id \
         WHERE i.person_id = $1 AND i.round_id = $2 AND i.used = 0 AND r.closed_at IS NULL",
    )
    .bind(person)
    .bind(round)
    .fetch_optional(&db.pool)
    .await?;
    match open {
        Some((round, unit)) => build(db, lang, &round, &unit, None).await,
        None => Ok(None),
    }
}

/// A staff member's open rounds they have not answered yet.
pub async fn open_for_person(db: &Db, person: &str) -> Result<Vec<OpenRound>, sqlx::Error> {
    let rows: Vec<(String, String, Option<i64>)> = sqlx::query_as(
        "SELECT r.id, r.name, r.closes_at FROM invitations i JOIN rounds r ON r.id = i.round_id \
         WHERE i.person_id = $1 AND i.used = 0 AND r.closed_at IS NULL ORDER BY r.opened_at, r.id",
    )
    .bind(person)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(round, name, closes)| OpenRound {
            round,
            name,
            closes: closes.map(date),
        })
        .collect())
}

async fn build(
    db: &Db,
    lang: Lang,
    round: &str,
    unit: &str,
    code: Option<String>,
) -> Result<Option<Questionnaire>, sqlx::Error> {
    let row: Option<(String, String, Option<i64>)> =
        sqlx::query_as("SELECT name, items, closes_at FROM rounds WHERE id = $1")
            .bind(round)
            .fetch_optional(&db.pool)
            .await?;
    let Some((name, items, closes)) = row else {
        return Ok(None);
    };
    let items: Vec<String> = serde_json::from_str(&items).unwrap_or_default();
    let bank = questions::bank_with_custom(db, questions::any_custom(&items)).await?;
    let questions: Vec<Question> = items
        .iter()
        .filter_map(|id| {
            let (dim, item) = bank.item(id)?;
            let scale = bank.scale(&item.scale)?;
            Some(Question {
                id: id.clone(),
                text: item.text.get(lang).to_owned(),
                labels: scale.labels.get(lang).to_vec(),
                dont_know: scale.dont_know,
                sensitive: dim.sensitive,
            })
        })
        .collect();
    // What the round will be published at (it keeps the thresholds it
    // opened with).
    let th = crate::anonymity::thresholds::of_round(&db.pool, round).await?;
    Ok(Some(Questionnaire {
        round: round.to_owned(),
        round_name: name,
        code,
        closes: closes.map(date),
        k_score: th.k_score,
        k_comment: th.k_comment,
        k_sensitive: th.k_sensitive,
        has_sensitive: questions.iter().any(|q| q.sensitive),
        questions,
        since_last: follow_up::since_last(db, unit).await?,
        kept: Vec::new(),
    }))
}
