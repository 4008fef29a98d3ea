//! `--format sqlite`: a database an analyst opens in Datasette or any SQL client.
//!
//! Tables `documents`, `deliberations`, `members` (one row per person per session, with
//! status and proxy holder), `votes` (the whole vote, and one row per political group when
//! the text counts them), `"references"` (quoted: a keyword of SQL) with `resolves_to`,
//! `findings`; foreign keys; indexes on the columns people filter by; an FTS5 table
//! `deliberations_fts` over titles and texts; views `member_attendance`,
//! `deliberations_with_errors`, `most_cited_deliberations`.
//!
//! The database is built in a temporary file beside the target and renamed over it at
//! [`Exporter::finish`]: re-exporting replaces an existing file atomically, and a failed
//! export leaves the old one untouched. SQLite is compiled into the binary (rusqlite's
//! `bundled` feature), so no system library is needed.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};
use tempfile::NamedTempFile;

use super::{Context, ExportError, Exporter, members, subjects};
use crate::model::Record;
use crate::text::{floor_char_boundary, fold};

const SCHEMA: &str = r#"
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT,
    bytes INTEGER,
    pages INTEGER,
    status TEXT NOT NULL,
    error TEXT,
    collectivity TEXT,
    collectivity_kind TEXT,
    siren TEXT,
    body TEXT,
    session_date TEXT,
    session_time TEXT,
    place TEXT,
    convocation_date TEXT,
    president TEXT,
    secretary TEXT,
    stated_in_office INTEGER, stated_present INTEGER, stated_absent INTEGER,
    stated_excused INTEGER, stated_proxies INTEGER, stated_voters INTEGER,
    counted_in_office INTEGER, counted_present INTEGER, counted_absent INTEGER,
    counted_excused INTEGER, counted_proxies INTEGER, counted_voters INTEGER,
    prefecture_date TEXT,
    publication_date TEXT,
    display_date TEXT,
    acte_id TEXT,
    -- The same session whatever file told it (a PDF and its text twin).
    session_key TEXT NOT NULL
);
CREATE TABLE deliberations (
    id TEXT PRIMARY KEY,                      -- record id#index
    document_id TEXT NOT NULL REFERENCES documents(id),
    item_index INTEGER NOT NULL,
    number TEXT,
    title TEXT,
    subject_code TEXT,                        -- @ctes nomenclature, level 2
    subject_name TEXT,
    subject_from TEXT,                        -- title | vu
    present INTEGER, proxies INTEGER, voters INTEGER,   -- restated for this item
    span_start INTEGER, span_end INTEGER,
    -- The same deliberation whatever file told it: collectivity, number, session date.
    deliberation_key TEXT NOT NULL
);
CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    session_key TEXT NOT NULL,
    collectivity_key TEXT NOT NULL,
    name TEXT NOT NULL,
    member_key TEXT NOT NULL,                 -- folded, sorted words: the same person
    title TEXT,
    political_group TEXT,
    status TEXT NOT NULL,                     -- present | excused | absent
    proxy_to TEXT,                            -- as the document writes it
    proxy_to_key TEXT,                        -- the roll member it designates
    -- A session told by two files (a PDF and its text twin) lists each person once.
    UNIQUE (session_key, member_key)
);
CREATE TABLE votes (
    id INTEGER PRIMARY KEY,
    deliberation_id TEXT NOT NULL REFERENCES deliberations(id),
    political_group TEXT,                     -- NULL: the whole vote
    votes_for INTEGER, votes_against INTEGER, abstention INTEGER, not_voting INTEGER,
    blank INTEGER, spoiled INTEGER, expressed INTEGER, voters INTEGER,
    unanimous INTEGER, method TEXT, outcome TEXT
);
CREATE TABLE "references" (
    id INTEGER PRIMARY KEY,
    deliberation_id TEXT NOT NULL REFERENCES deliberations(id),
    kind TEXT NOT NULL,
    number TEXT,
    date TEXT,
    issuer TEXT,
    text TEXT NOT NULL,
    page INTEGER,
    span_start INTEGER, span_end INTEGER,
    resolves_to TEXT                          -- deliberations.id it designates
);
CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    deliberation_id TEXT REFERENCES deliberations(id),
    rule TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    evidence TEXT,
    line INTEGER,
    page INTEGER
);
CREATE VIRTUAL TABLE deliberations_fts USING fts5(
    deliberation_id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2'
);
"#;

const INDEXES_AND_VIEWS: &str = r#"
CREATE INDEX documents_collectivity ON documents(collectivity);
CREATE INDEX documents_session_date ON documents(session_date);
CREATE INDEX documents_status ON documents(status);
CREATE INDEX deliberations_document ON deliberations(document_id);
CREATE INDEX deliberations_number ON deliberations(number);
CREATE INDEX deliberations_subject ON deliberations(subject_code);
CREATE INDEX deliberations_key ON deliberations(deliberation_key);
CREATE INDEX members_document ON members(document_id);
CREATE INDEX members_person ON members(collectivity_key, member_key);
CREATE INDEX members_status ON members(status);
CREATE INDEX members_holder ON members(collectivity_key, proxy_to_key);
CREATE INDEX votes_deliberation ON votes(deliberation_id);
CREATE INDEX references_deliberation ON "references"(deliberation_id);
CREATE INDEX references_kind_number ON "references"(kind, number);
CREATE INDEX references_resolves_to ON "references"(resolves_to);
CREATE INDEX findings_document ON findings(document_id);
CREATE INDEX findings_deliberation ON findings(deliberation_id);
CREATE INDEX findings_rule ON findings(rule);
CREATE INDEX findings_severity ON findings(severity);

-- A session told by two files counts once (DISTINCT session_key).
CREATE VIEW member_attendance AS
SELECT m.collectivity_key,
       MIN(d.collectivity) AS collectivity,
       m.member_key,
       MIN(m.name) AS name,
       COUNT(DISTINCT m.session_key) AS sessions,
       COUNT(DISTINCT CASE WHEN m.status = 'present' THEN m.session_key END) AS present,
       COUNT(DISTINCT CASE WHEN m.status = 'excused' THEN m.session_key END) AS excused,
       COUNT(DISTINCT CASE WHEN m.status = 'absent' THEN m.session_key END) AS absent,
       COUNT(DISTINCT CASE WHEN m.proxy_to IS NOT NULL THEN m.session_key END) AS proxies_given,
       (SELECT COUNT(DISTINCT h.session_key) FROM members h
         WHERE h.collectivity_key = m.collectivity_key AND h.proxy_to_key = m.member_key) AS proxies_held,
       ROUND(1.0 * COUNT(DISTINCT CASE WHEN m.status = 'present' THEN m.session_key END)
             / COUNT(DISTINCT m.session_key), 3) AS attendance_rate
FROM members m JOIN documents d ON d.id = m.document_id
GROUP BY m.collectivity_key, m.member_key;

-- A finding without a deliberation (the session's roll, the convocation) concerns every
-- deliberation of its document.
CREATE VIEW deliberations_with_errors AS
SELECT l.id AS deliberation_id, d.collectivity, d.session_date, l.number, l.title,
       COUNT(*) AS errors, GROUP_CONCAT(DISTINCT f.rule) AS rules, d.path
FROM deliberations l
JOIN documents d ON d.id = l.document_id
JOIN findings f ON f.document_id = l.document_id
               AND (f.deliberation_id = l.id OR f.deliberation_id IS NULL)
WHERE f.severity = 'error'
GROUP BY l.id;

-- Citations from distinct deliberations (a PDF and its text twin cite once).
CREATE VIEW most_cited_deliberations AS
SELECT t.id AS deliberation_id, td.collectivity, td.session_date, t.number, t.title,
       COUNT(DISTINCT c.deliberation_key) AS citations
FROM "references" r
JOIN deliberations t ON t.id = r.resolves_to
JOIN documents td ON td.id = t.document_id
JOIN deliberations c ON c.id = r.deliberation_id
GROUP BY t.deliberation_key
ORDER BY citations DESC, td.session_date DESC;
"#;

/// A reference to a deliberation is resolved inside the export when exactly its number
/// and its date name a deliberation of the database (another one than the citing item and
/// its twins); the first such item, by id, is the target. A reference by date alone is
/// resolved when the citing collectivity adopted one deliberation that day.
const RESOLVE_REFERENCES: &str = r#"
UPDATE "references" SET resolves_to = (
    SELECT t.id FROM deliberations t JOIN documents td ON td.id = t.document_id
    JOIN deliberations c ON c.id = "references".deliberation_id
    WHERE t.number = "references".number AND td.session_date = "references".date
      AND t.deliberation_key <> c.deliberation_key
    ORDER BY t.id LIMIT 1)
WHERE kind = 'deliberation' AND resolves_to IS NULL AND number IS NOT NULL AND date IS NOT NULL;

-- A reference by date alone (« sa délibération du 28 novembre 2018 ») designates the
-- citing collectivity's deliberation of that session when there is only one; a session
-- that adopted several stays unresolved rather than guessed.
UPDATE "references" SET resolves_to = (
    SELECT MIN(t.id) FROM deliberations t JOIN documents td ON td.id = t.document_id
    JOIN deliberations c ON c.id = "references".deliberation_id
    JOIN documents cd ON cd.id = c.document_id
    WHERE td.session_date = "references".date AND td.collectivity = cd.collectivity
      AND t.deliberation_key <> c.deliberation_key
    HAVING COUNT(DISTINCT t.deliberation_key) = 1)
WHERE kind = 'deliberation' AND resolves_to IS NULL AND number IS NULL AND date IS NOT NULL;
"#;

pub struct SqliteExporter<'a> {
    conn: Connection,
    temp: NamedTempFile,
    target: PathBuf,
    ctx: Context<'a>,
}

impl<'a> SqliteExporter<'a> {
    /// Starts a database that will replace `target` when finished.
    pub fn create(target: &Path, ctx: Context<'a>) -> Result<SqliteExporter<'a>, ExportError> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let temp = tempfile::Builder::new().prefix(".registre-export-").suffix(".sqlite").tempfile_in(&dir)?;
        let conn = Connection::open(temp.path())?;
        // The temporary file is thrown away on failure: no journal, no fsync until the end.
        conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON;")?;
        conn.execute_batch(SCHEMA)?;
        conn.execute_batch("BEGIN")?;
        Ok(SqliteExporter { conn, temp, target: target.to_path_buf(), ctx })
    }
}

fn slice(text: Option<&str>, span: [usize; 2]) -> &str {
    let Some(text) = text else { return "" };
    let start = floor_char_boundary(text, span[0].min(text.len()));
    let end = floor_char_boundary(text, span[1].min(text.len()).max(start));
    &text[start..end]
}

impl Exporter for SqliteExporter<'_> {
    fn write(&mut self, r: &Record) -> Result<(), ExportError> {
        let c = &self.conn;
        let session = super::session_key(r).unwrap_or_else(|| r.id.clone());
        let (s, k) = (r.attendance.stated, r.attendance.counted.unwrap_or_default());
        let inserted = c.prepare_cached(
            "INSERT OR IGNORE INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        )?
        .execute(rusqlite::params_from_iter::<[&dyn rusqlite::ToSql; 35]>([
            &r.id,
            &r.source.path,
            &r.source.sha256,
            &r.source.format,
            &(r.source.bytes as i64),
            &r.source.pages,
            &status_name(r),
            &r.error,
            &r.collectivity.name,
            &r.collectivity.kind,
            &r.collectivity.siren,
            &r.body,
            &r.session.date,
            &r.session.time,
            &r.session.place,
            &r.session.convocation_date,
            &r.session.president,
            &r.session.secretary,
            &s.in_office,
            &s.present,
            &s.absent,
            &s.excused,
            &s.proxies,
            &s.voters,
            &k.in_office,
            &k.present,
            &k.absent,
            &k.excused,
            &k.proxies,
            &k.voters,
            &r.transmission.prefecture_date,
            &r.transmission.publication_date,
            &r.transmission.display_date,
            &r.transmission.acte_id,
            &session,
        ]))?;
        if inserted == 0 {
            // The same bytes under another path: the record is already in.
            return Ok(());
        }
        let coll_key = fold(r.collectivity.name.as_deref().unwrap_or(""));
        for m in &r.attendance.members {
            c.prepare_cached("INSERT OR IGNORE INTO members (document_id, session_key, collectivity_key, name, member_key, title, political_group, status, proxy_to, proxy_to_key) VALUES (?,?,?,?,?,?,?,?,?,?)")?
                .execute(params![
                    r.id,
                    session,
                    coll_key,
                    m.name,
                    members::member_key(&m.name, m.title.as_deref()),
                    m.title,
                    m.group,
                    m.status,
                    m.proxy_to,
                    m.proxy_to.as_deref().and_then(|h| members::holder_key(h, r)),
                ])?;
        }
        for (index, d) in r.deliberations.iter().enumerate() {
            let id = super::item_id(r, index);
            let subject = subjects::classify(r, index, self.ctx.patterns);
            let att = d.attendance.as_ref();
            c.prepare_cached("INSERT INTO deliberations VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")?.execute(params![
                id,
                r.id,
                index as i64,
                d.number,
                d.title,
                subject.as_ref().map(|s| &s.code),
                subject.as_ref().map(|s| &s.name),
                subject.as_ref().map(|s| s.from.as_str()),
                att.and_then(|a| a.present),
                att.and_then(|a| a.proxies),
                att.and_then(|a| a.voters),
                d.span[0] as i64,
                d.span[1] as i64,
                super::deliberation_key(r, d, index),
            ])?;
            let v = &d.votes;
            c.prepare_cached("INSERT INTO votes (deliberation_id, political_group, votes_for, votes_against, abstention, not_voting, blank, spoiled, expressed, voters, unanimous, method, outcome) VALUES (?,NULL,?,?,?,?,?,?,?,?,?,?,?)")?
                .execute(params![id, v.for_, v.against, v.abstention, v.not_voting, v.blank, v.spoiled, v.expressed, v.voters, v.unanimous, v.method, v.outcome])?;
            for g in &v.by_group {
                c.prepare_cached("INSERT INTO votes (deliberation_id, political_group, votes_for, votes_against, abstention) VALUES (?,?,?,?,?)")?
                    .execute(params![id, g.group, g.for_, g.against, g.abstention])?;
            }
            for f in &d.references {
                c.prepare_cached("INSERT INTO \"references\" (deliberation_id, kind, number, date, issuer, text, page, span_start, span_end, resolves_to) VALUES (?,?,?,?,?,?,?,?,?,?)")?
                    .execute(params![id, f.kind, f.number, f.date, f.issuer, f.text, f.page, f.span[0] as i64, f.span[1] as i64, f.resolves_to])?;
            }
            c.prepare_cached("INSERT INTO deliberations_fts (deliberation_id, title, text) VALUES (?,?,?)")?
                .execute(params![id, d.title, slice(r.text.as_deref(), d.span)])?;
        }
        for f in &r.findings {
            let deliberation = f.deliberation.filter(|&i| i < r.deliberations.len()).map(|i| super::item_id(r, i));
            c.prepare_cached("INSERT INTO findings (document_id, deliberation_id, rule, severity, message, evidence, line, page) VALUES (?,?,?,?,?,?,?,?)")?
                .execute(params![r.id, deliberation, f.rule, f.severity, f.message, f.evidence, f.line.map(|l| l as i64), f.page])?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), ExportError> {
        let SqliteExporter { conn, temp, target, .. } = *self;
        conn.execute_batch(RESOLVE_REFERENCES)?;
        conn.execute_batch(INDEXES_AND_VIEWS)?;
        conn.execute_batch("COMMIT")?;
        let violations: i64 = conn.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |row| row.get(0))?;
        if violations > 0 {
            return Err(ExportError::Io(std::io::Error::other(format!("{violations} foreign key violation(s)"))));
        }
        conn.close().map_err(|(_, e)| e)?;
        temp.persist(&target).map_err(|e| e.error)?;
        Ok(())
    }
}

fn status_name(r: &Record) -> &'static str {
    match r.status {
        crate::model::Status::Ok => "ok",
        crate::model::Status::Partial => "partial",
        crate::model::Status::Failed => "failed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Facts;
    use crate::export::test_support::golden;
    use crate::patterns::Patterns;

    fn build(path: &Path, records: &[Record]) {
        let patterns = Patterns::embedded();
        let facts = Facts::none();
        let mut exporter =
            Box::new(SqliteExporter::create(path, Context { facts: &facts, patterns: &patterns }).unwrap());
        for r in records {
            exporter.write(r).unwrap();
        }
        exporter.finish().unwrap();
    }

    fn count(conn: &Connection, sql: &str) -> i64 {
        conn.query_row(sql, [], |row| row.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    #[test]
    fn golden_records_answer_sql_and_references_resolve_inside_the_export() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.sqlite");
        let names = ["gruson-2023-57", "smo-npdc-numerique-2022-15", "smo-npdc-numerique-2019-12"];
        build(&path, &names.map(golden));
        let conn = Connection::open(&path).unwrap();
        assert_eq!(count(&conn, "SELECT COUNT(*) FROM documents"), 3);
        assert_eq!(
            count(
                &conn,
                "SELECT COUNT(*) FROM members m JOIN deliberations l ON l.document_id = m.document_id \
                 WHERE l.number = '2022-15' AND m.status = 'present'"
            ),
            7
        );
        // Gruson's « délibération 2022-15 du 16 juin 2022 » is the syndicat's 2022-15.
        assert_eq!(count(&conn, "SELECT citations FROM most_cited_deliberations WHERE number = '2022-15'"), 1);
        assert_eq!(count(&conn, "SELECT COUNT(*) FROM deliberations_fts WHERE deliberations_fts MATCH 'scolaires'"), 1);
        assert_eq!(
            count(&conn, "SELECT proxies_held FROM member_attendance WHERE name = 'Mélanie DAZIN-DESLANDES'"),
            1
        );
    }

    #[test]
    fn re_exporting_replaces_the_file_and_a_failed_export_leaves_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.sqlite");
        build(&path, &[golden("gruson-2023-57")]);
        build(&path, &[golden("smo-npdc-numerique-2022-15"), golden("smo-npdc-numerique-2019-12")]);
        let conn = Connection::open(&path).unwrap();
        assert_eq!(count(&conn, "SELECT COUNT(*) FROM documents"), 2);
        drop(conn);
        {
            let patterns = Patterns::embedded();
            let facts = Facts::none();
            let mut unfinished = SqliteExporter::create(&path, Context { facts: &facts, patterns: &patterns }).unwrap();
            unfinished.write(&golden("gruson-2023-57")).unwrap();
        } // dropped without finish: the temporary file goes, the database stays
        let conn = Connection::open(&path).unwrap();
        assert_eq!(count(&conn, "SELECT COUNT(*) FROM documents"), 2);
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file left beside the database");
    }
}
