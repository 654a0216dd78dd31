//! Decoding alone, in process, where the generator replaces serde's derive.
//!
//! A call's time is mostly the local network; these isolate the two decoders
//! the generator writes instead of serde's untagged derive, each against that
//! derive (what progenitor alone generates) and a hand-written struct:
//!
//! - `decode/zilliz-v1/describe/*`: a `describeCluster` body through the
//!   envelope union's one-pass `Deserialize`, through the derived untagged
//!   union, and through a plain `{code, data}` struct;
//! - `decode/zilliz-v1/status/*`: 1,000 cluster statuses through the opened
//!   enum's direct `Deserialize`, through the derive with an untagged catch-all,
//!   and as plain strings.
//!
//! Before measuring, each pair is checked to decode to the same value.

use std::hint::black_box;

use cloud_clusters_zilliz_v1::types;
use criterion::Criterion;
use serde::Deserialize;
use serde_json::json;

use crate::fixtures;
use crate::hand::ZillizCluster;

/// The envelope union as serde derives it: untagged, so buffered, then each variant tried.
#[allow(clippy::large_enum_variant)] // the generated union's shape
#[derive(Deserialize)]
#[serde(untagged)]
enum DerivedResponse {
    ClusterEnvelope(types::ClusterEnvelope),
    ErrorEnvelope(types::ErrorEnvelope),
}

/// The hand-written envelope.
#[derive(Deserialize)]
struct HandEnvelope {
    code: i32,
    data: ZillizCluster,
}

/// `ClusterStatus` as serde derives it with an untagged catch-all.
#[derive(Debug, Deserialize, PartialEq)]
enum DerivedStatus {
    #[serde(rename = "CREATING")]
    Creating,
    #[serde(rename = "RUNNING")]
    Running,
    #[serde(rename = "DELETING")]
    Deleting,
    #[serde(rename = "DELETED")]
    Deleted,
    #[serde(rename = "STOPPING")]
    Stopping,
    #[serde(rename = "STOPPED")]
    Stopped,
    #[serde(rename = "RESUMING")]
    Resuming,
    #[serde(rename = "MODIFYING")]
    Modifying,
    #[serde(rename = "ABNORMAL")]
    Abnormal,
    #[serde(rename = "FREEZING")]
    Freezing,
    #[serde(rename = "FROZEN")]
    Frozen,
    #[serde(untagged)]
    Unknown(String),
}

/// Registers the decode benchmarks with `criterion`.
pub fn bench(criterion: &mut Criterion) {
    let describe = serde_json::to_vec(&json!({"code": 200, "data": fixtures::zilliz_cluster()}))
        .expect("JSON");
    let generated =
        |body: &[u8]| match serde_json::from_slice::<types::DescribeClusterResponse>(body)
            .expect("decodes")
        {
            types::DescribeClusterResponse::ClusterEnvelope(e) => e,
            types::DescribeClusterResponse::ErrorEnvelope(e) => panic!("error envelope {e:?}"),
        };
    let derived =
        |body: &[u8]| match serde_json::from_slice::<DerivedResponse>(body).expect("decodes") {
            DerivedResponse::ClusterEnvelope(e) => e,
            DerivedResponse::ErrorEnvelope(e) => panic!("error envelope {e:?}"),
        };
    let hand = |body: &[u8]| serde_json::from_slice::<HandEnvelope>(body).expect("decodes");
    assert_eq!(generated(&describe), derived(&describe));
    let (ours, theirs) = (generated(&describe), hand(&describe));
    assert_eq!(
        (ours.code, ours.data.cluster_id.as_str()),
        (theirs.code, theirs.data.cluster_id())
    );

    let mut group = criterion.benchmark_group("decode/zilliz-v1/describe");
    group.bench_function("generated", |b| b.iter(|| generated(black_box(&describe))));
    group.bench_function("serde_untagged", |b| {
        b.iter(|| derived(black_box(&describe)))
    });
    group.bench_function("hand_written", |b| b.iter(|| hand(black_box(&describe))));
    group.finish();

    let values = ["RUNNING", "CREATING", "FROZEN", "SOMETHING_NEW"];
    let statuses = serde_json::to_vec(
        &(0..1000)
            .map(|i| values[i % values.len()])
            .collect::<Vec<_>>(),
    )
    .expect("JSON");
    let generated =
        |body: &[u8]| serde_json::from_slice::<Vec<types::ClusterStatus>>(body).expect("decodes");
    let derived =
        |body: &[u8]| serde_json::from_slice::<Vec<DerivedStatus>>(body).expect("decodes");
    let hand = |body: &[u8]| serde_json::from_slice::<Vec<String>>(body).expect("decodes");
    let shown = |v: Vec<String>| v.join(",");
    assert_eq!(
        shown(
            generated(&statuses)
                .iter()
                .map(ToString::to_string)
                .collect()
        ),
        shown(hand(&statuses))
    );
    assert_eq!(
        derived(&statuses)[3],
        DerivedStatus::Unknown("SOMETHING_NEW".into())
    );
    assert_eq!(
        generated(&statuses)[3],
        types::ClusterStatus::Unknown("SOMETHING_NEW".into())
    );

    let mut group = criterion.benchmark_group("decode/zilliz-v1/status");
    group.bench_function("generated", |b| b.iter(|| generated(black_box(&statuses))));
    group.bench_function("serde_untagged", |b| {
        b.iter(|| derived(black_box(&statuses)))
    });
    group.bench_function("hand_written", |b| b.iter(|| hand(black_box(&statuses))));
    group.finish();
}
