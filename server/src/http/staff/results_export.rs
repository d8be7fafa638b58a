//! `GET /results/export?round=…&format=csv|xlsx`: the viewer's heatmap as a
//! file — every unit in their scope × every theme of a round. The rows come
//! from the same service as the page (`services::results::heatmap`), so a
//! file holds exactly the figures the viewer may see and the same cells are
//! hidden, each with its reason instead of a number.
//!
//! CSV (RFC 4180, UTF-8) is for other programs; XLSX (written with
//! `rust_xlsxwriter`) is for people who open the file in a spreadsheet.

use crate::http::{page::notice, session::session_user};
use app::{
    i18n::Lang,
    model::{Heatmap, Hidden},
    services::{results::heatmap, scope, state::AppState},
};
use axum::{
    extract::{Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};

#[derive(serde::Deserialize)]
pub struct ExportQuery {
    round: Option<String>,
    format: Option<String>,
}

/// One line of the file: a unit × a theme.
struct Line {
    unit: String,
    parents: String,
    theme: String,
    score: Option<f64>,
    shares: Option<(u8, u8, u8)>,
    respondents: Option<i64>,
    change: Option<f64>,
    note: String,
}

fn lines(lang: Lang, h: &Heatmap) -> Vec<Line> {
    let mut path: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for r in &h.rows {
        // Rows come depth-first, so the path to a row is its ancestors'.
        path.truncate(r.depth as usize);
        let parents = path.join(" › ");
        path.push(r.name.clone());
        for (((_, theme, _), cell), change) in h.dimensions.iter().zip(&r.cells).zip(&r.changes) {
            let Some(f) = cell else { continue };
            let note = match &f.hidden {
                None => String::new(),
                Some(Hidden::TooFew { k }) => {
                    lang.t_args("results-hidden-few", &[("k", (*k).into())])
                }
                Some(Hidden::WouldReveal { .. }) => lang.t("export-hidden-reveal"),
            };
            out.push(Line {
                unit: r.name.clone(),
                parents: parents.clone(),
                theme: theme.clone(),
                score: f.score,
                shares: f.shares,
                respondents: f.respondents,
                change: *change,
                note,
            });
        }
    }
    out
}

fn headings(lang: Lang) -> Vec<String> {
    [
        "export-unit",
        "export-parents",
        "results-dimension",
        "results-score",
        "export-favourable",
        "export-neutral",
        "export-unfavourable",
        "export-respondents",
        "results-change",
        "export-note",
    ]
    .iter()
    .map(|k| lang.t(k))
    .collect()
}

pub(crate) fn csv_file(lang: Lang, h: &Heatmap) -> Result<Vec<u8>, csv::Error> {
    // A byte-order mark so spreadsheet programs read the file as UTF-8.
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(headings(lang))?;
    let num = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_default();
    let int = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    for l in lines(lang, h) {
        let share = |i: usize| {
            l.shares
                .map(|s| [s.0, s.1, s.2][i].to_string())
                .unwrap_or_default()
        };
        w.write_record([
            l.unit.clone(),
            l.parents.clone(),
            l.theme.clone(),
            num(l.score),
            share(0),
            share(1),
            share(2),
            int(l.respondents),
            num(l.change),
            l.note.clone(),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

pub(crate) fn xlsx_file(lang: Lang, h: &Heatmap) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    // Sheet names are limited to 31 characters and some symbols.
    let name: String = h
        .round_name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    if !name.trim().is_empty() {
        sheet.set_name(name)?;
    }
    let bold = Format::new().set_bold();
    let one = Format::new().set_num_format("0.0");
    for (c, title) in headings(lang).iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, title, &bold)?;
    }
    for (i, l) in lines(lang, h).iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &l.unit)?;
        sheet.write_string(row, 1, &l.parents)?;
        sheet.write_string(row, 2, &l.theme)?;
        if let Some(s) = l.score {
            sheet.write_number_with_format(row, 3, s, &one)?;
        }
        if let Some((f, n, u)) = l.shares {
            sheet.write_number(row, 4, f64::from(f))?;
            sheet.write_number(row, 5, f64::from(n))?;
            sheet.write_number(row, 6, f64::from(u))?;
        }
        if let Some(n) = l.respondents {
            sheet.write_number(row, 7, n as f64)?;
        }
        if let Some(c) = l.change {
            sheet.write_number_with_format(row, 8, c, &one)?;
        }
        if !l.note.is_empty() {
            sheet.write_string(row, 9, &l.note)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofit();
    book.save_to_buffer()
}

pub async fn export(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Query(q): Query<ExportQuery>,
) -> Response {
    // Refusals are small pages in the user's language (the link was
    // followed in a browser).
    let page = |status: StatusCode, text: String| {
        notice(
            lang,
            status,
            &lang.t("export-title"),
            vec![text],
            Some(("/results", "results-title")),
        )
    };
    let plain = |status: StatusCode, key: &str| page(status, lang.t(key));
    let Some((_, user)) = session_user(&state, &headers).await else {
        return plain(StatusCode::UNAUTHORIZED, "error-unauthenticated");
    };
    let roots = scope::roots(&user);
    if matches!(&roots, Some(r) if r.is_empty()) {
        return plain(StatusCode::FORBIDDEN, "error-forbidden");
    }
    let format = q.format.as_deref().unwrap_or("csv");
    if format != "csv" && format != "xlsx" {
        return plain(StatusCode::BAD_REQUEST, "export-bad-format");
    }
    let round = q.round.filter(|r| !r.is_empty());
    let h = match heatmap::heatmap(&state.db, lang, roots.as_deref(), round.as_deref(), None).await
    {
        Ok(Some(h)) => h,
        Ok(None) => return plain(StatusCode::NOT_FOUND, "results-none"),
        Err(e) => {
            let id = app::error::internal(e, "results export");
            return page(StatusCode::INTERNAL_SERVER_ERROR, id.message(lang));
        }
    };
    let stem: String = format!("trivsel-{}", h.round_name)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let (body, kind) = match format {
        "xlsx" => (
            xlsx_file(lang, &h).map_err(|e| e.to_string()),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        _ => (
            csv_file(lang, &h).map_err(|e| e.to_string()),
            "text/csv; charset=utf-8",
        ),
    };
    match body {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, kind.to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{stem}.{format}\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            let id = app::error::internal(e, "results export");
            page(StatusCode::INTERNAL_SERVER_ERROR, id.message(lang))
        }
    }
}
