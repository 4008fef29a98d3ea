//! registre: French local-government deliberations turned into checked, searchable
//! records. The library never prints; the binary (src/main.rs) owns the command line.
//!
//! Stages, each a module testable alone: [`read`] (bytes → text) → [`normalize`]
//! (one clean text that spans point into) → [`extract`] (facts with spans) → the
//! [`model::Record`] of ../shared/record-format.md. [`pipeline`] runs them for one file.

pub mod check;
pub mod date;
pub mod export;
pub mod extract;
pub mod index;
pub mod messages;
pub mod model;
pub mod normalize;
pub mod numbers;
pub mod ocr;
pub mod patterns;
pub mod pdf;
pub mod pdf_cmap;
pub mod pdf_tables;
pub mod pdf_text;
pub mod pipeline;
pub mod process;
pub mod read;
pub mod synth;
pub mod text;
pub mod web;
pub mod windows;
