//! The annual discussion laid out as a document a committee puts on the
//! table: title, a draft mark until it is locked, sections with headings,
//! results as tables of themes by unit, the trend charts and the risk grid
//! as figures with a text alternative, the committee's words, and a
//! signature block. Everything it shows comes from the `AnnualDocument` —
//! the same one the page shows — so the PDF can hold nothing the page would
//! not.

use super::typeset::{
    Draw, Face, Metrics, Node, Owner, Sheet, HEIGHT, INK, LEFT, MEASURE, MUTED, WIDTH,
};
use app::{
    i18n::Lang,
    model::{AnnualDocument, DocChart, DocGrid, DocTable, Priority},
    pages::committees::{field_shown, FIELDS},
};
use krilla::tagging::{ArtifactType, TableHeaderScope, Tag};

const BODY: f32 = 10.0;
const SMALL: f32 = 8.5;
const CELL: f32 = 8.5;
const PAD: f32 = 4.0;
const RULE: (u8, u8, u8) = (170, 170, 170);
const HEAD_FILL: (u8, u8, u8) = (232, 234, 237);
/// The risk grid's height with its axis labels.
const GRID_HEIGHT: f32 = 5.0 * GRID_CELL + 52.0;
const GRID_CELL: f32 = 36.0;
/// One row of small trend charts.
const CHART_HEIGHT: f32 = 92.0;

/// The PDF's bytes.
pub fn render(doc: &AnnualDocument) -> Result<Vec<u8>, String> {
    let lang = Lang::parse(&doc.lang).unwrap_or_default();
    let metrics = Metrics::load().ok_or("the fonts could not be read")?;
    let mut s = Sheet::new(&metrics);
    let mut root = vec![s.heading(1, &doc.title)];
    root.push(s.paragraph(&doc.subtitle, Face::Regular, 11.0, 0.0, INK));
    let draft = doc.signed.is_none();
    if draft {
        root.push(s.paragraph(
            &lang.t("doc-draft-note"),
            Face::Bold,
            BODY,
            0.0,
            (150, 20, 20),
        ));
    }
    if let Some(signed) = &doc.signed {
        root.push(s.paragraph(signed, Face::Italic, BODY, 0.0, INK));
    }

    for section in &doc.sections {
        let mut nodes = vec![s.heading(2, &section.heading)];
        if section.is_empty() {
            nodes.push(s.paragraph(&section.empty, Face::Italic, BODY, 0.0, MUTED));
        }
        for p in &section.paragraphs {
            nodes.push(s.paragraph(p, Face::Regular, BODY, 0.0, INK));
        }
        for t in &section.tables {
            nodes.push(table(&mut s, t, None, 0.0));
        }
        if let Some(g) = &section.grid {
            // The heading goes with the grid, not alone at a page's foot.
            s.need(GRID_HEIGHT + 30.0);
            nodes.push(s.heading(3, &lang.t("doc-grid-title")));
            nodes.push(grid(&mut s, lang, g));
            nodes.push(s.paragraph(&lang.t("doc-grid-note"), Face::Regular, SMALL, 0.0, MUTED));
        }
        for l in &section.lines {
            nodes.push(s.heading(3, &l.label));
            nodes.push(s.paragraph(&l.text, Face::Regular, BODY, 0.0, INK));
        }
        if let Some(first) = section.charts.first() {
            s.need(CHART_HEIGHT + 50.0);
            nodes.push(s.heading(3, &lang.t("doc-trends")));
            // Which rounds the curves run over, said once for all of them.
            if let (Some(from), Some(to)) = (first.rounds.first(), first.rounds.last()) {
                let over = lang.t_args(
                    "doc-trends-rounds",
                    &[
                        ("n", (first.rounds.len() as i64).into()),
                        ("first", from.clone().into()),
                        ("last", to.clone().into()),
                    ],
                );
                nodes.push(s.paragraph(&over, Face::Regular, SMALL, 0.0, MUTED));
            }
            nodes.extend(charts(&mut s, &section.charts));
        }
        for n in &section.notes {
            nodes.push(s.paragraph(n, Face::Regular, SMALL, 0.0, MUTED));
        }
        root.push(Node::group(Tag::Section, nodes));
    }

    let mut words = vec![s.heading(2, &lang.t("discussion-fields"))];
    for (name, key) in FIELDS {
        words.push(s.heading(3, &lang.t(key)));
        let v = field_shown(lang, &doc.fields, name);
        words.push(s.paragraph(&v, Face::Regular, BODY, 0.0, INK));
    }
    root.push(Node::group(Tag::Section, words));

    if !doc.signatures.is_empty() {
        s.need(60.0 + 70.0 * doc.signatures.len() as f32);
        let mut sign = vec![s.heading(2, &lang.t("doc-signatures"))];
        sign.push(s.paragraph(
            &lang.t("doc-signatures-caption"),
            Face::Regular,
            BODY,
            0.0,
            INK,
        ));
        for role in &doc.signatures {
            sign.push(signature(&mut s, lang, role));
        }
        root.push(Node::group(Tag::Section, sign));
    }

    decorate(&mut s, lang, &doc.title, draft);
    s.finish(root, &doc.title, lang.code())
}

/// Footers with the page number on every page, and the draft mark across
/// every page of a draft: both for the eye, outside the structure (the
/// draft is said in words under the title).
fn decorate(s: &mut Sheet, lang: Lang, title: &str, draft: bool) {
    let total = s.pages();
    let short = {
        let mut t = title.to_owned();
        while s.m.width(Face::Regular, 7.5, &t) > MEASURE * 0.7 && t.chars().count() > 3 {
            t.pop();
            t = t.trim_end_matches('…').to_owned();
            t.pop();
            t.push('…');
        }
        t
    };
    for page in 0..total {
        let n = lang.t_args(
            "doc-page",
            &[
                ("n", (page as i64 + 1).into()),
                ("total", (total as i64).into()),
            ],
        );
        let y = HEIGHT - 36.0;
        let w = s.m.width(Face::Regular, 7.5, &n);
        s.overlay(
            page,
            ArtifactType::Footer,
            Draw::Text {
                x: LEFT,
                y,
                face: Face::Regular,
                size: 7.5,
                text: short.clone(),
                color: crate::http::staff::discussion_pdf::typeset::MUTED,
                angle: 0.0,
            },
        );
        s.overlay(
            page,
            ArtifactType::PageNumber,
            Draw::Text {
                x: WIDTH - LEFT - w,
                y,
                face: Face::Regular,
                size: 7.5,
                text: n,
                color: crate::http::staff::discussion_pdf::typeset::MUTED,
                angle: 0.0,
            },
        );
        if draft {
            let mark = lang.t("doc-draft");
            let size = 96.0;
            let w = s.m.width(Face::Bold, size, &mark);
            // Centred on the page, rising at 35 degrees.
            let (cx, cy) = (WIDTH / 2.0, HEIGHT / 2.0);
            let a = 35f32.to_radians();
            s.underlay(
                page,
                ArtifactType::Watermark,
                Draw::Text {
                    x: cx - w / 2.0 * a.cos(),
                    y: cy + w / 2.0 * a.sin(),
                    face: Face::Bold,
                    size,
                    text: mark,
                    color: (236, 226, 226),
                    angle: -35.0,
                },
            );
        }
    }
}

/// One signature: the role, then lines to write the date and the name on,
/// each named under it. The lines are for the pen; the words are the content.
fn signature(s: &mut Sheet, lang: Lang, role: &str) -> Node {
    s.need(70.0);
    let mut parts = s.lines(role, Face::Bold, BODY, LEFT, MEASURE, INK);
    let line_y = s.y + 34.0;
    let date_w = MEASURE * 0.3;
    let gap = 24.0;
    for (x, w) in [
        (LEFT, date_w),
        (LEFT + date_w + gap, MEASURE - date_w - gap),
    ] {
        s.draw(
            Owner::Artifact(ArtifactType::Layout),
            Draw::Line {
                points: vec![(x, line_y), (x + w, line_y)],
                width: 0.6,
                color: MUTED,
            },
        );
    }
    s.y = line_y;
    let date = s.lines(
        &lang.t("doc-sign-date"),
        Face::Regular,
        SMALL,
        LEFT,
        date_w,
        MUTED,
    );
    s.y = line_y;
    let name = s.lines(
        &lang.t("doc-sign-name"),
        Face::Regular,
        SMALL,
        LEFT + date_w + gap,
        MEASURE - date_w - gap,
        MUTED,
    );
    parts.extend(date);
    parts.extend(name);
    s.y += 16.0;
    Node::group(Tag::P, parts)
}

/// A table with its caption; rows never split across pages, and the header
/// row is drawn again (as an artifact) at the top of a continued table.
/// `shares`: column widths as parts of the measure; `min_row`: the least
/// height of a body row (room to sign).
fn table(s: &mut Sheet, t: &DocTable, shares: Option<&[f32]>, min_row: f32) -> Node {
    let n = t.columns.len().max(1);
    let widths: Vec<f32> = match shares {
        Some(sh) if sh.len() == n => sh.iter().map(|f| f * MEASURE).collect(),
        _ => {
            let first = if n <= 2 {
                MEASURE * 0.5
            } else {
                (MEASURE * 0.3).max(130.0)
            };
            let rest = (MEASURE - first) / (n - 1).max(1) as f32;
            std::iter::once(first)
                .chain(std::iter::repeat_n(rest, n - 1))
                .collect()
        }
    };
    let lead = CELL * 1.3;
    // A heading whose longest word does not fit its column is set smaller
    // (down to 6.5 points) rather than broken inside the word.
    let head_size = t
        .columns
        .iter()
        .zip(&widths)
        .flat_map(|(c, w)| c.split_whitespace().map(move |word| (word, w - 2.0 * PAD)))
        .fold(CELL, |size, (word, room)| {
            let need = s.m.width(Face::Bold, size, word);
            if need > room {
                (size * room / need).max(6.5)
            } else {
                size
            }
        });
    let head_lines: Vec<Vec<String>> = t
        .columns
        .iter()
        .zip(&widths)
        .map(|(c, w)| s.m.wrap(c, Face::Bold, head_size, w - 2.0 * PAD))
        .collect();
    let head_h = head_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * lead + 2.0 * PAD;
    let body: Vec<Vec<Vec<String>>> = t
        .rows
        .iter()
        .map(|r| {
            std::iter::once((&r.heading, Face::Bold, widths[0]))
                .chain(
                    r.cells
                        .iter()
                        .zip(widths.iter().skip(1))
                        .map(|(c, w)| (c, Face::Regular, *w)),
                )
                .map(|(text, face, w)| s.m.wrap(text, face, CELL, w - 2.0 * PAD))
                .collect()
        })
        .collect();
    let row_h = |cells: &Vec<Vec<String>>| {
        (cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * lead + 2.0 * PAD).max(min_row)
    };

    // Caption, kept with the header and the first row.
    let first_row = body.first().map(row_h).unwrap_or(0.0);
    s.need(BODY * 1.4 * 2.0 + head_h + first_row + 4.0);
    let caption = s.lines(&t.caption, Face::Bold, 9.5, LEFT, MEASURE, INK);
    s.y += 3.0;

    let header = |s: &mut Sheet, tagged: bool| -> Vec<Node> {
        let top = s.y;
        s.draw(
            Owner::Artifact(ArtifactType::Layout),
            Draw::Rect {
                x: LEFT,
                y: top,
                w: widths.iter().sum(),
                h: head_h,
                fill: HEAD_FILL,
            },
        );
        let mut x = LEFT;
        let mut cells = Vec::new();
        for (col, (lines, w)) in head_lines.iter().zip(&widths).enumerate() {
            let owner = if tagged {
                Owner::Content(s.mark(true))
            } else {
                Owner::Artifact(ArtifactType::PaginationOther)
            };
            for (i, l) in lines.iter().enumerate() {
                s.draw(
                    owner,
                    Draw::Text {
                        x: if col == 0 {
                            x + PAD
                        } else {
                            x + w - PAD - s.m.width(Face::Bold, head_size, l)
                        },
                        y: top + PAD + (i as f32 + 1.0) * lead - lead * 0.25,
                        face: Face::Bold,
                        size: head_size,
                        text: l.clone(),
                        color: INK,
                        angle: 0.0,
                    },
                );
            }
            if let Owner::Content(m) = owner {
                cells.push(Node::group(
                    Tag::TH(TableHeaderScope::Column),
                    vec![Node::Mark(m)],
                ));
            }
            x += w;
        }
        s.y = top + head_h;
        rule(s, s.y, 0.8);
        cells
    };

    let head_cells = header(s, true);
    let mut rows = Vec::new();
    for cells in &body {
        let h = row_h(cells);
        if s.y + h > HEIGHT - super::typeset::BOTTOM {
            s.new_page();
            header(s, false);
        }
        let top = s.y;
        let mut x = LEFT;
        let mut tagged = Vec::new();
        for (i, (lines, w)) in cells.iter().zip(&widths).enumerate() {
            let empty = lines.iter().all(String::is_empty);
            // An empty cell (a figure not given) holds a short rule, so the
            // cell is not empty in the structure either.
            let m = s.mark(!empty);
            if empty {
                s.draw(
                    Owner::Content(m),
                    Draw::Line {
                        points: vec![
                            (x + w - PAD - 8.0, top + h / 2.0),
                            (x + w - PAD, top + h / 2.0),
                        ],
                        width: 0.5,
                        color: MUTED,
                    },
                );
            }
            for (j, l) in lines.iter().enumerate() {
                // Row headings at the left, the figures (and words in their
                // place) at the right, under their column's heading.
                let tw =
                    s.m.width(if i == 0 { Face::Bold } else { Face::Regular }, CELL, l);
                let lx = if i > 0 { x + w - PAD - tw } else { x + PAD };
                s.draw(
                    Owner::Content(m),
                    Draw::Text {
                        x: lx,
                        y: top + PAD + (j as f32 + 1.0) * lead - lead * 0.25,
                        face: if i == 0 { Face::Bold } else { Face::Regular },
                        size: CELL,
                        text: l.clone(),
                        color: INK,
                        angle: 0.0,
                    },
                );
            }
            tagged.push(if i == 0 {
                Node::group(Tag::TH(TableHeaderScope::Row), vec![Node::Mark(m)])
            } else {
                Node::group(Tag::TD, vec![Node::Mark(m)])
            });
            x += w;
        }
        s.y = top + h;
        rule(s, s.y, 0.4);
        rows.push(Node::group(Tag::TR, tagged));
    }
    s.y += 10.0;
    Node::group(
        Tag::Table,
        vec![
            Node::group(Tag::Caption, caption),
            Node::group(Tag::THead, vec![Node::group(Tag::TR, head_cells)]),
            Node::group(Tag::TBody, rows),
        ],
    )
}

fn rule(s: &mut Sheet, y: f32, width: f32) {
    s.draw(
        Owner::Artifact(ArtifactType::Layout),
        Draw::Line {
            points: vec![(LEFT, y), (LEFT + MEASURE, y)],
            width,
            color: RULE,
        },
    );
}

/// The likelihood × consequence grid as one figure: cells coloured by
/// priority, the problems' numbers in their cells, axis labels. The figure's
/// alternative text names every problem's place.
fn grid(s: &mut Sheet, lang: Lang, g: &DocGrid) -> Node {
    const C: f32 = GRID_CELL;
    let left = LEFT + 62.0;
    s.need(GRID_HEIGHT);
    let top = s.y + 16.0;
    let m = s.mark(false);
    let owner = Owner::Content(m);
    s.ink(
        owner,
        LEFT,
        top - 6.0,
        SMALL,
        Face::Bold,
        lang.t("grid-likelihood"),
    );
    for l in 1..=5u8 {
        let y = top + C * f32::from(5 - l);
        s.ink(
            owner,
            left - 12.0,
            y + C / 2.0 + 3.0,
            SMALL,
            Face::Regular,
            l.to_string(),
        );
        for c in 1..=5u8 {
            let x = left + C * f32::from(c - 1);
            let fill = match Priority::of(l, c) {
                Priority::Low => (207, 232, 207),
                Priority::Medium => (255, 240, 179),
                Priority::High => (255, 208, 160),
                Priority::VeryHigh => (244, 166, 166),
            };
            s.draw(
                owner,
                Draw::Rect {
                    x,
                    y,
                    w: C - 1.0,
                    h: C - 1.0,
                    fill,
                },
            );
            let here: Vec<&str> = g
                .points
                .iter()
                .filter(|p| p.2 == l && p.3 == c)
                .map(|p| p.0.as_str())
                .collect();
            let lines = s.m.wrap(&here.join(", "), Face::Bold, 8.0, C - 6.0);
            for (i, t) in lines.iter().take(3).enumerate() {
                if !t.is_empty() {
                    s.ink(
                        owner,
                        x + 3.0,
                        y + 11.0 + i as f32 * 10.0,
                        8.0,
                        Face::Bold,
                        t.clone(),
                    );
                }
            }
        }
    }
    let bottom = top + 5.0 * C;
    for c in 1..=5u8 {
        let x = left + C * f32::from(c - 1) + C / 2.0 - 2.5;
        s.ink(owner, x, bottom + 10.0, SMALL, Face::Regular, c.to_string());
    }
    s.ink(
        owner,
        left,
        bottom + 24.0,
        SMALL,
        Face::Bold,
        lang.t("grid-consequence"),
    );
    s.y = bottom + 34.0;
    Node::group(Tag::Figure(Some(g.alt.clone())), vec![Node::Mark(m)])
}

/// Small multiples, three to a row: each theme's score over rounds on a 0–100
/// scale, a figure of its own with the trend in words as its alternative.
fn charts(s: &mut Sheet, charts: &[DocChart]) -> Vec<Node> {
    const GAP: f32 = 14.0;
    const H: f32 = CHART_HEIGHT;
    let w = (MEASURE - 2.0 * GAP) / 3.0;
    let mut out = Vec::new();
    for row in charts.chunks(3) {
        s.need(H + 8.0);
        let top = s.y;
        for (i, c) in row.iter().enumerate() {
            let x0 = LEFT + i as f32 * (w + GAP);
            out.push(chart(s, c, x0, top, w, H));
        }
        s.y = top + H + 8.0;
    }
    out
}

fn chart(s: &mut Sheet, c: &DocChart, x0: f32, top: f32, w: f32, h: f32) -> Node {
    let m = s.mark(false);
    let owner = Owner::Content(m);
    // The theme's name, on at most two lines.
    let title = s.m.wrap(&c.title, Face::Bold, 8.0, w);
    for (i, l) in title.iter().take(2).enumerate() {
        s.ink(
            owner,
            x0,
            top + 9.0 + i as f32 * 9.5,
            8.0,
            Face::Bold,
            l.clone(),
        );
    }
    let plot_left = x0 + 18.0;
    let plot_right = x0 + w - 4.0;
    let plot_top = top + 26.0;
    let plot_bottom = top + h - 6.0;
    let y_of = |v: f32| plot_bottom - (plot_bottom - plot_top) * (v.clamp(0.0, 100.0) / 100.0);
    for g in [0.0f32, 50.0, 100.0] {
        let y = y_of(g);
        s.draw(
            owner,
            Draw::Line {
                points: vec![(plot_left, y), (plot_right, y)],
                width: 0.4,
                color: RULE,
            },
        );
        let label = format!("{g:.0}");
        let lw = s.m.width(Face::Regular, 6.5, &label);
        s.ink(
            owner,
            plot_left - 3.0 - lw,
            y + 2.3,
            6.5,
            Face::Regular,
            label,
        );
    }
    let n = c.tenths.len();
    let x_of = |i: usize| {
        if n <= 1 {
            (plot_left + plot_right) / 2.0
        } else {
            plot_left + (plot_right - plot_left) * i as f32 / (n - 1) as f32
        }
    };
    // A hidden round breaks the line rather than joining its neighbours.
    let mut run: Vec<(f32, f32)> = Vec::new();
    let mut runs = Vec::new();
    for (i, t) in c.tenths.iter().enumerate() {
        match t {
            Some(t) => run.push((x_of(i), y_of(*t as f32 / 10.0))),
            None => runs.push(std::mem::take(&mut run)),
        }
    }
    runs.push(run);
    let blue = (31, 90, 160);
    for r in &runs {
        if r.len() > 1 {
            s.draw(
                owner,
                Draw::Line {
                    points: r.clone(),
                    width: 1.5,
                    color: blue,
                },
            );
        }
        for (x, y) in r {
            s.draw(
                owner,
                Draw::Dot {
                    x: *x,
                    y: *y,
                    r: 2.0,
                    color: blue,
                },
            );
        }
    }
    Node::group(Tag::Figure(Some(c.alt.clone())), vec![Node::Mark(m)])
}
