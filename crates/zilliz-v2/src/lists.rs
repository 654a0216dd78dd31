//! Every item of each paginated list, across pages.
//!
//! Zilliz pages its lists by number: `currentPage` (from 1) and `pageSize`
//! (1 to 100) in the query, and the answer's `data` carries `count`, the length
//! of the whole list. For each such list, `Client` has a `*_stream` method that
//! yields every item as a [`futures_core::Stream`], fetching the next page only
//! when the items of the previous one are taken, and an `*_all` method that
//! collects them. They take the list's required parameters; for its optional
//! filters, build the stream yourself with [`Client::every`]:
//!
//! ```no_run
//! use cloud_clusters_zilliz_v2::{Client, IntoData};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::from_env()?;
//! // Every cluster of the key, 100 per call.
//! let clusters = client.list_clusters_all().await?;
//! // Every backup of one cluster: a filter the helper does not take.
//! let c = &client;
//! let backups = cloud_clusters_core::pages::collect(c.every(move |page, size| async move {
//!     c
//!         .list_backups()
//!         .cluster_id("in01-xxxxxxxxxxxxxxx")
//!         .current_page(page)
//!         .page_size(size)
//!         .send()
//!         .await
//!         .into_data()
//! }))
//! .await?;
//! println!("{} clusters, {} backups", clusters.len(), backups.len());
//! # Ok(())
//! # }
//! ```

use std::future::Future;

use cloud_clusters_core::envelope::IntoData;
use cloud_clusters_core::pages::{self, Page};
use futures_core::Stream;

use crate::{ApiError, Client, types};

/// How many items each call of the `*_stream` and `*_all` helpers asks for: the
/// most the API serves per page.
pub const PAGE_SIZE: u32 = 100;

/// The `data` of a paginated list's answer: one page of items, and the length
/// of the whole list when the answer says.
pub trait Paged {
    /// What the list lists.
    type Item;
    /// The page's items and the list's total.
    fn into_page(self) -> Page<Self::Item>;
}

/// A `count` as the answers carry it: required in most pages, optional in some.
trait Count {
    fn total(&self) -> Option<u64>;
}

impl Count for i32 {
    fn total(&self) -> Option<u64> {
        u64::try_from(*self).ok()
    }
}

impl Count for Option<i32> {
    fn total(&self) -> Option<u64> {
        self.and_then(|c| u64::try_from(c).ok())
    }
}

macro_rules! paged {
    ($($page:ident . $items:ident -> $item:ident;)*) => {
        $(
            impl Paged for types::$page {
                type Item = types::$item;
                fn into_page(self) -> Page<types::$item> {
                    Page {
                        total: self.count.total(),
                        items: self.$items,
                    }
                }
            }
        )*
    };
}

paged! {
    ClusterPage.clusters -> Cluster;
    BackupPage.backups -> BackupSummary;
    VolumePage.volumes -> Volume;
    ApiKeyPage.api_keys -> ApiKey;
    InvoicePage.invoices -> Invoice;
    AlertRulePage.alert_rules -> AlertRule;
    CloudRolePage.roles -> CloudRole;
    CloudRolePrincipalPage.principals -> CloudRolePrincipal;
    ScimGroupPage.groups -> ScimGroup;
    ScimGroupMemberPage.members -> ScimGroupMember;
    PrivateEndpointServicePage.endpoint_services -> PrivateEndpointService;
    PrivateEndpointPage.endpoints -> PrivateEndpoint;
    GlobalClusterPage.global_clusters -> GlobalClusterSummary;
    StorageIntegrationPage.storage_integrations -> StorageIntegrationSummary;
    ImportJobPage.records -> ImportJobSummary;
}

impl Client {
    /// Every item of a paginated list: `fetch(current_page, page_size)` makes one
    /// list call (with any filters) and returns its `data`; pages of
    /// [`PAGE_SIZE`] are fetched until one is short or `count` items were seen.
    pub fn every<'a, P, F, Fut>(
        &'a self,
        mut fetch: F,
    ) -> impl Stream<Item = Result<P::Item, ApiError>> + 'a
    where
        P: Paged + 'a,
        F: FnMut(u32, u32) -> Fut + 'a,
        Fut: Future<Output = Result<P, ApiError>> + 'a,
    {
        pages::numbered(PAGE_SIZE, move |page, size| {
            let call = fetch(page, size);
            async move { call.await.map(Paged::into_page) }
        })
    }
}

macro_rules! lists {
    ($(
        $(#[$doc:meta])*
        $op:ident ( $($arg:ident),* ) => $stream:ident, $all:ident -> $item:ident;
    )*) => {
        impl Client {
            $(
                $(#[$doc])*
                #[doc = ""]
                #[doc = concat!("Every item of `", stringify!($op), "`, page after page: see [`Client::every`].")]
                pub fn $stream<'a>(
                    &'a self,
                    $($arg: &'a str,)*
                ) -> impl Stream<Item = Result<types::$item, ApiError>> + 'a {
                    self.every(move |page, size| async move {
                        self.$op()
                            $(.$arg($arg))*
                            .current_page(page)
                            .page_size(size)
                            .send()
                            .await
                            .into_data()
                    })
                }

                $(#[$doc])*
                #[doc = ""]
                #[doc = concat!("All items of `", stringify!($op), "`, collected from every page.")]
                pub async fn $all(&self, $($arg: &str,)*) -> Result<Vec<types::$item>, ApiError> {
                    pages::collect(self.$stream($($arg,)*)).await
                }
            )*
        }
    };
}

lists! {
    /// The clusters the API key can see.
    list_clusters() => list_clusters_stream, list_clusters_all -> Cluster;
    /// The backups the API key can see (`AVAILABLE` and `CREATING`).
    list_backups() => list_backups_stream, list_backups_all -> BackupSummary;
    /// The volumes of a project.
    list_volumes(project_id) => list_volumes_stream, list_volumes_all -> Volume;
    /// The organization's API keys.
    list_api_keys() => list_api_keys_stream, list_api_keys_all -> ApiKey;
    /// The organization's invoices.
    list_invoices() => list_invoices_stream, list_invoices_all -> Invoice;
    /// The alert rules of a project.
    list_alert_rules(project_id) => list_alert_rules_stream, list_alert_rules_all -> AlertRule;
    /// The private endpoint services.
    list_private_endpoint_services() => list_private_endpoint_services_stream, list_private_endpoint_services_all -> PrivateEndpointService;
    /// The private endpoints of a project.
    list_private_endpoints(project_id) => list_private_endpoints_stream, list_private_endpoints_all -> PrivateEndpoint;
    /// The global clusters.
    list_global_clusters() => list_global_clusters_stream, list_global_clusters_all -> GlobalClusterSummary;
    /// The storage integrations of a project.
    list_storage_integrations(project_id) => list_storage_integrations_stream, list_storage_integrations_all -> StorageIntegrationSummary;
    /// The SCIM groups of the organization.
    list_groups() => list_groups_stream, list_groups_all -> ScimGroup;
    /// The members of a SCIM group.
    list_group_members(group_id) => list_group_members_stream, list_group_members_all -> ScimGroupMember;
    /// The principals a cloud role is granted to.
    list_cloud_role_principals(role_id) => list_cloud_role_principals_stream, list_cloud_role_principals_all -> CloudRolePrincipal;
}

impl Client {
    /// The cloud roles of one type (`org` or `project`), page after page: see
    /// [`Client::every`].
    pub fn list_cloud_roles_stream<'a>(
        &'a self,
        role_type: types::CloudRoleTypeFilter,
    ) -> impl Stream<Item = Result<types::CloudRole, ApiError>> + 'a {
        self.every(move |page, size| async move {
            self.list_cloud_roles()
                .role_type(role_type)
                .current_page(page)
                .page_size(size)
                .send()
                .await
                .into_data()
        })
    }

    /// All cloud roles of one type, collected from every page.
    pub async fn list_cloud_roles_all(
        &self,
        role_type: types::CloudRoleTypeFilter,
    ) -> Result<Vec<types::CloudRole>, ApiError> {
        pages::collect(self.list_cloud_roles_stream(role_type)).await
    }

    /// The import jobs of a cluster, page after page (this list pages in its
    /// request body): see [`Client::every`].
    pub fn list_import_jobs_stream<'a>(
        &'a self,
        cluster_id: &'a str,
    ) -> impl Stream<Item = Result<types::ImportJobSummary, ApiError>> + 'a {
        self.every(move |page, size| async move {
            self.list_import_jobs()
                .body(
                    types::ListImportJobsRequest::builder()
                        .cluster_id(cluster_id)
                        .current_page(i32::try_from(page).ok())
                        .page_size(i32::try_from(size).ok()),
                )
                .send()
                .await
                .into_data()
        })
    }

    /// All import jobs of a cluster, collected from every page.
    pub async fn list_import_jobs_all(
        &self,
        cluster_id: &str,
    ) -> Result<Vec<types::ImportJobSummary>, ApiError> {
        pages::collect(self.list_import_jobs_stream(cluster_id)).await
    }
}
