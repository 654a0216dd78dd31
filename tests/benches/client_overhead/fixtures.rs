//! What the server answers: one create and one describe route per provider,
//! with bodies shaped like the vendors' documented examples.

use serde_json::{Value, json};

use crate::server::Route;

pub const KEY: &str = "bench-key-0123456789";
/// The user agent the generated clients send (`ClientOptions::default`).
pub const USER_AGENT: &str = "cloud-clusters/0.1.0";
pub const ZILLIZ_ID: &str = "in05-36cab39b5ef7894";
pub const TENSORPOOL_ID: &str = "c-7f3a9e";
pub const TOGETHER_ID: &str = "cluster-8c1f0a";

/// Zilliz `createServerless`'s `data`.
pub fn zilliz_created() -> Value {
    json!({
        "clusterId": ZILLIZ_ID,
        "username": "db_36cab39b5ef7894",
        "password": "Lb9.&N,9]Gd4pkp*",
        "prompt": "Submission successful, Cluster is being created, You can use the DescribeCluster interface to obtain the creation progress and the status of the Cluster."
    })
}

/// Zilliz `describeCluster`'s `data`.
pub fn zilliz_cluster() -> Value {
    json!({
        "clusterId": ZILLIZ_ID,
        "clusterName": "Serverless-05",
        "description": "benchmark cluster",
        "regionId": "aws-us-west-2",
        "plan": "Serverless",
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
}

pub fn tensorpool_created() -> Value {
    json!({
        "cluster_id": TENSORPOOL_ID,
        "instance_ids": ["i-01", "i-02"],
        "request_id": "req-51c2",
        "message": "Cluster creation initiated"
    })
}

pub fn tensorpool_info() -> Value {
    json!({
        "cluster_id": TENSORPOOL_ID,
        "message": "Cluster c-7f3a9e: 2 x 8xH100 nodes, RUNNING since 2025-06-01T12:00:00Z, ssh tp@c-7f3a9e.tensorpool.dev"
    })
}

pub fn together_created() -> Value {
    json!({ "cluster_id": TOGETHER_ID, "status": "PENDING" })
}

pub fn together_cluster() -> Value {
    json!({
        "cluster_id": TOGETHER_ID,
        "cluster_type": "KUBERNETES",
        "region": "us-central-8",
        "gpu_type": "H100_SXM",
        "cluster_name": "my-gpu-cluster",
        "duration_hours": 168,
        "driver_version": "CUDA_12_6_560",
        "status": "READY",
        "num_gpus": 8
    })
}

pub fn routes() -> Vec<Route> {
    let route = |method, path: String, status, body| Route {
        method,
        path,
        status,
        body,
    };
    let zilliz = |code: i64, data: Value| json!({ "code": code, "data": data });
    vec![
        route(
            "POST",
            "/v1/clusters/createServerless".into(),
            200,
            zilliz(200, zilliz_created()),
        ),
        route(
            "GET",
            format!("/v1/clusters/{ZILLIZ_ID}"),
            200,
            zilliz(200, zilliz_cluster()),
        ),
        route(
            "POST",
            "/v2/clusters/createServerless".into(),
            200,
            zilliz(0, zilliz_created()),
        ),
        route(
            "GET",
            format!("/v2/clusters/{ZILLIZ_ID}"),
            200,
            zilliz(0, zilliz_cluster()),
        ),
        route("POST", "/cluster/create".into(), 202, tensorpool_created()),
        route(
            "GET",
            format!("/cluster/info/{TENSORPOOL_ID}"),
            200,
            tensorpool_info(),
        ),
        route(
            "POST",
            "/api/v1/gpu_cluster".into(),
            200,
            together_created(),
        ),
        route(
            "GET",
            format!("/api/v1/gpu_cluster/{TOGETHER_ID}"),
            200,
            together_cluster(),
        ),
    ]
}
