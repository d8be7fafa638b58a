//! The respondent's side, before and after the anonymity core: finding the
//! questionnaire an invitation opens, and checking a submitted form against
//! the round's items before it is handed to the writer. Nothing here stores
//! anything about the respondent.

use super::{db::Db, follow_up, ids, questions, surveys::date};
use crate::{
    i18n::Lang,
    model::{DoneMeasure, OpenRound, Question, Questionnaire},
};

use std::{
    collections::{BTreeMap, HashMap},
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use crate::anonymity::{
    answer::{Given, StoredAnswer},
    store::{pack, Packed},
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
    /// the round's items and returns the answers as stored, compressed for
    /// their sealed row. Unanswered items are simply absent. Err carries a
    /// message key.
    pub async fn validate<K: AsRef<str> + Sync, V: AsRef<str> + Sync>(
        &self,
        db: &Db,
        round: &str,
        fields: &[(K, V)],
    ) -> Result<Result<Packed, &'static str>, sqlx::Error> {
        let Some(rules) = self.rules(db, round).await? else {
            return Ok(Err("answer-refused"));
        };
        let mut answers = BTreeMap::new();
        let mut comment = String::new();
        for (name, value) in fields {
            let (name, value) = (name.as_ref(), value.as_ref());
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
        Ok(pack(&stored).ok_or("answer-comment-too-long"))
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
    sheets: &Sheets,
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
        Some((round, unit)) => build(db, sheets, lang, &round, &unit, Some(code)).await,
        None => Ok(None),
    }
}

/// The questionnaire of a signed-in staff member's own unused invitation.
pub async fn for_person(
    db: &Db,
    sheets: &Sheets,
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
        Some((round, unit)) => build(db, sheets, lang, &round, &unit, None).await,
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
    sheets: &Sheets,
    lang: Lang,
    round: &str,
    unit: &str,
    code: Option<String>,
) -> Result<Option<Questionnaire>, sqlx::Error> {
    let Some(sheet) = sheets.round(db, lang, round).await? else {
        return Ok(None);
    };
    let since_last = sheets.since_last(db, unit).await?;
    let sheet = &*sheet;
    Ok(Some(Questionnaire {
        round: round.to_owned(),
        round_name: sheet.name.clone(),
        code,
        closes: sheet.closes.clone(),
        k_score: sheet.k_score,
        k_comment: sheet.k_comment,
        k_sensitive: sheet.k_sensitive,
        has_sensitive: sheet.questions.iter().any(|q| q.sensitive),
        questions: sheet.questions.clone(),
        since_last: (*since_last).clone(),
        kept: Vec::new(),
    }))
}

/// What a round's questionnaire says in one language, the same for everyone
/// it invites.
struct RoundSheet {
    name: String,
    closes: Option<String>,
    k_score: i64,
    k_comment: i64,
    k_sensitive: i64,
    questions: Vec<Question>,
}

async fn round_sheet(db: &Db, lang: Lang, round: &str) -> Result<Option<RoundSheet>, sqlx::Error> {
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
    Ok(Some(RoundSheet {
        name,
        closes: closes.map(date),
        k_score: th.k_score,
        k_comment: th.k_comment,
        k_sensitive: th.k_sensitive,
        questions,
    }))
}

/// How long the parts of the answering page that are the same for many
/// people are kept in memory. When a round opens, thousands open the same
/// questionnaire within minutes; read each time, its round, questions,
/// thresholds and "since last time" were four of the page's five queries and
/// most of its time (profiled with perf: the answering page ran at a third of
/// a bare Leptos page of the same shape, its time in thread hand-offs to the
/// database workers and the allocations of their rows). A round's name,
/// items, closing date and thresholds are fixed when it opens; a unit's
/// measures change when a committee marks one done, which this instance
/// shows at once (`Sheets::forget_measures`) and other instances within this
/// time.
const SHEET_LIFE: Duration = Duration::from_secs(30);

/// Entries kept at most per kind; beyond it, expired ones go, and if that is
/// not enough, all (a bound on memory whatever is asked for).
const SHEETS_MAX: usize = 4096;

/// The shared parts of answering pages: each round's sheet per language and
/// each unit's "since last time". Nothing about who opened a page is kept:
/// the keys are a round and a language, or a unit.
#[derive(Clone, Default)]
pub struct Sheets {
    rounds: Shelf<(String, Lang), RoundSheet>,
    measures: Shelf<String, Vec<DoneMeasure>>,
}

impl Sheets {
    async fn round(
        &self,
        db: &Db,
        lang: Lang,
        round: &str,
    ) -> Result<Option<Arc<RoundSheet>>, sqlx::Error> {
        let key = (round.to_owned(), lang);
        if let Some(sheet) = self.rounds.get(&key) {
            return Ok(Some(sheet));
        }
        // An unknown round is not kept: nothing is gained by remembering it.
        Ok(round_sheet(db, lang, round)
            .await?
            .map(|sheet| self.rounds.put(key, sheet)))
    }

    async fn since_last(&self, db: &Db, unit: &str) -> Result<Arc<Vec<DoneMeasure>>, sqlx::Error> {
        match self.measures.get(unit) {
            Some(m) => Ok(m),
            None => Ok(self
                .measures
                .put(unit.to_owned(), follow_up::since_last(db, unit).await?)),
        }
    }

    /// A measure was added or changed: every unit's "since last time" is read
    /// again on its next page.
    pub fn forget_measures(&self) {
        self.measures.clear();
    }
}

/// A small map whose entries live for `SHEET_LIFE`.
struct Shelf<K, V> {
    entries: Arc<RwLock<HashMap<K, Stamped<V>>>>,
}

/// A value and when it was read.
type Stamped<V> = (Instant, Arc<V>);

impl<K, V> Clone for Shelf<K, V> {
    fn clone(&self) -> Self {
        Shelf {
            entries: Arc::clone(&self.entries),
        }
    }
}

impl<K, V> Default for Shelf<K, V> {
    fn default() -> Self {
        Shelf {
            entries: Arc::default(),
        }
    }
}

impl<K: std::hash::Hash + Eq, V> Shelf<K, V> {
    fn get<Q>(&self, key: &Q) -> Option<Arc<V>>
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        let entries = self.entries.read().ok()?;
        let (at, v) = entries.get(key)?;
        (at.elapsed() < SHEET_LIFE).then(|| Arc::clone(v))
    }

    fn put(&self, key: K, value: V) -> Arc<V> {
        let value = Arc::new(value);
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= SHEETS_MAX {
                entries.retain(|_, (at, _)| at.elapsed() < SHEET_LIFE);
                if entries.len() >= SHEETS_MAX {
                    entries.clear();
                }
            }
            entries.insert(key, (Instant::now(), Arc::clone(&value)));
        }
        value
    }

    fn clear(&self) {
        if let Ok(mut entries) = self.entries.write() {
            entries.clear();
        }
    }
}
