//! `registre serve` through the real executable: corpus/ and a hostile document are
//! ingested into a temporary index, the server is started on a free loopback port (port 0,
//! read back from its first line), and the pages and the JSON API are asked what an
//! analyst asks — and what an attacker tries. The last test drives a headless Chromium.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

fn registre() -> Command {
    Command::new(env!("CARGO_BIN_EXE_registre"))
}

/// A deliberation whose title, text and roll carry markup: it must show as text.
const HOSTILE: &str = "COMMUNE DE TESTVILLE
EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL

Séance du 12 mars 2024

L'an deux mille vingt-quatre, le douze mars à dix-huit heures, le conseil municipal de la commune de Testville, dûment convoqué le 5 mars 2024, s'est réuni à la mairie sous la présidence de M. Jean DUPONT, Maire.

Nombre de conseillers en exercice : 5
Présents : M. Jean DUPONT, Mme Alice MARTIN, M. Paul <script>alert(\"membre\")</script>DURAND, Mme Claire PETIT
Absent excusé : M. Luc BERNARD (pouvoir à M. Jean DUPONT)
Secrétaire de séance : Mme Claire PETIT

Délibération n° 2024-07 : Subvention <script>alert(\"registre\")</script> à l'association des fêtes

Le conseil municipal, après en avoir délibéré, décide d'accorder une subvention de 500 euros à l'association <img src=x onerror=alert(1)>.

Votes : Pour : 5 Contre : 0 Abstention : 0

Fait et délibéré les jour, mois et an susdits.
Le Maire, Jean DUPONT
";

/// A running `registre serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(index: &Path, extra: &[&str]) -> Server {
        let mut child = registre()
            .args(["serve", "--addr", "127.0.0.1:0", "--index"])
            .arg(index)
            .args(extra)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("registre serve starts");
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        stderr.read_line(&mut line).unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        // Keep reading what the server says, so that it never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
        Server { child, addr }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What came back from one request.
struct Answer {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// One HTTP/1.1 request, sent as written (no client normalizes `..` away), read whole.
fn request(addr: &str, method: &str, target: &str, body: Option<&str>) -> Answer {
    let mut stream = TcpStream::connect(addr).expect("the server listens");
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let body = body.unwrap_or("");
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    // Read up to the end of the body its length announces: a server may keep the
    // connection open whatever we asked (chromedriver does).
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let mut split = None;
    loop {
        if let Some(at) = split {
            let headers = String::from_utf8_lossy(&raw[..at]).to_ascii_lowercase();
            let length = headers.lines().find_map(|l| l.strip_prefix("content-length:")?.trim().parse::<usize>().ok());
            if length.is_some_and(|n| raw.len() >= at + 4 + n) {
                break;
            }
        }
        let n = stream.read(&mut buf).expect("the answer arrives in time");
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        split = split.or_else(|| raw.windows(4).position(|w| w == b"\r\n\r\n"));
    }
    let split = split.expect("a complete answer");
    let headers = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = headers.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("a status line");
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.lines().any(|l| l.to_ascii_lowercase().starts_with("transfer-encoding: chunked"));
    if chunked {
        body = unchunk(&body);
    }
    Answer { status, headers, body }
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&data[..eol]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap_or(0);
        if size == 0 || data.len() < eol + 2 + size {
            break;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[(eol + 4 + size).min(data.len())..];
    }
    out
}

/// corpus/ and the hostile document, indexed once for every test.
struct Shared {
    index: PathBuf,
    hostile: PathBuf,
    _dirs: Vec<tempfile::TempDir>,
}

/// A server of its own for each test, on the shared index, stopped when the test ends.
fn serve() -> Server {
    Server::start(&shared().index, &[])
}

impl Server {
    fn get(&self, target: &str) -> Answer {
        request(&self.addr, "GET", target, None)
    }

    fn first_key(&self, query: &str) -> String {
        let found = self.get(&format!("/api/search?{query}")).json();
        found["hits"][0]["key"].as_str().unwrap_or_else(|| panic!("no hit for {query}: {found}")).to_string()
    }
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let docs = tempfile::tempdir().unwrap();
        let hostile = docs.path().join("testville-2024-07.txt");
        std::fs::write(&hostile, HOSTILE).unwrap();
        // A file beside the ingested ones that nothing indexes: no route may serve it.
        std::fs::write(docs.path().join("secret.key"), "SECRET-NOT-INDEXED").unwrap();
        let index = tempfile::tempdir().unwrap();
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let out = registre()
            .args(["ingest", "--ocr", "off", "--index"])
            .arg(index.path())
            .arg(&corpus)
            .arg(&hostile)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        Shared { index: index.path().to_path_buf(), hostile, _dirs: vec![docs, index] }
    })
}

fn page_of(key: &str) -> String {
    let (id, item) = key.split_once('#').unwrap();
    format!("/deliberation/{id}/{item}")
}

#[test]
fn serve_listens_on_loopback_unless_told_otherwise() {
    let s = serve();
    let out = registre().args(["serve", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("[default: 127.0.0.1:8080]"));
    let out =
        registre().args(["serve", "--index", "/nonexistent/registre-index", "--addr", "127.0.0.1:0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("aucun index"));
    let addr = &s.addr;
    assert!(addr.starts_with("127.0.0.1:") && !addr.ends_with(":0"), "{addr}");
}

#[test]
fn the_search_api_answers_with_hits_facets_and_pages() {
    let s = serve();
    let found = s.get("/api/search?q=adh%C3%A9sion+groupement+commandes").json();
    assert_eq!(found["hits"][0]["number"], "2018-27");
    assert!(found["hits"][0]["snippet"]["highlights"].as_array().is_some_and(|h| !h.is_empty()));
    assert!(found["facets"]["collectivity"].as_array().is_some_and(|f| !f.is_empty()));

    let all = s.get("/api/search?from=1900&limit=100").json();
    assert_eq!(all["total"], 11, "ten corpus files and the hostile one");
    let page2 = s.get("/api/search?from=1900&limit=4&page=2").json();
    assert_eq!((page2["offset"].as_u64(), page2["hits"].as_array().map(Vec::len)), (Some(4), Some(4)));
    let keys = |v: &Value| v["hits"].as_array().unwrap().iter().map(|h| h["key"].clone()).collect::<Vec<_>>();
    assert_eq!(keys(&page2), keys(&all)[4..8].to_vec(), "page 2 follows page 1");

    assert_eq!(s.get("/api/search?collectivity=Gruson").json()["total"], 2);
    assert_eq!(s.get("/api/search?from=2022&to=2022").json()["total"], 4);
    assert_eq!(s.get("/api/search?rule=v1").json()["total"], 2);
    assert_eq!(s.get("/api/search?q=convention&body=commission+permanente").json()["total"], 2);
    let member = s.get("/api/search?member=helene+havret").json();
    assert_eq!(member["total"], 2);
    assert_eq!(member["hits"][0]["member"]["proxy_to"], "Mélanie DAZIN-DESLANDES");
}

#[test]
fn the_search_page_shows_results_facets_and_keeps_the_query() {
    let s = serve();
    let page = s.get("/?q=quorum&collectivity=Syndicat&limit=2");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("6 délibération(s) trouvée(s), 1–2"), "{html}");
    assert!(html.contains("<mark>quorum</mark>"));
    assert!(html.contains("href=\"/deliberation/"));
    assert!(html.contains("Par collectivité") && html.contains("Par règle"));
    // The form shows the query, pagination carries it whole.
    assert!(html.contains("name=\"q\" value=\"quorum\""));
    assert!(html.contains("href=\"/?q=quorum&amp;collectivity=Syndicat&amp;limit=2&amp;page=2\""), "{html}");
    // The front page without a query says what the index holds.
    assert!(s.get("/").text().contains("11 délibération(s) de 11 document(s)"));
    assert!(page.header("Content-Security-Policy").is_some_and(|p| p.contains("default-src 'none'")));
}

#[test]
fn a_deliberation_page_shows_facts_findings_evidence_and_links() {
    let s = serve();
    let key = s.first_key("q=usages+num%C3%A9riques&rule=V1");
    let html = s.get(&page_of(&key)).text();
    assert!(html.contains("Délibération 2019-12"), "{html}");
    // Session, roll with proxies both ways, stated vs counted, the vote.
    assert!(html.contains("2019-06-26") && html.contains("Christophe COULON"));
    assert!(html.contains("<th>Détient le pouvoir de</th>"));
    assert!(html.contains("<td>Claude PRUDHOMME</td>"), "the proxy Bénédicte MESSEANNE-GROBELNY holds");
    assert!(html.contains("<th>annoncés</th><th>comptés</th>"));
    assert!(html.contains("<tr><th>Suffrages exprimés (annoncés)</th><td>14</td></tr>"));
    // The V1 finding, its rule statement, and its evidence marked in the text.
    let statement = registre::check::rule("V1").unwrap().statement(registre::messages::Lang::Fr);
    assert!(html.contains(&registre_escape(statement)), "V1's statement");
    let evidence = html.split("<span id=\"evidence-").skip(1).find(|s| s.contains("sev-error")).expect("an anchor");
    let first_piece = evidence.split("</mark>").next().unwrap();
    assert!(first_piece.contains("finding sev-error\"") && first_piece.contains("Voix pour : 12"), "{evidence}");
    assert!(html.contains("<mark class=\"fact finding sev-error\" title=\"vote · V1 ERROR"), "the vote is a fact too");
    // What it cites: the syndicat's deliberation of 28 November 2018, resolved.
    let api = s.get(&format!("/api/deliberation/{}", key.replace('#', "%23"))).json();
    let cites = api["refs"]["cites"].as_array().unwrap();
    let cited = cites.iter().find_map(|c| c["target"]["id"].as_str()).expect("a resolved citation");
    assert!(html.contains(&format!("href=\"{}\"", page_of(cited))), "link to what it cites");
    let cited_page = s.get(&page_of(cited)).text();
    assert!(cited_page.contains("Citée par") && cited_page.contains("n° 2019-12"), "and back");
    // Gruson's act: a reference missing from the corpus is marked.
    let gruson = s.get(&page_of(&s.first_key("collectivity=Gruson"))).text();
    assert!(gruson.contains("<span class=\"unresolved\">absente de l'index</span>"));
}

/// The page's own escaping, for comparing with texts that hold quotes.
fn registre_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

#[test]
fn the_deliberation_api_gives_the_record_refs_findings_and_marks() {
    let s = serve();
    let key = s.first_key("q=usages+num%C3%A9riques&rule=V1");
    let (id, item) = key.split_once('#').unwrap();
    let v = s.get(&format!("/api/deliberation/{id}%23{item}")).json();
    assert_eq!(v["hit"]["number"], "2019-12");
    assert!(v["record"]["text"].as_str().is_some_and(|t| t.contains("Voix pour")));
    let v1 = v["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "V1").expect("V1").clone();
    assert_eq!(v1["severity"], "error");
    assert!(v1["statement"].as_str().is_some_and(|s| !s.is_empty()) && v1["evidence_shown"] == true);
    let marks = v["highlights"].as_array().unwrap();
    assert!(marks.iter().any(|m| m["kind"] == "finding" && m["span"] == v1["span"]));
    assert!(v["refs"]["cites"].as_array().unwrap().iter().any(|c| c["target"]["number"] == "2018-27"));
    assert_eq!(s.get(&format!("/api/deliberation/{id}/{item}")).json()["hit"]["key"], key.as_str());
}

#[test]
fn a_member_page_shows_sessions_proxies_and_attendance_rate() {
    let s = serve();
    let html = s.get("/member?name=H%C3%A9l%C3%A8ne+HAVRET&collectivity=Gruson").text();
    assert!(html.contains("Hélène HAVRET — Commune de Gruson"), "{html}");
    assert!(html.contains("1 séance(s) : présent(e) à 0 (taux de présence 0 %), excusé(e) à 1"), "{html}");
    assert!(html.contains("<td>Mélanie DAZIN-DESLANDES</td>"), "the proxy given");
    let api = s.get("/api/member?name=DAZIN-DESLANDES").json();
    let person = &api["persons"][0];
    assert_eq!(person["name"], "Mélanie DAZIN-DESLANDES");
    assert_eq!(person["present"], 1);
    assert_eq!(person["attendance_rate"], 1.0);
    assert!(person["proxies_held"].as_u64().unwrap() >= 1, "{person}");
    assert_eq!(person["sessions"][0]["deliberations"], 1, "the text and the PDF are one act");
    assert_eq!(s.get("/api/member").status, 400);
    // As a proxy writes her: civility, and part of a compound surname.
    let api = s.get("/api/member?name=Mme+B%C3%A9n%C3%A9dicte+MESSEANNE").json();
    assert_eq!(api["persons"][0]["name"], "Bénédicte MESSEANNE-GROBELNY", "{api}");
    let sessions = api["persons"][0]["sessions"].as_array().unwrap();
    assert_eq!((sessions.len(), api["persons"][0]["proxies_held"].as_u64()), (3, Some(3)), "{api}");
    assert!(sessions.iter().any(|s| s["date"] == "2019-06-26" && s["proxies_held"][0] == "Claude PRUDHOMME"));
}

#[test]
fn markup_in_documents_shows_as_text() {
    let s = serve();
    let key = s.first_key("number=2024-07");
    for target in [page_of(&key), "/?q=subvention+association".to_string(), "/member?name=Jean+DUPONT".to_string()] {
        let html = s.get(&target).text();
        assert!(!html.contains("<script") && !html.contains("<img"), "{target}: {html}");
        assert!(!html.contains("onerror=alert") || html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{target}");
    }
    let html = s.get(&page_of(&key)).text();
    assert!(html.contains("Subvention &lt;script&gt;alert(&quot;registre&quot;)&lt;/script&gt;"), "{html}");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    // JSON keeps the text as it is: it is data, served as JSON.
    let api = s.get(&format!("/api/deliberation/{}", key.replace('#', "%23"))).json();
    assert!(api["hit"]["title"].as_str().unwrap().contains("<script>alert(\"registre\")</script>"));
    // The source itself is served as plain text, sandboxed.
    let id = key.split('#').next().unwrap();
    let source = s.get(&format!("/source/{id}"));
    assert_eq!(source.status, 200);
    assert_eq!(source.body, std::fs::read(&shared().hostile).unwrap());
    assert_eq!(source.header("Content-Type").as_deref(), Some("text/plain; charset=utf-8"));
    assert!(source.header("Content-Security-Policy").is_some_and(|p| p.contains("sandbox")));
}

#[test]
fn no_address_reads_a_file_the_index_does_not_name() {
    let s = serve();
    let shared = shared();
    let beside = shared.hostile.with_file_name("secret.key").display().to_string();
    for target in [
        "/../../../../etc/passwd".to_string(),
        "/source/../../../../etc/passwd".to_string(),
        "/source/..%2F..%2F..%2F..%2Fetc%2Fpasswd".to_string(),
        "/source/%2Fetc%2Fpasswd".to_string(),
        format!("/source/{}", beside.replace('/', "%2F")),
        "/source/..%2Fsecret.key".to_string(),
        "/deliberation/..%2F..%2F..%2Fetc%2Fpasswd".to_string(),
        "/api/deliberation/../../../etc/passwd".to_string(),
        "/static/../../secret.key".to_string(),
    ] {
        let a = request(&s.addr, "GET", &target, None);
        assert!(a.status == 404 || a.status == 400, "{target}: {}", a.status);
        let body = a.text();
        assert!(!body.contains("root:") && !body.contains("SECRET-NOT-INDEXED"), "{target}: {body}");
    }
}

#[test]
fn bad_requests_get_a_readable_answer() {
    let s = serve();
    for (target, status, words) in [
        ("/?q=%22unbalanced", 400, "vérifier les guillemets"),
        ("/?q=x&page=abc", 400, "un nombre entier à partir de 1 est attendu"),
        ("/?q=x&page=99999999999999999999999999", 400, "nombre entier"),
        ("/?q=x&from=juin", 400, "date illisible"),
        ("/?q=x&rule=Z9", 400, "règle « Z9 » inconnue"),
        ("/?q=nofield:x", 400, "n&#39;existe pas"),
        ("/?q=%FF%FE%00", 200, "Aucune délibération"),
        ("/deliberation/0000000000000000/0", 404, "aucune délibération"),
        ("/nowhere", 404, "aucune page"),
        ("/member", 400, "donner le nom"),
    ] {
        let a = s.get(target);
        let body = a.text();
        assert_eq!(a.status, status, "{target}: {body}");
        assert!(body.contains(words), "{target}: {body}");
        assert!(!body.contains("panicked") && !body.contains("src/"), "{target}: {body}");
    }
    for (target, status) in [("/api/search?q=%22unbalanced", 400), ("/api/search", 400), ("/api/deliberation/x", 404)] {
        let a = s.get(target);
        assert_eq!(a.status, status, "{target}");
        assert!(a.json()["error"].as_str().is_some_and(|e| !e.is_empty()), "{target}");
    }
    let post = request(&s.addr, "POST", "/api/search?q=x", Some("{}"));
    assert_eq!(post.status, 405);
    assert_eq!(post.header("Allow").as_deref(), Some("GET, HEAD"));
    // The server is still there after all of that.
    assert_eq!(s.get("/api/search?q=quorum").status, 200);
}

#[test]
fn pages_speak_english_when_asked() {
    let index = tempfile::tempdir().unwrap();
    let gruson = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/gruson-2023-57.txt");
    let out = registre().args(["ingest", "--ocr", "off", "--index"]).arg(index.path()).arg(&gruson).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let server = Server::start(index.path(), &["--lang", "en"]);
    let html = request(&server.addr, "GET", "/?q=adh%C3%A9sion", None).text();
    assert!(html.contains("1 deliberation(s) found") && html.contains("By collectivity"), "{html}");
    let error = request(&server.addr, "GET", "/api/search?q=%22x", None).json();
    assert!(error["error"].as_str().unwrap().contains("cannot be read"));
}

#[test]
fn requests_at_once_are_all_answered() {
    let s = serve();
    let key = s.first_key("number=2019-12");
    let targets = [
        "/?q=convention".to_string(),
        "/api/search?q=quorum&limit=5".to_string(),
        page_of(&key),
        "/member?name=Havret".to_string(),
        "/?q=%22broken".to_string(),
    ];
    let answers: Vec<u16> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..8)
            .map(|n| {
                let (addr, targets) = (&s.addr, &targets);
                scope.spawn(move || {
                    (0..10)
                        .map(|i| request(addr, "GET", &targets[(n + i) % targets.len()], None).status)
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });
    assert_eq!(answers.len(), 80);
    assert!(answers.iter().all(|&status| status == 200 || status == 400), "{answers:?}");
    assert_eq!(answers.iter().filter(|&&status| status == 400).count(), 16, "the broken query, every fifth");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, ..Default::default() })]

    /// Any address and query string gets an answer from the routes themselves (no
    /// panic to catch): a page, a 400 or a 404.
    #[test]
    fn any_target_gets_an_answer_never_a_panic(
        path in "(/(api|deliberation|member|source|search|\\.\\.|%2F|%23|%FF|[a-f0-9#%.]{0,17})){0,4}/?",
        pairs in proptest::collection::vec(
            ("(q|page|limit|from|to|rule|member|collectivity|body|kind|number|name)", "[^&#]{0,24}"), 0..5),
    ) {
        static APP: OnceLock<registre::web::App> = OnceLock::new();
        let app = APP.get_or_init(|| {
            let index = registre::index::SearchIndex::open(&shared().index).unwrap();
            registre::web::App::new(index, registre::messages::Lang::Fr)
        });
        let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let target = format!("{}?{}", if path.is_empty() { "/" } else { &path }, query.join("&"));
        let answer = app.handle("GET", &target);
        proptest::prop_assert!([200, 400, 404].contains(&answer.status), "{target}: {}", answer.status);
    }
}

// ---- The same pages in a real browser --------------------------------------------------

/// A WebDriver session on chromedriver, ended when dropped.
struct Browser {
    driver: Child,
    addr: String,
    session: String,
    _profile: tempfile::TempDir,
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    /// `None`, saying why, when Chromium or its driver is not installed.
    fn start() -> Option<Browser> {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].into_iter().find(|p| Path::new(p).exists());
        let driver =
            ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].into_iter().find(|p| Path::new(p).exists());
        let (Some(chromium), Some(driver)) = (chromium, driver) else {
            eprintln!("skipped: the browser test needs Debian's chromium and chromium-driver (.ci/run installs them)");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let addr = format!("127.0.0.1:{port}");
        let profile = tempfile::tempdir().unwrap();
        let mut browser = Browser { driver, addr, session: String::new(), _profile: profile };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(&browser.addr).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen within 30 s");
            std::thread::sleep(Duration::from_millis(100));
        }
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1280,1000",
        ]
        .into_iter()
        .map(String::from)
        .chain([format!("--user-data-dir={}", browser._profile.path().display())])
        .collect::<Vec<_>>();
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "goog:chromeOptions": {"binary": chromium, "args": args}
        }}});
        let created = browser.call("POST", "/session", Some(capabilities));
        browser.session = created["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {created}")).to_string();
        Some(browser)
    }

    /// One WebDriver command; its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string());
        let answer = request(&self.addr, method, path, body.as_deref());
        let v: Value = serde_json::from_slice(&answer.body).unwrap_or(Value::Null);
        assert!(answer.status == 200, "WebDriver {method} {path}: {} {}", answer.status, answer.text());
        v.get("value").cloned().unwrap_or(Value::Null)
    }

    fn session(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn find(&self, css: &str) -> String {
        let v = self.session("POST", "/element", Some(json!({"using": "css selector", "value": css})));
        v[ELEMENT].as_str().unwrap_or_else(|| panic!("no element {css}")).to_string()
    }

    fn url(&self) -> String {
        self.session("GET", "/url", None).as_str().unwrap_or("").to_string()
    }

    fn wait_for_url(&self, part: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self.url().contains(part) {
            assert!(Instant::now() < deadline, "the browser never reached {part} (at {})", self.url());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        use base64::Engine;
        let png = self.session("GET", "/screenshot", None);
        let bytes = base64::engine::general_purpose::STANDARD.decode(png.as_str().unwrap()).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"), "a PNG");
        // Kept as a test artifact: target/test-artifacts/, beside the test binaries.
        let exe = std::env::current_exe().unwrap();
        let dir = exe.ancestors().nth(3).unwrap().join("test-artifacts");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = request(&self.addr, "DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

#[test]
fn a_browser_types_a_query_opens_a_result_and_sees_the_evidence() {
    let s = serve();
    let server_addr = s.addr.clone();
    let Some(browser) = Browser::start() else { return };
    browser.session("POST", "/url", Some(json!({"url": format!("http://{server_addr}/")})));
    let input = browser.find("input[name=q]");
    // U+E007 is WebDriver's Enter key: the form is sent as a person sends it.
    browser.session("POST", &format!("/element/{input}/value"), Some(json!({"text": "usages numériques\u{E007}"})));
    browser.wait_for_url("q=usages");
    let search_shot = browser.screenshot("serve-search.png");
    let result = browser.find("a.result");
    browser.session("POST", &format!("/element/{result}/click"), Some(json!({})));
    browser.wait_for_url("/deliberation/");
    // The V1 finding's evidence link scrolls to its place in the text.
    let link = browser.find("li.sev-error a[href^='#evidence-']");
    browser.session("POST", &format!("/element/{link}/click"), Some(json!({})));
    browser.wait_for_url("#evidence-");
    let mark = browser.find("pre.text mark.finding.sev-error");
    let text = browser.session("GET", &format!("/element/{mark}/text"), None);
    assert!(text.as_str().is_some_and(|t| t.contains("Voix pour")), "{text}");
    assert_eq!(browser.session("GET", &format!("/element/{mark}/displayed"), None), Value::Bool(true));
    let background = browser.session("GET", &format!("/element/{mark}/css/background-color"), None);
    assert_ne!(background.as_str(), Some("rgba(0, 0, 0, 0)"), "the evidence is highlighted");
    let page_shot = browser.screenshot("serve-deliberation.png");
    eprintln!("screenshots: {} {}", search_shot.display(), page_shot.display());
}
