//! User-facing sentences, in French by default (the people who read the reports are
//! French) and in English with `--lang en`. Code and identifiers stay in English.

use crate::read::ReadError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "fr" | "français" | "francais" => Some(Lang::Fr),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Why a file gave no or partial facts, in one plain sentence.
pub fn read_error(err: &ReadError, lang: Lang) -> String {
    match (lang, err) {
        (Lang::Fr, ReadError::Empty) => "le fichier est vide".to_string(),
        (Lang::Fr, ReadError::Binary) => "le fichier contient des données binaires, pas du texte".to_string(),
        (Lang::Fr, ReadError::Blank) => "le fichier ne contient que des espaces".to_string(),
        (Lang::Fr, ReadError::Unsupported) => {
            "ce type de fichier n'est pas lu (formats acceptés : .txt, .md, .html, .htm, .pdf)".to_string()
        }
        (Lang::Fr, ReadError::Io(e)) => format!("le fichier ne peut pas être ouvert ({e})"),
        (Lang::En, e) => e.to_string(),
    }
}

/// Why a PDF gave no text, in one plain sentence.
pub fn pdf_error(err: &crate::pdf::PdfError, lang: Lang) -> String {
    use crate::pdf::PdfError::*;
    match (lang, err) {
        (Lang::Fr, Empty) => "le fichier PDF est vide".to_string(),
        (Lang::Fr, NotPdf) => "ce n'est pas un PDF, malgré son nom".to_string(),
        (Lang::Fr, Encrypted) => "PDF chiffré : aucun mot de passe".to_string(),
        (Lang::Fr, Damaged(d)) => format!("PDF tronqué ou endommagé ({d})"),
        (Lang::Fr, Crashed(d)) => format!("l'analyseur PDF s'est arrêté brutalement ({d})"),
        (Lang::Fr, TimedOut(s)) => format!("lecture du PDF interrompue après {s} s"),
        (Lang::Fr, Worker(d)) => format!("le lecteur PDF n'a pas pu être lancé ({d})"),
        (Lang::En, e) => e.to_string(),
    }
}

/// Pages whose text layer is missing (scans), when OCR is not available or read nothing.
pub fn pages_without_text(pages: &[usize], total: usize, ocr_tried: bool, lang: Lang) -> String {
    let list = pages.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ");
    if ocr_tried {
        return match lang {
            Lang::Fr => format!("page(s) {list} : ni couche texte ni texte lisible par OCR"),
            Lang::En => format!("page(s) {list}: no text layer and no text OCR could read"),
        };
    }
    match (lang, pages.len() == total) {
        (Lang::Fr, true) => {
            "document numérisé sans couche texte : OCR non disponible (installer tesseract-ocr-fra)".to_string()
        }
        (Lang::Fr, false) => {
            format!("page(s) {list} : couche texte absente ou illisible (page numérisée ?), OCR non disponible")
        }
        (Lang::En, true) => {
            "scanned document with no text layer: OCR not available (install tesseract-ocr-fra)".to_string()
        }
        (Lang::En, false) => {
            format!("page(s) {list}: text layer missing or unreadable (scanned page?), OCR not available")
        }
    }
}

pub fn ocr_failed(detail: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("la reconnaissance de caractères (OCR) a échoué ({detail})"),
        Lang::En => format!("OCR failed ({detail})"),
    }
}

pub fn extraction_crashed(detail: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("le texte a été lu mais l'extraction s'est interrompue ({detail}) : faits incomplets"),
        Lang::En => {
            format!("the text was read but extraction stopped ({detail}): facts are incomplete")
        }
    }
}

pub fn input_problem(problem: &str, lang: Lang) -> String {
    match (lang, problem) {
        (Lang::Fr, "no such file or folder") => "aucun fichier ni dossier à ce chemin".to_string(),
        (Lang::Fr, p) => format!("le chemin ne peut pas être lu ({p})"),
        (Lang::En, p) => p.to_string(),
    }
}

/// The closing summary of a run, on stderr.
pub fn summary(ok: usize, partial: usize, failed: usize, skipped: usize, lang: Lang) -> String {
    let total = ok + partial + failed;
    match lang {
        Lang::Fr => {
            let mut s = format!("registre : {total} document(s) : {ok} lu(s), {partial} partiel(s), {failed} en échec");
            if skipped > 0 {
                s.push_str(&format!(" ; {skipped} fichier(s) ignoré(s) (format non lu)"));
            }
            s
        }
        Lang::En => {
            let mut s = format!("registre: {total} document(s): {ok} ok, {partial} partial, {failed} failed");
            if skipped > 0 {
                s.push_str(&format!("; {skipped} file(s) skipped (format not read)"));
            }
            s
        }
    }
}

/// The kind of a reference (`law`, `decree`…) as a reader names it.
pub fn reference_kind(kind: &str, lang: Lang) -> &str {
    match (lang, kind) {
        (Lang::Fr, "deliberation") => "délibération",
        (Lang::Fr, "law") => "loi",
        (Lang::Fr, "decree") => "décret",
        (Lang::Fr, "ordinance") => "ordonnance",
        (Lang::Fr, "code_article") => "article de code",
        (Lang::Fr, "order") => "arrêté",
        (Lang::Fr, "other") => "autre texte",
        (Lang::En, "code_article") => "code article",
        (Lang::En, "order") => "order (arrêté)",
        (_, kind) => kind,
    }
}
