//! [`Clusters`](cloud_clusters_core::clusters::Clusters) for the tcloud client: `GPUClusterService_List`, `_Get`,
//! `_Delete` and [`Client::wait_for_cluster`](crate::Client::wait_for_cluster).
//!
//! The tcloud document types a cluster's `status` as a plain string; its create
//! answer lists `UNKNOWN_STATUS`, `PENDING`, `QUEUED`, `WAITING_CONTROL_PLANE`,
//! `WAITING_DATA_PLANE`, `READY` and `FAILED`, and the newer spelling of the same
//! service (`Ready`, `Degraded`, `Deleting`, `Paused`...) is understood too.

use cloud_clusters_core::clusters::{
    BoxFuture, ClusterState, ClusterSummary, Clusters, ClustersError,
};
use cloud_clusters_core::wait::WaitOptions;

use crate::{Client, SPEC, types};

/// The state a status string stands for (case and `_` ignored); the value is
/// always kept as [`ClusterSummary::vendor_state`].
pub fn state(status: &str) -> ClusterState {
    let word: String = status
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    match word.as_str() {
        "pending"
        | "queued"
        | "waitingcontrolplane"
        | "waitingdataplane"
        | "waitingforcontrolplanenodes"
        | "waitingfordataplanenodes"
        | "waitingforsubnet"
        | "waitingforsharedvolume"
        | "installingdrivers"
        | "runningacceptancetests" => ClusterState::Provisioning,
        "ready" => ClusterState::Running,
        "paused" | "ondemandcomputepaused" => ClusterState::Suspended,
        "failed" | "degraded" => ClusterState::Failed,
        "deleting" => ClusterState::Deleting,
        "deleted" => ClusterState::Deleted,
        _ => ClusterState::Unknown(status.to_string()),
    }
}

fn summary(cluster: types::GpuClusterInfo, fallback_id: &str) -> ClusterSummary {
    let vendor_state = cluster.status.unwrap_or_default();
    ClusterSummary {
        provider: SPEC.provider,
        state: state(&vendor_state),
        vendor_state,
        id: cluster
            .cluster_id
            .unwrap_or_else(|| fallback_id.to_string()),
        name: cluster.cluster_name,
        region: cluster.region,
        endpoint: None,
        created_at: None,
    }
}

fn api(error: impl Into<crate::ApiError>) -> ClustersError {
    ClustersError::api(SPEC.provider, error.into())
}

impl Clusters for Client {
    fn provider(&self) -> &'static str {
        SPEC.provider
    }

    fn list(&self) -> BoxFuture<'_, Result<Vec<ClusterSummary>, ClustersError>> {
        Box::pin(async move {
            let listed = self.gpu_cluster_service_list().send().await.map_err(api)?;
            Ok(listed
                .into_inner()
                .clusters
                .into_iter()
                .map(|c| summary(c, ""))
                .collect())
        })
    }

    fn get<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<ClusterSummary, ClustersError>> {
        Box::pin(async move {
            let cluster = self
                .gpu_cluster_service_get()
                .cluster_id(id)
                .send()
                .await
                .map_err(api)?;
            Ok(summary(cluster.into_inner(), id))
        })
    }

    fn delete<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<(), ClustersError>> {
        Box::pin(async move {
            self.gpu_cluster_service_delete()
                .cluster_id(id)
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
            let cluster = self.wait_for_cluster(id, options).await.map_err(|e| {
                ClustersError::from_wait(SPEC.provider, e, |c| {
                    format!(
                        "cluster {id} ended {}, not READY",
                        c.status.as_deref().unwrap_or("without a status")
                    )
                })
            })?;
            Ok(summary(cluster, id))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_status_has_a_state_and_unknown_values_keep_their_text() {
        for (status, expected) in [
            ("PENDING", ClusterState::Provisioning),
            ("QUEUED", ClusterState::Provisioning),
            ("WAITING_CONTROL_PLANE", ClusterState::Provisioning),
            ("WAITING_DATA_PLANE", ClusterState::Provisioning),
            ("READY", ClusterState::Running),
            ("FAILED", ClusterState::Failed),
            ("Ready", ClusterState::Running),
            ("Degraded", ClusterState::Failed),
            ("Deleting", ClusterState::Deleting),
            ("Paused", ClusterState::Suspended),
            ("WaitingForSubnet", ClusterState::Provisioning),
        ] {
            assert_eq!(state(status), expected, "{status}");
        }
        assert_eq!(
            state("UNKNOWN_STATUS"),
            ClusterState::Unknown("UNKNOWN_STATUS".into())
        );
        assert_eq!(state(""), ClusterState::Unknown(String::new()));
    }
}
