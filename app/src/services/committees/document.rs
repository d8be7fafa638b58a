//! Assembles the annual working-environment discussion of a committee for a
//! year, in the committee's language: the year's goals with status and
//! evaluation, results and trends for the scope (through the results' own
//! rules), report statistics (shown counts only), problems with their
//! assessments and plans, good stories, next year's goals — then the
//! committee's own words. Every figure comes from the same services as the
//! pages, so nothing here can show what they would hide.

use super::goals;
use crate::{
    components::charts::trend_summary,
    i18n::Lang,
    model::{
        AnnualDocument, CommitteeRef, DiscussionFields, DocLine, DocSection, GoalView, Hidden,
        ReportCategory,
    },
    services::{
        db::Db,
        follow_up::problems::{assessments_of, measures_of},
        reports::stats,
        results::dashboard,
        scope::Tree,
    },
};
use chrono::NaiveDate;

fn section(lang: Lang, heading: &str, empty: &str, lines: Vec<DocLine>) -> DocSection {
    DocSection {
        heading: lang.t(heading),
        lines,
        empty: lang.t(empty),
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
                ("date", a.made_on.clone().into()),
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
) -> Result<Vec<DocLine>, sqlx::Error> {
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
        return Ok(Vec::new());
    };
    let mut lines = Vec::new();
    for row in &d.rows {
        let figure = match (&row.here.score, &row.here.hidden) {
            (Some(s), _) => match row.change {
                Some(ch) => lang.t_args(
                    "doc-result-change",
                    &[
                        ("score", format!("{s:.0}").into()),
                        ("change", format!("{:+}", ch.round() as i64).into()),
                    ],
                ),
                None => lang.t_args("doc-result", &[("score", format!("{s:.0}").into())]),
            },
            (None, Some(Hidden::TooFew { k })) => {
                lang.t_args("problem-figure-hidden-few", &[("k", (*k).into())])
            }
            (None, _) => lang.t("problem-figure-hidden-reveal"),
        };
        let trend = d
            .trend
            .iter()
            .find(|s| s.dimension == row.here.dimension)
            .map(|s| trend_summary(lang, s))
            .unwrap_or_default();
        lines.push(DocLine {
            label: row.name.clone(),
            text: format!("{figure} {trend}").trim().to_owned(),
        });
    }
    if !lines.is_empty() {
        lines.insert(
            0,
            DocLine {
                label: lang.t("doc-results-round"),
                text: lang.t_args(
                    "doc-results-round-text",
                    &[
                        ("round", d.round_name.clone().into()),
                        ("unit", d.unit_name.clone().into()),
                        ("answered", d.answered.into()),
                        ("invited", d.invited.into()),
                    ],
                ),
            },
        );
    }
    Ok(lines)
}

async fn report_stats(
    db: &Db,
    lang: Lang,
    c: &CommitteeRef,
    today: NaiveDate,
) -> Result<Vec<DocLine>, sqlx::Error> {
    let roots = [c.unit_id.clone()];
    let mut lines = Vec::new();
    for category in ReportCategory::ALL {
        let s = stats::stats(db, Some(&roots), category, today).await?;
        let Some(row) = s.rows.iter().find(|r| r.unit_id == c.unit_id) else {
            continue;
        };
        // Only the counts the statistics page shows; hidden ones are left out.
        let shown: Vec<String> = s
            .quarters
            .iter()
            .zip(&row.cells)
            .filter_map(|(q, cell)| cell.as_ref().ok().map(|n| format!("{q}: {n}")))
            .filter(|t| !t.ends_with(": 0"))
            .collect();
        if !shown.is_empty() {
            lines.push(DocLine {
                label: lang.t(&category.label_key()),
                text: shown.join(", "),
            });
        }
    }
    Ok(lines)
}

async fn problems(
    db: &Db,
    lang: Lang,
    c: &CommitteeRef,
    year: i32,
    today: NaiveDate,
) -> Result<Vec<DocLine>, sqlx::Error> {
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
        let mut parts = Vec::new();
        parts.push(
            match assessed
                .remove(&id)
                .and_then(|a| a.into_iter().find(|a| a.assessed_on <= by))
            {
                Some(a) => lang.t_args(
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
                        ("date", a.assessed_on.clone().into()),
                    ],
                ),
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
                    ("deadline", m.deadline.clone().into()),
                ],
            );
            if !m.outcome.is_empty() {
                t.push(' ');
                t.push_str(&lang.t_args("doc-outcome", &[("text", m.outcome.clone().into())]));
            }
            parts.push(t);
        }
        if let Some(d) = closed.filter(|d| *d <= by) {
            parts.push(lang.t_args("problem-closed-on", &[("date", d.into())]));
        }
        lines.push(DocLine {
            label: format!("{title} ({unit_name})"),
            text: parts.join(" "),
        });
    }
    Ok(lines)
}

/// Sickness absence in the scope in the year's quarters, under the same
/// rule as on the follow-up page.
async fn absence(
    db: &Db,
    lang: Lang,
    c: &CommitteeRef,
    year: i32,
) -> Result<Vec<DocLine>, sqlx::Error> {
    let quarters = crate::services::follow_up::absence::quarters_of(year);
    let roots = [c.unit_id.clone()];
    Ok(
        crate::services::follow_up::absence::figures(db, Some(&roots), Some(&quarters))
            .await?
            .into_iter()
            .map(|f| DocLine {
                label: format!("{}, {}", f.unit_name, f.period),
                text: match (f.rate, &f.hidden) {
                    (Some(r), _) => lang.t_args(
                        "doc-absence-rate",
                        &[
                            ("rate", format!("{r:.1}").into()),
                            ("people", f.headcount.unwrap_or_default().into()),
                        ],
                    ),
                    (None, Some(Hidden::TooFew { k })) => {
                        lang.t_args("absence-hidden-few", &[("k", (*k).into())])
                    }
                    (None, _) => lang.t("problem-figure-hidden-reveal"),
                },
            })
            .collect(),
    )
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
        section(
            lang,
            "doc-results",
            "doc-none-results",
            results(db, lang, c, year, today).await?,
        ),
        section(
            lang,
            "doc-reports",
            "doc-none-reports",
            report_stats(db, lang, c, today).await?,
        ),
        section(
            lang,
            "doc-problems",
            "doc-none-problems",
            problems(db, lang, c, year, today).await?,
        ),
        section(
            lang,
            "doc-absence",
            "doc-none-absence",
            absence(db, lang, c, year).await?,
        ),
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
    })
}
