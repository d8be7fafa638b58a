//! Scoring (a fact carried over from survey practice, written here for
//! Trivsel): every answer is mapped onto 0–100 with high meaning a good working
//! environment (reverse-scored items flipped), "don't know" is left out, and a
//! dimension's score for a respondent is the mean of the items they answered.
//! Shares are counted per answer: favourable, neutral or unfavourable by the
//! bands of the item's scale.

use serde::{Deserialize, Serialize};

/// An answer's position on its scale: 0 = the first (lowest) label.
pub type Point = u8;

/// The 0–100 score of one answer, or None when the point is off the scale.
pub fn item_score(points: u8, value: Point, reverse: bool) -> Option<f64> {
    if points < 2 || value >= points {
        return None;
    }
    let raw = f64::from(value) * 100.0 / f64::from(points - 1);
    Some(if reverse { 100.0 - raw } else { raw })
}

/// Mean of the answered items' scores; None when nothing was answered.
pub fn dimension_score(item_scores: &[f64]) -> Option<f64> {
    if item_scores.is_empty() {
        None
    } else {
        Some(item_scores.iter().sum::<f64>() / item_scores.len() as f64)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Band {
    Favourable,
    Neutral,
    Unfavourable,
}

/// The band of one scored answer on a scale. Exposure counts as favourable
/// only for "never": a few episodes of harassment are not a good result.
pub fn band(scale_id: &str, score: f64) -> Band {
    let (favourable_from, unfavourable_to) = match scale_id {
        "exposure5" => (100.0, 50.0),
        "zero10" => (70.0, 30.0),
        _ => (75.0, 25.0),
    };
    if score >= favourable_from - 1e-9 {
        Band::Favourable
    } else if score <= unfavourable_to + 1e-9 {
        Band::Unfavourable
    } else {
        Band::Neutral
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_map_onto_0_to_100_and_reverse_items_flip() {
        assert_eq!(item_score(5, 0, false), Some(0.0));
        assert_eq!(item_score(5, 4, false), Some(100.0));
        assert_eq!(item_score(5, 3, false), Some(75.0));
        assert_eq!(item_score(5, 3, true), Some(25.0));
        assert_eq!(item_score(11, 7, false), Some(70.0));
        assert_eq!(item_score(5, 5, false), None, "off the scale");
        assert_eq!(item_score(1, 0, false), None);
    }

    #[test]
    fn a_dimension_score_is_the_mean_of_answered_items() {
        assert_eq!(dimension_score(&[100.0, 50.0, 75.0]), Some(75.0));
        assert_eq!(dimension_score(&[]), None);
    }

    #[test]
    fn bands_follow_the_scale() {
        assert_eq!(band("agree5", 75.0), Band::Favourable);
        assert_eq!(band("agree5", 50.0), Band::Neutral);
        assert_eq!(band("agree5", 25.0), Band::Unfavourable);
        assert_eq!(band("zero10", 60.0), Band::Neutral);
        assert_eq!(band("zero10", 30.0), Band::Unfavourable);
        assert_eq!(band("exposure5", 100.0), Band::Favourable);
        assert_eq!(
            band("exposure5", 75.0),
            Band::Neutral,
            "a few times is not favourable"
        );
        assert_eq!(band("exposure5", 50.0), Band::Unfavourable);
    }
}
