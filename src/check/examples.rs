//! Small documents built from facts, for the rules' passing and failing examples
//! (`registre rules V1`) and their unit tests. A [`Doc`] writes a commune's extract the
//! way Gruson's is written (or a syndicat mixte's roll table), so that the examples go
//! through the real extraction before they are checked.

use crate::check::{Facts, RuleSelection, check};
use crate::date::{Date, MONTHS};
use crate::model::{Finding, Record};
use crate::patterns::Patterns;
use crate::pipeline::{Options, process_bytes};
use crate::read::Format;

const NAMES: &[&str] = &[
    "Jean MARTIN",
    "Claire DUBOIS",
    "Paul BERNARD",
    "Anne ROUX",
    "Luc PETIT",
    "Marie LEROY-BEAULIEU",
    "Henri FAURE",
    "Sophie GARNIER",
    "Louis CHEVALIER",
    "Julie FONTAINE",
    "Marc BLANC",
    "Agnès MOREL",
    "Pierre GIRAUD",
    "Nadia MERCIER",
    "Yves LAMBERT",
    "Élise BONNET",
    "Hugo FRANÇOIS",
    "Inès LEGRAND",
    "Théo GAUTHIER",
    "Léa PERRIN",
    "Noël ROUSSEAU",
    "Rose VINCENT",
    "Guy MULLER",
    "Zoé LEFEVRE",
    "Rémi FABRE",
    "Lucie ANDRÉ",
    "Jules MASSON",
    "Alice SANCHEZ",
    "Victor DUMAS",
    "Emma BRUN",
    "Félix BLANCHARD",
    "Chloé GUERIN",
    "Oscar BOYER",
    "Jeanne DENIS",
    "Simon LEMOINE",
];

/// What kind of body writes the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Commune,
    /// A syndicat mixte ouvert, with the corpus's checkbox table.
    Smo,
}

/// A document described by its facts; `text()` writes it.
#[derive(Debug, Clone)]
pub struct Doc {
    kind: DocKind,
    date: Date,
    weekday: Option<&'static str>,
    convocation: Option<Date>,
    in_office: u32,
    present: u32,
    represented: u32,
    /// (giver, holder as written) replacing the default proxies.
    proxies: Option<Vec<(String, String)>>,
    secretary: Option<String>,
    president: Option<String>,
    number: Option<String>,
    title: String,
    vote: Option<String>,
    before_vote: Vec<String>,
    after_roll: Vec<String>,
    certification: bool,
    signatory: Option<String>,
    appeal: bool,
    transmission: Option<String>,
    publication: Option<String>,
    closing: Vec<String>,
    in_decision: Vec<String>,
    /// Stated totals that differ from the names listed: (present, proxies).
    stated: (Option<u32>, Option<u32>),
    duplicate: bool,
}

fn long(d: Date) -> String {
    format!("{} {} {}", d.day, MONTHS[(d.month - 1) as usize], d.year)
}

fn slash(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day, d.month, d.year)
}

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::new(y, m, d).unwrap_or(Date { year: 2023, month: 1, day: 1 })
}

fn plus(d: Date, days: i64) -> Date {
    let target = d.days() + days;
    let mut probe = date(d.year - 1, 1, 1);
    while probe.days() < target {
        let next = probe.days() + 1;
        probe = next_day(probe, next);
    }
    probe
}

fn next_day(d: Date, _: i64) -> Date {
    Date::new(d.year, d.month, d.day + 1).or_else(|| Date::new(d.year, d.month + 1, 1)).unwrap_or(Date {
        year: d.year + 1,
        month: 1,
        day: 1,
    })
}

fn join(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} et {last}", rest.join(", ")),
    }
}

impl Doc {
    /// A commune of 15 members, 13 present, 2 represented, on Tuesday 14 March 2023,
    /// convened on the 8th; everything in order.
    pub fn commune() -> Doc {
        let d = date(2023, 3, 14);
        Doc {
            kind: DocKind::Commune,
            date: d,
            weekday: None,
            convocation: Some(plus(d, -6)),
            in_office: 15,
            present: 13,
            represented: 2,
            proxies: None,
            secretary: Some(NAMES[1].to_string()),
            president: None,
            number: None,
            title: "Travaux de voirie".to_string(),
            vote: None,
            before_vote: Vec::new(),
            after_roll: Vec::new(),
            certification: true,
            signatory: None,
            appeal: true,
            transmission: Some(slash(plus(d, 6))),
            publication: Some(slash(plus(d, 6))),
            closing: Vec::new(),
            in_decision: Vec::new(),
            stated: (None, None),
            duplicate: false,
        }
    }

    /// A syndicat mixte ouvert of 20 members, 12 present, 4 represented.
    pub fn smo() -> Doc {
        Doc { kind: DocKind::Smo, in_office: 20, present: 12, represented: 4, secretary: None, ..Doc::commune() }
    }

    pub fn date(mut self, y: i32, m: u32, d: u32) -> Doc {
        let shift = self.convocation.map(|c| self.date.days() - c.days());
        self.date = date(y, m, d);
        self.convocation = shift.map(|s| plus(self.date, -s));
        self.transmission = self.transmission.as_ref().map(|_| slash(plus(self.date, 6)));
        self.publication = self.publication.as_ref().map(|_| slash(plus(self.date, 6)));
        self
    }

    /// `in_office` members, `present` of them present, `represented` of the others with
    /// a proxy to a present member.
    pub fn roll(mut self, in_office: u32, present: u32, represented: u32) -> Doc {
        self.in_office = in_office;
        self.present = present;
        self.represented = represented.min(in_office - present);
        self
    }

    pub fn weekday(mut self, w: &'static str) -> Doc {
        self.weekday = Some(w);
        self
    }

    /// The convocation `days` days before the session (`None`: not written).
    pub fn convened_before(mut self, days: Option<i64>) -> Doc {
        self.convocation = days.map(|n| plus(self.date, -n));
        self
    }

    pub fn proxies(mut self, pairs: &[(&str, &str)]) -> Doc {
        self.proxies = Some(pairs.iter().map(|(g, h)| (g.to_string(), h.to_string())).collect());
        self
    }

    pub fn secretary(mut self, name: Option<&str>) -> Doc {
        self.secretary = name.map(str::to_string);
        self
    }

    pub fn president(mut self, name: &str) -> Doc {
        self.president = Some(name.to_string());
        self
    }

    pub fn number(mut self, n: &str) -> Doc {
        self.number = Some(n.to_string());
        self
    }

    pub fn title(mut self, t: &str) -> Doc {
        self.title = t.to_string();
        self
    }

    /// The vote as written after « après en avoir délibéré », e.g. « à main levée par :
    /// 12 voix pour - 0 voix contre - 1 abstention ».
    pub fn vote(mut self, v: &str) -> Doc {
        self.vote = Some(v.to_string());
        self
    }

    /// A paragraph after the roll (« Le quorum étant atteint… »).
    pub fn after_roll(mut self, p: &str) -> Doc {
        self.after_roll.push(p.to_string());
        self
    }

    /// A paragraph just before the decision.
    pub fn before_vote(mut self, p: &str) -> Doc {
        self.before_vote.push(p.to_string());
        self
    }

    /// A bullet of the decision.
    pub fn decides(mut self, p: &str) -> Doc {
        self.in_decision.push(p.to_string());
        self
    }

    pub fn certification(mut self, yes: bool) -> Doc {
        self.certification = yes;
        self
    }

    pub fn signatory(mut self, name: &str) -> Doc {
        self.signatory = Some(name.to_string());
        self
    }

    pub fn appeal(mut self, yes: bool) -> Doc {
        self.appeal = yes;
        self
    }

    /// Transmission and publication lines (`None`: not written; `Some("")`: blank).
    pub fn transmission(mut self, t: Option<&str>, p: Option<&str>) -> Doc {
        self.transmission = t.map(str::to_string);
        self.publication = p.map(str::to_string);
        self
    }

    pub fn closing(mut self, line: &str) -> Doc {
        self.closing.push(line.to_string());
        self
    }

    /// States other totals than the names listed (present, proxies).
    pub fn stated(mut self, present: Option<u32>, proxies: Option<u32>) -> Doc {
        self.stated = (present, proxies);
        self
    }

    /// Lists one present member a second time among the excused.
    pub fn duplicate_member(mut self) -> Doc {
        self.duplicate = true;
        self
    }

    pub fn second_convocation(self, y: i32, m: u32, d: u32) -> Doc {
        let first = date(y, m, d);
        let line = format!(
            "Le conseil se réunit sur deuxième convocation, le quorum n'ayant pas été atteint le {}.",
            long(first)
        );
        self.after_roll(&line)
    }

    fn names(&self) -> Vec<String> {
        (0..self.in_office as usize).map(|i| NAMES[i % NAMES.len()].to_string()).collect()
    }

    fn proxy_pairs(&self) -> Vec<(String, String)> {
        if let Some(p) = &self.proxies {
            return p.clone();
        }
        let names = self.names();
        let p = self.present as usize;
        (0..self.represented as usize)
            .filter(|k| p + k < names.len() && p > 0)
            .map(|k| (names[p + k].clone(), names[(k + 2) % p].clone()))
            .collect()
    }

    fn default_vote(&self) -> String {
        let voters = self.present + self.proxy_pairs().len() as u32;
        format!("à main levée par : {voters} voix pour - 0 voix contre - 0 abstention")
    }

    fn president_name(&self) -> String {
        self.president.clone().unwrap_or_else(|| NAMES[0].to_string())
    }

    /// The document's text.
    pub fn text(&self) -> String {
        let mut t = String::new();
        let weekday = self.weekday.unwrap_or(self.date.weekday());
        let names = self.names();
        let p = self.present as usize;
        let pairs = self.proxy_pairs();
        let number = self.number.clone().unwrap_or_else(|| format!("{}-12", self.date.year));
        let president = self.president_name();
        match self.kind {
            DocKind::Commune => {
                t += "COMMUNE DE VILLENEUVE-SUR-AUBE\n\n";
                t += &format!(
                    "Le {weekday} {} à dix-huit heures, s'est réuni le Conseil Municipal dûment convoqué au sein de la mairie, sous la présidence de Monsieur le Maire, {president}.\n\n",
                    long(self.date)
                );
                if let Some(s) = &self.secretary {
                    t += &format!("Secrétaire de séance : {s}\n\n");
                }
                if let Some(c) = self.convocation {
                    t += &format!("Date de la convocation : {}\n\n", long(c));
                }
                t += "Membres du Conseil Municipal :\n\n";
                let stated_present = self.stated.0.unwrap_or(self.present);
                t += &format!("- En exercice : {}\n- Présents : {stated_present}\n\n", self.in_office);
                let mut present: Vec<String> = names[..p].to_vec();
                if let Some(first) = present.first_mut() {
                    *first = format!("{first}, Maire");
                }
                t += &format!("{}, Conseillers Municipaux.\n\n", join(&present));
                let others = &names[p..];
                if !others.is_empty() {
                    t += &format!("- Excusés : {}\n\n", others.len());
                    for name in others {
                        match pairs.iter().find(|(g, _)| g == name) {
                            Some((_, h)) => t += &format!("{name}, qui donne pouvoir à {h}\n\n"),
                            None => t += &format!("{name}\n\n"),
                        }
                    }
                }
                if self.duplicate {
                    t += &format!("{}\n\n", names[2]);
                }
                t += &format!("Nombre de votants : {}\n\n", self.present + pairs.len() as u32);
            }
            DocKind::Smo => {
                t += &format!("DÉLIBÉRATION {number}\n\nSYNDICAT MIXTE OUVERT « NUMÉRIQUE DU NORD »\n\n");
                t += "EXTRAIT DU REGISTRE DES DELIBERATIONS DU COMITE SYNDICAL\n\n";
                t += &format!("Objet : {}\n\n", self.title);
                let conv = self.convocation.map(|c| format!(", sur convocation en date du {}", long(c)));
                t += &format!(
                    "Le {}, le comité syndical du Syndicat mixte ouvert Numérique du Nord s'est réuni dans les locaux de la Région{}, sous la présidence de Monsieur {president}.\n\n",
                    long(self.date),
                    conv.unwrap_or_default()
                );
                let (on, off) = ("<input checked=\"\" type=\"checkbox\"/>", "<input type=\"checkbox\"/>");
                t += "Collectivité\tMembre\tPrésents\tAbsents\tExcusés\tPouvoir à\n";
                for (i, name) in names.iter().enumerate() {
                    let group = if i == 0 { "Région" } else { "" };
                    let holder = pairs.iter().find(|(g, _)| g == name).map(|(_, h)| h.clone()).unwrap_or_default();
                    let (a, b, c) = if i < p { (on, off, off) } else { (off, off, on) };
                    t += &format!("{group}\tM. {name}\t{a}\t{b}\t{c}\t{holder}\n");
                }
                let present = self.stated.0.unwrap_or(self.present);
                let proxies = self.stated.1.unwrap_or(pairs.len() as u32);
                t += &format!("\t\t{present}\t0\t{}\t{proxies}\n\n", self.in_office - present);
            }
        }
        for para in &self.after_roll {
            t += &format!("{para}\n\n");
        }
        if self.kind == DocKind::Commune {
            t += &format!("Délibération n° {number} - {}\n\n", self.title);
        }
        t += "Vu le Code Général des Collectivités Territoriales ;\n\n";
        for para in &self.before_vote {
            t += &format!("{para}\n\n");
        }
        let vote = self.vote.clone().unwrap_or_else(|| self.default_vote());
        let subject = if self.kind == DocKind::Commune { "Le Conseil Municipal" } else { "Le comité syndical" };
        t += &format!("{subject}, après en avoir délibéré {vote}, décide :\n\n");
        t += "- D'approuver les travaux ;\n";
        for line in &self.in_decision {
            t += &format!("- {line} ;\n");
        }
        t += "- D'autoriser le Maire à signer tout document afférent.\n\n";
        if self.certification {
            t += "Pour extrait conforme.\n\n";
        }
        let title = if self.kind == DocKind::Commune { "Le Maire," } else { "Le Président du Syndicat mixte," };
        t += &format!("{title}\n{}\n\n", self.signatory.clone().unwrap_or(president));
        for line in &self.closing {
            t += &format!("{line}\n\n");
        }
        if self.appeal {
            t += "Le présent acte peut faire l'objet d'un recours devant le Tribunal administratif de Lille dans un délai de deux mois à compter de sa publication.\n\n";
        }
        if let Some(tr) = &self.transmission {
            t += &format!("Télétransmis en préfecture le {tr}\n");
        }
        if let Some(p) = &self.publication {
            t += &format!("Publié sur le site Internet le {p}\n");
        }
        t
    }
}

/// Extracts and checks a text as the CLI would (text kept for evidence).
pub fn run(text: &str, facts: &Facts) -> (Record, Vec<Finding>) {
    let patterns = Patterns::embedded();
    let opts = Options { with_text: true, ..Options::default() };
    let record = process_bytes("example.txt", text.as_bytes(), Some(Format::Text), &patterns, opts);
    let findings = check(&record, facts, &RuleSelection::all());
    (record, findings)
}

/// The findings of one rule on a text, without facts.
pub fn findings_of(text: &str, rule: &str) -> Vec<Finding> {
    run(text, &Facts::none()).1.into_iter().filter(|f| f.rule == rule).collect()
}

macro_rules! examples {
    ($($name:ident => $doc:expr;)*) => {
        $(
            #[doc = concat!("Example document `", stringify!($name), "`.")]
            pub fn $name() -> String {
                $doc.text()
            }
        )*
    };
}

examples! {
    q1_pass => Doc::commune().roll(15, 8, 0);
    q1_fail => Doc::commune().roll(15, 7, 4);
    q2_pass => Doc::commune().roll(15, 5, 2).date(2021, 3, 9);
    q2_fail => Doc::commune().roll(15, 4, 2).date(2021, 3, 9);
    q3_pass => Doc::commune().roll(15, 4, 0).second_convocation(2023, 3, 10);
    q3_fail => Doc::commune().roll(15, 4, 0).second_convocation(2023, 3, 12);
    q4_pass => Doc::commune();
    q4_fail => CompteRendu;
    p1_pass => Doc::smo();
    p1_fail => Doc::smo().proxies(&[("Claire DUBOIS", "M. Paul BERNARD")]);
    p2_pass => Doc::commune().proxies(&[("Nadia MERCIER", "Paul BERNARD"), ("Yves LAMBERT", "Mme LEROY")]);
    p2_fail => Doc::commune().proxies(&[("Nadia MERCIER", "Yves LAMBERT"), ("Yves LAMBERT", "Anne ROUX")]);
    p3_pass => Doc::commune().roll(15, 11, 4).proxies(&[
        ("Agnès MOREL", "Paul BERNARD"), ("Pierre GIRAUD", "Anne ROUX"),
        ("Nadia MERCIER", "Jean MARTIN"), ("Yves LAMBERT", "Claire DUBOIS")]);
    p3_fail => Doc::commune().roll(15, 11, 4).proxies(&[
        ("Agnès MOREL", "Paul BERNARD"), ("Pierre GIRAUD", "Paul BERNARD"),
        ("Nadia MERCIER", "Jean MARTIN"), ("Yves LAMBERT", "Claire DUBOIS")]);
    p4_pass => Doc::commune();
    p4_fail => Doc::commune().proxies(&[("Nadia MERCIER", "Nadia MERCIER"), ("Yves LAMBERT", "Anne ROUX")]);
    p5_pass => Doc::smo();
    p5_fail => Doc::smo().stated(None, Some(5));
    p6_pass => Doc::commune();
    p6_fail => Doc::commune().roll(15, 13, 0).vote("à main levée par : 15 voix pour - 0 voix contre - 0 abstention (Absent sans délégation de vote : 0)");
    v1_pass => Doc::commune().vote("à main levée par : 13 voix pour - 0 voix contre - 2 abstentions (suffrages exprimés : 13)");
    v1_fail => Doc::commune().vote("à main levée par : 13 voix pour - 0 voix contre - 2 abstentions (suffrages exprimés : 15)");
    v2_pass => Doc::commune().vote("à main levée par : 13 voix pour - 1 voix contre - 1 abstention");
    v2_fail => Doc::commune().vote("à main levée par : 12 voix pour - 1 voix contre - 1 abstention");
    v3_pass => Doc::commune();
    v3_fail => Doc::commune().roll(15, 10, 2).vote("à main levée par : 14 voix pour - 0 voix contre - 0 abstention");
    v4_pass => Doc::commune().vote("à main levée par : 8 voix pour - 7 voix contre - 0 abstention");
    v4_fail => Doc::commune().vote("à main levée par : 6 voix pour - 7 voix contre - 2 abstentions, la délibération est adoptée,");
    v5_pass => Doc::commune().vote("à l'unanimité");
    v5_fail => Doc::commune().vote("à l'unanimité par : 14 voix pour - 1 voix contre - 0 abstention");
    v6_pass => Doc::commune().before_vote("M. Paul BERNARD ne prend pas part au vote.").vote("à main levée par : 14 voix pour - 0 voix contre - 0 abstention");
    v6_fail => Doc::commune().before_vote("M. Paul BERNARD ne prend pas part au vote.").vote("à main levée par : 15 voix pour - 0 voix contre - 0 abstention");
    v7_pass => Doc::commune().title("Compte administratif 2022").before_vote("M. Jean MARTIN, maire, ne prend pas part au vote.").vote("à main levée par : 14 voix pour - 0 voix contre - 0 abstention");
    v7_fail => Doc::commune().title("Compte administratif 2022");
    v8_pass => Doc::commune();
    v8_fail => Doc::commune().vote("à main levée par : 15 voix pour (groupe Majorité : 11 ; groupe Opposition : 3) - 0 voix contre - 0 abstention");
    d1_pass => Doc::commune().convened_before(Some(4));
    d1_fail => Doc::commune().convened_before(Some(3));
    c1_pass => Doc::commune();
    c1_fail => Doc::commune().stated(Some(12), None);
    c2_pass => Doc::smo();
    c2_fail => Doc::smo().stated(Some(11), None);
    c3_pass => Doc::commune();
    c3_fail => Doc::commune().duplicate_member();
    c4_pass => Doc::commune();
    c4_fail => Doc::commune().after_roll("Assistant également sans voix délibérative : M. Jean-Louis COTTIGNY");
    c5_pass => Doc::commune();
    c5_fail => Doc::commune().president("Nadia MERCIER");
    c6_pass => Doc::commune();
    c6_fail => Doc::commune().roll(16, 14, 2);
    c7_pass => Doc::commune();
    c7_fail => Doc::commune().signatory("Nadia MERCIER");
    f1_pass => Doc::commune();
    f1_fail => Doc::commune().number("2022-12");
    f2_pass => Doc::commune();
    f2_fail => Doc::commune().weekday("lundi");
    f3_pass => Doc::commune();
    f3_fail => Doc::commune().secretary(None);
    f4_pass => Doc::commune().closing("La secrétaire de séance,\nClaire DUBOIS");
    f4_fail => Doc::commune().certification(false).signatory("");
    f5_pass => Doc::commune();
    f5_fail => Doc::commune().transmission(None, Some("20/03/2023"));
    f6_pass => Doc::commune();
    f6_fail => Doc::commune().transmission(Some("20/03/2023"), None);
    f7_pass => Doc::commune();
    f7_fail => Doc::commune().transmission(Some("20/03/2023"), None);
    f8_pass => Doc::commune();
    f8_fail => Doc::commune().appeal(false);
    f9_pass => Doc::commune();
    f9_fail => Doc::commune().decides("D'accepter l'adhésion de la commune de XX");
    a1_pass => Doc::commune().closing("ID : 010-210100012-20230314-2023_12-DE");
    a1_fail => Doc::commune().closing("ID : 010-210100012-20230314-2023_12_ABCDEFGHIJ-DE");
    a2_pass => Doc::commune().closing("ID : 010-210100012-20230314-2023_12-DE");
    a2_fail => Doc::commune().closing("ID : 010-210100012-20230315-2023_12-DE");
    a3_pass => Doc::commune().closing("ID : 010-210100012-20230314-2023_12-DE");
    a3_fail => Doc::commune().closing("ID : 010-210100013-20230314-2023_12-DE");
    a4_pass => Doc::commune().closing("ID : 010-210100012-20230314-2023_12-DE");
    a4_fail => Doc::commune().closing("ID : 010-210100012-20230314-2023_12-AI");
    a5_pass => Doc::commune().closing("ID : 010-210100012-20230314-2023_12-DE");
    a5_fail => Doc::commune().closing("ID : 010-210100012-20230314-2023_13-DE");
    a6_pass => Doc::commune().closing("ID : 010-210100012-20230314-2023_12-DE");
    a6_fail => Doc::commune().closing("ID : 062-210100012-20230314-2023_12-DE");
}

/// A compte rendu of two items with one session roll, for Q4.
struct CompteRendu;

impl CompteRendu {
    fn text(&self) -> String {
        let doc = Doc::commune().text();
        let (head, _) = doc.split_once("Délibération n°").unwrap_or((&doc, ""));
        format!(
            "COMPTE RENDU DE LA SÉANCE DU CONSEIL MUNICIPAL\n\n{head}\
             1. Délibération n° 2023-12 - Travaux de voirie\n\n\
             Le Conseil Municipal, après en avoir délibéré, approuve à l'unanimité les travaux.\n\n\
             2. Délibération n° 2023-13 - Tarifs de la cantine\n\n\
             Le Conseil Municipal, après en avoir délibéré, approuve à l'unanimité les tarifs.\n"
        )
    }
}

/// The facts file the examples are checked with: Villeneuve-sur-Aube has 1,281
/// inhabitants and its seat in the Aube (010).
pub fn example_facts() -> Facts {
    use crate::check::facts::{CollectivityFacts, Population};
    let villeneuve = CollectivityFacts {
        population: Some(Population::One(1_281)),
        departement: Some("010".to_string()),
        ..CollectivityFacts::default()
    };
    Facts::from_entries(vec![("Villeneuve-sur-Aube".to_string(), villeneuve)])
}
