//! Putting records into the index, file by file, as an upsert: a file already indexed
//! with the same size and time is not read again, one with the same bytes changes
//! nothing, a changed one has its entries replaced, and `prune` drops the entries of files
//! that are gone. The same bytes at several paths are one document that lists them all.
//!
//! Never half-written: tantivy makes a commit visible atomically, and we commit every
//! `commit_every` documents or `commit_secs` seconds. After a crash the last commit is
//! what the index holds; the next run finds the files not yet in it and completes it.
//! Citations are resolved after the files, over the whole index, so that older records are
//! linked to the documents that arrive later; the commit says whether that pass is done
//! (its payload), so that a run interrupted before it gets it from the next one.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::Path;
use std::sync::Arc;
use std::time::{Instant, UNIX_EPOCH};

use tantivy::indexer::UserOperation;
use tantivy::{IndexWriter, TantivyDocument, TantivyError, Term};

use super::resolve::{Resolution, Resolver, Target};
use super::schema;
pub use super::schema::FileMeta;
use super::{IndexError, SearchIndex, damaged, strings_of};
use crate::model::{Record, Reference, Status};

/// A test-only hook: abort the process right after adding a document once this many
/// commits are done, leaving uncommitted work behind as a crash or a kill would.
const CRASH_HOOK: &str = "REGISTRE_TEST_CRASH_AFTER_COMMITS";

/// Segments with more entries than this (about 4,000 documents) are not merged again: the
/// small segments of incremental runs are merged, the large ones of a bulk import are not.
const MAX_ENTRIES_BEFORE_MERGE: usize = 20_000;

/// Index operations handed to tantivy at once. Each call of `add_document` may wake one
/// of its indexing threads for one entry, where a batch wakes one for a few dozen
/// documents (measured alone, 20,000 documents on 2 cores: 4,000–10,000 fewer context
/// switches, of 190,000; most were in the channels between registre's own stages).
const OPERATIONS_BATCH: usize = 256;

/// Records relinked through one transient reader and between two commits (see
/// `Ingest::link`).
const RELINK_BATCH: usize = 200;

/// What a deliberation reference resolves to, as the citation pass decided it.
struct Link {
    to: Option<String>,
    candidates: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
pub struct IngestOptions {
    /// Drop the entries of indexed files that no longer exist.
    pub prune: bool,
    /// Read every file again, even unchanged ones (after a registre upgrade).
    pub force: bool,
    /// Documents between two commits.
    pub commit_every: usize,
    /// Seconds between two commits.
    pub commit_secs: u64,
    /// The writer's memory budget in bytes (shared by its indexing threads).
    pub writer_memory: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        // Sparse commits: each one closes segments that merges must then rewrite.
        IngestOptions { prune: false, force: false, commit_every: 10_000, commit_secs: 60, writer_memory: 256 << 20 }
    }
}

/// What a run did, file by file, and what the citation pass found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IngestReport {
    /// Files already indexed with the same bytes: not touched.
    pub unchanged: usize,
    pub added: usize,
    pub replaced: usize,
    /// Files whose bytes another path already holds: one document for both.
    pub duplicates: usize,
    /// Files indexed with status `partial` or `failed` (counted in added/replaced too).
    pub partial: usize,
    pub failed: usize,
    pub pruned: usize,
    pub commits: usize,
    /// Index contents after the run.
    pub deliberations: usize,
    pub documents: usize,
    pub files: usize,
    /// Deliberation references resolved, ambiguous and not in the index.
    pub resolved: usize,
    pub ambiguous: usize,
    pub unresolved: usize,
    /// Records rewritten because their links changed.
    pub relinked: usize,
}

/// A content's SHA-256 as the run's maps keep it: 32 bytes, where its hex `String` took
/// 88 and an allocation. The maps of a run hold one entry per file (see `Ingest`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Digest([u8; 32]);

impl Digest {
    /// The digest a 64-digit hex string writes (what records and the index hold).
    pub fn from_hex(hex: &str) -> Option<Digest> {
        let bytes = hex.as_bytes();
        if bytes.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (o, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
            let digit = |b: u8| (b as char).to_digit(16);
            *o = (digit(pair[0])? * 16 + digit(pair[1])?) as u8;
        }
        Some(Digest(out))
    }

    /// Its lower-case hex form (as `read::sha256_hex` writes it).
    pub fn to_hex(self) -> String {
        crate::read::hex(&self.0)
    }
}

/// The digest of a record's or an index entry's content.
fn digest_of(index: &SearchIndex, sha: &str) -> Result<Digest, IndexError> {
    Digest::from_hex(sha).ok_or_else(|| damaged(index.dir(), format!("« {sha} » is not a SHA-256")))
}

/// What the index knows of an indexed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indexed {
    pub sha256: Digest,
    pub size: u64,
    pub mtime: u64,
}

/// The files the index held when the run began, shared with the walker so that it skips
/// unchanged files without reading them.
#[derive(Debug, Default)]
pub struct KnownFiles(HashMap<Arc<str>, Indexed>);

impl KnownFiles {
    /// Whether `file` must be read: not when it is indexed with the same size and time.
    pub fn unchanged(&self, file: &FileMeta) -> bool {
        self.0.get(file.path.as_str()).is_some_and(|k| k.size == file.size && k.mtime == file.mtime)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The paths that hold one content, sorted: nearly always one, kept without a vector.
#[derive(Debug, Clone)]
enum Holders {
    One(Arc<str>),
    Many(Vec<Arc<str>>),
}

impl Holders {
    fn paths(&self) -> &[Arc<str>] {
        match self {
            Holders::One(p) => std::slice::from_ref(p),
            Holders::Many(paths) => paths,
        }
    }

    /// Adds `path` (once); false when it was there.
    fn insert(&mut self, path: &Arc<str>) -> bool {
        if self.paths().contains(path) {
            return false;
        }
        let mut paths = self.paths().to_vec();
        paths.push(Arc::clone(path));
        paths.sort();
        *self = Holders::Many(paths);
        true
    }

    /// Removes `path`; false when no path is left.
    fn remove(&mut self, path: &str) -> bool {
        let mut paths: Vec<Arc<str>> = self.paths().iter().filter(|p| ***p != *path).cloned().collect();
        match paths.len() {
            0 => false,
            1 => {
                *self = Holders::One(paths.remove(0));
                true
            }
            _ => {
                *self = Holders::Many(paths);
                true
            }
        }
    }
}

/// Records that `path` holds the content `sha`; true when a path held it already.
fn hold(holders: &mut HashMap<Digest, Holders>, sha: Digest, path: &Arc<str>) -> bool {
    match holders.entry(sha) {
        Entry::Occupied(mut e) => {
            e.get_mut().insert(path);
            true
        }
        Entry::Vacant(e) => {
            e.insert(Holders::One(Arc::clone(path)));
            false
        }
    }
}

/// An ingest in progress: holds the index's writer (one at a time per index).
pub struct Ingest<'a> {
    index: &'a SearchIndex,
    writer: IndexWriter<TantivyDocument>,
    /// Deletes and adds not handed to the writer yet, in order (see [`OPERATIONS_BATCH`]).
    operations: Vec<UserOperation<TantivyDocument>>,
    /// The files at the start of the run, and what this run changed (`None`: removed).
    /// These maps grow with the corpus (one entry per file), so their entries are small
    /// and a path is allocated once for both (100,000 files: about 50 MB with the
    /// digests in hex and a string per path and map, the largest growth of a bulk run).
    known: Arc<KnownFiles>,
    changes: HashMap<Arc<str>, Option<Indexed>>,
    /// The paths that hold each content.
    holders: HashMap<Digest, Holders>,
    opts: IngestOptions,
    report: IngestReport,
    pending: usize,
    last_commit: Instant,
    /// Whether this run changed the index (the citations must then be resolved again).
    dirty: bool,
    crash_after: Option<usize>,
}

/// The canonical form of a path (what entries are keyed by) and its size and time.
pub fn file_meta(path: &Path) -> std::io::Result<FileMeta> {
    let canonical = std::fs::canonicalize(path)?;
    let meta = std::fs::metadata(&canonical)?;
    let mtime = meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos() as u64);
    Ok(FileMeta { path: canonical.to_string_lossy().into_owned(), size: meta.len(), mtime })
}

/// A record with its index entries, built on the thread that read it.
pub struct Prepared {
    pub record: Record,
    entries: Vec<TantivyDocument>,
}

impl Prepared {
    pub fn new(record: Record, fields: &schema::Fields) -> Prepared {
        let entries = schema::content_entries(&record, fields);
        Prepared { record, entries }
    }
}

/// What a commit's payload says.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Payload {
    /// The citations were resolved after the last change.
    linked: bool,
}

impl<'a> Ingest<'a> {
    pub fn begin(index: &'a SearchIndex, opts: IngestOptions) -> Result<Ingest<'a>, IndexError> {
        // Extraction takes most of the cores: one indexing thread per four keeps up with
        // them, and two at least (measured on 2 cores: one thread alone fell behind, 7 %
        // slower).
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = (cores / 4).clamp(2, 8);
        let writer = index.tantivy().writer_with_num_threads(threads, opts.writer_memory.max(15 << 20)).map_err(
            |e| match e {
                TantivyError::LockFailure(..) => IndexError::Locked(index.dir().to_path_buf()),
                e => damaged(index.dir(), e),
            },
        )?;
        // Large segments are left as they are: merging eight of them maps and rewrites most
        // of the index (measured on 100,000 documents: 900 MB of index files mapped at
        // once, the resident memory trebled), for little gain in search speed.
        let mut policy = tantivy::indexer::LogMergePolicy::default();
        policy.set_max_docs_before_merge(MAX_ENTRIES_BEFORE_MERGE);
        writer.set_merge_policy(Box::new(policy));
        let known = load_known(index)?;
        let mut holders: HashMap<Digest, Holders> = HashMap::new();
        for (path, file) in &known.0 {
            hold(&mut holders, file.sha256, path);
        }
        let crash_after = std::env::var(CRASH_HOOK).ok().and_then(|v| v.parse().ok());
        // An index whose last commit left the citations unresolved gets them now.
        let dirty = !index.payload::<Payload>().linked && !known.is_empty();
        Ok(Ingest {
            index,
            writer,
            operations: Vec::with_capacity(OPERATIONS_BATCH),
            known: Arc::new(known),
            changes: HashMap::new(),
            holders,
            opts,
            report: IngestReport::default(),
            pending: 0,
            last_commit: Instant::now(),
            dirty,
            crash_after,
        })
    }

    /// The files indexed when the run began (for the walker).
    pub fn known(&self) -> Arc<KnownFiles> {
        Arc::clone(&self.known)
    }

    fn lookup(&self, path: &str) -> Option<Indexed> {
        match self.changes.get(path) {
            Some(change) => *change,
            None => self.known.0.get(path).copied(),
        }
    }

    /// What [`Ingest::lookup`] says of `path`, with `path` as the maps hold it (the string
    /// already there, else a new one), in one look.
    fn held_as(&self, path: &str) -> (Arc<str>, Option<Indexed>) {
        match self.changes.get_key_value(path) {
            Some((p, change)) => (Arc::clone(p), *change),
            None => match self.known.0.get_key_value(path) {
                Some((p, file)) => (Arc::clone(p), Some(*file)),
                None => (path.into(), None),
            },
        }
    }

    /// Whether `file` must be read: not when the index holds it with the same size and
    /// time (unless forced).
    pub fn needs(&self, file: &FileMeta) -> bool {
        self.opts.force || !self.lookup(&file.path).is_some_and(|k| k.size == file.size && k.mtime == file.mtime)
    }

    /// Counts a file `needs` said need not be read.
    pub fn skip_unchanged(&mut self) {
        self.report.unchanged += 1;
    }

    /// Puts the record read from `file` in the index, replacing what the file had there.
    pub fn put(&mut self, record: &Record, file: FileMeta) -> Result<(), IndexError> {
        self.put_prepared(Prepared::new(record.clone(), self.index.fields()), file)
    }

    /// [`Ingest::put`] for a record whose entries were built beforehand, on a worker
    /// thread: the writer thread then only hands them to tantivy.
    pub fn put_prepared(&mut self, prepared: Prepared, file: FileMeta) -> Result<(), IndexError> {
        let record = &prepared.record;
        let sha = digest_of(self.index, &record.source.sha256)?;
        let (path, known) = self.held_as(&file.path);
        if !self.opts.force && known.is_some_and(|k| k.sha256 == sha && k.size == file.size) {
            self.report.unchanged += 1;
            if known.is_some_and(|k| k.mtime != file.mtime) {
                // Touched, not changed: remember the new time so the next run skips it.
                self.delete(self.index.fields().path, &file.path);
                self.add_file(&path, &file, &record.source.sha256, sha)?;
                self.count_pending()?;
            }
            return Ok(());
        }
        match known {
            Some(old) => {
                self.report.replaced += 1;
                self.detach(&path, old.sha256)?;
            }
            None => self.report.added += 1,
        }
        match record.status {
            Status::Ok => {}
            Status::Partial => self.report.partial += 1,
            Status::Failed => self.report.failed += 1,
        }
        self.add_file(&path, &file, &record.source.sha256, sha)?;
        self.attach(&path, sha, prepared)?;
        self.dirty = true;
        if self.crash_after.is_some_and(|k| self.report.commits >= k) {
            std::process::abort();
        }
        self.count_pending()
    }

    fn count_pending(&mut self) -> Result<(), IndexError> {
        self.pending += 1;
        let due = self.pending >= self.opts.commit_every.max(1)
            || self.last_commit.elapsed().as_secs() >= self.opts.commit_secs.max(1);
        if due { self.commit(false) } else { Ok(()) }
    }

    fn delete(&mut self, field: tantivy::schema::Field, value: &str) {
        self.operations.push(UserOperation::Delete(Term::from_field_text(field, value)));
    }

    fn add(&mut self, doc: TantivyDocument) -> Result<(), IndexError> {
        self.operations.push(UserOperation::Add(doc));
        if self.operations.len() >= OPERATIONS_BATCH { self.flush_operations() } else { Ok(()) }
    }

    /// Hands the operations kept so far to the writer, in order: tantivy gives them
    /// consecutive stamps, so a delete still removes exactly the entries added before it.
    fn flush_operations(&mut self) -> Result<(), IndexError> {
        if self.operations.is_empty() {
            return Ok(());
        }
        let operations = std::mem::take(&mut self.operations);
        self.writer.run(operations).map(|_| ()).map_err(|e| damaged(self.index.dir(), e))
    }

    /// `hex` is `sha` as the record writes it.
    fn add_file(&mut self, path: &Arc<str>, file: &FileMeta, hex: &str, sha: Digest) -> Result<(), IndexError> {
        self.add(schema::file_entry(file, hex, self.index.fields()))?;
        let indexed = Indexed { sha256: sha, size: file.size, mtime: file.mtime };
        self.changes.insert(Arc::clone(path), Some(indexed));
        Ok(())
    }

    /// Writes the content of `record` with the paths that hold it.
    fn write_content(&mut self, mut record: Record, paths: &[Arc<str>]) -> Result<(), IndexError> {
        self.delete(self.index.fields().content, &record.source.sha256.clone());
        record.source.paths = if paths.len() > 1 { paths.iter().map(|p| p.to_string()).collect() } else { Vec::new() };
        for doc in schema::content_entries(&record, self.index.fields()) {
            self.add(doc)?;
        }
        Ok(())
    }

    /// `path` now holds `record`'s bytes: a new document, or one more path of a known one.
    fn attach(&mut self, path: &Arc<str>, sha: Digest, prepared: Prepared) -> Result<(), IndexError> {
        let held = hold(&mut self.holders, sha, path);
        let holders = &self.holders[&sha];
        if holders.paths().len() == 1 {
            // New bytes have no entries to delete (contents leave with their last path,
            // see `detach`). Deleting anyway cost memory that grew with the corpus: tantivy
            // keeps every delete, with a scoring weight, until all segments have seen it.
            if held {
                self.delete(self.index.fields().content, &prepared.record.source.sha256);
            }
            return prepared.entries.into_iter().try_for_each(|doc| self.add(doc));
        }
        let paths = holders.paths().to_vec();
        self.report.duplicates += 1;
        self.write_content(prepared.record, &paths)
    }

    /// `path` no longer holds the content `sha`: its file entry goes, and the content
    /// goes too when no other path holds it (else it is rewritten without this path).
    fn detach(&mut self, path: &str, sha: Digest) -> Result<(), IndexError> {
        self.delete(self.index.fields().path, path);
        let Some(holders) = self.holders.get_mut(&sha) else { return Ok(()) };
        let hex = sha.to_hex();
        if !holders.remove(path) {
            self.holders.remove(&sha);
            self.delete(self.index.fields().content, &hex);
            return Ok(());
        }
        let paths = holders.paths().to_vec();
        let content = self.index.fields().content;
        let mut record = match self.index.record_where(&self.index.searcher()?, content, &hex)? {
            Some(r) => r,
            None => {
                // Written in this run and not committed yet: commit, then read it back.
                self.commit(false)?;
                self.index
                    .record_where(&self.index.searcher()?, content, &hex)?
                    .ok_or_else(|| damaged(self.index.dir(), "content not found"))?
            }
        };
        if Path::new(path).ends_with(&record.source.path) {
            // The path the record names is the one leaving: name one that stays.
            record.source.path = paths[0].to_string();
        }
        self.write_content(record, &paths)
    }

    fn commit(&mut self, linked: bool) -> Result<(), IndexError> {
        self.flush_operations()?;
        let payload = serde_json::to_string(&Payload { linked }).expect("the payload serializes");
        let mut prepared = self.writer.prepare_commit().map_err(|e| damaged(self.index.dir(), e))?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(|e| damaged(self.index.dir(), e))?;
        self.report.commits += 1;
        self.pending = 0;
        self.last_commit = Instant::now();
        Ok(())
    }

    /// Prunes (when asked), commits, resolves the citations of the whole index when it
    /// changed, and commits the records whose links changed.
    pub fn finish(mut self) -> Result<IngestReport, IndexError> {
        if self.opts.prune {
            let mut paths: Vec<Arc<str>> = self.known.0.keys().cloned().collect();
            paths.extend(self.changes.iter().filter(|(_, c)| c.is_some()).map(|(p, _)| Arc::clone(p)));
            paths.sort();
            paths.dedup();
            for path in paths {
                let Some(file) = self.lookup(&path) else { continue };
                if !Path::new(&*path).exists() {
                    self.detach(&path, file.sha256)?;
                    self.changes.insert(path, None);
                    self.report.pruned += 1;
                    self.dirty = true;
                }
            }
        }
        if self.pending > 0 || self.dirty {
            self.commit(false)?;
        }
        if self.dirty {
            self.link()?;
            self.commit(true)?;
        }
        let (deliberations, documents, files) = self.index.counts()?;
        self.report.deliberations = deliberations;
        self.report.documents = documents;
        self.report.files = files;
        self.writer.wait_merging_threads().map_err(|e| damaged(self.index.dir(), e))?;
        Ok(self.report)
    }

    /// Commits what was read and stops, leaving the citations to the next run (an
    /// interrupted user wants out quickly; the commit says the links are not done).
    pub fn interrupt(mut self) -> Result<IngestReport, IndexError> {
        self.commit(!self.dirty)?;
        let (deliberations, documents, files) = self.index.counts()?;
        self.report.deliberations = deliberations;
        self.report.documents = documents;
        self.report.files = files;
        Ok(self.report)
    }

    /// Resolves every deliberation reference against the index and rewrites the records
    /// whose resolution changed (a newly ingested document may be the one they cite).
    /// Two passes over fast-field columns (the targets, then the citations): no stored
    /// document is read but those of the records rewritten.
    fn link(&mut self) -> Result<(), IndexError> {
        let mut resolver = Resolver::new([]);
        self.index.for_each_fast_pair("target", None, |target, _| {
            if let Ok(t) = serde_json::from_str::<Target>(target) {
                resolver.add(t);
            }
        })?;
        // The new resolution of every reference that changed, by deliberation, so that the
        // resolver (tens of MB on a large index) is gone before the records are rewritten.
        let mut changed: HashMap<String, Vec<Link>> = HashMap::new();
        let report = &mut self.report;
        self.index.for_each_fast_pair("target", Some("citations"), |target, citations| {
            let (Ok(citing), Some(Ok(mut references))) =
                (serde_json::from_str::<Target>(target), citations.map(serde_json::from_str::<Vec<Reference>>))
            else {
                return;
            };
            for r in &references {
                match resolver.resolve(&citing, r) {
                    Resolution::Resolved(_) => report.resolved += 1,
                    Resolution::Ambiguous(_) => report.ambiguous += 1,
                    Resolution::Unresolved => report.unresolved += 1,
                }
            }
            if resolver.apply(&citing, &mut references) {
                let links = references.into_iter().map(|r| Link { to: r.resolves_to, candidates: r.candidates });
                changed.insert(citing.key, links.collect());
            }
        })?;
        drop(resolver);
        let mut stale: Vec<&str> = changed.keys().map(|k| k.split('#').next().unwrap_or_default()).collect();
        stale.sort_unstable();
        stale.dedup();
        // Each record read maps the pages around it in the store; over a whole index that
        // was 250 MB of resident memory (100,000 documents, 3,000 records relinked). A
        // reader per batch, dropped after it, gives them back. And a commit per batch:
        // tantivy queues up to 10,000 entries for its indexing threads, and records read
        // back from the store come faster than it indexes them (1,000 records per commit:
        // 35 MB more for the queue).
        for batch in stale.chunks(RELINK_BATCH) {
            let searcher = self.index.transient_searcher()?;
            for record_id in batch {
                let mut record = self.index.record_with(&searcher, record_id)?;
                for (i, d) in record.deliberations.iter_mut().enumerate() {
                    let Some(links) = changed.get(&schema::deliberation_key(&record.id, i)) else { continue };
                    // The citations column holds the deliberation references in order.
                    let cited = d.references.iter_mut().filter(|r| r.kind == "deliberation");
                    for (r, link) in cited.zip(links) {
                        r.resolves_to.clone_from(&link.to);
                        r.candidates.clone_from(&link.candidates);
                    }
                }
                let sha = digest_of(self.index, &record.source.sha256)?;
                let paths = self.holders.get(&sha).map(|h| h.paths().to_vec()).unwrap_or_default();
                self.write_content(record, &paths)?;
                self.report.relinked += 1;
            }
            // Not linked yet (the payload says so): an interrupted run relinks again.
            self.commit(false)?;
        }
        Ok(())
    }
}

/// Every indexed file with its hash, size and time, read from the fast fields (no stored
/// document is decompressed, so this stays quick on a large index).
fn load_known(index: &SearchIndex) -> Result<KnownFiles, IndexError> {
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
        let (mut docs, mut path_ords, mut sha_ords) = (Vec::new(), Vec::new(), Vec::new());
        for doc in segment.doc_ids_alive() {
            let (Some(p), Some(s)) = (paths.term_ords(doc).next(), shas.term_ords(doc).next()) else { continue };
            docs.push(doc);
            path_ords.push(p);
            sha_ords.push(s);
        }
        let path_strings = strings_of(&paths, &path_ords).map_err(|e| err(&e))?;
        let sha_strings = strings_of(&shas, &sha_ords).map_err(|e| err(&e))?;
        for ((doc, path), sha) in docs.into_iter().zip(path_strings).zip(sha_strings) {
            let sha256 = digest_of(index, &sha)?;
            let indexed =
                Indexed { sha256, size: sizes.first(doc).unwrap_or(0), mtime: mtimes.first(doc).unwrap_or(0) };
            out.insert(path.into(), indexed);
        }
    }
    Ok(KnownFiles(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_reads_and_writes_the_hex_of_read_sha256_hex() {
        let hex = crate::read::sha256_hex(b"deliberation");
        let digest = Digest::from_hex(&hex).unwrap();
        assert_eq!(digest.to_hex(), hex);
        assert_ne!(Digest::from_hex(&crate::read::sha256_hex(b"other")), Some(digest));
        for wrong in ["", "abc", &hex[1..], &format!("{}zz", &hex[2..])] {
            assert_eq!(Digest::from_hex(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn holders_stay_sorted_and_say_when_none_is_left() {
        let (a, b, c): (Arc<str>, Arc<str>, Arc<str>) = ("/a".into(), "/b".into(), "/c".into());
        let mut h = Holders::One(Arc::clone(&c));
        assert!(h.insert(&a));
        assert!(!h.insert(&a));
        assert!(h.insert(&b));
        assert_eq!(h.paths(), [a.clone(), b.clone(), c.clone()]);
        assert!(h.remove("/b"));
        assert!(h.remove("/nowhere"));
        assert_eq!(h.paths(), [a, c]);
        assert!(h.remove("/a"));
        assert!(matches!(&h, Holders::One(p) if &**p == "/c"));
        assert!(!h.remove("/c"));
    }
}
