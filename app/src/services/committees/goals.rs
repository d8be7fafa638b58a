//! Yearly working-environment goals that cascade: a committee's goal may
//! serve a goal of a committee above it (never one beside or below), has a
//! status and an evaluation per year, the measures that serve it, good
//! stories, and mid-way adjustments — added, adjusted, removed — each with
//! its date and reason.

use super::{above, get, is_member};
use crate::{
    model::{
        Adjustment, CommitteePage, CommitteeRef, DiscussionState, GoalLink, GoalMeasure,
        GoalStatus, GoalTheme, GoalView, GoalYear, MeasureStatus, SessionUser, Story,
    },
    services::{
        db::Db,
        follow_up::{day, text, title, Refused},
        ids,
        scope::Tree,
    },
};
use chrono::{Datelike, NaiveDate};

/// Whether `user` may change goals of the committee `committee`.
async fn committee_for(
    db: &Db,
    user: &SessionUser,
    committee: &str,
) -> Result<Result<CommitteeRef, Refused>, sqlx::Error> {
    let Some(c) = get(db, committee).await? else {
        return Ok(Err(Refused::NotFound));
    };
    Ok(if is_member(user, &c.id) {
        Ok(c)
    } else {
        Err(Refused::Scope)
    })
}

/// The committee of a goal and whether the goal was removed.
async fn goal_for(
    db: &Db,
    user: &SessionUser,
    goal: &str,
) -> Result<Result<(CommitteeRef, bool, i32, i32), Refused>, sqlx::Error> {
    let row: Option<(String, Option<String>, i64, i64)> = sqlx::query_as(
        "SELECT committee_id, removed_on, first_year, last_year FROM goals WHERE id = $1",
    )
    .bind(goal)
    .fetch_optional(&db.pool)
    .await?;
    let Some((committee, removed, first, last)) = row else {
        return Ok(Err(Refused::NotFound));
    };
    Ok(committee_for(db, user, &committee)
        .await?
        .map(|c| (c, removed.is_some(), first as i32, last as i32)))
}

/// A reason for a mid-way change: required, not too long.
fn reason(s: &str) -> Result<String, Refused> {
    let r = text(s)?;
    if r.is_empty() {
        return Err(Refused::Invalid("error-reason-missing"));
    }
    Ok(r)
}

async fn adjustment(
    db: &Db,
    goal: &str,
    kind: &str,
    reason: &str,
    user: &SessionUser,
    today: NaiveDate,
) -> Result<(), sqlx::Error> {
    // One statement numbers and writes the row (see `follow_up::numbered`).
    crate::services::follow_up::numbered(|| async {
        sqlx::query(
            "INSERT INTO goal_adjustments (goal_id, seq, kind, reason, made_on, account_id) \
             VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM goal_adjustments WHERE goal_id = $1), \
             $2, $3, $4, $5)",
        )
        .bind(goal)
        .bind(kind)
        .bind(reason)
        .bind(day(today))
        .bind(&user.id)
        .execute(&db.pool)
        .await
        .map(|_| ())
    })
    .await
}

pub struct NewGoal<'a> {
    pub theme: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub first_year: &'a str,
    /// "1" or "2".
    pub years: &'a str,
    /// A goal of a committee above, or empty.
    pub parent: &'a str,
    /// Given when the goal is added mid-way: recorded as an adjustment.
    pub reason: &'a str,
}

pub async fn create(
    db: &Db,
    user: &SessionUser,
    committee: &str,
    g: &NewGoal<'_>,
    today: NaiveDate,
) -> Result<Result<String, Refused>, sqlx::Error> {
    let checked = (|| {
        let theme = GoalTheme::parse(g.theme).ok_or(Refused::Invalid("error-goal-theme"))?;
        let t = title(g.title)?;
        let d = text(g.description)?;
        let first: i32 = g
            .first_year
            .trim()
            .parse()
            .ok()
            .filter(|y| (today.year() - 1..=today.year() + 2).contains(y))
            .ok_or(Refused::Invalid("error-goal-year"))?;
        let years: i32 = match g.years.trim() {
            "1" | "" => 1,
            "2" => 2,
            _ => return Err(Refused::Invalid("error-goal-years")),
        };
        let r = text(g.reason)?;
        Ok((theme, t, d, first, years, r))
    })();
    let (theme, t, d, first, years, r) = match checked {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    let c = match committee_for(db, user, committee).await? {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    let parent = match g.parent.trim() {
        "" => None,
        p => {
            // Only a live goal of a committee above this one.
            let owner: Option<(String, Option<String>)> =
                sqlx::query_as("SELECT committee_id, removed_on FROM goals WHERE id = $1")
                    .bind(p)
                    .fetch_optional(&db.pool)
                    .await?;
            let above = above(db, &c).await?;
            match owner {
                Some((o, None)) if above.iter().any(|a| a.id == o) => Some(p.to_owned()),
                _ => return Ok(Err(Refused::Invalid("error-goal-parent"))),
            }
        }
    };
    let id = ids::new_id();
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO goals (id, committee_id, theme, title, description, first_year, last_year, \
         parent_goal_id, created_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(&c.id)
    .bind(theme.as_str())
    .bind(&t)
    .bind(&d)
    .bind(first as i64)
    .bind((first + years - 1) as i64)
    .bind(&parent)
    .bind(day(today))
    .execute(&mut *tx)
    .await?;
    for y in first..first + years {
        sqlx::query(
            "INSERT INTO goal_years (goal_id, year, status) VALUES ($1, $2, 'not_started')",
        )
        .bind(&id)
        .bind(y as i64)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    if !r.is_empty() {
        adjustment(db, &id, "add", &r, user, today).await?;
    }
    Ok(Ok(id))
}

/// Changes a goal's wording mid-way, with the reason.
pub async fn adjust(
    db: &Db,
    user: &SessionUser,
    goal: &str,
    new_title: &str,
    description: &str,
    why: &str,
    today: NaiveDate,
) -> Result<Result<String, Refused>, sqlx::Error> {
    let (t, d, r) = match (title(new_title), text(description), reason(why)) {
        (Ok(t), Ok(d), Ok(r)) => (t, d, r),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return Ok(Err(e)),
    };
    let (c, removed, ..) = match goal_for(db, user, goal).await? {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    if removed {
        return Ok(Err(Refused::Invalid("error-goal-removed")));
    }
    sqlx::query("UPDATE goals SET title = $1, description = $2 WHERE id = $3")
        .bind(&t)
        .bind(&d)
        .bind(goal)
        .execute(&db.pool)
        .await?;
    adjustment(db, goal, "adjust", &r, user, today).await?;
    Ok(Ok(c.id))
}

/// Removes a goal mid-way; it stays on record with the reason.
pub async fn remove(
    db: &Db,
    user: &SessionUser,
    goal: &str,
    why: &str,
    today: NaiveDate,
) -> Result<Result<String, Refused>, sqlx::Error> {
    let r = match reason(why) {
        Ok(r) => r,
        Err(e) => return Ok(Err(e)),
    };
    let (c, removed, ..) = match goal_for(db, user, goal).await? {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    if removed {
        return Ok(Err(Refused::Invalid("error-goal-removed")));
    }
    sqlx::query("UPDATE goals SET removed_on = $1 WHERE id = $2")
        .bind(day(today))
        .bind(goal)
        .execute(&db.pool)
        .await?;
    adjustment(db, goal, "delete", &r, user, today).await?;
    Ok(Ok(c.id))
}

/// A goal's status and evaluation in one of its years.
pub async fn set_status(
    db: &Db,
    user: &SessionUser,
    goal: &str,
    year: &str,
    status: &str,
    evaluation: &str,
) -> Result<Result<String, Refused>, sqlx::Error> {
    let Some(status) = GoalStatus::parse(status) else {
        return Ok(Err(Refused::Invalid("error-status")));
    };
    let evaluation = match text(evaluation) {
        Ok(e) => e,
        Err(e) => return Ok(Err(e)),
    };
    let (c, removed, first, last) = match goal_for(db, user, goal).await? {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    if removed {
        return Ok(Err(Refused::Invalid("error-goal-removed")));
    }
    let Some(year) = year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (first..=last).contains(y))
    else {
        return Ok(Err(Refused::Invalid("error-goal-year")));
    };
    sqlx::query(
        "UPDATE goal_years SET status = $1, evaluation = $2 WHERE goal_id = $3 AND year = $4",
    )
    .bind(status.as_str())
    .bind(&evaluation)
    .bind(goal)
    .bind(year as i64)
    .execute(&db.pool)
    .await?;
    Ok(Ok(c.id))
}

/// Lets a measure of the action plan serve a goal (the measure's problem
/// must lie in the committee's scope).
pub async fn link_measure(
    db: &Db,
    user: &SessionUser,
    goal: &str,
    measure: &str,
) -> Result<Result<String, Refused>, sqlx::Error> {
    let (c, removed, ..) = match goal_for(db, user, goal).await? {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    if removed {
        return Ok(Err(Refused::Invalid("error-goal-removed")));
    }
    let unit: Option<String> = sqlx::query_scalar(
        "SELECT p.unit_id FROM measures m JOIN problems p ON p.id = m.problem_id WHERE m.id = $1",
    )
    .bind(measure)
    .fetch_optional(&db.pool)
    .await?;
    let tree = Tree::load(db).await?;
    match unit {
        Some(u) if tree.is_within(&u, &c.unit_id) => {}
        _ => return Ok(Err(Refused::Invalid("error-measure-scope"))),
    }
    sqlx::query("UPDATE measures SET goal_id = $1 WHERE id = $2")
        .bind(goal)
        .bind(measure)
        .execute(&db.pool)
        .await?;
    Ok(Ok(c.id))
}

/// A good story under a goal.
pub async fn add_story(
    db: &Db,
    user: &SessionUser,
    goal: &str,
    story_title: &str,
    body: &str,
    today: NaiveDate,
) -> Result<Result<String, Refused>, sqlx::Error> {
    let (t, b) = match (title(story_title), text(body)) {
        (Ok(t), Ok(b)) if !b.is_empty() => (t, b),
        (Ok(_), Ok(_)) => return Ok(Err(Refused::Invalid("error-story-missing"))),
        (Err(e), _) | (_, Err(e)) => return Ok(Err(e)),
    };
    let (c, removed, ..) = match goal_for(db, user, goal).await? {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    if removed {
        return Ok(Err(Refused::Invalid("error-goal-removed")));
    }
    sqlx::query(
        "INSERT INTO stories (id, goal_id, title, body, written_on, account_id) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(ids::new_id())
    .bind(goal)
    .bind(&t)
    .bind(&b)
    .bind(day(today))
    .bind(&user.id)
    .execute(&db.pool)
    .await?;
    Ok(Ok(c.id))
}

type GoalRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    i64,
    Option<String>,
    Option<String>,
);

/// The goals of some committees active in `year` (all years when None),
/// with everything a goal page shows.
pub async fn views(
    db: &Db,
    committees: &[String],
    year: Option<i32>,
    with_removed: bool,
) -> Result<Vec<GoalView>, sqlx::Error> {
    let mut out = Vec::new();
    for committee in committees {
        let rows: Vec<GoalRow> = sqlx::query_as(
            "SELECT g.id, g.committee_id, c.name, g.theme, g.title, g.description, g.first_year, \
             g.last_year, g.parent_goal_id, g.removed_on FROM goals g \
             JOIN committees c ON c.id = g.committee_id WHERE g.committee_id = $1 \
             ORDER BY g.theme, g.created_on, g.id",
        )
        .bind(committee)
        .fetch_all(&db.pool)
        .await?;
        for (id, committee_id, committee_name, theme, t, d, first, last, parent, removed) in rows {
            let (first, last) = (first as i32, last as i32);
            if year.is_some_and(|y| y < first || y > last) || (removed.is_some() && !with_removed) {
                continue;
            }
            out.push(GoalView {
                parent: match parent {
                    Some(p) => link(db, &p).await?,
                    None => None,
                },
                children: children(db, &id).await?,
                years: years(db, &id).await?,
                adjustments: adjustments(db, &id).await?,
                stories: stories(db, &id).await?,
                measures: measures(db, &id).await?,
                id,
                committee_id,
                committee_name,
                theme: GoalTheme::parse(&theme).unwrap_or(GoalTheme::Other),
                title: t,
                description: d,
                first_year: first,
                last_year: last,
                removed_on: removed,
            });
        }
    }
    Ok(out)
}

async fn link(db: &Db, goal: &str) -> Result<Option<GoalLink>, sqlx::Error> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT g.id, g.title, c.name FROM goals g JOIN committees c ON c.id = g.committee_id \
         WHERE g.id = $1",
    )
    .bind(goal)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(goal_id, title, committee)| GoalLink {
        goal_id,
        title,
        committee,
    }))
}

async fn children(db: &Db, goal: &str) -> Result<Vec<GoalLink>, sqlx::Error> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT g.id, g.title, c.name FROM goals g JOIN committees c ON c.id = g.committee_id \
         WHERE g.parent_goal_id = $1 AND g.removed_on IS NULL ORDER BY c.name, g.title",
    )
    .bind(goal)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(goal_id, title, committee)| GoalLink {
            goal_id,
            title,
            committee,
        })
        .collect())
}

async fn years(db: &Db, goal: &str) -> Result<Vec<GoalYear>, sqlx::Error> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT year, status, evaluation FROM goal_years WHERE goal_id = $1 ORDER BY year",
    )
    .bind(goal)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(year, status, evaluation)| GoalYear {
            year: year as i32,
            status: GoalStatus::parse(&status).unwrap_or(GoalStatus::NotStarted),
            evaluation,
        })
        .collect())
}

async fn adjustments(db: &Db, goal: &str) -> Result<Vec<Adjustment>, sqlx::Error> {
    let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT j.kind, j.reason, j.made_on, a.name FROM goal_adjustments j \
         LEFT JOIN accounts a ON a.id = j.account_id WHERE j.goal_id = $1 ORDER BY j.seq",
    )
    .bind(goal)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(kind, reason, made_on, by)| Adjustment {
            kind,
            reason,
            made_on,
            by,
        })
        .collect())
}

async fn stories(db: &Db, goal: &str) -> Result<Vec<Story>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT s.id, s.title, s.body, s.written_on, a.name FROM stories s \
         LEFT JOIN accounts a ON a.id = s.account_id WHERE s.goal_id = $1 ORDER BY s.written_on, s.id",
    )
    .bind(goal)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, title, body, written_on, by)| Story {
            id,
            title,
            body,
            written_on,
            by,
        })
        .collect())
}

async fn measures(db: &Db, goal: &str) -> Result<Vec<GoalMeasure>, sqlx::Error> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT problem_id, title, status, deadline FROM measures WHERE goal_id = $1 ORDER BY deadline, id",
    )
    .bind(goal)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(problem_id, title, status, deadline)| GoalMeasure {
            problem_id,
            title,
            status: MeasureStatus::parse(&status).unwrap_or(MeasureStatus::Planned),
            deadline,
        })
        .collect())
}

/// `/committees/:id` for a year.
pub async fn page(
    db: &Db,
    user: &SessionUser,
    committee: &str,
    year: i32,
) -> Result<Result<CommitteePage, Refused>, sqlx::Error> {
    let c = match committee_for(db, user, committee).await? {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    let goals = views(db, std::slice::from_ref(&c.id), Some(year), true).await?;
    let up: Vec<String> = above(db, &c).await?.into_iter().map(|a| a.id).collect();
    let above = views(db, &up, Some(year), false).await?;
    let discussions: Vec<(i64, String)> = sqlx::query_as(
        "SELECT year, state FROM discussions WHERE committee_id = $1 ORDER BY year DESC",
    )
    .bind(&c.id)
    .fetch_all(&db.pool)
    .await?;
    let tree = Tree::load(db).await?;
    let open: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT m.id, m.title, p.title, p.unit_id FROM measures m JOIN problems p ON p.id = m.problem_id \
         WHERE m.status IN ('planned', 'in_progress') AND p.closed_on IS NULL ORDER BY p.title, m.seq",
    )
    .fetch_all(&db.pool)
    .await?;
    let year_start = chrono::NaiveDate::from_ymd_opt(year, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc().timestamp())
        .unwrap_or(0);
    let year_end = chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc().timestamp())
        .unwrap_or(i64::MAX);
    let card_printings = crate::services::cards::printings_since(db, year_start)
        .await?
        .into_iter()
        .filter(|p| p.printed_at < year_end && tree.is_within(&p.unit_id, &c.unit_id))
        .map(crate::services::cards::Printing::into_view)
        .collect();
    Ok(Ok(CommitteePage {
        card_printings,
        year,
        goals,
        above,
        discussions: discussions
            .into_iter()
            .map(|(y, s)| {
                (
                    y as i32,
                    DiscussionState::parse(&s).unwrap_or(DiscussionState::Draft),
                )
            })
            .collect(),
        measures: open
            .into_iter()
            .filter(|(.., u)| tree.is_within(u, &c.unit_id))
            .map(|(id, t, p, _)| (id, t, p))
            .collect(),
        committee: c,
    }))
}
