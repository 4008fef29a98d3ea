//! The French analyzer of text fields: a tokenizer that keeps references whole
//! (« L.2121-17 », « 2022-173 »), elisions split off (« l'école » → « école »; tantivy has
//! no elision filter, so here is one), lower case, accents folded — before stemming, so
//! that « collectivités » and « collections » stay apart — then the French stemmer
//! (« conventions » finds « convention »).

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RegexTokenizer, SimpleTokenizer, Stemmer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};

/// The name text fields give their analyzer in the schema.
pub const FRENCH: &str = "registre_fr";

/// The analyzer of names (people, collectivities, bodies): words lower-cased and folded,
/// never stemmed (« Dupont » must not find « Duponts »).
pub const NAMES: &str = "registre_names";

/// A code article (« L.2121-17 »), a number with its separators (« 2022-173 »,
/// « 16/05/2022 »), or a word with its elided article (« l'école », split by the filter).
const TOKEN: &str = r"[LRDlrd]\.\s?[0-9]+(?:-[0-9]+)*|[0-9]+(?:[-/.][0-9]+)*|[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)?";

/// Elided articles and pronouns: « l' », « d' », « qu' », « jusqu' »…
const ELISIONS: &[&str] = &["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"];

pub fn french() -> TextAnalyzer {
    let tokenizer = RegexTokenizer::new(TOKEN).expect("the token pattern compiles");
    TextAnalyzer::builder(tokenizer)
        .filter(ElisionFilter)
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::French))
        .build()
}

pub fn names() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).filter(AsciiFoldingFilter).build()
}

/// Registers the analyzers on an index; to be called after every open or create.
pub fn register_tokenizers(index: &Index) {
    index.tokenizers().register(FRENCH, french());
    index.tokenizers().register(NAMES, names());
}

/// Splits the elided article off a word: « l'école » → « école ».
#[derive(Clone)]
pub struct ElisionFilter;

impl TokenFilter for ElisionFilter {
    type Tokenizer<T: Tokenizer> = ElisionTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> ElisionTokenizer<T> {
        ElisionTokenizer(tokenizer)
    }
}

#[derive(Clone)]
pub struct ElisionTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for ElisionTokenizer<T> {
    type TokenStream<'a> = ElisionStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ElisionStream(self.0.token_stream(text))
    }
}

pub struct ElisionStream<S>(S);

/// The length of an elided prefix (article and apostrophe), if the word has one.
pub fn elided_prefix(text: &str) -> Option<usize> {
    let (head, rest) = text.split_once(['\'', '’'])?;
    let apostrophe = text[head.len()..].chars().next()?.len_utf8();
    (ELISIONS.contains(&head.to_lowercase().as_str()) && !rest.is_empty()).then_some(head.len() + apostrophe)
}

impl<S: TokenStream> TokenStream for ElisionStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let token = self.0.token_mut();
        if let Some(cut) = elided_prefix(&token.text) {
            token.text.drain(..cut);
            token.offset_from += cut;
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut analyzer = french();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    /// The regression list: what a French user types must find what deliberations write.
    #[test]
    fn french_analysis_regressions() {
        let same = [
            ("école", "ecole"),
            ("l'école", "école"),
            ("d'adhésion", "adhésion"),
            ("L’ÉCOLE", "école"),
            ("conventions", "convention"),
            ("Délibérations", "délibération"),
            ("jusqu'à", "à"),
        ];
        for (a, b) in same {
            assert_eq!(terms(a), terms(b), "{a} / {b}");
        }
        assert_ne!(terms("collectivités"), terms("collections"), "folding before stemming keeps them apart");
        assert_eq!(terms("article L.2121-17 du CGCT")[1], "l.2121-17");
        assert_eq!(terms("Vu la délibération n° 2022-173")[3..], ["n", "2022-173"]);
        assert_eq!(terms("le 16/05/2022"), ["le", "16/05/2022"]);
    }

    #[test]
    fn offsets_point_at_the_word_without_its_article() {
        let mut analyzer = french();
        let mut stream = analyzer.token_stream("vu l'école");
        stream.advance();
        stream.advance();
        let t = stream.token();
        assert_eq!(&"vu l'école"[t.offset_from..t.offset_to], "école");
    }
}
