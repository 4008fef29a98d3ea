//! The search index: the only module that touches tantivy. Records go in through
//! [`ingest`] (upsert by file, crash-safe commits, citation resolution), come out through
//! [`search`] (French full text, filters, facets, snippets) and [`graph`] (what cites
//! what). The analyzers are registered on every open, since tantivy does not store them.

pub mod analyzer;
pub mod facets;
pub mod graph;
pub mod ingest;
pub mod resolve;
pub mod schema;
pub mod search;

use std::path::{Path, PathBuf};

use tantivy::collector::{Count, DocSetCollector};
use tantivy::columnar::StrColumn;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, SegmentReader, TantivyDocument, Term};

use crate::messages::Lang;
use crate::model::Record;
use schema::{ENTRY_DELIBERATION, ENTRY_DOCUMENT, ENTRY_FILE, Fields, Hit};

/// Files an index folder may hold before it becomes one (the repository's `index/` has
/// its README).
const HARMLESS_FILES: &[&str] = &["README.md", ".gitignore", ".gitkeep"];

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("no index at {0} (run `registre ingest` first)")]
    Missing(PathBuf),
    #[error("{0} holds other files and is not a registre index")]
    NotAnIndex(PathBuf),
    #[error("the index at {0} was made by another version of registre; ingest again into a new folder")]
    Incompatible(PathBuf),
    #[error("another registre ingest is writing to {0}")]
    Locked(PathBuf),
    #[error("the index at {path} cannot be used: {detail}")]
    Damaged { path: PathBuf, detail: String },
    #[error("no deliberation {0} in the index")]
    UnknownId(String),
    #[error("{0}")]
    Query(String),
}

impl IndexError {
    /// One plain sentence for the user.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            IndexError::Missing(p) => format!("aucun index dans {} (lancer d'abord `registre ingest`)", p.display()),
            IndexError::NotAnIndex(p) => {
                format!("{} contient d'autres fichiers et n'est pas un index registre", p.display())
            }
            IndexError::Incompatible(p) => format!(
                "l'index de {} a été créé par une autre version de registre : ingérer à nouveau dans un autre dossier",
                p.display()
            ),
            IndexError::Locked(p) => format!("un autre `registre ingest` écrit déjà dans {}", p.display()),
            IndexError::Damaged { path, detail } => {
                format!("l'index de {} est inutilisable : {detail}", path.display())
            }
            IndexError::UnknownId(id) => format!("aucune délibération {id} dans l'index"),
            IndexError::Query(detail) => detail.clone(),
        }
    }
}

/// The string of each ordinal of a dictionary column, in the order given, decoded in one
/// ordered pass. Looking each up alone (`ord_to_str`) decompresses its zstd block again,
/// with a new decompression context each time: that was more than half of the citation
/// pass (100,000 documents: about 9 s).
pub(crate) fn strings_of(column: &StrColumn, ords: &[u64]) -> std::io::Result<Vec<String>> {
    let mut order: Vec<usize> = (0..ords.len()).collect();
    order.sort_unstable_by_key(|&i| ords[i]);
    let sorted: Vec<u64> = order.iter().map(|&i| ords[i]).collect();
    let mut out = vec![String::new(); ords.len()];
    let mut next = order.iter();
    // Called once per ordinal of `sorted`, repeats included.
    let all_found = column.dictionary().sorted_ords_to_term_cb(&sorted, |bytes| {
        if let Some(&i) = next.next() {
            out[i] = String::from_utf8_lossy(bytes).into_owned();
        }
    })?;
    if !all_found {
        return Err(std::io::Error::other("a term is missing from its dictionary"));
    }
    Ok(out)
}

/// An open index: its folder, its fields and a reader.
pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    fields: Fields,
    reader: IndexReader,
}

impl SearchIndex {
    /// Opens the index of `dir`, which must exist.
    pub fn open(dir: &Path) -> Result<SearchIndex, IndexError> {
        if !dir.join("meta.json").is_file() {
            return Err(IndexError::Missing(dir.to_path_buf()));
        }
        let index = Index::open_in_dir(dir).map_err(|e| damaged(dir, e))?;
        Self::ready(dir, index)
    }

    /// Opens the index of `dir`, creating it (and the folder) when there is none yet.
    pub fn open_or_create(dir: &Path) -> Result<SearchIndex, IndexError> {
        if dir.join("meta.json").is_file() {
            return Self::open(dir);
        }
        std::fs::create_dir_all(dir).map_err(|e| damaged(dir, e))?;
        let foreign = std::fs::read_dir(dir)
            .map_err(|e| damaged(dir, e))?
            .filter_map(Result::ok)
            .any(|e| !HARMLESS_FILES.contains(&e.file_name().to_string_lossy().as_ref()));
        if foreign {
            return Err(IndexError::NotAnIndex(dir.to_path_buf()));
        }
        let (schema, _) = schema::build();
        let index = Index::create_in_dir(dir, schema).map_err(|e| damaged(dir, e))?;
        Self::ready(dir, index)
    }

    fn ready(dir: &Path, mut index: Index) -> Result<SearchIndex, IndexError> {
        // Each indexing thread compresses its own store blocks (only writers read this
        // setting). A compressing thread per segment woke up for every 16 KB block:
        // 67,000 of the 82,000 context switches left in a 20,000-document import on 2
        // cores once ingest's stages passed batches, for a compression (lz4) that is 2 %
        // of its time.
        index.settings_mut().docstore_compress_dedicated_thread = false;
        let (expected, fields) = schema::build();
        if serde_json::to_value(index.schema()).ok() != serde_json::to_value(&expected).ok() {
            return Err(IndexError::Incompatible(dir.to_path_buf()));
        }
        analyzer::register_tokenizers(&index);
        let reader =
            index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(|e| damaged(dir, e))?;
        Ok(SearchIndex { dir: dir.to_path_buf(), index, fields, reader })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    pub(crate) fn tantivy(&self) -> &Index {
        &self.index
    }

    /// A searcher over the last commit through a reader of its own, whose mapped files
    /// are released when it is dropped (the index's own reader keeps them for its life).
    pub(crate) fn transient_searcher(&self) -> Result<Searcher, IndexError> {
        let index = self.reopened()?;
        // Its documents are read once each: no cache of decompressed store blocks (100 per
        // segment by default).
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(0)
            .try_into()
            .map_err(|e| damaged(&self.dir, e))?;
        Ok(reader.searcher())
    }

    /// The index opened anew: its files mapped apart from this one's, and unmapped when
    /// what is read through it is dropped.
    fn reopened(&self) -> Result<Index, IndexError> {
        Index::open_in_dir(&self.dir).map_err(|e| damaged(&self.dir, e))
    }

    /// A searcher over the last commit.
    pub fn searcher(&self) -> Result<Searcher, IndexError> {
        self.reader.reload().map_err(|e| damaged(&self.dir, e))?;
        Ok(self.reader.searcher())
    }

    fn entries_of(&self, searcher: &Searcher, entry: &str) -> Result<Vec<DocAddress>, IndexError> {
        let query = TermQuery::new(Term::from_field_text(self.fields.entry, entry), IndexRecordOption::Basic);
        let mut found: Vec<DocAddress> =
            searcher.search(&query, &DocSetCollector).map_err(|e| damaged(&self.dir, e))?.into_iter().collect();
        found.sort();
        Ok(found)
    }

    /// Every searchable entry's hit, in index order.
    pub fn all_hits(&self) -> Result<Vec<Hit>, IndexError> {
        let mut out = Vec::new();
        self.for_each_hit(|h| {
            out.push(h);
            Ok(())
        })?;
        Ok(out)
    }

    /// Hands every searchable entry's hit to `f`, one at a time, in index order.
    pub fn for_each_hit(&self, mut f: impl FnMut(Hit) -> Result<(), IndexError>) -> Result<(), IndexError> {
        let searcher = self.searcher()?;
        for address in self.entries_of(&searcher, ENTRY_DELIBERATION)? {
            f(self.hit_at(&searcher, address)?)?;
        }
        Ok(())
    }

    /// Hands every document's record (with its text) to `f`, one at a time.
    pub fn for_each_record(&self, mut f: impl FnMut(Record) -> Result<(), IndexError>) -> Result<(), IndexError> {
        let searcher = self.searcher()?;
        for address in self.entries_of(&searcher, ENTRY_DOCUMENT)? {
            let doc: TantivyDocument = searcher.doc(address).map_err(|e| damaged(&self.dir, e))?;
            let json = doc.get_first(self.fields.record).and_then(|v| v.as_str()).unwrap_or("");
            f(serde_json::from_str(json).map_err(|e| damaged(&self.dir, e))?)?;
        }
        Ok(())
    }

    /// Hands `f` the value of the fast string field `first` of every live entry that has
    /// one, with the entry's value of `second` (when asked for), in the last commit.
    /// Columns only: no stored document is read.
    pub(crate) fn for_each_fast_pair(
        &self,
        first: &str,
        second: Option<&str>,
        mut f: impl FnMut(&str, Option<&str>),
    ) -> Result<(), IndexError> {
        let err = |e: &dyn std::fmt::Display| damaged(&self.dir, e);
        // One segment at a time, each through a reader of its own, dropped after it: read
        // through the index's reader, the columns of the whole index stayed mapped
        // (100,000 documents: ~45 MB resident).
        let index = self.reopened()?;
        for segment in index.searchable_segments().map_err(|e| err(&e))? {
            let segment = SegmentReader::open(&segment).map_err(|e| err(&e))?;
            let fast = segment.fast_fields();
            let Some(column) = fast.str(first).map_err(|e| err(&e))? else { continue };
            let other = match second {
                Some(name) => match fast.str(name).map_err(|e| err(&e))? {
                    Some(c) => Some(c),
                    None => continue,
                },
                None => None,
            };
            let (mut firsts, mut seconds) = (Vec::new(), Vec::new());
            for doc in segment.doc_ids_alive() {
                let Some(a) = column.term_ords(doc).next() else { continue };
                if let Some(c) = &other {
                    let Some(b) = c.term_ords(doc).next() else { continue };
                    seconds.push(b);
                }
                firsts.push(a);
            }
            let firsts = strings_of(&column, &firsts).map_err(|e| err(&e))?;
            match &other {
                Some(c) => {
                    let seconds = strings_of(c, &seconds).map_err(|e| err(&e))?;
                    firsts.iter().zip(&seconds).for_each(|(a, b)| f(a, Some(b)));
                }
                None => firsts.iter().for_each(|a| f(a, None)),
            }
        }
        Ok(())
    }

    /// How many deliberations, documents and files the index holds.
    pub fn counts(&self) -> Result<(usize, usize, usize), IndexError> {
        let searcher = self.searcher()?;
        let count = |entry: &str| {
            let query = TermQuery::new(Term::from_field_text(self.fields.entry, entry), IndexRecordOption::Basic);
            searcher.search(&query, &Count).map_err(|e| damaged(&self.dir, e))
        };
        Ok((count(ENTRY_DELIBERATION)?, count(ENTRY_DOCUMENT)?, count(ENTRY_FILE)?))
    }

    /// The payload of the last commit (what an ingest left said), or its default.
    pub(crate) fn payload<T: serde::de::DeserializeOwned + Default>(&self) -> T {
        let metas = self.index.load_metas().ok();
        metas.and_then(|m| m.payload).and_then(|p| serde_json::from_str(&p).ok()).unwrap_or_default()
    }

    pub(crate) fn hit_at(&self, searcher: &Searcher, address: DocAddress) -> Result<Hit, IndexError> {
        let doc: TantivyDocument = searcher.doc(address).map_err(|e| damaged(&self.dir, e))?;
        let json = doc.get_first(self.fields.hit).and_then(|v| v.as_str()).unwrap_or("");
        serde_json::from_str(json).map_err(|e| damaged(&self.dir, e))
    }

    /// The record (with its text) of the document `record_id`.
    pub fn record(&self, record_id: &str) -> Result<Record, IndexError> {
        let searcher = self.searcher()?;
        self.record_with(&searcher, record_id)
    }

    pub(crate) fn record_with(&self, searcher: &Searcher, record_id: &str) -> Result<Record, IndexError> {
        self.record_where(searcher, self.fields.record_id, record_id)?
            .ok_or_else(|| IndexError::UnknownId(record_id.to_string()))
    }

    /// The record whose document entry has `value` in `field`, if there is one. The
    /// document entry alone holds the record: reading the deliberations' entries too would
    /// decompress (and map) two or three more blocks of the store.
    pub(crate) fn record_where(
        &self,
        searcher: &Searcher,
        field: tantivy::schema::Field,
        value: &str,
    ) -> Result<Option<Record>, IndexError> {
        let term = |field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
        };
        let query = BooleanQuery::new(vec![
            (Occur::Must, term(field, value)),
            (Occur::Must, term(self.fields.entry, ENTRY_DOCUMENT)),
        ]);
        let found = searcher.search(&query, &DocSetCollector).map_err(|e| damaged(&self.dir, e))?;
        for address in found {
            let doc: TantivyDocument = searcher.doc(address).map_err(|e| damaged(&self.dir, e))?;
            if let Some(json) = doc.get_first(self.fields.record).and_then(|v| v.as_str()) {
                return serde_json::from_str(json).map(Some).map_err(|e| damaged(&self.dir, e));
            }
        }
        Ok(None)
    }

    /// The file the record `record_id` was read from, as ingest keyed it (canonical):
    /// the only files a reader of the index may be shown.
    pub fn source_path(&self, record_id: &str) -> Result<PathBuf, IndexError> {
        let searcher = self.searcher()?;
        let query = TermQuery::new(Term::from_field_text(self.fields.record_id, record_id), IndexRecordOption::Basic);
        let found = searcher.search(&query, &DocSetCollector).map_err(|e| damaged(&self.dir, e))?;
        for address in found {
            let doc: TantivyDocument = searcher.doc(address).map_err(|e| damaged(&self.dir, e))?;
            if let Some(path) = doc.get_first(self.fields.path).and_then(|v| v.as_str()) {
                return Ok(PathBuf::from(path));
            }
        }
        Err(IndexError::UnknownId(record_id.to_string()))
    }

    /// The hit of a deliberation key (`id#index`, or a record id for its first entry).
    pub fn hit(&self, key: &str) -> Result<Hit, IndexError> {
        let searcher = self.searcher()?;
        for field in [self.fields.key, self.fields.record_id] {
            let query = TermQuery::new(Term::from_field_text(field, key), IndexRecordOption::Basic);
            let mut found: Vec<DocAddress> =
                searcher.search(&query, &DocSetCollector).map_err(|e| damaged(&self.dir, e))?.into_iter().collect();
            found.sort();
            for address in found {
                let doc: TantivyDocument = searcher.doc(address).map_err(|e| damaged(&self.dir, e))?;
                if doc.get_first(self.fields.hit).is_some() {
                    return self.hit_at(&searcher, address);
                }
            }
        }
        Err(IndexError::UnknownId(key.to_string()))
    }
}

fn damaged(dir: &Path, e: impl std::fmt::Display) -> IndexError {
    IndexError::Damaged { path: dir.to_path_buf(), detail: e.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{FAST, STRING, Schema};

    #[test]
    fn strings_of_keeps_the_order_and_the_repeats_it_was_given() {
        let mut builder = Schema::builder();
        let word = builder.add_text_field("word", STRING | FAST);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer_with_num_threads(1, 15 << 20).unwrap();
        for w in ["pouvoir", "absent", "pouvoir", "excusé"] {
            writer.add_document(tantivy::doc!(word => w)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let segment = &searcher.segment_readers()[0];
        let column = segment.fast_fields().str("word").unwrap().unwrap();
        let ords: Vec<u64> = (0..4).rev().map(|doc| column.term_ords(doc).next().unwrap()).collect();
        assert_eq!(strings_of(&column, &ords).unwrap(), ["excusé", "pouvoir", "absent", "pouvoir"]);
        assert!(strings_of(&column, &[99]).is_err(), "an ordinal past the dictionary is an error, not a panic");
    }
}
