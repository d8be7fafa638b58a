//! The question bank's shape: scales, dimensions and items, each text in
//! Danish, Swedish and English.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// A text in the three languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub da: String,
    pub sv: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Da => &self.da,
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }
}

/// Labels of a scale's points, low to high, per language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels {
    pub da: Vec<String>,
    pub sv: Vec<String>,
    pub en: Vec<String>,
}

impl Labels {
    pub fn get(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Da => &self.da,
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scale {
    pub id: String,
    /// Number of answer points (5 for agreement, 11 for 0–10).
    pub points: u8,
    /// Whether "don't know / prefer not to say" is offered.
    pub dont_know: bool,
    pub labels: Labels,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub scale: String,
    /// True when agreeing (or "often") is the bad end: the score is flipped.
    pub reverse: bool,
    pub text: Text,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dimension {
    pub id: String,
    pub name: Text,
    pub description: Text,
    /// Exposure to offensive behaviour: shown only above the sensitive threshold.
    pub sensitive: bool,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bank {
    pub version: u32,
    pub scales: Vec<Scale>,
    pub dimensions: Vec<Dimension>,
}

impl Bank {
    pub fn scale(&self, id: &str) -> Option<&Scale> {
        self.scales.iter().find(|s| s.id == id)
    }

    pub fn item(&self, id: &str) -> Option<(&Dimension, &Item)> {
        self.dimensions
            .iter()
            .find_map(|d| d.items.iter().find(|i| i.id == id).map(|i| (d, i)))
    }
}
