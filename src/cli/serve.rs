//! `registre serve`: the web interface over an index (see src/web/). The address and
//! the index are checked before anything is served; then the server runs until killed.
//! Exit code 2 when the index cannot be opened or the address cannot be bound.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;

use registre::index::SearchIndex;
use registre::messages::Lang;
use registre::web::App;
use registre::web::server::Listener;

/// Requests answered at once: searches use the cores, and a slow client (or a large
/// source file) should not hold the others up.
const WORKERS: usize = 8;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The index folder (made by `registre ingest`).
    #[arg(long, value_name = "DIR", default_value = "index")]
    index: PathBuf,

    /// Address and port to listen on. The default serves this machine only; an address
    /// open to a network shows every indexed document to whoever reaches it.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    addr: String,

    /// Language of the pages: fr (default) or en.
    #[arg(long, default_value = "fr", value_parser = super::parse_lang)]
    lang: Lang,
}

pub fn run_serve(args: ServeArgs) -> ExitCode {
    let lang = args.lang;
    let index = match SearchIndex::open(&args.index) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("registre: {}", e.message(lang));
            return ExitCode::from(2);
        }
    };
    let listener = match Listener::bind(&args.addr) {
        Ok(l) => l,
        Err(e) => {
            match lang {
                Lang::Fr => eprintln!("registre : impossible d'écouter sur {} ({e})", args.addr),
                Lang::En => eprintln!("registre: cannot listen on {} ({e})", args.addr),
            }
            return ExitCode::from(2);
        }
    };
    // Tests and scripts read the address (port 0 picks one) from this first line.
    let url = format!("http://{}/", listener.addr());
    match lang {
        Lang::Fr => eprintln!("registre : index {} servi sur {url} (Ctrl-C pour arrêter)", args.index.display()),
        Lang::En => eprintln!("registre: index {} served at {url} (Ctrl-C to stop)", args.index.display()),
    }
    listener.run(Arc::new(App::new(index, lang)), WORKERS);
    ExitCode::SUCCESS
}
