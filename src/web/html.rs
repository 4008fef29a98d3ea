//! HTML pieces every page uses: escaping (every text that comes from a document goes
//! through [`escape`]), the page frame with its inline style, and the addresses of the
//! deliberation, member and source pages.

use super::params::{encode_segment, url};
use crate::messages::Lang;

/// `s` as HTML text or attribute value: `<`, `>`, `&` and both quotes escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The French or the English wording.
pub fn tr(lang: Lang, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// The address of a deliberation's page: `/deliberation/<record id>/<item>`, or
/// `/deliberation/<record id>` for a document in which no deliberation was found.
pub fn deliberation_url(key: &str) -> String {
    match key.split_once('#') {
        Some((id, item)) => format!("/deliberation/{}/{}", encode_segment(id), encode_segment(item)),
        None => format!("/deliberation/{}", encode_segment(key)),
    }
}

/// The address of a member's page, within their collectivity when it is known.
pub fn member_url(name: &str, collectivity: Option<&str>) -> String {
    url("/member", &[("name", name.to_string()), ("collectivity", collectivity.unwrap_or("").to_string())])
}

pub fn source_url(record_id: &str) -> String {
    format!("/source/{}", encode_segment(record_id))
}

/// `<a href="…">text</a>` with both escaped.
pub fn link(href: &str, text: &str) -> String {
    format!("<a href=\"{}\">{}</a>", escape(href), escape(text))
}

/// A member's status in the roll, in the user's language.
pub fn status_label(status: &str, lang: Lang) -> String {
    match (status, lang) {
        ("present", Lang::Fr) => "présent".into(),
        ("excused", Lang::Fr) => "excusé".into(),
        ("absent", _) => "absent".into(),
        (other, _) => other.into(),
    }
}

/// A snippet with its highlighted byte ranges in `<mark>`, all of it escaped. Ranges
/// that do not fall on character boundaries, or overlap, are left out rather than
/// trusted.
pub fn highlighted(text: &str, highlights: &[[usize; 2]]) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut at = 0;
    for &[start, end] in highlights {
        let valid = at <= start && start < end && end <= text.len();
        if !valid || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        out.push_str(&escape(&text[at..start]));
        out.push_str("<mark>");
        out.push_str(&escape(&text[start..end]));
        out.push_str("</mark>");
        at = end;
    }
    out.push_str(&escape(&text[at..]));
    out
}

/// A whole page: `title` and `body` (already HTML) in the frame every page shares.
pub fn frame(lang: Lang, title: &str, body: &str) -> String {
    let (lang_code, home) = match lang {
        Lang::Fr => ("fr", "Registre des délibérations"),
        Lang::En => ("en", "Deliberations register"),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} — registre</title><style>{STYLE}</style></head>\
         <body><header><a class=\"home\" href=\"/\">{home}</a></header><main>{body}</main></body></html>\n",
        title = escape(title),
    )
}

pub fn error_page(lang: Lang, message: &str) -> String {
    let title = tr(lang, "Erreur", "Error");
    let back = tr(lang, "Revenir à la recherche", "Back to the search");
    frame(lang, title, &format!("<h1>{title}</h1><p class=\"error\">{}</p><p>{}</p>", escape(message), link("/", back)))
}

const STYLE: &str = "
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d232a;background:#fafaf7}
header{background:#1f3a5f;padding:.5em 1em}header a.home{color:#fff;font-weight:600;text-decoration:none}
main{max-width:1150px;margin:0 auto;padding:1em}
a{color:#1f4f8f}h1{font-size:1.35em;margin:.3em 0}h2{font-size:1.1em;margin:1.2em 0 .4em;border-bottom:1px solid #ccd}
form.search{display:flex;flex-wrap:wrap;gap:.4em;align-items:end;background:#eef1f6;padding:.7em;border-radius:6px}
form.search label{display:flex;flex-direction:column;font-size:.8em;color:#445}
form.search input{font:inherit;padding:.25em .4em}form.search input[name=q]{width:24em}
form.search input.short{width:6em}button{font:inherit;padding:.3em 1em}
.layout{display:flex;gap:1.5em;margin-top:1em}.results{flex:1;min-width:0}aside.facets{width:17em;font-size:.9em}
aside.facets ul{list-style:none;padding:0;margin:0 0 1em}aside.facets li{margin:.15em 0}
ol.hits{list-style:none;padding:0}ol.hits li{margin:0 0 1.1em}.meta{color:#556;font-size:.85em}
.snippet{margin:.2em 0;color:#333}mark{background:#ffe58a;padding:0 1px}
.rules span,.badge{display:inline-block;font-size:.75em;border:1px solid #b55;color:#933;border-radius:3px;padding:0 .3em;margin-right:.2em}
.pages a,.pages strong{margin-right:.5em}.error{color:#a00;font-weight:600}
table{border-collapse:collapse;margin:.3em 0}td,th{border:1px solid #ccd;padding:.15em .5em;text-align:left;vertical-align:top}
th{background:#eef1f6}td.differs{background:#fdd;font-weight:600}
.columns{display:flex;flex-wrap:wrap;gap:2em}
pre.text{white-space:pre-wrap;background:#fff;border:1px solid #ccd;padding:1em;font:13px/1.5 ui-monospace,monospace}
mark.fact{background:#fff1b8}mark.finding{background:#ffd6d6;border-bottom:2px solid #c00}
mark.finding.sev-info{background:#e4ecff;border-bottom-color:#58c}
mark.finding.sev-warning{background:#ffe4c4;border-bottom-color:#d80}
.elided{color:#889;font-style:italic}.unresolved{color:#a55;font-style:italic}
ul.findings li{margin-bottom:.6em}.sev-error .badge{background:#c00;color:#fff}.statement{color:#445;font-size:.9em}
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_from_documents_is_text() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn highlights_are_marked_and_bad_ranges_ignored() {
        let text = "vote à l'unanimité <b>";
        assert_eq!(highlighted(text, &[[0, 4]]), "<mark>vote</mark> à l&#39;unanimité &lt;b&gt;");
        // « à » is two bytes: a range ending inside it is not trusted; overlaps neither.
        assert_eq!(highlighted("vote à", &[[5, 6], [0, 4], [2, 3]]), "<mark>vote</mark> à");
        assert_eq!(highlighted("abc", &[[0, 1], [0, 2], [2, 99]]), "<mark>a</mark>bc");
    }

    #[test]
    fn addresses_carry_ids_and_names_safely() {
        assert_eq!(deliberation_url("87bd0a96#0"), "/deliberation/87bd0a96/0");
        assert_eq!(deliberation_url("87bd0a96"), "/deliberation/87bd0a96");
        assert_eq!(member_url("Hélène HAVRET", None), "/member?name=H%C3%A9l%C3%A8ne+HAVRET");
    }
}
