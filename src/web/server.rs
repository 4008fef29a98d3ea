//! The HTTP side of `registre serve`: a [tiny_http] listener and a few worker threads,
//! each handing requests to [`App::handle_safely`]. tiny_http is synchronous and small:
//! answers are computed in memory from the index and sent whole, so an async runtime
//! would add weight without adding speed here.

use std::net::SocketAddr;
use std::sync::Arc;

use tiny_http::{Header, Server};

use super::{App, Response};

/// A bound listener, not yet answering.
pub struct Listener {
    server: Arc<Server>,
    addr: SocketAddr,
}

impl Listener {
    /// Binds `addr` (port 0 picks a free port: read it back with [`Listener::addr`]).
    pub fn bind(addr: &str) -> Result<Listener, String> {
        let server = Server::http(addr).map_err(|e| e.to_string())?;
        let addr = server.server_addr().to_ip().ok_or_else(|| format!("{addr} is not an IP address"))?;
        Ok(Listener { server: Arc::new(server), addr })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Answers requests with `workers` threads until the process ends.
    pub fn run(self, app: Arc<App>, workers: usize) {
        let threads: Vec<_> = (0..workers.max(1))
            .map(|_| {
                let (server, app) = (Arc::clone(&self.server), Arc::clone(&app));
                std::thread::spawn(move || {
                    for request in server.incoming_requests() {
                        let method = request.method().as_str().to_string();
                        let answer = app.handle_safely(&method, request.url());
                        // A client that went away is its own business.
                        let _ = request.respond(to_tiny(answer));
                    }
                })
            })
            .collect();
        for t in threads {
            let _ = t.join();
        }
    }
}

fn to_tiny(answer: Response) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut response = tiny_http::Response::from_data(answer.body).with_status_code(answer.status);
    let fixed = [
        ("Content-Type", answer.content_type.to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
        ("Referrer-Policy", "no-referrer".to_string()),
    ];
    for (name, value) in fixed.into_iter().chain(answer.headers) {
        if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    response
}
