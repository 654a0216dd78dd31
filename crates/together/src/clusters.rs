//! [`Clusters`](cloud_clusters_core::clusters::Clusters) for the Together client: `GPUClusterService_List`, `_Get`,
//! `_Delete` and [`Client::wait_for_cluster`](crate::Client::wait_for_cluster), with each documented status
//! mapped to a [`ClusterState`](cloud_clusters_core::clusters::ClusterState).

use cloud_clusters_core::clusters::{
    BoxFuture, ClusterState, ClusterSummary, Clusters, ClustersError,
};
use cloud_clusters_core::wait::WaitOptions;

use crate::{Client, SPEC, types};

/// The state each documented cluster status stands for; the value is always
/// kept as [`ClusterSummary::vendor_state`].
pub fn state(status: &types::GpuClusterInfoStatus) -> ClusterState {
    use types::GpuClusterInfoStatus as S;
    match status {
        S::WaitingForControlPlaneNodes
        | S::WaitingForDataPlaneNodes
        | S::WaitingForSubnet
        | S::WaitingForSharedVolume
        | S::InstallingDrivers
        | S::RunningAcceptanceTests => ClusterState::Provisioning,
        S::Ready => ClusterState::Running,
        S::Paused | S::OnDemandComputePaused => ClusterState::Suspended,
        S::Degraded => ClusterState::Failed,
        S::Deleting => ClusterState::Deleting,
        S::Unknown(other) => ClusterState::Unknown(other.clone()),
    }
}

fn summary(cluster: types::GpuClusterInfo) -> ClusterSummary {
    ClusterSummary {
        provider: SPEC.provider,
        state: state(&cluster.status),
        vendor_state: cluster.status.to_string(),
        id: cluster.cluster_id,
        name: Some(cluster.cluster_name),
        region: Some(cluster.region),
        // The cluster is reached through its kubeconfig, a secret: no address here.
        endpoint: None,
        created_at: cluster.created_at.map(|t| t.to_rfc3339()),
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
                .map(summary)
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
            Ok(summary(cluster.into_inner()))
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
                    format!("cluster {} ended {}, not Ready", c.cluster_id, c.status)
                })
            })?;
            Ok(summary(cluster))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use types::GpuClusterInfoStatus as S;

    #[test]
    fn every_documented_status_has_a_state_and_unknown_values_keep_their_text() {
        let expected = [
            (S::WaitingForControlPlaneNodes, ClusterState::Provisioning),
            (S::WaitingForDataPlaneNodes, ClusterState::Provisioning),
            (S::WaitingForSubnet, ClusterState::Provisioning),
            (S::WaitingForSharedVolume, ClusterState::Provisioning),
            (S::InstallingDrivers, ClusterState::Provisioning),
            (S::RunningAcceptanceTests, ClusterState::Provisioning),
            (S::Paused, ClusterState::Suspended),
            (S::OnDemandComputePaused, ClusterState::Suspended),
            (S::Ready, ClusterState::Running),
            (S::Degraded, ClusterState::Failed),
            (S::Deleting, ClusterState::Deleting),
        ];
        for (status, state_) in expected {
            assert_eq!(state(&status), state_, "{status}");
        }
        assert_eq!(
            state(&S::Unknown("Hibernating".into())),
            ClusterState::Unknown("Hibernating".into())
        );
    }
}
