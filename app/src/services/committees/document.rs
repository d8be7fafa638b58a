//! Assembles the annual working-environment discussion of a committee for a
//! year, in the committee's language: the year's goals with status and
//! evaluation, results and trends for the scope (through the results' own
//! rules), report statistics (shown counts only), problems with their
//! assessments and plans, good stories, next year's goals — then the
//! committee's own words. Every figure comes from the same services as the
//! pages, so nothing here can show what they would hide.

use super::goals;
use crate::{
    components::{
        charts::trend_summary,
        risk_grid::{grid_summary, GridPoint},
    },
    i18n::Lang,
    model::{
        AnnualDocument, CommitteeRef, DimensionFigure, DiscussionFields, DocChart, DocGrid,
        DocLine, DocRow, DocSection, DocTable, GoalView, Hidden, ReportCategory,
    },
    services::{
        db::Db,
        follow_up::problems::{assessments_of, measures_of},
        reports::stats,
        results::{dashboard, heatmap},
        scope::Tree,
    },
};
use chrono::NaiveDate;

fn section(lang: Lang, heading: &str, empty: &str, lines: Vec<DocLine>) -> DocSection {
    DocSection {
        heading: lang.t(heading),
        lines,
        empty: lang.t(empty),
        ..DocSection::default()
    }
}

/// Units side by side in one results table: five fit an A4 page's width
/// beside the theme column.
const UNITS_PER_TABLE: usize = 5;

/// "2026-Q3" as the language writes a quarter; anything else as it was.
fn quarter(lang: Lang, q: &str) -> String {
    match q.split_once("-Q") {
        Some((year, n)) if year.len() == 4 && matches!(n, "1" | "2" | "3" | "4") => lang.t_args(
            "doc-quarter",
            &[("q", n.to_owned().into()), ("year", year.to_owned().into())],
        ),
        _ => q.to_owned(),
    }
}

/// A theme's cell: the score and its change, or in words why there is none.
fn score_cell(lang: Lang, figure: Option<&DimensionFigure>, change: Option<f64>) -> String {
    match figure {
        None => lang.t("doc-cell-not-asked"),
        Some(f) => match f.score {
            Some(s) => match change {
                Some(c) => format!("{} ({})", lang.decimal(s, 0), lang.change(c, 0)),
                None => lang.decimal(s, 0),
            },
            None => lang.t("doc-cell-hidden"),
        },
    }
}

fn goal_line(lang: Lang, g: &GoalView, year: i32) -> DocLine {
    let mut parts = Vec::new();
    if let Some(y) = g.years.iter().find(|y| y.year == year) {
        parts.push(lang.t_args(
            "doc-goal-status",
            &[
                ("year", (year as i64).into()),
                ("status", lang.t(&y.status.label_key()).into()),
            ],
        ));
        if !y.evaluation.is_empty() {
            parts.push(lang.t_args(
                "doc-goal-evaluation",
                &[("text", y.evaluation.clone().into())],
            ));
        }
    }
    if let Some(p) = &g.parent {
        parts.push(lang.t_args(
            "doc-goal-serves",
            &[
                ("goal", p.title.clone().into()),
                ("committee", p.committee.clone().into()),
            ],
        ));
    }
    for a in &g.adjustments {
        parts.push(lang.t_args(
            "doc-goal-adjustment",
            &[
                (
                    "kind",
                    lang.t(&format!("goal-adjustment-{}", a.kind)).into(),
                ),
                ("date", lang.date(&a.made_on).into()),
                ("reason", a.reason.clone().into()),
            ],
        ));
    }
    if !g.measures.is_empty() {
        let m: Vec<String> = g
            .measures
            .iter()
            .map(|m| format!("{} ({})", m.title, lang.t(&m.status.label_key())))
            .collect();
        parts.push(lang.t_args("doc-goal-measures", &[("measures", m.join("; ").into())]));
    }
    DocLine {
        label: format!("{}: {}", lang.t(&g.theme.label_key()), g.title),
        text: parts.join(" "),
    }
}

async fn results(
    db: &Db,
    lang: Lang,
    c: &CommitteeRef,
    year: i32,
    today: NaiveDate,
) -> Result<DocSection, sqlx::Error> {
    let mut out = section(lang, "doc-results", "doc-none-results", Vec::new());
    // The year's last round closed by the document's day: a discussion of
    // an earlier year shows the results it was held on, and a document
    // locked on a day shows no round that closed after it.
    let midnight = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .map(|d| d.and_utc().timestamp())
            .unwrap_or(i64::MAX)
    };
    let end = NaiveDate::from_ymd_opt(year + 1, 1, 1).map_or(i64::MAX, midnight);
    let by = today.succ_opt().map_or(i64::MAX, midnight);
    // (A round of another part of the organisation has no dashboard here:
    // the next older one is tried.)
    let rounds: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM rounds WHERE closed_at IS NOT NULL AND opened_at < $1 AND closed_at < $2 \
         ORDER BY opened_at DESC, id LIMIT 8",
    )
    .bind(end)
    .bind(by)
    .fetch_all(&db.pool)
    .await?;
    let mut found = None;
    for round in &rounds {
        if let Some(d) = dashboard::dashboard(db, lang, &c.unit_id, Some(round)).await? {
            found = Some(d);
            break;
        }
    }
    let Some(d) = found else {
        return Ok(out);
    };
    let share = if d.invited > 0 {
        lang.percent(100.0 * d.answered as f64 / d.invited as f64, 0)
    } else {
        "—".to_owned()
    };
    out.paragraphs.push(lang.t_args(
        "doc-results-round-text",
        &[
            ("round", d.round_name.clone().into()),
            ("unit", d.unit_name.clone().into()),
            ("answered", d.answered.into()),
            ("invited", d.invited.into()),
            ("share", share.into()),
        ],
    ));

    // Every unit of the scope with answers, themes down and units across,
    // through the heatmap's suppression: the same cells as the committee's
    // page, so the document can show nothing the page hides.
    let roots = [c.unit_id.clone()];
    if let Some(h) = heatmap::heatmap(db, lang, Some(&roots), Some(&d.round_id), None).await? {
        let units: Vec<_> = h.rows.iter().filter(|r| !r.outside_scope).collect();
        // Parts of even width (16 units: four of four, not three of five
        // and one of one).
        let parts = units.len().div_ceil(UNITS_PER_TABLE);
        let per_part = units.len().div_ceil(parts.max(1)).max(1);
        let alone = units.len() == 1;
        for (n, chunk) in units.chunks(per_part).enumerate() {
            let caption = if parts > 1 {
                lang.t_args(
                    "doc-results-table-part",
                    &[
                        ("round", d.round_name.clone().into()),
                        ("n", (n as i64 + 1).into()),
                        ("total", (parts as i64).into()),
                    ],
                )
            } else {
                lang.t_args(
                    "doc-results-table",
                    &[("round", d.round_name.clone().into())],
                )
            };
            let mut columns = vec![lang.t("doc-col-theme")];
            columns.extend(chunk.iter().map(|r| r.name.clone()));
            if alone {
                // One unit: score and change in columns of their own.
                columns.push(lang.t("doc-col-change"));
            }
            let rows = h
                .dimensions
                .iter()
                .enumerate()
                .map(|(i, (_, name, _))| DocRow {
                    heading: name.clone(),
                    cells: if alone {
                        let r = chunk[0];
                        let change = r.changes.get(i).copied().flatten();
                        vec![
                            score_cell(lang, r.cells.get(i).and_then(Option::as_ref), None),
                            change.map_or_else(|| "—".to_owned(), |c| lang.change(c, 0)),
                        ]
                    } else {
                        chunk
                            .iter()
                            .map(|r| {
                                score_cell(
                                    lang,
                                    r.cells.get(i).and_then(Option::as_ref),
                                    r.changes.get(i).copied().flatten(),
                                )
                            })
                            .collect()
                    },
                })
                .collect();
            out.tables.push(DocTable {
                caption,
                columns,
                rows,
            });
        }
        out.notes.push(lang.t("doc-results-change-note"));
        out.notes.push(lang.t_args(
            "doc-results-hidden-note",
            &[("k", h.k_score.into()), ("ks", h.k_sensitive.into())],
        ));
    }
    for s in &d.trend {
        out.charts.push(DocChart {
            title: s.name.clone(),
            alt: trend_summary(lang, s),
            rounds: s.points.iter().map(|p| p.round_name.clone()).collect(),
            tenths: s
                .points
                .iter()
                .map(|p| p.score.map(|v| (v * 10.0).round() as i32))
                .collect(),
            hidden: s.points.iter().map(|p| p.hidden.is_some()).collect(),
        });
    }
    Ok(out)
}

async fn report_stats(
    db: &Db,
    lang: Lang,
    c: &CommitteeRef,
    today: NaiveDate,
) -> Result<DocSection, sqlx::Error> {
    let mut out = section(lang, "doc-reports", "doc-none-reports", Vec::new());
    let roots = [c.unit_id.clone()];
    let mut table = DocTable {
        caption: lang.t_args("doc-reports-table", &[("unit", c.unit_name.clone().into())]),
        ..DocTable::default()
    };
    let mut k = None;
    for category in ReportCategory::ALL {
        let s = stats::stats(db, Some(&roots), category, today).await?;
        if table.columns.is_empty() {
            table.columns.push(lang.t("doc-col-category"));
            table
                .columns
                .extend(s.quarters.iter().map(|q| quarter(lang, q)));
        }
        k = Some(s.k);
        let Some(row) = s.rows.iter().find(|r| r.unit_id == c.unit_id) else {
            continue;
        };
        // Only categories with a count the statistics page shows; a hidden
        // cell says so in words, never as a number.
        if !row.cells.iter().any(|cell| matches!(cell, Ok(n) if *n > 0)) {
            continue;
        }
        table.rows.push(DocRow {
            heading: lang.t(&category.label_key()),
            cells: row
                .cells
                .iter()
                .map(|cell| match cell {
                    Ok(n) => n.to_string(),
                    Err(_) => lang.t("doc-cell-hidden"),
                })
                .collect(),
        });
    }
    if !table.rows.is_empty() {
        out.tables.push(table);
        if let Some(k) = k {
            out.notes
                .push(lang.t_args("doc-reports-hidden-note", &[("k", k.into())]));
        }
    }
    Ok(out)
}

async fn problems(
    db: &Db,
    lang: Lang,
    c: &CommitteeRef,
    year: i32,
    today: NaiveDate,
) -> Result<DocSection, sqlx::Error> {
    // Nothing from after the document's day: a locked document is as the
    // committee signed it.
    let by = crate::services::follow_up::day(today);
    let tree = Tree::load(db).await?;
    let rows: Vec<(String, String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT p.id, p.title, p.unit_id, u.name, p.created_on, p.closed_on FROM problems p \
         JOIN units u ON u.id = p.unit_id ORDER BY p.created_on, p.id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut assessed = assessments_of(db, None).await?;
    let mut plans = measures_of(db, None, today).await?;
    let y = year.to_string();
    let mut lines = Vec::new();
    let mut grid = DocGrid::default();
    for (id, title, unit, unit_name, created, closed) in rows {
        // The year's problems: within the scope, not created after the year
        // and not closed before it.
        if !tree.is_within(&unit, &c.unit_id)
            || created.get(..4).unwrap_or("") > y.as_str()
            || created > by
            || closed
                .as_ref()
                .is_some_and(|d| d.get(..4).unwrap_or("") < y.as_str())
        {
            continue;
        }
        let number = (lines.len() + 1).to_string();
        let mut parts = Vec::new();
        parts.push(
            match assessed
                .remove(&id)
                .and_then(|a| a.into_iter().find(|a| a.assessed_on <= by))
            {
                Some(a) => {
                    grid.points
                        .push((number.clone(), title.clone(), a.likelihood, a.consequence));
                    lang.t_args(
                        "problem-assessed",
                        &[
                            (
                                "priority",
                                lang.t_args(
                                    "priority-with-score",
                                    &[
                                        ("priority", lang.t(&a.priority().label_key()).into()),
                                        ("score", (a.score() as i64).into()),
                                    ],
                                )
                                .into(),
                            ),
                            ("likelihood", (a.likelihood as i64).into()),
                            ("consequence", (a.consequence as i64).into()),
                            ("date", lang.date(&a.assessed_on).into()),
                        ],
                    )
                }
                None => lang.t("problem-not-assessed"),
            },
        );
        for mut m in plans.remove(&id).unwrap_or_default() {
            // Done after the document's day: on that day it was not yet.
            if m.done_on.as_deref().is_some_and(|d| d > by.as_str()) {
                m.status = crate::model::MeasureStatus::InProgress;
                m.outcome.clear();
                m.done_on = None;
            }
            let mut t = lang.t_args(
                "doc-measure",
                &[
                    ("measure", m.title.clone().into()),
                    ("status", lang.t(&m.status.label_key()).into()),
                    ("deadline", lang.date(&m.deadline).into()),
                ],
            );
            if !m.outcome.is_empty() {
                t.push(' ');
                t.push_str(&lang.t_args("doc-outcome", &[("text", m.outcome.clone().into())]));
            }
            parts.push(t);
        }
        if let Some(d) = closed.filter(|d| *d <= by) {
            parts.push(lang.t_args("problem-closed-on", &[("date", lang.date(&d).into())]));
        }
        lines.push(DocLine {
            label: format!("{number}. {title} ({unit_name})"),
            text: parts.join(" "),
        });
    }
    let mut out = section(lang, "doc-problems", "doc-none-problems", lines);
    if !grid.points.is_empty() {
        let points: Vec<GridPoint> = grid
            .points
            .iter()
            .map(|(label, title, l, c)| GridPoint {
                label: label.clone(),
                title: title.clone(),
                likelihood: *l,
                consequence: *c,
            })
            .collect();
        grid.alt = grid_summary(lang, &points);
        out.grid = Some(grid);
    }
    Ok(out)
}

/// Sickness absence in the scope in the year's quarters, under the same
/// rule as on the follow-up page.
async fn absence(
    db: &Db,
    lang: Lang,
    c: &CommitteeRef,
    year: i32,
) -> Result<DocSection, sqlx::Error> {
    let quarters = crate::services::follow_up::absence::quarters_of(year);
    let roots = [c.unit_id.clone()];
    let figures =
        crate::services::follow_up::absence::figures(db, Some(&roots), Some(&quarters)).await?;
    let mut out = section(lang, "doc-absence", "doc-none-absence", Vec::new());
    if figures.is_empty() {
        return Ok(out);
    }
    let mut hidden_k = None;
    let rows = figures
        .into_iter()
        .map(|f| {
            let (rate, people) = match (f.rate, &f.hidden) {
                (Some(r), _) => (
                    lang.percent(r, 1),
                    f.headcount
                        .map_or_else(|| "—".to_owned(), |n| n.to_string()),
                ),
                (None, hidden) => {
                    if let Some(Hidden::TooFew { k } | Hidden::WouldReveal { k }) = hidden {
                        hidden_k = Some(*k);
                    }
                    (lang.t("doc-cell-hidden"), lang.t("doc-cell-hidden"))
                }
            };
            DocRow {
                heading: f.unit_name,
                cells: vec![quarter(lang, &f.period), rate, people],
            }
        })
        .collect();
    out.tables.push(DocTable {
        caption: lang.t_args("doc-absence-table", &[("year", i64::from(year).into())]),
        columns: vec![
            lang.t("doc-col-unit"),
            lang.t("doc-col-quarter"),
            lang.t("doc-col-absence"),
            lang.t("doc-col-people"),
        ],
        rows,
    });
    if let Some(k) = hidden_k {
        out.notes
            .push(lang.t_args("absence-hidden-few", &[("k", k.into())]));
    }
    Ok(out)
}

/// The document as it stands now.
pub async fn assemble(
    db: &Db,
    c: &CommitteeRef,
    year: i32,
    fields: DiscussionFields,
    today: NaiveDate,
) -> Result<AnnualDocument, sqlx::Error> {
    let lang = Lang::parse(&c.lang).unwrap_or_default();
    let own = std::slice::from_ref(&c.id);
    let this_year = goals::views(db, own, Some(year), true).await?;
    let next_year: Vec<GoalView> = goals::views(db, own, Some(year + 1), false)
        .await?
        .into_iter()
        .filter(|g| g.first_year == year + 1)
        .collect();
    let stories: Vec<DocLine> = this_year
        .iter()
        .flat_map(|g| {
            g.stories.iter().map(move |s| DocLine {
                label: s.title.clone(),
                text: format!(
                    "{} {}",
                    s.body,
                    lang.t_args("doc-story-goal", &[("goal", g.title.clone().into())])
                ),
            })
        })
        .collect();
    let sections = vec![
        section(
            lang,
            "doc-goals",
            "doc-none-goals",
            this_year.iter().map(|g| goal_line(lang, g, year)).collect(),
        ),
        results(db, lang, c, year, today).await?,
        report_stats(db, lang, c, today).await?,
        problems(db, lang, c, year, today).await?,
        absence(db, lang, c, year).await?,
        section(lang, "doc-stories", "doc-none-stories", stories),
        section(
            lang,
            "doc-next-goals",
            "doc-none-next-goals",
            next_year
                .iter()
                .map(|g| goal_line(lang, g, year + 1))
                .collect(),
        ),
    ];
    Ok(AnnualDocument {
        title: lang.t_args(
            "doc-title",
            &[
                ("committee", c.name.clone().into()),
                ("year", (year as i64).into()),
            ],
        ),
        subtitle: lang.t_args("doc-subtitle", &[("unit", c.unit_name.clone().into())]),
        lang: lang.code().to_owned(),
        sections,
        fields,
        signed: None,
        signatures: ["doc-sign-chair", "doc-sign-vice-chair"]
            .iter()
            .map(|k| lang.t(k))
            .collect(),
    })
}
