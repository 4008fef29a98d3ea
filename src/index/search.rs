//! Searching the index: the user's query (words, "phrases", AND/OR, -exclusion,
//! field:value) over titles, item texts and session headers — a title counts three times
//! as much as a text that only cites the words — narrowed by filters on the facts, with
//! a snippet of each hit, facet counts, and a member's status in each deliberation.

use std::ops::Bound;

use serde::Serialize;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Order, Searcher, Term};

use super::facets::FacetCounter;
use super::schema::{ENTRY_DELIBERATION, Hit, hit_text, number_key};
use super::{IndexError, SearchIndex, damaged};
use crate::check::names::{self, Resolution};
use crate::messages::Lang;
use crate::model::Member;

/// Title words weigh this much more than words of the text.
const TITLE_BOOST: f32 = 3.0;
/// The shared session header (roll, place) weighs less than the item's own text.
const HEADER_BOOST: f32 = 0.5;
const SNIPPET_CHARS: usize = 220;

/// A search: the query and the filters on facts, all optional but not all empty.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    pub collectivity: Option<String>,
    /// `commune`, `epci`, `syndicat_mixte`, `departement`, `region`.
    pub kind: Option<String>,
    pub body: Option<String>,
    pub year: Option<u32>,
    /// ISO dates (or a year, or a year and month), both ends included.
    pub from: Option<String>,
    pub to: Option<String>,
    pub number: Option<String>,
    pub member: Option<String>,
    pub rule: Option<String>,
    pub limit: usize,
    pub offset: usize,
    pub facets: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Deliberations matching, all pages together.
    pub total: usize,
    pub hits: Vec<Found>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Found {
    pub score: f32,
    #[serde(flatten)]
    pub hit: Hit,
    pub snippet: Snippet,
    /// The searched member's part in this deliberation (with `--member`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<MemberStatus>,
}

/// An excerpt of the item's text, with the byte ranges of the matching words in it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<[usize; 2]>,
}

/// Counts of the matching deliberations, by value, most frequent first.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Facets {
    pub collectivity: Vec<(String, u64)>,
    pub body: Vec<(String, u64)>,
    pub year: Vec<(String, u64)>,
    pub rule: Vec<(String, u64)>,
}

/// What a member did in one deliberation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MemberStatus {
    /// The name as the roll writes it.
    pub name: String,
    /// `present`, `absent`, `excused`.
    pub status: String,
    /// The holder of this member's *pouvoir*.
    pub proxy_to: Option<String>,
    /// The members whose *pouvoir* this member held.
    pub proxies_held: Vec<String>,
    /// The member did not take part in this vote (« ne prend pas part au vote »).
    pub not_voting: bool,
    /// `arrives` or `leaves` when the roll changed for this item.
    pub change: Option<String>,
}

impl MemberStatus {
    /// « présent (détient le pouvoir de …) », in the user's language.
    pub fn describe(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        let mut s = match (self.status.as_str(), fr) {
            ("present", true) => "présent".to_string(),
            ("excused", true) => "excusé".to_string(),
            ("absent", true) => "absent".to_string(),
            (other, _) => other.to_string(),
        };
        if let Some(holder) = &self.proxy_to {
            s.push_str(&if fr {
                format!(", pouvoir donné à {holder}")
            } else {
                format!(", proxy given to {holder}")
            });
        }
        if !self.proxies_held.is_empty() {
            let list = self.proxies_held.join(", ");
            s.push_str(&if fr {
                format!(", détient le pouvoir de {list}")
            } else {
                format!(", holds the proxy of {list}")
            });
        }
        if self.not_voting {
            s.push_str(if fr { ", ne prend pas part au vote" } else { ", did not take part in the vote" });
        }
        match (self.change.as_deref(), fr) {
            (Some("arrives"), true) => s.push_str(", arrivé en cours de séance"),
            (Some("leaves"), true) => s.push_str(", parti avant ce vote"),
            (Some("arrives"), false) => s.push_str(", arrived during the session"),
            (Some("leaves"), false) => s.push_str(", left before this vote"),
            _ => {}
        }
        s
    }
}

/// The member of `members` that `name` designates, with what they did.
pub fn member_status(name: &str, hit: &Hit) -> Option<MemberStatus> {
    let index = match names::resolve(name, &hit.members) {
        Resolution::Exact(i) | Resolution::Partial(i) => i,
        Resolution::Ambiguous(many) => *many.first()?,
        Resolution::Unknown => return None,
    };
    let member: &Member = &hit.members[index];
    let proxies_held = hit
        .members
        .iter()
        .filter(|m| {
            m.proxy_to
                .as_deref()
                .is_some_and(|holder| matches!(names::resolve(holder, &hit.members), Resolution::Exact(i) | Resolution::Partial(i) if i == index))
        })
        .map(|m| m.name.clone())
        .collect();
    let same = |other: &str| matches!(names::resolve(other, std::slice::from_ref(member)), Resolution::Exact(_));
    let item = hit.item_attendance.as_ref();
    Some(MemberStatus {
        name: member.name.clone(),
        status: member.status.clone(),
        proxy_to: member.proxy_to.clone(),
        proxies_held,
        not_voting: item.is_some_and(|a| a.not_voting.iter().any(|n| same(n))),
        change: item.and_then(|a| a.changes.iter().find(|c| same(&c.member)).map(|c| c.change.clone())),
    })
}

impl SearchIndex {
    /// The whole query of `request` (the user's words and the filters on facts), and the
    /// user's words alone when there are some (they rank and make the snippets).
    fn query(&self, request: &SearchRequest, lang: Lang) -> Result<(BooleanQuery, Option<Box<dyn Query>>), IndexError> {
        let user_query = self.user_query(&request.query, lang)?;
        let filters = self.filters(request, lang)?;
        if user_query.is_none() && filters.is_empty() {
            return Err(IndexError::Query(match lang {
                Lang::Fr => "requête vide : donner des mots à chercher ou un filtre (--member, --collectivity…)".into(),
                Lang::En => "empty query: give words to search for or a filter (--member, --collectivity…)".into(),
            }));
        }
        let f = self.fields();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, zero(term_query(f.entry, ENTRY_DELIBERATION)))];
        clauses.push((
            Occur::Must,
            user_query.as_ref().map_or_else(|| Box::new(AllQuery) as Box<dyn Query>, |q| q.box_clone()),
        ));
        clauses.extend(filters.into_iter().map(|q| (Occur::Must, zero(q))));
        Ok((BooleanQuery::new(clauses), user_query))
    }

    /// Every deliberation matching `request` (limit, offset and facets aside), newest
    /// session first, without snippets: for views that sum up many hits at once, such as
    /// a member's sessions, where a snippet per hit would cost a record read each.
    pub fn matching_hits(&self, request: &SearchRequest, lang: Lang) -> Result<Vec<Hit>, IndexError> {
        let searcher = self.searcher()?;
        let (query, _) = self.query(request, lang)?;
        let mut found: Vec<_> =
            searcher.search(&query, &DocSetCollector).map_err(|e| damaged(self.dir(), e))?.into_iter().collect();
        found.sort();
        let mut hits = found.into_iter().map(|a| self.hit_at(&searcher, a)).collect::<Result<Vec<Hit>, _>>()?;
        hits.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.key.cmp(&b.key)));
        Ok(hits)
    }

    pub fn search(&self, request: &SearchRequest, lang: Lang) -> Result<SearchResults, IndexError> {
        let searcher = self.searcher()?;
        let (query, user_query) = self.query(request, lang)?;
        let f = self.fields();
        let top = TopDocs::with_limit(request.limit.max(1)).and_offset(request.offset);
        let facet_collector = request.facets.then(|| FacetCounter::for_field("facet"));
        let (top_docs, total, facet_counts) = if user_query.is_some() {
            searcher
                .search(&query, &(top.order_by_score(), Count, facet_collector))
                .map_err(|e| damaged(self.dir(), e))?
        } else {
            // Filters alone rank nothing: the most recent sessions come first.
            let by_date = top.order_by_fast_field::<u64>("day", Order::Desc);
            let (docs, total, facets) =
                searcher.search(&query, &(by_date, Count, facet_collector)).map_err(|e| damaged(self.dir(), e))?;
            (docs.into_iter().map(|(_, address)| (0.0, address)).collect(), total, facets)
        };
        let snippets = match &user_query {
            Some(q) => {
                let mut generator =
                    SnippetGenerator::create(&searcher, q.as_ref(), f.text).map_err(|e| damaged(self.dir(), e))?;
                generator.set_max_num_chars(SNIPPET_CHARS);
                Some(generator)
            }
            None => None,
        };
        let mut hits = Vec::with_capacity(top_docs.len());
        // `--limit 0` asks for the counts (facets) alone; the collector needs one at least.
        for (score, address) in top_docs.into_iter().take(request.limit) {
            let hit = self.hit_at(&searcher, address)?;
            let snippet = self.snippet(&searcher, &hit, snippets.as_ref())?;
            let member = request.member.as_deref().and_then(|name| member_status(name, &hit));
            hits.push(Found { score, hit, snippet, member });
        }
        let facets = facet_counts.map(|mut counts| {
            let mut family = |name: &str| {
                let mut v: Vec<(String, u64)> = counts.remove(name).unwrap_or_default().into_iter().collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                v
            };
            Facets {
                collectivity: family("collectivity"),
                body: family("body"),
                year: family("year"),
                rule: family("rule"),
            }
        });
        Ok(SearchResults { total, hits, facets })
    }

    fn snippet(
        &self,
        searcher: &Searcher,
        hit: &Hit,
        generator: Option<&SnippetGenerator>,
    ) -> Result<Snippet, IndexError> {
        let record = self.record_with(searcher, &hit.record_id)?;
        let text = hit_text(record.text.as_deref().unwrap_or(""), hit);
        if let Some(snippet) = generator.map(|g| g.snippet(text)).filter(|s| !s.is_empty()) {
            return Ok(Snippet {
                text: snippet.fragment().to_string(),
                highlights: snippet.highlighted().iter().map(|r| [r.start, r.end]).collect(),
            });
        }
        // Nothing to highlight (a filter-only search, a title-only match): the item's start.
        let start = crate::text::collapse_spaces(text);
        let end = start.char_indices().nth(SNIPPET_CHARS).map_or(start.len(), |(i, _)| i);
        Ok(Snippet { text: start[..end].to_string(), highlights: Vec::new() })
    }

    fn user_query(&self, query: &str, lang: Lang) -> Result<Option<Box<dyn Query>>, IndexError> {
        if query.trim().is_empty() {
            return Ok(None);
        }
        let f = self.fields();
        // The number too: « 2022-15 » finds the deliberation whose text writes « 2022 – 15 ».
        let mut parser = QueryParser::for_index(self.tantivy(), vec![f.title, f.text, f.header, f.number]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.title, TITLE_BOOST);
        parser.set_field_boost(f.number, TITLE_BOOST);
        parser.set_field_boost(f.header, HEADER_BOOST);
        parser.parse_query(&apostrophes(query)).map(Some).map_err(|e| IndexError::Query(query_error(query, &e, lang)))
    }

    /// The words of `value` as the field's analyzer cuts them.
    fn analyzed(&self, field: Field, value: &str) -> Result<Vec<Term>, IndexError> {
        let mut analyzer = self.tantivy().tokenizer_for_field(field).map_err(|e| damaged(self.dir(), e))?;
        let mut stream = analyzer.token_stream(value);
        let mut terms = Vec::new();
        while stream.advance() {
            terms.push(Term::from_field_text(field, &stream.token().text));
        }
        Ok(terms)
    }

    fn filters(&self, r: &SearchRequest, lang: Lang) -> Result<Vec<Box<dyn Query>>, IndexError> {
        let f = self.fields();
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        if let Some(name) = &r.collectivity {
            out.push(all_words(self.analyzed(f.collectivity, name)?));
        }
        if let Some(body) = &r.body {
            out.push(all_words(self.analyzed(f.body, body)?));
        }
        if let Some(kind) = &r.kind {
            out.push(term_query(f.kind, &crate::text::fold(kind).replace([' ', '-'], "_")));
        }
        if let Some(number) = &r.number {
            out.push(term_query(f.number, &number_key(number)));
        }
        if let Some(rule) = &r.rule {
            out.push(term_query(f.rule, &rule.trim().to_uppercase()));
        }
        if let Some(name) = &r.member {
            // The roll's names are indexed without civility (« Mme »).
            out.push(member_query(self.analyzed(f.member, names::without_civility(name))?));
        }
        if let Some(year) = r.year {
            out.push(Box::new(TermQuery::new(Term::from_field_u64(f.year, year as u64), IndexRecordOption::Basic)));
        }
        if r.from.is_some() || r.to.is_some() {
            let bound = |date: &Option<String>, end: bool| -> Result<Bound<Term>, IndexError> {
                match date {
                    None => Ok(Bound::Unbounded),
                    Some(d) => day_bound(d, end)
                        .map(|day| Bound::Included(Term::from_field_u64(f.day, day)))
                        .ok_or_else(|| IndexError::Query(bad_date(d, lang))),
                }
            };
            out.push(Box::new(RangeQuery::new(bound(&r.from, false)?, bound(&r.to, true)?)));
        }
        Ok(out)
    }
}

fn term_query(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
}

/// A filter does not change the ranking.
fn zero(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, 0.0))
}

fn all_words(terms: Vec<Term>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        terms
            .into_iter()
            .map(|t| (Occur::Must, Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>))
            .collect(),
    ))
}

/// The words of a person's name, in any rotation (« Hélène HAVRET » finds « HAVRET
/// Hélène »), within one name of the roll: names are indexed as separate values, which
/// tantivy keeps apart, so the words of two neighbours never make a match.
fn member_query(terms: Vec<Term>) -> Box<dyn Query> {
    if terms.len() < 2 {
        return all_words(terms);
    }
    let rotations = (0..terms.len())
        .map(|k| {
            let mut rotated = terms.clone();
            rotated.rotate_left(k);
            (Occur::Should, Box::new(PhraseQuery::new(rotated)) as Box<dyn Query>)
        })
        .collect();
    Box::new(BooleanQuery::new(rotations))
}

/// The query grammar reads an apostrophe as a quote, and French writes one in every
/// other word (« l'école »): elided articles are dropped, as the analyzer drops them
/// from the texts, and a word that keeps its apostrophe (« aujourd'hui ») is quoted.
fn apostrophes(query: &str) -> String {
    let mut out = String::with_capacity(query.len() + 8);
    let mut in_phrase = false;
    for piece in query.split_inclusive(|c: char| c.is_whitespace() || c == '"') {
        let (word, tail) = piece.split_at(piece.trim_end_matches(|c: char| c.is_whitespace() || c == '"').len());
        // What stays in front: exclusion, grouping, a field name.
        let mut lead = word.len() - word.trim_start_matches(['-', '+', '(']).len();
        lead += word[lead..].find(':').map_or(0, |i| i + 1);
        let (front, rest) = word.split_at(lead);
        let core = rest.trim_end_matches(')');
        let close = &rest[core.len()..];
        let mut core = core.to_string();
        // Every elided article goes: « jusqu'à l'école » has two.
        while let Some(cut) = super::analyzer::elided_prefix(&core) {
            core.replace_range(..cut, "");
        }
        if !in_phrase && core.contains(['\'', '’']) {
            core = format!("\"{core}\"");
        }
        out.push_str(front);
        out.push_str(&core);
        out.push_str(close);
        out.push_str(tail);
        in_phrase ^= tail.matches('"').count() % 2 == 1;
    }
    out
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the first (or last) day it covers, `YYYYMMDD`.
fn day_bound(date: &str, end: bool) -> Option<u64> {
    let parts: Vec<&str> = date.trim().split('-').collect();
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u64>().ok()).flatten()
    };
    let (y, m, d) = match parts.as_slice() {
        [y] => (num(y, 4)?, if end { 12 } else { 1 }, if end { 31 } else { 1 }),
        [y, m] => (num(y, 4)?, num(m, 2)?, if end { 31 } else { 1 }),
        [y, m, d] => (num(y, 4)?, num(m, 2)?, num(d, 2)?),
        _ => return None,
    };
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(y * 10_000 + m * 100 + d)
}

fn bad_date(date: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("date illisible « {date} » : écrire AAAA-MM-JJ, AAAA-MM ou AAAA"),
        Lang::En => format!("unreadable date {date:?}: write YYYY-MM-DD, YYYY-MM or YYYY"),
    }
}

/// One line saying what is wrong with the query.
fn query_error(query: &str, err: &tantivy::query::QueryParserError, lang: Lang) -> String {
    use tantivy::query::QueryParserError as E;
    let fields = "title, text, header, collectivity, kind, body, number, year, member, rule, ref";
    match (lang, err) {
        (Lang::Fr, E::FieldDoesNotExist(field)) => {
            format!("requête « {query} » : le champ « {field} » n'existe pas (champs : {fields})")
        }
        (Lang::Fr, E::SyntaxError(_)) => format!(
            "requête « {query} » illisible : vérifier les guillemets et les parenthèses (syntaxe : mots, \"expression\", AND, OR, -exclu, champ:valeur)"
        ),
        (Lang::Fr, E::AllButQueryForbidden) => {
            format!("requête « {query} » : une exclusion seule ne désigne rien ; ajouter un mot ou un filtre")
        }
        (Lang::Fr, e) => format!("requête « {query} » illisible : {e}"),
        (Lang::En, E::FieldDoesNotExist(field)) => {
            format!("query {query:?}: there is no field {field:?} (fields: {fields})")
        }
        (Lang::En, E::SyntaxError(_)) => format!(
            "query {query:?} cannot be read: check quotes and parentheses (syntax: words, \"phrase\", AND, OR, -excluded, field:value)"
        ),
        (Lang::En, e) => format!("query {query:?} cannot be read: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophes_do_not_break_the_query() {
        assert_eq!(apostrophes("l'école"), "école");
        assert_eq!(apostrophes("jusqu'à l'adhésion d’un membre"), "à adhésion un membre");
        assert_eq!(apostrophes("qu'il l'ait"), "il ait");
        assert_eq!(apostrophes("aujourd'hui"), "\"aujourd'hui\"");
        assert_eq!(apostrophes("\"groupement d'achat\" -l'école"), "\"groupement achat\" -école");
        assert_eq!(apostrophes("title:l'école"), "title:école");
        assert_eq!(apostrophes("(aujourd'hui OR demain)"), "(\"aujourd'hui\" OR demain)");
    }

    #[test]
    fn date_bounds_cover_their_period() {
        assert_eq!(day_bound("2022", false), Some(20220101));
        assert_eq!(day_bound("2022", true), Some(20221231));
        assert_eq!(day_bound("2022-06", true), Some(20220631));
        assert_eq!(day_bound("2022-06-16", false), Some(20220616));
        assert_eq!(day_bound("16/06/2022", false), None);
        assert_eq!(day_bound("2022-13-01", false), None);
    }
}
