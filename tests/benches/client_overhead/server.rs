//! A minimal HTTP/1.1 keep-alive server on 127.0.0.1 that answers each route
//! with precomputed bytes, and can record the requests it is sent.

use std::io;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::runtime::Runtime;

/// What one route answers.
pub struct Route {
    /// `GET`, `POST`, …
    pub method: &'static str,
    /// The path, without query.
    pub path: String,
    /// 200 or 202.
    pub status: u16,
    /// The JSON body.
    pub body: Value,
}

/// One request as the server saw it: headers lower-cased and sorted, body parsed.
#[derive(Debug, PartialEq)]
pub struct Captured {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Value>,
}

/// `Some` while [`Server::capture`] runs.
type Log = Arc<Mutex<Option<Vec<Captured>>>>;

/// A route's method, path and full response bytes.
type Answer = (&'static str, String, Vec<u8>);

pub struct Server {
    pub base_url: String,
    log: Log,
}

impl Server {
    /// Starts the server's tasks on `rt`, the client's current-thread runtime: they
    /// run between the client's polls, so a call never waits for another thread to
    /// be scheduled (on a busy machine that wait would dominate, and vary).
    pub fn start(routes: Vec<Route>, rt: &Runtime) -> Server {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("nonblocking");
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        let answers: Arc<Vec<Answer>> = Arc::new(routes.into_iter().map(answer).collect());
        let log = Log::default();
        let task_log = log.clone();
        rt.spawn(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            while let Ok((socket, _)) = listener.accept().await {
                socket.set_nodelay(true).expect("nodelay");
                tokio::spawn(serve(socket, answers.clone(), task_log.clone()));
            }
        });
        Server { base_url, log }
    }

    /// Runs `f` while recording requests; returns them.
    pub async fn capture(&self, f: impl Future<Output = ()>) -> Vec<Captured> {
        *self.log.lock().expect("lock") = Some(Vec::new());
        f.await;
        self.log.lock().expect("lock").take().expect("capturing")
    }
}

fn answer(route: Route) -> Answer {
    let body = serde_json::to_vec(&route.body).expect("JSON");
    let reason = if route.status == 202 {
        "Accepted"
    } else {
        "OK"
    };
    let mut bytes = format!(
        "HTTP/1.1 {} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nx-request-id: req-0001\r\n\r\n",
        route.status,
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(&body);
    (route.method, route.path, bytes)
}

const NOT_FOUND: &[u8] = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n";

/// One connection: read a request (head, then `content-length` bytes of body), write the route's bytes; repeat.
async fn serve(
    socket: tokio::net::TcpStream,
    answers: Arc<Vec<Answer>>,
    log: Log,
) -> io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut read = BufReader::new(read);
    let (mut line, mut body) = (String::new(), Vec::new());
    loop {
        line.clear();
        if read.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let mut parts = line.split_ascii_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let path = parts.next().unwrap_or("").to_string();
        let capturing = log.lock().expect("lock").is_some();
        let (mut headers, mut length) = (Vec::new(), 0);
        loop {
            line.clear();
            if read.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let Some((name, value)) = line.trim_end().split_once(':') else {
                break; // the empty line that ends the head
            };
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
            if capturing {
                headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
            }
        }
        body.resize(length, 0);
        read.read_exact(&mut body).await?;
        let response = answers
            .iter()
            .find(|(m, p, _)| *m == method && *p == path)
            .map_or(NOT_FOUND, |(_, _, bytes)| bytes.as_slice());
        if let Some(requests) = log.lock().expect("lock").as_mut() {
            headers.sort();
            let body =
                (!body.is_empty()).then(|| serde_json::from_slice(&body).expect("JSON body"));
            requests.push(Captured {
                method,
                path,
                headers,
                body,
            });
        }
        write.write_all(response).await?;
    }
}
