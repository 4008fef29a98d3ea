//! Query strings in and out: reading `?q=…&member=…` (any bytes, decoded leniently) and
//! writing the links that carry a whole query, so that a search can be shared.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// The parameters of a query string, in order; repeated names keep their first value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(query: &str) -> Params {
        Params(form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
    }

    /// The value of `name`, trimmed; `None` when absent or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }
}

/// A path segment as the client encoded it, decoded (invalid UTF-8 replaced).
pub fn decode_segment(segment: &str) -> String {
    percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

/// What stays readable in a path segment: letters and digits, and `-`, `_`, `.`.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.');

pub fn encode_segment(segment: &str) -> Cow<'_, str> {
    utf8_percent_encode(segment, SEGMENT).into()
}

/// `path?name=value&…` for the non-empty pairs (not yet HTML-escaped).
pub fn url(path: &str, pairs: &[(&str, String)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        query.append_pair(name, value);
    }
    let query = query.finish();
    if query.is_empty() { path.to_string() } else { format!("{path}?{query}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_decoded_and_blank_ones_ignored() {
        let p = Params::parse("q=adh%C3%A9sion+groupement&member=&rule=V1&rule=Q1&bad=%FF");
        assert_eq!(p.get("q"), Some("adhésion groupement"));
        assert_eq!(p.get("member"), None);
        assert_eq!(p.get("rule"), Some("V1"));
        assert_eq!(p.get("bad"), Some("\u{FFFD}"));
        assert_eq!(p.get("missing"), None);
    }

    #[test]
    fn links_round_trip() {
        let link = url("/", &[("q", "« l'école » & co".to_string()), ("page", String::new())]);
        assert_eq!(Params::parse(link.split_once('?').unwrap().1).get("q"), Some("« l'école » & co"));
        assert_eq!(url("/member", &[]), "/member");
        assert_eq!(encode_segment("a#b/../c"), "a%23b%2F..%2Fc");
        assert_eq!(decode_segment("a%23b%2F..%2Fc"), "a#b/../c");
    }
}
