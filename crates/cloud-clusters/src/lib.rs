//! Rust clients for managed-cluster APIs, under one set of names.
//!
//! | module | provider | API key variable |
//! |---|---|---|
//! | [`zilliz_v1`] | Zilliz Cloud control plane v1 (regional hosts) | `ZILLIZ_API_KEY` |
//! | [`zilliz_v2`] | Zilliz Cloud control plane v2 (global and China sites) | `ZILLIZ_API_KEY` |
//! | [`tensorpool`] | TensorPool engine API | `TENSORPOOL_KEY` |
//! | [`together`] | Together AI GPU clusters, regions, shared volumes (`api.together.ai/v1`) | `TOGETHER_API_KEY` |
//! | [`together_tcloud`] | Together AI GPU clusters at the older tcloud endpoint | `TOGETHER_API_KEY` |
//!
//! Each module is one provider crate re-exported whole (`cloud-clusters-<provider>`),
//! behind a cargo feature of the same name; all are on by default. A program that
//! needs one provider can depend on that crate alone, or on this one with
//! `default-features = false, features = ["together"]`: it compiles nothing else.
//!
//! # The same names in every module
//!
//! - `Client`: the generated client; every operation of the vendor's document is a
//!   method returning a builder: `client.<operation>().<argument>(..).body(..).send().await`.
//! - `Client::from_env()` (API key from `API_KEY_ENV`, base URL `DEFAULT_BASE_URL`),
//!   `Client::with_api_key(base_url, key)`, `Client::with_options(base_url, key, ClientOptions)`.
//! - `types`: the request and response types, each with a `builder()`.
//! - `Error` (the generated calls' error), `ApiError` (what it converts into with `?`,
//!   whose messages never print a response body), `ResponseValue`.
//! - `SPEC` (the document: path, title, version, sha256), `DEFAULT_BASE_URL`,
//!   `BASE_URLS`, `API_KEY_ENV`.
//! - `Client::wait_for_cluster` (Zilliz, Together) or `Client::wait_for_request`
//!   (TensorPool): poll until ready or failed, with a timeout and backoff.
//! - `mock` (feature `mock`): httpmock helpers, `MockServerExt`, one typed method per operation.
//!
//! What every client does alike: the API key travels as a sensitive header and
//! never appears in `Debug`, errors or logs; the initial cluster password Zilliz
//! returns is a [`SecretString`]; GET requests (reads, polls) are retried on
//! connection errors, 429 and 5xx, honouring `Retry-After`, and nothing else is
//! ever repeated; each request is one `tracing` span (provider, operation,
//! status, duration, the vendor's request id); an enum value that only arrives in
//! responses accepts values the document does not list (`Unknown(String)`).
//!
//! # Zilliz Cloud v2
//!
//! Zilliz wraps every answer in an envelope, and reports errors as
//! `{code, message}`, often with HTTP 200. `into_data()` returns the payload, or
//! `ApiError::Vendor` with the HTTP status, the vendor code, the message and an
//! [`ErrorKind`] to match on.
//!
//! ```no_run
//! use cloud_clusters::zilliz_v2::{Client, ErrorKind, IntoData, types};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::from_env()?;
//! let request = types::CreateServerlessRequest::builder()
//!     .cluster_name("Serverless-05")
//!     .project_id("proj-xxxxxxxxxxxxxxxxxxxxxxx")
//!     .region_id("aws-us-west-2");
//! match client.create_serverless().body(request).send().await.into_data() {
//!     Ok(created) => {
//!         let password = created.password.as_ref().map(|p| p.expose_secret().to_string());
//!         let cluster = client.wait_for_cluster(&created.cluster_id, &Default::default()).await?;
//!         println!("{} is {} (password received: {})", cluster.cluster_id, cluster.status, password.is_some());
//!     }
//!     Err(e) if e.kind() == ErrorKind::AlreadyExists => println!("already there: {e}"),
//!     Err(e) => return Err(e.into()),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Zilliz Cloud v1
//!
//! The same, with the region in the host and success code 200:
//!
//! ```no_run
//! use cloud_clusters::zilliz_v1::{base_url_for_region, Client, IntoData, types};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let key = std::env::var("ZILLIZ_API_KEY")?;
//! let client = Client::with_api_key(&base_url_for_region("gcp-us-west1"), key)?;
//! let request = types::CreateServerlessRequest::builder()
//!     .cluster_name("cluster-starter")
//!     .project_id("proj-xxxxxx");
//! let created = client.create_serverless().body(request).send().await.into_data()?;
//! let cluster = client.wait_for_cluster(&created.cluster_id, &Default::default()).await?;
//! println!("{}: {}", cluster.cluster_id, cluster.status);
//! # Ok(())
//! # }
//! ```
//!
//! # TensorPool
//!
//! Mutating calls answer 202 with a `request_id`; `wait_for_request` polls
//! `GET /request/info/{request_id}` until `COMPLETED` or `FAILED`, honouring `Retry-After`.
//!
//! ```no_run
//! use cloud_clusters::tensorpool::{Client, types};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::from_env()?;
//! let created = client
//!     .cluster_create()
//!     .body(types::ClusterCreateRestRequest::builder().instance_type("1xH100"))
//!     .send()
//!     .await?
//!     .into_inner();
//! if let Some(request_id) = &created.request_id {
//!     let done = client.wait_for_request(request_id, &Default::default()).await?;
//!     println!("{}: {}", created.cluster_id, done.status);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Together AI
//!
//! ```no_run
//! use cloud_clusters::together::{Client, types};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::from_env()?;
//! let request = types::GpuClusterCreateRequest::builder()
//!     .region("us-central-8")
//!     .gpu_type(types::GpuClusterCreateRequestGpuType::H100Sxm)
//!     .num_gpus(8)
//!     .cluster_name("my-gpu-cluster")
//!     .cuda_version("12.6")
//!     .nvidia_driver_version("560")
//!     .billing_type(types::GpuClusterCreateRequestBillingType::OnDemand);
//! let created = client.gpu_cluster_service_create().body(request).send().await?.into_inner();
//! let cluster = client.wait_for_cluster(&created.cluster_id, &Default::default()).await?;
//! println!("{}: {}", cluster.cluster_id, cluster.status);
//! # Ok(())
//! # }
//! ```
//!
//! [`together_tcloud`] keeps the older endpoint's client (`manager.cloud.together.ai`,
//! `/api/v1/gpu_cluster...`) for programs written against it: the same method names,
//! other paths and some other type names.

#![cfg_attr(docsrs, feature(doc_cfg))]

pub use cloud_clusters_core::envelope::ErrorKind;
pub use cloud_clusters_core::{
    ApiKey, BaseUrl, ClientOptions, ConfigError, RequestSecret, SecretString, SpecInfo, WaitError,
    WaitOptions,
};

/// The shared runtime: auth, errors, envelopes, retries, waiting, tracing hooks.
pub use cloud_clusters_core as runtime;

/// Zilliz Cloud control plane, API v1: the crate `cloud-clusters-zilliz-v1`.
#[cfg(feature = "zilliz-v1")]
pub mod zilliz_v1 {
    pub use cloud_clusters_zilliz_v1::*;
}

/// Zilliz Cloud control plane, API v2: the crate `cloud-clusters-zilliz-v2`.
#[cfg(feature = "zilliz-v2")]
pub mod zilliz_v2 {
    pub use cloud_clusters_zilliz_v2::*;
}

/// TensorPool engine API: the crate `cloud-clusters-tensorpool`.
#[cfg(feature = "tensorpool")]
pub mod tensorpool {
    pub use cloud_clusters_tensorpool::*;
}

/// Together AI GPU clusters, regions, shared volumes and availability zones, from
/// the document Together publishes today: the crate `cloud-clusters-together`.
#[cfg(feature = "together")]
pub mod together {
    pub use cloud_clusters_together::*;
}

/// Together AI GPU clusters at the older tcloud endpoint
/// (`https://manager.cloud.together.ai`): the crate `cloud-clusters-together-tcloud`.
#[cfg(feature = "together-tcloud")]
pub mod together_tcloud {
    pub use cloud_clusters_together_tcloud::*;
}

pub use cloud_clusters_core::clusters::{ClusterState, ClusterSummary, Clusters, ClustersError};

/// Every provider whose API-key variable is set (and not empty), as one list
/// of [`Clusters`]: `ZILLIZ_API_KEY` gives Zilliz v2, `TENSORPOOL_KEY` TensorPool,
/// `TOGETHER_API_KEY` Together, each at its default base URL. Providers whose
/// feature is off are never included.
///
/// Zilliz v1 and Together's tcloud endpoint are not included: they list the
/// same clusters as Zilliz v2 and Together; build their clients yourself to
/// use them.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// for provider in cloud_clusters::from_env_all()? {
///     for cluster in provider.list().await? {
///         println!("{:<10} {:<24} {}", cluster.provider, cluster.id, cluster.state);
///     }
/// }
/// # Ok(())
/// # }
/// ```
///
/// The error is the first key that is set but cannot be used, naming its variable.
pub fn from_env_all() -> Result<Vec<Box<dyn Clusters>>, ConfigError> {
    #[allow(unused_mut)]
    let mut all: Vec<Box<dyn Clusters>> = Vec::new();
    let set = |var: &str| std::env::var_os(var).is_some_and(|v| !v.is_empty());
    #[cfg(feature = "zilliz-v2")]
    if set(zilliz_v2::API_KEY_ENV) {
        all.push(Box::new(zilliz_v2::Client::from_env()?));
    }
    #[cfg(feature = "tensorpool")]
    if set(tensorpool::API_KEY_ENV) {
        all.push(Box::new(tensorpool::Client::from_env()?));
    }
    #[cfg(feature = "together")]
    if set(together::API_KEY_ENV) {
        all.push(Box::new(together::Client::from_env()?));
    }
    let _ = set;
    Ok(all)
}
