//! Languages. Every user-visible string comes from the Fluent files in
//! `app/locales/<lang>/main.ftl`; this module picks the language for a request
//! and looks strings up. The same files are compiled into the server and the
//! wasm bundle, so both sides render the same words.

use fluent_templates::{fluent_bundle::FluentValue, static_loader, Loader};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::{
    borrow::Cow,
    collections::HashMap,
    sync::{LazyLock, RwLock},
};
use unic_langid::{langid, LanguageIdentifier};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Unicode isolation marks around arguments confuse screen readers and tests.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The messages without arguments looked up so far, per language (indexed
/// by `Lang as usize`); see [`Lang::t`].
static MESSAGES: LazyLock<[RwLock<HashMap<String, String>>; Lang::ALL.len()]> =
    LazyLock::new(Default::default);

/// Name of the cookie that remembers an explicit language choice.
pub const LANG_COOKIE: &str = "trivsel_lang";

/// The `Set-Cookie` value that keeps the language chosen for a year.
pub fn lang_cookie(lang: Lang) -> String {
    format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    )
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    Da,
    Sv,
    #[default]
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Da, Lang::Sv, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// Accepts `da`, `da-DK`, `sv_SE`, `EN` …; anything else is not ours.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "da" => Some(Lang::Da),
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The best of our languages for an `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, usize, Lang)> = None;
        for (pos, part) in header.split(',').enumerate() {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("");
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q <= 0.0 {
                continue;
            }
            if let Some(lang) = Lang::parse(tag) {
                // Higher q wins; on a tie the earlier entry wins.
                let better = match best {
                    None => true,
                    Some((bq, _, _)) => q > bq,
                };
                if better {
                    best = Some((q, pos, lang));
                }
            }
        }
        best.map(|(_, _, l)| l)
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::Da => langid!("da"),
            Lang::Sv => langid!("sv"),
            Lang::En => langid!("en"),
        }
    }

    /// Looks up a message in this language.
    ///
    /// A message without arguments reads the same every time, so each is
    /// looked up in Fluent once per language and then copied from
    /// [`MESSAGES`]: the answering page alone takes some forty, and
    /// Fluent's lookups (negotiating the language, finding the bundle, then
    /// the message) were 5.6 % of its server time (perf, `bench-page`).
    pub fn t(self, key: &str) -> String {
        let messages = &MESSAGES[self as usize];
        if let Some(m) = messages.read().ok().and_then(|m| m.get(key).cloned()) {
            return m;
        }
        match LOCALES.try_lookup(&self.langid(), key) {
            // Only messages that exist are kept, so the table is never larger
            // than the .ftl files, whatever keys a request makes a page ask
            // for.
            Some(m) => {
                if let Ok(mut kept) = messages.write() {
                    kept.insert(key.to_owned(), m.clone());
                }
                m
            }
            None => LOCALES.lookup(&self.langid(), key),
        }
    }

    /// Looks up a message with named arguments (`{ $name }` in the .ftl file).
    pub fn t_args(self, key: &str, args: &[(&'static str, TArg)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'static>> = args
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    TArg::Str(s) => FluentValue::from(s.clone()),
                    TArg::Num(n) => FluentValue::from(*n),
                };
                (Cow::Borrowed(*k), value)
            })
            .collect();
        LOCALES.lookup_with_args(&self.langid(), key, &map)
    }

    /// A number with `digits` decimals, written as the language writes it
    /// ("8,9" in Danish and Swedish, "8.9" in English).
    pub fn decimal(self, value: f64, digits: usize) -> String {
        let s = format!("{value:.digits$}");
        let s = if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
            s[1..].to_owned() // "-0.0" reads as a change; it is none
        } else {
            s
        };
        match self {
            Lang::Da | Lang::Sv => s.replace('.', ","),
            Lang::En => s,
        }
    }

    /// A signed change ("+3", "−2,5", "0"), with a real minus sign.
    pub fn change(self, value: f64, digits: usize) -> String {
        let magnitude = self.decimal(value.abs(), digits);
        let nothing = magnitude.chars().all(|c| matches!(c, '0' | '.' | ','));
        if nothing {
            magnitude
        } else if value < 0.0 {
            format!("\u{2212}{magnitude}")
        } else {
            format!("+{magnitude}")
        }
    }

    /// A percentage as the language writes it ("8,9 %" in Danish and
    /// Swedish, "8.9%" in English).
    pub fn percent(self, value: f64, digits: usize) -> String {
        self.t_args(
            "number-percent",
            &[("n", self.decimal(value, digits).into())],
        )
    }

    /// An ISO date (`2026-03-14`) as the language writes it in running text
    /// ("14. marts 2026", "14 mars 2026", "14 March 2026"). Anything that is
    /// not a date is returned as it was.
    pub fn date(self, iso: &str) -> String {
        let mut parts = iso.get(..10).unwrap_or("").splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return iso.to_owned();
        };
        match (y.parse::<i64>(), m.parse::<i64>(), d.parse::<i64>()) {
            (Ok(year), Ok(month @ 1..=12), Ok(day @ 1..=31)) if y.len() == 4 => self.t_args(
                "date-long",
                &[
                    ("day", day.into()),
                    ("month", self.t(&format!("month-{month}")).into()),
                    ("year", year.into()),
                ],
            ),
            _ => iso.to_owned(),
        }
    }
}

/// An argument to a translated message.
#[derive(Clone, Debug)]
pub enum TArg {
    Str(String),
    Num(i64),
}

impl From<&str> for TArg {
    fn from(s: &str) -> Self {
        TArg::Str(s.to_owned())
    }
}
impl From<String> for TArg {
    fn from(s: String) -> Self {
        TArg::Str(s)
    }
}
impl From<i64> for TArg {
    fn from(n: i64) -> Self {
        TArg::Num(n)
    }
}

/// The language of the page being rendered.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// Shorthand for components: the message `key` in the page's language.
pub fn t(key: &str) -> String {
    use_lang().t(key)
}

/// Decides the language of a request: an explicit choice (cookie) first, then
/// the browser's preference, then English.
pub fn negotiate(cookie_header: Option<&str>, accept_language: Option<&str>) -> Lang {
    cookie_header
        .and_then(|c| cookie_value(c, LANG_COOKIE))
        .and_then(Lang::parse)
        .or_else(|| accept_language.and_then(Lang::from_accept_language))
        .unwrap_or_default()
}

/// Reads one cookie from a `Cookie` header.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then_some(v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_the_highest_q_value() {
        assert_eq!(
            Lang::from_accept_language("de-DE,sv;q=0.8,da;q=0.9"),
            Some(Lang::Da)
        );
        assert_eq!(
            Lang::from_accept_language("sv-SE,sv;q=0.9,en;q=0.5"),
            Some(Lang::Sv)
        );
        assert_eq!(Lang::from_accept_language("de, fr;q=0.5"), None);
        assert_eq!(Lang::from_accept_language("da;q=0, en"), Some(Lang::En));
    }

    #[test]
    fn an_explicit_cookie_beats_the_browser_preference() {
        assert_eq!(
            negotiate(Some("a=b; trivsel_lang=sv"), Some("da")),
            Lang::Sv
        );
        assert_eq!(negotiate(Some("trivsel_lang=xx"), Some("da")), Lang::Da);
        assert_eq!(negotiate(None, None), Lang::En);
    }

    #[test]
    fn every_key_exists_in_every_language() {
        // A key missing in one language would silently fall back to English.
        let files: Vec<(Lang, &str)> = vec![
            (Lang::En, include_str!("../locales/en/main.ftl")),
            (Lang::Da, include_str!("../locales/da/main.ftl")),
            (Lang::Sv, include_str!("../locales/sv/main.ftl")),
        ];
        let keys = |src: &str| -> std::collections::BTreeSet<String> {
            src.lines()
                .filter(|l| !l.starts_with(' ') && !l.starts_with('#') && l.contains(" ="))
                .filter_map(|l| l.split(" =").next().map(|k| k.trim().to_owned()))
                .collect()
        };
        let en = keys(files[0].1);
        assert!(en.len() > 20, "the English file has too few keys");
        for (lang, src) in &files[1..] {
            let other = keys(src);
            let missing: Vec<_> = en.difference(&other).collect();
            let extra: Vec<_> = other.difference(&en).collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
            assert!(extra.is_empty(), "{lang:?} has unknown keys {extra:?}");
        }
    }

    /// A page may be asked for a key from a request (`/a/problem/<key>`):
    /// unknown keys are answered but never kept, so requests cannot grow
    /// the table of messages.
    #[test]
    fn only_messages_that_exist_are_kept() {
        let kept = |lang: Lang, key: &str| {
            MESSAGES[lang as usize]
                .read()
                .map(|m| m.contains_key(key))
                .unwrap_or(false)
        };
        let first = Lang::Da.t("nav-login");
        assert_eq!(Lang::Da.t("nav-login"), first);
        assert!(kept(Lang::Da, "nav-login"));
        let unknown = "no-such-message-from-a-request";
        assert!(!Lang::En.t(unknown).is_empty());
        assert!(!kept(Lang::En, unknown));
    }

    #[test]
    fn lookups_differ_between_languages() {
        assert_ne!(Lang::Da.t("nav-login"), Lang::En.t("nav-login"));
        assert_ne!(Lang::Sv.t("nav-login"), Lang::En.t("nav-login"));
    }

    #[test]
    fn numbers_and_dates_are_written_as_each_language_writes_them() {
        assert_eq!(Lang::Da.decimal(8.94, 1), "8,9");
        assert_eq!(Lang::Sv.decimal(8.94, 1), "8,9");
        assert_eq!(Lang::En.decimal(8.94, 1), "8.9");
        assert_eq!(Lang::Da.decimal(-0.04, 1), "0,0");
        assert_eq!(Lang::Da.percent(8.94, 1), "8,9\u{a0}%");
        assert_eq!(Lang::Sv.percent(8.94, 1), "8,9\u{a0}%");
        assert_eq!(Lang::En.percent(8.94, 1), "8.9%");
        assert_eq!(Lang::Da.change(-2.5, 1), "\u{2212}2,5");
        assert_eq!(Lang::En.change(3.0, 0), "+3");
        assert_eq!(Lang::En.change(-0.2, 0), "0");
        assert_eq!(Lang::Da.date("2026-03-14"), "14. marts 2026");
        assert_eq!(Lang::Sv.date("2026-03-14"), "14 mars 2026");
        assert_eq!(Lang::En.date("2026-03-14"), "14 March 2026");
        assert_eq!(Lang::En.date("soon"), "soon");
    }
}
