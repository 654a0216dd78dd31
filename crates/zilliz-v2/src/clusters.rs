//! [`Clusters`](cloud_clusters_core::clusters::Clusters) for the v2 client: every page of `listClusters`,
//! `describeCluster`, `dropCluster` and [`Client::wait_for_cluster`](crate::Client::wait_for_cluster), with each
//! documented cluster status mapped to a [`ClusterState`](cloud_clusters_core::clusters::ClusterState).

use cloud_clusters_core::clusters::{
    BoxFuture, ClusterState, ClusterSummary, Clusters, ClustersError,
};
use cloud_clusters_core::envelope::IntoData;
use cloud_clusters_core::wait::WaitOptions;

use crate::{Client, SPEC, types};

/// The state each v2 cluster status stands for; the value is always kept as
/// [`ClusterSummary::vendor_state`].
pub fn state(status: &types::ClusterStatus) -> ClusterState {
    use types::ClusterStatus as S;
    match status {
        S::Creating | S::Resuming | S::RestoreBackup | S::Migrating => ClusterState::Provisioning,
        S::Running => ClusterState::Running,
        S::Modifying
        | S::Resizing
        | S::Upgrading
        | S::WritingOperation
        | S::SetPrivateLink
        | S::Unfreezed => ClusterState::Updating,
        S::Stopping | S::Stopped | S::Freezing | S::Frozen => ClusterState::Suspended,
        S::Deleting => ClusterState::Deleting,
        S::Deleted => ClusterState::Deleted,
        S::Abnormal => ClusterState::Failed,
        S::Unknown(other) => ClusterState::Unknown(other.clone()),
    }
}

fn summary(cluster: types::Cluster) -> ClusterSummary {
    ClusterSummary {
        provider: SPEC.provider,
        state: state(&cluster.status),
        vendor_state: cluster.status.to_string(),
        id: cluster.cluster_id,
        name: Some(cluster.cluster_name),
        region: cluster.region_id,
        endpoint: cluster.connect_address.filter(|a| !a.is_empty()),
        created_at: cluster.create_time,
    }
}

fn api(error: crate::ApiError) -> ClustersError {
    ClustersError::api(SPEC.provider, error)
}

impl Clusters for Client {
    fn provider(&self) -> &'static str {
        SPEC.provider
    }

    fn list(&self) -> BoxFuture<'_, Result<Vec<ClusterSummary>, ClustersError>> {
        Box::pin(async move {
            let clusters = self.list_clusters_all().await.map_err(api)?;
            Ok(clusters.into_iter().map(summary).collect())
        })
    }

    fn get<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<ClusterSummary, ClustersError>> {
        Box::pin(async move {
            let cluster = self
                .describe_cluster()
                .cluster_id(id)
                .send()
                .await
                .into_data()
                .map_err(api)?;
            Ok(summary(cluster))
        })
    }

    fn delete<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<(), ClustersError>> {
        Box::pin(async move {
            self.drop_cluster()
                .cluster_id(id)
                .send()
                .await
                .into_data()
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
                    format!("cluster {} ended {}, not RUNNING", c.cluster_id, c.status)
                })
            })?;
            Ok(summary(cluster))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use types::ClusterStatus as S;

    #[test]
    fn every_documented_status_has_a_state_and_unknown_values_keep_their_text() {
        let expected = [
            (S::Creating, ClusterState::Provisioning),
            (S::Running, ClusterState::Running),
            (S::Deleting, ClusterState::Deleting),
            (S::Deleted, ClusterState::Deleted),
            (S::Stopping, ClusterState::Suspended),
            (S::Stopped, ClusterState::Suspended),
            (S::Resuming, ClusterState::Provisioning),
            (S::Modifying, ClusterState::Updating),
            (S::Abnormal, ClusterState::Failed),
            (S::Freezing, ClusterState::Suspended),
            (S::Frozen, ClusterState::Suspended),
            (S::Unfreezed, ClusterState::Updating),
            (S::RestoreBackup, ClusterState::Provisioning),
            (S::Migrating, ClusterState::Provisioning),
            (S::Resizing, ClusterState::Updating),
            (S::Upgrading, ClusterState::Updating),
            (S::WritingOperation, ClusterState::Updating),
            (S::SetPrivateLink, ClusterState::Updating),
        ];
        for (status, state_) in expected {
            assert_eq!(state(&status), state_, "{status}");
        }
        assert_eq!(
            state(&S::Unknown("HIBERNATING".into())),
            ClusterState::Unknown("HIBERNATING".into())
        );
    }
}
