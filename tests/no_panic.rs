//! Untrusted input never panics and always yields a record (property tests), including
//! binary junk, empty files and a very long single line.

use proptest::prelude::*;
use registre::model::Status;
use registre::patterns::Patterns;
use registre::pipeline::{Options, process_bytes};
use registre::read::Format;

const FORMATS: [Format; 3] = [Format::Text, Format::Markdown, Format::Html];

/// Pieces of real deliberations, so that random text reaches deep into the extractors.
const FRAGMENTS: &[&str] = &[
    "DÉLIBÉRATION 2022 – 15\n",
    "Objet : ",
    "Le seize juin deux mille vingt-deux",
    " à dix-huit heures",
    "l'an deux mil ",
    "s'est réuni ",
    "sous la présidence de M. Jean DUPONT",
    "Étaient présents : ",
    "Excusé(s) : ",
    "Mme Marie LEROY, qui donne pouvoir à ",
    " (pouvoir à M. B)",
    "(Pr*)",
    "Collectivité\tMembre\tPrésents\tAbsents\tExcusés\tPouvoir à\n",
    "\t☒\t☐\t",
    "<input checked=\"\" type=\"checkbox\"/>",
    "<td>",
    "</tr>",
    "**",
    "## ",
    "Pour : ",
    "Contre : ",
    " voix pour",
    " abstentions",
    "à l'unanimité",
    "Vu la délibération n°",
    "2022-173 ",
    " du 16/05/2022",
    "loi n° 2013-595 du 8 juillet 2013",
    "articles L.3121-14, L.3121-14-1 et ",
    "Envoyé en préfecture le ",
    "Affiché le\n",
    "ID : 059-200039386-20181128-2018_27_2-DE",
    "I ",
    "1. ",
    "Point n°2 : ",
    "\n",
    "\n\n",
    ", ",
    " et ",
    "quatorze",
    "31/02/2021",
    "é",
    "-\n",
    "(",
    ")",
    "&eacute;",
    "\u{a0}",
    "1^{er}",
    "N°",
    "CR du conseil municipal ",
    "Ordre du jour :\n",
    "1/ ",
    "II - ",
    "Vote : 14 pour / 0 contre / 0 abstention adopté\n",
    "15 pour.\n",
    "ADOPTÉ à l'unanimité.\n",
    "Résultat du vote :\n",
    "Pour le changement : 13 votes\n",
    "(groupe Majorité : 11 ; groupe Opposition : 4)",
    "\u{c}",
    "X",
    "\t",
    " - ",
    " / ",
    "(pouvoir donné à ",
    "Le Conseil Communautaire, après en avoir délibéré",
    "Page 2/3\n",
];

fn fragment_text() -> impl Strategy<Value = String> {
    prop::collection::vec((0..FRAGMENTS.len(), "[A-Za-zéÉ0-9 ]{0,6}"), 0..80)
        .prop_map(|parts| parts.into_iter().map(|(i, s)| format!("{}{s}", FRAGMENTS[i])).collect())
}

fn check(bytes: &[u8]) {
    let patterns = Patterns::embedded();
    for format in FORMATS {
        let r = process_bytes("x", bytes, Some(format), &patterns, Options::default());
        assert_ne!(r.status, Status::Partial, "an extractor crashed: {:?}", r.error);
        if r.status == Status::Failed {
            assert!(r.error.as_deref().is_some_and(|e| !e.is_empty()));
        }
        for d in &r.deliberations {
            assert!(d.span[0] <= d.span[1]);
        }
    }
}

proptest! {
    // PROPTEST_CASES raises the number of cases for a longer local run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,400}") {
        check(text.as_bytes());
    }

    #[test]
    fn deliberation_shaped_text_never_panics(text in fragment_text()) {
        check(text.as_bytes());
    }
}

#[test]
fn empty_and_blank_files_fail_in_plain_words() {
    let patterns = Patterns::embedded();
    for bytes in [&b""[..], b"   \n\t "] {
        let r = process_bytes("x.txt", bytes, Some(Format::Text), &patterns, Options::default());
        assert_eq!(r.status, Status::Failed);
        assert!(r.error.unwrap().starts_with("le fichier"));
    }
}

#[test]
fn fifty_megabytes_on_one_line_still_give_a_record() {
    // Prose with a fact now and then, as a register run together without line breaks.
    let prose = "considérant que le projet de travaux de voirie communale présente un intérêt général pour les habitants du territoire et que les crédits nécessaires sont inscrits au budget ; ";
    let fact = "vu la délibération n° 2021-03 du 3 mars 2021 ; pour : 12 voix ; ";
    let unit = prose.repeat(20) + fact;
    let text = unit.repeat(50 * 1024 * 1024 / unit.len());
    assert!(!text.contains('\n'));
    let patterns = Patterns::embedded();
    let r = process_bytes("long.txt", text.as_bytes(), Some(Format::Text), &patterns, Options::default());
    assert_eq!(r.status, Status::Ok);
    assert_eq!(r.deliberations.len(), 1);
    assert_eq!(r.deliberations[0].votes.for_, Some(12));
}

#[test]
fn a_megabyte_dense_with_facts_gives_a_record() {
    let phrase = "Le conseil municipal, vu la délibération n° 2021-03 du 3 mars 2021, pour : 12 voix ; ";
    let text = phrase.repeat(1024 * 1024 / phrase.len());
    let patterns = Patterns::embedded();
    let r = process_bytes("dense.txt", text.as_bytes(), Some(Format::Text), &patterns, Options::default());
    assert_eq!(r.status, Status::Ok);
    assert_eq!(r.deliberations[0].references.len(), 1, "one act cited many times is one reference");
}
