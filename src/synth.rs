//! Synthetic French deliberations, each paired with the facts it states (its "truth").
//!
//! Tests measure the extractor against these documents (it must recover at least 99 % of
//! their facts) and benchmarks use them as a corpus of any size. A document is a pure
//! function of `(seed, index)`, so a failing document can be replayed from its name alone.
//!
//! Generation has two steps. [`Plan::draw`] decides the facts: collectivity, session, roll,
//! items, votes, references, dates. [`Renderer`] then chooses the phrasings and writes the
//! text, recording each fact *at the moment it writes it*: the truth never holds a fact the
//! text does not state, and a fact the text states twice is stated with the same value.
//! Filler prose (exposés, « Considérant … ») comes last, to reach the document's target
//! size (2–20 KB) without touching any fact.
//!
//! The documents are legally clean on purpose (see `shared/legal-checks.md`): quorum met,
//! at most one proxy per holder, holders present and givers not, votes adding up to
//! present + represented, convocation early enough, number year = session year,
//! transmission and publication after the session. Anomalies are injected elsewhere.

use serde_json::{Value, json};
use std::path::Path;

// ---------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------

/// One generated document and the facts it states.
pub struct SyntheticDoc {
    /// File stem: `synth-000042`.
    pub name: String,
    /// `txt`, `md` or `html`, after the layout chosen.
    pub extension: &'static str,
    pub text: String,
    /// The facts the text states, with the field names of `record-format.md`.
    pub truth: Value,
}

/// Document number `index` of the corpus drawn from `seed`.
pub fn generate(seed: u64, index: usize) -> SyntheticDoc {
    build(seed, index).0
}

pub fn generate_corpus(seed: u64, count: usize) -> Vec<SyntheticDoc> {
    (0..count).map(|index| generate(seed, index)).collect()
}

/// Writes `NAME.EXT` and `NAME.truth.json` for each document, one at a time so that a
/// large corpus never sits in memory.
pub fn write_corpus(dir: &Path, seed: u64, count: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for index in 0..count {
        let doc = generate(seed, index);
        std::fs::write(dir.join(format!("{}.{}", doc.name, doc.extension)), &doc.text)?;
        let mut truth = serde_json::to_string_pretty(&doc.truth).map_err(std::io::Error::other)?;
        truth.push('\n');
        std::fs::write(dir.join(format!("{}.truth.json", doc.name)), truth)?;
    }
    Ok(())
}

/// The document and the names of the phrasings it used (the tests check their variety).
fn build(seed: u64, index: usize) -> (SyntheticDoc, Vec<String>) {
    let mut rng = Rng::for_document(seed, index);
    let plan = Plan::draw(&mut rng);
    let (text, truth, labels) = Renderer::run(&plan, rng);
    let doc = SyntheticDoc {
        name: format!("synth-{index:06}"),
        extension: plan.format.extension(),
        text,
        truth,
    };
    (doc, labels)
}

// ---------------------------------------------------------------------------------------
// Pseudo-random numbers (SplitMix64): small, fast, and the same on every platform.
// ---------------------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn for_document(seed: u64, index: usize) -> Rng {
        // Two rounds of mixing so that neighbouring seeds and indices give unrelated streams.
        let mut seeded = Rng(seed);
        let mut rng = Rng(seeded.next_u64() ^ (index as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
        rng.next_u64();
        rng
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`; 0 when `n` is 0.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn between(&mut self, lo: u32, hi: u32) -> u32 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo) as usize + 1) as u32
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One element of `items` (weights are expressed by repeating an element).
    fn pick<T: Copy + Default>(&mut self, items: &[T]) -> T {
        items
            .get(self.below(items.len()))
            .copied()
            .unwrap_or_default()
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// `count` distinct elements of `items`, in random order.
    fn sample<T: Copy>(&mut self, items: &[T], count: usize) -> Vec<T> {
        let mut all = items.to_vec();
        self.shuffle(&mut all);
        all.truncate(count);
        all
    }

    fn fork(&mut self) -> Rng {
        Rng(self.next_u64() ^ 0x6A09_E667_F3BC_C908)
    }
}

// ---------------------------------------------------------------------------------------
// Calendar
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Default)]
struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    fn new(year: i32, month: u32, day: u32) -> Date {
        Date { year, month, day }
    }

    /// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
    fn days_since_epoch(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let shifted_month = if month > 2 { month - 3 } else { month + 9 };
        let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date::new(year as i32, month as u32, day as u32)
    }

    fn plus_days(self, days: i64) -> Date {
        Date::from_days(self.days_since_epoch() + days)
    }

    /// 0 = lundi … 6 = dimanche.
    fn weekday(self) -> usize {
        (self.days_since_epoch() + 3).rem_euclid(7) as usize
    }

    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    fn slash(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }

    fn month_name(self) -> &'static str {
        MONTHS
            .get(self.month as usize - 1)
            .copied()
            .unwrap_or_default()
    }

    fn weekday_name(self) -> &'static str {
        WEEKDAYS.get(self.weekday()).copied().unwrap_or_default()
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

// ---------------------------------------------------------------------------------------
// French words for numbers, dates and hours
// ---------------------------------------------------------------------------------------

const UNITS: [&str; 20] = [
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
    "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf",
];
const TENS: [&str; 7] = [
    "", "dix", "vingt", "trente", "quarante", "cinquante", "soixante",
];
const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// 0–99 in words; `reformed` follows the 1990 spelling (hyphens everywhere: « vingt-et-un »).
fn words(n: u32, reformed: bool) -> String {
    let unit = |i: u32| UNITS.get(i as usize).copied().unwrap_or_default();
    let text = match n {
        0..=19 => unit(n).to_string(),
        20..=69 => {
            let tens = TENS.get((n / 10) as usize).copied().unwrap_or_default();
            match n % 10 {
                0 => tens.to_string(),
                1 => format!("{tens} et un"),
                u => format!("{tens}-{}", unit(u)),
            }
        }
        71 => "soixante et onze".to_string(),
        70..=79 => format!("soixante-{}", unit(n - 60)),
        80 => "quatre-vingts".to_string(),
        81..=99 => format!("quatre-vingt-{}", unit(n - 80)),
        _ => n.to_string(),
    };
    if reformed {
        text.replace(' ', "-")
    } else {
        text
    }
}

/// Agreement with a feminine noun (« une voix », « vingt et une heures »).
fn words_feminine(n: u32, reformed: bool) -> String {
    let text = words(n, reformed);
    if text.ends_with("un") {
        text + "e"
    } else {
        text
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum YearStyle {
    /// « deux mille vingt-deux »
    #[default]
    Standard,
    /// « deux mil quatorze »
    Mil,
    /// « deux-mille-vingt-trois »
    Reformed,
}

fn year_words(year: i32, style: YearStyle) -> String {
    let thousand = if style == YearStyle::Mil {
        "mil"
    } else {
        "mille"
    };
    let (head, rest) = if year >= 2000 {
        (format!("deux {thousand}"), year - 2000)
    } else {
        (format!("{thousand} neuf cent"), year - 1900)
    };
    let reformed = style == YearStyle::Reformed;
    let mut text = head;
    if rest > 0 {
        text.push(' ');
        text.push_str(&words(rest.unsigned_abs(), reformed));
    }
    if reformed {
        text.replace(' ', "-")
    } else {
        text
    }
}

fn day_words(day: u32, reformed: bool) -> String {
    if day == 1 {
        "premier".to_string()
    } else {
        words(day, reformed)
    }
}

fn time_words(hour: u32, minute: u32, reformed: bool, demie: bool) -> String {
    let hours = format!("{} heures", words_feminine(hour, reformed));
    match minute {
        0 => hours,
        30 if demie => format!("{hours} et demie"),
        _ => format!("{hours} {}", words(minute, reformed)),
    }
}

fn roman(mut n: usize) -> String {
    const NUMERALS: [(usize, &str); 5] = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut text = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            text.push_str(numeral);
            n -= value;
        }
    }
    text
}

// ---------------------------------------------------------------------------------------
// Small text helpers
// ---------------------------------------------------------------------------------------

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// « a, b et c » (or « a ; b et c » with `separator` = "; ").
fn join_fr(items: &[String], separator: &str) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} et {last}", rest.join(separator)),
    }
}

/// « de Lille », « d'Aubercourt »; never elided before h (most place names have an h aspiré).
fn de(place: &str) -> String {
    let elide = place
        .chars()
        .next()
        .is_some_and(|c| "AEIOUYÉÈÊ".contains(c));
    if elide {
        format!("d'{place}")
    } else {
        format!("de {place}")
    }
}

/// « le Conseil » → « du Conseil », « la Commission » → « de la Commission ».
fn de_article(named: &str) -> String {
    if let Some(rest) = named.strip_prefix("le ") {
        format!("du {rest}")
    } else if let Some(rest) = named.strip_prefix("les ") {
        format!("des {rest}")
    } else {
        format!("de {named}")
    }
}

/// Amounts as French documents print them: « 12 500 ».
fn amount(value: u32) -> String {
    let digits = value.to_string();
    let mut text = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            text.push(' ');
        }
        text.push(c);
    }
    text
}

/// Accent-free upper case, for sorting names as a secretary would.
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'À' | 'Â' => 'A',
            'Î' | 'Ï' => 'I',
            'Ô' => 'O',
            'Ù' | 'Û' | 'Ü' => 'U',
            'Ç' => 'C',
            other => other,
        })
        .collect()
}

/// Appends the Luhn check digit that SIREN numbers carry.
fn with_luhn(payload: &str) -> String {
    let sum: u32 = payload
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let digit = c.to_digit(10).unwrap_or(0);
            if i % 2 == 0 {
                let doubled = digit * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                digit
            }
        })
        .sum();
    format!("{payload}{}", (10 - sum % 10) % 10)
}

// ---------------------------------------------------------------------------------------
// Data tables: people, places, institutions, legal texts, phrasings.
// No entry may contain '&', '<' or '>': HTML output writes them as they are.
// ---------------------------------------------------------------------------------------

const GIVEN_MALE: &[&str] = &[
    "Jean", "Pierre", "Michel", "Philippe", "Alain", "Olivier", "Christophe", "Thierry",
    "Jacques", "Luc", "Nicolas", "Frédéric", "Laurent", "Bruno", "Daniel", "Gérard", "Claude",
    "André", "Bernard", "Patrick", "Sébastien", "Julien", "Thibault", "Aimé", "Valère",
    "Grégory", "Benoît", "Étienne", "Jérôme", "François", "Hervé", "Yves", "Didier", "Régis",
    "Ludovic", "Mickaël", "Anthony", "Jean-Claude", "Jean-Marc", "Jean-Pierre", "Jean-Michel",
    "Jean-Louis", "Pierre-Yves", "Jean-François", "Jean-Jacques", "Marc-Antoine",
];

const GIVEN_FEMALE: &[&str] = &[
    "Marie", "Hélène", "Isabelle", "Sabrina", "Alexia", "Mélanie", "Valérie", "Christine",
    "Martine", "Anne", "Sophie", "Brigitte", "Karine", "Florence", "Sylvie", "Carole",
    "Nathalie", "Émilie", "Céline", "Aurélie", "Maryse", "Évelyne", "Laurence", "Bénédicte",
    "Maïté", "Zohra", "Fatima", "Agnès", "Josiane", "Chantal", "Monique", "Françoise", "Élodie",
    "Manon", "Léa", "Marie-Hélène", "Marie-Line", "Anne-Sophie", "Marie-Claire",
    "Marie-Christine", "Anne-Marie", "Marie-Pierre",
];

/// More surnames than the largest roll plus its guests, so every document can give each
/// person a surname of their own (short forms such as « M. DUPONT » stay unambiguous).
const SURNAMES: &[&str] = &[
    "DUPONT", "LEROY", "MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "PETIT", "DURAND",
    "LEFEBVRE", "MOREAU", "LAURENT", "SIMON", "MICHEL", "GARNIER", "FAURE", "ROUSSEAU", "BLANC",
    "GUÉRIN", "MULLER", "HENRY", "ROUSSEL", "PERRIN", "MORIN", "MATHIEU", "CLÉMENT", "GAUTHIER",
    "DUMONT", "LOPEZ", "FONTAINE", "CHEVALIER", "ROBIN", "MASSON", "SANCHEZ", "DENIS",
    "LEMAIRE", "DUFOUR", "MEYER", "BOYER", "CARETTE", "DUQUENNE", "MASQUELIER", "WATRELOT",
    "HAUTCOEUR", "TISON", "SIMOENS", "DURIEU", "HAVRET", "DESCAMPS", "VANDENBUSSCHE",
    "DEBRABANT", "HÉROGUER", "LECLERCQ", "DELATTRE", "POULAIN", "CAUDRON", "WAROT", "LEFÈVRE",
    "BÉGUIN", "MÉRESSE", "DEVAUX", "PRÉVOST", "GÉRARD", "TELLIER", "COTTEL", "BACHELET",
    "LAPOUILLE", "PLOUVIEZ", "SARPAUX", "MALFAIT", "DELANNOY", "FIGOUREUX", "JOUVENEL",
    "MONNET", "VANPEENE", "FILLEUL", "GOSSET", "HIRAUX", "PRUDHOMME", "DEFOSSE", "ENGRAND",
    "BIEGALSKI", "BOMMART", "FOUTRY", "HEUSELE", "LETURQUE", "MICHALAK", "TIRMARCHE",
    "QUATREBOEUF", "SIEGLER", "THIEBAUT", "DAUCHY", "BARTHOLOMEUS", "CASTIGLIONE",
    "DAZIN-DESLANDES", "MESSEANNE-GROBELNY", "HINGREZ-CÉRÉDA", "WAROT-LEMAIRE",
    "MULOT-FRISCOURT", "LEGRAND-DUVAL", "MARTIN-DELPECH", "BERTIN-LECOCQ", "DUMONT-FAURE",
    "LE GALL", "LE BIHAN", "DA SILVA", "D'HALLUIN", "CŒURET", "NOËL", "BRAKNI", "NGUYEN",
    "KOWALSKI", "OUAGUEF", "PERIN", "COUSEIN", "DELASSUS", "MEQUIGNON", "LOUCHAERT", "DISSAUX",
    "CUVILLIER", "TURPIN", "GAILLET", "DUFRENE",
];

const SAINTS_MALE: &[&str] = &[
    "Martin", "Jean", "Pierre", "Germain", "Laurent", "Rémy", "Hilaire", "Aubin", "Omer",
    "Amand", "Riquier", "Vaast", "Éloi", "Médard", "Quentin", "Nicolas",
];
const SAINTS_FEMALE: &[&str] = &[
    "Colombe", "Marie", "Catherine", "Geneviève", "Austreberthe", "Aldegonde",
];
const PLACE_ROOTS: &[&str] = &[
    "Villeneuve", "Beaumont", "Fontaine", "Neuville", "Montigny", "Rocourt", "Haucourt",
    "Fresnoy", "Marcq", "Hem", "Bois", "Mesnil", "Noyelles", "Vaux", "Fléchin", "Marquion",
];
const PLACE_SUFFIXES: &[&str] = &[
    "-des-Prés", "-le-Château", "-la-Forêt", "-lès-Vignes", "-en-Ternois", "-aux-Bois",
    "-le-Grand", "-le-Petit", "-en-Artois", "-du-Mont",
];
const SYLLABLES: &[&str] = &[
    "Auber", "Herv", "Mar", "Bellon", "Gru", "Wam", "Haz", "Lon", "Rou", "Ver", "Esc", "Fla",
    "Cou", "Thé", "Sain", "Bour", "Ore", "Vil",
];
const ENDINGS: &[&str] = &[
    "court", "ville", "illy", "ac", "in", "ières", "ecourt", "ain", "son", "bec", "ange",
    "heim", "esnes", "ghem",
];

/// (article, name) of invented rivers: « la Brenne », « l'Aulne », « le Loing ».
const RIVERS: &[(&str, &str)] = &[
    ("la ", "Brenne"),
    ("l'", "Aulne"),
    ("la ", "Lys"),
    ("la ", "Scarpe"),
    ("la ", "Sensée"),
    ("l'", "Orne"),
    ("la ", "Vesle"),
    ("l'", "Ourcq"),
    ("le ", "Serein"),
    ("le ", "Loing"),
    ("la ", "Dives"),
    ("l'", "Authie"),
    ("la ", "Canche"),
];

#[derive(Clone, Copy, Default)]
struct Department {
    /// Article as it precedes the name: "du ", "de la ", "de l'", "des ", "de ".
    article: &'static str,
    name: &'static str,
    code: &'static str,
    chef_lieu: &'static str,
    tribunal: &'static str,
}

const DEPARTMENTS: &[Department] = &[
    Department { article: "du ", name: "Nord", code: "59", chef_lieu: "Lille", tribunal: "Lille" },
    Department { article: "du ", name: "Pas-de-Calais", code: "62", chef_lieu: "Arras", tribunal: "Lille" },
    Department { article: "de l'", name: "Aisne", code: "02", chef_lieu: "Laon", tribunal: "Amiens" },
    Department { article: "de la ", name: "Somme", code: "80", chef_lieu: "Amiens", tribunal: "Amiens" },
    Department { article: "de l'", name: "Oise", code: "60", chef_lieu: "Beauvais", tribunal: "Amiens" },
    Department { article: "du ", name: "Gard", code: "30", chef_lieu: "Nîmes", tribunal: "Nîmes" },
    Department { article: "de la ", name: "Haute-Saône", code: "70", chef_lieu: "Vesoul", tribunal: "Besançon" },
    Department { article: "des ", name: "Ardennes", code: "08", chef_lieu: "Charleville-Mézières", tribunal: "Châlons-en-Champagne" },
    Department { article: "de la ", name: "Marne", code: "51", chef_lieu: "Châlons-en-Champagne", tribunal: "Châlons-en-Champagne" },
    Department { article: "du ", name: "Calvados", code: "14", chef_lieu: "Caen", tribunal: "Caen" },
    Department { article: "de la ", name: "Côte-d'Or", code: "21", chef_lieu: "Dijon", tribunal: "Dijon" },
    Department { article: "des ", name: "Landes", code: "40", chef_lieu: "Mont-de-Marsan", tribunal: "Pau" },
    Department { article: "du ", name: "Finistère", code: "29", chef_lieu: "Quimper", tribunal: "Rennes" },
    Department { article: "de l'", name: "Isère", code: "38", chef_lieu: "Grenoble", tribunal: "Grenoble" },
    Department { article: "de la ", name: "Gironde", code: "33", chef_lieu: "Bordeaux", tribunal: "Bordeaux" },
    Department { article: "du ", name: "Doubs", code: "25", chef_lieu: "Besançon", tribunal: "Besançon" },
    Department { article: "de la ", name: "Vienne", code: "86", chef_lieu: "Poitiers", tribunal: "Poitiers" },
    Department { article: "du ", name: "Morbihan", code: "56", chef_lieu: "Vannes", tribunal: "Rennes" },
    Department { article: "de ", name: "Loir-et-Cher", code: "41", chef_lieu: "Blois", tribunal: "Orléans" },
    Department { article: "de la ", name: "Corrèze", code: "19", chef_lieu: "Tulle", tribunal: "Limoges" },
];

#[derive(Clone, Copy, Default)]
struct Region {
    name: &'static str,
    /// The name before the 2016 merger of regions.
    former_name: &'static str,
    seat: &'static str,
    code: &'static str,
    tribunal: &'static str,
}

const REGIONS: &[Region] = &[
    Region { name: "Hauts-de-France", former_name: "Nord-Pas-de-Calais", seat: "Lille", code: "59", tribunal: "Lille" },
    Region { name: "Bretagne", former_name: "Bretagne", seat: "Rennes", code: "35", tribunal: "Rennes" },
    Region { name: "Normandie", former_name: "Basse-Normandie", seat: "Caen", code: "14", tribunal: "Caen" },
    Region { name: "Occitanie", former_name: "Languedoc-Roussillon", seat: "Montpellier", code: "34", tribunal: "Montpellier" },
    Region { name: "Grand Est", former_name: "Alsace", seat: "Strasbourg", code: "67", tribunal: "Strasbourg" },
    Region { name: "Nouvelle-Aquitaine", former_name: "Aquitaine", seat: "Bordeaux", code: "33", tribunal: "Bordeaux" },
    Region { name: "Bourgogne-Franche-Comté", former_name: "Bourgogne", seat: "Dijon", code: "21", tribunal: "Dijon" },
    Region { name: "Centre-Val de Loire", former_name: "Centre", seat: "Orléans", code: "45", tribunal: "Orléans" },
    Region { name: "Pays de la Loire", former_name: "Pays de la Loire", seat: "Nantes", code: "44", tribunal: "Nantes" },
    Region { name: "Auvergne-Rhône-Alpes", former_name: "Rhône-Alpes", seat: "Lyon", code: "69", tribunal: "Lyon" },
];

const POLITICAL_GROUPS: &[&str] = &[
    "Groupe Socialiste et apparentés",
    "Groupe Union de la Droite et du Centre",
    "Groupe Écologiste et Solidaire",
    "Groupe Communiste et Républicain",
    "Groupe Rassemblement pour le territoire",
    "Non-inscrits",
];

/// (title, decision) of deliberation objects. `{year}`, `{place}`, `{river}` and
/// `{amount}` are filled in; titles hold no « n° » and no number that looks like a
/// deliberation number, so the header stays the only place where one is written.
const TOPICS: &[(&str, &str)] = &[
    ("Adhésion au groupement de commandes pour la fourniture d'électricité", "d'adhérer au groupement de commandes pour la fourniture d'électricité et d'approuver la convention constitutive correspondante"),
    ("Tarifs de la restauration scolaire pour l'année {year}", "de fixer les tarifs de la restauration scolaire tels que présentés en annexe"),
    ("Demande de subvention au titre de la dotation d'équipement des territoires ruraux {year}", "de solliciter une subvention au titre de la DETR pour un montant de {amount} euros"),
    ("Création d'un poste d'adjoint technique territorial", "de créer un poste d'adjoint technique territorial à temps complet"),
    ("Modification du tableau des effectifs", "d'approuver le nouveau tableau des effectifs annexé"),
    ("Approbation du règlement intérieur", "d'approuver le règlement intérieur annexé"),
    ("Convention de mise à disposition de personnel avec la commune {de_place}", "d'approuver la convention de mise à disposition de personnel"),
    ("Subvention exceptionnelle à l'association sportive {de_place}", "d'attribuer une subvention exceptionnelle de {amount} euros"),
    ("Rénovation énergétique de la salle polyvalente - Plan de financement", "d'approuver le plan de financement de l'opération"),
    ("Acquisition d'une parcelle au lieu-dit Les Longues Raies", "d'acquérir la parcelle au prix de {amount} euros"),
    ("Cession d'un terrain rue des Écoles", "de céder le terrain au prix de {amount} euros"),
    ("Dénomination des voies du lotissement Les Coquelicots", "d'adopter les dénominations proposées"),
    ("Approbation du budget primitif {year}", "d'adopter le budget primitif de l'exercice {year}"),
    ("Décision modificative du budget principal", "d'approuver la décision modificative présentée"),
    ("Fixation des taux d'imposition des taxes directes locales pour {year}", "de maintenir les taux d'imposition de l'exercice précédent"),
    ("Adhésion au service commun d'instruction des autorisations d'urbanisme", "d'adhérer au service commun d'instruction des autorisations d'urbanisme"),
    ("Transfert de la compétence eau potable", "d'approuver le transfert de la compétence eau potable"),
    ("Modification des statuts du syndicat", "d'approuver les statuts modifiés annexés"),
    ("Rapport annuel sur le prix et la qualité du service public d'assainissement", "d'approuver le rapport annuel sur le prix et la qualité du service"),
    ("Approbation de la convention de partenariat relative à l'Environnement Numérique de Travail", "d'approuver la convention de partenariat relative à l'Environnement Numérique de Travail"),
    ("Attribution du marché de travaux de voirie", "d'attribuer le marché à l'entreprise la mieux-disante pour un montant de {amount} euros HT"),
    ("Indemnités de fonction des élus", "de fixer les indemnités de fonction selon le tableau annexé"),
    ("Désignation des délégués au syndicat mixte", "de désigner les délégués titulaires et suppléants"),
    ("Mise en place du régime indemnitaire tenant compte des fonctions, des sujétions, de l'expertise et de l'engagement professionnel", "d'instaurer le régime indemnitaire dans les conditions exposées"),
    ("Renouvellement de la convention avec la fourrière animale", "de renouveler la convention pour une durée de trois ans"),
    ("Participation financière au fonds de solidarité logement", "de verser une participation de {amount} euros"),
    ("Approbation du plan local d'urbanisme intercommunal", "d'approuver le plan local d'urbanisme intercommunal"),
    ("Instauration de la taxe de séjour", "d'instaurer la taxe de séjour selon les modalités exposées"),
    ("Rétrocession de la voirie du lotissement du Moulin", "d'accepter la rétrocession de la voirie dans le domaine public"),
    ("Programme d'entretien des cours d'eau du bassin {de_river}", "d'approuver le programme pluriannuel d'entretien des cours d'eau"),
    ("Contrat de ruralité - Programmation {year}", "d'approuver la programmation présentée"),
    ("Aide aux communes pour la voirie rurale", "d'attribuer les aides figurant dans le tableau annexé"),
    ("Dispositif d'aide aux très petites entreprises", "d'approuver les modalités du dispositif d'aide"),
    ("Admission en non-valeur de créances irrécouvrables", "d'admettre en non-valeur les créances pour un montant de {amount} euros"),
    ("Garantie d'emprunt accordée à l'office public de l'habitat", "d'accorder la garantie d'emprunt à hauteur de cinquante pour cent"),
    ("Recrutement d'agents contractuels pour accroissement saisonnier d'activité", "d'autoriser le recrutement d'agents contractuels"),
    ("Tarifs de location de la salle des fêtes", "de fixer les tarifs de location tels que présentés"),
    ("Adhésion à l'agence départementale d'ingénierie", "d'adhérer à l'agence départementale d'ingénierie"),
    ("Motion pour le maintien du bureau de poste", "d'adopter la motion présentée"),
    ("Adhésion au Syndicat mixte ouvert « {region} Numérique » afin d'assurer la continuité de l'Espace Numérique de Travail", "d'adhérer au Syndicat mixte ouvert et d'approuver ses statuts"),
];

/// Sentences of exposé. They state no fact the extractor looks for: no date, no number,
/// no name, no vote or attendance word.
const EXPOSE_SENTENCES: &[&str] = &[
    "Ce dossier a été examiné en commission, qui a émis un avis favorable.",
    "Les crédits nécessaires sont inscrits au budget de l'exercice en cours.",
    "Il convient dès lors de préciser les conditions techniques, administratives et financières de cette opération.",
    "Cette démarche s'inscrit dans la continuité des actions engagées depuis plusieurs années sur le territoire.",
    "Le projet a fait l'objet d'une concertation avec les habitants et les associations concernées.",
    "Les services ont étudié plusieurs hypothèses avant de retenir la solution la plus économe en deniers publics.",
    "La mutualisation des moyens permet de réaliser des économies d'échelle tout en améliorant la qualité du service rendu aux usagers.",
    "Le calendrier prévisionnel prévoit un démarrage des travaux au cours du prochain trimestre.",
    "Cette opération contribue à l'attractivité du territoire et au maintien des services de proximité.",
    "Les partenaires institutionnels ont confirmé leur soutien technique et financier.",
    "Le dispositif proposé répond aux obligations réglementaires applicables aux collectivités territoriales.",
    "Une évaluation sera proposée à l'assemblée à l'issue de la première année de fonctionnement.",
    "Il est rappelé que la collectivité reste attentive à la maîtrise de ses dépenses de fonctionnement.",
    "Les modalités de mise en œuvre ont été définies en lien étroit avec les services de l'État.",
    "Le cahier des charges prévoit des exigences renforcées en matière de performance environnementale.",
    "Les communes membres seront associées au suivi du dispositif dans le cadre d'un comité de pilotage.",
    "Ce projet bénéficiera en priorité aux familles et aux jeunes du territoire.",
    "La convention précise le rôle et les responsabilités de chacune des parties.",
    "Les conditions d'accès au service demeurent inchangées pour les usagers.",
    "Le montant définitif sera arrêté au vu des dépenses réellement engagées.",
    "La commission d'appel d'offres s'est réunie afin d'analyser les offres reçues.",
    "Le dossier a été transmis à l'ensemble des élus avec la note de synthèse.",
    "Il s'agit de sécuriser juridiquement une pratique ancienne de la collectivité.",
    "L'Environnement Numérique de Travail (ENT) est devenu un outil indispensable à la bonne scolarité des enfants.",
    "La collectivité souhaite poursuivre l'accompagnement des écoles dans leurs projets pédagogiques.",
    "Les dépenses seront imputées au chapitre correspondant du budget principal.",
    "Le plan de financement fait apparaître une part importante de financements publics.",
    "Cette évolution tient compte des observations formulées par les usagers lors de la précédente consultation.",
];

/// What follows « Considérant » in filler clauses.
const CONSIDERANTS: &[&str] = &[
    "que ce projet répond aux besoins exprimés par les habitants du territoire",
    "l'intérêt qu'il y a pour la collectivité de pérenniser et de développer son action",
    "que les crédits nécessaires sont inscrits au budget",
    "qu'il convient d'adopter les décisions qui permettront la bonne prise en charge de cette compétence",
    "que la mutualisation des moyens constitue une source d'économies",
    "la nécessité d'assurer la continuité du service public",
    "que le dossier est complet et que les conditions réglementaires sont réunies",
    "que cette opération revêt un intérêt général local",
    "que la collectivité doit se conformer aux évolutions de la réglementation",
    "l'avis favorable de la commission compétente",
    "que le projet s'inscrit dans les orientations du projet de territoire",
    "que les partenaires ont confirmé leur engagement",
];

/// « Vu … » lines that cite no numbered text.
const PLAIN_VUS: &[&str] = &[
    "les statuts de la collectivité",
    "le budget primitif de l'exercice en cours",
    "l'avis favorable de la commission des finances",
    "le rapport de présentation",
    "l'avis de la commission compétente",
    "le projet de convention annexé",
    "le Schéma directeur des espaces numériques de travail dans sa dernière version",
    "le règlement budgétaire et financier",
];

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum RefKind {
    #[default]
    Deliberation,
    Law,
    Decree,
    Ordinance,
    Order,
    CodeArticle,
}

impl RefKind {
    fn truth(self) -> &'static str {
        match self {
            RefKind::Deliberation => "deliberation",
            RefKind::Law => "law",
            RefKind::Decree => "decree",
            RefKind::Ordinance => "ordinance",
            RefKind::Order => "order",
            RefKind::CodeArticle => "code_article",
        }
    }

    /// Order of citation in a « Vu » list: codes, laws, ordinances, decrees, orders,
    /// deliberations.
    fn rank(self) -> u8 {
        match self {
            RefKind::CodeArticle => 0,
            RefKind::Law => 1,
            RefKind::Ordinance => 2,
            RefKind::Decree => 3,
            RefKind::Order => 4,
            RefKind::Deliberation => 5,
        }
    }
}

#[derive(Clone, Copy, Default)]
struct LegalText {
    kind: RefKind,
    number: &'static str,
    date: (i32, u32, u32),
    subject: &'static str,
}

const LEGAL_TEXTS: &[LegalText] = &[
    LegalText { kind: RefKind::Law, number: "82-213", date: (1982, 3, 2), subject: "relative aux droits et libertés des communes, des départements et des régions" },
    LegalText { kind: RefKind::Law, number: "83-634", date: (1983, 7, 13), subject: "portant droits et obligations des fonctionnaires" },
    LegalText { kind: RefKind::Law, number: "84-53", date: (1984, 1, 26), subject: "portant dispositions statutaires relatives à la fonction publique territoriale" },
    LegalText { kind: RefKind::Law, number: "92-125", date: (1992, 2, 6), subject: "relative à l'administration territoriale de la République" },
    LegalText { kind: RefKind::Law, number: "99-586", date: (1999, 7, 12), subject: "relative au renforcement et à la simplification de la coopération intercommunale" },
    LegalText { kind: RefKind::Law, number: "2000-1208", date: (2000, 12, 13), subject: "relative à la solidarité et au renouvellement urbains" },
    LegalText { kind: RefKind::Law, number: "2004-809", date: (2004, 8, 13), subject: "relative aux libertés et responsabilités locales" },
    LegalText { kind: RefKind::Law, number: "2005-102", date: (2005, 2, 11), subject: "pour l'égalité des droits et des chances, la participation et la citoyenneté des personnes handicapées" },
    LegalText { kind: RefKind::Law, number: "2010-1563", date: (2010, 12, 16), subject: "de réforme des collectivités territoriales" },
    LegalText { kind: RefKind::Law, number: "2013-595", date: (2013, 7, 8), subject: "d'orientation et de programmation pour la refondation de l'école de la République" },
    LegalText { kind: RefKind::Law, number: "2014-58", date: (2014, 1, 27), subject: "de modernisation de l'action publique territoriale et d'affirmation des métropoles" },
    LegalText { kind: RefKind::Law, number: "2015-991", date: (2015, 8, 7), subject: "portant nouvelle organisation territoriale de la République" },
    LegalText { kind: RefKind::Law, number: "2015-992", date: (2015, 8, 17), subject: "relative à la transition énergétique pour la croissance verte" },
    LegalText { kind: RefKind::Law, number: "2019-828", date: (2019, 8, 6), subject: "de transformation de la fonction publique" },
    LegalText { kind: RefKind::Law, number: "2019-1461", date: (2019, 12, 27), subject: "relative à l'engagement dans la vie locale et à la proximité de l'action publique" },
    LegalText { kind: RefKind::Law, number: "2021-1104", date: (2021, 8, 22), subject: "portant lutte contre le dérèglement climatique et renforcement de la résilience face à ses effets" },
    LegalText { kind: RefKind::Law, number: "2022-217", date: (2022, 2, 21), subject: "relative à la différenciation, la décentralisation, la déconcentration et portant diverses mesures de simplification de l'action publique locale" },
    LegalText { kind: RefKind::Decree, number: "88-145", date: (1988, 2, 15), subject: "relatif aux agents contractuels de la fonction publique territoriale" },
    LegalText { kind: RefKind::Decree, number: "91-875", date: (1991, 9, 6), subject: "pris pour l'application du premier alinéa de l'article 88 de la loi du 26 janvier 1984" },
    LegalText { kind: RefKind::Decree, number: "2001-210", date: (2001, 3, 7), subject: "portant code des marchés publics" },
    LegalText { kind: RefKind::Decree, number: "2006-975", date: (2006, 8, 1), subject: "portant code des marchés publics" },
    LegalText { kind: RefKind::Decree, number: "2016-360", date: (2016, 3, 25), subject: "relatif aux marchés publics" },
    LegalText { kind: RefKind::Decree, number: "2019-1414", date: (2019, 12, 19), subject: "relatif à la procédure de recrutement pour pourvoir les emplois permanents de la fonction publique ouverts aux agents contractuels" },
    LegalText { kind: RefKind::Decree, number: "2021-1311", date: (2021, 12, 7), subject: "portant réforme des règles de publicité, d'entrée en vigueur et de conservation des actes pris par les collectivités territoriales" },
    LegalText { kind: RefKind::Ordinance, number: "2005-649", date: (2005, 6, 6), subject: "relative aux marchés passés par certaines personnes publiques ou privées non soumises au code des marchés publics" },
    LegalText { kind: RefKind::Ordinance, number: "2015-899", date: (2015, 7, 23), subject: "relative aux marchés publics" },
    LegalText { kind: RefKind::Ordinance, number: "2018-1074", date: (2018, 11, 26), subject: "portant partie législative du code de la commande publique" },
    LegalText { kind: RefKind::Ordinance, number: "2020-391", date: (2020, 4, 1), subject: "visant à assurer la continuité du fonctionnement des institutions locales" },
    LegalText { kind: RefKind::Ordinance, number: "2021-1310", date: (2021, 10, 7), subject: "portant réforme des règles de publicité, d'entrée en vigueur et de conservation des actes pris par les collectivités territoriales" },
];

/// A code and the articles a « Vu » line may cite from it, with the years it existed.
#[derive(Clone, Copy, Default)]
struct Code {
    name: &'static str,
    from_year: i32,
    to_year: i32,
    articles: &'static [&'static str],
}

const CGCT: &str = "le Code Général des Collectivités Territoriales";

const CGCT_ARTICLES_COMMUNE: &[&str] = &[
    "L.2121-17", "L.2121-20", "L.2121-21", "L.2121-29", "L.2122-22", "L.2122-23", "L.2131-1",
    "L.2241-1", "L.2311-1", "R.2121-10",
];
const CGCT_ARTICLES_EPCI: &[&str] = &[
    "L.5211-1", "L.5211-10", "L.5214-16", "L.5216-5", "L.5211-17", "L.2121-29",
];
const CGCT_ARTICLES_SYNDICAT: &[&str] = &["L.5711-1", "L.5721-2", "L.5212-16", "L.1414-3"];
const CGCT_ARTICLES_DEPARTEMENT: &[&str] = &[
    "L.3121-14", "L.3121-14-1", "L.3211-1", "L.3211-2", "L.1414-3", "L.3312-1",
];
const CGCT_ARTICLES_REGION: &[&str] = &[
    "L.4132-13", "L.4132-13-1", "L.4221-1", "L.4211-1", "L.1414-3",
];

const OTHER_CODES: &[Code] = &[
    Code { name: "le Code de l'éducation", from_year: 2000, to_year: 2100, articles: &["L.212-4", "L.213-2", "L.214-6"] },
    Code { name: "le Code de l'urbanisme", from_year: 1995, to_year: 2100, articles: &["L.153-36", "L.300-1", "L.211-1"] },
    Code { name: "le Code de la commande publique", from_year: 2019, to_year: 2100, articles: &["L.2113-6", "L.2124-2", "R.2123-1"] },
    Code { name: "le Code de l'environnement", from_year: 2000, to_year: 2100, articles: &["L.211-7", "L.541-1"] },
    Code { name: "le Code des communes", from_year: 1995, to_year: 1996, articles: &["L.121-12", "L.121-26", "L.122-20"] },
];

const DELIBERATION_SUBJECTS: &[&str] = &[
    "relative à la délégation d'attributions",
    "portant approbation du budget primitif",
    "approuvant le règlement intérieur",
    "fixant les tarifs des services publics locaux",
    "portant création d'un groupement de commandes",
    "approuvant le cahier des conditions techniques, administratives et financières",
];

const ORDER_SUBJECTS: &[&str] = &[
    "portant modification des statuts",
    "portant création de l'établissement",
    "fixant la composition de l'assemblée",
    "portant déclaration d'utilité publique",
];

// ---------------------------------------------------------------------------------------
// The facts of one document
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum Format {
    #[default]
    Txt,
    Md,
    Html,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Html => "html",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum Layout {
    /// *Extrait du registre*: one deliberation.
    #[default]
    Extrait,
    /// *Compte rendu* / *procès-verbal*: several numbered items.
    CompteRendu,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum Kind {
    #[default]
    Commune,
    Epci,
    SyndicatMixte,
    Departement,
    Region,
}

impl Kind {
    fn truth(self) -> &'static str {
        match self {
            Kind::Commune => "commune",
            Kind::Epci => "epci",
            Kind::SyndicatMixte => "syndicat_mixte",
            Kind::Departement => "departement",
            Kind::Region => "region",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum Body {
    #[default]
    ConseilMunicipal,
    ConseilCommunautaire,
    Bureau,
    ComiteSyndical,
    CommissionPermanente,
    ConseilDepartemental,
    ConseilRegional,
}

impl Body {
    fn truth(self) -> &'static str {
        match self {
            Body::ConseilMunicipal => "conseil municipal",
            Body::ConseilCommunautaire => "conseil communautaire",
            Body::Bureau => "bureau",
            Body::ComiteSyndical => "comité syndical",
            Body::CommissionPermanente => "commission permanente",
            Body::ConseilDepartemental => "conseil départemental",
            Body::ConseilRegional => "conseil régional",
        }
    }

    /// Sizes kept within what a 20 KB document can list (real regional councils are larger).
    fn draw_size(self, rng: &mut Rng) -> usize {
        let size = match self {
            // Legal council sizes (L2121-2) of communes below 10 000 inhabitants.
            Body::ConseilMunicipal => rng.pick(&[7, 11, 15, 15, 19, 19, 23, 27, 29, 33]),
            Body::ConseilCommunautaire => rng.between(20, 56),
            Body::Bureau => rng.between(8, 16),
            Body::ComiteSyndical => rng.between(10, 28),
            Body::CommissionPermanente => rng.between(20, 44),
            Body::ConseilDepartemental => 2 * rng.between(17, 29),
            Body::ConseilRegional => rng.between(45, 69),
        };
        size as usize
    }
}

struct Collectivity {
    name: String,
    kind: Kind,
    body: Body,
    /// How the text names the body, article included: « le Conseil Municipal ».
    body_name: String,
    /// « Département du Nord », printed above a commune's name on some letterheads.
    department_banner: String,
    department_chef_lieu: &'static str,
    department_code: &'static str,
    /// Region or department name as a syndicat « … Numérique » would use it.
    territory: &'static str,
    siren: String,
    city: String,
    tribunal: &'static str,
    /// Member collectivities (syndicats), member communes (EPCI) or political groups.
    groups: Vec<String>,
    political_groups: bool,
}

impl Collectivity {
    fn draw(rng: &mut Rng, date: Date) -> Collectivity {
        let department = rng.pick(DEPARTMENTS);
        let kind = rng.pick(&[
            Kind::Commune,
            Kind::Commune,
            Kind::Commune,
            Kind::Commune,
            Kind::Epci,
            Kind::Epci,
            Kind::SyndicatMixte,
            Kind::SyndicatMixte,
            Kind::Departement,
            Kind::Departement,
            Kind::Region,
        ]);
        let department_name = format!("{}{}", department.article, department.name);
        let mut coll = Collectivity {
            name: String::new(),
            kind,
            body: Body::ConseilMunicipal,
            body_name: String::new(),
            department_banner: format!("Département {department_name}"),
            department_chef_lieu: department.chef_lieu,
            department_code: department.code,
            territory: department.name,
            siren: String::new(),
            city: department.chef_lieu.to_string(),
            tribunal: department.tribunal,
            groups: Vec::new(),
            political_groups: false,
        };
        // Before April 2015 a département's assembly was the « Conseil général ».
        let council = if date < Date::new(2015, 4, 1) {
            "Conseil général"
        } else {
            "Conseil départemental"
        };
        let siren_payload = match kind {
            Kind::Commune => {
                let place = place_name(rng);
                coll.name = format!("Commune {}", de(&place));
                coll.body_name = rng
                    .pick(&["le Conseil Municipal", "le Conseil municipal"])
                    .to_string();
                coll.city = place;
                format!("21{}{:04}", department.code, rng.below(10_000))
            }
            Kind::Epci => {
                coll.name = epci_name(rng);
                coll.body = if rng.chance(30) {
                    Body::Bureau
                } else {
                    Body::ConseilCommunautaire
                };
                coll.body_name = if coll.body == Body::Bureau {
                    "le Bureau communautaire".to_string()
                } else {
                    rng.pick(&["le Conseil communautaire", "le Conseil Communautaire"])
                        .to_string()
                };
                coll.city = place_name(rng);
                let count = rng.between(3, 8) as usize;
                coll.groups = (0..count).map(|_| place_name(rng)).collect();
                format!("200{:05}", rng.below(100_000))
            }
            Kind::SyndicatMixte => {
                coll.name = syndicat_name(rng, department);
                coll.body = Body::ComiteSyndical;
                coll.body_name = rng
                    .pick(&["le comité syndical", "le Comité syndical", "le Comité Syndical"])
                    .to_string();
                coll.groups = syndicat_members(rng, department);
                format!("25{:06}", rng.below(1_000_000))
            }
            Kind::Departement => {
                coll.name = format!("Département {department_name}");
                coll.body = if rng.chance(50) {
                    Body::CommissionPermanente
                } else {
                    Body::ConseilDepartemental
                };
                coll.body_name = if coll.body == Body::CommissionPermanente {
                    format!(
                        "la {} du {council}",
                        rng.pick(&["Commission Permanente", "Commission permanente"])
                    )
                } else {
                    format!("le {council}")
                };
                coll.groups = political_groups(rng);
                coll.political_groups = true;
                format!("22{}0001", department.code)
            }
            Kind::Region => {
                let region = rng.pick(REGIONS);
                let name = if date < Date::new(2016, 1, 1) {
                    region.former_name
                } else {
                    region.name
                };
                coll.name = format!("Région {name}");
                coll.territory = region.name;
                coll.body = if rng.chance(30) {
                    Body::CommissionPermanente
                } else {
                    Body::ConseilRegional
                };
                coll.body_name = if coll.body == Body::CommissionPermanente {
                    "la Commission permanente du Conseil régional".to_string()
                } else {
                    "le Conseil régional".to_string()
                };
                coll.city = region.seat.to_string();
                coll.department_code = region.code;
                coll.tribunal = region.tribunal;
                coll.groups = political_groups(rng);
                coll.political_groups = true;
                format!("23{:06}", rng.below(1_000_000))
            }
        };
        coll.siren = with_luhn(&siren_payload);
        coll
    }

    fn body_feminine(&self) -> bool {
        self.body_name.starts_with("la ")
    }

    /// « de la Commune de X », « du Syndicat mixte … ».
    fn of_name(&self) -> String {
        match self.kind {
            Kind::Commune | Kind::Epci | Kind::Region => format!("de la {}", self.name),
            Kind::SyndicatMixte | Kind::Departement => format!("du {}", self.name),
        }
    }

    /// The president's function as written after a name: « Maire », « Présidente ».
    fn president_function(&self, female: bool) -> &'static str {
        match (self.kind, female) {
            (Kind::Commune, _) => "Maire",
            (_, false) => "Président",
            (_, true) => "Présidente",
        }
    }

    /// « le Maire », « Madame la Présidente »: who signs the documents a decision calls for.
    fn signer(&self, female: bool, polite: bool) -> String {
        let function = self.president_function(female);
        match (polite, female, self.kind) {
            (false, _, Kind::Commune) => "le Maire".to_string(),
            (false, _, _) => format!("le {function}"),
            (true, false, _) => format!("Monsieur le {function}"),
            (true, true, _) => format!("Madame la {function}"),
        }
    }

    /// The signature title: « Le Maire », « La Présidente du Syndicat mixte ».
    fn signatory_title(&self, female: bool) -> String {
        let article = if female && self.kind != Kind::Commune {
            "La"
        } else {
            "Le"
        };
        let function = self.president_function(female);
        let of = match self.kind {
            Kind::Commune | Kind::Epci => String::new(),
            Kind::SyndicatMixte => " du Syndicat mixte".to_string(),
            Kind::Departement | Kind::Region => {
                let council = self
                    .body_name
                    .rsplit_once("du ")
                    .map_or(self.body_name.as_str(), |(_, council)| council)
                    .trim_start_matches("le ");
                format!(" du {council}")
            }
        };
        format!("{article} {function}{of}")
    }

    /// Members' collective title at the end of a Gruson-style list.
    fn members_title(&self) -> &'static str {
        match self.kind {
            Kind::Commune => "Conseillers Municipaux",
            Kind::Epci => "Conseillers communautaires",
            Kind::SyndicatMixte => "Délégués",
            Kind::Departement => "Conseillers départementaux",
            Kind::Region => "Conseillers régionaux",
        }
    }

    /// Where the session took place, as the opening sentence says it.
    fn place_phrase(&self, rng: &mut Rng) -> String {
        let city = &self.city;
        let options: Vec<String> = match self.kind {
            Kind::Commune => vec![
                "à la mairie".into(),
                "en mairie, salle du conseil".into(),
                "dans la salle des fêtes".into(),
                "au lieu habituel de ses séances".into(),
            ],
            Kind::Epci => vec![
                "au siège de la communauté".into(),
                format!("à la salle intercommunale {}", de(city)),
                "au lieu habituel de ses séances".into(),
            ],
            Kind::SyndicatMixte => vec![
                "dans les locaux du syndicat".into(),
                format!("à {city}, dans les locaux du Conseil régional"),
                "au siège du syndicat".into(),
            ],
            Kind::Departement => vec![
                "à l'Hôtel du Département".into(),
                format!("à {city}, salle des délibérations"),
            ],
            Kind::Region => vec![
                "à l'Hôtel de Région".into(),
                format!("au siège du Conseil régional à {city}"),
            ],
        };
        options
            .get(rng.below(options.len()))
            .cloned()
            .unwrap_or_default()
    }
}

fn place_name(rng: &mut Rng) -> String {
    let (_, river) = rng.pick(RIVERS);
    let invented = format!("{}{}", rng.pick(SYLLABLES), rng.pick(ENDINGS));
    match rng.below(5) {
        0 => {
            let saint = if rng.chance(75) {
                format!("Saint-{}", rng.pick(SAINTS_MALE))
            } else {
                format!("Sainte-{}", rng.pick(SAINTS_FEMALE))
            };
            match rng.below(3) {
                0 => format!("{saint}-sur-{river}"),
                1 => format!("{saint}{}", rng.pick(PLACE_SUFFIXES)),
                _ => saint,
            }
        }
        1 => format!("{}{}", rng.pick(PLACE_ROOTS), rng.pick(PLACE_SUFFIXES)),
        2 => invented,
        3 => format!("{}-sur-{river}", rng.pick(PLACE_ROOTS)),
        _ => format!("{invented}-lès-{}", rng.pick(PLACE_ROOTS)),
    }
}

/// « de la Brenne », « du Loing », « de l'Aulne ».
fn river_of(rng: &mut Rng) -> String {
    let (article, name) = rng.pick(RIVERS);
    de_article(&format!("{article}{name}"))
}

fn epci_name(rng: &mut Rng) -> String {
    let place = place_name(rng);
    match rng.below(5) {
        0 => format!("Communauté de communes du Pays {}", de(&place)),
        1 => format!("Communauté de communes de la Vallée {}", river_of(rng)),
        2 => format!(
            "Communauté de communes {}",
            rng.pick(&[
                "des Deux Rives",
                "des Trois Vallées",
                "du Plateau",
                "des Collines",
                "des Portes du Ternois",
            ])
        ),
        3 => format!("Communauté d'agglomération {}", de(&place)),
        _ => format!("Communauté d'agglomération du Grand {place}"),
    }
}

fn syndicat_name(rng: &mut Rng, department: Department) -> String {
    let place = place_name(rng);
    match rng.below(5) {
        0 => format!("Syndicat mixte du bassin {}", river_of(rng)),
        1 => format!("Syndicat mixte ouvert « {} Numérique »", department.name),
        2 => format!("Syndicat mixte d'eau potable de la région {}", de(&place)),
        3 => format!("Syndicat mixte des transports du Pays {}", de(&place)),
        _ => format!(
            "Syndicat mixte de traitement des déchets {}{}",
            department.article, department.name
        ),
    }
}

fn syndicat_members(rng: &mut Rng, department: Department) -> Vec<String> {
    let mut members = vec![
        format!("Département {}{}", department.article, department.name),
        format!("Communauté d'agglomération {}", de(&place_name(rng))),
        format!("Communauté de communes du Pays {}", de(&place_name(rng))),
        "Collège des communes".to_string(),
    ];
    if rng.chance(50) {
        members.insert(0, format!("Conseil régional {}", rng.pick(REGIONS).name));
    }
    let count = rng.between(2, members.len() as u32) as usize;
    members.truncate(count);
    members
}

fn political_groups(rng: &mut Rng) -> Vec<String> {
    let count = rng.between(2, 5) as usize;
    let mut groups = rng.sample(POLITICAL_GROUPS, count);
    groups.sort_unstable();
    groups.into_iter().map(str::to_string).collect()
}

#[derive(Clone, Copy, Default, Debug)]
struct Person {
    given: &'static str,
    surname: &'static str,
    female: bool,
}

impl Person {
    fn full(self) -> String {
        format!("{} {}", self.given, self.surname)
    }

    fn civility(self) -> &'static str {
        if self.female { "Mme" } else { "M." }
    }

    fn with_civility(self) -> String {
        format!("{} {}", self.civility(), self.full())
    }

    fn monsieur(self) -> &'static str {
        if self.female { "Madame" } else { "Monsieur" }
    }

    /// « e » when a participle agrees with this person.
    fn e(self) -> &'static str {
        if self.female { "e" } else { "" }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum Status {
    #[default]
    Present,
    Absent,
    Excused,
}

impl Status {
    fn truth(self) -> &'static str {
        match self {
            Status::Present => "present",
            Status::Absent => "absent",
            Status::Excused => "excused",
        }
    }
}

struct Member {
    person: Person,
    status: Status,
    /// Index of the member holding this member's proxy.
    proxy_to: Option<usize>,
    group: Option<usize>,
}

/// A deliberation number: the year and the digits as the text writes them (« 03 »).
struct DelibNumber {
    year: i32,
    digits: String,
}

impl DelibNumber {
    fn normalized(&self) -> String {
        format!("{}-{}", self.year, self.digits)
    }
}

#[derive(Clone, Copy)]
struct Vote {
    pour: u32,
    contre: u32,
    abstention: u32,
    unanimous: bool,
}

impl Vote {
    fn draw(rng: &mut Rng, voters: u32) -> Vote {
        if rng.chance(45) {
            return Vote { pour: voters, contre: 0, abstention: 0, unanimous: true };
        }
        // A quarter of the voters at most on each side keeps a clear majority « pour ».
        let minority = (voters / 4).max(1);
        let contre = if rng.chance(50) { rng.between(0, minority.min(5)) } else { 0 };
        let abstention = if rng.chance(60) { rng.between(0, minority.min(6)) } else { 0 };
        Vote {
            pour: voters.saturating_sub(contre + abstention),
            contre,
            abstention,
            unanimous: false,
        }
    }

    fn voters(self) -> u32 {
        self.pour + self.contre + self.abstention
    }
}

/// A numbered text cited in a « Vu » line.
struct Reference {
    kind: RefKind,
    number: String,
    date: Date,
    subject: String,
    /// « du Conseil municipal », for a deliberation.
    issuer: String,
}

enum Vu {
    Plain(&'static str),
    /// A code and the articles cited from it (canonical « L.2121-17 » form; may be empty).
    Code { code: &'static str, articles: Vec<&'static str> },
    Text(Reference),
}

impl Vu {
    fn rank(&self) -> u8 {
        match self {
            Vu::Code { .. } => 0,
            Vu::Text(reference) => reference.kind.rank(),
            Vu::Plain(_) => 6,
        }
    }
}

struct Item {
    number: DelibNumber,
    title: String,
    decision: String,
    vote: Vote,
    vus: Vec<Vu>,
}

struct Plan {
    format: Format,
    layout: Layout,
    coll: Collectivity,
    date: Date,
    time: Option<(u32, u32)>,
    convocation: Date,
    roll: Vec<Member>,
    /// People attending « sans voix délibérative »: named, but not members.
    guests: Vec<Person>,
    president: usize,
    secretary: usize,
    items: Vec<Item>,
    prefecture: Date,
    publication: Date,
    display: Date,
}

impl Plan {
    fn draw(rng: &mut Rng) -> Plan {
        let format = rng.pick(&[Format::Txt, Format::Txt, Format::Md, Format::Html]);
        let layout = if rng.chance(55) {
            Layout::Extrait
        } else {
            Layout::CompteRendu
        };
        let date = draw_session_date(rng);
        let time = rng.chance(80).then(|| {
            (
                rng.pick(&[9, 10, 14, 17, 18, 18, 18, 18, 19, 19, 20, 20, 21]),
                rng.pick(&[0, 0, 0, 0, 30, 30, 15, 45]),
            )
        });
        let coll = Collectivity::draw(rng, date);
        let size = coll.body.draw_size(rng);
        let (roll, guests) = draw_roll(rng, size, coll.groups.len());
        let notice = match coll.body {
            // Plenary assemblies of départements and régions get their reports 12 days ahead.
            Body::ConseilDepartemental | Body::ConseilRegional => rng.between(13, 18),
            _ => rng.between(6, 12),
        };
        let voters = roll
            .iter()
            .filter(|m| m.status == Status::Present || m.proxy_to.is_some())
            .count() as u32;
        let items = draw_items(rng, &coll, date, layout, format, size, voters);
        Plan {
            format,
            layout,
            date,
            time,
            convocation: date.plus_days(-i64::from(notice)),
            roll,
            guests,
            president: 0,
            secretary: 1,
            items,
            prefecture: date.plus_days(i64::from(rng.between(0, 12))),
            publication: date.plus_days(i64::from(rng.between(0, 12))),
            display: date.plus_days(i64::from(rng.between(0, 10))),
            coll,
        }
    }

    fn count(&self, status: Status) -> u32 {
        self.roll.iter().filter(|m| m.status == status).count() as u32
    }

    fn proxies(&self) -> u32 {
        self.roll.iter().filter(|m| m.proxy_to.is_some()).count() as u32
    }

    /// The totals a document may state, in `Stated` order.
    fn totals(&self) -> [u32; 6] {
        let present = self.count(Status::Present);
        [
            self.roll.len() as u32,
            present,
            self.count(Status::Absent),
            self.count(Status::Excused),
            self.proxies(),
            present + self.proxies(),
        ]
    }

    fn president(&self) -> Person {
        self.person(self.president)
    }

    fn person(&self, index: usize) -> Person {
        self.roll.get(index).map(|m| m.person).unwrap_or_default()
    }
}

fn draw_session_date(rng: &mut Rng) -> Date {
    let year = rng.between(1995, 2025) as i32;
    let month = rng.between(1, 12);
    let day = rng.between(1, days_in_month(year, month));
    Date::new(year, month, day)
}

fn draw_people(rng: &mut Rng, count: usize) -> Vec<Person> {
    rng.sample(SURNAMES, count)
        .into_iter()
        .map(|surname| {
            let female = rng.chance(45);
            let given = if female {
                rng.pick(GIVEN_FEMALE)
            } else {
                rng.pick(GIVEN_MALE)
            };
            Person { given, surname, female }
        })
        .collect()
}

/// The roll: member 0 presides, member 1 is secretary; both are present. More than half
/// the members are present (ordinary quorum), each proxy goes to a different present
/// member.
fn draw_roll(rng: &mut Rng, size: usize, groups: usize) -> (Vec<Member>, Vec<Person>) {
    let mut people = draw_people(rng, size + 2);
    let guests = people.split_off(size);
    let mut roll: Vec<Member> = people
        .into_iter()
        .enumerate()
        .map(|(i, person)| Member {
            person,
            status: Status::Present,
            proxy_to: None,
            group: (groups > 0).then(|| if i < groups { i } else { rng.below(groups) }),
        })
        .collect();
    let most_missing = size - (size / 2 + 1);
    let missing = rng.below(most_missing.min(size / 3 + 1) + 1);
    let mut others: Vec<usize> = (2..size).collect();
    rng.shuffle(&mut others);
    let (missing_members, present_others) = others.split_at(missing.min(others.len()));
    for &i in missing_members {
        if let Some(member) = roll.get_mut(i) {
            member.status = if rng.chance(65) {
                Status::Excused
            } else {
                Status::Absent
            };
        }
    }
    let mut holders: Vec<usize> = [0, 1].iter().chain(present_others).copied().collect();
    rng.shuffle(&mut holders);
    let proxies = rng.below(missing_members.len() + 1);
    for (&giver, &holder) in missing_members.iter().zip(&holders).take(proxies) {
        if let Some(member) = roll.get_mut(giver) {
            member.proxy_to = Some(holder);
        }
    }
    (roll, guests)
}

fn draw_items(
    rng: &mut Rng,
    coll: &Collectivity,
    date: Date,
    layout: Layout,
    format: Format,
    size: usize,
    voters: u32,
) -> Vec<Item> {
    let count = match layout {
        Layout::Extrait => 1,
        Layout::CompteRendu => {
            // Big rolls take room (an HTML table row is ~190 bytes): fewer items then.
            let per_member = if format == Format::Html { 190 } else { 45 };
            let room = 15_000usize.saturating_sub(size * per_member) / 1_100;
            rng.between(2, room.clamp(2, 8) as u32) as usize
        }
    };
    let first = match layout {
        Layout::Extrait => rng.between(1, 450),
        Layout::CompteRendu => rng.between(1, 90),
    };
    let padded = layout == Layout::CompteRendu && rng.chance(25);
    let topics = rng.sample(TOPICS, count);
    let numbers: Vec<String> = (0..count as u32)
        .map(|i| {
            let n = first + i;
            if padded { format!("{n:02}") } else { n.to_string() }
        })
        .collect();
    let mut items = Vec::new();
    for ((title, decision), digits) in topics.into_iter().zip(&numbers) {
        let place = place_name(rng);
        let river = river_of(rng);
        let fill = |text: &str, rng: &mut Rng| {
            text.replace("{year}", &date.year.to_string())
                .replace("{de_place}", &de(&place))
                .replace("{de_river}", &river)
                .replace("{region}", coll.territory)
                .replace("{amount}", &amount(rng.between(12, 950) * 100))
        };
        items.push(Item {
            number: DelibNumber { year: date.year, digits: digits.clone() },
            title: fill(title, rng),
            decision: fill(decision, rng),
            vote: Vote::draw(rng, voters),
            vus: draw_vus(rng, coll, date, &numbers),
        });
    }
    items
}

fn draw_vus(rng: &mut Rng, coll: &Collectivity, date: Date, item_numbers: &[String]) -> Vec<Vu> {
    let mut vus = Vec::new();
    if rng.chance(65) {
        let (code, pool): (&'static str, &[&'static str]) = if date.year >= 1996 {
            let pool = match coll.kind {
                Kind::Commune => CGCT_ARTICLES_COMMUNE,
                Kind::Epci => CGCT_ARTICLES_EPCI,
                Kind::SyndicatMixte => CGCT_ARTICLES_SYNDICAT,
                Kind::Departement => CGCT_ARTICLES_DEPARTEMENT,
                Kind::Region => CGCT_ARTICLES_REGION,
            };
            (CGCT, pool)
        } else {
            let communes = OTHER_CODES.iter().find(|c| c.to_year <= 1996);
            communes.map_or((CGCT, CGCT_ARTICLES_COMMUNE), |c| (c.name, c.articles))
        };
        let count = if rng.chance(30) { 0 } else { rng.between(1, 3) as usize };
        vus.push(Vu::Code { code, articles: rng.sample(pool, count) });
    }
    if rng.chance(25) {
        let codes: Vec<Code> = OTHER_CODES
            .iter()
            .filter(|c| (c.from_year..c.to_year).contains(&date.year))
            .copied()
            .collect();
        if let Some(code) = codes.get(rng.below(codes.len())) {
            let count = rng.between(1, 2) as usize;
            vus.push(Vu::Code { code: code.name, articles: rng.sample(code.articles, count) });
        }
    }
    let mut used: Vec<&str> = Vec::new();
    for _ in 0..rng.below(4) {
        let kind = rng.pick(&[
            RefKind::Law,
            RefKind::Law,
            RefKind::Decree,
            RefKind::Ordinance,
            RefKind::Deliberation,
            RefKind::Deliberation,
            RefKind::Order,
        ]);
        let reference = match kind {
            RefKind::Deliberation | RefKind::Order => {
                Some(invented_reference(rng, coll, kind, date, item_numbers))
            }
            _ => {
                let known: Vec<LegalText> = LEGAL_TEXTS
                    .iter()
                    .filter(|t| t.kind == kind && !used.contains(&t.number))
                    .filter(|t| Date::new(t.date.0, t.date.1, t.date.2) < date)
                    .copied()
                    .collect();
                known.get(rng.below(known.len())).map(|text| {
                    used.push(text.number);
                    Reference {
                        kind,
                        number: text.number.to_string(),
                        date: Date::new(text.date.0, text.date.1, text.date.2),
                        subject: text.subject.to_string(),
                        issuer: String::new(),
                    }
                })
            }
        };
        vus.extend(reference.map(Vu::Text));
    }
    let plain = rng.below(3);
    vus.extend(rng.sample(PLAIN_VUS, plain).into_iter().map(Vu::Plain));
    vus.sort_by_key(Vu::rank);
    vus
}

/// A deliberation or prefectoral order older than the session, numbered in its own year.
fn invented_reference(
    rng: &mut Rng,
    coll: &Collectivity,
    kind: RefKind,
    date: Date,
    item_numbers: &[String],
) -> Reference {
    let when = date.plus_days(-i64::from(rng.between(10, 1_800)));
    let mut digits = rng.between(1, 300);
    // Never the number of an item of this very document.
    while when.year == date.year && item_numbers.contains(&digits.to_string()) {
        digits += 1;
    }
    let (subject, issuer) = if kind == RefKind::Order {
        (rng.pick(ORDER_SUBJECTS).to_string(), String::new())
    } else {
        let plenary = match coll.body {
            Body::Bureau => "du Conseil communautaire".to_string(),
            // The plenary that delegated its powers to the commission permanente.
            Body::CommissionPermanente => coll
                .body_name
                .split_once(" du ")
                .map_or_else(|| de_article(&coll.body_name), |(_, council)| format!("du {council}")),
            _ => de_article(&coll.body_name),
        };
        let issuer = rng.pick(&[0, 0, 1, 2]);
        let issuer = match issuer {
            0 => plenary,
            1 => de_article(&coll.body_name),
            _ => String::new(),
        };
        (rng.pick(DELIBERATION_SUBJECTS).to_string(), issuer)
    };
    Reference {
        kind,
        number: format!("{}-{digits}", when.year),
        date: when,
        subject,
        issuer,
    }
}
