//! `GET /committees/{id}/discussion/{year}/pdf`: the annual discussion as a
//! PDF of real text (selectable, searchable, read aloud), in the committee's
//! language. The document is the same one the page shows — the stored one
//! once locked — so the PDF can hold nothing the page would not.
//!
//! Layout is simple on purpose: A4, Helvetica, headings and wrapped
//! paragraphs, a footer with the page number.

use crate::{auth::session_user, html::escape};
use app::{
    i18n::Lang,
    model::AnnualDocument,
    pages::committees::{field_value, FIELDS},
    services::{committees::discussions, follow_up, state::AppState},
};
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, StatusCode},
    response::{Html, IntoResponse, Response},
    Extension,
};
use pdf_canvas::{BuiltinFont, FontSource, Pdf};
use std::io::{Read, Seek, SeekFrom};

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;
const BODY: f32 = 10.5;
const LEADING: f32 = 14.0;

/// One line of text placed on a page.
struct Placed {
    x: f32,
    y: f32,
    font: BuiltinFont,
    size: f32,
    text: String,
}

/// Characters Helvetica cannot show (outside WinAnsi) become '?' rather
/// than vanishing.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\r' => ' ',
            c if pdf_canvas_encodable(c) => c,
            _ => '?',
        })
        .collect()
}

fn pdf_canvas_encodable(c: char) -> bool {
    BuiltinFont::Helvetica
        .get_encoding()
        .encode_char(c)
        .is_some()
}

/// The document title as a PDF text string in UTF-16 (`<FEFF…>`, which
/// every reader decodes), and an ASCII placeholder that, in parentheses, is
/// exactly as long.
fn title_strings(title: &str) -> (String, String) {
    let hex: String = title.encode_utf16().map(|u| format!("{u:04X}")).collect();
    let utf16 = format!("<FEFF{hex}>");
    let placeholder = "T".repeat(utf16.len() - 2);
    (placeholder, utf16)
}

/// Words into lines no wider than `width` points.
fn wrap(text: &str, font: BuiltinFont, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if font.get_width(size, &candidate) <= width || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = word.to_owned();
            }
        }
        lines.push(line);
    }
    lines
}

/// Lays the document out on pages.
struct Layout {
    pages: Vec<Vec<Placed>>,
    y: f32,
}

impl Layout {
    fn new() -> Layout {
        Layout {
            pages: vec![Vec::new()],
            y: HEIGHT - MARGIN,
        }
    }

    fn need(&mut self, height: f32) {
        if self.y - height < MARGIN + 20.0 {
            self.pages.push(Vec::new());
            self.y = HEIGHT - MARGIN;
        }
    }

    fn text(&mut self, text: &str, font: BuiltinFont, size: f32, indent: f32, after: f32) {
        let lead = size * 1.35;
        for line in wrap(&printable(text), font, size, WIDTH - 2.0 * MARGIN - indent) {
            self.need(lead);
            self.y -= lead;
            if let Some(page) = self.pages.last_mut() {
                page.push(Placed {
                    x: MARGIN + indent,
                    y: self.y,
                    font,
                    size,
                    text: line,
                });
            }
        }
        self.y -= after;
    }

    fn heading(&mut self, text: &str) {
        // Keep a heading with at least two lines of what follows.
        self.need(14.0 * 1.35 + 2.0 * LEADING + 10.0);
        self.y -= 8.0;
        self.text(text, BuiltinFont::Helvetica_Bold, 13.0, 0.0, 4.0);
    }

    fn item(&mut self, label: &str, text: &str) {
        self.need(2.0 * LEADING);
        self.text(label, BuiltinFont::Helvetica_Bold, BODY, 0.0, 0.0);
        self.text(text, BuiltinFont::Helvetica, BODY, 12.0, 5.0);
    }
}

/// The PDF's bytes.
pub fn render(doc: &AnnualDocument) -> std::io::Result<Vec<u8>> {
    let lang = Lang::parse(&doc.lang).unwrap_or_default();
    let mut l = Layout::new();
    l.text(&doc.title, BuiltinFont::Helvetica_Bold, 18.0, 0.0, 2.0);
    l.text(&doc.subtitle, BuiltinFont::Helvetica, 11.0, 0.0, 8.0);
    if let Some(s) = &doc.signed {
        l.text(s, BuiltinFont::Helvetica_Oblique, BODY, 0.0, 6.0);
    }
    for s in &doc.sections {
        l.heading(&s.heading);
        if s.lines.is_empty() {
            l.text(&s.empty, BuiltinFont::Helvetica_Oblique, BODY, 0.0, 4.0);
        }
        for line in &s.lines {
            l.item(&line.label, &line.text);
        }
    }
    l.heading(&lang.t("discussion-fields"));
    for (name, key) in FIELDS {
        let v = field_value(&doc.fields, name);
        l.item(&lang.t(key), if v.is_empty() { "—" } else { &v });
    }

    let mut file = tempfile::tempfile()?;
    let mut pdf = Pdf::new(file.try_clone()?)?;
    // pdf-canvas writes metadata as the string's raw UTF-8 bytes, which
    // readers decode as PDFDocEncoding. The title goes in as a placeholder of
    // exactly the length of its UTF-16 hex form, which replaces it below —
    // same length, so every byte offset in the file stays true.
    let (placeholder, title) = title_strings(&doc.title);
    pdf.set_title(&placeholder);
    pdf.set_producer("Trivsel");
    let total = l.pages.len();
    for (n, page) in l.pages.into_iter().enumerate() {
        let footer = printable(&lang.t_args(
            "doc-page",
            &[
                ("n", (n as i64 + 1).into()),
                ("total", (total as i64).into()),
            ],
        ));
        pdf.render_page(WIDTH, HEIGHT, |c| {
            for p in &page {
                c.left_text(p.x, p.y, p.font, p.size, &p.text)?;
            }
            c.right_text(
                WIDTH - MARGIN,
                MARGIN - 20.0,
                BuiltinFont::Helvetica,
                8.0,
                &footer,
            )
        })?;
    }
    pdf.finish()?;
    file.seek(SeekFrom::Start(0))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    let marked = format!("({placeholder})");
    if let Some(at) = bytes
        .windows(marked.len())
        .position(|w| w == marked.as_bytes())
    {
        bytes[at..at + title.len()].copy_from_slice(title.as_bytes());
    }
    Ok(bytes)
}

pub async fn pdf(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Path((committee, year)): Path<(String, String)>,
) -> Response {
    let refuse = |status: StatusCode, key: &str| {
        let title = lang.t("discussion-title-short");
        let body = format!(
            "<h1>{}</h1><p role=\"alert\">{}</p>",
            escape(&title),
            escape(&lang.t(key))
        );
        (
            status,
            [(header::CACHE_CONTROL, "no-store")],
            Html(crate::html::framed(lang, &title, &body)),
        )
            .into_response()
    };
    let Some((_, user)) = session_user(&state, &headers).await else {
        return refuse(StatusCode::UNAUTHORIZED, "error-unauthenticated");
    };
    let Some(year) = year.parse::<i32>().ok() else {
        return refuse(StatusCode::NOT_FOUND, "error-not-found");
    };
    let view = match discussions::view(&state.db, &user, &committee, year, follow_up::today()).await
    {
        Ok(Ok(v)) => v,
        Ok(Err(follow_up::Refused::Scope)) => {
            return refuse(StatusCode::FORBIDDEN, "error-forbidden")
        }
        Ok(Err(_)) => return refuse(StatusCode::NOT_FOUND, "error-not-found"),
        Err(e) => {
            tracing::error!(error = %e, "assembling the annual discussion failed");
            return refuse(StatusCode::INTERNAL_SERVER_ERROR, "error-title");
        }
    };
    match render(&view.document) {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (header::CACHE_CONTROL, "no-store".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"discussion-{}-{year}.pdf\"",
                        view.committee.id
                    ),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "writing the PDF failed");
            refuse(StatusCode::INTERNAL_SERVER_ERROR, "error-title")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_never_exceed_the_width_unless_one_word_does() {
        let text = "Psykologisk tryghed på sengeafsnittene skal løftes gennem faste tavlemøder og bedre introduktion af nye kolleger i nattevagterne.";
        let lines = wrap(text, BuiltinFont::Helvetica, 10.5, 200.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(BuiltinFont::Helvetica.get_width(10.5, l) <= 200.0, "{l}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn the_title_goes_in_as_utf16_of_the_placeholder_s_length() {
        let (placeholder, title) = title_strings("År: ø");
        assert_eq!(title, "<FEFF00C50072003A002000F8>");
        assert_eq!(format!("({placeholder})").len(), title.len());
    }

    #[test]
    fn danish_and_swedish_letters_are_kept_and_others_marked() {
        assert_eq!(printable("æøå ÆØÅ äö – “x”"), "æøå ÆØÅ äö – “x”");
        assert_eq!(printable("→ ✓"), "? ?");
    }
}
