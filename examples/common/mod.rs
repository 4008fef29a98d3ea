//! What the profiling examples share: the normalized texts of a folder of documents.

use registre::read::Format;

/// Every readable document below `dir`, in file-name order, decoded and normalized.
pub fn normalized_texts(dir: &str) -> Vec<String> {
    let mut texts = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("the folder can be walked");
        if let (true, Some(format)) = (entry.file_type().is_file(), Format::from_path(entry.path())) {
            let bytes = std::fs::read(entry.path()).expect("the file can be read");
            let decoded = registre::read::decode(&bytes).expect("a synthetic document decodes");
            texts.push(registre::normalize::normalize(&decoded.text, format));
        }
    }
    texts
}
