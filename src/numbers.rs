//! French numbers, in digits or in words (« quatorze », « deux mille vingt-deux »,
//! « mil neuf cent quatre-vingt-dix-neuf »). Words are read by the `text2num` crate,
//! which knows the French grammar of numbers (« et un », « quatre-vingts », « mil »);
//! this module only finds where a number starts and ends and cleans it for that crate.

use std::sync::LazyLock;

use text2num::{Language, text2digits};

/// Every word that can be part of a French cardinal number up to the millions, plus
/// « premier » (the first day of a month) and « une ».
pub const NUMBER_WORDS: &[&str] = &[
    "zéro",
    "zero",
    "un",
    "une",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "vingt",
    "vingts",
    "trente",
    "quarante",
    "cinquante",
    "soixante",
    "septante",
    "huitante",
    "nonante",
    "cent",
    "cents",
    "mille",
    "mil",
    "premier",
    "première",
];

static FRENCH: LazyLock<Language> = LazyLock::new(Language::french);

/// A regular-expression fragment (no capture groups) matching a run of number words
/// joined by spaces or hyphens, such as « deux-mille-vingt-trois » or « vingt et un ».
/// The patterns files reach it as `$number_words`.
pub fn number_words_regex() -> String {
    let mut words: Vec<&str> = NUMBER_WORDS.to_vec();
    // Longest first, so that « vingts » is not read as « vingt » followed by junk.
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let alt = words.join("|");
    // At most 12 words after the first: « neuf cent quatre-vingt-dix-neuf mille neuf cent
    // quatre-vingt-dix-neuf » has 13. A bounded count also bounds a match's length, which
    // lets the rules that use it run in windows (src/windows.rs).
    format!(r"(?:\b(?:{alt})(?:(?:[\s-]+|[\s-]+et[\s-]+)(?:{alt})){{0,12}}\b)")
}

pub fn is_number_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    NUMBER_WORDS.contains(&lower.as_str())
}

/// The value of a number written in digits (« 00 », « 15 ») or in French words.
/// `None` when the text is not one number.
pub fn parse_number(text: &str) -> Option<u32> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse().ok();
    }
    let lower = t.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty()).collect();
    if words.is_empty() || words.iter().any(|w| *w != "et" && !NUMBER_WORDS.contains(w)) {
        return None;
    }
    match words.as_slice() {
        ["premier"] | ["première"] => return Some(1),
        ["une"] => return Some(1),
        _ => {}
    }
    let cleaned = words.join(" ").replace("zéro", "zero");
    let digits = text2digits(&cleaned, &*FRENCH).ok()?;
    let digits = digits.trim_end_matches("er").trim_end_matches("re");
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_and_words() {
        let cases = [
            ("00", 0),
            ("15", 15),
            ("quatorze", 14),
            ("une", 1),
            ("premier", 1),
            ("dix-neuf", 19),
            ("vingt et un", 21),
            ("quatre-vingt-dix-neuf", 99),
            ("deux mille vingt-deux", 2022),
            ("deux-mille-vingt-trois", 2023),
            ("deux mil quatorze", 2014),
            ("mil neuf cent quatre-vingt-dix-neuf", 1999),
            ("Deux Mille Dix-Huit", 2018),
        ];
        for (text, want) in cases {
            assert_eq!(parse_number(text), Some(want), "{text}");
        }
    }

    #[test]
    fn non_numbers_are_refused() {
        for text in ["", "dix chats", "et", "vingt-deux heures", "12a"] {
            assert_eq!(parse_number(text), None, "{text}");
        }
    }

    #[test]
    fn the_regex_finds_whole_runs() {
        let re = regex::Regex::new(&format!("(?i){}", number_words_regex())).unwrap();
        let m = re.find("le vingt-huit novembre deux mille dix-huit, le comité").unwrap();
        assert_eq!(m.as_str(), "vingt-huit");
        let all: Vec<&str> =
            re.find_iter("novembre deux mille dix-huit, à vingt et une heures").map(|m| m.as_str()).collect();
        assert_eq!(all, ["deux mille dix-huit", "vingt et une"]);
    }
}
