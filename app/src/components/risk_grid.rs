//! The likelihood × consequence grid as a server-rendered SVG: five by five
//! cells coloured by priority band, each assessed problem a numbered marker
//! in its cell. The picture's name says where every problem sits, and the
//! same numbers label the problems in the table beside it, so the colours are
//! never the only carrier.

use crate::{
    i18n::{use_lang, Lang},
    model::Priority,
};
use leptos::prelude::*;

const CELL: f64 = 56.0;
const LEFT: f64 = 40.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = 40.0;
const SIZE: f64 = CELL * 5.0;
const MARK: f64 = 8.0;
/// Distance between markers sharing a cell (they may touch, not cover).
const STEP: f64 = 17.0;

/// One problem on the grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GridPoint {
    /// The number shown in the marker and beside the problem in the table.
    pub label: String,
    pub title: String,
    pub likelihood: u8,
    pub consequence: u8,
}

/// What the grid shows, in words.
pub fn grid_summary(lang: Lang, points: &[GridPoint]) -> String {
    let mut text = lang.t_args("grid-summary", &[("n", (points.len() as i64).into())]);
    for p in points {
        text.push(' ');
        text.push_str(
            &lang.t_args(
                "grid-summary-point",
                &[
                    ("label", p.label.clone().into()),
                    ("title", p.title.clone().into()),
                    ("likelihood", (p.likelihood as i64).into()),
                    ("consequence", (p.consequence as i64).into()),
                    (
                        "priority",
                        lang.t(&Priority::of(p.likelihood, p.consequence).label_key())
                            .into(),
                    ),
                ],
            ),
        );
    }
    text
}

fn cell_x(consequence: u8) -> f64 {
    LEFT + CELL * f64::from(consequence.clamp(1, 5) - 1)
}

/// Likelihood 5 is the top row.
fn cell_y(likelihood: u8) -> f64 {
    TOP + CELL * f64::from(5 - likelihood.clamp(1, 5))
}

/// Where the n-th marker of a cell goes: three to a row, then the next row.
fn marker_at(likelihood: u8, consequence: u8, nth: usize) -> (f64, f64) {
    let col = (nth % 3) as f64;
    let row = ((nth / 3) % 3) as f64;
    (
        cell_x(consequence) + MARK + 1.0 + col * STEP,
        cell_y(likelihood) + MARK + 1.0 + row * STEP,
    )
}

/// `lang`: the language of the document the grid sits in, when it is not
/// the page's (the committee's annual document).
#[component]
pub fn RiskGrid(
    points: Vec<GridPoint>,
    #[prop(into)] testid: String,
    #[prop(optional)] lang: Option<Lang>,
) -> impl IntoView {
    let lang = lang.unwrap_or_else(use_lang);
    let summary = grid_summary(lang, &points);
    let width = LEFT + SIZE + 4.0;
    let height = TOP + SIZE + BOTTOM;
    let cells = (1..=5u8).flat_map(|l| (1..=5u8).map(move |c| (l, c)));
    let mut in_cell = std::collections::HashMap::<(u8, u8), usize>::new();
    let markers: Vec<(f64, f64, String)> = points
        .iter()
        .map(|p| {
            let nth = in_cell
                .entry((p.likelihood, p.consequence))
                .and_modify(|n| *n += 1)
                .or_insert(0);
            let (x, y) = marker_at(p.likelihood, p.consequence, *nth);
            (x, y, p.label.clone())
        })
        .collect();
    view! {
        <svg
            viewBox=format!("0 0 {width} {height}")
            role="img"
            aria-label=summary
            class="risk-grid"
            data-testid=testid
        >
            {cells
                .map(|(l, c)| {
                    let band = Priority::of(l, c).as_str();
                    view! {
                        <rect x=cell_x(c) y=cell_y(l) width=CELL height=CELL class=format!("band-{band}")></rect>
                        <text x=cell_x(c) + CELL - 4.0 y=cell_y(l) + CELL - 5.0 text-anchor="end" class="cell-score">
                            {(l * c).to_string()}
                        </text>
                    }
                })
                .collect_view()}
            {(1..=5u8)
                .map(|v| view! {
                    <text x=LEFT - 6.0 y=cell_y(v) + CELL / 2.0 + 4.0 text-anchor="end" class="axis">{v.to_string()}</text>
                    <text x=cell_x(v) + CELL / 2.0 y=TOP + SIZE + 14.0 text-anchor="middle" class="axis">{v.to_string()}</text>
                })
                .collect_view()}
            <text x=LEFT + SIZE / 2.0 y=TOP + SIZE + 32.0 text-anchor="middle" class="axis-title">
                {lang.t("grid-consequence")}
            </text>
            <text
                x="12"
                y=TOP + SIZE / 2.0
                text-anchor="middle"
                class="axis-title"
                transform=format!("rotate(-90 12 {})", TOP + SIZE / 2.0)
            >
                {lang.t("grid-likelihood")}
            </text>
            {markers
                .into_iter()
                .map(|(x, y, label)| view! {
                    <circle cx=x cy=y r=MARK class="marker"></circle>
                    <text x=x y=y + 4.0 text-anchor="middle" class="marker-label">{label}</text>
                })
                .collect_view()}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn high_likelihood_is_drawn_at_the_top_and_high_consequence_to_the_right() {
        assert!(cell_y(5) < cell_y(1));
        assert!(cell_x(5) > cell_x(1));
        // Markers sharing a cell do not sit on each other, and stay inside it.
        let a = marker_at(3, 3, 0);
        let b = marker_at(3, 3, 1);
        let c = marker_at(3, 3, 3);
        assert_ne!(a, b);
        assert_ne!(a, c);
        for (x, y) in [a, b, c, marker_at(3, 3, 8)] {
            assert!(x >= cell_x(3) && x + MARK <= cell_x(3) + CELL, "{x}");
            assert!(y >= cell_y(3) && y + MARK <= cell_y(3) + CELL, "{y}");
        }
    }
}
