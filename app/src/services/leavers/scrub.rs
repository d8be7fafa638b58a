//! Finding and replacing a person's traces in text Trivsel wrote itself: the
//! audit log's lines ("Name <address>", "employee 1234"), an import's
//! summary ("Name (1234)"), a session's one-time message. A trace is
//! replaced only where it stands as a whole token, so erasing employee
//! "E1" leaves "E10" alone, and "anne@x.dk" leaves "joanne@x.dk" alone.

use serde_json::Value;

/// Characters that continue a token: a match next to one of these is part of
/// a longer name, number or address, not the one being erased.
fn joins(c: char) -> bool {
    c.is_alphanumeric() || "_-.@+".contains(c)
}

/// The byte offsets where `needle` stands as a whole token in `hay`.
fn token_at(hay: &str, needle: &str) -> Vec<usize> {
    if needle.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(pos) = hay[from..].find(needle).map(|p| p + from) {
        let end = pos + needle.len();
        let before = hay[..pos].chars().next_back();
        let after = hay[end..].chars().next();
        if !before.is_some_and(joins) && !after.is_some_and(joins) {
            found.push(pos);
            from = end;
        } else {
            // Step one character on (never into the middle of one).
            from = pos + hay[pos..].chars().next().map_or(1, char::len_utf8);
        }
    }
    found
}

/// Whether `needle` stands in `hay` as a whole token.
pub fn has_token(hay: &str, needle: &str) -> bool {
    !token_at(hay, needle).is_empty()
}

/// `hay` with every whole-token occurrence of each needle replaced by `with`.
pub fn replace_tokens(hay: &str, needles: &[&str], with: &str) -> String {
    let mut out = hay.to_owned();
    for needle in needles {
        let hits = token_at(&out, needle);
        // Replaced from the end, so earlier offsets stay valid.
        for pos in hits.into_iter().rev() {
            out.replace_range(pos..pos + needle.len(), with);
        }
    }
    out
}

/// An import summary's strings with the person's traces replaced. The
/// summary names a person as "Name (1234)" (new, moved, updated, left,
/// returning) or "1234 → UNIT" (leader roles): a string with their number
/// and their name, or starting with their number and an arrow, is about
/// them. Elsewhere only their addresses are replaced: a bare name may be a
/// namesake's, a bare number a unit code.
pub fn summary(json: &mut Value, employee_no: &str, names: &[&str], emails: &[&str], with: &str) {
    match json {
        Value::String(s) => {
            let mut t = replace_tokens(s, emails, with);
            let about = has_token(&t, employee_no)
                && (names.iter().any(|n| has_token(&t, n))
                    || t.starts_with(&format!("{employee_no} → ")));
            if about {
                t = replace_tokens(&t, &[employee_no], with);
                t = replace_tokens(&t, names, with);
            }
            *s = t;
        }
        Value::Array(items) => {
            for v in items {
                summary(v, employee_no, names, emails, with);
            }
        }
        Value::Object(map) => {
            for v in map.values_mut() {
                summary(v, employee_no, names, emails, with);
            }
        }
        _ => {}
    }
}

/// A `LIKE` pattern that finds `text` anywhere (with `ESCAPE '\'`).
pub fn like_anywhere(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_tokens_are_replaced() {
        assert_eq!(
            replace_tokens("E1 (E10), E1-2, xE1, E1", &["E1"], "X"),
            "X (E10), E1-2, xE1, X"
        );
        assert_eq!(
            replace_tokens("Anne <anne@x.dk>, joanne@x.dk", &["anne@x.dk"], "X"),
            "Anne <X>, joanne@x.dk"
        );
        assert_eq!(
            replace_tokens("employee Ø-7 · Øster Åse", &["Ø-7", "Øster Åse"], "X"),
            "employee X · X"
        );
        assert!(!has_token("Annabel", "Anna"));
        assert!(has_token("to Anna (7)", "Anna"));
    }

    #[test]
    fn a_summary_loses_the_name_only_where_the_number_stands() {
        let mut v = serde_json::json!({
            "people_left": {"examples": ["Anne Holm (E1)", "Anne Holm (E2)"]},
            "leaders_added": {"examples": ["E1 → W1", "E2 → W1"]},
            "units_new": {"examples": ["Ward (E1)"]},
            "issues": [{"detail": "anne@x.dk"}]
        });
        summary(&mut v, "E1", &["Anne Holm"], &["anne@x.dk"], "X");
        assert_eq!(
            v,
            serde_json::json!({
                "people_left": {"examples": ["X (X)", "Anne Holm (E2)"]},
                "leaders_added": {"examples": ["X → W1", "E2 → W1"]},
                "units_new": {"examples": ["Ward (E1)"]},
                "issues": [{"detail": "X"}]
            })
        );
    }

    #[test]
    fn like_patterns_escape_their_wildcards() {
        assert_eq!(like_anywhere("a_b%c\\"), "%a\\_b\\%c\\\\%");
    }
}
