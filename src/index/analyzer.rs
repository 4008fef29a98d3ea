//! The French analyzer of text fields: a tokenizer that keeps references whole
//! (« L.2121-17 », « 2022-173 »), elisions split off (« l'école » → « école »; tantivy has
//! no elision filter, so here is one), lower case, accents folded — before stemming, so
//! that « collectivités » and « collections » stay apart — then the French stemmer
//! (« conventions » finds « convention »), through a memo of the stems of words already
//! seen.

use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// The name text fields give their analyzer in the schema.
pub const FRENCH: &str = "registre_fr";

/// The analyzer of names (people, collectivities, bodies): words lower-cased and folded,
/// never stemmed (« Dupont » must not find « Duponts »).
pub const NAMES: &str = "registre_names";

/// Elided articles and pronouns: « l' », « d' », « qu' », « jusqu' »…
const ELISIONS: &[&str] = &["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"];

pub fn french() -> TextAnalyzer {
    TextAnalyzer::builder(FrenchTokenizer::default())
        .filter(ElisionFilter)
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(RememberingStemmer)
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

/// The French stemmer (the one tantivy's `Stemmer` runs), with a per-thread memo of the
/// stems it gave: deliberations repeat a small vocabulary, and stemming every occurrence
/// anew was a third of the indexing threads' time (perf, 20,000 documents).
#[derive(Clone, Default)]
pub struct RememberingStemmer;

/// Words a thread remembers the stem of before it starts over: a few megabytes.
const STEMS_KEPT: usize = 50_000;

thread_local! {
    static STEMS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// The French stem of a lower-cased, folded word.
fn french_stem(word: &str, into: &mut String) {
    STEMS.with(|stems| {
        let mut stems = stems.borrow_mut();
        into.clear();
        if let Some(stem) = stems.get(word) {
            into.push_str(stem);
            return;
        }
        let stem = frostem::Stemmer::new(frostem::Algorithm::French).stem(word);
        into.push_str(&stem);
        if stems.len() >= STEMS_KEPT {
            stems.clear();
        }
        stems.insert(word.to_string(), stem.into_owned());
    })
}

impl TokenFilter for RememberingStemmer {
    type Tokenizer<T: Tokenizer> = RememberingStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RememberingStemmerFilter<T> {
        RememberingStemmerFilter(tokenizer)
    }
}

#[derive(Clone)]
pub struct RememberingStemmerFilter<T>(T);

impl<T: Tokenizer> Tokenizer for RememberingStemmerFilter<T> {
    type TokenStream<'a> = RememberingStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        RememberingStemmerStream { tail: self.0.token_stream(text), buffer: String::new() }
    }
}

pub struct RememberingStemmerStream<S> {
    tail: S,
    buffer: String,
}

impl<S: TokenStream> TokenStream for RememberingStemmerStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        french_stem(&token.text, &mut self.buffer);
        std::mem::swap(&mut token.text, &mut self.buffer);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Cuts a text into a code article (« L.2121-17 »), a number with its separators
/// (« 2022-173 », « 16/05/2022 »), or a word with its elided article (« l'école », split
/// by the filter), whichever starts first, tried in that order. Written by hand: a
/// regular expression with Unicode classes made tantivy's indexing threads spend most of
/// their time rebuilding its automaton.
#[derive(Clone, Default)]
pub struct FrenchTokenizer {
    token: Token,
}

pub struct FrenchTokenStream<'a> {
    text: &'a str,
    at: usize,
    token: &'a mut Token,
}

impl Tokenizer for FrenchTokenizer {
    type TokenStream<'a> = FrenchTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FrenchTokenStream<'a> {
        self.token.reset();
        FrenchTokenStream { text, at: 0, token: &mut self.token }
    }
}

/// The end of the ASCII digits starting at `i`, if there is at least one.
fn digits(b: &[u8], i: usize) -> Option<usize> {
    let end = i + b[i.min(b.len())..].iter().take_while(|c| c.is_ascii_digit()).count();
    (end > i).then_some(end)
}

/// Extends digits at `end` with runs of (separator, digits): « 2022-173 », « 16/05/2022 ».
fn separated_digits(b: &[u8], mut end: usize, separators: &[u8]) -> usize {
    while end < b.len() && separators.contains(&b[end]) {
        match digits(b, end + 1) {
            Some(next) => end = next,
            None => break,
        }
    }
    end
}

/// The end of a token starting at byte `i` of `text` (a char boundary), if one does.
fn token_end(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    // « L.2121-17 », « R. 2131-2 »
    if matches!(b[i], b'L' | b'R' | b'D' | b'l' | b'r' | b'd') && b.get(i + 1) == Some(&b'.') {
        let mut j = i + 2;
        if let Some(space) = text[j..].chars().next().filter(|c| c.is_whitespace()) {
            j += space.len_utf8();
        }
        if let Some(end) = digits(b, j) {
            return Some(separated_digits(b, end, b"-"));
        }
    }
    if let Some(end) = digits(b, i) {
        return Some(separated_digits(b, end, b"-/."));
    }
    let alnum_end = |from: usize| {
        from + text[from..].chars().take_while(|c| c.is_alphanumeric()).map(char::len_utf8).sum::<usize>()
    };
    let end = alnum_end(i);
    if end == i {
        return None;
    }
    // One apostrophe inside a word: « l'école », « aujourd'hui ».
    if let Some(apostrophe) = text[end..].chars().next().filter(|c| matches!(c, '\'' | '’')) {
        let after = end + apostrophe.len_utf8();
        let tail = alnum_end(after);
        if tail > after {
            return Some(tail);
        }
    }
    Some(end)
}

impl TokenStream for FrenchTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        while self.at < self.text.len() {
            let start = self.at;
            let c = self.text[start..].chars().next().expect("at is a char boundary");
            match token_end(self.text, start) {
                Some(end) => {
                    self.at = end;
                    self.token.offset_from = start;
                    self.token.offset_to = end;
                    self.token.text.push_str(&self.text[start..end]);
                    return true;
                }
                None => self.at += c.len_utf8(),
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
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

    /// The memo changes nothing: the same terms as tantivy's own French stemmer, for words
    /// seen the first time and again.
    #[test]
    fn remembered_stems_are_the_stemmers_stems() {
        use tantivy::tokenizer::{Language, Stemmer};
        let mut reference = TextAnalyzer::builder(FrenchTokenizer::default())
            .filter(ElisionFilter)
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::French))
            .build();
        let text = "Le conseil municipal, après en avoir délibéré, approuve les conventions \
                    d'adhésion des collectivités ; L.2121-17 ; délibérations n°2022-173 du 16/05/2022.";
        let twice = format!("{text} {text}");
        let mut stream = reference.token_stream(&twice);
        let mut expected = Vec::new();
        while stream.advance() {
            expected.push(stream.token().text.clone());
        }
        assert_eq!(terms(&twice), expected);
        assert!(expected.contains(&"convent".to_string()), "{expected:?}");
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

    fn raw_tokens(text: &str) -> Vec<&str> {
        let mut tokenizer = FrenchTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push(&text[t.offset_from..t.offset_to]);
        }
        out
    }

    #[test]
    fn the_tokenizer_keeps_references_numbers_and_elided_words_whole() {
        assert_eq!(raw_tokens("Vu l'article L.2121-17 du CGCT"), ["Vu", "l'article", "L.2121-17", "du", "CGCT"]);
        assert_eq!(raw_tokens("article R. 2131-2, n°2022-173"), ["article", "R. 2131-2", "n", "2022-173"]);
        assert_eq!(raw_tokens("le 16/05/2022."), ["le", "16/05/2022"]);
        assert_eq!(raw_tokens("2022abc L. x"), ["2022", "abc", "L", "x"]);
        assert_eq!(raw_tokens("aujourd’hui — l'"), ["aujourd’hui", "l"]);
        assert_eq!(raw_tokens("Œuvre à 3,5 %"), ["Œuvre", "à", "3", "5"]);
        assert_eq!(raw_tokens(""), Vec::<&str>::new());
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
