//! The citation graph as people ask for it: what one deliberation cites and what cites
//! it (`registre refs`), the whole graph (`registre graph`, JSON or Graphviz), and the
//! cited deliberations missing from the corpus, most cited first — the documents an
//! analyst should go and find.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::DocAddress;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Term, schema::Field};

use super::resolve::cited_collectivity;
use super::schema::Hit;
use super::{IndexError, SearchIndex, damaged};
use crate::model::Reference;

/// A deliberation of the graph.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Node {
    pub id: String,
    pub collectivity: Option<String>,
    pub body: Option<String>,
    pub number: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    pub path: String,
}

impl Node {
    fn of(hit: &Hit) -> Node {
        Node {
            id: hit.key.clone(),
            collectivity: hit.collectivity.clone(),
            body: hit.body.clone(),
            number: hit.number.clone(),
            date: hit.date.clone(),
            title: hit.title.clone(),
            path: hit.path.clone(),
        }
    }
}

/// A citation: `from` cites `to`. `ambiguous` when `to` is one of several candidates.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub text: String,
    pub ambiguous: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// One reference of a deliberation with what it designates in the index.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    pub reference: Reference,
    pub target: Option<Node>,
    pub candidates: Vec<Node>,
}

/// What a deliberation cites, and who cites it.
#[derive(Debug, Clone, Serialize)]
pub struct Refs {
    pub deliberation: Node,
    pub cites: Vec<Citation>,
    pub cited_by: Vec<CitedBy>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CitedBy {
    pub by: Node,
    pub text: String,
    pub ambiguous: bool,
}

/// A cited deliberation the index does not hold.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Missing {
    pub collectivity: String,
    pub number: Option<String>,
    pub date: Option<String>,
    /// How many deliberations cite it, and which.
    pub count: usize,
    pub cited_by: Vec<String>,
    /// How the first citing text writes it.
    pub text: String,
}

fn edges_of(hit: &Hit) -> impl Iterator<Item = Edge> + '_ {
    hit.references.iter().flat_map(move |r| {
        let resolved = r.resolves_to.iter().map(move |to| (to, false));
        let candidates = r.candidates.iter().map(move |to| (to, true));
        resolved.chain(candidates).map(move |(to, ambiguous)| Edge {
            from: hit.key.clone(),
            to: to.clone(),
            text: r.text.clone(),
            ambiguous,
        })
    })
}

impl SearchIndex {
    /// The whole graph: every deliberation of the index, every resolved citation.
    pub fn graph(&self) -> Result<Graph, IndexError> {
        let hits = self.all_hits()?;
        let nodes = hits.iter().filter(|h| h.item.is_some()).map(Node::of).collect();
        let edges = hits.iter().flat_map(edges_of).collect();
        Ok(Graph { nodes, edges })
    }

    /// What the deliberation `key` cites and what cites it.
    pub fn refs(&self, key: &str) -> Result<Refs, IndexError> {
        let hit = self.hit(key)?;
        let node = |k: &str| self.hit(k).ok().map(|h| Node::of(&h));
        let cites = hit
            .references
            .iter()
            .map(|r| Citation {
                reference: r.clone(),
                target: r.resolves_to.as_deref().and_then(node),
                candidates: r.candidates.iter().filter_map(|c| node(c)).collect(),
            })
            .collect();
        let f = self.fields();
        // A citation resolves to one copy of a deliberation; its twins (the same
        // collectivity, number and session told by another file, a PDF and its text) are
        // cited all the same.
        let mut keys = vec![hit.key.clone()];
        if let (Some(number), Some(_)) = (&hit.number, &hit.date) {
            for twin in self.hits_where(&[f.number], &super::schema::number_key(number))? {
                let same = twin.collectivity == hit.collectivity && twin.date == hit.date && twin.number == hit.number;
                if same && twin.key != hit.key {
                    keys.push(twin.key);
                }
            }
        }
        let mut cited_by: Vec<CitedBy> = Vec::new();
        for key in &keys {
            for citing in self.hits_where(&[f.cites, f.cites_maybe], key)? {
                for edge in edges_of(&citing).filter(|e| &e.to == key) {
                    if !cited_by.iter().any(|c| c.by.id == citing.key && c.text == edge.text) {
                        cited_by.push(CitedBy { by: Node::of(&citing), text: edge.text, ambiguous: edge.ambiguous });
                    }
                }
            }
        }
        Ok(Refs { deliberation: Node::of(&hit), cites, cited_by })
    }

    /// The hits whose `fields` hold `value`.
    fn hits_where(&self, fields: &[Field], value: &str) -> Result<Vec<Hit>, IndexError> {
        let searcher = self.searcher()?;
        let any: Vec<(Occur, Box<dyn Query>)> = fields
            .iter()
            .map(|&f| {
                let q = TermQuery::new(Term::from_field_text(f, value), IndexRecordOption::Basic);
                (Occur::Should, Box::new(q) as Box<dyn Query>)
            })
            .collect();
        let mut found: Vec<DocAddress> = searcher
            .search(&BooleanQuery::new(any), &DocSetCollector)
            .map_err(|e| damaged(self.dir(), e))?
            .into_iter()
            .collect();
        found.sort();
        found.into_iter().map(|a| self.hit_at(&searcher, a)).collect()
    }

    /// The cited deliberations missing from the index, most cited first.
    pub fn unresolved(&self) -> Result<Vec<Missing>, IndexError> {
        let hits = self.all_hits()?;
        let mut missing: BTreeMap<(String, Option<String>, Option<String>), Missing> = BTreeMap::new();
        for hit in &hits {
            for r in &hit.references {
                if r.kind != "deliberation" || r.resolves_to.is_some() || !r.candidates.is_empty() {
                    continue;
                }
                let collectivity = cited_collectivity(hit, r);
                let key = (collectivity.clone(), r.number.clone(), r.date.clone());
                let entry = missing.entry(key).or_insert_with(|| Missing {
                    collectivity,
                    number: r.number.clone(),
                    date: r.date.clone(),
                    count: 0,
                    cited_by: Vec::new(),
                    text: r.text.clone(),
                });
                if !entry.cited_by.contains(&hit.key) {
                    entry.count += 1;
                    entry.cited_by.push(hit.key.clone());
                }
            }
        }
        let mut out: Vec<Missing> = missing.into_values().collect();
        out.sort_by_key(|m| std::cmp::Reverse(m.count));
        Ok(out)
    }
}

/// The graph in Graphviz's language: one node per deliberation, labelled with its
/// collectivity, number and date; dashed edges for ambiguous citations.
pub fn to_dot(graph: &Graph) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n"));
    let mut out = String::from("digraph citations {\n  rankdir=LR;\n  node [shape=box, fontsize=10];\n");
    for n in &graph.nodes {
        let label = format!(
            "{}\n{} {}",
            n.collectivity.as_deref().unwrap_or("?"),
            n.number.as_deref().map(|x| format!("n° {x}")).unwrap_or_default(),
            n.date.as_deref().unwrap_or("")
        );
        out.push_str(&format!("  {} [label={}];\n", quote(&n.id), quote(&label)));
    }
    for e in &graph.edges {
        let style = if e.ambiguous { " [style=dashed]" } else { "" };
        out.push_str(&format!("  {} -> {}{};\n", quote(&e.from), quote(&e.to), style));
    }
    out.push_str("}\n");
    out
}
