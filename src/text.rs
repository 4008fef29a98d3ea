//! Small text helpers shared by the stages: accent folding for comparisons, white-space
//! collapsing for values, and French-aware casing of names written in capitals.

/// The largest char boundary of `s` at or before byte `i` (clamped to its length), so
/// that a window computed in bytes can be sliced safely.
pub fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Lower case without accents: the form names and labels are compared in.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        // Most letters are ASCII: lower-cased in place, without Unicode's tables (fold
        // and `to_lowercase` were 2.7 % of a check run's samples).
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for l in c.to_lowercase() {
            match l {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => out.push('a'),
                'ç' => out.push('c'),
                'è' | 'é' | 'ê' | 'ë' => out.push('e'),
                'ì' | 'í' | 'î' | 'ï' => out.push('i'),
                'ñ' => out.push('n'),
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' => out.push('o'),
                'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
                'ý' | 'ÿ' => out.push('y'),
                'œ' => out.push_str("oe"),
                'æ' => out.push_str("ae"),
                l => out.push(l),
            }
        }
    }
    out
}

/// Runs of white space (line breaks included) become one space; ends are trimmed.
pub fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when every letter of `s` is upper case and it has at least two letters.
pub fn is_upper_word(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// Words that stay in lower case inside a French place name (« Saint-Martin-des-Prés »).
const PARTICLES: &[&str] =
    &["de", "du", "des", "la", "le", "les", "sur", "sous", "en", "et", "lès", "lez", "aux", "au", "d", "l", "à"];

/// « PAS-DE-CALAIS » → « Pas-de-Calais », « NORD-PAS-DE-CALAIS NUMÉRIQUE » →
/// « Nord-Pas-de-Calais Numérique ». Text that is not all capitals is returned as is:
/// the document's own casing wins.
pub fn place_case(s: &str) -> String {
    if !is_upper_word(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    let mut first = true;
    let flush = |word: &mut String, out: &mut String, first: &mut bool| {
        if word.is_empty() {
            return;
        }
        let lower = word.to_lowercase();
        if !*first && PARTICLES.contains(&lower.as_str()) {
            out.push_str(&lower);
        } else {
            let mut chars = lower.chars();
            if let Some(c) = chars.next() {
                out.extend(c.to_uppercase());
                out.push_str(chars.as_str());
            }
        }
        *first = false;
        word.clear();
    };
    for c in s.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out, &mut first);
            out.push(c);
        }
    }
    flush(&mut word, &mut out, &mut first);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// ASCII's fast path lower-cases as Unicode does.
        #[test]
        fn folding_ascii_in_place_is_unicode_lower_casing(s in "[ -~]{0,40}") {
            let unicode: String = s.chars().flat_map(char::to_lowercase).collect();
            proptest::prop_assert_eq!(fold(&s), unicode);
        }
    }

    #[test]
    fn folding_and_casing() {
        assert_eq!(fold("Élève ŒUVRE Maïté"), "eleve oeuvre maite");
        assert_eq!(place_case("PAS-DE-CALAIS"), "Pas-de-Calais");
        assert_eq!(place_case("NORD-PAS-DE-CALAIS NUMÉRIQUE"), "Nord-Pas-de-Calais Numérique");
        assert_eq!(place_case("L'ISLE-SUR-LA-SORGUE"), "L'Isle-sur-la-Sorgue");
        assert_eq!(place_case("Gruson"), "Gruson");
        assert_eq!(collapse_spaces(" a \n b\t c "), "a b c");
    }
}
