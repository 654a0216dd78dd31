//! The hand-written side: the same calls with reqwest + serde, written as a
//! user without a generated client would write them.
//!
//! Typed structs with the fields the answers carry (enums as strings): decoding
//! into them is faster than into a `serde_json::Value`, so the baseline is not
//! flattered. They derive `Serialize` only so that the benchmark can check what
//! they decoded.

use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::fixtures::{KEY, USER_AGENT};

/// What a hand-written call fails with.
pub type HandResult<T> = Result<T, Box<dyn std::error::Error>>;

/// The hand-written client: a `reqwest::Client` set up as
/// `cloud_clusters_core::auth::http_client` sets up the generated clients' (bearer
/// and accept headers, user agent, timeouts), and the server's base URL.
pub struct Hand {
    http: reqwest::Client,
    base: String,
}

/// Checks the status and decodes the body.
async fn send<T: DeserializeOwned>(request: reqwest::RequestBuilder) -> HandResult<T> {
    Ok(request.send().await?.error_for_status()?.json().await?)
}

/// Zilliz wraps every answer in `{code, data}` (success) or `{code, message}`.
#[derive(Deserialize)]
struct ZillizEnvelope<T> {
    code: i64,
    data: Option<T>,
    message: Option<String>,
}

impl<T> ZillizEnvelope<T> {
    fn data(self, success: i64) -> HandResult<T> {
        match self.data {
            Some(data) if self.code == success => Ok(data),
            _ => Err(format!(
                "Zilliz error {}: {}",
                self.code,
                self.message.unwrap_or_default()
            )
            .into()),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ZillizCreateServerless<'a> {
    cluster_name: &'a str,
    project_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    region_id: Option<&'a str>,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ZillizCreated {
    cluster_id: String,
    username: Option<String>,
    password: Option<String>,
    prompt: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ZillizCluster {
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

impl ZillizCluster {
    /// The cluster's id (the decode benchmark compares it).
    pub fn cluster_id(&self) -> &str {
        &self.cluster_id
    }
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

#[derive(Deserialize, Serialize)]
pub struct TensorpoolCreated {
    cluster_id: String,
    #[serde(default)]
    instance_ids: Vec<String>,
    message: String,
    request_id: Option<String>,
}

#[derive(Deserialize, Serialize)]
pub struct TensorpoolInfo {
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

#[derive(Deserialize, Serialize)]
pub struct TogetherCreated {
    cluster_id: Option<String>,
    status: Option<String>,
}

#[derive(Deserialize, Serialize)]
pub struct TogetherCluster {
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

impl Hand {
    pub fn new(base: &str) -> Hand {
        let mut bearer = HeaderValue::from_str(&format!("Bearer {KEY}")).expect("header value");
        bearer.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, bearer);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .user_agent(USER_AGENT)
            .build()
            .expect("reqwest client");
        Hand {
            http,
            base: base.to_string(),
        }
    }

    /// `version` is `v1` (success code 200) or `v2` (success code 0, a region).
    pub async fn zilliz_create(&self, version: &str) -> HandResult<ZillizCreated> {
        let (api_version, success, region_id) = zilliz_version(version);
        let body = ZillizCreateServerless {
            cluster_name: "Serverless-05",
            project_id: "proj-4487580fcfe2c8a4391686",
            region_id,
        };
        let request = self
            .http
            .post(format!("{}/{version}/clusters/createServerless", self.base))
            .header("api-version", api_version)
            .json(&body);
        send::<ZillizEnvelope<_>>(request).await?.data(success)
    }

    pub async fn zilliz_describe(&self, version: &str, id: &str) -> HandResult<ZillizCluster> {
        let (api_version, success, _) = zilliz_version(version);
        let request = self
            .http
            .get(format!("{}/{version}/clusters/{id}", self.base))
            .header("api-version", api_version);
        send::<ZillizEnvelope<_>>(request).await?.data(success)
    }

    pub async fn tensorpool_create(&self) -> HandResult<TensorpoolCreated> {
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
        send(request).await
    }

    pub async fn tensorpool_info(&self, id: &str) -> HandResult<TensorpoolInfo> {
        let request = self
            .http
            .get(format!("{}/cluster/info/{id}", self.base))
            .header("api-version", "0.1.0");
        send(request).await
    }

    pub async fn together_create(&self) -> HandResult<TogetherCreated> {
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
        send(request).await
    }

    pub async fn together_get(&self, id: &str) -> HandResult<TogetherCluster> {
        let request = self
            .http
            .get(format!("{}/api/v1/gpu_cluster/{id}", self.base))
            .header("api-version", "0.0.1");
        send(request).await
    }
}

/// The `api-version` header, the success code and the region of a Zilliz API version.
fn zilliz_version(version: &str) -> (&'static str, i64, Option<&'static str>) {
    match version {
        "v1" => ("1.0.0", 200, None),
        _ => ("2.0.0", 0, Some("aws-us-west-2")),
    }
}
