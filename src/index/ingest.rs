//! Putting records into the index, file by file, as an upsert: a file already indexed
//! with the same size and time is not read again, one with the same bytes changes
//! nothing, a changed one has its entries replaced, and `prune` drops the entries of files
//! that are gone.
//!
//! Never half-written: tantivy makes a commit visible atomically, and we commit every
//! `commit_every` documents. After a crash the last commit is what the index holds; the
//! next run finds the files not yet in it and completes it. Citations are resolved at the
//! end of every run over the whole index, so that an interrupted run also gets its links
//! on the next one, and older records are linked to the documents that arrive later.

use std::collections::HashMap;
use std::path::Path;
use std::time::UNIX_EPOCH;

use tantivy::schema::Value;
use tantivy::{IndexWriter, TantivyDocument, TantivyError, Term};

use super::resolve::{Resolution, Resolver};
pub use super::schema::FileMeta;
use super::schema::{self, Hit};
use super::{IndexError, SearchIndex, damaged};
use crate::model::{Record, Status};

/// A test-only hook: abort the process right after adding a document once this many
/// commits are done, leaving uncommitted work behind as a crash or a kill would.
const CRASH_HOOK: &str = "REGISTRE_TEST_CRASH_AFTER_COMMITS";

#[derive(Debug, Clone, Copy)]
pub struct IngestOptions {
    /// Drop the entries of indexed files that no longer exist.
    pub prune: bool,
    /// Read every file again, even unchanged ones (after a registre upgrade).
    pub force: bool,
    /// Documents between two commits.
    pub commit_every: usize,
    /// The writer's memory budget in bytes (shared by its indexing threads).
    pub writer_memory: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions { prune: false, force: false, commit_every: 1000, writer_memory: 200 << 20 }
    }
}

/// What a run did, file by file, and what the citation pass found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IngestReport {
    /// Files already indexed with the same bytes: not touched.
    pub unchanged: usize,
    pub added: usize,
    pub replaced: usize,
    /// Files indexed with status `partial` or `failed` (counted in added/replaced too).
    pub partial: usize,
    pub failed: usize,
    pub pruned: usize,
    pub commits: usize,
    /// Index contents after the run.
    pub deliberations: usize,
    pub documents: usize,
    /// Deliberation references resolved, ambiguous and not in the index.
    pub resolved: usize,
    pub ambiguous: usize,
    pub unresolved: usize,
    /// Records rewritten because their links changed.
    pub relinked: usize,
}

/// What the index knows of an indexed file.
#[derive(Debug, Clone)]
struct Indexed {
    sha256: String,
    size: u64,
    mtime: u64,
}

/// An ingest in progress: holds the index's writer (one at a time per index).
pub struct Ingest<'a> {
    index: &'a SearchIndex,
    writer: IndexWriter<TantivyDocument>,
    indexed: HashMap<String, Indexed>,
    opts: IngestOptions,
    report: IngestReport,
    pending: usize,
    crash_after: Option<usize>,
}

/// The canonical form of a path (what entries are keyed by) and its size and time.
pub fn file_meta(path: &Path) -> std::io::Result<FileMeta> {
    let canonical = std::fs::canonicalize(path)?;
    let meta = std::fs::metadata(&canonical)?;
    let mtime = meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos() as u64);
    Ok(FileMeta { path: canonical.to_string_lossy().into_owned(), size: meta.len(), mtime })
}

impl<'a> Ingest<'a> {
    pub fn begin(index: &'a SearchIndex, opts: IngestOptions) -> Result<Ingest<'a>, IndexError> {
        let writer = index.tantivy().writer(opts.writer_memory.max(15 << 20)).map_err(|e| match e {
            TantivyError::LockFailure(..) => IndexError::Locked(index.dir().to_path_buf()),
            e => damaged(index.dir(), e),
        })?;
        let indexed = load_indexed(index)?;
        let crash_after = std::env::var(CRASH_HOOK).ok().and_then(|v| v.parse().ok());
        Ok(Ingest { index, writer, indexed, opts, report: IngestReport::default(), pending: 0, crash_after })
    }

    /// Whether `file` must be read: not when the index holds it with the same size and
    /// time (unless forced).
    pub fn needs(&self, file: &FileMeta) -> bool {
        self.opts.force
            || !self.indexed.get(&file.path).is_some_and(|known| known.size == file.size && known.mtime == file.mtime)
    }

    /// Counts a file `needs` said need not be read.
    pub fn skip_unchanged(&mut self) {
        self.report.unchanged += 1;
    }

    /// Puts the record read from `file` in the index, replacing what the file had there.
    pub fn put(&mut self, record: &Record, file: FileMeta) -> Result<(), IndexError> {
        let known = self.indexed.get(&file.path);
        if !self.opts.force && known.is_some_and(|k| k.sha256 == record.source.sha256 && k.size == file.size) {
            self.report.unchanged += 1;
            return Ok(());
        }
        if known.is_some() {
            self.report.replaced += 1;
            self.writer.delete_term(Term::from_field_text(self.index.fields().path, &file.path));
        } else {
            self.report.added += 1;
        }
        match record.status {
            Status::Ok => {}
            Status::Partial => self.report.partial += 1,
            Status::Failed => self.report.failed += 1,
        }
        self.add(record, &file)?;
        let indexed = Indexed { sha256: record.source.sha256.clone(), size: file.size, mtime: file.mtime };
        self.indexed.insert(file.path, indexed);
        if self.crash_after.is_some_and(|k| self.report.commits >= k) {
            std::process::abort();
        }
        self.pending += 1;
        if self.pending >= self.opts.commit_every.max(1) {
            self.commit()?;
        }
        Ok(())
    }

    fn add(&mut self, record: &Record, file: &FileMeta) -> Result<(), IndexError> {
        for doc in schema::entries(record, file, self.index.fields()) {
            self.writer.add_document(doc).map_err(|e| damaged(self.index.dir(), e))?;
        }
        Ok(())
    }

    fn commit(&mut self) -> Result<(), IndexError> {
        self.writer.commit().map_err(|e| damaged(self.index.dir(), e))?;
        self.report.commits += 1;
        self.pending = 0;
        Ok(())
    }

    /// Prunes (when asked), commits, resolves the citations of the whole index and
    /// commits the records whose links changed.
    pub fn finish(mut self) -> Result<IngestReport, IndexError> {
        if self.opts.prune {
            let gone: Vec<String> = self.indexed.keys().filter(|p| !Path::new(p).exists()).cloned().collect();
            for path in gone {
                self.writer.delete_term(Term::from_field_text(self.index.fields().path, &path));
                self.indexed.remove(&path);
                self.report.pruned += 1;
                self.pending += 1;
            }
        }
        if self.pending > 0 {
            self.commit()?;
        }
        self.link()?;
        let (deliberations, documents) = self.index.counts()?;
        self.report.deliberations = deliberations;
        self.report.documents = documents;
        self.writer.wait_merging_threads().map_err(|e| damaged(self.index.dir(), e))?;
        Ok(self.report)
    }

    /// Resolves every deliberation reference against the index and rewrites the records
    /// whose resolution changed (a newly ingested document may be the one they cite).
    fn link(&mut self) -> Result<(), IndexError> {
        let hits = self.index.all_hits()?;
        let resolver = Resolver::new(&hits);
        let mut stale: Vec<&Hit> = Vec::new();
        for hit in &hits {
            let mut references = hit.references.clone();
            if resolver.apply(hit, &mut references) {
                stale.push(hit);
            }
            for r in references.iter().filter(|r| r.kind == "deliberation") {
                match resolver.resolve(hit, r) {
                    Resolution::Resolved(_) => self.report.resolved += 1,
                    Resolution::Ambiguous(_) => self.report.ambiguous += 1,
                    Resolution::Unresolved => self.report.unresolved += 1,
                }
            }
        }
        let mut records: Vec<&str> = stale.iter().map(|h| h.record_id.as_str()).collect();
        records.sort();
        records.dedup();
        if records.is_empty() {
            return Ok(());
        }
        let searcher = self.index.searcher()?;
        let by_key: HashMap<&str, &Hit> = hits.iter().map(|h| (h.key.as_str(), h)).collect();
        for record_id in records {
            for (mut record, file) in self.index.records_with_files(&searcher, record_id)? {
                for (i, d) in record.deliberations.iter_mut().enumerate() {
                    if let Some(hit) = by_key.get(schema::deliberation_key(&record.id, i).as_str()) {
                        resolver.apply(hit, &mut d.references);
                    }
                }
                self.writer.delete_term(Term::from_field_text(self.index.fields().path, &file.path));
                self.add(&record, &file)?;
                self.report.relinked += 1;
            }
        }
        self.commit()
    }
}

impl SearchIndex {
    /// The records of `record_id` with the files they were read from (the same bytes may
    /// sit at several paths).
    fn records_with_files(
        &self,
        searcher: &tantivy::Searcher,
        record_id: &str,
    ) -> Result<Vec<(Record, FileMeta)>, IndexError> {
        use tantivy::collector::DocSetCollector;
        use tantivy::query::TermQuery;
        use tantivy::schema::IndexRecordOption;
        let f = self.fields();
        let query = TermQuery::new(Term::from_field_text(f.record_id, record_id), IndexRecordOption::Basic);
        let mut out = Vec::new();
        for address in searcher.search(&query, &DocSetCollector).map_err(|e| damaged(self.dir(), e))? {
            let doc: TantivyDocument = searcher.doc(address).map_err(|e| damaged(self.dir(), e))?;
            let Some(json) = doc.get_first(f.record).and_then(|v| v.as_str()) else { continue };
            let record: Record = serde_json::from_str(json).map_err(|e| damaged(self.dir(), e))?;
            let file = FileMeta {
                path: doc.get_first(f.path).and_then(|v| v.as_str()).unwrap_or_default().to_string(),
                size: doc.get_first(f.size).and_then(|v| v.as_u64()).unwrap_or(0),
                mtime: doc.get_first(f.mtime).and_then(|v| v.as_u64()).unwrap_or(0),
            };
            out.push((record, file));
        }
        Ok(out)
    }
}

/// Every indexed file with its hash, size and time, read from the fast fields (no stored
/// document is decompressed, so this stays quick on a large index).
fn load_indexed(index: &SearchIndex) -> Result<HashMap<String, Indexed>, IndexError> {
    let searcher = index.searcher()?;
    let mut out = HashMap::new();
    let err = |e: &dyn std::fmt::Display| damaged(index.dir(), e);
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(paths), Some(shas)) =
            (fast.str("path").map_err(|e| err(&e))?, fast.str("sha256").map_err(|e| err(&e))?)
        else {
            continue;
        };
        let sizes = fast.u64("size").map_err(|e| err(&e))?;
        let mtimes = fast.u64("mtime").map_err(|e| err(&e))?;
        let (mut path, mut sha) = (String::new(), String::new());
        for doc in segment.doc_ids_alive() {
            let (Some(p), Some(s)) = (paths.term_ords(doc).next(), shas.term_ords(doc).next()) else { continue };
            paths.ord_to_str(p, &mut path).map_err(|e| err(&e))?;
            shas.ord_to_str(s, &mut sha).map_err(|e| err(&e))?;
            let indexed = Indexed {
                sha256: sha.clone(),
                size: sizes.first(doc).unwrap_or(0),
                mtime: mtimes.first(doc).unwrap_or(0),
            };
            out.insert(path.clone(), indexed);
        }
    }
    Ok(out)
}
