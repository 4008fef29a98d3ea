//! Extraction patterns as data: the phrasings of deliberations live in TOML files under
//! `patterns/` (documented in patterns/README.md). They are compiled once at start-up and
//! shared by reference. The binary embeds the default set; `--patterns DIR` replaces the
//! embedded file of the same name with each `*.toml` file of DIR.
//!
//! Loading reports every problem at once (file and line each): a TOML syntax error, an
//! unknown `$variable`, a regex that does not compile, an unknown rule kind, a missing
//! named group, an example that does not match or a counter-example that does.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use regex::Regex;

use crate::windows::WindowedRegex;
use serde::Deserialize;

/// The default pattern files, embedded so that the binary works from any folder.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("vars.toml", include_str!("../patterns/vars.toml")),
    ("dates.toml", include_str!("../patterns/dates.toml")),
    ("identity.toml", include_str!("../patterns/identity.toml")),
    ("attendance.toml", include_str!("../patterns/attendance.toml")),
    ("votes.toml", include_str!("../patterns/votes.toml")),
    ("references.toml", include_str!("../patterns/references.toml")),
    ("items.toml", include_str!("../patterns/items.toml")),
    ("formalities.toml", include_str!("../patterns/formalities.toml")),
    ("subjects.toml", include_str!("../patterns/subjects.toml")),
];

/// A rule kind the extractors read, with the named groups its regex must define.
pub struct KindSpec {
    pub kind: &'static str,
    pub groups: &'static [&'static str],
    pub doc: &'static str,
}

/// Every kind of rule the code knows. A rule of another kind is a typo, reported.
pub const KINDS: &[KindSpec] = &[
    KindSpec { kind: "date.form", groups: &[], doc: "a way of writing a date; groups day/month/year (or dmy digits)" },
    KindSpec { kind: "date.role.session", groups: &[], doc: "words right before the session date" },
    KindSpec { kind: "date.session_context", groups: &[], doc: "words after a date that make it the session date" },
    KindSpec { kind: "date.role.convocation", groups: &[], doc: "words right before the convocation date" },
    KindSpec {
        kind: "date.role.prefecture_stamp", groups: &[], doc: "the @ctes stamp (Envoyé/Reçu en préfecture le)"
    },
    KindSpec { kind: "date.role.prefecture", groups: &[], doc: "a transmission to the prefecture written in the text" },
    KindSpec { kind: "date.role.publication", groups: &[], doc: "publication, electronic or not" },
    KindSpec { kind: "date.role.display", groups: &[], doc: "affichage" },
    KindSpec { kind: "time", groups: &["hour"], doc: "the session time; groups hour and minute" },
    KindSpec {
        kind: "collectivity",
        groups: &["name"],
        doc: "a collectivity's name; value = kind; template builds the name",
    },
    KindSpec { kind: "body", groups: &[], doc: "a deliberating body; value = canonical name" },
    KindSpec { kind: "number.heading", groups: &["number"], doc: "the deliberation number in a heading" },
    KindSpec { kind: "title", groups: &["title"], doc: "the object of a deliberation" },
    KindSpec { kind: "president", groups: &["name"], doc: "who presides the session" },
    KindSpec { kind: "secretary", groups: &["name"], doc: "the secrétaire de séance" },
    KindSpec { kind: "place", groups: &["place"], doc: "where the session is held" },
    KindSpec { kind: "acte_id", groups: &["id"], doc: "the @ctes identifier" },
    KindSpec { kind: "attendance.column", groups: &[], doc: "a column heading of an attendance table; value = role" },
    KindSpec { kind: "attendance.list", groups: &[], doc: "the heading of a list of members; value = status" },
    KindSpec { kind: "attendance.stated", groups: &["n"], doc: "a stated total; value = field of Totals" },
    KindSpec { kind: "attendance.proxy", groups: &["giver", "holder"], doc: "a proxy given, inside a list item" },
    KindSpec {
        kind: "attendance.proxy_marker",
        groups: &["marker"],
        doc: "a mark pairing giver and holder (« (Pr*) »)",
    },
    KindSpec { kind: "attendance.function", groups: &[], doc: "a function word that is not a member's name" },
    KindSpec { kind: "attendance.civility", groups: &[], doc: "a civility (M., Mme) before a name" },
    KindSpec { kind: "vote.tally", groups: &["n"], doc: "a count of votes; value = field of Votes" },
    KindSpec { kind: "vote.unanimous", groups: &[], doc: "a statement of unanimity" },
    KindSpec { kind: "vote.method", groups: &[], doc: "how the vote was taken; value = canonical method" },
    KindSpec { kind: "vote.outcome", groups: &[], doc: "adopted or rejected; value = outcome" },
    KindSpec { kind: "vote.not_voting", groups: &["name"], doc: "a member who does not take part in the vote" },
    KindSpec { kind: "vote.group", groups: &["group", "n"], doc: "a political group's count; value = field of Votes" },
    KindSpec { kind: "item.heading", groups: &["number"], doc: "the heading of one item of a compte rendu" },
    KindSpec { kind: "item.roll_change", groups: &["name"], doc: "an arrival or departure; value = arrives/leaves" },
    KindSpec { kind: "item.stated", groups: &["n"], doc: "a total restated for one item; value = field" },
    KindSpec { kind: "reference", groups: &[], doc: "a reference; value = kind; groups number/date/issuer" },
    KindSpec { kind: "reference.code_articles", groups: &["articles"], doc: "a list of code articles" },
    KindSpec { kind: "template_residue", groups: &[], doc: "text left from a template (XX, [...])" },
    KindSpec { kind: "minutes_marker", groups: &[], doc: "words that make a document a compte rendu" },
    KindSpec {
        kind: "page_furniture",
        groups: &[],
        doc: "a line repeated by the page (« Page 2/5 », a stamp) inside a list",
    },
    KindSpec { kind: "formalities.quorum_declared", groups: &[], doc: "« le quorum étant atteint »" },
    KindSpec { kind: "formalities.urgency", groups: &[], doc: "a session convened in urgency" },
    KindSpec {
        kind: "formalities.second_convocation",
        groups: &[],
        doc: "a session after a failed quorum; group date = the first session",
    },
    KindSpec { kind: "formalities.certification", groups: &[], doc: "« pour extrait conforme » and the like" },
    KindSpec { kind: "formalities.signature", groups: &["name"], doc: "a signature block; value = whose" },
    KindSpec { kind: "formalities.appeal", groups: &[], doc: "the appeal mention (tribunal administratif, 2 months)" },
    KindSpec { kind: "formalities.compte_administratif", groups: &[], doc: "an object on the compte administratif" },
    KindSpec { kind: "formalities.annexes", groups: &[], doc: "the heading of annexed documents" },
    KindSpec {
        kind: "formalities.deciding_body",
        groups: &["body"],
        doc: "the body named as deciding (« Le X, après en avoir délibéré »)",
    },
    KindSpec { kind: "subject", groups: &[], doc: "words of a deliberation's subject; value = @ctes code" },
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    #[serde(default)]
    vars: BTreeMap<String, toml::Spanned<String>>,
    #[serde(default)]
    rule: Vec<toml::Spanned<RuleDef>>,
    /// The @ctes subject nomenclature, code → SCDL name (subjects.toml).
    #[serde(default)]
    nomenclature: BTreeMap<String, toml::Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    kind: String,
    #[serde(default)]
    id: Option<String>,
    regex: String,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    template: Option<String>,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default)]
    weak: bool,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    counter_examples: Vec<String>,
}

/// One compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub kind: String,
    /// The compiled regex, searched in windows around its anchors (see [`crate::windows`]).
    pub regex: WindowedRegex,
    pub value: Option<String>,
    pub template: Option<String>,
    /// Counts only beside a stronger match of the same kind (see votes.toml).
    pub weak: bool,
    pub file: String,
    pub line: usize,
    pub examples: Vec<String>,
    pub counter_examples: Vec<String>,
}

/// The compiled pattern set, by kind, in file order.
#[derive(Debug, Clone)]
pub struct Patterns {
    by_kind: HashMap<String, Vec<Rule>>,
    vars: BTreeMap<String, String>,
    nomenclature: BTreeMap<String, String>,
}

/// One problem in the pattern files, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternProblem {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for PatternProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Every problem found while loading the pattern files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternErrors(pub Vec<PatternProblem>);

impl fmt::Display for PatternErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the pattern files have {} problem(s):", self.0.len())?;
        for p in &self.0 {
            writeln!(f, "  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PatternErrors {}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

/// Variables every file may use without defining them, computed from code tables.
fn builtin_vars() -> BTreeMap<String, String> {
    let mut vars = BTreeMap::new();
    vars.insert("number_words".to_string(), crate::numbers::number_words_regex());
    vars
}

/// Replaces each `$name` by the variable's text, recursively (variables may use earlier
/// ones). `$$` is a literal `$`; a `$` before a non-letter (the regex end anchor) stays.
fn expand(text: &str, vars: &BTreeMap<String, String>, depth: usize) -> Result<String, String> {
    if depth > 12 {
        return Err("variables refer to each other in a loop".to_string());
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        if let Some(stripped) = after.strip_prefix('$') {
            out.push('$');
            rest = stripped;
            continue;
        }
        let name_len = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
        if name_len == 0 || !after.starts_with(|c: char| c.is_ascii_alphabetic()) {
            out.push('$');
            rest = after;
            continue;
        }
        let name = &after[..name_len];
        let value = vars.get(name).ok_or_else(|| format!("unknown variable ${name}"))?;
        out.push_str(&expand(value, vars, depth + 1)?);
        rest = &after[name_len..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A rule read and expanded, waiting to be compiled.
struct PendingRule {
    file: String,
    line: usize,
    def: RuleDef,
    spec: &'static KindSpec,
    expanded: String,
}

impl PendingRule {
    /// The compiled rule (None when its regex does not compile) and the rule's problems.
    fn compile(self, nomenclature: &BTreeMap<String, String>) -> (Vec<PatternProblem>, Option<Rule>) {
        let PendingRule { file, line, def, spec, expanded } = self;
        let mut problems = Vec::new();
        let mut report = |message: String| problems.push(PatternProblem { file: file.clone(), line, message });
        let flags = if def.case_sensitive { "(?m)" } else { "(?mi)" };
        // An ASCII word boundary lets the regex engine run its fast automaton on
        // French text; a Unicode one forces the slow one on every accented letter
        // (measured: 14× on a megabyte). patterns/README.md tells authors.
        let expanded = expanded.replace("\\b", "(?-u:\\b)");
        let regex = match Regex::new(&format!("{flags}{expanded}")) {
            Ok(r) => r,
            Err(e) => {
                let first = e.to_string().lines().last().unwrap_or_default().to_string();
                report(format!("the regex does not compile: {first}"));
                return (problems, None);
            }
        };
        let names: Vec<&str> = regex.capture_names().flatten().collect();
        for group in spec.groups {
            if !names.contains(group) {
                report(format!("a rule of kind {} needs a named group (?P<{group}>...)", def.kind));
            }
        }
        if def.kind == "subject" && !def.value.as_ref().is_some_and(|v| nomenclature.contains_key(v)) {
            report(format!("a subject rule's value must be a code of [nomenclature], not {:?}", def.value));
        }
        for ex in &def.examples {
            if !regex.is_match(ex) {
                report(format!("the example {ex:?} does not match"));
            }
        }
        for ex in &def.counter_examples {
            if regex.is_match(ex) {
                report(format!("the counter-example {ex:?} matches"));
            }
        }
        let id = def.id.unwrap_or_else(|| format!("{}:{}", file.trim_end_matches(".toml"), line));
        let rule = Rule {
            id,
            kind: def.kind,
            regex: WindowedRegex::new(regex),
            value: def.value,
            template: def.template,
            weak: def.weak,
            file,
            line,
            examples: def.examples,
            counter_examples: def.counter_examples,
        };
        (problems, Some(rule))
    }
}

impl Patterns {
    /// The embedded default set, compiled once per process.
    pub fn try_embedded() -> Result<Arc<Patterns>, PatternErrors> {
        static DEFAULT: OnceLock<Result<Arc<Patterns>, PatternErrors>> = OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                let files: Vec<(String, String)> =
                    EMBEDDED.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect();
                Patterns::from_sources(&files).map(Arc::new)
            })
            .clone()
    }

    /// The embedded set, for code and tests that run after the command line has loaded
    /// it once with [`Patterns::try_embedded`]. The embedded files are tested by CI, so
    /// a failure here is a build defect, not an input problem.
    pub fn embedded() -> Arc<Patterns> {
        Patterns::try_embedded().unwrap_or_else(|e| panic!("embedded patterns: {e}"))
    }

    /// The embedded set with every `*.toml` file of `dir` replacing (or adding to) the
    /// embedded file of the same name.
    pub fn with_overrides(dir: &Path) -> Result<Patterns, PatternErrors> {
        let mut files: BTreeMap<String, String> =
            EMBEDDED.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect();
        let problem =
            |message: String| PatternErrors(vec![PatternProblem { file: dir.display().to_string(), line: 0, message }]);
        let entries =
            std::fs::read_dir(dir).map_err(|e| problem(format!("the patterns folder cannot be read ({e})")))?;
        let mut found = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("toml") {
                continue;
            }
            let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&path)
                .map_err(|e| problem(format!("{} cannot be read ({e})", path.display())))?;
            files.insert(name, text);
            found += 1;
        }
        if found == 0 {
            return Err(problem("the patterns folder holds no .toml file".to_string()));
        }
        let files: Vec<(String, String)> = files.into_iter().collect();
        Patterns::from_sources(&files)
    }

    /// Parses, validates and compiles pattern files given as (name, text).
    pub fn from_sources(files: &[(String, String)]) -> Result<Patterns, PatternErrors> {
        let mut problems = Vec::new();
        let mut vars = builtin_vars();
        let mut parsed = Vec::new();
        let mut nomenclature = BTreeMap::new();
        for (name, source) in files {
            match toml::from_str::<FileDef>(source) {
                Ok(def) => {
                    for (code, label) in &def.nomenclature {
                        let line = line_of(source, label.span().start);
                        for message in nomenclature_problems(code, label.get_ref()) {
                            problems.push(PatternProblem { file: name.clone(), line, message });
                        }
                        nomenclature.insert(code.clone(), label.get_ref().clone());
                    }
                    for (var, value) in &def.vars {
                        if vars.insert(var.clone(), value.get_ref().clone()).is_some() {
                            problems.push(PatternProblem {
                                file: name.clone(),
                                line: line_of(source, value.span().start),
                                message: format!("variable ${var} is defined twice"),
                            });
                        }
                    }
                    parsed.push((name, source, def));
                }
                Err(e) => {
                    let line = e.span().map(|s| line_of(source, s.start)).unwrap_or(0);
                    let message = e.message().to_string();
                    problems.push(PatternProblem { file: name.clone(), line, message });
                }
            }
        }
        let known: HashMap<&str, &KindSpec> = KINDS.iter().map(|k| (k.kind, k)).collect();
        // Each rule is read and expanded in file order, compiled on the thread pool
        // (compiling is most of a start: ~0.17 s for the embedded set on one core), and
        // gathered in file order again, so that rules and problems keep their order.
        let mut pending: Vec<Result<PendingRule, PatternProblem>> = Vec::new();
        for (name, source, def) in parsed {
            for spanned in def.rule {
                let line = line_of(source, spanned.span().start);
                let def = spanned.into_inner();
                let problem = |message: String| Err(PatternProblem { file: name.clone(), line, message });
                let Some(spec) = known.get(def.kind.as_str()) else {
                    pending.push(problem(format!("unknown rule kind {:?}", def.kind)));
                    continue;
                };
                match expand(&def.regex, &vars, 0) {
                    Ok(expanded) => {
                        pending.push(Ok(PendingRule { file: name.clone(), line, def, spec, expanded }));
                    }
                    Err(e) => pending.push(problem(e)),
                }
            }
        }
        let compiled: Vec<(Vec<PatternProblem>, Option<Rule>)> = pending
            .into_par_iter()
            .map(|rule| match rule {
                Ok(rule) => rule.compile(&nomenclature),
                Err(problem) => (vec![problem], None),
            })
            .collect();
        let mut by_kind: HashMap<String, Vec<Rule>> = HashMap::new();
        for (rule_problems, rule) in compiled {
            problems.extend(rule_problems);
            if let Some(rule) = rule {
                by_kind.entry(rule.kind.clone()).or_default().push(rule);
            }
        }
        if !problems.is_empty() {
            return Err(PatternErrors(problems));
        }
        crate::windows::share_anchors(by_kind.values_mut().flatten().map(|rule| &mut rule.regex));
        Ok(Patterns { by_kind, vars, nomenclature })
    }

    /// The rules of one kind, in file order (empty when none).
    pub fn rules(&self, kind: &str) -> &[Rule] {
        self.by_kind.get(kind).map(Vec::as_slice).unwrap_or(&[])
    }

    /// A variable's expanded text, for code that builds a regex around patterns' pieces.
    pub fn var(&self, name: &str) -> Option<String> {
        self.vars.get(name).and_then(|v| expand(v, &self.vars, 0).ok())
    }

    /// The @ctes subject nomenclature: level-2 code (« 7.1 ») → SCDL name
    /// (« finances locales/décisions budgétaires »).
    pub fn nomenclature(&self) -> &BTreeMap<String, String> {
        &self.nomenclature
    }

    /// Every rule, for listing and tests.
    pub fn all_rules(&self) -> impl Iterator<Item = &Rule> {
        self.by_kind.values().flatten()
    }
}

/// The nine level-1 matières of the @ctes nomenclature, as the SCDL writes them.
const MATIERES: &[&str] = &[
    "commande publique",
    "urbanisme",
    "domaine et patrimoine",
    "fonction publique",
    "institutions et vie politique",
    "libertés publiques et pouvoirs de police",
    "finances locales",
    "domaines de compétences par thèmes",
    "autres domaines de compétences",
];

/// What is wrong with one nomenclature entry, against the SCDL rules for
/// DELIB_MATIERE_CODE (`^\d\.\d{1,2}$`) and DELIB_MATIERE_NOM (level 1 / level 2, in
/// accented lower case, no comma, no parenthesis, one slash).
fn nomenclature_problems(code: &str, label: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let digits: Vec<&str> = code.split('.').collect();
    let code_ok = digits.len() == 2
        && digits[0].len() == 1
        && (1..=2).contains(&digits[1].len())
        && digits.iter().all(|d| d.bytes().all(|b| b.is_ascii_digit()));
    if !code_ok {
        problems.push(format!("nomenclature code {code:?} is not of the form 7.1 or 7.10"));
    }
    let parts: Vec<&str> = label.split('/').collect();
    if parts.len() != 2 || parts.iter().any(|p| p.is_empty() || p.trim() != *p) {
        problems.push(format!("{code}: the name must be « matière/sous-matière » with one slash, no space around it"));
    } else if !MATIERES.contains(&parts[0]) {
        problems.push(format!("{code}: {:?} is not one of the nine @ctes matières", parts[0]));
    } else if let Some(first) = MATIERES.iter().position(|m| *m == parts[0])
        && code_ok
        && digits[0] != (first + 1).to_string()
    {
        problems.push(format!("{code}: the matière {:?} has the number {}", parts[0], first + 1));
    }
    if label.contains([',', '(', ')']) || label.to_lowercase() != label {
        problems.push(format!("{code}: the name must be in lower case, without comma or parenthesis"));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(files: &[(&str, &str)]) -> Result<Patterns, PatternErrors> {
        let files: Vec<(String, String)> = files.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        Patterns::from_sources(&files)
    }

    #[test]
    fn the_embedded_set_loads() {
        let p = Patterns::embedded();
        assert!(!p.rules("date.form").is_empty());
    }

    #[test]
    fn variables_expand_and_examples_are_checked() {
        let ok = "[vars]\nword = 'pour'\n[[rule]]\nkind = 'vote.tally'\nvalue='for'\nregex = '$word : (?P<n>\\d+)$'\nexamples = ['pour : 3']\n";
        let p = load(&[("a.toml", ok)]).unwrap();
        assert!(p.rules("vote.tally")[0].regex.is_match("POUR : 12"));
    }

    #[test]
    fn every_problem_is_reported_with_file_and_line() {
        let bad = "[[rule]]\nkind = 'vote.tally'\nregex = '(?P<n>\\d+'\n\n[[rule]]\nkind = 'vote.talley'\nregex = 'x'\n\n[[rule]]\nkind = 'body'\nregex = '$nothing'\n\n[[rule]]\nkind = 'body'\nregex = 'conseil'\nexamples = ['comité']\ncounter_examples = ['le conseil']\n";
        let err = load(&[("bad.toml", bad)]).unwrap_err();
        let text = err.to_string();
        assert_eq!(err.0.len(), 5, "{text}");
        assert!(text.contains("bad.toml:1: the regex does not compile"), "{text}");
        assert!(text.contains("bad.toml:5: unknown rule kind \"vote.talley\""), "{text}");
        assert!(text.contains("bad.toml:9: unknown variable $nothing"), "{text}");
        assert!(text.contains("bad.toml:13: the example \"comité\" does not match"), "{text}");
        assert!(text.contains("counter-example \"le conseil\" matches"), "{text}");
    }

    #[test]
    fn toml_syntax_errors_name_the_line() {
        let err = load(&[("x.toml", "[[rule]]\nkind = 'body'\nregex = 'a\n")]).unwrap_err();
        assert_eq!(err.0[0].file, "x.toml");
        assert_eq!(err.0[0].line, 3, "{err}");
    }

    #[test]
    fn the_nomenclature_is_checked_like_the_scdl_requires() {
        assert!(nomenclature_problems("7.10", "finances locales/divers").is_empty());
        assert_eq!(nomenclature_problems("7.x", "finances locales/divers").len(), 1);
        assert_eq!(nomenclature_problems("8.1", "finances locales/divers").len(), 1, "wrong matière number");
        assert!(!nomenclature_problems("7.1", "Finances locales/Divers (tout)").is_empty());
        assert_eq!(nomenclature_problems("7.1", "finances locales / divers").len(), 1);
        assert_eq!(nomenclature_problems("7.1", "finances/divers").len(), 1);
        let bad = "[nomenclature]\n\"7.1\" = \"finances locales/décisions budgétaires\"\n[[rule]]\nkind = 'subject'\nvalue = '7.2'\nregex = 'taxe'\n";
        let err = load(&[("s.toml", bad)]).unwrap_err();
        assert!(err.to_string().contains("s.toml:3: a subject rule's value must be a code"), "{err}");
    }

    #[test]
    fn missing_named_groups_are_reported() {
        let err = load(&[("g.toml", "[[rule]]\nkind = 'vote.tally'\nregex = 'pour'\n")]).unwrap_err();
        assert!(err.to_string().contains("needs a named group (?P<n>...)"), "{err}");
    }
}

#[cfg(test)]
mod doc_tests {
    /// patterns/README.md documents every rule kind the code knows.
    #[test]
    fn the_readme_lists_every_kind() {
        let readme = include_str!("../patterns/README.md");
        for k in super::KINDS {
            assert!(readme.contains(&format!("`{}`", k.kind)), "patterns/README.md does not document {}", k.kind);
        }
    }
}
