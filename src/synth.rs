//! Synthetic French deliberations, each paired with the facts it states (its "truth").
//!
//! Tests measure the extractor against these documents (it must recover at least 99 % of
//! their facts) and benchmarks use them as a corpus of any size. A document is a pure
//! function of `(seed, index)`, so a failing document can be replayed from its name alone.
//!
//! Generation has two steps. `Plan::draw` decides the facts: collectivity, session, roll,
//! items, votes, references, dates. `Renderer` then chooses the phrasings and writes the
//! text, recording each fact *at the moment it writes it*: the truth never holds a fact the
//! text does not state, and a fact the text states twice is stated with the same value.
//! Filler prose (exposés, « Considérant … ») comes last, to reach the document's target
//! size (2–20 KB) without touching any fact.
//!
//! The documents are legally clean on purpose (see `shared/legal-checks.md`): quorum met,
//! at most one proxy per holder, holders present and givers not, votes adding up to
//! present + represented, convocation early enough, number year = session year,
//! transmission and publication after the session. Anomalies are injected elsewhere.
//!
//! # Truth conventions
//! The truth has the field names of `record-format.md`; every key is always there, `null`
//! when the text does not state the fact.
//! - `attendance.members` in the order the document lists them; `title` is null when the
//!   roll writes no civility; `group` only from a table's group column; `proxy_to` exactly
//!   as written (« M. DUPONT », « Mme MESSEANNE », « Jean DUPONT »).
//! - `attendance.stated.absent` counts members absent *without* excuse; « Absents excusés »
//!   are `excused`. « Représentés » and « Pouvoirs » are `proxies`.
//! - `votes.voters` is a number written in the vote itself (« Nombre d'élus participant au
//!   vote », « Votants : … - Pour : … »); « Nombre de votants » in the roll is
//!   `attendance.stated.voters`. A side nobody took and the text leaves out (« par quinze
//!   voix pour ») stays null. `method` is « main levée » when written.
//! - A number keeps its digits as written (« 2021-03 »); an item headed « 1. », « II - »
//!   or « Point n°2 » with no deliberation number has a null `number`.
//! - `session.president` comes from « sous la présidence de … », « Présidence : … » and
//!   the like; neither the signatory of « Pour extrait conforme » nor a function written
//!   after a name in the roll (« Carole BÉGUIN, Présidente, … ») counts. The secretary's
//!   signature of a compte rendu does state the secretary.
//! - Before April 2015 a département's assembly is written « Conseil général »; its truth
//!   body is still « conseil départemental ». People « sans voix délibérative » are named but
//!   are not members.
use crate::date::{MONTHS, WEEKDAYS};
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

/// An anomaly the checks must find, and the rule that finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anomaly {
    /// A vote whose counts do not add up to the members present and represented (V3;
    /// the text's own « votants » follow the wrong counts, so V2 cannot see it).
    WrongTotals,
    /// « Suffrages exprimés » = pour + contre + abstentions (V1).
    AbstentionsExpressed,
    /// A proxy held by a member who is not present (P2).
    ProxyToAbsent,
    /// One member holding two proxies outside the COVID periods (P3).
    TwoProxies,
    /// A convocation one clear day before the session (D1).
    LateConvocation,
    /// « Le quorum étant atteint » with exactly half of the members present (Q1).
    QuorumNotMet,
    /// « commune de XX » left in the decision (F9).
    Placeholder,
}

impl Anomaly {
    pub const ALL: [Anomaly; 7] = [
        Anomaly::WrongTotals,
        Anomaly::AbstentionsExpressed,
        Anomaly::ProxyToAbsent,
        Anomaly::TwoProxies,
        Anomaly::LateConvocation,
        Anomaly::QuorumNotMet,
        Anomaly::Placeholder,
    ];

    /// The rule of ../shared/legal-checks.md that must report it.
    pub fn rule(self) -> &'static str {
        match self {
            Anomaly::WrongTotals => "V3",
            Anomaly::AbstentionsExpressed => "V1",
            Anomaly::ProxyToAbsent => "P2",
            Anomaly::TwoProxies => "P3",
            Anomaly::LateConvocation => "D1",
            Anomaly::QuorumNotMet => "Q1",
            Anomaly::Placeholder => "F9",
        }
    }
}

/// A generated document with one injected anomaly.
pub struct AnomalousDoc {
    pub doc: SyntheticDoc,
    pub anomaly: Anomaly,
    /// The rule expected to report it.
    pub rule: &'static str,
}

/// Document `index` with the anomaly `Anomaly::ALL[index % 7]` injected into a plan
/// drawn from `(seed, index)` (or the next plans of that stream until one can carry it
/// and the text states the facts that show it). The clean generator is untouched.
pub fn generate_anomalous(seed: u64, index: usize) -> AnomalousDoc {
    let anomaly = Anomaly::ALL[index % Anomaly::ALL.len()];
    for attempt in 0..200usize {
        let mut rng = Rng::for_document(seed ^ 0xA5A5_0000_0000_0001, index * 1_000 + attempt);
        let mut plan = Plan::draw(&mut rng);
        if !inject(&mut plan, anomaly, &mut rng) {
            continue;
        }
        let (text, truth, _) = Renderer::run(&plan, rng);
        if !shows(anomaly, &truth) {
            continue;
        }
        let doc = SyntheticDoc { name: format!("anomaly-{index:06}"), extension: plan.format.extension(), text, truth };
        return AnomalousDoc { doc, anomaly, rule: anomaly.rule() };
    }
    // Unreachable in practice (every anomaly fits most plans); a clean document then.
    AnomalousDoc { doc: generate(seed, index), anomaly, rule: anomaly.rule() }
}

/// Inside a COVID period (legal-checks.md §1), where proxies and quorum differ.
fn in_covid(d: Date) -> bool {
    let periods = [
        (Date::new(2020, 3, 24), Date::new(2020, 8, 30)),
        (Date::new(2020, 11, 15), Date::new(2021, 9, 30)),
        (Date::new(2021, 11, 11), Date::new(2022, 7, 31)),
    ];
    periods.iter().any(|(a, b)| *a <= d && d <= *b)
}

fn inject(plan: &mut Plan, anomaly: Anomaly, rng: &mut Rng) -> bool {
    let body = plan.coll.body;
    let is_cp = body == Body::CommissionPermanente;
    match anomaly {
        Anomaly::WrongTotals => {
            let Some(item) = plan.items.first_mut() else { return false };
            if item.vote.pour < 2 {
                return false;
            }
            item.vote.unanimous = false;
            item.vote.pour -= 1;
            true
        }
        Anomaly::AbstentionsExpressed => {
            let Some(item) = plan.items.first_mut() else { return false };
            if item.vote.pour < 3 {
                return false;
            }
            item.vote.unanimous = false;
            item.vote.pour -= 2;
            item.vote.abstention += 2;
            plan.expressed_with_abstentions = true;
            plan.items.truncate(1);
            true
        }
        Anomaly::ProxyToAbsent => {
            let absent: Vec<usize> = (0..plan.roll.len())
                .filter(|&i| plan.roll[i].status != Status::Present && plan.roll[i].proxy_to.is_none())
                .collect();
            let givers: Vec<usize> = (0..plan.roll.len()).filter(|&i| plan.roll[i].proxy_to.is_some()).collect();
            let (Some(&giver), false) = (givers.first(), absent.is_empty()) else { return false };
            plan.roll[giver].proxy_to = Some(absent[rng.below(absent.len())]);
            true
        }
        Anomaly::TwoProxies => {
            if in_covid(plan.date) {
                return false;
            }
            let givers: Vec<usize> = (0..plan.roll.len()).filter(|&i| plan.roll[i].proxy_to.is_some()).collect();
            let [a, b, ..] = givers[..] else { return false };
            plan.roll[b].proxy_to = plan.roll[a].proxy_to;
            true
        }
        Anomaly::LateConvocation => {
            if is_cp {
                return false;
            }
            plan.convocation = plan.date.plus_days(-2);
            true
        }
        Anomaly::QuorumNotMet => {
            if in_covid(plan.date) || body == Body::ComiteSyndical {
                return false;
            }
            let n = plan.roll.len();
            let target = n / 2;
            for m in plan.roll.iter_mut() {
                m.proxy_to = None;
            }
            let mut present = plan.roll.iter().filter(|m| m.status == Status::Present).count();
            // Keep the president (0) and the secretary (1) present.
            for i in (2..n).rev() {
                if present <= target {
                    break;
                }
                if plan.roll[i].status == Status::Present {
                    plan.roll[i].status = Status::Excused;
                    present -= 1;
                }
            }
            if present > target {
                return false;
            }
            let voters = present as u32;
            for item in plan.items.iter_mut() {
                let v = &mut item.vote;
                v.contre = v.contre.min(voters / 4);
                v.abstention = v.abstention.min(voters / 4);
                v.pour = voters.saturating_sub(v.contre + v.abstention);
            }
            plan.declare_quorum = true;
            true
        }
        Anomaly::Placeholder => {
            let Some(item) = plan.items.first_mut() else { return false };
            let residue = ["de la commune de XX", "au titre de l'année XXXX", "selon le [...]"];
            item.decision.push_str(&format!(" {}", residue[rng.below(residue.len())]));
            true
        }
    }
}

/// The text states the facts that make the anomaly visible.
fn shows(anomaly: Anomaly, truth: &Value) -> bool {
    let item = &truth["deliberations"][0]["votes"];
    let stated = &truth["attendance"]["stated"];
    match anomaly {
        Anomaly::WrongTotals => {
            !item["for"].is_null()
                && (!item["voters"].is_null() || !stated["voters"].is_null())
                && truth["deliberations"].as_array().is_some_and(|d| d.len() == 1 || !item["voters"].is_null())
        }
        Anomaly::AbstentionsExpressed => !item["expressed"].is_null() && !item["for"].is_null(),
        Anomaly::ProxyToAbsent | Anomaly::TwoProxies => {
            truth["attendance"]["members"].as_array().is_some_and(|m| m.iter().any(|m| !m["proxy_to"].is_null()))
        }
        Anomaly::LateConvocation => !truth["session"]["convocation_date"].is_null(),
        Anomaly::QuorumNotMet => truth["attendance"]["members"].as_array().is_some_and(|m| !m.is_empty()),
        Anomaly::Placeholder => true,
    }
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

/// Writes the documents alone, a thousand per folder as an archive would hold them, for
/// the benchmarks (no truth files to walk past).
pub fn write_documents(dir: &Path, seed: u64, count: usize) -> std::io::Result<()> {
    for index in 0..count {
        let doc = generate(seed, index);
        let folder = dir.join(format!("{:04}", index / 1000));
        if index % 1000 == 0 {
            std::fs::create_dir_all(&folder)?;
        }
        std::fs::write(folder.join(format!("{}.{}", doc.name, doc.extension)), &doc.text)?;
    }
    Ok(())
}

/// The document and the names of the phrasings it used (the tests check their variety).
fn build(seed: u64, index: usize) -> (SyntheticDoc, Vec<String>) {
    let mut rng = Rng::for_document(seed, index);
    let plan = Plan::draw(&mut rng);
    let (text, truth, labels) = Renderer::run(&plan, rng);
    let doc = SyntheticDoc { name: format!("synth-{index:06}"), extension: plan.format.extension(), text, truth };
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
        items.get(self.below(items.len())).copied().unwrap_or_default()
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

    /// Days since 1970-01-01, by the crate's calendar.
    fn days_since_epoch(self) -> i64 {
        crate::date::Date { year: self.year, month: self.month, day: self.day }.days()
    }

    fn from_days(days: i64) -> Date {
        let d = crate::date::Date::from_days(days);
        Date::new(d.year, d.month, d.day)
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
        MONTHS.get(self.month as usize - 1).copied().unwrap_or_default()
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
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "treize",
    "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf",
];
const TENS: [&str; 7] = ["", "dix", "vingt", "trente", "quarante", "cinquante", "soixante"];

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
    if reformed { text.replace(' ', "-") } else { text }
}

/// Agreement with a feminine noun (« une voix », « vingt et une heures »).
fn words_feminine(n: u32, reformed: bool) -> String {
    let text = words(n, reformed);
    if text.ends_with("un") { text + "e" } else { text }
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
    let rest = if year >= 2000 { year - 2000 } else { year - 1900 };
    // « mil » only before more words: « l'an deux mil quatorze », but « l'an deux mille ».
    let thousand = if style == YearStyle::Mil && rest > 0 { "mil" } else { "mille" };
    let head = if year >= 2000 { format!("deux {thousand}") } else { format!("{thousand} neuf cent") };
    let reformed = style == YearStyle::Reformed;
    let mut text = head;
    if rest > 0 {
        text.push(' ');
        text.push_str(&words(rest.unsigned_abs(), reformed));
    }
    if reformed { text.replace(' ', "-") } else { text }
}

fn day_words(day: u32, reformed: bool) -> String {
    if day == 1 { "premier".to_string() } else { words(day, reformed) }
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
    let elide = place.chars().next().is_some_and(|c| "AEIOUYÉÈÊ".contains(c));
    if elide { format!("d'{place}") } else { format!("de {place}") }
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
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
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
    "Jean",
    "Pierre",
    "Michel",
    "Philippe",
    "Alain",
    "Olivier",
    "Christophe",
    "Thierry",
    "Jacques",
    "Luc",
    "Nicolas",
    "Frédéric",
    "Laurent",
    "Bruno",
    "Daniel",
    "Gérard",
    "Claude",
    "André",
    "Bernard",
    "Patrick",
    "Sébastien",
    "Julien",
    "Thibault",
    "Aimé",
    "Valère",
    "Grégory",
    "Benoît",
    "Étienne",
    "Jérôme",
    "François",
    "Hervé",
    "Yves",
    "Didier",
    "Régis",
    "Ludovic",
    "Mickaël",
    "Anthony",
    "Jean-Claude",
    "Jean-Marc",
    "Jean-Pierre",
    "Jean-Michel",
    "Jean-Louis",
    "Pierre-Yves",
    "Jean-François",
    "Jean-Jacques",
    "Marc-Antoine",
];

const GIVEN_FEMALE: &[&str] = &[
    "Marie",
    "Hélène",
    "Isabelle",
    "Sabrina",
    "Alexia",
    "Mélanie",
    "Valérie",
    "Christine",
    "Martine",
    "Anne",
    "Sophie",
    "Brigitte",
    "Karine",
    "Florence",
    "Sylvie",
    "Carole",
    "Nathalie",
    "Émilie",
    "Céline",
    "Aurélie",
    "Maryse",
    "Évelyne",
    "Laurence",
    "Bénédicte",
    "Maïté",
    "Zohra",
    "Fatima",
    "Agnès",
    "Josiane",
    "Chantal",
    "Monique",
    "Françoise",
    "Élodie",
    "Manon",
    "Léa",
    "Marie-Hélène",
    "Marie-Line",
    "Anne-Sophie",
    "Marie-Claire",
    "Marie-Christine",
    "Anne-Marie",
    "Marie-Pierre",
];

/// More surnames than the largest roll plus its guests, so every document can give each
/// person a surname of their own (short forms such as « M. DUPONT » stay unambiguous).
const SURNAMES: &[&str] = &[
    "DUPONT",
    "LEROY",
    "MARTIN",
    "BERNARD",
    "DUBOIS",
    "THOMAS",
    "ROBERT",
    "PETIT",
    "DURAND",
    "LEFEBVRE",
    "MOREAU",
    "LAURENT",
    "SIMON",
    "MICHEL",
    "GARNIER",
    "FAURE",
    "ROUSSEAU",
    "BLANC",
    "GUÉRIN",
    "MULLER",
    "HENRY",
    "ROUSSEL",
    "PERRIN",
    "MORIN",
    "MATHIEU",
    "CLÉMENT",
    "GAUTHIER",
    "DUMONT",
    "LOPEZ",
    "FONTAINE",
    "CHEVALIER",
    "ROBIN",
    "MASSON",
    "SANCHEZ",
    "DENIS",
    "LEMAIRE",
    "DUFOUR",
    "MEYER",
    "BOYER",
    "CARETTE",
    "DUQUENNE",
    "MASQUELIER",
    "WATRELOT",
    "HAUTCOEUR",
    "TISON",
    "SIMOENS",
    "DURIEU",
    "HAVRET",
    "DESCAMPS",
    "VANDENBUSSCHE",
    "DEBRABANT",
    "HÉROGUER",
    "LECLERCQ",
    "DELATTRE",
    "POULAIN",
    "CAUDRON",
    "WAROT",
    "LEFÈVRE",
    "BÉGUIN",
    "MÉRESSE",
    "DEVAUX",
    "PRÉVOST",
    "GÉRARD",
    "TELLIER",
    "COTTEL",
    "BACHELET",
    "LAPOUILLE",
    "PLOUVIEZ",
    "SARPAUX",
    "MALFAIT",
    "DELANNOY",
    "FIGOUREUX",
    "JOUVENEL",
    "MONNET",
    "VANPEENE",
    "FILLEUL",
    "GOSSET",
    "HIRAUX",
    "PRUDHOMME",
    "DEFOSSE",
    "ENGRAND",
    "BIEGALSKI",
    "BOMMART",
    "FOUTRY",
    "HEUSELE",
    "LETURQUE",
    "MICHALAK",
    "TIRMARCHE",
    "QUATREBOEUF",
    "SIEGLER",
    "THIEBAUT",
    "DAUCHY",
    "BARTHOLOMEUS",
    "CASTIGLIONE",
    "DAZIN-DESLANDES",
    "MESSEANNE-GROBELNY",
    "HINGREZ-CÉRÉDA",
    "WAROT-LEMAIRE",
    "MULOT-FRISCOURT",
    "LEGRAND-DUVAL",
    "MARTIN-DELPECH",
    "BERTIN-LECOCQ",
    "DUMONT-FAURE",
    "LE GALL",
    "LE BIHAN",
    "DA SILVA",
    "D'HALLUIN",
    "CŒURET",
    "NOËL",
    "BRAKNI",
    "NGUYEN",
    "KOWALSKI",
    "OUAGUEF",
    "PERIN",
    "COUSEIN",
    "DELASSUS",
    "MEQUIGNON",
    "LOUCHAERT",
    "DISSAUX",
    "CUVILLIER",
    "TURPIN",
    "GAILLET",
    "DUFRENE",
];

const SAINTS_MALE: &[&str] = &[
    "Martin", "Jean", "Pierre", "Germain", "Laurent", "Rémy", "Hilaire", "Aubin", "Omer", "Amand", "Riquier", "Vaast",
    "Éloi", "Médard", "Quentin", "Nicolas",
];
const SAINTS_FEMALE: &[&str] = &["Colombe", "Marie", "Catherine", "Geneviève", "Austreberthe", "Aldegonde"];
const PLACE_ROOTS: &[&str] = &[
    "Villeneuve",
    "Beaumont",
    "Fontaine",
    "Neuville",
    "Montigny",
    "Rocourt",
    "Haucourt",
    "Fresnoy",
    "Marcq",
    "Hem",
    "Bois",
    "Mesnil",
    "Noyelles",
    "Vaux",
    "Fléchin",
    "Marquion",
];
const PLACE_SUFFIXES: &[&str] = &[
    "-des-Prés",
    "-le-Château",
    "-la-Forêt",
    "-lès-Vignes",
    "-en-Ternois",
    "-aux-Bois",
    "-le-Grand",
    "-le-Petit",
    "-en-Artois",
    "-du-Mont",
];
const SYLLABLES: &[&str] = &[
    "Auber", "Herv", "Mar", "Bellon", "Gru", "Wam", "Haz", "Lon", "Rou", "Ver", "Esc", "Fla", "Cou", "Thé", "Sain",
    "Bour", "Ore", "Vil",
];
const ENDINGS: &[&str] =
    &["court", "ville", "illy", "ac", "in", "ières", "ecourt", "ain", "son", "bec", "ange", "heim", "esnes", "ghem"];

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
    Department {
        article: "des ",
        name: "Ardennes",
        code: "08",
        chef_lieu: "Charleville-Mézières",
        tribunal: "Châlons-en-Champagne",
    },
    Department {
        article: "de la ",
        name: "Marne",
        code: "51",
        chef_lieu: "Châlons-en-Champagne",
        tribunal: "Châlons-en-Champagne",
    },
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
    Region {
        name: "Occitanie",
        former_name: "Languedoc-Roussillon",
        seat: "Montpellier",
        code: "34",
        tribunal: "Montpellier",
    },
    Region { name: "Grand Est", former_name: "Alsace", seat: "Strasbourg", code: "67", tribunal: "Strasbourg" },
    Region { name: "Nouvelle-Aquitaine", former_name: "Aquitaine", seat: "Bordeaux", code: "33", tribunal: "Bordeaux" },
    Region { name: "Bourgogne-Franche-Comté", former_name: "Bourgogne", seat: "Dijon", code: "21", tribunal: "Dijon" },
    Region { name: "Centre-Val de Loire", former_name: "Centre", seat: "Orléans", code: "45", tribunal: "Orléans" },
    Region {
        name: "Pays de la Loire",
        former_name: "Pays de la Loire",
        seat: "Nantes",
        code: "44",
        tribunal: "Nantes",
    },
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
    (
        "Adhésion au groupement de commandes pour la fourniture d'électricité",
        "d'adhérer au groupement de commandes pour la fourniture d'électricité et d'approuver la convention constitutive correspondante",
    ),
    (
        "Tarifs de la restauration scolaire pour l'année {year}",
        "de fixer les tarifs de la restauration scolaire tels que présentés en annexe",
    ),
    (
        "Demande de subvention au titre de la dotation d'équipement des territoires ruraux {year}",
        "de solliciter une subvention au titre de la DETR pour un montant de {amount} euros",
    ),
    (
        "Création d'un poste d'adjoint technique territorial",
        "de créer un poste d'adjoint technique territorial à temps complet",
    ),
    ("Modification du tableau des effectifs", "d'approuver le nouveau tableau des effectifs annexé"),
    ("Approbation du règlement intérieur", "d'approuver le règlement intérieur annexé"),
    (
        "Convention de mise à disposition de personnel avec la commune {de_place}",
        "d'approuver la convention de mise à disposition de personnel",
    ),
    (
        "Subvention exceptionnelle à l'association sportive {de_place}",
        "d'attribuer une subvention exceptionnelle de {amount} euros",
    ),
    (
        "Rénovation énergétique de la salle polyvalente - Plan de financement",
        "d'approuver le plan de financement de l'opération",
    ),
    ("Acquisition d'une parcelle au lieu-dit Les Longues Raies", "d'acquérir la parcelle au prix de {amount} euros"),
    ("Cession d'un terrain rue des Écoles", "de céder le terrain au prix de {amount} euros"),
    ("Dénomination des voies du lotissement Les Coquelicots", "d'adopter les dénominations proposées"),
    ("Approbation du budget primitif {year}", "d'adopter le budget primitif de l'exercice {year}"),
    ("Décision modificative du budget principal", "d'approuver la décision modificative présentée"),
    (
        "Fixation des taux d'imposition des taxes directes locales pour {year}",
        "de maintenir les taux d'imposition de l'exercice précédent",
    ),
    (
        "Adhésion au service commun d'instruction des autorisations d'urbanisme",
        "d'adhérer au service commun d'instruction des autorisations d'urbanisme",
    ),
    ("Transfert de la compétence eau potable", "d'approuver le transfert de la compétence eau potable"),
    ("Modification des statuts du syndicat", "d'approuver les statuts modifiés annexés"),
    (
        "Rapport annuel sur le prix et la qualité du service public d'assainissement",
        "d'approuver le rapport annuel sur le prix et la qualité du service",
    ),
    (
        "Approbation de la convention de partenariat relative à l'Environnement Numérique de Travail",
        "d'approuver la convention de partenariat relative à l'Environnement Numérique de Travail",
    ),
    (
        "Attribution du marché de travaux de voirie",
        "d'attribuer le marché à l'entreprise la mieux-disante pour un montant de {amount} euros HT",
    ),
    ("Indemnités de fonction des élus", "de fixer les indemnités de fonction selon le tableau annexé"),
    ("Désignation des délégués au syndicat mixte", "de désigner les délégués titulaires et suppléants"),
    (
        "Mise en place du régime indemnitaire tenant compte des fonctions, des sujétions, de l'expertise et de l'engagement professionnel",
        "d'instaurer le régime indemnitaire dans les conditions exposées",
    ),
    (
        "Renouvellement de la convention avec la fourrière animale",
        "de renouveler la convention pour une durée de trois ans",
    ),
    ("Participation financière au fonds de solidarité logement", "de verser une participation de {amount} euros"),
    ("Approbation du plan local d'urbanisme intercommunal", "d'approuver le plan local d'urbanisme intercommunal"),
    ("Instauration de la taxe de séjour", "d'instaurer la taxe de séjour selon les modalités exposées"),
    (
        "Rétrocession de la voirie du lotissement du Moulin",
        "d'accepter la rétrocession de la voirie dans le domaine public",
    ),
    (
        "Programme d'entretien des cours d'eau du bassin {de_river}",
        "d'approuver le programme pluriannuel d'entretien des cours d'eau",
    ),
    ("Contrat de ruralité - Programmation {year}", "d'approuver la programmation présentée"),
    ("Aide aux communes pour la voirie rurale", "d'attribuer les aides figurant dans le tableau annexé"),
    ("Dispositif d'aide aux très petites entreprises", "d'approuver les modalités du dispositif d'aide"),
    (
        "Admission en non-valeur de créances irrécouvrables",
        "d'admettre en non-valeur les créances pour un montant de {amount} euros",
    ),
    (
        "Garantie d'emprunt accordée à l'office public de l'habitat",
        "d'accorder la garantie d'emprunt à hauteur de cinquante pour cent",
    ),
    (
        "Recrutement d'agents contractuels pour accroissement saisonnier d'activité",
        "d'autoriser le recrutement d'agents contractuels",
    ),
    ("Tarifs de location de la salle des fêtes", "de fixer les tarifs de location tels que présentés"),
    ("Adhésion à l'agence départementale d'ingénierie", "d'adhérer à l'agence départementale d'ingénierie"),
    ("Motion pour le maintien du bureau de poste", "d'adopter la motion présentée"),
    (
        "Adhésion au Syndicat mixte ouvert « {region} Numérique » afin d'assurer la continuité de l'Espace Numérique de Travail",
        "d'adhérer au Syndicat mixte ouvert et d'approuver ses statuts",
    ),
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
    LegalText {
        kind: RefKind::Law,
        number: "82-213",
        date: (1982, 3, 2),
        subject: "relative aux droits et libertés des communes, des départements et des régions",
    },
    LegalText {
        kind: RefKind::Law,
        number: "83-634",
        date: (1983, 7, 13),
        subject: "portant droits et obligations des fonctionnaires",
    },
    LegalText {
        kind: RefKind::Law,
        number: "84-53",
        date: (1984, 1, 26),
        subject: "portant dispositions statutaires relatives à la fonction publique territoriale",
    },
    LegalText {
        kind: RefKind::Law,
        number: "92-125",
        date: (1992, 2, 6),
        subject: "relative à l'administration territoriale de la République",
    },
    LegalText {
        kind: RefKind::Law,
        number: "99-586",
        date: (1999, 7, 12),
        subject: "relative au renforcement et à la simplification de la coopération intercommunale",
    },
    LegalText {
        kind: RefKind::Law,
        number: "2000-1208",
        date: (2000, 12, 13),
        subject: "relative à la solidarité et au renouvellement urbains",
    },
    LegalText {
        kind: RefKind::Law,
        number: "2004-809",
        date: (2004, 8, 13),
        subject: "relative aux libertés et responsabilités locales",
    },
    LegalText {
        kind: RefKind::Law,
        number: "2005-102",
        date: (2005, 2, 11),
        subject: "pour l'égalité des droits et des chances, la participation et la citoyenneté des personnes handicapées",
    },
    LegalText {
        kind: RefKind::Law,
        number: "2010-1563",
        date: (2010, 12, 16),
        subject: "de réforme des collectivités territoriales",
    },
    LegalText {
        kind: RefKind::Law,
        number: "2013-595",
        date: (2013, 7, 8),
        subject: "d'orientation et de programmation pour la refondation de l'école de la République",
    },
    LegalText {
        kind: RefKind::Law,
        number: "2014-58",
        date: (2014, 1, 27),
        subject: "de modernisation de l'action publique territoriale et d'affirmation des métropoles",
    },
    LegalText {
        kind: RefKind::Law,
        number: "2015-991",
        date: (2015, 8, 7),
        subject: "portant nouvelle organisation territoriale de la République",
    },
    LegalText {
        kind: RefKind::Law,
        number: "2015-992",
        date: (2015, 8, 17),
        subject: "relative à la transition énergétique pour la croissance verte",
    },
    LegalText {
        kind: RefKind::Law,
        number: "2019-828",
        date: (2019, 8, 6),
        subject: "de transformation de la fonction publique",
    },
    LegalText {
        kind: RefKind::Law,
        number: "2019-1461",
        date: (2019, 12, 27),
        subject: "relative à l'engagement dans la vie locale et à la proximité de l'action publique",
    },
    LegalText {
        kind: RefKind::Law,
        number: "2021-1104",
        date: (2021, 8, 22),
        subject: "portant lutte contre le dérèglement climatique et renforcement de la résilience face à ses effets",
    },
    LegalText {
        kind: RefKind::Law,
        number: "2022-217",
        date: (2022, 2, 21),
        subject: "relative à la différenciation, la décentralisation, la déconcentration et portant diverses mesures de simplification de l'action publique locale",
    },
    LegalText {
        kind: RefKind::Decree,
        number: "88-145",
        date: (1988, 2, 15),
        subject: "relatif aux agents contractuels de la fonction publique territoriale",
    },
    LegalText {
        kind: RefKind::Decree,
        number: "91-875",
        date: (1991, 9, 6),
        subject: "pris pour l'application du premier alinéa de l'article 88 de la loi du 26 janvier 1984",
    },
    LegalText {
        kind: RefKind::Decree,
        number: "2001-210",
        date: (2001, 3, 7),
        subject: "portant code des marchés publics",
    },
    LegalText {
        kind: RefKind::Decree,
        number: "2006-975",
        date: (2006, 8, 1),
        subject: "portant code des marchés publics",
    },
    LegalText {
        kind: RefKind::Decree,
        number: "2016-360",
        date: (2016, 3, 25),
        subject: "relatif aux marchés publics",
    },
    LegalText {
        kind: RefKind::Decree,
        number: "2019-1414",
        date: (2019, 12, 19),
        subject: "relatif à la procédure de recrutement pour pourvoir les emplois permanents de la fonction publique ouverts aux agents contractuels",
    },
    LegalText {
        kind: RefKind::Decree,
        number: "2021-1311",
        date: (2021, 12, 7),
        subject: "portant réforme des règles de publicité, d'entrée en vigueur et de conservation des actes pris par les collectivités territoriales",
    },
    LegalText {
        kind: RefKind::Ordinance,
        number: "2005-649",
        date: (2005, 6, 6),
        subject: "relative aux marchés passés par certaines personnes publiques ou privées non soumises au code des marchés publics",
    },
    LegalText {
        kind: RefKind::Ordinance,
        number: "2015-899",
        date: (2015, 7, 23),
        subject: "relative aux marchés publics",
    },
    LegalText {
        kind: RefKind::Ordinance,
        number: "2018-1074",
        date: (2018, 11, 26),
        subject: "portant partie législative du code de la commande publique",
    },
    LegalText {
        kind: RefKind::Ordinance,
        number: "2020-391",
        date: (2020, 4, 1),
        subject: "visant à assurer la continuité du fonctionnement des institutions locales",
    },
    LegalText {
        kind: RefKind::Ordinance,
        number: "2021-1310",
        date: (2021, 10, 7),
        subject: "portant réforme des règles de publicité, d'entrée en vigueur et de conservation des actes pris par les collectivités territoriales",
    },
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
    "L.2121-17",
    "L.2121-20",
    "L.2121-21",
    "L.2121-29",
    "L.2122-22",
    "L.2122-23",
    "L.2131-1",
    "L.2241-1",
    "L.2311-1",
    "R.2121-10",
];
const CGCT_ARTICLES_EPCI: &[&str] = &["L.5211-1", "L.5211-10", "L.5214-16", "L.5216-5", "L.5211-17", "L.2121-29"];
const CGCT_ARTICLES_SYNDICAT: &[&str] = &["L.5711-1", "L.5721-2", "L.5212-16", "L.1414-3"];
const CGCT_ARTICLES_DEPARTEMENT: &[&str] =
    &["L.3121-14", "L.3121-14-1", "L.3211-1", "L.3211-2", "L.1414-3", "L.3312-1"];
const CGCT_ARTICLES_REGION: &[&str] = &["L.4132-13", "L.4132-13-1", "L.4221-1", "L.4211-1", "L.1414-3"];

const OTHER_CODES: &[Code] = &[
    Code {
        name: "le Code de l'éducation",
        from_year: 2000,
        to_year: 2100,
        articles: &["L.212-4", "L.213-2", "L.214-6"],
    },
    Code {
        name: "le Code de l'urbanisme",
        from_year: 1995,
        to_year: 2100,
        articles: &["L.153-36", "L.300-1", "L.211-1"],
    },
    Code {
        name: "le Code de la commande publique",
        from_year: 2019,
        to_year: 2100,
        articles: &["L.2113-6", "L.2124-2", "R.2123-1"],
    },
    Code { name: "le Code de l'environnement", from_year: 2000, to_year: 2100, articles: &["L.211-7", "L.541-1"] },
    Code {
        name: "le Code des communes",
        from_year: 1995,
        to_year: 1996,
        articles: &["L.121-12", "L.121-26", "L.122-20"],
    },
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
        let council = if date < Date::new(2015, 4, 1) { "Conseil général" } else { "Conseil départemental" };
        let siren_payload = match kind {
            Kind::Commune => {
                let place = place_name(rng);
                coll.name = format!("Commune {}", de(&place));
                coll.body_name = rng.pick(&["le Conseil Municipal", "le Conseil municipal"]).to_string();
                coll.city = place;
                format!("21{}{:04}", department.code, rng.below(10_000))
            }
            Kind::Epci => {
                coll.name = epci_name(rng);
                coll.body = if rng.chance(30) { Body::Bureau } else { Body::ConseilCommunautaire };
                coll.body_name = if coll.body == Body::Bureau {
                    "le Bureau communautaire".to_string()
                } else {
                    rng.pick(&["le Conseil communautaire", "le Conseil Communautaire"]).to_string()
                };
                coll.city = place_name(rng);
                let count = rng.between(3, 8) as usize;
                coll.groups = (0..count).map(|_| place_name(rng)).collect();
                format!("200{:05}", rng.below(100_000))
            }
            Kind::SyndicatMixte => {
                coll.name = syndicat_name(rng, department);
                coll.body = Body::ComiteSyndical;
                coll.body_name =
                    rng.pick(&["le comité syndical", "le Comité syndical", "le Comité Syndical"]).to_string();
                coll.groups = syndicat_members(rng, department);
                format!("25{:06}", rng.below(1_000_000))
            }
            Kind::Departement => {
                coll.name = format!("Département {department_name}");
                coll.body = if rng.chance(50) { Body::CommissionPermanente } else { Body::ConseilDepartemental };
                coll.body_name = if coll.body == Body::CommissionPermanente {
                    format!("la {} du {council}", rng.pick(&["Commission Permanente", "Commission permanente"]))
                } else {
                    format!("le {council}")
                };
                coll.groups = political_groups(rng);
                coll.political_groups = true;
                format!("22{}0001", department.code)
            }
            Kind::Region => {
                let region = rng.pick(REGIONS);
                let name = if date < Date::new(2016, 1, 1) { region.former_name } else { region.name };
                coll.name = format!("Région {name}");
                coll.territory = region.name;
                coll.body = if rng.chance(30) { Body::CommissionPermanente } else { Body::ConseilRegional };
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

    /// What follows the body's name: « (le Conseil Municipal) de la Commune de X »,
    /// « (la Commission Permanente du Conseil départemental) du Pas-de-Calais ».
    fn of_name(&self) -> String {
        match self.kind {
            Kind::Commune | Kind::Epci | Kind::Region => format!("de la {}", self.name),
            Kind::SyndicatMixte => format!("du {}", self.name),
            Kind::Departement => self.name.trim_start_matches("Département ").to_string(),
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
            (false, false, _) => format!("le {function}"),
            (false, true, _) => format!("la {function}"),
            (true, false, _) => format!("Monsieur le {function}"),
            (true, true, _) => format!("Madame la {function}"),
        }
    }

    /// The signature title: « Le Maire », « La Présidente du Syndicat mixte ».
    fn signatory_title(&self, female: bool) -> String {
        let article = if female && self.kind != Kind::Commune { "La" } else { "Le" };
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
            Kind::Departement => vec!["à l'Hôtel du Département".into(), format!("à {city}, salle des délibérations")],
            Kind::Region => vec!["à l'Hôtel de Région".into(), format!("au siège du Conseil régional à {city}")],
        };
        options.get(rng.below(options.len())).cloned().unwrap_or_default()
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
            rng.pick(&["des Deux Rives", "des Trois Vallées", "du Plateau", "des Collines", "des Portes du Ternois",])
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
        _ => format!("Syndicat mixte de traitement des déchets {}{}", department.article, department.name),
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
        Vote { pour: voters.saturating_sub(contre + abstention), contre, abstention, unanimous: false }
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
    Code {
        code: &'static str,
        articles: Vec<&'static str>,
    },
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
    /// Anomaly injection (`generate_anomalous`): « Suffrages exprimés » counts the
    /// abstentions, and « le quorum étant atteint » is always written.
    expressed_with_abstentions: bool,
    declare_quorum: bool,
}

impl Plan {
    fn draw(rng: &mut Rng) -> Plan {
        let format = rng.pick(&[Format::Txt, Format::Txt, Format::Md, Format::Html]);
        let layout = if rng.chance(55) { Layout::Extrait } else { Layout::CompteRendu };
        let date = draw_session_date(rng);
        let time = rng.chance(80).then(|| {
            (rng.pick(&[9, 10, 14, 17, 18, 18, 18, 18, 19, 19, 20, 20, 21]), rng.pick(&[0, 0, 0, 0, 30, 30, 15, 45]))
        });
        let coll = Collectivity::draw(rng, date);
        let size = coll.body.draw_size(rng);
        let (roll, guests) = draw_roll(rng, size, coll.groups.len());
        let notice = match coll.body {
            // Plenary assemblies of départements and régions get their reports 12 days ahead.
            Body::ConseilDepartemental | Body::ConseilRegional => rng.between(13, 18),
            _ => rng.between(6, 12),
        };
        let voters = roll.iter().filter(|m| m.status == Status::Present || m.proxy_to.is_some()).count() as u32;
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
            expressed_with_abstentions: false,
            declare_quorum: false,
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

/// A weekday between 1995 and 2025; assemblies rarely sit on a Saturday, never on a Sunday.
fn draw_session_date(rng: &mut Rng) -> Date {
    let year = rng.between(1995, 2025) as i32;
    let month = rng.between(1, 12);
    let day = rng.between(1, days_in_month(year, month));
    let date = Date::new(year, month, day);
    match date.weekday() {
        6 => date.plus_days(-2),
        5 if rng.chance(85) => date.plus_days(-1),
        _ => date,
    }
}

/// `count` people whose surnames share no part (no WAROT beside WAROT-LEMAIRE), so that a
/// short form such as « M. WAROT » designates one person only.
fn draw_people(rng: &mut Rng, count: usize) -> Vec<Person> {
    let parts = |surname: &'static str| surname.split('-');
    let mut surnames: Vec<&'static str> = Vec::new();
    for surname in rng.sample(SURNAMES, SURNAMES.len()) {
        if surnames.len() == count {
            break;
        }
        let clash = surnames.iter().any(|taken| parts(taken).any(|part| parts(surname).any(|other| other == part)));
        if !clash {
            surnames.push(surname);
        }
    }
    surnames
        .into_iter()
        .map(|surname| {
            let female = rng.chance(45);
            let given = if female { rng.pick(GIVEN_FEMALE) } else { rng.pick(GIVEN_MALE) };
            Person { given, surname, female }
        })
        .collect()
}

/// The roll: member 0 presides, member 1 is secretary; both are present. More than half
/// the members are present (ordinary quorum), each proxy goes to a different present
/// member.
fn draw_roll(rng: &mut Rng, size: usize, groups: usize) -> (Vec<Member>, Vec<Person>) {
    let mut people = draw_people(rng, size + 2);
    let guests = people.split_off(size.min(people.len()));
    let size = people.len();
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
            member.status = if rng.chance(65) { Status::Excused } else { Status::Absent };
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
        let codes: Vec<Code> =
            OTHER_CODES.iter().filter(|c| (c.from_year..c.to_year).contains(&date.year)).copied().collect();
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
            RefKind::Deliberation | RefKind::Order => Some(invented_reference(rng, coll, kind, date, item_numbers)),
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
    Reference { kind, number: format!("{}-{digits}", when.year), date: when, subject, issuer }
}

// ---------------------------------------------------------------------------------------
// Phrasing choices made once per document
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum RollStyle {
    /// « Étaient présents : M. X, Mme Y et Mme Z. »
    #[default]
    Prose,
    /// Gruson: « - En exercice : 15 / - Présents : 13 » then the names.
    CountHeaded,
    /// One name a line under « Présents : ».
    Lines,
    /// Tab-separated rows with checkbox markup, as PDF-to-text tools render the tables.
    TabTable,
    HtmlTable,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum ProxyForm {
    /// « M. A (pouvoir à M. B) »
    #[default]
    Paren,
    /// « Mme A, qui donne pouvoir à M. B »
    QuiDonne,
    /// « Pouvoirs : M. A à Mme B, … »
    Separate,
    /// The « Pouvoir à » column of a table.
    Column,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum Totals {
    #[default]
    None,
    /// « Membres en exercice : 19 - Présents : 14 - Représentés : 3 - Votants : 17 »
    Dash,
    /// « Nombre de votants : 15 », one a line.
    Lines,
    /// « En exercice : 15 / Présents : 13 / Votants : 15 »
    Slash,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum Intro {
    /// « Le seize juin deux mille vingt-deux, le comité syndical du … s'est réuni … »
    #[default]
    Reuni,
    /// « Le mardi 19 décembre 2023 à 18h, s'est réuni le Conseil Municipal dûment convoqué … »
    Gruson,
    /// « L'an deux mil quatorze, le vingt février à vingt heures trente, … »
    LAn,
    /// A « Séance du … » heading, then the sentence.
    Seance,
    /// « RÉUNION DU 17 OCTOBRE 2022 »
    Reunion,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum DateStyle {
    #[default]
    Words,
    WordsWeekday,
    /// Words split by « L'an … , le … » (the intro writes it).
    LAn,
    /// « 1er juillet 2021 »
    Long,
    LongWeekday,
    /// « 16/05/2022 »
    Slash,
    /// « 17 OCTOBRE 2022 »
    Upper,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum ConvStyle {
    #[default]
    None,
    /// « …, sur convocation en date du dix juin deux mille vingt-deux, … »
    Inline,
    /// « Date de la convocation : 15 décembre 2023 »
    DateLine,
    /// « Convocation du 10/06/2022 »
    ConvDu,
    /// « Date de convocation : … »
    DateDe,
    /// « Les membres ont été convoqués le … »
    Convoques,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum PresStyle {
    #[default]
    None,
    /// « sous la présidence de M. Jean DUPONT, Maire »
    CivFunction,
    /// « sous la présidence de Monsieur Christophe COULON »
    Monsieur,
    /// « sous la présidence de Monsieur le Maire, Olivier TURPIN »
    LeMaire,
    /// « sous la présidence de Jean DUPONT »
    Plain,
    /// A line of its own: « Sous la présidence de : Olivier TURPIN, Maire »
    Line,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum SecStyle {
    #[default]
    None,
    /// « Secrétaire de séance : Mme X »
    Label,
    /// « Secrétaire : Mme X »
    Short,
    /// « Mme X a été désignée secrétaire de séance. »
    Designe,
    /// « M. X est nommé secrétaire de séance. »
    Nomme,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum Header {
    /// « DÉLIBÉRATION 2022 – 15 » on top, then « Objet : … ».
    #[default]
    Top,
    /// « Délibération n° 2023-57 » then « Objet : … » under the letterhead.
    NumObjet,
    /// « OBJET DE LA DELIBERATION » / « Délibération n° 2023- 57 - Title » after the roll.
    Gruson,
    /// The title in bold, then « (N°2022-394) », after the roll.
    Cp,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum NumStyle {
    /// « 2022-15 »
    #[default]
    Plain,
    /// « 2022 – 15 »
    EnDash,
    /// « 2022 - 15 »
    Spaced,
    /// « 2023- 57 »
    TrailSpace,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum ItemHeading {
    /// « 1. Title »
    #[default]
    Arabic,
    /// « Point n°2 : Title »
    Point,
    /// « II - Title »
    Roman,
    /// « Délibération n° 2021-03 : Title »
    Delib,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum VoteStyle {
    /// « Adopté par : » and bullets « - Voix pour : 12 ».
    #[default]
    AdoptePar,
    /// « Voix pour : 13 / Voix contre : 0 / Abstentions : 0 »
    Slash,
    /// Bullets « - Pour : 15 / - Contre : 00 / - Abstention : 00 ».
    Short,
    /// « Pour : 43 voix Contre : 0 voix Abstention : 0 voix » then « (Adopté) ».
    Voix,
    /// « Votants : 15 - Pour : 12 - Contre : 1 - Abstentions : 2 »
    Votants,
    /// « après en avoir délibéré à main levée par : 15 voix pour - 00 voix contre - … »
    MainLevee,
    /// « par quatorze voix pour, une voix contre et deux abstentions »
    Words,
    /// « par 14 voix pour, 1 voix contre et 2 abstentions »
    DigitsInline,
}

impl VoteStyle {
    /// Styles whose result sits inside the « après en avoir délibéré … » sentence.
    fn is_inline(self) -> bool {
        matches!(self, VoteStyle::MainLevee | VoteStyle::Words | VoteStyle::DigitsInline)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum VoteExtra {
    #[default]
    None,
    /// « Suffrages exprimés : 13 »
    Expressed,
    /// « Nombre d'élus participant au vote : 18 »
    Participants,
}

struct Style {
    roll: RollStyle,
    civility: bool,
    proxy: ProxyForm,
    /// « pouvoir » or « procuration ».
    proxy_word: &'static str,
    /// How each giver's proxy holder is written, by giver index.
    holders: Vec<Option<String>>,
    group_column: bool,
    totals: Totals,
    /// Which of in_office, present, absent, excused, proxies, voters the totals line states.
    totals_keys: [bool; 6],
    totals_row: bool,
    /// « M. Jean DUPONT, Maire, » inside the list of present members.
    president_suffix: bool,
    president_first: bool,
    intro: Intro,
    date: DateStyle,
    year: YearStyle,
    time_written: bool,
    time_words: bool,
    conv: ConvStyle,
    pres: PresStyle,
    sec: SecStyle,
    header: Header,
    number: NumStyle,
    item_heading: ItemHeading,
    /// Ordinal item headings followed by a « Délibération n° … » line.
    number_lines: bool,
    /// What surrounds the number on that line: « (Délibération n° », « ) ».
    number_line: (&'static str, &'static str),
    /// « Point n° », « POINT N° »: one spelling in a document.
    point_word: &'static str,
    vote: VoteStyle,
    vote_extra: VoteExtra,
    /// « 00 voix contre »
    pad_zeros: bool,
    transmission_top: bool,
    publication: bool,
    display: bool,
    acte_id: bool,
    upper_titles: bool,
    bold_vu: bool,
}

impl Style {
    fn draw(plan: &Plan, rng: &mut Rng) -> Style {
        use RollStyle::*;
        let roll = if plan.format == Format::Html {
            HtmlTable
        } else {
            rng.pick(&[Prose, Prose, CountHeaded, Lines, TabTable])
        };
        let civility = if roll == CountHeaded { rng.chance(30) } else { rng.chance(75) };
        let proxy = match roll {
            Prose | Lines => rng.pick(&[ProxyForm::Paren, ProxyForm::QuiDonne, ProxyForm::Separate]),
            CountHeaded => rng.pick(&[ProxyForm::QuiDonne, ProxyForm::Paren]),
            TabTable | HtmlTable => ProxyForm::Column,
        };
        let tables = matches!(roll, TabTable | HtmlTable);
        let intro = if plan.coll.body == Body::CommissionPermanente && rng.chance(40) {
            Intro::Reunion
        } else {
            rng.pick(&[Intro::Reuni, Intro::Reuni, Intro::Gruson, Intro::LAn, Intro::Seance, Intro::Reunion])
        };
        let date = match intro {
            Intro::LAn => DateStyle::LAn,
            Intro::Reunion => DateStyle::Upper,
            _ => rng.pick(&[
                DateStyle::Words,
                DateStyle::WordsWeekday,
                DateStyle::Long,
                DateStyle::LongWeekday,
                DateStyle::Slash,
            ]),
        };
        let in_words = matches!(date, DateStyle::Words | DateStyle::WordsWeekday | DateStyle::LAn);
        let conv = match intro {
            Intro::Reuni | Intro::LAn | Intro::Seance => rng.pick(&[
                ConvStyle::Inline,
                ConvStyle::Inline,
                ConvStyle::DateLine,
                ConvStyle::ConvDu,
                ConvStyle::DateDe,
                ConvStyle::Convoques,
                ConvStyle::None,
            ]),
            Intro::Gruson | Intro::Reunion => rng.pick(&[
                ConvStyle::DateLine,
                ConvStyle::ConvDu,
                ConvStyle::DateDe,
                ConvStyle::Convoques,
                ConvStyle::None,
            ]),
        };
        let pres = if intro == Intro::Reunion {
            rng.pick(&[PresStyle::Line, PresStyle::Line, PresStyle::Line, PresStyle::None])
        } else {
            rng.pick(&[
                PresStyle::CivFunction,
                PresStyle::CivFunction,
                PresStyle::Monsieur,
                PresStyle::Monsieur,
                PresStyle::LeMaire,
                PresStyle::Plain,
                PresStyle::Line,
                PresStyle::Line,
                PresStyle::None,
            ])
        };
        // Communes and their groupings must name a secretary (L2121-15): keep them clean.
        let sec_styles: &[SecStyle] = match plan.coll.kind {
            Kind::Departement | Kind::Region => &[SecStyle::Label, SecStyle::Short, SecStyle::Designe, SecStyle::None],
            _ => &[SecStyle::Label, SecStyle::Label, SecStyle::Short, SecStyle::Designe, SecStyle::Nomme],
        };
        // From July 2022 acts are published on the website; before, mostly displayed.
        let modern = plan.date >= Date::new(2022, 7, 1);
        let mut publication = rng.chance(if modern { 85 } else { 40 });
        let display = rng.chance(if modern { 25 } else { 70 });
        publication |= !display;
        let key_absent_excused = rng.chance(35);
        let mut totals_keys =
            [rng.chance(90), rng.chance(85), key_absent_excused, key_absent_excused, rng.chance(50), rng.chance(70)];
        if totals_keys.iter().all(|k| !k) {
            totals_keys[0] = true;
        }
        let holders = holder_texts(plan, civility, rng);
        Style {
            roll,
            civility,
            proxy,
            proxy_word: rng.pick(&["pouvoir", "pouvoir", "procuration"]),
            holders,
            group_column: tables && !plan.coll.groups.is_empty() && rng.chance(80),
            totals: if roll == CountHeaded {
                Totals::None
            } else {
                rng.pick(&[Totals::None, Totals::Dash, Totals::Lines, Totals::Slash])
            },
            totals_keys,
            totals_row: tables && rng.chance(50),
            president_suffix: rng.chance(30),
            president_first: rng.chance(30),
            intro,
            date,
            year: rng.pick(&[YearStyle::Standard, YearStyle::Standard, YearStyle::Mil, YearStyle::Reformed]),
            time_written: plan.time.is_some() && intro != Intro::Reunion && rng.chance(85),
            time_words: in_words && rng.chance(75),
            conv,
            pres,
            sec: rng.pick(sec_styles),
            header: rng.pick(&[Header::Top, Header::NumObjet, Header::Gruson, Header::Cp]),
            number: rng.pick(&[
                NumStyle::Plain,
                NumStyle::Plain,
                NumStyle::EnDash,
                NumStyle::Spaced,
                NumStyle::TrailSpace,
            ]),
            item_heading: rng.pick(&[ItemHeading::Arabic, ItemHeading::Point, ItemHeading::Roman, ItemHeading::Delib]),
            number_lines: rng.chance(50),
            number_line: rng.pick(&[("Délibération n° ", ""), ("N° ", ""), ("(Délibération n° ", ")")]),
            point_word: rng.pick(&["Point n°", "Point n° ", "POINT N°"]),
            vote: rng.pick(&[
                VoteStyle::AdoptePar,
                VoteStyle::Slash,
                VoteStyle::Short,
                VoteStyle::Voix,
                VoteStyle::Votants,
                VoteStyle::MainLevee,
                VoteStyle::Words,
                VoteStyle::DigitsInline,
            ]),
            vote_extra: rng.pick(&[VoteExtra::None, VoteExtra::Expressed, VoteExtra::Participants]),
            pad_zeros: rng.chance(30),
            transmission_top: rng.chance(25),
            publication,
            display,
            acte_id: plan.layout == Layout::Extrait && rng.chance(30),
            upper_titles: rng.chance(8),
            bold_vu: plan.format == Format::Md && rng.chance(50),
        }
    }

    /// Names of the phrasings in use, for the variety test.
    fn labels(&self, plan: &Plan) -> Vec<String> {
        let mut labels = vec![
            format!("layout:{:?}", plan.layout),
            format!("format:{:?}", plan.format),
            format!("kind:{:?}", plan.coll.kind),
            format!("body:{:?}", plan.coll.body),
            format!("roll:{:?}", self.roll),
            format!("intro:{:?}", self.intro),
            format!("date:{:?}", self.date),
            format!("conv:{:?}", self.conv),
            format!("pres:{:?}", self.pres),
            format!("sec:{:?}", self.sec),
            format!("vote:{:?}", self.vote),
            format!("totals:{:?}", self.totals),
        ];
        if plan.proxies() > 0 {
            labels.push(format!("proxy:{:?}", self.proxy));
        }
        if matches!(self.date, DateStyle::Words | DateStyle::WordsWeekday | DateStyle::LAn) {
            labels.push(format!("year:{:?}", self.year));
        }
        match plan.layout {
            Layout::Extrait => labels.push(format!("header:{:?}", self.header)),
            Layout::CompteRendu => labels.push(format!("heading:{:?}", self.item_heading)),
        }
        labels.push(format!("number:{:?}", self.number));
        if matches!(self.vote, VoteStyle::AdoptePar | VoteStyle::Slash) {
            labels.push(format!("extra:{:?}", self.vote_extra));
        }
        labels
    }
}

/// How the holder of each giver's proxy is written: « M. Jean DUPONT », « M. DUPONT »,
/// the first part of a compound surname (« Mme MESSEANNE ») when no one else bears it, or
/// « Jean DUPONT » when the document writes no civilities.
fn holder_texts(plan: &Plan, civility: bool, rng: &mut Rng) -> Vec<Option<String>> {
    plan.roll
        .iter()
        .map(|member| {
            member.proxy_to.map(|holder| {
                let person = plan.person(holder);
                if !civility {
                    return person.full();
                }
                let short = match rng.below(4) {
                    0 => return person.with_civility(),
                    3 => unique_prefix(plan, person).unwrap_or(person.surname),
                    _ => person.surname,
                };
                format!("{} {short}", person.civility())
            })
        })
        .collect()
}

fn unique_prefix(plan: &Plan, person: Person) -> Option<&'static str> {
    let (prefix, _) = person.surname.split_once('-')?;
    let shared = plan.roll.iter().any(|m| m.person.surname != person.surname && m.person.surname.starts_with(prefix));
    (!shared).then_some(prefix)
}

// ---------------------------------------------------------------------------------------
// Output: blocks of text in the chosen format, with slots for filler prose
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Slot {
    Expose,
    Considerant,
}

enum Block {
    Text(String),
    Slot(Slot),
}

struct Writer {
    format: Format,
    blocks: Vec<Block>,
}

impl Writer {
    fn new(format: Format) -> Writer {
        Writer { format, blocks: Vec::new() }
    }

    fn paragraph(format: Format, text: &str) -> String {
        match format {
            Format::Txt | Format::Md => format!("{text}\n\n"),
            Format::Html => format!("<p>{text}</p>\n"),
        }
    }

    fn push(&mut self, text: String) {
        self.blocks.push(Block::Text(text));
    }

    fn heading(&mut self, level: usize, text: &str) {
        let block = match self.format {
            Format::Txt => format!("{text}\n\n"),
            Format::Md => format!("{} {text}\n\n", "#".repeat(level)),
            Format::Html => format!("<h{level}>{text}</h{level}>\n"),
        };
        self.push(block);
    }

    fn para(&mut self, text: &str) {
        self.push(Writer::paragraph(self.format, text));
    }

    /// Lines kept together: a signature, a list without bullets.
    fn lines(&mut self, lines: &[String]) {
        let block = match self.format {
            Format::Txt => format!("{}\n\n", lines.join("\n")),
            Format::Md => format!("{}\n\n", lines.join("\n\n")),
            Format::Html => format!("<p>{}</p>\n", lines.join("<br/>\n")),
        };
        self.push(block);
    }

    fn bullets(&mut self, items: &[String]) {
        let block = match self.format {
            Format::Txt | Format::Md => {
                let mut block: String = items.iter().map(|item| format!("- {item}\n")).collect();
                block.push('\n');
                block
            }
            Format::Html => {
                let rows: String = items.iter().map(|item| format!("<li>{item}</li>\n")).collect();
                format!("<ul>\n{rows}</ul>\n")
            }
        };
        self.push(block);
    }

    fn raw(&mut self, text: String) {
        self.push(text);
    }

    fn slot(&mut self, slot: Slot) {
        self.blocks.push(Block::Slot(slot));
    }

    fn bold(&self, text: &str) -> String {
        match self.format {
            Format::Txt => text.to_string(),
            Format::Md => format!("**{text}**"),
            Format::Html => format!("<strong>{text}</strong>"),
        }
    }

    /// Fills the slots with filler prose up to a target size drawn from `rng`, then joins
    /// everything (inside an HTML page when the format is HTML).
    fn finish(self, mut rng: Rng, page_title: &str) -> String {
        let (head, tail) = match self.format {
            Format::Html => (
                format!(
                    "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
                     <title>{page_title}</title>\n</head>\n<body>\n"
                ),
                "</body>\n</html>\n".to_string(),
            ),
            Format::Txt if rng.chance(30) => ("\n\n".to_string(), String::new()),
            _ => (String::new(), String::new()),
        };
        let skeleton: usize = head.len()
            + tail.len()
            + self
                .blocks
                .iter()
                .map(|block| match block {
                    Block::Text(text) => text.len(),
                    Block::Slot(_) => 0,
                })
                .sum::<usize>();
        let target = if rng.chance(60) { rng.between(2_600, 7_000) } else { rng.between(7_000, 15_000) } as usize;
        let slots: Vec<Slot> = self
            .blocks
            .iter()
            .filter_map(|block| match block {
                Block::Slot(slot) => Some(*slot),
                Block::Text(_) => None,
            })
            .collect();
        let mut fillings: Vec<Filling> = slots.iter().map(|&slot| Filling::new(slot, &mut rng)).collect();
        let mut budget = target.saturating_sub(skeleton);
        let mut grew = true;
        while budget > 0 && grew {
            grew = false;
            for filling in &mut fillings {
                if budget == 0 {
                    break;
                }
                if let Some(added) = filling.grow(&mut rng, self.format) {
                    budget = budget.saturating_sub(added);
                    grew = true;
                }
            }
        }
        let mut fillings = fillings.into_iter();
        let mut text = head;
        for block in self.blocks {
            match block {
                Block::Text(block) => text.push_str(&block),
                Block::Slot(_) => text.push_str(&fillings.next().map(|f| f.text).unwrap_or_default()),
            }
        }
        text.push_str(&tail);
        text
    }
}

/// The filler prose of one slot, grown a paragraph at a time.
struct Filling {
    slot: Slot,
    text: String,
    /// The « Considérant » clauses still unused here, so that none is said twice.
    clauses: Vec<&'static str>,
}

impl Filling {
    /// At most this many « Considérant » in one deliberation.
    const MOST_CLAUSES: usize = 5;

    fn new(slot: Slot, rng: &mut Rng) -> Filling {
        let clauses = rng.sample(CONSIDERANTS, Filling::MOST_CLAUSES);
        Filling { slot, text: String::new(), clauses }
    }

    /// Adds a paragraph and returns its length, or `None` when the slot is full.
    fn grow(&mut self, rng: &mut Rng, format: Format) -> Option<usize> {
        let paragraph = match self.slot {
            Slot::Expose => {
                let count = rng.between(2, 5) as usize;
                Writer::paragraph(format, &rng.sample(EXPOSE_SENTENCES, count).join(" "))
            }
            Slot::Considerant => {
                let clause = self.clauses.pop()?;
                let word = if format == Format::Md { "**Considérant**" } else { "Considérant" };
                Writer::paragraph(format, &format!("{word} {clause} ;"))
            }
        };
        self.text.push_str(&paragraph);
        Some(paragraph.len())
    }
}

// ---------------------------------------------------------------------------------------
// Facts recorded while writing
// ---------------------------------------------------------------------------------------

const IN_OFFICE: usize = 0;
const PRESENT: usize = 1;
const ABSENT: usize = 2;
const EXCUSED: usize = 3;
const PROXIES: usize = 4;
const VOTERS: usize = 5;

#[derive(Default)]
struct VoteFacts {
    pour: Option<u32>,
    contre: Option<u32>,
    abstention: Option<u32>,
    expressed: Option<u32>,
    voters: Option<u32>,
    unanimous: bool,
    method: Option<&'static str>,
}

#[derive(Default)]
struct ItemFacts {
    number: Option<String>,
    title: Option<String>,
    votes: VoteFacts,
    references: Vec<Value>,
}

#[derive(Default)]
struct Facts {
    date: Option<Date>,
    time: Option<(u32, u32)>,
    convocation: Option<Date>,
    president: Option<String>,
    secretary: Option<String>,
    members: Vec<Value>,
    stated: [Option<u32>; 6],
    items: Vec<ItemFacts>,
    prefecture: Option<Date>,
    publication: Option<Date>,
    display: Option<Date>,
    acte_id: Option<String>,
}

impl Facts {
    fn into_truth(self, plan: &Plan) -> Value {
        let iso = |date: Option<Date>| date.map(Date::iso);
        let [in_office, present, absent, excused, proxies, voters] = self.stated;
        let deliberations: Vec<Value> = self
            .items
            .into_iter()
            .map(|item| {
                let v = item.votes;
                json!({
                    "number": item.number,
                    "title": item.title,
                    "votes": {
                        "for": v.pour, "against": v.contre, "abstention": v.abstention,
                        "expressed": v.expressed, "voters": v.voters,
                        "unanimous": v.unanimous, "method": v.method,
                    },
                    "references": item.references,
                })
            })
            .collect();
        json!({
            "collectivity": {"name": plan.coll.name, "kind": plan.coll.kind.truth()},
            "body": plan.coll.body.truth(),
            "session": {
                "date": iso(self.date),
                "time": self.time.map(|(h, m)| format!("{h:02}:{m:02}")),
                "convocation_date": iso(self.convocation),
                "president": self.president,
                "secretary": self.secretary,
            },
            "attendance": {
                "members": self.members,
                "stated": {
                    "in_office": in_office, "present": present, "absent": absent,
                    "excused": excused, "proxies": proxies, "voters": voters,
                },
            },
            "deliberations": deliberations,
            "transmission": {
                "prefecture_date": iso(self.prefecture),
                "publication_date": iso(self.publication),
                "display_date": iso(self.display),
                "acte_id": self.acte_id,
            },
        })
    }
}

// ---------------------------------------------------------------------------------------
// Rendering: writes the text and records each fact as it is written
// ---------------------------------------------------------------------------------------

const CHECKED: &str = "<input checked=\"\" type=\"checkbox\"/>";
const UNCHECKED: &str = "<input type=\"checkbox\"/>";

struct Renderer<'a> {
    plan: &'a Plan,
    rng: Rng,
    style: Style,
    out: Writer,
    facts: Facts,
}

impl<'a> Renderer<'a> {
    fn run(plan: &'a Plan, mut rng: Rng) -> (String, Value, Vec<String>) {
        let style = Style::draw(plan, &mut rng);
        let labels = style.labels(plan);
        let mut renderer = Renderer {
            plan,
            rng,
            style,
            out: Writer::new(plan.format),
            facts: Facts { items: plan.items.iter().map(|_| ItemFacts::default()).collect(), ..Facts::default() },
        };
        match plan.layout {
            Layout::Extrait => renderer.extrait(),
            Layout::CompteRendu => renderer.compte_rendu(),
        }
        let filler_rng = renderer.rng.fork();
        let text = renderer.out.finish(filler_rng, &plan.coll.name);
        (text, renderer.facts.into_truth(plan), labels)
    }

    // ----- layouts -----

    fn extrait(&mut self) {
        if self.style.transmission_top {
            self.transmission();
        }
        if self.style.header == Header::Top {
            let word = self.rng.pick(&["DÉLIBÉRATION", "DELIBERATION", "DÉLIBÉRATION N°"]);
            let number = self.number_text(0);
            self.out.heading(2, &format!("{word} {number}"));
        }
        self.letterhead();
        self.registry_line();
        if self.style.header == Header::NumObjet {
            let prefix = self.rng.pick(&["Délibération n° ", "Délibération n°", "DÉLIBÉRATION N° ", "N° "]);
            let number = self.number_text(0);
            self.out.para(&format!("{prefix}{number}"));
        }
        if matches!(self.style.header, Header::Top | Header::NumObjet) {
            self.objet_line(0);
        }
        self.session();
        self.attendance();
        match self.style.header {
            Header::Gruson => {
                self.out.heading(3, "OBJET DE LA DELIBERATION");
                let number = self.number_text(0);
                let title = self.title_text(0);
                self.out.para(&format!("Délibération n° {number} - {title}"));
                if self.rng.chance(70) {
                    self.out.heading(3, "EXPOSE");
                }
            }
            Header::Cp => {
                let title = self.title_text(0);
                let bold = self.out.bold(&title);
                self.out.para(&bold);
                let prefix = self.rng.pick(&["N°", "N° ", "n° "]);
                let number = self.number_text(0);
                self.out.para(&format!("({prefix}{number})"));
            }
            Header::Top | Header::NumObjet => {}
        }
        self.item_body(0);
        self.extrait_closing();
        if !self.style.transmission_top {
            self.transmission();
        }
    }

    fn compte_rendu(&mut self) {
        if self.style.transmission_top {
            self.transmission();
        }
        self.letterhead();
        let kind = self.rng.pick(&[
            "COMPTE RENDU DE LA SÉANCE",
            "PROCÈS-VERBAL DE LA SÉANCE",
            "PROCÈS-VERBAL DE LA RÉUNION",
            "Compte rendu de la réunion",
        ]);
        let upper = kind.chars().nth(1).is_some_and(char::is_uppercase);
        let of_body = de_article(&self.plan.coll.body_name);
        let mut title = if upper { format!("{kind} {}", of_body.to_uppercase()) } else { format!("{kind} {of_body}") };
        if self.rng.chance(40) {
            let date = self.plan.date;
            self.facts.date = Some(date);
            let written = if upper {
                format!(" DU {} {} {}", date.day, date.month_name().to_uppercase(), date.year)
            } else {
                format!(" du {}", self.long_date(date))
            };
            title.push_str(&written);
        }
        self.out.heading(2, &title);
        self.session();
        self.attendance();
        for k in 0..self.plan.items.len() {
            self.item_heading(k);
            self.item_body(k);
        }
        self.closing_sentence();
        self.compte_rendu_signatures();
        if self.rng.chance(30) {
            self.appeal();
        }
        if !self.style.transmission_top {
            self.transmission();
        }
    }

    // ----- letterhead and headings -----

    fn letterhead(&mut self) {
        let coll = &self.plan.coll;
        if self.rng.chance(15) {
            self.out.para("République française");
        }
        // Real communes print their département above their name; the name still decides.
        if coll.kind == Kind::Commune && self.rng.chance(20) {
            self.out.para(&coll.department_banner);
            self.out.para(&format!("Arrondissement {}", de(coll.department_chef_lieu)));
        }
        self.out.heading(3, &coll.name);
    }

    fn registry_line(&mut self) {
        let of_body = de_article(&self.plan.coll.body_name);
        let line = match self.rng.below(4) {
            0 => format!("EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS {}", of_body.to_uppercase()),
            1 => fold(&format!("EXTRAIT DU REGISTRE DES DELIBERATIONS {}", of_body.to_uppercase())),
            2 => format!("Extrait du registre des délibérations {of_body}"),
            _ => format!("DÉLIBÉRATION {}", of_body.to_uppercase()),
        };
        self.out.heading(4, &line);
    }

    fn objet_line(&mut self, k: usize) {
        let title = self.title_text(k);
        let line = match self.plan.format {
            Format::Md if self.rng.chance(50) => format!("**Objet : {title}**"),
            Format::Md => format!("**Objet :** {title}"),
            Format::Html => format!("<strong>Objet :</strong> {title}"),
            Format::Txt => format!("{} {title}", self.rng.pick(&["Objet :", "OBJET :", "Objet:"])),
        };
        self.out.para(&line);
    }

    fn item_heading(&mut self, k: usize) {
        let ordinal = k + 1;
        let title = self.title_text(k);
        let heading = match self.style.item_heading {
            ItemHeading::Arabic => format!("{ordinal}. {title}"),
            ItemHeading::Point => format!("{}{ordinal} : {title}", self.style.point_word),
            ItemHeading::Roman => format!("{} - {title}", roman(ordinal)),
            ItemHeading::Delib => {
                format!("Délibération n° {} : {title}", self.number_text(k))
            }
        };
        self.out.heading(3, &heading);
        if self.style.item_heading != ItemHeading::Delib && self.style.number_lines {
            let (before, after) = self.style.number_line;
            let number = self.number_text(k);
            self.out.para(&format!("{before}{number}{after}"));
        }
    }

    /// The item's number as this document writes it; records the normalized number.
    fn number_text(&mut self, k: usize) -> String {
        let Some(item) = self.plan.items.get(k) else {
            return String::new();
        };
        let (year, digits) = (item.number.year, &item.number.digits);
        if let Some(facts) = self.facts.items.get_mut(k) {
            facts.number = Some(item.number.normalized());
        }
        match self.style.number {
            NumStyle::Plain => format!("{year}-{digits}"),
            NumStyle::EnDash => format!("{year} – {digits}"),
            NumStyle::Spaced => format!("{year} - {digits}"),
            NumStyle::TrailSpace => format!("{year}- {digits}"),
        }
    }

    /// The item's title as this document writes it; records it.
    fn title_text(&mut self, k: usize) -> String {
        let Some(item) = self.plan.items.get(k) else {
            return String::new();
        };
        let title = if self.style.upper_titles { item.title.to_uppercase() } else { item.title.clone() };
        if let Some(facts) = self.facts.items.get_mut(k) {
            facts.title = Some(title.clone());
        }
        title
    }

    // ----- session -----

    fn session(&mut self) {
        let coll = &self.plan.coll;
        let e = if coll.body_feminine() { "e" } else { "" };
        match self.style.intro {
            Intro::Reuni => {
                let date = self.session_date();
                let time = self.session_time();
                let place = coll.place_phrase(&mut self.rng);
                let convocation = self.convocation_inline();
                let president = self.president_inline();
                self.out.para(&format!(
                    "Le {date}{time}, {} {} s'est réuni{e} {place}{convocation}{president}.",
                    coll.body_name,
                    coll.of_name()
                ));
            }
            Intro::Gruson => {
                let date = self.session_date();
                let time = self.session_time();
                let place = coll.place_phrase(&mut self.rng);
                let president = self.president_inline();
                self.out.para(&format!(
                    "Le {date}{time}, s'est réuni{e} {} dûment convoqué{e} {place}{president}.",
                    coll.body_name
                ));
            }
            Intro::LAn => {
                let date = self.plan.date;
                self.facts.date = Some(date);
                let reformed = self.style.year == YearStyle::Reformed;
                let year = year_words(date.year, self.style.year);
                let day = day_words(date.day, reformed);
                let time = self.session_time();
                let place = coll.place_phrase(&mut self.rng);
                let convocation = self.convocation_inline();
                let president = self.president_inline();
                self.out.para(&format!(
                    "L'an {year}, le {day} {}{time}, {} {}, légalement convoqué{e}, s'est réuni{e} \
                     {place}{convocation}{president}.",
                    date.month_name(),
                    coll.body_name,
                    coll.of_name()
                ));
            }
            Intro::Seance => {
                let date = self.session_date();
                let time = self.session_time();
                self.out.heading(3, &format!("Séance du {date}{time}"));
                let place = coll.place_phrase(&mut self.rng);
                let convocation = self.convocation_inline();
                let president = self.president_inline();
                self.out
                    .para(&format!("{} s'est réuni{e} {place}{convocation}{president}.", capitalize(&coll.body_name)));
            }
            Intro::Reunion => {
                let date = self.session_date();
                let word = self.rng.pick(&["RÉUNION", "REUNION", "SÉANCE"]);
                self.out.heading(3, &format!("{word} DU {date}"));
            }
        }
        self.convocation_line();
        self.president_line();
        self.secretary_line();
    }

    fn session_date(&mut self) -> String {
        let date = self.plan.date;
        self.facts.date = Some(date);
        self.date_text(date, self.style.date)
    }

    fn date_text(&mut self, date: Date, style: DateStyle) -> String {
        let reformed = self.style.year == YearStyle::Reformed;
        let in_words = || {
            format!(
                "{} {} {}",
                day_words(date.day, reformed),
                date.month_name(),
                year_words(date.year, self.style.year)
            )
        };
        match style {
            DateStyle::Words | DateStyle::LAn => in_words(),
            DateStyle::WordsWeekday => format!("{} {}", date.weekday_name(), in_words()),
            DateStyle::Long => self.long_date(date),
            DateStyle::LongWeekday => format!("{} {}", date.weekday_name(), self.long_date(date)),
            DateStyle::Slash => date.slash(),
            DateStyle::Upper => format!("{} {} {}", date.day, date.month_name().to_uppercase(), date.year),
        }
    }

    /// « 1er juillet 2021 », « 3 novembre 2022 », sometimes « 03 novembre 2022 ».
    fn long_date(&mut self, date: Date) -> String {
        let day = if date.day == 1 && self.rng.chance(80) {
            "1er".to_string()
        } else if date.day < 10 && self.rng.chance(10) {
            format!("{:02}", date.day)
        } else {
            date.day.to_string()
        };
        format!("{day} {} {}", date.month_name(), date.year)
    }

    fn session_time(&mut self) -> String {
        let Some((hour, minute)) = self.plan.time else {
            return String::new();
        };
        if !self.style.time_written {
            return String::new();
        }
        self.facts.time = Some((hour, minute));
        let text = if self.style.time_words {
            let reformed = self.style.year == YearStyle::Reformed;
            time_words(hour, minute, reformed, self.rng.chance(30))
        } else {
            match self.rng.below(5) {
                0 => format!("{hour}h{minute:02}"),
                1 => format!("{hour} h {minute:02}"),
                2 if minute == 0 => format!("{hour}h"),
                3 if minute == 0 => format!("{hour} heures"),
                3 => format!("{hour} heures {minute}"),
                4 => format!("{hour}:{minute:02}"),
                _ => format!("{hour}h{minute:02}"),
            }
        };
        format!(" à {text}")
    }

    fn convocation_date(&mut self) -> String {
        let date = self.plan.convocation;
        self.facts.convocation = Some(date);
        let in_words = matches!(self.style.date, DateStyle::Words | DateStyle::WordsWeekday | DateStyle::LAn);
        if in_words && self.rng.chance(60) {
            self.date_text(date, DateStyle::Words)
        } else if self.rng.chance(50) {
            self.long_date(date)
        } else {
            date.slash()
        }
    }

    fn convocation_inline(&mut self) -> String {
        if self.style.conv != ConvStyle::Inline {
            return String::new();
        }
        format!(", sur convocation en date du {}", self.convocation_date())
    }

    fn convocation_line(&mut self) {
        let line = match self.style.conv {
            ConvStyle::None | ConvStyle::Inline => return,
            ConvStyle::DateLine => format!("Date de la convocation : {}", self.convocation_date()),
            ConvStyle::ConvDu => {
                self.facts.convocation = Some(self.plan.convocation);
                format!("Convocation du {}", self.plan.convocation.slash())
            }
            ConvStyle::DateDe => format!("Date de convocation : {}", self.convocation_date()),
            ConvStyle::Convoques => {
                format!("Les membres ont été convoqués le {}.", self.convocation_date())
            }
        };
        self.out.para(&line);
    }

    fn president_inline(&mut self) -> String {
        let person = self.plan.president();
        let function = self.plan.coll.president_function(person.female);
        let of_president = match self.style.pres {
            PresStyle::None | PresStyle::Line => return String::new(),
            PresStyle::CivFunction => format!("de {}, {function}", person.with_civility()),
            PresStyle::Monsieur => format!("de {} {}", person.monsieur(), person.full()),
            PresStyle::LeMaire => {
                let article = if person.female { "la" } else { "le" };
                format!("de {} {article} {function}, {}", person.monsieur(), person.full())
            }
            // Without a civility the name elides: « d'Isabelle DELANNOY ».
            PresStyle::Plain => de(&person.full()),
        };
        self.facts.president = Some(person.full());
        format!(", sous la présidence {of_president}")
    }

    fn president_line(&mut self) {
        if self.style.pres != PresStyle::Line {
            return;
        }
        let person = self.plan.president();
        let function = self.plan.coll.president_function(person.female);
        let line = match self.rng.below(4) {
            0 => format!("Sous la présidence de : {}, {function}", person.full()),
            1 => format!("Présidence : {}", person.with_civility()),
            2 => {
                let title = if person.female { "Présidente" } else { "Président" };
                format!("{title} de séance : {}", person.with_civility())
            }
            _ => format!("Présidence de {} {}", person.monsieur(), person.full()),
        };
        self.facts.president = Some(person.full());
        self.out.para(&line);
    }

    fn secretary_line(&mut self) {
        let person = self.plan.person(self.plan.secretary);
        let name = if self.rng.chance(60) { person.with_civility() } else { person.full() };
        let line = match self.style.sec {
            SecStyle::None => return,
            SecStyle::Label => format!("Secrétaire de séance : {name}"),
            SecStyle::Short => format!("Secrétaire : {name}"),
            SecStyle::Designe => {
                format!("{name} a été désigné{} secrétaire de séance.", person.e())
            }
            SecStyle::Nomme => format!("{name} est nommé{} secrétaire de séance.", person.e()),
        };
        self.facts.secretary = Some(person.full());
        self.out.para(&line);
    }

    // ----- attendance -----

    fn attendance(&mut self) {
        let totals_first = self.rng.chance(50);
        if totals_first {
            self.totals_line();
        }
        match self.style.roll {
            RollStyle::Prose => self.roll_prose(),
            RollStyle::CountHeaded => self.roll_counted(),
            RollStyle::Lines => self.roll_lines(),
            RollStyle::TabTable => self.roll_table(false),
            RollStyle::HtmlTable => self.roll_table(true),
        }
        if !totals_first {
            self.totals_line();
        }
        if self.rng.chance(40) || self.plan.declare_quorum {
            self.out
                .para(&format!("Le quorum étant atteint, {} peut valablement délibérer.", self.plan.coll.body_name));
        }
    }

    /// Members in the order lists name them: alphabetical, sometimes the president first.
    fn listing_order(&self) -> Vec<usize> {
        let roll = &self.plan.roll;
        let mut order: Vec<usize> = (0..roll.len()).collect();
        order.sort_by_key(|&i| roll.get(i).map(|m| fold(m.person.surname)));
        if self.style.president_first {
            order.retain(|&i| i != self.plan.president);
            order.insert(0, self.plan.president);
        }
        order
    }

    fn with_status(&self, status: Status) -> Vec<usize> {
        self.listing_order()
            .into_iter()
            .filter(|&i| self.plan.roll.get(i).is_some_and(|m| m.status == status))
            .collect()
    }

    fn member_text(&self, i: usize) -> String {
        let person = self.plan.person(i);
        if self.style.civility { person.with_civility() } else { person.full() }
    }

    fn present_entry(&self, i: usize) -> String {
        let text = self.member_text(i);
        if self.style.president_suffix && i == self.plan.president {
            let function = self.plan.coll.president_function(self.plan.person(i).female);
            format!("{text}, {function}")
        } else {
            text
        }
    }

    fn holder(&self, i: usize) -> Option<&String> {
        self.style.holders.get(i).and_then(Option::as_ref)
    }

    /// What follows a giver's name: « (pouvoir à M. B) », «, qui donne pouvoir à M. B ».
    fn proxy_suffix(&self, i: usize) -> String {
        let Some(holder) = self.holder(i) else {
            return String::new();
        };
        let word = self.style.proxy_word;
        match self.style.proxy {
            ProxyForm::Paren => format!(" ({word} à {holder})"),
            ProxyForm::QuiDonne => format!(", qui donne {word} à {holder}"),
            ProxyForm::Separate | ProxyForm::Column => String::new(),
        }
    }

    fn record_member(&mut self, i: usize, group: Option<String>) {
        let Some(member) = self.plan.roll.get(i) else {
            return;
        };
        let person = member.person;
        self.facts.members.push(json!({
            "name": person.full(),
            "title": self.style.civility.then(|| person.civility()),
            "group": group,
            "status": member.status.truth(),
            "proxy_to": self.holder(i),
        }));
    }

    fn record_stated(&mut self, key: usize, value: u32) {
        if let Some(slot) = self.facts.stated.get_mut(key) {
            *slot = Some(value);
        }
    }

    fn roll_prose(&mut self) {
        let present = self.with_status(Status::Present);
        let label = self.rng.pick(&["Étaient présents :", "Présents :", "Membres présents :"]);
        let names: Vec<String> = present.iter().map(|&i| self.present_entry(i)).collect();
        self.out.para(&format!("{} {}.", self.out.bold(label), join_fr(&names, ", ")));
        for &i in &present {
            self.record_member(i, None);
        }
        let excused_labels = ["Excusé(s) :", "Excusés :", "Étaient excusés :", "Absents excusés :"];
        self.status_sentence(Status::Excused, &excused_labels);
        let absent_labels = ["Absent(s) :", "Absents :", "Étaient absents :", "Absents non excusés :"];
        self.status_sentence(Status::Absent, &absent_labels);
        self.proxy_list(false);
        self.guests_line();
    }

    fn status_sentence(&mut self, status: Status, labels: &[&'static str]) {
        let members = self.with_status(status);
        let label = self.out.bold(self.rng.pick(labels));
        if members.is_empty() {
            if self.rng.chance(30) {
                self.out.para(&format!("{label} néant."));
            }
            return;
        }
        let entries: Vec<String> =
            members.iter().map(|&i| format!("{}{}", self.member_text(i), self.proxy_suffix(i))).collect();
        // « …, qui donne pouvoir à M. B et Mme C » would read as two holders: use « ; ».
        let list = if self.style.proxy == ProxyForm::QuiDonne { entries.join(" ; ") } else { join_fr(&entries, ", ") };
        self.out.para(&format!("{label} {list}."));
        for &i in &members {
            self.record_member(i, None);
        }
    }

    /// « Pouvoirs : M. A à Mme B, Mme C donne pouvoir à M. D. »
    fn proxy_list(&mut self, one_per_line: bool) {
        if self.style.proxy != ProxyForm::Separate {
            return;
        }
        let givers: Vec<usize> = self.listing_order().into_iter().filter(|&i| self.holder(i).is_some()).collect();
        if givers.is_empty() {
            return;
        }
        let link = self.rng.pick(&["à", "à", "donne pouvoir à"]);
        let entries: Vec<String> = givers
            .iter()
            .map(|&i| {
                let holder = self.holder(i).cloned().unwrap_or_default();
                format!("{} {link} {holder}", self.member_text(i))
            })
            .collect();
        let label = self.out.bold(self.rng.pick(&["Pouvoirs :", "Procurations :"]));
        if one_per_line {
            self.out.para(&label);
            self.out.bullets(&entries);
        } else {
            self.out.para(&format!("{label} {}.", entries.join(", ")));
        }
    }

    fn guests_line(&mut self) {
        let kind = self.plan.coll.kind;
        if !matches!(kind, Kind::Departement | Kind::Region) || !self.rng.chance(40) {
            return;
        }
        let names: Vec<String> = self.plan.guests.iter().map(|p| p.with_civility()).collect();
        self.out.para(&format!("Assistaient également sans voix délibérative : {}.", join_fr(&names, ", ")));
    }

    fn roll_lines(&mut self) {
        let bulleted = self.plan.format == Format::Md || self.rng.chance(50);
        let sections: [(Status, [&str; 2]); 3] = [
            (Status::Present, ["Présents :", "Membres présents :"]),
            (Status::Excused, ["Excusés :", "Absents excusés :"]),
            (Status::Absent, ["Absents :", "Absents non excusés :"]),
        ];
        for (status, labels) in sections {
            let members = self.with_status(status);
            if members.is_empty() {
                continue;
            }
            let label = self.out.bold(self.rng.pick(&labels));
            self.out.para(&label);
            let entries: Vec<String> = members
                .iter()
                .map(|&i| match status {
                    Status::Present => self.present_entry(i),
                    _ => format!("{}{}", self.member_text(i), self.proxy_suffix(i)),
                })
                .collect();
            if bulleted {
                self.out.bullets(&entries);
            } else {
                self.out.lines(&entries);
            }
            for &i in &members {
                self.record_member(i, None);
            }
        }
        self.proxy_list(true);
    }

    /// Gruson: counts as bullets, the president first with his function, then the others.
    fn roll_counted(&mut self) {
        let plan = self.plan;
        let totals = plan.totals();
        self.out.para(&format!("Membres {} :", de_article(&plan.coll.body_name)));
        self.out.bullets(&[format!("En exercice : {}", totals[IN_OFFICE]), format!("Présents : {}", totals[PRESENT])]);
        self.record_stated(IN_OFFICE, totals[IN_OFFICE]);
        self.record_stated(PRESENT, totals[PRESENT]);
        let president = plan.president;
        let others: Vec<usize> = self.with_status(Status::Present).into_iter().filter(|&i| i != president).collect();
        let function = plan.coll.president_function(plan.president().female);
        let names: Vec<String> = others.iter().map(|&i| self.member_text(i)).collect();
        self.out.para(&format!(
            "{}, {function}, et {}, {}.",
            self.member_text(president),
            join_fr(&names, ", "),
            plan.coll.members_title()
        ));
        self.record_member(president, None);
        for &i in &others {
            self.record_member(i, None);
        }
        for (status, word, key) in [(Status::Excused, "Excusé", EXCUSED), (Status::Absent, "Absent", ABSENT)] {
            let members = self.with_status(status);
            if members.is_empty() {
                continue;
            }
            let all_female = members.iter().all(|&i| plan.person(i).female);
            let agreement =
                format!("{}{}", if all_female { "e" } else { "" }, if members.len() > 1 { "s" } else { "" });
            self.out.bullets(&[format!("{word}{agreement} : {}", members.len())]);
            self.record_stated(key, members.len() as u32);
            for &i in &members {
                let entry = format!("{}{}", self.member_text(i), self.proxy_suffix(i));
                self.out.para(&entry);
                self.record_member(i, None);
            }
        }
        self.out.para(&format!("Nombre de votants : {}", totals[VOTERS]));
        self.record_stated(VOTERS, totals[VOTERS]);
    }

    /// Attendance as a table: a checkbox per status and a « Pouvoir à » column; the group
    /// column, when there is one, is filled only on each group's first row.
    fn roll_table(&mut self, html: bool) {
        let plan = self.plan;
        let group_column = self.style.group_column;
        let mut order = self.listing_order();
        if group_column {
            order.sort_by_key(|&i| plan.roll.get(i).and_then(|m| m.group));
        }
        let mut header: Vec<String> = Vec::new();
        if group_column {
            let label = match plan.coll.kind {
                Kind::SyndicatMixte => "Collectivité",
                Kind::Epci => "Commune",
                _ => "Groupe",
            };
            header.push(label.to_string());
        }
        header.push("Membre".to_string());
        for choices in [
            ["Présents", "Présent", "Présents"],
            ["Absents", "Absent", "Absents"],
            ["Excusés", "Excusé", "Excusés"],
            ["Pouvoir à", "Pouvoir donné à", "Procuration à"],
        ] {
            header.push(self.rng.pick(&choices).to_string());
        }
        let mut rows = Vec::new();
        let mut previous_group = None;
        for i in order {
            let Some(member) = plan.roll.get(i) else {
                continue;
            };
            let group = member.group.and_then(|g| plan.coll.groups.get(g)).cloned();
            let mut row = Vec::new();
            if group_column {
                let first_of_group = member.group != previous_group;
                row.push(if first_of_group { group.clone().unwrap_or_default() } else { String::new() });
                previous_group = member.group;
            }
            row.push(self.member_text(i));
            for status in [Status::Present, Status::Absent, Status::Excused] {
                let cell = if member.status == status { CHECKED } else { UNCHECKED };
                row.push(cell.to_string());
            }
            row.push(self.holder(i).cloned().unwrap_or_default());
            rows.push(row);
            self.record_member(i, if group_column { group } else { None });
        }
        if self.style.totals_row {
            let totals = plan.totals();
            let bold = self.rng.chance(50);
            let mut row = vec![String::new(); if group_column { 2 } else { 1 }];
            for key in [PRESENT, ABSENT, EXCUSED, PROXIES] {
                let value = totals[key];
                row.push(if bold { format!("<b>{value}</b>") } else { value.to_string() });
                self.record_stated(key, value);
            }
            rows.push(row);
        }
        let table = if html {
            let mut table = String::from("<table>\n<tr>");
            for cell in &header {
                table.push_str(&format!("<th>{cell}</th>"));
            }
            table.push_str("</tr>\n");
            for row in &rows {
                table.push_str("<tr>");
                for cell in row {
                    table.push_str(&format!("<td>{cell}</td>"));
                }
                table.push_str("</tr>\n");
            }
            table.push_str("</table>\n");
            table
        } else {
            let mut table = header.join("\t");
            table.push('\n');
            for row in &rows {
                table.push_str(&row.join("\t"));
                table.push('\n');
            }
            table.push('\n');
            table
        };
        self.out.raw(table);
    }

    fn totals_line(&mut self) {
        let labels: [&str; 6] = match self.style.totals {
            Totals::None => return,
            Totals::Dash => ["Membres en exercice", "Présents", "Absents", "Excusés", "Représentés", "Votants"],
            Totals::Lines => [
                "Nombre de membres en exercice",
                "Nombre de membres présents",
                "Nombre de membres absents",
                "Nombre de membres excusés",
                "Nombre de pouvoirs",
                "Nombre de votants",
            ],
            Totals::Slash => ["En exercice", "Présents", "Absents", "Excusés", "Pouvoirs", "Votants"],
        };
        let totals = self.plan.totals();
        let mut parts = Vec::new();
        for (key, ((label, value), wanted)) in labels.iter().zip(totals).zip(self.style.totals_keys).enumerate() {
            if wanted {
                parts.push(format!("{label} : {value}"));
                self.record_stated(key, value);
            }
        }
        match self.style.totals {
            Totals::Dash => self.out.para(&parts.join(" - ")),
            Totals::Slash => self.out.para(&parts.join(" / ")),
            _ => self.out.lines(&parts),
        }
    }

    // ----- one deliberation -----

    fn item_body(&mut self, k: usize) {
        let plan = self.plan;
        if plan.layout == Layout::CompteRendu && self.rng.chance(30) {
            let present = self.with_status(Status::Present);
            if let Some(&reporter) = present.get(self.rng.below(present.len())) {
                self.out.para(&format!("Rapporteur : {}", self.member_text(reporter)));
            }
        }
        self.out.slot(Slot::Expose);
        if self.rng.chance(50) {
            let preamble = format!("{},", capitalize(&plan.coll.body_name));
            if plan.format == Format::Md && self.rng.chance(40) {
                self.out.heading(2, &format!("**{preamble}**"));
            } else {
                self.out.para(&preamble);
            }
        }
        self.vu_lines(k);
        self.out.slot(Slot::Considerant);
        self.decision(k);
    }

    fn vu_lines(&mut self, k: usize) {
        let Some(item) = self.plan.items.get(k) else {
            return;
        };
        let end = self.rng.pick(&[" ;", " ;", ",", ""]);
        let vu = if self.style.bold_vu { "**Vu**" } else { "Vu" };
        for line in &item.vus {
            let text = match line {
                Vu::Plain(text) => text.to_string(),
                Vu::Code { code, articles } => self.code_vu(k, code, articles),
                Vu::Text(reference) => self.reference_vu(k, reference),
            };
            self.out.para(&format!("{vu} {text}{end}"));
        }
    }

    fn record_reference(&mut self, k: usize, kind: RefKind, number: &str, date: Option<Date>) {
        if let Some(facts) = self.facts.items.get_mut(k) {
            facts.references.push(json!({
                "kind": kind.truth(),
                "number": number,
                "date": date.map(Date::iso),
            }));
        }
    }

    /// « le Code … et notamment ses articles L.2121-17, L2121-20 et L. 2122-22 »: one
    /// reference per article, recorded in the canonical « L.2121-17 » form.
    fn code_vu(&mut self, k: usize, code: &str, articles: &[&str]) -> String {
        let written: Vec<String> = articles.iter().map(|a| self.article_text(a)).collect();
        for article in articles {
            self.record_reference(k, RefKind::CodeArticle, article, None);
        }
        let of_code = de_article(code);
        match written.as_slice() {
            [] => code.to_string(),
            [only] if self.rng.chance(60) => format!("{code} et notamment son article {only}"),
            [only] => format!("l'article {only} {of_code}"),
            many if self.rng.chance(70) => {
                format!("{code} et notamment ses articles {}", join_fr(many, ", "))
            }
            many => format!("les articles {} {of_code}", join_fr(many, ", ")),
        }
    }

    fn article_text(&mut self, article: &str) -> String {
        let (letter, digits) = article.split_once('.').unwrap_or(("L", article));
        let separator = self.rng.pick(&[".", ".", "", ". ", " "]);
        format!("{letter}{separator}{digits}")
    }

    fn reference_vu(&mut self, k: usize, reference: &Reference) -> String {
        let n = self.rng.pick(&["n° ", "n°", "n° ", "N° "]);
        let number = &reference.number;
        let subject = &reference.subject;
        let date = if self.rng.chance(50) { self.long_date(reference.date) } else { reference.date.slash() };
        let mut dated = true;
        let text = match reference.kind {
            RefKind::Law => format!("la loi {n}{number} du {date} {subject}"),
            RefKind::Decree => {
                let word = self.rng.pick(&["le décret", "le Décret"]);
                format!("{word} {n}{number} du {date} {subject}")
            }
            RefKind::Ordinance => {
                let word = self.rng.pick(&["l'ordonnance", "l'Ordonnance"]);
                format!("{word} {n}{number} du {date} {subject}")
            }
            RefKind::Order if self.rng.chance(80) => {
                format!("l'arrêté préfectoral {n}{number} du {date} {subject}")
            }
            RefKind::Order => {
                dated = false;
                format!("l'arrêté préfectoral {n}{number} {subject}")
            }
            RefKind::Deliberation => {
                let issuer = if reference.issuer.is_empty() { String::new() } else { format!(" {}", reference.issuer) };
                match self.rng.below(3) {
                    0 => format!("la délibération {n}{number}{issuer} en date du {} {subject}", reference.date.slash()),
                    1 => format!("la délibération {number} du {date}{issuer} {subject}"),
                    _ => {
                        dated = false;
                        format!("la délibération {n}{number}{issuer} {subject}")
                    }
                }
            }
            RefKind::CodeArticle => format!("l'article {number}"),
        };
        self.record_reference(k, reference.kind, number, dated.then_some(reference.date));
        text
    }

    fn decision(&mut self, k: usize) {
        let Some(item) = self.plan.items.get(k) else {
            return;
        };
        let subject = capitalize(&self.plan.coll.body_name);
        let inline = self.style.vote.is_inline() || (item.vote.unanimous && self.rng.chance(35));
        if inline {
            let vote = self.inline_vote(k);
            let decide = self.rng.pick(&["décide :", "décide :", "DÉCIDE :"]);
            self.out.para(&format!("{subject}, après en avoir délibéré{vote}, {decide}"));
            self.articles(k);
        } else {
            if self.rng.chance(50) {
                self.out.para(&format!("{subject}, après en avoir délibéré, décide :"));
            } else {
                let first = self.out.bold("Après en avoir délibéré,");
                self.out.para(&first);
                let second = self.out.bold("DÉCIDE :");
                self.out.para(&second);
            }
            self.articles(k);
            self.block_vote(k);
        }
    }

    fn articles(&mut self, k: usize) {
        let Some(item) = self.plan.items.get(k) else {
            return;
        };
        let female = self.plan.president().female;
        let signer = self.plan.coll.signer(female, self.rng.chance(40));
        let first = capitalize(&item.decision);
        let second = format!("D'autoriser {signer} à signer tout document afférent à ce dossier");
        if self.rng.chance(50) {
            self.out.para(&format!("Article 1 : {first}."));
            self.out.para(&format!("Article 2 : {second}."));
        } else {
            self.out.bullets(&[format!("{first} ;"), format!("{second}.")]);
        }
    }

    fn vote_facts(&mut self, k: usize) -> Option<&mut VoteFacts> {
        self.facts.items.get_mut(k).map(|item| &mut item.votes)
    }

    fn count_text(&self, n: u32) -> String {
        if self.style.pad_zeros { format!("{n:02}") } else { n.to_string() }
    }

    /// The vote inside the decision sentence, starting with its own separator.
    fn inline_vote(&mut self, k: usize) -> String {
        let Some(vote) = self.plan.items.get(k).map(|item| item.vote) else {
            return String::new();
        };
        if vote.unanimous {
            let phrase = self.rng.pick(&[
                ", à l'unanimité",
                ", à l'unanimité des membres présents et représentés",
                " à l'unanimité",
            ]);
            if let Some(facts) = self.vote_facts(k) {
                facts.unanimous = true;
            }
            return phrase.to_string();
        }
        let reformed = self.style.year == YearStyle::Reformed;
        let (pour, contre, abstention) = (vote.pour, vote.contre, vote.abstention);
        let phrase = match self.style.vote {
            VoteStyle::MainLevee => {
                let phrase = format!(
                    " à main levée par : {} voix pour - {} voix contre - {} abstention",
                    self.count_text(pour),
                    self.count_text(contre),
                    self.count_text(abstention)
                );
                if let Some(facts) = self.vote_facts(k) {
                    facts.method = Some("main levée");
                    facts.contre = Some(contre);
                    facts.abstention = Some(abstention);
                }
                phrase
            }
            style => {
                // Words or digits; a side nobody took is not written.
                let say = |n: u32| {
                    if style == VoteStyle::Words { words_feminine(n, reformed) } else { n.to_string() }
                };
                let mut parts = vec![format!("{} voix pour", say(pour))];
                if contre > 0 {
                    parts.push(format!("{} voix contre", say(contre)));
                }
                if abstention > 0 {
                    let plural = if abstention > 1 { "s" } else { "" };
                    parts.push(format!("{} abstention{plural}", say(abstention)));
                }
                if let Some(facts) = self.vote_facts(k) {
                    facts.contre = (contre > 0).then_some(contre);
                    facts.abstention = (abstention > 0).then_some(abstention);
                }
                format!(", par {}", join_fr(&parts, ", "))
            }
        };
        if let Some(facts) = self.vote_facts(k) {
            facts.pour = Some(pour);
        }
        phrase
    }

    /// The vote as a block after the articles.
    fn block_vote(&mut self, k: usize) {
        let Some(vote) = self.plan.items.get(k).map(|item| item.vote) else {
            return;
        };
        let voters = vote.voters();
        if vote.unanimous {
            self.unanimity_block(k, voters);
            return;
        }
        let (pour, contre, abstention) = (vote.pour, vote.contre, vote.abstention);
        let (p, c, a) = (self.count_text(pour), self.count_text(contre), self.count_text(abstention));
        let mut counts = vec![format!("Voix pour : {p}"), format!("Voix contre : {c}"), format!("Abstentions : {a}")];
        let mut expressed = None;
        let mut stated_voters = None;
        let mut method = None;
        match self.style.vote {
            VoteStyle::Slash => {
                (expressed, stated_voters) = self.vote_extra(vote, &mut counts);
                self.out.para(&counts.join(" / "));
            }
            VoteStyle::Short => {
                if self.rng.chance(25) {
                    self.out.para("Vote à main levée :");
                    method = Some("main levée");
                } else if self.rng.chance(40) {
                    self.out.para("Résultat du vote :");
                }
                self.out.bullets(&[format!("Pour : {p}"), format!("Contre : {c}"), format!("Abstention : {a}")]);
            }
            VoteStyle::Voix => {
                self.out.para("Dans les conditions de vote ci-dessous :");
                let by_group = if self.plan.coll.political_groups && self.rng.chance(50) {
                    format!(" ({})", self.plan.coll.groups.join(" ; "))
                } else {
                    String::new()
                };
                self.out.para(&format!(
                    "Pour : {pour} voix{by_group} Contre : {contre} voix Abstention : {abstention} voix"
                ));
                self.out.para("(Adopté)");
            }
            VoteStyle::Votants => {
                self.out.para(&format!("Votants : {voters} - Pour : {p} - Contre : {c} - Abstentions : {a}"));
                stated_voters = Some(voters);
            }
            // Inline styles never reach here with a split vote; « Adopté par » is the default.
            _ => {
                (expressed, stated_voters) = self.vote_extra(vote, &mut counts);
                self.out.para("Adopté par :");
                self.out.bullets(&counts);
            }
        }
        if let Some(facts) = self.vote_facts(k) {
            facts.pour = Some(pour);
            facts.contre = Some(contre);
            facts.abstention = Some(abstention);
            facts.expressed = expressed;
            facts.voters = stated_voters;
            facts.method = method;
        }
    }

    /// Adds « Suffrages exprimés » or « Nombre d'élus participant au vote » to `counts`
    /// when the document writes one; returns the (expressed, voters) it states.
    fn vote_extra(&self, vote: Vote, counts: &mut Vec<String>) -> (Option<u32>, Option<u32>) {
        match self.style.vote_extra {
            VoteExtra::None => (None, None),
            VoteExtra::Expressed => {
                let abstentions = if self.plan.expressed_with_abstentions { vote.abstention } else { 0 };
                let expressed = vote.pour + vote.contre + abstentions;
                counts.push(format!("Suffrages exprimés : {expressed}"));
                (Some(expressed), None)
            }
            VoteExtra::Participants => {
                counts.push(format!("Nombre d'élus participant au vote : {}", vote.voters()));
                (None, Some(vote.voters()))
            }
        }
    }

    fn unanimity_block(&mut self, k: usize, voters: u32) {
        let (line, pour, stated_voters) = match self.rng.below(5) {
            0 => ("Adopté à l'unanimité.".to_string(), None, None),
            1 => ("La délibération est adoptée à l'unanimité.".to_string(), None, None),
            2 => (format!("Adopté à l'unanimité ({voters} voix pour)."), Some(voters), None),
            3 => (format!("Nombre de votants : {voters} - Adopté à l'unanimité."), None, Some(voters)),
            _ => ("Vote : adopté à l'unanimité des membres présents et représentés.".to_string(), None, None),
        };
        self.out.para(&line);
        if let Some(facts) = self.vote_facts(k) {
            facts.unanimous = true;
            facts.pour = pour;
            facts.voters = stated_voters;
        }
    }

    // ----- closing -----

    fn extrait_closing(&mut self) {
        match self.rng.below(3) {
            0 => self.out.para("Fait et délibéré en séance les jour, mois et an susdits."),
            1 => {
                let date = self.plan.date;
                self.facts.date = Some(date);
                let written = self.long_date(date);
                self.out.para(&format!("Fait à {}, le {written}", self.plan.coll.city));
            }
            _ => {}
        }
        let opening = self.rng.pick(&[
            "Pour extrait conforme,",
            "Pour extrait conforme :",
            "Pour copie certifiée conforme.",
            "Certifié conforme,",
        ]);
        let signature = self.president_signature();
        let mut lines = vec![opening.to_string()];
        lines.extend(signature);
        self.out.lines(&lines);
        if self.rng.chance(85) {
            self.appeal();
        }
    }

    /// « Le Maire, » and the name (the signatory, not a statement of who presided).
    fn president_signature(&mut self) -> [String; 2] {
        let person = self.plan.president();
        let mut title = self.plan.coll.signatory_title(person.female);
        if self.rng.chance(15) {
            title = fold(&title.to_uppercase());
        }
        let name = if self.rng.chance(30) { person.with_civility() } else { person.full() };
        [format!("{title},"), name]
    }

    fn closing_sentence(&mut self) {
        let mut sentence = "L'ordre du jour étant épuisé, la séance est levée".to_string();
        // A closing hour only where the opening hour is written, so the first hour of the
        // document stays the session's.
        if let (Some((hour, minute)), true) = (self.facts.time, self.rng.chance(40)) {
            let end = (hour * 60 + minute + self.rng.between(45, 150)).min(23 * 60 + 30);
            sentence.push_str(&format!(" à {}h{:02}", end / 60, end % 60));
        }
        sentence.push('.');
        self.out.para(&sentence);
    }

    fn compte_rendu_signatures(&mut self) {
        let secretary = self.plan.person(self.plan.secretary);
        self.facts.secretary = Some(secretary.full());
        let name = if self.style.civility { secretary.with_civility() } else { secretary.full() };
        let title = if secretary.female { "La secrétaire de séance," } else { "Le secrétaire de séance," };
        self.out.lines(&[title.to_string(), name]);
        let signature = self.president_signature();
        self.out.lines(&signature);
    }

    fn appeal(&mut self) {
        let tribunal = self.plan.coll.tribunal;
        let text = match self.rng.below(3) {
            0 => format!(
                "Le présent acte peut faire l'objet d'un recours devant le Tribunal administratif \
                 {} dans un délai de deux mois à compter de sa publication et de sa transmission \
                 au représentant de l'État.",
                de(tribunal)
            ),
            1 => {
                let female = self.plan.president().female;
                format!(
                    "{} certifie, sous sa responsabilité, le caractère exécutoire de cet acte, et \
                     informe qu'il peut faire l'objet d'un recours auprès du Tribunal \
                     Administratif {} dans un délai de deux mois à compter de sa publication et \
                     sa transmission aux services de l'État.",
                    capitalize(&self.plan.coll.signer(female, true)),
                    de(&tribunal.to_uppercase())
                )
            }
            _ => format!(
                "La présente délibération peut faire l'objet d'un recours pour excès de pouvoir \
                 devant le tribunal administratif {} dans un délai de deux mois à compter de sa \
                 publication.",
                de(tribunal)
            ),
        };
        self.out.para(&text);
    }

    fn transmission(&mut self) {
        let plan = self.plan;
        let mut lines = Vec::new();
        // Always written: a missing transmission date is a finding (F5).
        let date = plan.prefecture;
        self.facts.prefecture = Some(date);
        match self.rng.below(5) {
            0 => {
                lines.push(format!("Envoyé en préfecture le {}", date.slash()));
                if self.rng.chance(60) {
                    lines.push(format!("Reçu en préfecture le {}", date.slash()));
                }
            }
            1 => lines.push(format!("Reçu en préfecture le {}", date.slash())),
            2 => lines.push(format!("Télétransmis en préfecture le {}", date.slash())),
            3 => {
                let written = self.long_date(date);
                lines.push(format!("Envoi au contrôle de légalité le : {written}"));
            }
            _ => lines.push(format!("Transmis au contrôle de légalité le {}", date.slash())),
        }
        if self.style.publication {
            let date = plan.publication;
            self.facts.publication = Some(date);
            let line = match self.rng.below(4) {
                0 => format!("Publié sur le site Internet le {}", date.slash()),
                1 => format!("Publication électronique le : {}", self.long_date(date)),
                2 => format!("Publié le {}", date.slash()),
                _ => format!("Mis en ligne sur le site internet le {}", date.slash()),
            };
            lines.push(line);
        }
        if self.style.display {
            let date = plan.display;
            self.facts.display = Some(date);
            let line = match self.rng.below(3) {
                0 => format!("Affiché le {}", date.slash()),
                1 if plan.coll.kind == Kind::Commune => {
                    format!("Affiché en mairie le {}", date.slash())
                }
                _ => format!("Date d'affichage : {}", date.slash()),
            };
            lines.push(line);
        }
        if self.style.acte_id
            && let Some(item) = plan.items.first()
        {
            // @ctes: département on 3 characters, SIREN, decision date, internal number, nature.
            let date = plan.date;
            let id = format!(
                "0{}-{}-{:04}{:02}{:02}-{}-DE",
                plan.coll.department_code,
                plan.coll.siren,
                date.year,
                date.month,
                date.day,
                item.number.normalized().replace('-', "_")
            );
            lines.push(format!("ID : {id}"));
            self.facts.acte_id = Some(id);
        }
        for line in lines {
            self.out.para(&line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn docs(seed: u64, count: usize) -> Vec<(SyntheticDoc, Vec<String>)> {
        (0..count).map(|index| build(seed, index)).collect()
    }

    fn number(value: &Value) -> Option<u64> {
        value.as_u64()
    }

    fn text_of(value: &Value) -> Option<&str> {
        value.as_str()
    }

    /// The upper-case words of a name: « Marie-Pierre LE BIHAN » → « LE BIHAN ».
    fn surname(name: &str) -> String {
        name.split(' ')
            .filter(|word| word.chars().any(char::is_alphabetic) && word.to_uppercase() == *word)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The members a holder's text designates (by full name, surname or surname prefix).
    fn resolve<'v>(holder: &str, members: &'v [Value]) -> Vec<&'v Value> {
        let bare = holder.strip_prefix("M. ").or_else(|| holder.strip_prefix("Mme ")).unwrap_or(holder);
        members
            .iter()
            .filter(|m| {
                let name = text_of(&m["name"]).unwrap_or_default();
                let surname = surname(name);
                name == bare || surname == bare || surname.starts_with(&format!("{bare}-"))
            })
            .collect()
    }

    fn parse_iso(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        let valid = text.len() == 10
            && parts.next().is_none()
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day);
        valid.then(|| Date::new(year, month, day))
    }

    fn luhn_valid(digits: &str) -> bool {
        let sum: u32 = digits
            .chars()
            .rev()
            .enumerate()
            .map(|(i, c)| {
                let d = c.to_digit(10).unwrap_or(99);
                if i % 2 == 1 {
                    let doubled = d * 2;
                    if doubled > 9 { doubled - 9 } else { doubled }
                } else {
                    d
                }
            })
            .sum();
        digits.len() == 9 && sum.is_multiple_of(10)
    }

    #[test]
    fn same_seed_and_index_give_the_same_document() {
        for index in 0..40 {
            let (a, b) = (generate(7, index), generate(7, index));
            assert_eq!(a.name, b.name);
            assert_eq!(a.extension, b.extension);
            assert_eq!(a.text, b.text);
            assert_eq!(a.truth, b.truth);
        }
        let corpus = generate_corpus(7, 5);
        assert_eq!(corpus[3].text, generate(7, 3).text);
        assert_eq!(corpus[3].name, "synth-000003");
        assert_ne!(generate(7, 1).text, generate(7, 2).text);
        assert_ne!(generate(7, 1).text, generate(8, 1).text);
    }

    #[test]
    fn every_phrasing_appears_in_300_documents() {
        let seen: BTreeSet<String> = docs(2024, 300).into_iter().flat_map(|(_, l)| l).collect();
        let mut expected: Vec<String> = Vec::new();
        let mut expect = |prefix: &str, names: &[String]| {
            expected.extend(names.iter().map(|name| format!("{prefix}:{name}")));
        };
        let debug =
            |items: &[&dyn std::fmt::Debug]| -> Vec<String> { items.iter().map(|item| format!("{item:?}")).collect() };
        expect("layout", &debug(&[&Layout::Extrait, &Layout::CompteRendu]));
        expect("format", &debug(&[&Format::Txt, &Format::Md, &Format::Html]));
        expect("kind", &debug(&[&Kind::Commune, &Kind::Epci, &Kind::SyndicatMixte, &Kind::Departement, &Kind::Region]));
        expect(
            "body",
            &debug(&[
                &Body::ConseilMunicipal,
                &Body::ConseilCommunautaire,
                &Body::Bureau,
                &Body::ComiteSyndical,
                &Body::CommissionPermanente,
                &Body::ConseilDepartemental,
                &Body::ConseilRegional,
            ]),
        );
        expect(
            "roll",
            &debug(&[
                &RollStyle::Prose,
                &RollStyle::CountHeaded,
                &RollStyle::Lines,
                &RollStyle::TabTable,
                &RollStyle::HtmlTable,
            ]),
        );
        expect("proxy", &debug(&[&ProxyForm::Paren, &ProxyForm::QuiDonne, &ProxyForm::Separate, &ProxyForm::Column]));
        expect("totals", &debug(&[&Totals::None, &Totals::Dash, &Totals::Lines, &Totals::Slash]));
        expect("intro", &debug(&[&Intro::Reuni, &Intro::Gruson, &Intro::LAn, &Intro::Seance, &Intro::Reunion]));
        expect(
            "date",
            &debug(&[
                &DateStyle::Words,
                &DateStyle::WordsWeekday,
                &DateStyle::LAn,
                &DateStyle::Long,
                &DateStyle::LongWeekday,
                &DateStyle::Slash,
                &DateStyle::Upper,
            ]),
        );
        expect("year", &debug(&[&YearStyle::Standard, &YearStyle::Mil, &YearStyle::Reformed]));
        expect(
            "conv",
            &debug(&[
                &ConvStyle::None,
                &ConvStyle::Inline,
                &ConvStyle::DateLine,
                &ConvStyle::ConvDu,
                &ConvStyle::DateDe,
                &ConvStyle::Convoques,
            ]),
        );
        expect(
            "pres",
            &debug(&[
                &PresStyle::None,
                &PresStyle::CivFunction,
                &PresStyle::Monsieur,
                &PresStyle::LeMaire,
                &PresStyle::Plain,
                &PresStyle::Line,
            ]),
        );
        expect(
            "sec",
            &debug(&[&SecStyle::None, &SecStyle::Label, &SecStyle::Short, &SecStyle::Designe, &SecStyle::Nomme]),
        );
        expect("header", &debug(&[&Header::Top, &Header::NumObjet, &Header::Gruson, &Header::Cp]));
        expect(
            "heading",
            &debug(&[&ItemHeading::Arabic, &ItemHeading::Point, &ItemHeading::Roman, &ItemHeading::Delib]),
        );
        expect("number", &debug(&[&NumStyle::Plain, &NumStyle::EnDash, &NumStyle::Spaced, &NumStyle::TrailSpace]));
        expect(
            "vote",
            &debug(&[
                &VoteStyle::AdoptePar,
                &VoteStyle::Slash,
                &VoteStyle::Short,
                &VoteStyle::Voix,
                &VoteStyle::Votants,
                &VoteStyle::MainLevee,
                &VoteStyle::Words,
                &VoteStyle::DigitsInline,
            ]),
        );
        expect("extra", &debug(&[&VoteExtra::None, &VoteExtra::Expressed, &VoteExtra::Participants]));
        let missing: Vec<&String> = expected.iter().filter(|label| !seen.contains(*label)).collect();
        assert!(missing.is_empty(), "never generated: {missing:?}");
    }

    #[test]
    fn every_layout_appears_with_every_format_and_body() {
        let seen: BTreeSet<(String, String, String)> = docs(99, 600)
            .into_iter()
            .map(|(_, labels)| {
                let find = |prefix: &str| labels.iter().find(|l| l.starts_with(prefix)).cloned().unwrap_or_default();
                (find("layout:"), find("format:"), find("body:"))
            })
            .collect();
        // 2 layouts × 3 formats × 7 bodies.
        assert_eq!(seen.len(), 42, "{seen:?}");
    }

    #[test]
    fn truths_are_coherent() {
        for seed in [1, 2, 3] {
            for (doc, _) in docs(seed, 200) {
                check_coherence(&doc);
            }
        }
    }

    fn check_coherence(doc: &SyntheticDoc) {
        let truth = &doc.truth;
        let name = &doc.name;
        let members = truth["attendance"]["members"].as_array().cloned().unwrap_or_default();
        let stated = &truth["attendance"]["stated"];
        let count = |status: &str| members.iter().filter(|m| m["status"] == status).count() as u64;
        let (present, absent, excused) = (count("present"), count("absent"), count("excused"));
        let givers: Vec<&Value> = members.iter().filter(|m| !m["proxy_to"].is_null()).collect();
        let proxies = givers.len() as u64;
        let voters = present + proxies;
        assert!(!members.is_empty(), "{name}: no roll");
        assert!(2 * present > members.len() as u64, "{name}: no quorum");
        for (key, counted) in [
            ("in_office", members.len() as u64),
            ("present", present),
            ("absent", absent),
            ("excused", excused),
            ("proxies", proxies),
            ("voters", voters),
        ] {
            if let Some(value) = number(&stated[key]) {
                assert_eq!(value, counted, "{name}: stated {key}");
            }
        }
        let mut holders = BTreeSet::new();
        for giver in &givers {
            assert_ne!(giver["status"], "present", "{name}: a present member gave a proxy");
            let holder = text_of(&giver["proxy_to"]).unwrap_or_default();
            let found = resolve(holder, &members);
            assert_eq!(found.len(), 1, "{name}: holder « {holder} » designates {found:?}");
            assert_eq!(found[0]["status"], "present", "{name}: holder « {holder} » absent");
            assert!(holders.insert(found[0]["name"].to_string()), "{name}: two proxies to « {holder} »");
        }
        let names: BTreeSet<&str> = members.iter().filter_map(|m| text_of(&m["name"])).collect();
        assert_eq!(names.len(), members.len(), "{name}: a member listed twice");
        for role in ["president", "secretary"] {
            if let Some(person) = text_of(&truth["session"][role]) {
                let member = members.iter().find(|m| m["name"] == person);
                assert!(member.is_some_and(|m| m["status"] == "present"), "{name}: {role} {person}");
            }
        }
        let year = text_of(&truth["session"]["date"]).map(|d| d[..4].to_string());
        let deliberations = truth["deliberations"].as_array().cloned().unwrap_or_default();
        assert!(!deliberations.is_empty(), "{name}: no deliberation");
        for item in &deliberations {
            assert!(item["title"].is_string(), "{name}: untitled item");
            if let (Some(number), Some(year)) = (text_of(&item["number"]), &year) {
                assert!(number.starts_with(&format!("{year}-")), "{name}: number {number}");
            }
            let votes = &item["votes"];
            let (pour, contre, abstention) =
                (number(&votes["for"]), number(&votes["against"]), number(&votes["abstention"]));
            if votes["unanimous"] == true {
                assert!(contre.unwrap_or(0) == 0 && abstention.unwrap_or(0) == 0, "{name}: unanimity");
                if let Some(pour) = pour {
                    assert_eq!(pour, voters, "{name}: unanimous « for »");
                }
            } else {
                let pour = pour.unwrap_or_else(|| panic!("{name}: a split vote without « for »"));
                assert!(pour + contre.unwrap_or(0) + abstention.unwrap_or(0) == voters, "{name}: votes");
                assert!(pour > contre.unwrap_or(0), "{name}: rejected item");
                if let Some(expressed) = number(&votes["expressed"]) {
                    assert_eq!(expressed, pour + contre.unwrap_or(0), "{name}: expressed");
                }
            }
            if let Some(stated_voters) = number(&votes["voters"]) {
                assert_eq!(stated_voters, voters, "{name}: item voters");
            }
        }
    }

    #[test]
    fn every_date_in_a_truth_is_a_real_date_in_order() {
        for (doc, _) in docs(5, 300) {
            let truth = &doc.truth;
            let name = &doc.name;
            let date_at = |value: &Value| {
                text_of(value).map(|text| parse_iso(text).unwrap_or_else(|| panic!("{name}: invalid date {text}")))
            };
            let session = date_at(&truth["session"]["date"]).unwrap_or_else(|| panic!("{name}: no date"));
            assert!((1995..=2025).contains(&session.year), "{name}: {session:?}");
            assert!(session.weekday() < 6, "{name}: a Sunday session");
            if let Some(convocation) = date_at(&truth["session"]["convocation_date"]) {
                assert!(convocation < session, "{name}: convocation after the session");
                assert!(session.days_since_epoch() - convocation.days_since_epoch() >= 6, "{name}: late convocation");
            }
            for key in ["prefecture_date", "publication_date", "display_date"] {
                if let Some(date) = date_at(&truth["transmission"][key]) {
                    assert!(date >= session, "{name}: {key} before the session");
                }
            }
            for item in truth["deliberations"].as_array().cloned().unwrap_or_default() {
                for reference in item["references"].as_array().cloned().unwrap_or_default() {
                    if let Some(date) = date_at(&reference["date"]) {
                        assert!(date < session, "{name}: a reference after the session");
                    }
                }
            }
            if let Some(time) = text_of(&truth["session"]["time"]) {
                let (hour, minute) = time.split_once(':').unwrap_or_default();
                let hour: u32 = hour.parse().unwrap_or(99);
                let minute: u32 = minute.parse().unwrap_or(99);
                assert!(time.len() == 5 && hour < 24 && minute < 60, "{name}: time {time}");
            }
            if let Some(id) = text_of(&truth["transmission"]["acte_id"]) {
                let parts: Vec<&str> = id.split('-').collect();
                assert_eq!(parts.len(), 5, "{name}: {id}");
                assert!(luhn_valid(parts[1]), "{name}: SIREN {id}");
                assert_eq!(parts[2], session.iso().replace('-', ""), "{name}: {id}");
            }
        }
    }

    #[test]
    fn every_fact_of_the_truth_is_written_in_the_text() {
        for (doc, _) in docs(11, 300) {
            let (text, truth, name) = (&doc.text, &doc.truth, &doc.name);
            let written = |fact: &str| assert!(text.contains(fact), "{name}: « {fact} » not in the text");
            written(text_of(&truth["collectivity"]["name"]).unwrap_or("?"));
            for member in truth["attendance"]["members"].as_array().cloned().unwrap_or_default() {
                let full = text_of(&member["name"]).unwrap_or("?");
                match text_of(&member["title"]) {
                    Some(title) => written(&format!("{title} {full}")),
                    None => written(full),
                }
                if let Some(group) = text_of(&member["group"]) {
                    written(group);
                }
                if let Some(holder) = text_of(&member["proxy_to"]) {
                    written(holder);
                }
            }
            for role in ["president", "secretary"] {
                if let Some(person) = text_of(&truth["session"][role]) {
                    written(person);
                }
            }
            for item in truth["deliberations"].as_array().cloned().unwrap_or_default() {
                written(text_of(&item["title"]).unwrap_or("?"));
                if let Some(number) = text_of(&item["number"]) {
                    let (year, digits) = number.split_once('-').unwrap_or_default();
                    let forms = ["-", " – ", " - ", "- "].map(|dash| format!("{year}{dash}{digits}"));
                    assert!(forms.iter().any(|f| text.contains(f.as_str())), "{name}: number {number}");
                }
                for reference in item["references"].as_array().cloned().unwrap_or_default() {
                    let number = text_of(&reference["number"]).unwrap_or("?");
                    let forms = match number.split_once('.') {
                        Some((letter, digits)) if reference["kind"] == "code_article" => {
                            [".", "", ". ", " "].map(|sep| format!("{letter}{sep}{digits}")).to_vec()
                        }
                        _ => vec![number.to_string()],
                    };
                    assert!(forms.iter().any(|f| text.contains(f.as_str())), "{name}: reference {number}");
                }
            }
            // Only the session date carries a weekday, and it is the right one.
            let session = text_of(&truth["session"]["date"]).and_then(parse_iso);
            for weekday in WEEKDAYS {
                if text.contains(&format!("{weekday} ")) {
                    assert_eq!(session.map(Date::weekday_name), Some(weekday), "{name}");
                }
            }
        }
    }

    #[test]
    fn documents_weigh_between_2_and_20_kb() {
        for (doc, _) in docs(3, 400) {
            let size = doc.text.len();
            assert!((2_048..=20_480).contains(&size), "{}: {size} bytes", doc.name);
        }
    }

    #[test]
    fn html_documents_are_pages_with_an_attendance_table() {
        for (doc, _) in docs(4, 60).into_iter().filter(|(d, _)| d.extension == "html") {
            assert!(doc.text.starts_with("<!DOCTYPE html>"), "{}", doc.name);
            assert!(doc.text.contains("<table>") && doc.text.contains(CHECKED), "{}", doc.name);
            assert!(doc.text.trim_end().ends_with("</html>"), "{}", doc.name);
        }
    }

    #[test]
    fn calendar_and_weekdays() {
        assert_eq!(Date::new(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(Date::new(2023, 12, 19).weekday_name(), "mardi");
        assert_eq!(Date::new(2022, 6, 16).weekday_name(), "jeudi");
        assert_eq!(Date::new(2000, 2, 29).weekday_name(), "mardi");
        assert_eq!(Date::new(2024, 2, 28).plus_days(1), Date::new(2024, 2, 29));
        assert_eq!(Date::new(2023, 12, 31).plus_days(1), Date::new(2024, 1, 1));
        assert_eq!(Date::new(2022, 3, 1).plus_days(-1), Date::new(2022, 2, 28));
        assert_eq!(Date::new(2022, 6, 10).slash(), "10/06/2022");
        for days in -20_000..20_000 {
            assert_eq!(Date::from_days(days).days_since_epoch(), days);
        }
    }

    #[test]
    fn numbers_dates_and_hours_in_words() {
        assert_eq!(words(1, false), "un");
        assert_eq!(words(17, false), "dix-sept");
        assert_eq!(words(21, false), "vingt et un");
        assert_eq!(words(21, true), "vingt-et-un");
        assert_eq!(words(71, false), "soixante et onze");
        assert_eq!(words(77, false), "soixante-dix-sept");
        assert_eq!(words(80, false), "quatre-vingts");
        assert_eq!(words(81, false), "quatre-vingt-un");
        assert_eq!(words(95, false), "quatre-vingt-quinze");
        assert_eq!(words_feminine(1, false), "une");
        assert_eq!(words_feminine(21, false), "vingt et une");
        assert_eq!(year_words(2022, YearStyle::Standard), "deux mille vingt-deux");
        assert_eq!(year_words(2023, YearStyle::Reformed), "deux-mille-vingt-trois");
        assert_eq!(year_words(2014, YearStyle::Mil), "deux mil quatorze");
        assert_eq!(year_words(2000, YearStyle::Standard), "deux mille");
        assert_eq!(year_words(2000, YearStyle::Mil), "deux mille");
        assert_eq!(year_words(1995, YearStyle::Standard), "mille neuf cent quatre-vingt-quinze");
        assert_eq!(day_words(1, false), "premier");
        assert_eq!(time_words(20, 30, false, false), "vingt heures trente");
        assert_eq!(time_words(18, 30, false, true), "dix-huit heures et demie");
        assert_eq!(time_words(21, 0, false, false), "vingt et une heures");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(8), "VIII");
        assert_eq!(amount(12_500), "12 500");
        assert_eq!(amount(950), "950");
        assert!(luhn_valid(&with_luhn("73282932")));
    }

    #[test]
    fn data_tables_need_no_html_escaping() {
        let tables: [&[&str]; 12] = [
            GIVEN_MALE,
            GIVEN_FEMALE,
            SURNAMES,
            SAINTS_MALE,
            SAINTS_FEMALE,
            PLACE_ROOTS,
            PLACE_SUFFIXES,
            SYLLABLES,
            ENDINGS,
            EXPOSE_SENTENCES,
            CONSIDERANTS,
            PLAIN_VUS,
        ];
        let topics = TOPICS.iter().flat_map(|(title, decision)| [*title, *decision]);
        for entry in tables.into_iter().flatten().copied().chain(topics) {
            assert!(!entry.contains(['&', '<', '>']), "« {entry} »");
        }
        assert!(SURNAMES.len() > 69 + 2, "not enough surnames for the largest roll");
    }

    #[test]
    fn write_corpus_writes_each_document_and_its_truth() {
        let dir = std::env::temp_dir().join(format!("registre-synth-{}", std::process::id()));
        write_corpus(&dir, 9, 4).expect("write the corpus");
        for index in 0..4 {
            let doc = generate(9, index);
            let text = std::fs::read_to_string(dir.join(format!("{}.{}", doc.name, doc.extension)));
            assert_eq!(text.ok().as_deref(), Some(doc.text.as_str()));
            let truth = std::fs::read_to_string(dir.join(format!("{}.truth.json", doc.name)))
                .ok()
                .and_then(|t| serde_json::from_str::<Value>(&t).ok());
            assert_eq!(truth, Some(doc.truth));
        }
        std::fs::remove_dir_all(&dir).ok();
    }
}
