//! The question bank shipped with Trivsel (`bank.json`), parsed once and
//! checked by the tests below: every text in all three languages, every scale
//! complete, the sensitive dimension marked.

use super::types::Bank;
use std::sync::LazyLock;

static BANK: LazyLock<Result<Bank, String>> =
    LazyLock::new(|| serde_json::from_str(include_str!("bank.json")).map_err(|e| e.to_string()));

/// The shipped bank (the tests guarantee it parses).
pub fn shipped() -> Result<&'static Bank, &'static str> {
    BANK.as_ref().map_err(|e| e.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::scoring;
    use std::collections::HashSet;

    fn bank() -> &'static Bank {
        shipped().expect("bank.json parses")
    }

    #[test]
    fn every_text_exists_in_every_language() {
        for d in &bank().dimensions {
            for t in [&d.name, &d.description] {
                assert!(
                    !t.da.is_empty() && !t.sv.is_empty() && !t.en.is_empty(),
                    "{}",
                    d.id
                );
            }
            for i in &d.items {
                let t = &i.text;
                assert!(
                    !t.da.is_empty() && !t.sv.is_empty() && !t.en.is_empty(),
                    "{}",
                    i.id
                );
                assert!(t.da != t.en && t.sv != t.en, "{} is not translated", i.id);
                assert!(
                    t.en.chars().count() <= 120,
                    "{} is too long for a phone",
                    i.id
                );
            }
        }
    }

    #[test]
    fn every_scale_is_complete_and_every_item_uses_one() {
        let b = bank();
        for s in &b.scales {
            for labels in [&s.labels.da, &s.labels.sv, &s.labels.en] {
                assert_eq!(labels.len(), usize::from(s.points), "{}", s.id);
            }
        }
        let mut ids = HashSet::new();
        for d in &b.dimensions {
            assert!(
                (4..=6).contains(&d.items.len()),
                "{} has {} items",
                d.id,
                d.items.len()
            );
            for i in &d.items {
                assert!(ids.insert(i.id.clone()), "duplicate item id {}", i.id);
                let scale = b
                    .scale(&i.scale)
                    .unwrap_or_else(|| panic!("{}: unknown scale", i.id));
                // Both ends of every scale score within 0–100.
                assert!(scoring::item_score(scale.points, 0, i.reverse).is_some());
                assert!(scoring::item_score(scale.points, scale.points - 1, i.reverse).is_some());
            }
        }
    }

    #[test]
    fn the_dimensions_the_design_asks_for_are_there() {
        let ids: Vec<&str> = bank().dimensions.iter().map(|d| d.id.as_str()).collect();
        for want in [
            "wellbeing",
            "psychological-safety",
            "safety",
            "ergonomics",
            "workload",
            "influence",
            "leadership",
            "health-promoting",
            "exposure",
        ] {
            assert!(ids.contains(&want), "{want} missing");
        }
        for d in &bank().dimensions {
            assert_eq!(d.sensitive, d.id == "exposure", "{}: sensitive flag", d.id);
        }
        let reverse = |id: &str| {
            bank()
                .dimensions
                .iter()
                .find(|d| d.id == id)
                .map(|d| d.items.iter().filter(|i| i.reverse).count())
                .unwrap_or(0)
        };
        assert!(reverse("psychological-safety") >= 2);
        assert!(reverse("workload") >= 2);
    }
}
