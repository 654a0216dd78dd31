//! [`Clusters`](cloud_clusters_core::clusters::Clusters) for the TensorPool client: `GET /cluster/list`,
//! `GET /cluster/info/{cluster}`, `DELETE /cluster/{cluster}`, and a wait that
//! polls the info call.
//!
//! TensorPool's document verifies only each answer's `message`; the cluster
//! fields pass through untyped (`extra`). A summary reads the usual names
//! (`cluster_id` or `id`, `status` or `state`, `name`, `region`, `ip` or
//! `endpoint`, `created_at`), and maps the status words below; any other value
//! is kept as [`ClusterState::Unknown`](cloud_clusters_core::clusters::ClusterState::Unknown).

use cloud_clusters_core::clusters::{
    BoxFuture, ClusterState, ClusterSummary, Clusters, ClustersError,
};
use cloud_clusters_core::wait::{Phase, WaitOptions, wait_for};
use serde_json::{Map, Value};

use crate::{Client, SPEC};

/// The state a TensorPool status word stands for (case, `-` and `_` ignored).
pub fn state(status: &str) -> ClusterState {
    let word: String = status
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    match word.as_str() {
        "pending" | "queued" | "provisioning" | "creating" | "starting" | "booting" => {
            ClusterState::Provisioning
        }
        "running" | "ready" | "active" | "online" => ClusterState::Running,
        "updating" | "resizing" | "restarting" => ClusterState::Updating,
        "stopped" | "stopping" | "paused" | "suspended" => ClusterState::Suspended,
        "destroying" | "deleting" | "terminating" => ClusterState::Deleting,
        "destroyed" | "deleted" | "terminated" => ClusterState::Deleted,
        "failed" | "error" | "errored" => ClusterState::Failed,
        _ => ClusterState::Unknown(status.to_string()),
    }
}

fn text(fields: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| match fields.get(*n) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

/// A summary from a cluster object's fields; `id` when it names none.
fn summary(fields: &Map<String, Value>, id: Option<&str>) -> ClusterSummary {
    let vendor_state = text(fields, &["status", "state"]).unwrap_or_default();
    ClusterSummary {
        provider: SPEC.provider,
        state: state(&vendor_state),
        vendor_state,
        id: text(fields, &["cluster_id", "id"])
            .or_else(|| id.map(str::to_string))
            .unwrap_or_default(),
        name: text(fields, &["name", "cluster_name"]),
        region: text(fields, &["region", "zone"]),
        endpoint: text(fields, &["endpoint", "ip", "public_ip", "ssh_host"]),
        created_at: text(fields, &["created_at", "created"]),
    }
}

fn api<E: 'static>(error: impl Into<crate::ApiError<E>>) -> ClustersError
where
    crate::ApiError<E>: Send + Sync,
{
    ClustersError::api(SPEC.provider, error.into())
}

impl Client {
    async fn cluster_summary(&self, id: &str) -> Result<ClusterSummary, ClustersError> {
        let info = self.cluster_info().cluster(id).send().await.map_err(api)?;
        let info = info.into_inner();
        let mut fields = info.extra;
        if let Some(cluster_id) = info.cluster_id {
            fields.insert("cluster_id".into(), Value::String(cluster_id));
        }
        Ok(summary(&fields, Some(id)))
    }
}

impl Clusters for Client {
    fn provider(&self) -> &'static str {
        SPEC.provider
    }

    fn list(&self) -> BoxFuture<'_, Result<Vec<ClusterSummary>, ClustersError>> {
        Box::pin(async move {
            let listed = self.cluster_list().send().await.map_err(api)?;
            Ok(listed
                .into_inner()
                .clusters
                .unwrap_or_default()
                .iter()
                .map(|fields| summary(fields, None))
                .collect())
        })
    }

    fn get<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<ClusterSummary, ClustersError>> {
        Box::pin(self.cluster_summary(id))
    }

    fn delete<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<(), ClustersError>> {
        Box::pin(async move {
            self.cluster_destroy()
                .cluster(id)
                .send()
                .await
                .map_err(api)?;
            Ok(())
        })
    }

    fn wait_until_ready<'a>(
        &'a self,
        id: &'a str,
        options: &'a WaitOptions,
    ) -> BoxFuture<'a, Result<ClusterSummary, ClustersError>> {
        Box::pin(async move {
            let waited = wait_for(
                options,
                || self.cluster_summary(id),
                |c: &ClusterSummary| match c.state {
                    ClusterState::Running => Phase::Done,
                    ClusterState::Failed | ClusterState::Deleted | ClusterState::Deleting => {
                        Phase::Failed
                    }
                    _ => Phase::Pending,
                },
            )
            .await;
            match waited {
                Ok(cluster) => Ok(cluster),
                Err(cloud_clusters_core::WaitError::Api(e)) => Err(e),
                Err(cloud_clusters_core::WaitError::Failed(c)) => Err(ClustersError::other(
                    SPEC.provider,
                    format!("cluster {} ended {}, not running", c.id, c.vendor_state),
                )),
                Err(cloud_clusters_core::WaitError::TimedOut { elapsed, last }) => {
                    Err(ClustersError::other(
                        SPEC.provider,
                        format!(
                            "cluster {id} was not running after {} s (last state: {})",
                            elapsed.as_secs(),
                            last.map_or_else(|| "none".to_string(), |c| c.vendor_state)
                        ),
                    ))
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words_have_a_state_and_unknown_values_keep_their_text() {
        for (status, expected) in [
            ("PENDING", ClusterState::Provisioning),
            ("provisioning", ClusterState::Provisioning),
            ("Running", ClusterState::Running),
            ("READY", ClusterState::Running),
            ("stopped", ClusterState::Suspended),
            ("destroying", ClusterState::Deleting),
            ("DESTROYED", ClusterState::Deleted),
            ("failed", ClusterState::Failed),
        ] {
            assert_eq!(state(status), expected, "{status}");
        }
        assert_eq!(
            state("hibernating"),
            ClusterState::Unknown("hibernating".into())
        );
    }

    #[test]
    fn a_summary_reads_the_usual_field_names() {
        let fields: Map<String, Value> = serde_json::from_value(serde_json::json!({
            "id": "tp-123", "name": "train", "status": "RUNNING",
            "region": "us-east", "ip": "203.0.113.7", "created_at": "2026-01-01T00:00:00Z"
        }))
        .expect("an object");
        let s = summary(&fields, None);
        assert_eq!(s.id, "tp-123");
        assert_eq!(s.state, ClusterState::Running);
        assert_eq!(s.vendor_state, "RUNNING");
        assert_eq!(s.endpoint.as_deref(), Some("203.0.113.7"));
    }
}
