//! One round trip per corpus document: the generated client calls an httpmock
//! server, which checks the request it receives (method, path, query, headers,
//! body), and the test checks the decoded answer, value by value.

use cloud_clusters_core::ClientOptions;
use cloud_clusters_core::retry::RetryPolicy;
use httpmock::Method::{DELETE, GET, PATCH, POST, PUT};
use httpmock::MockServer;
use serde_json::json;

const KEY: &str = "corpus-test-key";
const BEARER: &str = "Bearer corpus-test-key";

/// A client of corpus module `$module` for `$server`, without retries (error
/// statuses are asserted to arrive once).
macro_rules! client {
    ($module:ident, $server:expr) => {
        cloud_clusters_corpus::$module::Client::with_options(
            &$server.base_url(),
            KEY,
            ClientOptions {
                retry: RetryPolicy::none(),
                ..Default::default()
            },
        )
        .expect("the mock server's URL is a valid base URL")
    };
}

fn utc(s: &str) -> chrono::DateTime<chrono::Utc> {
    s.parse().expect("an RFC 3339 time")
}

#[tokio::test]
async fn type_arrays_decode_null_and_both_types() {
    use cloud_clusters_corpus::type_arrays::types::{
        Cluster, ClusterSize, ClusterUpdate, ClusterUpdateName,
    };
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/clusters/c-1")
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "id": "c-1", "name": "train", "region": null, "node_count": 4,
                "endpoint": null, "labels": {"team": "ml"}, "size": 8, "errors": null
            }));
        })
        .await;
    let patch = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/clusters/c-1")
                .header("content-type", "application/json")
                .json_body(json!({"name": "renamed"}));
            then.status(200).json_body(json!({
                "id": "c-1", "name": "renamed", "region": "eu-west-2", "size": "large"
            }));
        })
        .await;
    let client = client!(type_arrays, server);

    let cluster: Cluster = client
        .get_cluster()
        .cluster_id("c-1")
        .send()
        .await
        .expect("200")
        .into_inner();
    get.assert_async().await;
    assert_eq!(cluster.region, None);
    assert_eq!(cluster.endpoint, None);
    assert_eq!(cluster.errors, None);
    assert_eq!(cluster.node_count, Some(4));
    assert_eq!(cluster.labels.expect("labels")["team"], "ml");
    assert_eq!(cluster.size, ClusterSize::Integer(8));

    let name: ClusterUpdateName = "renamed".parse().expect("63 characters at most");
    assert!(
        "x".repeat(64).parse::<ClusterUpdateName>().is_err(),
        "maxLength is kept"
    );
    let update = ClusterUpdate {
        name: Some(name),
        region: None,
    };
    let cluster = client
        .update_cluster()
        .cluster_id("c-1")
        .body(update)
        .send()
        .await
        .expect("200")
        .into_inner();
    patch.assert_async().await;
    assert_eq!(cluster.name, "renamed");
    assert_eq!(cluster.region.as_deref(), Some("eu-west-2"));
    assert_eq!(cluster.size, ClusterSize::String("large".into()));
    assert_eq!(cluster.node_count, None);
}

#[tokio::test]
async fn null_branches_decode_all_three_spellings() {
    use cloud_clusters_corpus::null_branches::types::{Job, JobCreate, JobResult, Resources};
    let server = MockServer::start_async().await;
    let empty = server
        .mock_async(|when, then| {
            when.method(GET).path("/jobs/j-1");
            then.status(200).json_body(json!({
                "id": "j-1", "resources": null, "finished_at": null, "owner": null, "result": null
            }));
        })
        .await;
    let full = server
        .mock_async(|when, then| {
            when.method(GET).path("/jobs/j-2");
            then.status(200).json_body(json!({
                "id": "j-2", "resources": {"gpus": 2, "gpu_type": "H100"},
                "finished_at": "2024-05-01T12:00:00Z", "owner": "ana", "exit_code": 0, "result": 0.93
            }));
        })
        .await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/jobs")
                .json_body(json!({"image": "trainer:1", "timeout_seconds": 3600}));
            then.status(201).json_body(json!({
                "id": "j-3", "resources": null, "finished_at": null, "owner": "ana", "result": "queued"
            }));
        })
        .await;
    let client = client!(null_branches, server);

    let job: Job = client
        .get_job()
        .job_id("j-1")
        .send()
        .await
        .expect("200")
        .into_inner();
    empty.assert_async().await;
    assert_eq!(
        (
            job.resources,
            job.finished_at,
            job.owner,
            job.exit_code,
            job.result
        ),
        (None, None, None, None, None)
    );

    let job = client
        .get_job()
        .job_id("j-2")
        .send()
        .await
        .expect("200")
        .into_inner();
    full.assert_async().await;
    let resources = job.resources.expect("resources");
    assert_eq!(resources.gpus.get(), 2);
    assert_eq!(resources.gpu_type.as_deref(), Some("H100"));
    assert_eq!(job.finished_at, Some(utc("2024-05-01T12:00:00Z")));
    assert_eq!(job.owner.as_deref(), Some("ana"));
    assert_eq!(job.exit_code, Some(0));
    assert_eq!(job.result, Some(JobResult::Number(0.93)));

    // The default (3600) is sent; no resources are left out rather than sent as null.
    let job = client
        .create_job()
        .body(JobCreate::builder().image("trainer:1"))
        .send()
        .await
        .expect("201")
        .into_inner();
    create.assert_async().await;
    assert_eq!(job.id, "j-3");
    assert_eq!(job.result, Some(JobResult::String("queued".into())));
    assert!(
        serde_json::from_value::<Resources>(json!({"gpus": 0})).is_err(),
        "minimum 1 is kept"
    );
}

#[tokio::test]
async fn const_values_are_one_value_enums() {
    use cloud_clusters_corpus::const_values::types::{
        VolumeApiVersion, VolumeCreate, VolumeCreateKind, VolumeListObject, VolumeObject,
    };
    let server = MockServer::start_async().await;
    let list = server
        .mock_async(|when, then| {
            when.method(GET).path("/volumes");
            then.status(200).json_body(json!({
                "object": "list", "has_more": false,
                "data": [{"object": "volume", "id": "v-1", "size_gb": 100, "api_version": "2024-06-01"}]
            }));
        })
        .await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/volumes")
                .json_body(json!({"kind": "network", "size_gb": 50}));
            then.status(200)
                .json_body(json!({"object": "volume", "id": "v-2", "size_gb": 50}));
        })
        .await;
    let client = client!(const_values, server);

    let page = client
        .list_volumes()
        .send()
        .await
        .expect("200")
        .into_inner();
    list.assert_async().await;
    assert_eq!(page.object, VolumeListObject::List);
    assert!(!page.has_more);
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.data[0].object, VolumeObject::Volume);
    assert_eq!(page.data[0].api_version, Some(VolumeApiVersion::X20240601));
    assert_eq!(page.data[0].size_gb, 100);

    let body = VolumeCreate {
        kind: VolumeCreateKind::Network,
        size_gb: std::num::NonZeroU64::new(50).expect("non-zero"),
    };
    let volume = client
        .create_volume()
        .body(body)
        .send()
        .await
        .expect("200")
        .into_inner();
    create.assert_async().await;
    assert_eq!(
        (volume.id.as_str(), volume.object, volume.api_version),
        ("v-2", VolumeObject::Volume, None)
    );
    // A request constant stays strict.
    assert!(
        serde_json::from_value::<VolumeCreate>(json!({"kind": "block", "size_gb": 1})).is_err()
    );
}

#[tokio::test]
async fn schema_examples_do_not_change_the_types() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/regions/us-east-1/instance-types").query_param("gpu", "H100");
            then.status(200).json_body(json!([
                {"name": "gpu-8x-h100", "gpus": 8, "hourly_price": 23.92, "regions": ["us-east-1", "eu-west-2"]}
            ]));
        })
        .await;
    let client = client!(schema_examples, server);
    let types = client
        .list_instance_types()
        .region("us-east-1")
        .gpu("H100")
        .send()
        .await
        .expect("200")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(types.len(), 1);
    assert_eq!(types[0].name, "gpu-8x-h100");
    assert_eq!(types[0].gpus, 8);
    assert_eq!(types[0].hourly_price, 23.92);
    assert_eq!(types[0].regions, ["us-east-1", "eu-west-2"]);
}

#[tokio::test]
async fn exclusive_bounds_keep_the_exclusive_minimum() {
    use cloud_clusters_corpus::exclusive_bounds::types::{Scale, ScaleRequest};
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/deployments/d-1/scale")
                .json_body(json!({"replicas": 3, "gpu_fraction": 0.5}));
            then.status(200)
                .json_body(json!({"replicas": 3, "utilization": 0.42}));
        })
        .await;
    let client = client!(exclusive_bounds, server);
    let body = ScaleRequest {
        replicas: std::num::NonZeroU32::new(3).expect("non-zero"),
        gpu_fraction: Some(0.5),
        budget_usd: None,
    };
    let scale: Scale = client
        .scale_deployment()
        .deployment_id("d-1")
        .body(body)
        .send()
        .await
        .expect("200")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(scale.replicas.get(), 3);
    assert_eq!(scale.utilization, 0.42);
    // `exclusiveMinimum: 0` on an integer: zero replicas cannot be written.
    assert!(serde_json::from_value::<ScaleRequest>(json!({"replicas": 0})).is_err());
}

#[tokio::test]
async fn defs_become_named_types() {
    use cloud_clusters_corpus::defs::types::{
        Pipeline, PipelineCron, PipelineRetryPolicy, PipelineSchedule, PipelineStep,
    };
    let server = MockServer::start_async().await;
    let sent = json!({
        "name": "nightly",
        "steps": [{"name": "train", "image": "trainer:1", "retry": {"attempts": 3}}],
        "schedule": {"cron": "0 3 * * *", "timezone": "UTC"}
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/pipelines").json_body(sent.clone());
            then.status(200).json_body(sent.clone());
        })
        .await;
    let client = client!(defs, server);
    let cron: PipelineCron = "0 3 * * *".parse().expect("matches the pattern");
    assert!(
        "every night".parse::<PipelineCron>().is_err(),
        "the nested $defs pattern is kept"
    );
    let pipeline = Pipeline {
        name: "nightly".into(),
        steps: vec![PipelineStep {
            name: "train".into(),
            image: "trainer:1".into(),
            retry: Some(PipelineRetryPolicy { attempts: Some(3) }),
        }],
        schedule: Some(PipelineSchedule {
            cron: Some(cron),
            timezone: Some("UTC".into()),
        }),
    };
    let back = client
        .create_pipeline()
        .body(pipeline.clone())
        .send()
        .await
        .expect("200")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(back, pipeline);
}

#[tokio::test]
async fn webhooks_are_left_out_and_operations_work() {
    use cloud_clusters_corpus::webhooks::types::SubscriptionCreate;
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/subscriptions").json_body(
                json!({"url": "https://hooks.example.org/c", "events": ["cluster.ready"]}),
            );
            then.status(201).json_body(json!({
                "id": "s-1", "url": "https://hooks.example.org/c", "events": ["cluster.ready"]
            }));
        })
        .await;
    let client = client!(webhooks, server);
    let body = SubscriptionCreate {
        url: "https://hooks.example.org/c".into(),
        events: vec!["cluster.ready".into()],
    };
    let sub = client
        .create_subscription()
        .body(body)
        .send()
        .await
        .expect("201")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(sub.id, "s-1");
    assert_eq!(sub.url, "https://hooks.example.org/c");
    assert_eq!(sub.events, ["cluster.ready"]);
    assert_eq!(cloud_clusters_corpus::webhooks::SPEC.openapi, "3.1.0");
}

#[tokio::test]
async fn leftover_nullable_is_still_nullable() {
    let server = MockServer::start_async().await;
    let nulls = server
        .mock_async(|when, then| {
            when.method(GET).path("/api-keys/k-1");
            then.status(200).json_body(json!({
                "id": "k-1", "name": "ci", "expires_at": null,
                "last_used_at": "2024-05-01T12:00:00Z", "scopes": null, "project": null
            }));
        })
        .await;
    let values = server
        .mock_async(|when, then| {
            when.method(GET).path("/api-keys/k-2");
            then.status(200).json_body(json!({
                "id": "k-2", "name": "deploy", "expires_at": "2025-01-01T00:00:00Z",
                "last_used_at": null, "scopes": ["clusters:read"], "project": {"id": "p-1"}
            }));
        })
        .await;
    let client = client!(nullable_leftover, server);

    let key = client
        .get_api_key()
        .key_id("k-1")
        .send()
        .await
        .expect("200")
        .into_inner();
    nulls.assert_async().await;
    assert_eq!(key.expires_at, None);
    assert_eq!(key.last_used_at, Some(utc("2024-05-01T12:00:00Z")));
    assert_eq!(key.scopes, None);
    assert_eq!(key.project, None);

    let key = client
        .get_api_key()
        .key_id("k-2")
        .send()
        .await
        .expect("200")
        .into_inner();
    values.assert_async().await;
    assert_eq!(key.expires_at, Some(utc("2025-01-01T00:00:00Z")));
    assert_eq!(key.last_used_at, None);
    assert_eq!(key.scopes, Some(vec!["clusters:read".to_string()]));
    assert_eq!(key.project.expect("project").id, "p-1");
}

#[tokio::test]
async fn integer_bounds_carry_u64_max() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/quotas/p-1")
                .query_param("min_bytes", "18446744073709551615");
            then.status(200).json_body(json!({
                "storage_bytes": u64::MAX, "objects": u64::MAX, "cpu_millis": 1500, "gpus": 8, "name": "default"
            }));
        })
        .await;
    let client = client!(integer_bounds, server);
    let quota = client
        .get_quota()
        .project_id("p-1")
        .min_bytes(u64::MAX)
        .send()
        .await
        .expect("200")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(quota.storage_bytes, u64::MAX);
    assert_eq!(quota.objects, u64::MAX);
    // `minimum: 0.5` rounds inward to 1: a non-zero integer.
    assert_eq!(quota.cpu_millis.get(), 1500);
    assert_eq!(quota.gpus.map(|g| g.get()), Some(8));
    assert_eq!(quota.name.as_deref().map(String::as_str), Some("default"));
}

#[tokio::test]
async fn operations_without_ids_are_named_from_method_and_path() {
    let server = MockServer::start_async().await;
    let list = server
        .mock_async(|when, then| {
            when.method(GET).path("/clusters");
            then.status(200)
                .json_body(json!([{"id": "c-1"}, {"id": "c-2"}]));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE).path("/clusters/c-1");
            then.status(204);
        })
        .await;
    let client = client!(operation_ids, server);
    let clusters = client
        .get_clusters()
        .send()
        .await
        .expect("200")
        .into_inner();
    list.assert_async().await;
    let ids: Vec<_> = clusters.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["c-1", "c-2"]);
    let deleted = client
        .delete_clusters_by_cluster_id()
        .cluster_id("c-1")
        .send()
        .await
        .expect("204");
    delete.assert_async().await;
    assert_eq!(deleted.status(), 204);
}

#[tokio::test]
async fn duplicate_operation_ids_are_both_callable() {
    let server = MockServer::start_async().await;
    let cluster_nodes = server
        .mock_async(|when, then| {
            when.method(GET).path("/clusters/c-1/nodes");
            then.status(200)
                .json_body(json!([{"id": "n-1", "gpus": 8}]));
        })
        .await;
    let pool_nodes = server
        .mock_async(|when, then| {
            when.method(GET).path("/pools/p-1/nodes");
            then.status(200)
                .json_body(json!([{"id": "n-2", "gpus": 4}, {"id": "n-3", "gpus": 4}]));
        })
        .await;
    let client = client!(duplicate_operation_ids, server);
    let nodes = client
        .list_nodes()
        .cluster_id("c-1")
        .send()
        .await
        .expect("200")
        .into_inner();
    cluster_nodes.assert_async().await;
    assert_eq!(
        (nodes.len(), nodes[0].id.as_str(), nodes[0].gpus),
        (1, "n-1", 8)
    );
    let nodes = client
        .list_nodes_2()
        .pool_id("p-1")
        .send()
        .await
        .expect("200")
        .into_inner();
    pool_nodes.assert_async().await;
    let gpus: i32 = nodes.iter().map(|n| n.gpus).sum();
    assert_eq!((nodes.len(), gpus), (2, 8));
}

#[tokio::test]
async fn several_success_types_decode_each_body() {
    use cloud_clusters_corpus::success_types::Error;
    use cloud_clusters_corpus::success_types::types::{ClusterCreate, CreateClusterResponse};
    let server = MockServer::start_async().await;
    let ready = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/clusters")
                .json_body(json!({"name": "existing"}));
            then.status(200)
                .json_body(json!({"id": "c-1", "name": "existing", "state": "ready"}));
        })
        .await;
    let pending = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/clusters")
                .json_body(json!({"name": "new"}));
            then.status(202)
                .json_body(json!({"operation_id": "op-9", "done": false}));
        })
        .await;
    let deleted = server
        .mock_async(|when, then| {
            when.method(DELETE).path("/clusters/c-1");
            then.status(200)
                .json_body(json!({"id": "c-1", "name": "existing", "state": "deleted"}));
        })
        .await;
    let gone = server
        .mock_async(|when, then| {
            when.method(DELETE).path("/clusters/c-2");
            then.status(204);
        })
        .await;
    let client = client!(success_types, server);

    let create = |name: &str| ClusterCreate { name: name.into() };
    let answer = client
        .create_cluster()
        .body(create("existing"))
        .send()
        .await
        .expect("200");
    ready.assert_async().await;
    assert_eq!(answer.status(), 200);
    match answer.into_inner() {
        CreateClusterResponse::Cluster(c) => {
            assert_eq!((c.id.as_str(), c.state.as_str()), ("c-1", "ready"))
        }
        other => panic!("expected the cluster, got {other:?}"),
    }
    let answer = client
        .create_cluster()
        .body(create("new"))
        .send()
        .await
        .expect("202");
    pending.assert_async().await;
    assert_eq!(answer.status(), 202);
    match answer.into_inner() {
        CreateClusterResponse::Operation(op) => {
            assert_eq!((op.operation_id.as_str(), op.done), ("op-9", false))
        }
        other => panic!("expected the operation, got {other:?}"),
    }

    let cluster = client
        .delete_cluster()
        .cluster_id("c-1")
        .send()
        .await
        .expect("200")
        .into_inner();
    deleted.assert_async().await;
    assert_eq!(cluster.state, "deleted");
    // The empty 204 beside the typed 200 reaches the caller as UnexpectedResponse.
    match client.delete_cluster().cluster_id("c-2").send().await {
        Err(Error::UnexpectedResponse(response)) => assert_eq!(response.status(), 204),
        other => panic!("expected UnexpectedResponse(204), got {other:?}"),
    }
    gone.assert_async().await;
}

#[tokio::test]
async fn several_error_types_keep_the_typed_one() {
    use cloud_clusters_corpus::error_types::Error;
    use cloud_clusters_corpus::error_types::types::{ClientError, ClusterCreate, ValidationError};
    let server = MockServer::start_async().await;
    let invalid = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/clusters")
                .json_body(json!({"name": ""}));
            then.status(400)
                .json_body(json!({"field": "name", "message": "must not be empty"}));
        })
        .await;
    let crashed = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/clusters")
                .json_body(json!({"name": "boom"}));
            then.status(500);
        })
        .await;
    let missing = server
        .mock_async(|when, then| {
            when.method(GET).path("/clusters/missing");
            then.status(404)
                .json_body(json!({"code": "not_found", "message": "no such cluster"}));
        })
        .await;
    let busy = server
        .mock_async(|when, then| {
            when.method(GET).path("/clusters/busy");
            then.status(503)
                .json_body(json!({"fault": "overloaded", "retry_after_seconds": 30}));
        })
        .await;
    let client = client!(error_types, server);

    match client
        .create_cluster()
        .body(ClusterCreate {
            name: String::new(),
        })
        .send()
        .await
    {
        Err(Error::ErrorResponse(rv)) => {
            assert_eq!(rv.status(), 400);
            assert_eq!(
                rv.into_inner(),
                ValidationError {
                    field: "name".into(),
                    message: "must not be empty".into()
                }
            );
        }
        other => panic!("expected the typed 400, got {other:?}"),
    }
    invalid.assert_async().await;
    match client
        .create_cluster()
        .body(ClusterCreate {
            name: "boom".into(),
        })
        .send()
        .await
    {
        Err(Error::UnexpectedResponse(response)) => assert_eq!(response.status(), 500),
        other => panic!("expected UnexpectedResponse(500), got {other:?}"),
    }
    crashed.assert_async().await;

    match client.get_cluster().cluster_id("missing").send().await {
        Err(Error::ErrorResponse(rv)) => {
            assert_eq!(rv.status(), 404);
            let ClientError { code, message } = rv.into_inner();
            assert_eq!(
                (code.as_str(), message.as_str()),
                ("not_found", "no such cluster")
            );
        }
        other => panic!("expected the typed 4XX, got {other:?}"),
    }
    missing.assert_async().await;
    // The 5XX body of the other type arrives raw; the caller can still read it.
    match client.get_cluster().cluster_id("busy").send().await {
        Err(Error::UnexpectedResponse(response)) => {
            assert_eq!(response.status(), 503);
            let body: serde_json::Value = response.json().await.expect("a JSON body");
            assert_eq!(
                body,
                json!({"fault": "overloaded", "retry_after_seconds": 30})
            );
        }
        other => panic!("expected UnexpectedResponse(503), got {other:?}"),
    }
    busy.assert_async().await;
}

#[tokio::test]
async fn default_responses_become_typed_errors() {
    use cloud_clusters_corpus::default_response::Error;
    use cloud_clusters_corpus::default_response::types::ClusterCreate;
    let server = MockServer::start_async().await;
    let found = server
        .mock_async(|when, then| {
            when.method(GET).path("/clusters/c-1");
            then.status(200)
                .json_body(json!({"id": "c-1", "name": "train"}));
        })
        .await;
    let not_found = server
        .mock_async(|when, then| {
            when.method(GET).path("/clusters/c-404");
            then.status(404)
                .json_body(json!({"code": 404, "message": "no such cluster"}));
        })
        .await;
    let internal = server
        .mock_async(|when, then| {
            when.method(GET).path("/clusters/c-500");
            then.status(500)
                .json_body(json!({"code": 500, "message": "internal"}));
        })
        .await;
    let quota = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/clusters")
                .json_body(json!({"name": "big"}));
            then.status(429)
                .json_body(json!({"code": 429, "message": "quota exceeded"}));
        })
        .await;
    let client = client!(default_response, server);

    let cluster = client
        .get_cluster()
        .cluster_id("c-1")
        .send()
        .await
        .expect("200")
        .into_inner();
    found.assert_async().await;
    assert_eq!(
        (cluster.id.as_str(), cluster.name.as_str()),
        ("c-1", "train")
    );
    for (id, status, message) in [
        ("c-404", 404, "no such cluster"),
        ("c-500", 500, "internal"),
    ] {
        match client.get_cluster().cluster_id(id).send().await {
            Err(Error::ErrorResponse(rv)) => {
                assert_eq!(rv.status(), status);
                let e = rv.into_inner();
                assert_eq!((e.code, e.message.as_str()), (i32::from(status), message));
            }
            other => panic!("expected a typed {status}, got {other:?}"),
        }
    }
    not_found.assert_async().await;
    internal.assert_async().await;
    match client
        .create_cluster()
        .body(ClusterCreate { name: "big".into() })
        .send()
        .await
    {
        Err(Error::ErrorResponse(rv)) => {
            assert_eq!(rv.status(), 429);
            assert_eq!(rv.into_inner().message, "quota exceeded");
        }
        other => panic!("expected a typed 429 (default → 4XX), got {other:?}"),
    }
    quota.assert_async().await;
}

#[tokio::test]
async fn media_types_send_json_and_read_vendor_json() {
    use cloud_clusters_corpus::media_types::Error;
    use cloud_clusters_corpus::media_types::types::{
        InstanceCreate, TagsDocument, TagsDocumentData,
    };
    let server = MockServer::start_async().await;
    let created = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/instances")
                .header("content-type", "application/json")
                .json_body(json!({"name": "box", "instance_type": "gpu-1x-a10"}));
            then.status(201)
                .header("content-type", "application/json")
                .json_body(json!({"id": "i-1", "name": "box", "instance_type": "gpu-1x-a10"}));
        })
        .await;
    let refused = server
        .mock_async(|when, then| {
            when.method(POST).path("/instances").json_body(json!({"name": "box", "instance_type": "tpu"}));
            then.status(422)
                .header("content-type", "application/problem+json")
                .json_body(json!({
                    "type": "https://api.example.com/problems/unknown-type", "title": "Unknown instance type",
                    "status": 422, "detail": "tpu is not offered"
                }));
        })
        .await;
    let tags = json!({"data": {"type": "tags", "id": "i-1", "attributes": {"team": "ml"}}});
    let tagged = server
        .mock_async(|when, then| {
            // The document asks for application/vnd.api+json; the client sends it as application/json.
            when.method(PATCH)
                .path("/instances/i-1/tags")
                .header("content-type", "application/json")
                .json_body(tags.clone());
            then.status(200)
                .header("content-type", "application/vnd.api+json")
                .json_body(tags.clone());
        })
        .await;
    let client = client!(media_types, server);

    let body = |t: &str| InstanceCreate {
        name: "box".into(),
        instance_type: t.into(),
    };
    let instance = client
        .create_instance()
        .body(body("gpu-1x-a10"))
        .send()
        .await
        .expect("201")
        .into_inner();
    created.assert_async().await;
    assert_eq!(
        (instance.id.as_str(), instance.instance_type.as_str()),
        ("i-1", "gpu-1x-a10")
    );
    match client.create_instance().body(body("tpu")).send().await {
        Err(Error::ErrorResponse(rv)) => {
            assert_eq!(rv.status(), 422);
            let problem = rv.into_inner();
            assert_eq!(problem.title, "Unknown instance type");
            assert_eq!(problem.status, 422);
            assert_eq!(problem.detail.as_deref(), Some("tpu is not offered"));
        }
        other => panic!("expected the problem+json 422, got {other:?}"),
    }
    refused.assert_async().await;

    let doc = TagsDocument {
        data: TagsDocumentData {
            type_: "tags".into(),
            id: "i-1".into(),
            attributes: [("team".to_string(), "ml".to_string())].into(),
        },
    };
    let back = client
        .update_instance_tags()
        .instance_id("i-1")
        .body(doc.clone())
        .send()
        .await
        .expect("200")
        .into_inner();
    tagged.assert_async().await;
    assert_eq!(back, doc);
}

#[tokio::test]
async fn multipart_only_leaves_the_other_operations() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/datasets/d-1");
            then.status(200)
                .json_body(json!({"id": "d-1", "bytes": 1048576}));
        })
        .await;
    let client = client!(multipart_only, server);
    let dataset = client
        .get_dataset()
        .dataset_id("d-1")
        .send()
        .await
        .expect("200")
        .into_inner();
    mock.assert_async().await;
    assert_eq!((dataset.id.as_str(), dataset.bytes), ("d-1", 1_048_576));
}

#[tokio::test]
async fn raw_bodies_are_sent_as_form_bytes_and_text() {
    use cloud_clusters_corpus::raw_bodies::types::TokenRequest;
    let server = MockServer::start_async().await;
    let token = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth/token")
                .header("content-type", "application/x-www-form-urlencoded")
                .form_urlencoded_tuple("grant_type", "client_credentials")
                .form_urlencoded_tuple("client_id", "app")
                .form_urlencoded_tuple("client_secret", "s3cret")
                .form_urlencoded_tuple_missing("scope");
            then.status(200).json_body(
                json!({"access_token": "tok", "token_type": "Bearer", "expires_in": 3600}),
            );
        })
        .await;
    let object = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/objects/weights.bin")
                .header("content-type", "application/octet-stream")
                .body("GGUF\u{0}\u{1}\u{2}\u{3}"); // httpmock matches bodies as strings
            then.status(200)
                .json_body(json!({"key": "weights.bin", "size": 8}));
        })
        .await;
    let script = "#!/bin/sh\necho ready\n";
    let startup = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/clusters/c-1/startup-script")
                .header("content-type", "text/plain")
                .body(script);
            then.status(204);
        })
        .await;
    let client = client!(raw_bodies, server);

    let request = TokenRequest {
        grant_type: "client_credentials".into(),
        client_id: "app".into(),
        client_secret: "s3cret".into(),
        scope: None,
    };
    let t = client
        .create_token()
        .body(request)
        .send()
        .await
        .expect("200")
        .into_inner();
    token.assert_async().await;
    assert_eq!(
        (
            t.access_token.as_str(),
            t.token_type.as_deref(),
            t.expires_in
        ),
        ("tok", Some("Bearer"), 3600)
    );

    let stored = client
        .put_object()
        .key("weights.bin")
        .body(vec![b'G', b'G', b'U', b'F', 0u8, 1, 2, 3])
        .send()
        .await
        .expect("200")
        .into_inner();
    object.assert_async().await;
    assert_eq!((stored.key.as_str(), stored.size), ("weights.bin", 8));

    let saved = client
        .set_startup_script()
        .cluster_id("c-1")
        .body(script)
        .send()
        .await
        .expect("204");
    startup.assert_async().await;
    assert_eq!(saved.status(), 204);
}

#[tokio::test]
async fn json_without_schema_is_any_json() {
    let server = MockServer::start_async().await;
    let metadata = json!({"owner": "ana", "budget": {"usd": 100}, "tags": ["a", 1, null]});
    let put = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/clusters/c-1/metadata")
                .header("content-type", "application/json")
                .json_body(metadata.clone());
            then.status(200).json_body(metadata.clone());
        })
        .await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/clusters/c-1/metadata");
            then.status(200).json_body(json!([1, "two", null]));
        })
        .await;
    let client = client!(json_without_schema, server);
    let back = client
        .put_cluster_metadata()
        .cluster_id("c-1")
        .body(metadata.clone())
        .send()
        .await
        .expect("200")
        .into_inner();
    put.assert_async().await;
    assert_eq!(back, metadata);
    let value = client
        .get_cluster_metadata()
        .cluster_id("c-1")
        .send()
        .await
        .expect("200")
        .into_inner();
    get.assert_async().await;
    assert_eq!(value, json!([1, "two", null]));
}

#[tokio::test]
async fn path_item_refs_are_generated() {
    use cloud_clusters_corpus::path_item_refs::types::SnapshotCreate;
    let server = MockServer::start_async().await;
    let list = server
        .mock_async(|when, then| {
            when.method(GET).path("/snapshots");
            then.status(200)
                .json_body(json!([{"id": "s-1", "volume_id": "v-1"}]));
        })
        .await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/snapshots")
                .json_body(json!({"volume_id": "v-2"}));
            then.status(201)
                .json_body(json!({"id": "s-2", "volume_id": "v-2"}));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE).path("/snapshots/s-1");
            then.status(204);
        })
        .await;
    let client = client!(path_item_refs, server);
    let snapshots = client
        .list_snapshots()
        .send()
        .await
        .expect("200")
        .into_inner();
    list.assert_async().await;
    assert_eq!(
        (
            snapshots.len(),
            snapshots[0].id.as_str(),
            snapshots[0].volume_id.as_str()
        ),
        (1, "s-1", "v-1")
    );
    let body = SnapshotCreate {
        volume_id: "v-2".into(),
    };
    let snapshot = client
        .create_snapshot()
        .body(body)
        .send()
        .await
        .expect("201")
        .into_inner();
    create.assert_async().await;
    assert_eq!(
        (snapshot.id.as_str(), snapshot.volume_id.as_str()),
        ("s-2", "v-2")
    );
    let deleted = client
        .delete_snapshot()
        .snapshot_id("s-1")
        .send()
        .await
        .expect("204");
    delete.assert_async().await;
    assert_eq!(deleted.status(), 204);
}

#[tokio::test]
async fn path_level_parameters_reach_every_operation() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/projects/p-1/clusters/c-1")
                .query_param("verbose", "true")
                .header("x-request-id", "req-7");
            then.status(200)
                .json_body(json!({"id": "c-1", "project_id": "p-1"}));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/projects/p-1/clusters/c-2")
                .query_param("verbose", "full")
                .header_missing("x-request-id");
            then.status(204);
        })
        .await;
    let client = client!(path_parameters, server);
    let cluster = client
        .get_project_cluster()
        .project_id("p-1")
        .cluster_id("c-1")
        .verbose(true) // the operation's boolean overrides the path's string
        .x_request_id("req-7")
        .send()
        .await
        .expect("200")
        .into_inner();
    get.assert_async().await;
    assert_eq!(
        (cluster.id.as_str(), cluster.project_id.as_str()),
        ("c-1", "p-1")
    );
    let deleted = client
        .delete_project_cluster()
        .project_id("p-1")
        .cluster_id("c-2")
        .verbose("full")
        .send()
        .await
        .expect("204");
    delete.assert_async().await;
    assert_eq!(deleted.status(), 204);
}

#[tokio::test]
async fn server_variables_are_the_callers_base_url() {
    use cloud_clusters_corpus::server_variables::{BASE_URLS, Client, DEFAULT_BASE_URL};
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v2/clusters")
                .query_param("limit", "10");
            then.status(200)
                .json_body(json!([{"id": "c-1", "region": "eu-west-1"}]));
        })
        .await;
    // The templated server URL is listed for callers to fill in; the client takes a concrete one.
    assert_eq!(BASE_URLS.len(), 1);
    assert_eq!(
        BASE_URLS[0].url,
        "https://{region}.api.example.com/{version}"
    );
    assert_eq!(DEFAULT_BASE_URL, "https://api.example.com");
    let options = ClientOptions {
        retry: RetryPolicy::none(),
        ..Default::default()
    };
    let client =
        Client::with_options(&format!("{}/v2", server.base_url()), KEY, options).expect("base URL");
    let clusters = client
        .list_clusters()
        .limit(10u32)
        .send()
        .await
        .expect("200")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(
        (clusters[0].id.as_str(), clusters[0].region.as_str()),
        ("c-1", "eu-west-1")
    );
}

#[tokio::test]
async fn response_enums_accept_values_added_later() {
    use cloud_clusters_corpus::open_enum::types::{ClusterCreate, ClusterStatus, Tier};
    let server = MockServer::start_async().await;
    let hibernating = server
        .mock_async(|when, then| {
            when.method(GET).path("/clusters/c-1");
            then.status(200)
                .json_body(json!({"id": "c-1", "status": "hibernating", "tier": "standard"}));
        })
        .await;
    let created = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/clusters")
                .json_body(json!({"name": "train", "tier": "dedicated"}));
            then.status(201)
                .json_body(json!({"id": "c-2", "status": "provisioning", "tier": "dedicated"}));
        })
        .await;
    let client = client!(open_enum, server);
    let cluster = client
        .get_cluster()
        .cluster_id("c-1")
        .send()
        .await
        .expect("200")
        .into_inner();
    hibernating.assert_async().await;
    assert_eq!(cluster.status, ClusterStatus::Unknown("hibernating".into()));
    assert_eq!(cluster.tier, Tier::Standard);

    let body = ClusterCreate {
        name: "train".into(),
        tier: Tier::Dedicated,
    };
    let cluster = client
        .create_cluster()
        .body(body)
        .send()
        .await
        .expect("201")
        .into_inner();
    created.assert_async().await;
    assert_eq!(
        (cluster.id.as_str(), cluster.status),
        ("c-2", ClusterStatus::Provisioning)
    );
    // An enum a request carries stays strict.
    assert!(serde_json::from_value::<Tier>(json!("premium")).is_err());
}

#[tokio::test]
async fn passwords_are_sent_but_never_shown() {
    use cloud_clusters_core::RequestSecret;
    use cloud_clusters_corpus::password_format::types::DatabaseCreate;
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/databases")
                .json_body(json!({"name": "main", "admin_password": "correct horse battery"}));
            then.status(201).json_body(
                json!({"id": "db-1", "username": "admin", "password": "Lb9.&N,9]Gd4pkp*"}),
            );
        })
        .await;
    let client = client!(password_format, server);
    let body = DatabaseCreate {
        name: "main".into(),
        admin_password: RequestSecret::from("correct horse battery"),
    };
    assert!(!format!("{body:?}").contains("horse"), "{body:?}");
    let db = client
        .create_database()
        .body(body)
        .send()
        .await
        .expect("201")
        .into_inner();
    mock.assert_async().await;
    assert_eq!((db.id.as_str(), db.username.as_str()), ("db-1", "admin"));
    assert_eq!(db.password.expose_secret(), "Lb9.&N,9]Gd4pkp*");
    let shown = format!("{db:?}");
    assert!(
        shown.contains("[redacted]") && !shown.contains("Lb9"),
        "{shown}"
    );
    // The answer's secret never serializes; the request's is sent as it must be.
    let written = serde_json::to_string(&db).expect("serializes");
    assert!(
        written.contains("\"[redacted]\"") && !written.contains("Lb9"),
        "{written}"
    );
}

#[tokio::test]
async fn string_defaults_are_sent_as_the_values_they_spell() {
    use cloud_clusters_corpus::string_defaults::types::{GenerateRequest, GenerateResponse};
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/generate")
                // "100" became 100 and "false" false; the "null"s and the
                // default outside the enum are gone, so nothing else is sent.
                .json_body(json!({"inputs": "hi", "max_new_tokens": 100, "stream": false}));
            then.status(200)
                .json_body(json!({"generated_text": "hello"}));
        })
        .await;
    let client = client!(string_defaults, server);
    let answer = client
        .generate()
        .body(GenerateRequest::builder().inputs("hi"))
        .send()
        .await
        .expect("200")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(
        answer,
        GenerateResponse {
            generated_text: "hello".into()
        }
    );
    let decoded: GenerateRequest =
        serde_json::from_value(json!({"inputs": "x"})).expect("defaults fill the rest");
    assert_eq!(decoded.max_new_tokens, Some(100));
    assert!(!decoded.stream);
    assert_eq!((decoded.temperature, decoded.mode), (None, None));
}

#[tokio::test]
async fn a_refused_schema_leaves_the_operations_that_do_not_use_it() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/widgets");
            then.status(200)
                .json_body(json!([{"id": "w-1", "size": 3}, {"id": "w-2"}]));
        })
        .await;
    let client = client!(refused_schema, server);
    let widgets = client
        .list_widgets()
        .send()
        .await
        .expect("200")
        .into_inner();
    mock.assert_async().await;
    let got: Vec<(&str, Option<i64>)> = widgets.iter().map(|w| (w.id.as_str(), w.size)).collect();
    assert_eq!(got, [("w-1", Some(3)), ("w-2", None)]);
}

#[tokio::test]
async fn mended_mock_helpers_match_arrays_copy_bodies_and_literal_paths() {
    use cloud_clusters_corpus::mock_parameters::mock::MockServerExt;
    use cloud_clusters_corpus::mock_parameters::types::SandboxState;
    let server = MockServer::start_async().await;
    let ids = vec!["s-1".to_string(), "s-2".to_string()];
    let states = vec![SandboxState::Running, SandboxState::Paused];
    let list = server.list_sandboxes(|when, then| {
        when.ids(&ids).state(&states).x_tags("gpu,eu");
        then.ok(&vec!["s-1".to_string()]);
    });
    let dotted = server.get_sandbox(|when, then| {
        when.sandbox_id("v1.2");
        then.ok(SandboxState::Paused);
    });
    // httpmock's own `MockServer::reset` would shadow the operation's helper:
    // it is `reset_operation`.
    let reset = server.reset_operation(|_, then| {
        then.ok(true);
    });
    let client = client!(mock_parameters, server);

    let listed = client
        .list_sandboxes()
        .ids(ids.clone())
        .state(states.clone())
        .x_tags("gpu,eu")
        .send()
        .await
        .expect("every array item and the joined header match")
        .into_inner();
    assert_eq!(listed, ["s-1"]);
    list.assert_async().await;

    let state = client
        .get_sandbox()
        .sandbox_id("v1.2")
        .send()
        .await
        .expect("200")
        .into_inner();
    assert_eq!(state, SandboxState::Paused);
    // The dot is literal: `v1x2` does not match the mock for `v1.2`.
    let other = client.get_sandbox().sandbox_id("v1x2").send().await;
    assert_eq!(
        other.expect_err("no mock").status(),
        Some(reqwest::StatusCode::NOT_FOUND)
    );
    dotted.assert_calls_async(1).await;

    let was_reset = client.reset().send().await.expect("200").into_inner();
    assert!(was_reset);
    reset.assert_async().await;
}

#[tokio::test]
async fn enum_values_that_differ_only_in_punctuation_keep_their_own_variants() {
    use cloud_clusters_corpus::punctuation_enums::types::{Operator, Rule, SortOrder, Step};
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/rules").json_body(
                json!({"metric": "latency_ms", "operator": ">=", "threshold": 250.0, "step": "-1"}),
            );
            then.status(201).json_body(
                json!({"metric": "latency_ms", "operator": "!=", "threshold": 250.0, "step": "+1"}),
            );
        })
        .await;
    let client = client!(punctuation_enums, server);
    let body = Rule {
        metric: "latency_ms".into(),
        operator: Operator::GtEq,
        threshold: 250.0,
        step: Some(Step::Minus1),
        order: None,
    };
    let rule = client
        .create_rule()
        .body(body)
        .send()
        .await
        .expect("201")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(
        (rule.operator, rule.step),
        (Operator::NotEq, Some(Step::Plus1))
    );
    let orders: Vec<SortOrder> = serde_json::from_value(json!(["ASC", "DESC", "asc", "desc"]))
        .expect("every value has its own variant");
    assert_eq!(
        orders,
        [
            SortOrder::Asc,
            SortOrder::Desc,
            SortOrder::Asc2,
            SortOrder::Desc2
        ]
    );
    let names: Vec<String> = [
        Operator::Eq,
        Operator::Gt,
        Operator::Lt,
        Operator::GtEq,
        Operator::LtEq,
        Operator::NotEq,
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    assert_eq!(names, ["=", ">", "<", ">=", "<=", "!="]);
}

#[tokio::test]
async fn types_with_one_rust_name_get_distinct_names() {
    use cloud_clusters_corpus::name_collisions::types::{
        DiskSize, DiskSize2, SnapshotExport, SnapshotExport2,
    };
    let server = MockServer::start_async().await;
    let snapshot = server
        .mock_async(|when, then| {
            when.method(GET).path("/snapshots/s-1");
            then.status(200).json_body(json!({
                "id": "s-1", "size": {"gib": 8},
                "export": {"md5sum": "abc", "presigned-url": "https://x/s-1"}
            }));
        })
        .await;
    let export = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/snapshots/s-1/export")
                .query_param("DateSent<", "2026-01-01")
                .query_param("DateSent>", "2025-01-01")
                .query_param_missing("DateSent");
            then.status(200).json_body(json!({
                "id": "e-1", "url": "https://x/e-1", "limit": {"bytes": 1024},
                "connection_string": "snake", "connectionString": "camel"
            }));
        })
        .await;
    let client = client!(name_collisions, server);
    let got = client
        .get_snapshot()
        .id("s-1")
        .send()
        .await
        .expect("200")
        .into_inner();
    snapshot.assert_async().await;
    let inline: SnapshotExport2 = got.export.expect("export");
    assert_eq!(inline.presigned_url.as_deref(), Some("https://x/s-1"));
    let size: DiskSize = got.size.expect("size");
    assert_eq!(size.gib, Some(8));
    let exported: SnapshotExport = client
        .export_snapshot()
        .id("s-1")
        .date_sent_2("2026-01-01")
        .date_sent_3("2025-01-01")
        .send()
        .await
        .expect("200")
        .into_inner();
    export.assert_async().await;
    let limit: DiskSize2 = exported.limit.expect("limit");
    assert_eq!(
        (exported.url.as_deref(), limit.bytes),
        (Some("https://x/e-1"), Some(1024))
    );
    assert_eq!(
        (
            exported.connection_string.as_deref(),
            exported.connection_string_2.as_deref()
        ),
        (Some("snake"), Some("camel"))
    );
}

#[tokio::test]
async fn selected_parts_of_a_document_call_as_the_whole_would() {
    let server = MockServer::start_async().await;
    let clusters = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/clusters")
                .header("authorization", BEARER);
            then.status(200)
                .json_body(json!([{"id": "c1", "usage": {"gpu_hours": 1.5}}]));
        })
        .await;
    let got = client!(select_tags, server)
        .list_clusters()
        .send()
        .await
        .expect("200")
        .into_inner();
    assert_eq!(got[0].id, "c1");
    assert_eq!(got[0].usage.as_ref().and_then(|u| u.gpu_hours), Some(1.5));
    clusters.assert_async().await;

    let volume = server
        .mock_async(|when, then| {
            when.method(GET).path("/compute/volumes/v1");
            then.status(200)
                .json_body(json!({"id": "v1", "size_tib": 2}));
        })
        .await;
    let got = client!(select_paths, server)
        .get_volume()
        .id("v1")
        .send()
        .await
        .expect("200")
        .into_inner();
    assert_eq!((got.id.as_str(), got.size_tib), ("v1", Some(2)));
    volume.assert_async().await;

    let regions = server
        .mock_async(|when, then| {
            when.method(GET).path("/regions");
            then.status(200)
                .json_body(json!({"regions": ["us-east-1"]}));
        })
        .await;
    let got = client!(select_operations, server)
        .list_regions()
        .send()
        .await
        .expect("200")
        .into_inner();
    assert_eq!(got.regions, ["us-east-1"]);
    regions.assert_async().await;
}
