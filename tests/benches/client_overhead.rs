//! Client overhead: a call through each provider's generated client against the
//! same call written by hand with reqwest + serde, against the same local server,
//! in the same process.
//!
//! For each provider, a create call and a describe call:
//!
//! | provider   | create                       | describe                         |
//! |------------|------------------------------|----------------------------------|
//! | zilliz-v1  | POST /v1/clusters/createServerless | GET /v1/clusters/{id}      |
//! | zilliz-v2  | POST /v2/clusters/createServerless | GET /v2/clusters/{id}      |
//! | tensorpool | POST /cluster/create         | GET /cluster/info/{id}           |
//! | together   | POST /api/v1/gpu_cluster     | GET /api/v1/gpu_cluster/{id}     |
//!
//! What is compared (and why it is fair):
//!
//! - the **generated** side is what a user writes: the builder, `send()`, and for
//!   Zilliz `.into_data()`; it goes through the provider crate's hooks (tracing
//!   span, retry policy) with no tracing subscriber installed, as in a program
//!   that does not log;
//! - the **hand-written** side builds the same request with its own
//!   `reqwest::Client` configured like the generated one (bearer and accept
//!   headers, user agent, the same timeouts), serializes the same JSON body from a
//!   hand-written `#[derive(Serialize)]` struct, checks the status, and decodes the
//!   answer with serde into small hand-written structs holding the same fields
//!   (enums as strings; for Zilliz an `{code, data, message}` envelope whose code it
//!   checks). Typed decoding is the faster baseline (a `serde_json::Value` costs
//!   more), so the ratio is not flattered;
//! - before measuring, each case sends one request from each side to the server
//!   in capture mode and asserts that method, path, every header and the JSON body
//!   are identical, and that both sides decoded the same answer;
//! - the server is a minimal HTTP/1.1 keep-alive server on 127.0.0.1 (tokio, its
//!   own thread and runtime) answering each route with the same precomputed bytes
//!   for both sides; a lookup in a list of eight routes is all it does.
//!
//! Criterion reports each side's time per call (`client_overhead/<provider>/<call>/{generated,hand_written}`).
//! Because the machine is shared, the ratio is also measured **paired**: rounds of
//! `BATCH` calls of one side then the other (the order alternating), the ratio
//! taken per round, the median over rounds reported. That pass runs after
//! criterion's under `cargo bench` (skip it with `CLIENT_OVERHEAD_PAIRED=0`) and
//! writes `target/bench-results/client_overhead.json` for `scripts/bench.sh`.
//!
//! ```sh
//! cargo bench -p cloud-clusters-tests --bench client_overhead
//! ```

use std::future::Future;
use std::hint::black_box;
use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cloud_clusters_zilliz_v1::IntoData as _;
use criterion::Criterion;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::runtime::Runtime;

const KEY: &str = "bench-key-0123456789";
const USER_AGENT: &str = "cloud-clusters/0.1.0";
const ZILLIZ_ID: &str = "in05-36cab39b5ef7894";
const TENSORPOOL_ID: &str = "c-7f3a9e";
const TOGETHER_ID: &str = "cluster-8c1f0a";

// ---------------------------------------------------------------------------
// The server.

/// What one route answers.
struct Route {
    method: &'static str,
    path: String,
    status: u16,
    body: Value,
}

/// One request as the server saw it (capture mode only).
#[derive(Debug, PartialEq)]
struct Captured {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<Value>,
}

struct Server {
    base_url: String,
    capture: Arc<AtomicBool>,
    captured: Arc<Mutex<Vec<Captured>>>,
}

impl Server {
    fn start(routes: Vec<Route>) -> Server {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("nonblocking");
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        let responses: Arc<Vec<(&'static str, String, Vec<u8>)>> = Arc::new(
            routes
                .into_iter()
                .map(|r| {
                    let body = serde_json::to_vec(&r.body).expect("JSON");
                    let mut bytes = format!(
                        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nx-request-id: req-0001\r\n\r\n",
                        r.status,
                        if r.status == 202 { "Accepted" } else { "OK" },
                        body.len()
                    )
                    .into_bytes();
                    bytes.extend_from_slice(&body);
                    (r.method, r.path, bytes)
                })
                .collect(),
        );
        let capture = Arc::new(AtomicBool::new(false));
        let captured = Arc::new(Mutex::new(Vec::new()));
        let (c, cs) = (capture.clone(), captured.clone());
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("server runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                loop {
                    let Ok((socket, _)) = listener.accept().await else {
                        continue;
                    };
                    let _ = socket.set_nodelay(true);
                    tokio::spawn(serve(socket, responses.clone(), c.clone(), cs.clone()));
                }
            });
        });
        Server {
            base_url,
            capture,
            captured,
        }
    }

    /// Runs `f` with capture on; returns what the server saw.
    async fn capture<F: Future<Output = ()>>(&self, f: F) -> Vec<Captured> {
        self.captured.lock().expect("lock").clear();
        self.capture.store(true, Ordering::SeqCst);
        f.await;
        self.capture.store(false, Ordering::SeqCst);
        std::mem::take(&mut *self.captured.lock().expect("lock"))
    }
}

const NOT_FOUND: &[u8] = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n";

/// One keep-alive connection: read a request (head and `content-length` body), write the route's bytes.
async fn serve(
    socket: tokio::net::TcpStream,
    responses: Arc<Vec<(&'static str, String, Vec<u8>)>>,
    capture: Arc<AtomicBool>,
    captured: Arc<Mutex<Vec<Captured>>>,
) -> io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut read = BufReader::new(read);
    let mut line = String::new();
    let mut body = Vec::new();
    loop {
        line.clear();
        if read.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let mut parts = line.split_ascii_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let path = parts.next().unwrap_or("").to_string();
        let capturing = capture.load(Ordering::SeqCst);
        let mut headers = Vec::new();
        let mut length = 0usize;
        loop {
            line.clear();
            if read.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                let value = value.trim();
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.parse().unwrap_or(0);
                }
                if capturing {
                    headers.push((name.to_ascii_lowercase(), value.to_string()));
                }
            }
        }
        body.resize(length, 0);
        read.read_exact(&mut body).await?;
        let response = responses
            .iter()
            .find(|(m, p, _)| *m == method && *p == path)
            .map_or(NOT_FOUND, |(_, _, bytes)| bytes.as_slice());
        if capturing {
            headers.sort();
            captured.lock().expect("lock").push(Captured {
                method,
                path,
                headers,
                body: (!body.is_empty())
                    .then(|| serde_json::from_slice(&body).expect("a JSON body")),
            });
        }
        write.write_all(response).await?;
    }
}

fn routes() -> Vec<Route> {
    let zilliz_cluster = |plan: &str| {
        json!({
            "clusterId": ZILLIZ_ID,
            "clusterName": "Serverless-05",
            "description": "benchmark cluster",
            "regionId": "aws-us-west-2",
            "plan": plan,
            "cuSize": 0,
            "status": "RUNNING",
            "connectAddress": "https://in05-36cab39b5ef7894.serverless.aws-us-west-2.cloud.zilliz.com",
            "privateLinkAddress": "",
            "projectId": "proj-4487580fcfe2c8a4391686",
            "createTime": "2024-06-20T03:07:05Z",
            "storageSize": 0,
            "snapshotNumber": 0,
            "createProgress": 100
        })
    };
    let zilliz_created = |code: i64| {
        json!({
            "code": code,
            "data": {
                "clusterId": ZILLIZ_ID,
                "username": "db_36cab39b5ef7894",
                "password": "Lb9.&N,9]Gd4pkp*",
                "prompt": "Submission successful, Cluster is being created, You can use the DescribeCluster interface to obtain the creation progress and the status of the Cluster."
            }
        })
    };
    vec![
        Route {
            method: "POST",
            path: "/v1/clusters/createServerless".into(),
            status: 200,
            body: zilliz_created(200),
        },
        Route {
            method: "GET",
            path: format!("/v1/clusters/{ZILLIZ_ID}"),
            status: 200,
            body: json!({ "code": 200, "data": zilliz_cluster("Serverless") }),
        },
        Route {
            method: "POST",
            path: "/v2/clusters/createServerless".into(),
            status: 200,
            body: zilliz_created(0),
        },
        Route {
            method: "GET",
            path: format!("/v2/clusters/{ZILLIZ_ID}"),
            status: 200,
            body: json!({ "code": 0, "data": zilliz_cluster("Serverless") }),
        },
        Route {
            method: "POST",
            path: "/cluster/create".into(),
            status: 202,
            body: json!({
                "cluster_id": TENSORPOOL_ID,
                "instance_ids": ["i-01", "i-02"],
                "request_id": "req-51c2",
                "message": "Cluster creation initiated"
            }),
        },
        Route {
            method: "GET",
            path: format!("/cluster/info/{TENSORPOOL_ID}"),
            status: 200,
            body: json!({
                "cluster_id": TENSORPOOL_ID,
                "message": "Cluster c-7f3a9e: 2 x 8xH100 nodes, RUNNING since 2025-06-01T12:00:00Z, ssh tp@c-7f3a9e.tensorpool.dev"
            }),
        },
        Route {
            method: "POST",
            path: "/api/v1/gpu_cluster".into(),
            status: 200,
            body: json!({ "cluster_id": TOGETHER_ID, "status": "PENDING" }),
        },
        Route {
            method: "GET",
            path: format!("/api/v1/gpu_cluster/{TOGETHER_ID}"),
            status: 200,
            body: json!({
                "cluster_id": TOGETHER_ID,
                "cluster_type": "KUBERNETES",
                "region": "us-central-8",
                "gpu_type": "H100_SXM",
                "cluster_name": "my-gpu-cluster",
                "duration_hours": 168,
                "driver_version": "CUDA_12_6_560",
                "status": "READY",
                "num_gpus": 8
            }),
        },
    ]
}

// ---------------------------------------------------------------------------
// The hand-written side.

/// A reqwest client set up as `cloud_clusters_core::auth::http_client` sets up the generated one.
fn hand_http() -> reqwest::Client {
    let mut bearer = HeaderValue::from_str(&format!("Bearer {KEY}")).expect("header value");
    bearer.set_sensitive(true);
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, bearer);
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    reqwest::Client::builder()
        .default_headers(headers)
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(60))
        .user_agent(USER_AGENT)
        .build()
        .expect("reqwest client")
}

/// Why a hand-written call failed (shown through `Debug` when a benchmark call panics).
#[derive(Debug)]
#[allow(dead_code)]
enum HandError {
    Http(reqwest::Error),
    Status(u16),
    Decode(serde_json::Error),
    Vendor(i64, String),
}

impl From<reqwest::Error> for HandError {
    fn from(e: reqwest::Error) -> Self {
        HandError::Http(e)
    }
}

/// Sends `request`, checks the status, decodes the body.
async fn hand_send<T: DeserializeOwned>(request: reqwest::RequestBuilder) -> Result<T, HandError> {
    let response = request.send().await?;
    let status = response.status();
    if !status.is_success() {
        return Err(HandError::Status(status.as_u16()));
    }
    let bytes = response.bytes().await?;
    serde_json::from_slice(&bytes).map_err(HandError::Decode)
}

#[derive(Deserialize)]
struct ZillizEnvelope<T> {
    code: i64,
    #[serde(default = "Option::default")]
    data: Option<T>,
    #[serde(default)]
    message: Option<String>,
}

impl<T> ZillizEnvelope<T> {
    fn data(self, success: i64) -> Result<T, HandError> {
        match (self.code == success, self.data) {
            (true, Some(data)) => Ok(data),
            _ => Err(HandError::Vendor(
                self.code,
                self.message.unwrap_or_default(),
            )),
        }
    }
}

#[derive(Serialize)]
struct ZillizCreateServerless<'a> {
    #[serde(rename = "clusterName")]
    cluster_name: &'a str,
    #[serde(rename = "projectId")]
    project_id: &'a str,
    #[serde(rename = "regionId", skip_serializing_if = "Option::is_none")]
    region_id: Option<&'a str>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct ZillizCreated {
    cluster_id: String,
    username: Option<String>,
    password: Option<String>,
    prompt: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct ZillizCluster {
    cluster_id: String,
    cluster_name: String,
    description: Option<String>,
    region_id: Option<String>,
    plan: Option<String>,
    cu_size: Option<i32>,
    status: String,
    connect_address: Option<String>,
    private_link_address: Option<String>,
    project_id: Option<String>,
    create_time: Option<String>,
    storage_size: Option<i64>,
    snapshot_number: Option<i32>,
    create_progress: Option<i32>,
}

#[derive(Serialize)]
struct TensorpoolCreate<'a> {
    deletion_protection: bool,
    instance_type: &'a str,
    num_nodes: u64,
    public_keys: Vec<String>,
    save_keys: bool,
    tp_cluster_name: &'a str,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct TensorpoolCreated {
    cluster_id: String,
    #[serde(default)]
    instance_ids: Vec<String>,
    message: String,
    request_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct TensorpoolInfo {
    cluster_id: Option<String>,
    message: String,
}

#[derive(Serialize)]
struct TogetherCreate<'a> {
    billing_type: &'a str,
    cluster_name: &'a str,
    driver_version: &'a str,
    duration_days: u32,
    gpu_type: &'a str,
    num_gpus: i32,
    region: &'a str,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct TogetherCreated {
    cluster_id: Option<String>,
    status: Option<String>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct TogetherCluster {
    cluster_id: Option<String>,
    cluster_type: Option<String>,
    region: Option<String>,
    gpu_type: Option<String>,
    cluster_name: Option<String>,
    duration_hours: Option<u32>,
    driver_version: Option<String>,
    status: Option<String>,
    num_gpus: Option<i32>,
}

struct Hand {
    http: reqwest::Client,
    base: String,
}

impl Hand {
    async fn zilliz_create(
        &self,
        version: &str,
        success: i64,
        region: Option<&str>,
    ) -> Result<ZillizCreated, HandError> {
        let body = ZillizCreateServerless {
            cluster_name: "Serverless-05",
            project_id: "proj-4487580fcfe2c8a4391686",
            region_id: region,
        };
        let request = self
            .http
            .post(format!("{}/{version}/clusters/createServerless", self.base))
            .header(
                "api-version",
                if version == "v1" { "1.0.0" } else { "2.0.0" },
            )
            .json(&body);
        hand_send::<ZillizEnvelope<ZillizCreated>>(request)
            .await?
            .data(success)
    }

    async fn zilliz_describe(
        &self,
        version: &str,
        success: i64,
        id: &str,
    ) -> Result<ZillizCluster, HandError> {
        let request = self
            .http
            .get(format!("{}/{version}/clusters/{id}", self.base))
            .header(
                "api-version",
                if version == "v1" { "1.0.0" } else { "2.0.0" },
            );
        hand_send::<ZillizEnvelope<ZillizCluster>>(request)
            .await?
            .data(success)
    }

    async fn tensorpool_create(&self) -> Result<TensorpoolCreated, HandError> {
        let body = TensorpoolCreate {
            deletion_protection: false,
            instance_type: "8xH100",
            num_nodes: 2,
            public_keys: Vec::new(),
            save_keys: true,
            tp_cluster_name: "bench",
        };
        let request = self
            .http
            .post(format!("{}/cluster/create", self.base))
            .header("api-version", "0.1.0")
            .json(&body);
        hand_send(request).await
    }

    async fn tensorpool_info(&self, id: &str) -> Result<TensorpoolInfo, HandError> {
        let request = self
            .http
            .get(format!("{}/cluster/info/{id}", self.base))
            .header("api-version", "0.1.0");
        hand_send(request).await
    }

    async fn together_create(&self) -> Result<TogetherCreated, HandError> {
        let body = TogetherCreate {
            billing_type: "ON_DEMAND",
            cluster_name: "my-gpu-cluster",
            driver_version: "CUDA_12_6_560",
            duration_days: 7,
            gpu_type: "H100_SXM",
            num_gpus: 8,
            region: "us-central-8",
        };
        let request = self
            .http
            .post(format!("{}/api/v1/gpu_cluster", self.base))
            .header("api-version", "0.0.1")
            .json(&body);
        hand_send(request).await
    }

    async fn together_get(&self, id: &str) -> Result<TogetherCluster, HandError> {
        let request = self
            .http
            .get(format!("{}/api/v1/gpu_cluster/{id}", self.base))
            .header("api-version", "0.0.1");
        hand_send(request).await
    }
}

// ---------------------------------------------------------------------------
// The generated side.

struct Generated {
    zilliz_v1: cloud_clusters_zilliz_v1::Client,
    zilliz_v2: cloud_clusters_zilliz_v2::Client,
    tensorpool: cloud_clusters_tensorpool::Client,
    together: cloud_clusters_together::Client,
}

impl Generated {
    fn new(base: &str) -> Generated {
        Generated {
            zilliz_v1: cloud_clusters_zilliz_v1::Client::with_api_key(base, KEY).expect("client"),
            zilliz_v2: cloud_clusters_zilliz_v2::Client::with_api_key(base, KEY).expect("client"),
            tensorpool: cloud_clusters_tensorpool::Client::with_api_key(base, KEY).expect("client"),
            together: cloud_clusters_together::Client::with_api_key(base, KEY).expect("client"),
        }
    }
}

// ---------------------------------------------------------------------------
// Measuring.

/// Calls per round of the paired measurement, and rounds.
const BATCH: u32 = 200;
const ROUNDS: usize = 31;

/// `iters` sequential calls of `f`, timed.
async fn time_calls<F, Fut, T>(f: &F, iters: u64) -> Duration
where
    F: Fn() -> Fut,
    Fut: Future<Output = T>,
{
    let start = Instant::now();
    for _ in 0..iters {
        black_box(f().await);
    }
    start.elapsed()
}

/// The result of one case's paired measurement.
struct Paired {
    name: String,
    generated_us: f64,
    hand_us: f64,
    ratio: f64,
    ratio_p25: f64,
    ratio_p75: f64,
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

/// The benchmark's state: criterion, the client runtime, the server, the paired results.
struct Bench {
    criterion: Criterion,
    rt: Runtime,
    server: Server,
    /// `None` when the paired pass is off.
    paired: Option<Vec<Paired>>,
}

impl Bench {
    /// Measures one case: the capture check, criterion's two benchmarks, the paired rounds.
    fn case<G, GF, GT, H, HF, HT>(
        &mut self,
        name: &str,
        generated: G,
        hand: H,
        same: impl Fn(&GT, &HT) -> bool,
    ) where
        G: Fn() -> GF,
        GF: Future<Output = GT>,
        H: Fn() -> HF,
        HF: Future<Output = HT>,
    {
        let (rt, server) = (&self.rt, &self.server);
        // Both sides send the same request and decode the same answer.
        rt.block_on(async {
            let mut answers = (None, None);
            let seen_generated = server
                .capture(async { answers.0 = Some(generated().await) })
                .await;
            let seen_hand = server
                .capture(async { answers.1 = Some(hand().await) })
                .await;
            assert_eq!(seen_generated.len(), 1, "{name}: one request");
            assert_eq!(
                seen_generated, seen_hand,
                "{name}: the two sides send different requests"
            );
            let (Some(g), Some(h)) = answers else {
                unreachable!()
            };
            assert!(
                same(&g, &h),
                "{name}: the two sides decoded different answers"
            );
        });

        let mut group = self
            .criterion
            .benchmark_group(format!("client_overhead/{name}"));
        group.bench_function("generated", |b| {
            b.iter_custom(|iters| rt.block_on(time_calls(&generated, iters)))
        });
        group.bench_function("hand_written", |b| {
            b.iter_custom(|iters| rt.block_on(time_calls(&hand, iters)))
        });
        group.finish();

        let Some(paired) = self.paired.as_mut() else {
            return;
        };
        let batch = u64::from(BATCH);
        rt.block_on(async {
            // Warm both paths (connections, allocator).
            time_calls(&generated, batch).await;
            time_calls(&hand, batch).await;
            let (mut ratios, mut g_us, mut h_us) = (Vec::new(), Vec::new(), Vec::new());
            for round in 0..ROUNDS {
                let (g, h) = if round % 2 == 0 {
                    let g = time_calls(&generated, batch).await;
                    (g, time_calls(&hand, batch).await)
                } else {
                    let h = time_calls(&hand, batch).await;
                    (time_calls(&generated, batch).await, h)
                };
                ratios.push(g.as_secs_f64() / h.as_secs_f64());
                g_us.push(g.as_secs_f64() * 1e6 / f64::from(BATCH));
                h_us.push(h.as_secs_f64() * 1e6 / f64::from(BATCH));
            }
            let ratio = median(&mut ratios);
            let result = Paired {
                name: name.to_string(),
                generated_us: median(&mut g_us),
                hand_us: median(&mut h_us),
                ratio,
                ratio_p25: quantile(&ratios, 0.25),
                ratio_p75: quantile(&ratios, 0.75),
            };
            println!(
                "paired {:<22} generated {:>7.1} µs  hand-written {:>7.1} µs  ratio {:.3} (p25 {:.3}, p75 {:.3})",
                result.name, result.generated_us, result.hand_us, result.ratio, result.ratio_p25, result.ratio_p75
            );
            paired.push(result);
        });
    }
}

fn results_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("bench-results")
}

fn main() {
    let criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    // `cargo bench` passes `--bench`; `cargo test --benches` does not (one quick run each).
    let benching = std::env::args().any(|a| a == "--bench");
    let run_paired = benching && std::env::var("CLIENT_OVERHEAD_PAIRED").map_or(true, |v| v != "0");
    let server = Server::start(routes());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    let generated = Generated::new(&server.base_url);
    let hand = Hand {
        http: hand_http(),
        base: server.base_url.clone(),
    };
    let mut bench = Bench {
        criterion,
        rt,
        server,
        paired: run_paired.then(Vec::new),
    };
    let (g, h) = (&generated, &hand);

    bench.case(
        "zilliz-v1/create",
        || async move {
            g.zilliz_v1
                .create_serverless()
                .body(
                    cloud_clusters_zilliz_v1::types::CreateServerlessRequest::builder()
                        .cluster_name("Serverless-05")
                        .project_id("proj-4487580fcfe2c8a4391686"),
                )
                .send()
                .await
                .into_data()
                .expect("created")
        },
        || async move { h.zilliz_create("v1", 200, None).await.expect("created") },
        |g, h| g.cluster_id == h.cluster_id && g.username == h.username,
    );
    bench.case(
        "zilliz-v1/describe",
        || async move {
            g.zilliz_v1
                .describe_cluster()
                .cluster_id(ZILLIZ_ID)
                .send()
                .await
                .into_data()
                .expect("described")
        },
        || async move {
            h.zilliz_describe("v1", 200, ZILLIZ_ID)
                .await
                .expect("described")
        },
        |g, h| {
            g.cluster_id == h.cluster_id
                && g.status.to_string() == h.status
                && g.create_progress == h.create_progress
        },
    );
    bench.case(
        "zilliz-v2/create",
        || async move {
            g.zilliz_v2
                .create_serverless()
                .body(
                    cloud_clusters_zilliz_v2::types::CreateServerlessRequest::builder()
                        .cluster_name("Serverless-05")
                        .project_id("proj-4487580fcfe2c8a4391686")
                        .region_id("aws-us-west-2"),
                )
                .send()
                .await
                .into_data()
                .expect("created")
        },
        || async move {
            h.zilliz_create("v2", 0, Some("aws-us-west-2"))
                .await
                .expect("created")
        },
        |g, h| g.cluster_id == h.cluster_id && g.username == h.username,
    );
    bench.case(
        "zilliz-v2/describe",
        || async move {
            g.zilliz_v2
                .describe_cluster()
                .cluster_id(ZILLIZ_ID)
                .send()
                .await
                .into_data()
                .expect("described")
        },
        || async move {
            h.zilliz_describe("v2", 0, ZILLIZ_ID)
                .await
                .expect("described")
        },
        |g, h| {
            g.cluster_id == h.cluster_id
                && g.status.to_string() == h.status
                && g.storage_size == h.storage_size
        },
    );
    bench.case(
        "tensorpool/create",
        || async move {
            g.tensorpool
                .cluster_create()
                .body(
                    cloud_clusters_tensorpool::types::ClusterCreateRestRequest::builder()
                        .instance_type("8xH100")
                        .num_nodes(std::num::NonZeroU64::new(2))
                        .tp_cluster_name(Some("bench".to_string())),
                )
                .send()
                .await
                .expect("created")
                .into_inner()
        },
        || async move { h.tensorpool_create().await.expect("created") },
        |g, h| {
            g.cluster_id == h.cluster_id
                && g.instance_ids == h.instance_ids
                && g.request_id == h.request_id
        },
    );
    bench.case(
        "tensorpool/describe",
        || async move {
            g.tensorpool
                .cluster_info()
                .cluster(TENSORPOOL_ID)
                .send()
                .await
                .expect("described")
                .into_inner()
        },
        || async move { h.tensorpool_info(TENSORPOOL_ID).await.expect("described") },
        |g, h| g.cluster_id == h.cluster_id && g.message == h.message,
    );
    bench.case(
        "together/create",
        || async move {
            use cloud_clusters_together::types;
            g.together
                .gpu_cluster_service_create()
                .body(
                    types::GpuClusterCreateRequest::builder()
                        .region("us-central-8")
                        .gpu_type(types::GpuClusterCreateRequestGpuType::H100Sxm)
                        .num_gpus(8)
                        .cluster_name("my-gpu-cluster")
                        .duration_days(7u32)
                        .driver_version(types::GpuClusterCreateRequestDriverVersion::Cuda126560)
                        .billing_type(types::GpuClusterCreateRequestBillingType::OnDemand),
                )
                .send()
                .await
                .expect("created")
                .into_inner()
        },
        || async move { h.together_create().await.expect("created") },
        |g, h| {
            g.cluster_id == h.cluster_id && g.status.as_ref().map(ToString::to_string) == h.status
        },
    );
    bench.case(
        "together/describe",
        || async move {
            g.together
                .gpu_cluster_service_get()
                .cluster_id(TOGETHER_ID)
                .send()
                .await
                .expect("described")
                .into_inner()
        },
        || async move { h.together_get(TOGETHER_ID).await.expect("described") },
        |g, h| g.cluster_id == h.cluster_id && g.num_gpus == h.num_gpus && g.status == h.status,
    );

    bench.criterion.final_summary();
    if let Some(paired) = bench.paired {
        let rows: Vec<Value> = paired
            .iter()
            .map(|r| {
                json!({
                    "name": r.name,
                    "generated_us": r.generated_us,
                    "hand_us": r.hand_us,
                    "ratio": r.ratio,
                    "ratio_p25": r.ratio_p25,
                    "ratio_p75": r.ratio_p75,
                    "batch": BATCH,
                    "rounds": ROUNDS,
                })
            })
            .collect();
        let dir = results_dir();
        std::fs::create_dir_all(&dir).expect("results dir");
        let file = dir.join("client_overhead.json");
        std::fs::write(&file, serde_json::to_vec_pretty(&rows).expect("JSON"))
            .expect("write results");
        println!("paired results written to {}", file.display());
    }
}
