//! Reading the HR system's CSV files into rows, with precise, translatable
//! errors (file, line, reason). Nothing here touches the database.
//!
//! Units file: `code, name, parent_code[, kind]`.
//! People file: `employee_no, name, unit_code[, email][, language][, leader_of]`
//! (`leader_of`: unit codes separated by `;` or `|`).
//! UTF-8 (a byte-order mark is fine); comma or semicolon separated (Danish and
//! Swedish Excel write semicolons); header names are case-insensitive and a few
//! Danish/Swedish spellings are accepted.

use crate::model::{ImportFile, ImportIssue};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitRow {
    pub line: u64,
    pub code: String,
    pub name: String,
    pub parent_code: Option<String>,
    pub kind: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonRow {
    pub line: u64,
    pub employee_no: String,
    pub name: String,
    pub email: Option<String>,
    pub unit_code: String,
    pub lang: Option<String>,
    pub leader_of: Vec<String>,
}

/// A file-level problem (the whole file is refused) or row-level ones.
#[derive(Debug)]
pub struct Parsed<T> {
    pub rows: Vec<T>,
    pub issues: Vec<ImportIssue>,
    /// True when the file as a whole cannot be used (encoding, header).
    pub fatal: bool,
    /// The key (first wanted column) of every line where it could be read,
    /// valid or not: a skipped bad row still names the person it is about.
    pub keys: Vec<(u64, String)>,
}

impl<T> Default for Parsed<T> {
    fn default() -> Self {
        Parsed {
            rows: Vec::new(),
            issues: Vec::new(),
            fatal: false,
            keys: Vec::new(),
        }
    }
}

/// Largest file accepted (bytes): room for well over 100 000 people.
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

const UNIT_COLUMNS: &[(&str, &[&str])] = &[
    (
        "code",
        &[
            "code",
            "unit_code",
            "enhedskode",
            "kode",
            "enhetskod",
            "kod",
        ],
    ),
    (
        "name",
        &[
            "name",
            "unit_name",
            "navn",
            "enhedsnavn",
            "namn",
            "enhetsnamn",
        ],
    ),
    (
        "parent_code",
        &[
            "parent_code",
            "parent",
            "overordnet",
            "forælder",
            "overordnad",
            "förälder",
        ],
    ),
    ("kind", &["kind", "type", "niveau", "typ", "nivå"]),
];

const PEOPLE_COLUMNS: &[(&str, &[&str])] = &[
    (
        "employee_no",
        &[
            "employee_no",
            "employee_number",
            "medarbejdernummer",
            "medarbejdernr",
            "lønnummer",
            "anställningsnummer",
            "anstnr",
        ],
    ),
    ("name", &["name", "navn", "namn"]),
    ("email", &["email", "e-mail", "mail", "e-post", "epost"]),
    (
        "unit_code",
        &[
            "unit_code",
            "unit",
            "enhedskode",
            "enhed",
            "enhetskod",
            "enhet",
        ],
    ),
    ("language", &["language", "lang", "sprog", "språk"]),
    (
        "leader_of",
        &["leader_of", "leder_af", "leder", "chef_för", "chef"],
    ),
];

/// Decodes the bytes as UTF-8 (dropping a byte-order mark).
fn decode(file: ImportFile, bytes: &[u8]) -> Result<&str, ImportIssue> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportIssue::new(
            file,
            0,
            "import-error-too-large",
            String::new(),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) if s.trim().is_empty() => Err(ImportIssue::new(
            file,
            0,
            "import-error-empty",
            String::new(),
        )),
        Ok(s) => Ok(s),
        Err(e) => {
            // The line of the first bad byte tells the administrator where to look.
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64
                + 1;
            Err(ImportIssue::new(
                file,
                line,
                "import-error-encoding",
                String::new(),
            ))
        }
    }
}

fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// Maps each wanted column to its index in the header.
fn columns(
    file: ImportFile,
    header: &csv::StringRecord,
    wanted: &[(&str, &[&str])],
    required: &[&str],
) -> Result<Vec<Option<usize>>, Vec<ImportIssue>> {
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim().to_lowercase().replace(' ', "_"))
        .collect();
    let found: Vec<Option<usize>> = wanted
        .iter()
        .map(|(_, aliases)| names.iter().position(|n| aliases.contains(&n.as_str())))
        .collect();
    let missing: Vec<ImportIssue> = wanted
        .iter()
        .zip(&found)
        .filter(|((name, _), idx)| idx.is_none() && required.contains(name))
        .map(|((name, _), _)| ImportIssue::new(file, 1, "import-error-missing-column", *name))
        .collect();
    if missing.is_empty() {
        Ok(found)
    } else {
        Err(missing)
    }
}

fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
}

fn field(record: &csv::StringRecord, idx: Option<usize>) -> Option<String> {
    idx.and_then(|i| record.get(i))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A required field's value, or an issue naming the empty column.
fn required(
    record: &csv::StringRecord,
    idx: Option<usize>,
    column: &str,
    file: ImportFile,
    line: u64,
    issues: &mut Vec<ImportIssue>,
) -> Option<String> {
    let value = field(record, idx);
    if value.is_none() {
        issues.push(ImportIssue::new(
            file,
            line,
            "import-error-missing-value",
            column,
        ));
    }
    value
}

/// Generic row loop: decoding, header, per-record errors, field-count checks.
fn parse<T>(
    file: ImportFile,
    bytes: &[u8],
    wanted: &[(&str, &[&str])],
    required: &[&str],
    mut row: impl FnMut(u64, &csv::StringRecord, &[Option<usize>], &mut Vec<ImportIssue>) -> Option<T>,
) -> Parsed<T> {
    let mut out = Parsed::default();
    let text = match decode(file, bytes) {
        Ok(t) => t,
        Err(e) => {
            out.issues.push(e);
            out.fatal = true;
            return out;
        }
    };
    let mut rdr = reader(text);
    let header = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(_) => {
            out.issues.push(ImportIssue::new(
                file,
                1,
                "import-error-header",
                String::new(),
            ));
            out.fatal = true;
            return out;
        }
    };
    let cols = match columns(file, &header, wanted, required) {
        Ok(c) => c,
        Err(issues) => {
            out.issues = issues;
            out.fatal = true;
            return out;
        }
    };
    for result in rdr.records() {
        match result {
            Ok(record) => {
                let line = record.position().map(|p| p.line()).unwrap_or(0);
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                if let Some(key) = field(&record, cols[0]) {
                    out.keys.push((line, key));
                }
                if record.len() != header.len() {
                    out.issues.push(ImportIssue::new(
                        file,
                        line,
                        "import-error-field-count",
                        format!("{}/{}", record.len(), header.len()),
                    ));
                    continue;
                }
                if let Some(r) = row(line, &record, &cols, &mut out.issues) {
                    out.rows.push(r);
                }
            }
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                out.issues.push(ImportIssue::new(
                    file,
                    line,
                    "import-error-unreadable-row",
                    String::new(),
                ));
            }
        }
    }
    out
}

pub fn units(bytes: &[u8]) -> Parsed<UnitRow> {
    let f = ImportFile::Units;
    parse(
        f,
        bytes,
        UNIT_COLUMNS,
        &["code", "name", "parent_code"],
        |line, rec, cols, issues| {
            let code = required(rec, cols[0], "code", f, line, issues)?;
            let name = required(rec, cols[1], "name", f, line, issues)?;
            let kind = field(rec, cols[3]).map(|k| k.to_lowercase());
            if let Some(k) = &kind {
                if !["organisation", "enterprise", "department", "team"].contains(&k.as_str()) {
                    issues.push(ImportIssue::new(f, line, "import-error-kind", k.clone()));
                    return None;
                }
            }
            if code.chars().count() > 64 || name.chars().count() > 200 {
                issues.push(ImportIssue::new(
                    f,
                    line,
                    "import-error-too-long",
                    code.clone(),
                ));
                return None;
            }
            Some(UnitRow {
                line,
                code,
                name,
                parent_code: field(rec, cols[2]),
                kind,
            })
        },
    )
}

pub fn people(bytes: &[u8]) -> Parsed<PersonRow> {
    let f = ImportFile::People;
    parse(
        f,
        bytes,
        PEOPLE_COLUMNS,
        &["employee_no", "name", "unit_code"],
        |line, rec, cols, issues| {
            let employee_no = required(rec, cols[0], "employee_no", f, line, issues)?;
            let name = required(rec, cols[1], "name", f, line, issues)?;
            let unit_code = required(rec, cols[3], "unit_code", f, line, issues)?;
            let email = match field(rec, cols[2]) {
                None => None,
                Some(raw) => match crate::services::accounts::normalise_email(&raw) {
                    Some(e) => Some(e),
                    None => {
                        issues.push(ImportIssue::new(f, line, "import-error-email", raw));
                        return None;
                    }
                },
            };
            let lang = match field(rec, cols[4]) {
                None => None,
                Some(raw) => match crate::i18n::Lang::parse(&raw) {
                    Some(l) => Some(l.code().to_owned()),
                    None => {
                        issues.push(ImportIssue::new(f, line, "import-error-language", raw));
                        return None;
                    }
                },
            };
            if employee_no.chars().count() > 64 || name.chars().count() > 200 {
                issues.push(ImportIssue::new(
                    f,
                    line,
                    "import-error-too-long",
                    employee_no.clone(),
                ));
                return None;
            }
            let leader_of = field(rec, cols[5])
                .map(|s| {
                    s.split([';', '|'])
                        .map(str::trim)
                        .filter(|c| !c.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            Some(PersonRow {
                line,
                employee_no,
                name,
                email,
                unit_code,
                lang,
                leader_of,
            })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_a_bom_and_danish_headers_are_understood() {
        let csv = "\u{feff}Medarbejdernummer;Navn;E-mail;Enhedskode;Sprog\nE1;Anne Jensen;;MED-M1;da\nE2;Bo Berg;bo@x.dk;MED-M1;sv-SE\n";
        let p = people(csv.as_bytes());
        assert!(p.issues.is_empty(), "{:?}", p.issues);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[0].email, None);
        assert_eq!(p.rows[1].lang.as_deref(), Some("sv"));
        assert_eq!(p.rows[1].line, 3);
    }

    #[test]
    fn a_file_that_is_not_utf8_is_refused_with_the_line() {
        let mut bytes = b"employee_no,name,unit_code\nE1,Anne,T1\nE2,S".to_vec();
        bytes.push(0xF8); // 'ø' in Windows-1252
        bytes.extend_from_slice(b"ren,T1\n");
        let p = people(&bytes);
        assert!(p.fatal);
        assert_eq!(p.issues[0].key, "import-error-encoding");
        assert_eq!(p.issues[0].line, 3);
    }

    #[test]
    fn missing_columns_are_named() {
        let p = people(b"employee_no,name\nE1,Anne\n");
        assert!(p.fatal);
        assert_eq!(p.issues[0].key, "import-error-missing-column");
        assert_eq!(p.issues[0].detail, "unit_code");
    }

    #[test]
    fn bad_rows_are_reported_with_their_line_and_the_rest_is_read() {
        let csv = "employee_no,name,email,unit_code,language\nE1,Anne,not-an-email,T1,da\nE2,Bo,,T1,fr\nE3,,,T1,\nE4,Eva,,T1\nE5,Finn,,T1,en\n";
        let p = people(csv.as_bytes());
        let got: Vec<(u64, &str)> = p.issues.iter().map(|i| (i.line, i.key.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (2, "import-error-email"),
                (3, "import-error-language"),
                (4, "import-error-missing-value"),
                (5, "import-error-field-count"),
            ]
        );
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rows[0].employee_no, "E5");
    }

    #[test]
    fn units_and_leader_columns_parse() {
        let u = units(b"code,name,parent_code,kind\nREG,Region,,organisation\nH,Hospital,REG,\n");
        assert!(u.issues.is_empty());
        assert_eq!(u.rows[1].parent_code.as_deref(), Some("REG"));
        let p = people(b"employee_no,name,unit_code,leader_of\nE1,Anne,T1,T1;T2\n");
        assert_eq!(p.rows[0].leader_of, vec!["T1".to_owned(), "T2".to_owned()]);
    }
}
