//! The web interface of `registre serve`: a search page, a page per deliberation, a page
//! per member, and the same data as JSON under `/api/`. Everything here is a function
//! from a request (method and target) to a [`Response`], so that routes, escaping and
//! errors are tested without a socket; [`server`] only carries requests to [`App`].
//!
//! Safety rules every route keeps: each text that comes from a document is HTML-escaped
//! ([`html::escape`]); the only file ever read is one the index names as the source of a
//! record (`/source/<record id>`); a bad query string is a readable 400, an unknown id a
//! 404, and a panic in a handler is caught into a plain 500 ([`App::handle_safely`]).

pub mod deliberation;
pub mod highlight;
pub mod html;
pub mod member;
pub mod params;
pub mod search;
pub mod server;

use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::Serialize;

use crate::index::{IndexError, SearchIndex};
use crate::messages::Lang;
use html::tr;
use params::Params;

/// What a route answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    /// Headers beyond the content type and the security ones every answer carries.
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// Our pages run no script and load nothing from elsewhere: even a text that escaped
/// escaping could not run.
const PAGE_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

impl Response {
    fn html(status: u16, body: String) -> Response {
        Response {
            status,
            content_type: "text/html; charset=utf-8",
            headers: vec![("Content-Security-Policy", PAGE_POLICY.to_string())],
            body: body.into_bytes(),
        }
    }

    fn json(status: u16, value: &impl Serialize) -> Response {
        // Our views are plain data (strings, numbers, lists): they always serialize.
        let body = serde_json::to_vec(value).unwrap_or_else(|_| b"{\"error\":\"serialization\"}".to_vec());
        Response { status, content_type: "application/json; charset=utf-8", headers: Vec::new(), body }
    }
}

/// Why a route cannot answer what was asked, in words for the user.
#[derive(Debug)]
pub enum WebError {
    /// A query string the route cannot use (400).
    BadRequest(String),
    /// Nothing at that address (404).
    NotFound(String),
    /// The index said no: a bad query (400), an unknown id (404), or a damaged index (500).
    Index(IndexError),
}

impl From<IndexError> for WebError {
    fn from(e: IndexError) -> WebError {
        WebError::Index(e)
    }
}

impl WebError {
    pub fn status(&self) -> u16 {
        match self {
            WebError::BadRequest(_) | WebError::Index(IndexError::Query(_)) => 400,
            WebError::NotFound(_) | WebError::Index(IndexError::UnknownId(_)) => 404,
            WebError::Index(_) => 500,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            WebError::BadRequest(m) | WebError::NotFound(m) => m.clone(),
            WebError::Index(e) => e.message(lang),
        }
    }
}

#[derive(Serialize)]
struct ErrorBody {
    error: String,
}

/// The web application: an open index and the language its pages speak.
pub struct App {
    index: SearchIndex,
    lang: Lang,
}

impl App {
    pub fn new(index: SearchIndex, lang: Lang) -> App {
        App { index, lang }
    }

    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// [`App::handle`], with a panic turned into a plain 500 page: one bad request must
    /// neither kill the server nor show a trace.
    pub fn handle_safely(&self, method: &str, target: &str) -> Response {
        answer_or_internal_error(self.lang, target, || self.handle(method, target))
    }

    /// Answers one request: `target` is the path and query string as the client sent them.
    pub fn handle(&self, method: &str, target: &str) -> Response {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let api = path.starts_with("/api/");
        if method != "GET" && method != "HEAD" {
            let message = tr(self.lang, "seules les requêtes GET sont servies", "only GET requests are served");
            let mut response = self.error_response(api, &WebError::BadRequest(message.to_string()), 405);
            response.headers.push(("Allow", "GET, HEAD".to_string()));
            return response;
        }
        let params = Params::parse(query);
        let segments: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(params::decode_segment).collect();
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        let result = match segments.as_slice() {
            [] => search::page(self, &params),
            ["api", "search"] => search::api(self, &params),
            ["deliberation", key @ ..] if !key.is_empty() => deliberation::page(self, &deliberation::key_of(key)),
            ["api", "deliberation", key @ ..] if !key.is_empty() => deliberation::api(self, &deliberation::key_of(key)),
            ["member"] => member::page(self, &params),
            ["api", "member"] => member::api(self, &params),
            ["source", record_id] => self.source(record_id),
            _ => Err(WebError::NotFound(match self.lang {
                Lang::Fr => format!("aucune page à l'adresse {path}"),
                Lang::En => format!("no page at {path}"),
            })),
        };
        result.unwrap_or_else(|e| {
            let status = e.status();
            self.error_response(api, &e, status)
        })
    }

    fn error_response(&self, api: bool, e: &WebError, status: u16) -> Response {
        let message = e.message(self.lang);
        if api {
            return Response::json(status, &ErrorBody { error: message });
        }
        Response::html(status, html::error_page(self.lang, &message))
    }

    /// The source file of a record, read from the path the index holds for it: the
    /// address names a record, never a path, so no address reaches another file.
    fn source(&self, record_id: &str) -> Result<Response, WebError> {
        let path = self.index.source_path(record_id)?;
        let not_readable = |detail: String| {
            WebError::NotFound(match self.lang {
                Lang::Fr => format!("le fichier source {} n'est plus lisible ({detail})", path.display()),
                Lang::En => format!("the source file {} can no longer be read ({detail})", path.display()),
            })
        };
        if !path.is_file() {
            return Err(not_readable(tr(self.lang, "absent", "missing").to_string()));
        }
        let body = std::fs::read(&path).map_err(|e| not_readable(e.to_string()))?;
        let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        let windows_1252 =
            self.index.record(record_id).ok().and_then(|r| r.source.encoding).as_deref() == Some("windows-1252");
        Ok(Response {
            status: 200,
            content_type: source_type(&extension, windows_1252),
            // A source is shown as it is, never run: a published HTML page is text here.
            headers: vec![("Content-Security-Policy", "default-src 'none'; sandbox".to_string())],
            body,
        })
    }
}

/// The content type a source file is served with. HTML and Markdown sources are plain
/// text: a document's markup must not run in the reader's browser.
fn source_type(extension: &str, windows_1252: bool) -> &'static str {
    match extension {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "tif" | "tiff" => "image/tiff",
        "txt" | "md" | "html" | "htm" if windows_1252 => "text/plain; charset=windows-1252",
        "txt" | "md" | "html" | "htm" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Runs `answer`, turning a panic into a plain 500 (HTML, or JSON under `/api/`).
pub fn answer_or_internal_error(lang: Lang, target: &str, answer: impl FnOnce() -> Response) -> Response {
    match catch_unwind(AssertUnwindSafe(answer)) {
        Ok(response) => response,
        Err(_) => {
            let message = tr(
                lang,
                "erreur interne : cette page n'a pas pu être produite (le détail est dans le journal du serveur)",
                "internal error: this page could not be produced (details are in the server's log)",
            );
            if target.starts_with("/api/") {
                Response::json(500, &ErrorBody { error: message.to_string() })
            } else {
                Response::html(500, html::error_page(lang, message))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_handler_gives_a_plain_500() {
        let r = answer_or_internal_error(Lang::Fr, "/deliberation/x", || panic!("boom at src/secret.rs:12"));
        assert_eq!(r.status, 500);
        let body = String::from_utf8(r.body).unwrap();
        assert!(body.contains("erreur interne"));
        assert!(!body.contains("boom") && !body.contains("secret.rs"), "no trace in the page");
        let r = answer_or_internal_error(Lang::En, "/api/search", || panic!("boom"));
        assert_eq!(r.content_type, "application/json; charset=utf-8");
        let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert!(body["error"].as_str().unwrap().contains("internal error"));
    }

    #[test]
    fn document_markup_is_served_as_text() {
        assert_eq!(source_type("html", false), "text/plain; charset=utf-8");
        assert_eq!(source_type("txt", true), "text/plain; charset=windows-1252");
        assert_eq!(source_type("pdf", false), "application/pdf");
        assert_eq!(source_type("exe", false), "application/octet-stream");
    }
}
