//! Search (issue 4, in progress): the only module that touches tantivy. For now, the
//! French analyzer every text field will use, registered on each open of an index since
//! tantivy does not store analyzers.

pub mod analyzer;
