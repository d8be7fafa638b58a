//! Problems and their risk assessments. A problem is created by hand or from
//! a published figure; a figure is kept as it was published then, and shown
//! only while the results' rules still publish it.

use super::{day, parse_day, problem_unit, text, title, Refused};
use crate::{
    i18n::Lang,
    model::{
        Assessment, FollowUpOverview, Hidden, Measure, OverdueMeasure, ProblemFigure, ProblemRow,
        ProblemSource, ProblemView, ReportCategory, Role, SessionUser, TrendSeries, UnitDashboard,
    },
    services::{
        db::Db,
        ids,
        reports::stats,
        results::dashboard,
        scope::{self, Tree},
    },
};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Rounds of the trend shown before the one a problem was born from.
const ROUNDS_BEFORE: usize = 3;

/// Open units in the person's scope, depth-first: (id, name, depth).
async fn units_in_scope(
    db: &Db,
    user: &SessionUser,
) -> Result<Vec<(String, String, u32)>, sqlx::Error> {
    let units: Vec<(String, Option<String>, String)> = sqlx::query_as(
        "SELECT id, parent_id, name FROM units WHERE closed_at IS NULL ORDER BY name, id",
    )
    .fetch_all(&db.pool)
    .await?;
    let roots = scope::roots(user);
    Ok(scope::depth_first(&units, roots.as_deref()))
}

type MeasureRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
);

const SELECT_MEASURES: &str = "SELECT m.id, m.problem_id, m.title, m.owner_name, m.owner_email, \
     m.deadline, m.follow_up, m.status, m.outcome, m.done_on, g.title FROM measures m \
     LEFT JOIN goals g ON g.id = m.goal_id";

fn measure(r: MeasureRow, today: NaiveDate) -> (String, Measure) {
    let (
        id,
        problem,
        title,
        owner_name,
        owner_email,
        deadline,
        follow_up,
        status,
        outcome,
        done,
        goal,
    ) = r;
    let status =
        crate::model::MeasureStatus::parse(&status).unwrap_or(crate::model::MeasureStatus::Planned);
    let overdue = status.is_open() && parse_day(&deadline).is_some_and(|d| d < today);
    (
        problem,
        Measure {
            id,
            title,
            owner_name,
            owner_email,
            deadline,
            follow_up,
            status,
            outcome,
            done_on: done,
            overdue,
            goal,
        },
    )
}

/// The measures of some problems, in plan order, by problem.
pub(crate) async fn measures_of(
    db: &Db,
    problems: Option<&str>,
    today: NaiveDate,
) -> Result<HashMap<String, Vec<Measure>>, sqlx::Error> {
    // One problem, or all of them (None).
    let rows: Vec<MeasureRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT_MEASURES} WHERE CAST($1 AS TEXT) IS NULL OR m.problem_id = $1 \
         ORDER BY m.problem_id, m.seq"
    )))
    .bind(problems)
    .fetch_all(&db.pool)
    .await?;
    let mut out: HashMap<String, Vec<Measure>> = HashMap::new();
    for r in rows {
        let (p, m) = measure(r, today);
        out.entry(p).or_default().push(m);
    }
    Ok(out)
}

type AssessmentRow = (String, i64, i64, i64, String, String, Option<String>);

/// Every assessment of some problems, newest first, by problem.
pub(crate) async fn assessments_of(
    db: &Db,
    problem: Option<&str>,
) -> Result<HashMap<String, Vec<Assessment>>, sqlx::Error> {
    // One problem, or all of them (None).
    let rows: Vec<AssessmentRow> = sqlx::query_as(
        "SELECT r.problem_id, r.seq, r.likelihood, r.consequence, r.note, r.assessed_on, a.name \
         FROM risk_assessments r LEFT JOIN accounts a ON a.id = r.account_id \
         WHERE CAST($1 AS TEXT) IS NULL OR r.problem_id = $1 ORDER BY r.problem_id, r.seq DESC",
    )
    .bind(problem)
    .fetch_all(&db.pool)
    .await?;
    let mut out: HashMap<String, Vec<Assessment>> = HashMap::new();
    for (p, _, l, c, note, on, by) in rows {
        out.entry(p).or_default().push(Assessment {
            likelihood: l.clamp(1, 5) as u8,
            consequence: c.clamp(1, 5) as u8,
            note,
            assessed_on: on,
            by,
        });
    }
    Ok(out)
}

/// The scope's problems (open first, highest priority first), what is
/// overdue, and the units a new problem can be for.
pub async fn overview(
    db: &Db,
    user: &SessionUser,
    today: NaiveDate,
) -> Result<FollowUpOverview, sqlx::Error> {
    let tree = Tree::load(db).await?;
    let rows: Vec<(String, String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT p.id, p.unit_id, p.title, u.name, p.created_on, p.closed_on \
         FROM problems p JOIN units u ON u.id = p.unit_id ORDER BY p.created_on DESC, p.id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut assessed = assessments_of(db, None).await?;
    let mut measures = measures_of(db, None, today).await?;
    let mut problems = Vec::new();
    let mut overdue = Vec::new();
    for (id, unit, title, unit_name, created_on, closed_on) in rows {
        if !scope::can_see(user, &tree, &unit) {
            continue;
        }
        let plan = measures.remove(&id).unwrap_or_default();
        let closed = closed_on.is_some();
        for m in plan.iter().filter(|m| m.overdue && !closed) {
            overdue.push(OverdueMeasure {
                problem_id: id.clone(),
                problem_title: title.clone(),
                unit_name: unit_name.clone(),
                measure: m.clone(),
            });
        }
        problems.push(ProblemRow {
            assessment: assessed.remove(&id).and_then(|a| a.into_iter().next()),
            measures: plan.len() as i64,
            open_measures: plan.iter().filter(|m| m.status.is_open()).count() as i64,
            overdue: plan.iter().filter(|m| m.overdue).count() as i64,
            id,
            title,
            unit_name,
            created_on,
            closed,
        });
    }
    // Open before closed, then the highest priority (unassessed last), then newest.
    problems.sort_by(|a, b| {
        let rank = |p: &ProblemRow| p.assessment.as_ref().map(|a| a.score()).unwrap_or(0);
        a.closed
            .cmp(&b.closed)
            .then(rank(b).cmp(&rank(a)))
            .then(b.created_on.cmp(&a.created_on))
    });
    overdue.sort_by(|a, b| a.measure.deadline.cmp(&b.measure.deadline));
    let roots = scope::roots(user);
    let units = units_in_scope(db, user).await?;
    let codes: Vec<(String, String)> = sqlx::query_as("SELECT id, code FROM units")
        .fetch_all(&db.pool)
        .await?;
    let code_of: HashMap<String, String> = codes.into_iter().collect();
    Ok(FollowUpOverview {
        absence: super::absence::figures(db, roots.as_deref(), None).await?,
        absence_units: units
            .iter()
            .filter_map(|(id, name, depth)| {
                let indent = "\u{2003}".repeat(*depth as usize);
                code_of
                    .get(id)
                    .map(|c| (c.clone(), format!("{indent}{name}")))
            })
            .collect(),
        units,
        problems,
        overdue,
        today: day(today),
    })
}

/// Where a new problem comes from, and the figure it keeps (see the
/// `problems` table): by hand, from a result or from a report statistic.
#[derive(Default)]
struct Origin<'a> {
    source: &'a str,
    description: &'a str,
    round: Option<&'a str>,
    dimension: Option<&'a str>,
    category: Option<&'a str>,
    period: Option<&'a str>,
    figure: Option<i64>,
    previous: Option<i64>,
    count: Option<i64>,
    hidden: Option<&'a str>,
}

/// Writes a new problem; its id.
async fn insert(
    db: &Db,
    unit: &str,
    title: &str,
    o: &Origin<'_>,
    user: &SessionUser,
    today: NaiveDate,
) -> Result<String, sqlx::Error> {
    let id = ids::new_id();
    sqlx::query(
        "INSERT INTO problems (id, unit_id, title, description, source, source_round_id, \
         source_dimension, source_category, source_period, figure_tenths, previous_tenths, \
         figure_count, figure_hidden, created_by, created_on) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(&id)
    .bind(unit)
    .bind(title.chars().take(super::MAX_TITLE).collect::<String>())
    .bind(o.description)
    .bind(o.source)
    .bind(o.round)
    .bind(o.dimension)
    .bind(o.category)
    .bind(o.period)
    .bind(o.figure)
    .bind(o.previous)
    .bind(o.count)
    .bind(o.hidden)
    .bind(&user.id)
    .bind(day(today))
    .execute(&db.pool)
    .await?;
    Ok(id)
}

/// A problem entered by hand.
pub struct NewProblem<'a> {
    pub unit: &'a str,
    pub title: &'a str,
    pub description: &'a str,
}

async fn may_use_unit(db: &Db, user: &SessionUser, unit: &str) -> Result<bool, sqlx::Error> {
    let open: Option<Option<i64>> = sqlx::query_scalar("SELECT closed_at FROM units WHERE id = $1")
        .bind(unit)
        .fetch_optional(&db.pool)
        .await?;
    if !matches!(open, Some(None)) {
        return Ok(false);
    }
    let tree = Tree::load(db).await?;
    Ok(scope::can_see(user, &tree, unit))
}

pub async fn create(
    db: &Db,
    user: &SessionUser,
    p: &NewProblem<'_>,
    today: NaiveDate,
) -> Result<Result<String, Refused>, sqlx::Error> {
    let (title, description) = match (title(p.title), text(p.description)) {
        (Ok(t), Ok(d)) => (t, d),
        (Err(e), _) | (_, Err(e)) => return Ok(Err(e)),
    };
    if !may_use_unit(db, user, p.unit).await? {
        return Ok(Err(Refused::Scope));
    }
    let origin = Origin {
        source: "manual",
        description: &description,
        ..Origin::default()
    };
    insert(db, p.unit, &title, &origin, user, today)
        .await
        .map(Ok)
}

fn tenths(v: f64) -> i64 {
    (v * 10.0).round() as i64
}

/// A problem born from a theme's figure for a unit in a round, keeping the
/// figure exactly as the dashboard publishes it now (or the reason it is
/// hidden). The title names the theme, the unit and the round — never the
/// figure, which may be hidden later.
pub async fn create_from_result(
    db: &Db,
    user: &SessionUser,
    lang: Lang,
    round: &str,
    unit: &str,
    dimension: &str,
    today: NaiveDate,
) -> Result<Result<String, Refused>, sqlx::Error> {
    if !may_use_unit(db, user, unit).await? {
        return Ok(Err(Refused::Scope));
    }
    let Some(d) = dashboard::dashboard(db, lang, unit, Some(round)).await? else {
        return Ok(Err(Refused::NotFound));
    };
    let Some(row) = d.rows.iter().find(|r| r.here.dimension == dimension) else {
        return Ok(Err(Refused::NotFound));
    };
    let (figure, previous, hidden) = match (&row.here.score, &row.here.hidden) {
        (Some(s), _) => (Some(tenths(*s)), row.change.map(|c| tenths(*s - c)), None),
        (None, Some(Hidden::WouldReveal { .. })) => (None, None, Some("would_reveal")),
        (None, _) => (None, None, Some("too_few")),
    };
    let title = lang.t_args(
        "problem-from-result-title",
        &[
            ("theme", row.name.clone().into()),
            ("unit", d.unit_name.clone().into()),
            ("round", d.round_name.clone().into()),
        ],
    );
    let origin = Origin {
        source: "result",
        round: Some(&d.round_id),
        dimension: Some(dimension),
        figure,
        previous,
        hidden,
        ..Origin::default()
    };
    insert(db, unit, &title, &origin, user, today).await.map(Ok)
}

/// A report statistic's count for a unit in a quarter, as the statistics
/// page shows it now: Ok(count) or the reason it is hidden; None when the
/// quarter is no longer on the statistics (then it cannot be re-checked).
async fn report_figure(
    db: &Db,
    category: ReportCategory,
    unit: &str,
    period: &str,
    today: NaiveDate,
) -> Result<Option<Result<i64, Hidden>>, sqlx::Error> {
    let roots = [unit.to_owned()];
    let s = stats::stats(db, Some(&roots), category, today).await?;
    let Some(i) = s.quarters.iter().position(|q| q == period) else {
        return Ok(None);
    };
    Ok(s.rows
        .iter()
        .find(|r| r.unit_id == unit)
        .and_then(|r| r.cells.get(i).cloned()))
}

/// A problem born from a report statistic (committee members and
/// administrators, who read the statistics), keeping the count as shown.
pub async fn create_from_report(
    db: &Db,
    user: &SessionUser,
    lang: Lang,
    category: &str,
    unit: &str,
    period: &str,
    today: NaiveDate,
) -> Result<Result<String, Refused>, sqlx::Error> {
    let reads_statistics = user.has(Role::Admin) || user.has(Role::Committee);
    if !reads_statistics || !may_use_unit(db, user, unit).await? {
        return Ok(Err(Refused::Scope));
    }
    let Some(category) = ReportCategory::parse(category) else {
        return Ok(Err(Refused::Invalid("error-report-category")));
    };
    let Some(figure) = report_figure(db, category, unit, period, today).await? else {
        return Ok(Err(Refused::NotFound));
    };
    let (count, hidden) = match figure {
        Ok(n) => (Some(n), None),
        Err(Hidden::TooFew { .. }) => (None, Some("too_few")),
        Err(Hidden::WouldReveal { .. }) => (None, Some("would_reveal")),
    };
    let unit_name: String = sqlx::query_scalar("SELECT name FROM units WHERE id = $1")
        .bind(unit)
        .fetch_one(&db.pool)
        .await?;
    let title = lang.t_args(
        "problem-from-report-title",
        &[
            ("category", lang.t(&category.label_key()).into()),
            ("unit", unit_name.into()),
            ("period", period.to_owned().into()),
        ],
    );
    let origin = Origin {
        source: "report",
        category: Some(category.as_str()),
        period: Some(period),
        count,
        hidden,
        ..Origin::default()
    };
    insert(db, unit, &title, &origin, user, today).await.map(Ok)
}

type ProblemDbRow = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
);

/// One problem with everything the page shows.
pub async fn view(
    db: &Db,
    user: &SessionUser,
    lang: Lang,
    id: &str,
    today: NaiveDate,
) -> Result<Result<ProblemView, Refused>, sqlx::Error> {
    if let Err(r) = problem_unit(db, user, id).await? {
        return Ok(Err(r));
    }
    let row: Option<ProblemDbRow> = sqlx::query_as(
        "SELECT p.title, p.description, p.unit_id, u.name, p.source, p.source_round_id, \
         p.source_dimension, p.figure_tenths, p.previous_tenths, p.figure_hidden, a.name, \
         p.created_on, p.closed_on, p.source_category, p.source_period, p.figure_count \
         FROM problems p JOIN units u ON u.id = p.unit_id LEFT JOIN accounts a ON a.id = p.created_by \
         WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    let Some((
        title,
        description,
        unit_id,
        unit_name,
        source,
        round,
        dimension,
        figure,
        previous,
        hidden,
        created_by,
        created_on,
        closed_on,
        category,
        period,
        count,
    )) = row
    else {
        return Ok(Err(Refused::NotFound));
    };
    let (source, figure, trend) = match (source.as_str(), round, dimension) {
        ("result", Some(round), Some(dim)) => {
            result_source(db, lang, &unit_id, &round, &dim, (figure, previous, hidden)).await?
        }
        _ => match (
            source.as_str(),
            category.as_deref().and_then(ReportCategory::parse),
            period,
        ) {
            ("report", Some(category), Some(period)) => {
                let k = crate::anonymity::thresholds::report_threshold(
                    &crate::anonymity::thresholds::read(db).await?,
                );
                // The kept count, only while the statistics still show it.
                let figure = match (
                    count,
                    report_figure(db, category, &unit_id, &period, today).await?,
                ) {
                    (Some(n), Some(Ok(_))) => ProblemFigure::Count(n),
                    (_, Some(Err(h))) => ProblemFigure::Hidden(h),
                    // Hidden when created, or no longer on the statistics to check.
                    _ if hidden.as_deref() == Some("would_reveal") => {
                        ProblemFigure::Hidden(Hidden::WouldReveal { k })
                    }
                    _ => ProblemFigure::Hidden(Hidden::TooFew { k }),
                };
                (
                    ProblemSource::Report {
                        category_key: category.label_key(),
                        period,
                    },
                    figure,
                    None,
                )
            }
            _ => (ProblemSource::Manual, ProblemFigure::None, None),
        },
    };
    Ok(Ok(ProblemView {
        id: id.to_owned(),
        title,
        description,
        unit_id,
        unit_name,
        created_on,
        created_by,
        closed_on,
        source,
        figure,
        assessments: assessments_of(db, Some(id))
            .await?
            .remove(id)
            .unwrap_or_default(),
        measures: measures_of(db, Some(id), today)
            .await?
            .remove(id)
            .unwrap_or_default(),
        trend,
        today: day(today),
    }))
}

/// The source, the kept figure (unless the rule hides it now) and the trend
/// from a little before the problem's round to the latest round.
async fn result_source(
    db: &Db,
    lang: Lang,
    unit: &str,
    round: &str,
    dimension: &str,
    kept: (Option<i64>, Option<i64>, Option<String>),
) -> Result<(ProblemSource, ProblemFigure, Option<TrendSeries>), sqlx::Error> {
    let latest = dashboard::dashboard(db, lang, unit, None).await?;
    let series = latest
        .as_ref()
        .and_then(|d| d.trend.iter().find(|s| s.dimension == dimension).cloned());
    // Is the figure still published? Ask the trend when the round is on it,
    // else the round's own dashboard.
    let on_trend = series
        .as_ref()
        .and_then(|s| s.points.iter().find(|p| p.round_id == round).cloned());
    let (round_name, shown_now, dimension_name) = match on_trend {
        Some(p) => (
            p.round_name,
            p.score.is_some(),
            series.as_ref().map(|s| s.name.clone()),
        ),
        None => {
            let then: Option<UnitDashboard> =
                dashboard::dashboard(db, lang, unit, Some(round)).await?;
            let row = then
                .as_ref()
                .and_then(|d| d.rows.iter().find(|r| r.here.dimension == dimension));
            (
                then.as_ref()
                    .map(|d| d.round_name.clone())
                    .unwrap_or_default(),
                row.is_some_and(|r| r.here.score.is_some()),
                row.map(|r| r.name.clone()),
            )
        }
    };
    let k = crate::anonymity::thresholds::of_round(&db.pool, round).await?;
    let sensitive = series.as_ref().is_some_and(|s| s.sensitive);
    let k = crate::anonymity::thresholds::theme_threshold(&k, sensitive);
    let figure = match kept {
        (Some(f), prev, None) if shown_now => ProblemFigure::Score {
            score: f as f64 / 10.0,
            previous: prev.map(|p| p as f64 / 10.0),
        },
        (_, _, Some(h)) if h == "would_reveal" => ProblemFigure::Hidden(Hidden::WouldReveal { k }),
        _ => ProblemFigure::Hidden(Hidden::TooFew { k }),
    };
    let trend = series.map(|mut s| {
        let start = s
            .points
            .iter()
            .position(|p| p.round_id == round)
            .map(|i| i.saturating_sub(ROUNDS_BEFORE))
            .unwrap_or(0);
        s.points.drain(..start);
        s
    });
    Ok((
        ProblemSource::Result {
            round_name,
            dimension: dimension.to_owned(),
            dimension_name: dimension_name.unwrap_or_else(|| dimension.to_owned()),
        },
        figure,
        trend,
    ))
}

/// A new risk assessment (the earlier ones stay as history).
pub async fn assess(
    db: &Db,
    user: &SessionUser,
    id: &str,
    likelihood: &str,
    consequence: &str,
    note: &str,
    today: NaiveDate,
) -> Result<Result<(), Refused>, sqlx::Error> {
    let (Some(l), Some(c)) = (
        Assessment::grid_value(likelihood),
        Assessment::grid_value(consequence),
    ) else {
        return Ok(Err(Refused::Invalid("error-grid-value")));
    };
    let note = match text(note) {
        Ok(n) => n,
        Err(e) => return Ok(Err(e)),
    };
    if let Err(r) = problem_unit(db, user, id).await? {
        return Ok(Err(r));
    }
    // One statement numbers and writes the row: SQLite takes its write lock
    // before reading the number; PostgreSQL may race, and then retries.
    super::numbered(|| async {
        sqlx::query(
            "INSERT INTO risk_assessments (problem_id, seq, likelihood, consequence, note, assessed_on, account_id) \
             VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM risk_assessments WHERE problem_id = $1), \
             $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(l as i64)
        .bind(c as i64)
        .bind(&note)
        .bind(day(today))
        .bind(&user.id)
        .execute(&db.pool)
        .await
        .map(|_| ())
    })
    .await?;
    Ok(Ok(()))
}

/// Closes a problem (its plan is finished) or opens it again.
pub async fn set_closed(
    db: &Db,
    user: &SessionUser,
    id: &str,
    closed: bool,
    today: NaiveDate,
) -> Result<Result<(), Refused>, sqlx::Error> {
    if let Err(r) = problem_unit(db, user, id).await? {
        return Ok(Err(r));
    }
    sqlx::query("UPDATE problems SET closed_on = $1 WHERE id = $2")
        .bind(closed.then(|| day(today)))
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(Ok(()))
}
