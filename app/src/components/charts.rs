//! Charts drawn on the server as SVG: they need no script, print as they
//! look, and each carries a text alternative that says what it shows (the
//! figures themselves are also on the page as text).

use crate::{
    i18n::{use_lang, Lang},
    model::{Hidden, TrendPoint, TrendSeries},
};
use leptos::prelude::*;

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 132.0;
const LEFT: f64 = 30.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 22.0;

fn x_of(i: usize, n: usize) -> f64 {
    if n <= 1 {
        return LEFT + (WIDTH - LEFT - RIGHT) / 2.0;
    }
    LEFT + (WIDTH - LEFT - RIGHT) * i as f64 / (n - 1) as f64
}

fn y_of(score: f64) -> f64 {
    TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - score.clamp(0.0, 100.0) / 100.0)
}

/// Runs of consecutive shown points: a hidden round breaks the line rather
/// than joining its neighbours as if the figure were known.
fn segments(points: &[TrendPoint]) -> Vec<String> {
    let n = points.len();
    let mut out = Vec::new();
    let mut run = Vec::new();
    for (i, p) in points.iter().enumerate() {
        match p.score {
            Some(s) => run.push(format!("{:.1},{:.1}", x_of(i, n), y_of(s))),
            None => {
                if run.len() > 1 {
                    out.push(run.join(" "));
                }
                run.clear();
            }
        }
    }
    if run.len() > 1 {
        out.push(run.join(" "));
    }
    out
}

/// What the chart shows, for screen readers and as the image's name.
pub fn trend_summary(lang: Lang, s: &TrendSeries) -> String {
    let shown: Vec<&TrendPoint> = s.points.iter().filter(|p| p.score.is_some()).collect();
    let hidden = s.points.iter().filter(|p| p.hidden.is_some()).count() as i64;
    let mut text = match (shown.first(), shown.last()) {
        (Some(a), Some(b)) if shown.len() > 1 => lang.t_args(
            "chart-trend-from-to",
            &[
                ("theme", s.name.clone().into()),
                ("from", format!("{:.0}", a.score.unwrap_or_default()).into()),
                ("first", a.round_name.clone().into()),
                ("to", format!("{:.0}", b.score.unwrap_or_default()).into()),
                ("last", b.round_name.clone().into()),
            ],
        ),
        (Some(a), _) => lang.t_args(
            "chart-trend-one",
            &[
                ("theme", s.name.clone().into()),
                (
                    "score",
                    format!("{:.0}", a.score.unwrap_or_default()).into(),
                ),
                ("round", a.round_name.clone().into()),
            ],
        ),
        _ => lang.t_args("chart-trend-none", &[("theme", s.name.clone().into())]),
    };
    if hidden > 0 {
        text.push(' ');
        text.push_str(&lang.t_args("chart-trend-hidden", &[("n", hidden.into())]));
    }
    text
}

/// A theme's score over rounds, 0–100, with the figures as a table beside it.
/// `lang`: the language of the document the chart sits in, when it is not
/// the page's (the committee's annual document).
#[component]
pub fn TrendChart(series: TrendSeries, #[prop(optional)] lang: Option<Lang>) -> impl IntoView {
    let lang = lang.unwrap_or_else(use_lang);
    let n = series.points.len();
    let summary = trend_summary(lang, &series);
    let lines = segments(&series.points);
    let dots: Vec<(f64, f64)> = series
        .points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.score.map(|s| (x_of(i, n), y_of(s))))
        .collect();
    // Hidden rounds are marked on the axis, so a gap is explained in the picture too.
    let gaps: Vec<f64> = series
        .points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.hidden.is_some())
        .map(|(i, _)| x_of(i, n))
        .collect();
    let first = series
        .points
        .first()
        .map(|p| p.round_name.clone())
        .unwrap_or_default();
    let last = series
        .points
        .last()
        .map(|p| p.round_name.clone())
        .unwrap_or_default();
    let grid = [0.0, 50.0, 100.0];
    let rows = series.points.clone();
    view! {
        <figure class="trend">
            <figcaption>{series.name.clone()}</figcaption>
            <svg
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-label=summary
                class="trend-chart"
                data-testid=format!("trend-{}", series.dimension)
            >
                {grid
                    .iter()
                    .map(|g| view! {
                        <line x1=LEFT x2=WIDTH - RIGHT y1=y_of(*g) y2=y_of(*g) class="grid"></line>
                        <text x=LEFT - 4.0 y=y_of(*g) + 4.0 text-anchor="end" class="axis">{format!("{g:.0}")}</text>
                    })
                    .collect_view()}
                {lines
                    .into_iter()
                    .map(|pts| view! { <polyline points=pts class="line"></polyline> })
                    .collect_view()}
                {dots
                    .into_iter()
                    .map(|(x, y)| view! { <circle cx=x cy=y r="3" class="dot"></circle> })
                    .collect_view()}
                {gaps
                    .into_iter()
                    .map(|x| view! { <line x1=x x2=x y1=HEIGHT - BOTTOM - 6.0 y2=HEIGHT - BOTTOM class="gap"></line> })
                    .collect_view()}
                <text x=LEFT y=HEIGHT - 6.0 class="axis">{first}</text>
                <text x=WIDTH - RIGHT y=HEIGHT - 6.0 text-anchor="end" class="axis">{last}</text>
            </svg>
            <details>
                <summary>{lang.t_args("chart-show-figures", &[("theme", series.name.clone().into())])}</summary>
                <table class="data-table compact">
                    <thead>
                        <tr>
                            <th scope="col">{lang.t("results-round")}</th>
                            <th scope="col" class="num">{lang.t("results-score")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|p| view! {
                                <tr>
                                    <th scope="row">{p.round_name.clone()}</th>
                                    <td class="num">{point_text(lang, &p)}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}

fn point_text(lang: Lang, p: &TrendPoint) -> String {
    match (&p.score, &p.hidden) {
        (Some(s), _) => format!("{s:.0}"),
        (None, Some(Hidden::TooFew { k })) => {
            lang.t_args("results-hidden-few", &[("k", (*k).into())])
        }
        (None, Some(_)) => lang.t("results-hidden-short"),
        (None, None) => lang.t("chart-not-asked"),
    }
}

/// Favourable / neutral / unfavourable as one stacked bar. The shares are
/// written beside it, so colour is never the only carrier.
#[component]
pub fn ShareBar(shares: (u8, u8, u8)) -> impl IntoView {
    let lang = use_lang();
    let (f, n, u) = shares;
    let total = (u32::from(f) + u32::from(n) + u32::from(u)).max(1) as f64;
    let wf = f64::from(f) * 100.0 / total;
    let wn = f64::from(n) * 100.0 / total;
    let wu = 100.0 - wf - wn;
    let label = lang.t_args(
        "results-shares-value",
        &[
            ("f", i64::from(f).into()),
            ("n", i64::from(n).into()),
            ("u", i64::from(u).into()),
        ],
    );
    let aria = format!("{}: {label}", lang.t("results-shares"));
    view! {
        <span class="share">
            <svg viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label=aria class="share-bar">
                <rect x="0" y="0" width=wf height="10" class="fav"></rect>
                <rect x=wf y="0" width=wn height="10" class="neu"></rect>
                <rect x=wf + wn y="0" width=wu height="10" class="unf"></rect>
            </svg>
            <span class="share-text">{label}</span>
        </span>
    }
}
