//! Client overhead: a call through each provider's generated client against the
//! same call written by hand with reqwest + serde ([`hand`]), against the same
//! local server ([`server`]), in the same process.
//!
//! | provider   | create                             | describe                     |
//! |------------|------------------------------------|------------------------------|
//! | zilliz-v1  | POST /v1/clusters/createServerless | GET /v1/clusters/{id}        |
//! | zilliz-v2  | POST /v2/clusters/createServerless | GET /v2/clusters/{id}        |
//! | tensorpool | POST /cluster/create               | GET /cluster/info/{id}       |
//! | together-tcloud | POST /api/v1/gpu_cluster      | GET /api/v1/gpu_cluster/{id} |
//!
//! `together-tcloud/describe-no-retries` is Together tcloud's describe with
//! `RetryPolicy::none()`: how much of the overhead is the copy of a GET kept in
//! case it must be retried.
//!
//! The generated side is what a user writes: builder, `send()`, and for Zilliz
//! `.into_data()`; it goes through the provider crate's hooks (tracing span,
//! retry policy) with no tracing subscriber installed. Before measuring, each
//! case checks that both sides send the same request (method, path, every
//! header, JSON body) and decode the same answer (compared as JSON).
//!
//! Criterion reports each side's time per call
//! (`client_overhead/<provider>/<call>/{generated,hand_written}`). The ratio comes
//! from a paired pass after criterion's ([`measure`]): rounds of calls of one side
//! then the other, the ratio per round, the median over rounds; it is written to
//! `target/bench-results/client_overhead.json` for `scripts/bench.sh`. It runs
//! under `cargo bench` only (not `cargo test --benches`); `CLIENT_OVERHEAD_PAIRED=0`
//! skips it.
//!
//! [`decode`] then measures, in process, the two decoders the generator writes
//! in place of serde's untagged derive.
//!
//! ```sh
//! cargo bench -p cloud-clusters-tests --bench client_overhead
//! ```

mod decode;
mod fixtures;
mod hand;
mod measure;
mod server;

use std::path::PathBuf;
use std::time::Duration;

use cloud_clusters_zilliz_v1::IntoData as _;
use criterion::Criterion;

use fixtures::{TENSORPOOL_ID, TOGETHER_ID, ZILLIZ_ID};
use measure::Bench;

fn main() {
    let criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    // `cargo bench` passes `--bench`; `cargo test --benches` does not.
    let paired = std::env::args().any(|a| a == "--bench")
        && std::env::var("CLIENT_OVERHEAD_PAIRED").map_or(true, |v| v != "0");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let server = server::Server::start(fixtures::routes(), &rt);
    let base = server.base_url.clone();
    let mut bench = Bench {
        criterion,
        rt,
        server,
        paired: paired.then(Vec::new),
    };

    let h = &hand::Hand::new(&base);
    let v1 = &cloud_clusters_zilliz_v1::Client::with_api_key(&base, fixtures::KEY).expect("client");
    let v2 = &cloud_clusters_zilliz_v2::Client::with_api_key(&base, fixtures::KEY).expect("client");
    let tensorpool =
        &cloud_clusters_tensorpool::Client::with_api_key(&base, fixtures::KEY).expect("client");
    let together = &cloud_clusters_together_tcloud::Client::with_api_key(&base, fixtures::KEY)
        .expect("client");

    bench.case(
        "zilliz-v1/create",
        fixtures::zilliz_created(),
        || async {
            let body = cloud_clusters_zilliz_v1::types::CreateServerlessRequest::builder()
                .cluster_name("Serverless-05")
                .project_id("proj-4487580fcfe2c8a4391686");
            v1.create_serverless()
                .body(body)
                .send()
                .await
                .into_data()
                .expect("created")
        },
        || async { h.zilliz_create("v1").await.expect("created") },
    );
    bench.case(
        "zilliz-v1/describe",
        fixtures::zilliz_cluster(),
        || async {
            v1.describe_cluster()
                .cluster_id(ZILLIZ_ID)
                .send()
                .await
                .into_data()
                .expect("described")
        },
        || async { h.zilliz_describe("v1", ZILLIZ_ID).await.expect("described") },
    );
    bench.case(
        "zilliz-v2/create",
        fixtures::zilliz_created(),
        || async {
            let body = cloud_clusters_zilliz_v2::types::CreateServerlessRequest::builder()
                .cluster_name("Serverless-05")
                .project_id("proj-4487580fcfe2c8a4391686")
                .region_id("aws-us-west-2");
            v2.create_serverless()
                .body(body)
                .send()
                .await
                .into_data()
                .expect("created")
        },
        || async { h.zilliz_create("v2").await.expect("created") },
    );
    bench.case(
        "zilliz-v2/describe",
        fixtures::zilliz_cluster(),
        || async {
            v2.describe_cluster()
                .cluster_id(ZILLIZ_ID)
                .send()
                .await
                .into_data()
                .expect("described")
        },
        || async { h.zilliz_describe("v2", ZILLIZ_ID).await.expect("described") },
    );
    bench.case(
        "tensorpool/create",
        fixtures::tensorpool_created(),
        || async {
            let body = cloud_clusters_tensorpool::types::ClusterCreateRestRequest::builder()
                .instance_type("8xH100")
                .num_nodes(std::num::NonZeroU64::new(2))
                .tp_cluster_name(Some("bench".to_string()));
            tensorpool
                .cluster_create()
                .body(body)
                .send()
                .await
                .expect("created")
                .into_inner()
        },
        || async { h.tensorpool_create().await.expect("created") },
    );
    bench.case(
        "tensorpool/describe",
        fixtures::tensorpool_info(),
        || async {
            tensorpool
                .cluster_info()
                .cluster(TENSORPOOL_ID)
                .send()
                .await
                .expect("described")
                .into_inner()
        },
        || async { h.tensorpool_info(TENSORPOOL_ID).await.expect("described") },
    );
    bench.case(
        "together-tcloud/create",
        fixtures::together_created(),
        || async {
            use cloud_clusters_together_tcloud::types::{
                self, GpuClusterCreateRequestBillingType as Billing,
            };
            use types::{
                GpuClusterCreateRequestDriverVersion as Driver,
                GpuClusterCreateRequestGpuType as Gpu,
            };
            let body = types::GpuClusterCreateRequest::builder()
                .region("us-central-8")
                .gpu_type(Gpu::H100Sxm)
                .num_gpus(8)
                .cluster_name("my-gpu-cluster")
                .duration_days(7u32)
                .driver_version(Driver::Cuda126560)
                .billing_type(Billing::OnDemand);
            together
                .gpu_cluster_service_create()
                .body(body)
                .send()
                .await
                .expect("created")
                .into_inner()
        },
        || async { h.together_create().await.expect("created") },
    );
    bench.case(
        "together-tcloud/describe",
        fixtures::together_cluster(),
        || together_describe(together),
        || async { h.together_get(TOGETHER_ID).await.expect("described") },
    );
    // The same describe with retries off: what the copy of an idempotent
    // request kept for a retry costs (the hand-written side never retries).
    let no_retries = &cloud_clusters_together_tcloud::Client::with_options(
        &base,
        fixtures::KEY,
        cloud_clusters_core::ClientOptions {
            retry: cloud_clusters_core::retry::RetryPolicy::none(),
            ..Default::default()
        },
    )
    .expect("client");
    bench.case(
        "together-tcloud/describe-no-retries",
        fixtures::together_cluster(),
        || together_describe(no_retries),
        || async { h.together_get(TOGETHER_ID).await.expect("described") },
    );

    decode::bench(&mut bench.criterion);
    bench.criterion.final_summary();
    if let Some(paired) = bench.paired {
        let dir = std::env::var_os("CARGO_TARGET_DIR")
            .map_or_else(
                || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"),
                PathBuf::from,
            )
            .join("bench-results");
        std::fs::create_dir_all(&dir).expect("results folder");
        let file = dir.join("client_overhead.json");
        std::fs::write(&file, serde_json::to_vec_pretty(&paired).expect("JSON")).expect("write");
        println!("paired results written to {}", file.display());
    }
}

/// Together's describe through `client`.
async fn together_describe(
    client: &cloud_clusters_together_tcloud::Client,
) -> cloud_clusters_together_tcloud::types::GpuClusterInfo {
    client
        .gpu_cluster_service_get()
        .cluster_id(TOGETHER_ID)
        .send()
        .await
        .expect("described")
        .into_inner()
}
