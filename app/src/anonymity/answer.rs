//! A stored answer, the one shape of what a person answered: the points
//! given per item (or "don't know"), and a comment. Nothing else — no
//! person, code, unit or time (A1); the filing unit and round are columns
//! beside it. Written by the answering form's check, sealed in the inbox,
//! moved to `answers`, summed by [`tally`](super::tally) and read for
//! [`comments`](super::comments); as JSON `{"a": {item: point | "dk"}, "c": text}`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredAnswer {
    /// Item id → what was given; unanswered items are absent.
    #[serde(rename = "a", default)]
    pub items: BTreeMap<String, Given>,
    /// The comment, when one was written (never empty).
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// One item's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Given {
    /// The scale point chosen (0-based).
    Point(u8),
    /// "Don't know", where the item offers it.
    DontKnow(DontKnowMark),
}

/// Written as the string `"dk"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DontKnowMark {
    #[serde(rename = "dk")]
    Dk,
}

impl Given {
    pub const DONT_KNOW: Given = Given::DontKnow(DontKnowMark::Dk);
}

impl StoredAnswer {
    pub fn to_json(&self) -> String {
        // Serialising a map of strings and small numbers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// None for a payload that is not a stored answer.
    pub fn parse(json: &str) -> Option<StoredAnswer> {
        serde_json::from_str(json).ok()
    }

    /// The comment, when it has any text.
    pub fn comment_text(&self) -> Option<&str> {
        self.comment
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_shape_reads_and_writes_as_before() {
        let json = r#"{"a":{"ps-2":0,"wb-1":10,"wb-2":"dk"},"c":"fine"}"#;
        let a = StoredAnswer::parse(json).expect("parses");
        assert_eq!(a.items["wb-1"], Given::Point(10));
        assert_eq!(a.items["wb-2"], Given::DONT_KNOW);
        assert_eq!(a.comment_text(), Some("fine"));
        assert_eq!(a.to_json(), json, "byte for byte, keys in order");
        let no_comment = StoredAnswer::parse(r#"{"a":{"x":1}}"#).expect("parses");
        assert_eq!(no_comment.comment, None);
        assert_eq!(no_comment.to_json(), r#"{"a":{"x":1}}"#);
        assert_eq!(StoredAnswer::parse("not json"), None);
        assert_eq!(StoredAnswer::parse(r#"{"a":{"x":"yes"}}"#), None);
    }
}
