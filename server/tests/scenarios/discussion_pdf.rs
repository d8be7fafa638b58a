//! The annual discussion's PDF as a committee and a screen reader get it:
//! a PDF/UA-1 file (checked by an external validator, and by reading its
//! structure tree here), whose text is the document's — tables of results by
//! unit, Danish numbers and dates, a draft mark only on a draft, signatures —
//! and whose pages, rendered to images, carry ink where text should be.
//!
//! Tools (installed by `scripts/setup.sh test`): pikepdf and the `outloud`
//! PDF/UA checker in tools/venv, poppler's `pdftotext` and `pdftoppm`.

use crate::support::{login_ok, Store, TestApp, COMMITTEE};
use chrono::Datelike;
use serde_json::Value;
use std::{
    path::{Path, PathBuf},
    process::Command,
};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf()
}

/// Runs a checking tool; a missing tool fails the test with the remedy.
fn run(program: &Path, args: &[&str]) -> std::process::Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{} could not run ({e}); scripts/setup.sh test installs it",
                program.display()
            )
        })
}

fn tool(name: &str) -> PathBuf {
    PathBuf::from(name)
}

fn venv(name: &str) -> PathBuf {
    root().join("tools/venv/bin").join(name)
}

/// Where the files go for a person to look at: next to the build output.
fn out_dir(store: Store, year: i32) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("discussion-pdf")
        .join(format!("{store:?}-{year}").to_lowercase());
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("output folder");
    dir
}

/// Every element of the structure tree, depth first.
fn elements(tree: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    let mut stack: Vec<&Value> = tree.as_array().into_iter().flatten().collect();
    stack.reverse();
    while let Some(e) = stack.pop() {
        out.push(e);
        let kids: Vec<&Value> = e["children"].as_array().into_iter().flatten().collect();
        stack.extend(kids.into_iter().rev());
    }
    out
}

fn of_type<'a>(all: &[&'a Value], kind: &str) -> Vec<&'a Value> {
    all.iter().filter(|e| e["type"] == kind).copied().collect()
}

/// The share of a grey page image's pixels that are not white.
fn ink(pgm: &[u8]) -> f64 {
    // "P5\n<w> <h>\n255\n" then one byte per pixel.
    let mut fields = 0;
    let mut at = 0;
    while fields < 4 && at < pgm.len() {
        while at < pgm.len() && pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        while at < pgm.len() && !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields += 1;
    }
    let pixels = &pgm[(at + 1).min(pgm.len())..];
    let dark = pixels.iter().filter(|p| **p < 200).count();
    dark as f64 / pixels.len().max(1) as f64
}

async fn fetch(app: &TestApp, c: &reqwest::Client, committee: &str, year: i32) -> Vec<u8> {
    let r = c
        .get(app.at(&format!("/committees/{committee}/discussion/{year}/pdf")))
        .send()
        .await
        .expect("pdf");
    assert_eq!(r.status(), 200, "the PDF of {year}");
    r.bytes().await.expect("bytes").to_vec()
}

pub async fn the_annual_discussion_is_an_accessible_pdf_that_reads_as_a_document(store: Store) {
    let app = TestApp::full_demo(store).await;
    let hmu = crate::scenarios::committees::committee(&app, "HMU").await;
    let member = login_ok(&app, COMMITTEE).await;
    let this_year = app::services::follow_up::today().year();
    // The demo's discussion of last year is locked; this year's is a draft.
    for (year, locked) in [(this_year - 1, true), (this_year, false)] {
        let bytes = fetch(&app, &member, &hmu, year).await;
        let dir = out_dir(store, year);
        let file = dir.join("discussion.pdf");
        std::fs::write(&file, &bytes).expect("write");
        let path = file.to_str().expect("path");

        // ── What assistive technology reads: the structure tree.
        let out = run(
            &venv("python"),
            &[
                root()
                    .join("server/tests/support/pdf_structure.py")
                    .to_str()
                    .expect("script"),
                path,
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let s: Value = serde_json::from_slice(&out.stdout).expect("structure");
        assert_eq!(s["lang"], "da", "the committee's language");
        assert_eq!(s["marked"], true, "a tagged PDF");
        assert_eq!(s["display_doc_title"], true);
        assert_eq!(s["pdfua_part"], true, "identified as PDF/UA-1");
        assert_eq!(s["outline"], true, "bookmarks to the sections");
        let title = s["title"].as_str().unwrap_or_default();
        assert!(
            title.starts_with("Årlig arbejdsmiljødrøftelse"),
            "the title in Unicode: {title}"
        );
        for (font, f) in s["fonts"].as_object().expect("fonts") {
            assert_eq!(f["embedded"], true, "{font} is embedded");
            assert_eq!(f["unicode"], true, "{font} maps its glyphs to text");
        }
        let all = elements(&s["tree"]);
        let count = |k: &str| of_type(&all, k).len();
        assert_eq!(count("H1"), 1, "one title");
        assert!(count("H2") >= 9, "a heading per section");
        // Last year's was locked before the demo's rounds closed: it holds
        // no figures; this year's has results and absence as tables.
        if !locked {
            assert!(
                count("Table") >= 2,
                "results and absence as tables: {}",
                count("Table")
            );
        }
        let tables = of_type(&all, "Table");
        for t in &tables {
            let one = Value::Array(vec![(*t).clone()]);
            let cells = elements(&one);
            assert!(
                cells.iter().any(|c| c["type"] == "Caption"),
                "a table says what it holds"
            );
            assert!(
                cells.iter().any(|c| c["type"] == "TH"),
                "a table has header cells"
            );
            for c in cells
                .iter()
                .filter(|c| c["type"] == "TH" || c["type"] == "TD")
            {
                assert!(c["content"].as_u64().unwrap_or(0) > 0, "no empty cell");
            }
        }
        let figures = of_type(&all, "Figure");
        if !locked {
            assert!(
                figures.len() >= 9,
                "the trend charts as figures: {}",
                figures.len()
            );
        }
        for f in &figures {
            let alt = f["alt"].as_str().unwrap_or_default();
            assert!(alt.len() > 10, "a figure says in words what it shows");
        }
        assert!(
            locked
                || figures.iter().any(|f| f["alt"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("sandsynlighed")),
            "the risk grid is a figure named in words"
        );

        // ── A PDF/UA-1 checker from the package registry finds no error.
        let report = dir.join("outloud.json");
        let out = run(
            &venv("outloud"),
            &[
                "--json",
                report.to_str().expect("report"),
                "--fail-on",
                "error",
                "-q",
                path,
            ],
        );
        let json = std::fs::read_to_string(&report).unwrap_or_default();
        assert!(
            out.status.success(),
            "the PDF/UA checker found errors:\n{}\n{json}",
            String::from_utf8_lossy(&out.stdout)
        );

        // ── The text a committee reads.
        let out = run(&tool("pdftotext"), &["-layout", path, "-"]);
        assert!(out.status.success(), "pdftotext");
        let text = String::from_utf8_lossy(&out.stdout).replace('\u{a0}', " ");
        let mut wanted = vec![
            "Underskrifter",
            "Formand",
            "Næstformand",
            "Navn og underskrift",
        ];
        if locked {
            wanted.push("Mødets dato");
            wanted.push("10. december");
        } else {
            wanted.extend([
                "Score pr. tema og enhed",
                "Medicinsk afdeling",
                "Udvikling pr. tema",
                "Sandsynlighed",
            ]);
        }
        for want in wanted {
            assert!(text.contains(want), "{want} in the PDF of {year}:\n{text}");
        }
        // Danish numbers: a decimal comma, never a point.
        let decimal_point = regex_lite(&text, |a, b, c| {
            a.is_ascii_digit() && b == '.' && c.is_ascii_digit()
        });
        assert!(
            decimal_point.is_none(),
            "a decimal point in Danish: {decimal_point:?}"
        );
        // The mark runs across the page (raw order keeps its letters together).
        let out = run(&tool("pdftotext"), &["-raw", path, "-"]);
        let raw = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            raw.matches("UDKAST").count(),
            if locked {
                0
            } else {
                s["pages"].as_u64().unwrap_or(0) as usize
            },
            "the draft mark is on every page of a draft and only there"
        );
        assert_eq!(text.contains("Udkast: endnu ikke låst"), !locked);
        assert_eq!(text.contains("Låst som den godkendte version"), locked);

        // ── The pages as a person sees them (kept beside the build output).
        let prefix = dir.join("page");
        let out = run(
            &tool("pdftoppm"),
            &["-r", "60", "-gray", path, prefix.to_str().expect("prefix")],
        );
        assert!(out.status.success(), "pdftoppm");
        let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("pages")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "pgm"))
            .collect();
        pages.sort();
        assert_eq!(pages.len() as u64, s["pages"].as_u64().unwrap_or(0));
        assert!(pages.len() >= 2, "a document of several pages");
        for p in &pages {
            let share = ink(&std::fs::read(p).expect("page image"));
            assert!(
                share > 0.003 && share < 0.6,
                "{} carries text, not a blank or a black page: {share:.3}",
                p.display()
            );
        }
    }
}

/// The first place where three neighbouring characters match.
fn regex_lite(text: &str, m: impl Fn(char, char, char) -> bool) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(3).enumerate().find_map(|(i, w)| {
        m(w[0], w[1], w[2]).then(|| {
            chars[i.saturating_sub(20)..(i + 20).min(chars.len())]
                .iter()
                .collect()
        })
    })
}

/// Attack: the document read twice. A committee member opens this year's
/// draft, then an administrator moves a ward to another department and
/// raises the thresholds, and the member opens it again (or sets the
/// locked copy beside today's page). The results table sets every unit of
/// the scope side by side, so any cell that appears, disappears or changes
/// between the two looks — for a round already closed — points at the
/// answers of a group smaller than the threshold. The tables, the report
/// counts and the absence must read the same in both looks.
pub async fn the_discussion_s_figures_do_not_move_between_two_looks(store: Store) {
    use crate::support::{post, unit_id, ADMIN};
    let app = TestApp::full_demo(store).await;
    let hmu = crate::scenarios::committees::committee(&app, "HMU").await;
    let member = login_ok(&app, COMMITTEE).await;
    let year = app::services::follow_up::today().year().to_string();
    let look = || async {
        let (status, view) = crate::support::call_url(
            &member,
            &app.at("/api/committees/discussion"),
            &[("committee", hmu.as_str()), ("year", year.as_str())],
        )
        .await;
        assert_eq!(status, 200, "{view}");
        // Every cell of every table, by (section, column, row): what the
        // committee reads, whatever order the units are laid out in.
        let mut cells = std::collections::BTreeMap::new();
        for s in view["document"]["sections"]
            .as_array()
            .into_iter()
            .flatten()
        {
            for t in s["tables"].as_array().into_iter().flatten() {
                let columns: Vec<String> = t["columns"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|c| c.as_str().unwrap_or_default().to_owned())
                    .collect();
                for r in t["rows"].as_array().into_iter().flatten() {
                    for (i, c) in r["cells"].as_array().into_iter().flatten().enumerate() {
                        cells.insert(
                            (
                                s["heading"].as_str().unwrap_or_default().to_owned(),
                                columns.get(i + 1).cloned().unwrap_or_default(),
                                r["heading"].as_str().unwrap_or_default().to_owned(),
                            ),
                            c.as_str().unwrap_or_default().to_owned(),
                        );
                    }
                }
            }
        }
        cells
    };
    let before = look().await;
    assert!(
        before.keys().any(|(_, unit, _)| unit == "Sengeafsnit M2"),
        "the draft shows the wards: {before:?}"
    );

    let admin = login_ok(&app, ADMIN).await;
    let (m2, kir) = (unit_id(&app, "MED-M2").await, unit_id(&app, "KIR").await);
    app::services::units::move_unit(&app.db, &m2, &kir)
        .await
        .expect("move");
    let (status, body) = post(
        &admin,
        &app,
        "org/thresholds/save",
        &[("k_score", "7"), ("k_comment", "12"), ("k_sensitive", "12")],
    )
    .await;
    assert!(status < 400, "{status} {body}");
    let after = look().await;

    let moved: Vec<String> = before
        .iter()
        .filter(|(cell, was)| after.get(*cell) != Some(*was))
        .map(|(cell, was)| format!("{cell:?}: {was} → {:?}", after.get(cell)))
        .chain(
            after
                .iter()
                .filter(|(cell, _)| !before.contains_key(*cell))
                .map(|(cell, now)| format!("{cell:?}: new {now}")),
        )
        .collect();
    assert!(
        moved.is_empty(),
        "the document's figures moved between two looks:\n{}",
        moved.join("\n")
    );
}
