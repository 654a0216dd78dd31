//! One cluster lifecycle across providers: list, get, delete, wait until ready.
//!
//! Each provider crate implements [`Clusters`] for its `Client` on top of its
//! generated calls and waiters, mapping the vendor's status to a
//! [`ClusterState`] (the vendor's own value is always kept). Creation stays
//! provider-specific: the vendors' create requests do not compare.
//!
//! The trait is object-safe (its methods return boxed futures), so clients of
//! several providers live in one `Vec<Box<dyn Clusters>>`:
//!
//! ```no_run
//! use cloud_clusters_core::clusters::Clusters;
//!
//! async fn inventory(all: &[Box<dyn Clusters>]) {
//!     for provider in all {
//!         match provider.list().await {
//!             Ok(clusters) => {
//!                 for c in clusters {
//!                     println!("{} {} {} ({})", c.provider, c.id, c.state, c.vendor_state);
//!                 }
//!             }
//!             Err(e) => eprintln!("{}: {e}", provider.provider()),
//!         }
//!     }
//! }
//! ```

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::envelope::ErrorKind;
use crate::wait::{WaitError, WaitOptions};

/// A boxed, sendable future: what [`Clusters`]' methods return, so that the
/// trait can be used as `dyn Clusters`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Where a cluster is in its life, the same words for every provider.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ClusterState {
    /// Being created or started.
    Provisioning,
    /// Ready for work.
    Running,
    /// Being changed (scaled, modified, upgraded, restored into).
    Updating,
    /// Stopped or paused on purpose; can be resumed.
    Suspended,
    /// Being deleted.
    Deleting,
    /// Deleted (some vendors keep listing deleted clusters for a while).
    Deleted,
    /// In a failed or abnormal state.
    Failed,
    /// A value this crate does not map, as the vendor sent it.
    Unknown(String),
}

impl ClusterState {
    /// Whether the state is final for a wait: running, failed or gone.
    pub fn is_settled(&self) -> bool {
        matches!(
            self,
            ClusterState::Running | ClusterState::Failed | ClusterState::Deleted
        )
    }
}

impl fmt::Display for ClusterState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ClusterState::Provisioning => "provisioning",
            ClusterState::Running => "running",
            ClusterState::Updating => "updating",
            ClusterState::Suspended => "suspended",
            ClusterState::Deleting => "deleting",
            ClusterState::Deleted => "deleted",
            ClusterState::Failed => "failed",
            ClusterState::Unknown(other) => return write!(f, "unknown ({other})"),
        })
    }
}

/// A cluster as every provider can describe it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterSummary {
    /// The provider's name in `specs/providers.toml` (`zilliz-v2`, `together`...).
    pub provider: &'static str,
    /// The vendor's id of the cluster.
    pub id: String,
    /// Its name, when the vendor gives one.
    pub name: Option<String>,
    /// Its state, mapped.
    pub state: ClusterState,
    /// The vendor's own status value, as received (empty when it sent none).
    pub vendor_state: String,
    /// Its region, when the vendor gives one.
    pub region: Option<String>,
    /// Where to connect to it, when there is such an address.
    pub endpoint: Option<String>,
    /// When it was created, as the vendor writes it.
    pub created_at: Option<String>,
}

/// Why a [`Clusters`] call failed: the provider's own error, kept whole.
///
/// [`ClustersError::kind`], [`ClustersError::vendor_code`] and
/// [`ClustersError::request_id`] read the provider's `ApiError`; the error
/// itself is reachable with [`ClustersError::downcast_ref`] (for example to
/// `cloud_clusters_zilliz_v2::ApiError`). Like `ApiError`, it never prints a
/// response body.
pub struct ClustersError {
    provider: &'static str,
    kind: ErrorKind,
    vendor_code: Option<i64>,
    request_id: Option<String>,
    error: Box<dyn StdError + Send + Sync>,
}

impl ClustersError {
    /// Wraps a provider's `ApiError`.
    pub fn api<E>(provider: &'static str, error: crate::ApiError<E>) -> Self
    where
        E: 'static,
        crate::ApiError<E>: Send + Sync,
    {
        let vendor = error.as_vendor();
        ClustersError {
            provider,
            kind: error.kind(),
            vendor_code: vendor.map(|v| v.code),
            request_id: vendor.and_then(|v| v.request_id.clone()),
            error: Box::new(error),
        }
    }

    /// Wraps any other failure of a provider (a wait that timed out, an answer
    /// without the cluster's id).
    pub fn other(
        provider: &'static str,
        error: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        ClustersError {
            provider,
            kind: ErrorKind::Other,
            vendor_code: None,
            request_id: None,
            error: error.into(),
        }
    }

    /// Wraps how a provider's waiter ended without the cluster running: its
    /// `ApiError` as [`ClustersError::api`] keeps it, a failed state as the
    /// sentence `failed` writes for it, a timeout as its own message.
    pub fn from_wait<T, E>(
        provider: &'static str,
        error: WaitError<T, crate::ApiError<E>>,
        failed: impl FnOnce(&T) -> String,
    ) -> Self
    where
        E: 'static,
        crate::ApiError<E>: Send + Sync,
    {
        match error {
            WaitError::Api(e) => ClustersError::api(provider, e),
            WaitError::Failed(last) => ClustersError::other(provider, failed(&last)),
            timed_out => ClustersError::other(provider, timed_out.to_string()),
        }
    }

    /// The provider whose call failed.
    pub fn provider(&self) -> &'static str {
        self.provider
    }

    /// The kind of the vendor's error; [`ErrorKind::Other`] when it was none.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The vendor's error code, for vendor errors.
    pub fn vendor_code(&self) -> Option<i64> {
        self.vendor_code
    }

    /// The vendor's request id, when its answer carried one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The provider's error as its own type (its `ApiError`, a `WaitError`...).
    pub fn downcast_ref<T: StdError + 'static>(&self) -> Option<&T> {
        self.error.downcast_ref::<T>()
    }
}

impl fmt::Display for ClustersError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.provider, self.error)
    }
}

impl fmt::Debug for ClustersError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClustersError")
            .field("provider", &self.provider)
            .field("kind", &self.kind)
            .field("vendor_code", &self.vendor_code)
            .field("request_id", &self.request_id)
            .field("error", &format_args!("{}", self.error))
            .finish()
    }
}

impl StdError for ClustersError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(self.error.as_ref())
    }
}

/// What every provider's client can do with its clusters.
///
/// The methods return [`BoxFuture`]s rather than being `async fn`s: an
/// `async fn` in a trait makes it unusable as `dyn Clusters`, and one program
/// managing several vendors wants exactly that.
pub trait Clusters: Send + Sync {
    /// The provider's name (`zilliz-v2`, `tensorpool`...).
    fn provider(&self) -> &'static str;

    /// Every cluster the API key can see (all pages).
    fn list(&self) -> BoxFuture<'_, Result<Vec<ClusterSummary>, ClustersError>>;

    /// One cluster, by the vendor's id.
    fn get<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<ClusterSummary, ClustersError>>;

    /// Deletes one cluster; returns once the vendor accepted the deletion.
    fn delete<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<(), ClustersError>>;

    /// Polls until the cluster is running (`Ok`), failed or gone (an error), or
    /// `options.timeout` passes (an error), with the provider's own waiter.
    fn wait_until_ready<'a>(
        &'a self,
        id: &'a str,
        options: &'a WaitOptions,
    ) -> BoxFuture<'a, Result<ClusterSummary, ClustersError>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_read_as_words_and_unknown_values_are_kept() {
        assert_eq!(ClusterState::Running.to_string(), "running");
        assert_eq!(
            ClusterState::Unknown("HIBERNATING".into()).to_string(),
            "unknown (HIBERNATING)"
        );
        assert!(ClusterState::Failed.is_settled());
        assert!(!ClusterState::Provisioning.is_settled());
    }

    #[test]
    fn the_trait_is_object_safe() {
        fn takes(_: &[Box<dyn Clusters>]) {}
        takes(&[]);
    }
}
