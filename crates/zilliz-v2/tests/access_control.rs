//! The Access Control operations of Zilliz v2 (specs/zilliz-v2/paths/access-control.yaml):
//! Cloud roles (list, create, describe, update, delete, principals), SCIM groups
//! (list, roles, members, grant, revoke) and organization members (resolve, roles,
//! grant, revoke), each against httpmock with the spec's request and answer
//! examples and with one of its documented error codes answered with HTTP 200.
//! Also the `*_all` helpers of the four paginated lists (`list_cloud_roles_all`,
//! `list_groups_all`, `list_group_members_all`, `list_cloud_role_principals_all`):
//! three numbered pages of 100/100/50 items, or one short page.
//!
//! No operation of this group carries a secret (no `format: password` field).

mod common;

use cloud_clusters_zilliz_v2::{ErrorKind, IntoData, mock::MockServerExt, types};
use httpmock::{Method, MockServer};
use serde_json::{Value, json};

const ROLE_ID: &str = "r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
const PROJECT_ID: &str = "proj-xxxxxxxx";
const GROUP_ID: &str = "g-xxxxxxxxxxxxxx";
const USER_ID: &str = "usr-xxxxxxxxxxxxxx";
const NOT_AUTHENTICATED: &str = "User hasn't authenticated";

/// The policy statement of the request examples: view on every serving cluster.
fn serving_cluster_view() -> types::CloudRolePolicyInput {
    types::CloudRolePolicyInput::try_from(
        types::CloudRolePolicyInput::builder()
            .resource_type(types::CloudRoleResourceTypeInput::ServingCluster)
            .resources(vec!["*".to_string()])
            .privileges(vec![types::CloudRolePrivilegeInput::View]),
    )
    .expect("the policy statement is complete")
}

/// `data` of the describeCloudRole and updateCloudRole examples.
fn data_reader_role() -> Value {
    json!({
        "roleId": "r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "roleName": "Data Reader",
        "roleType": "project",
        "roleKind": "custom",
        "projectId": "proj-xxxxxxxx",
        "description": "Can read serving clusters",
        "policies": [
            {
                "resourceType": "serving_cluster",
                "resources": ["*"],
                "privileges": ["view"]
            }
        ]
    })
}

/// The Data Reader role of the describe and update examples, field by field.
fn assert_data_reader(role: &types::CloudRole) {
    assert_eq!(role.role_id, ROLE_ID);
    assert_eq!(role.role_name.as_deref(), Some("Data Reader"));
    assert_eq!(role.role_type, Some(types::CloudRoleType::Project));
    assert_eq!(role.role_kind, Some(types::CloudRoleKind::Custom));
    assert_eq!(role.project_id.as_deref(), Some(PROJECT_ID));
    assert_eq!(
        role.description.as_deref(),
        Some("Can read serving clusters")
    );
    assert_eq!(role.policies.len(), 1);
    let policy = &role.policies[0];
    assert_eq!(
        policy.resource_type,
        Some(types::CloudRoleResourceType::ServingCluster)
    );
    assert_eq!(policy.resources, vec!["*".to_string()]);
    assert_eq!(policy.privileges, vec![types::CloudRolePrivilege::View]);
    assert!(policy.scope.is_empty());
}

/// `data` of the listMemberRoles and listGroupRoles examples.
fn direct_role_assignments() -> Value {
    json!({
        "orgRoles": [
            {
                "roleId": "r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                "roleName": "Public",
                "roleKind": "pre-defined",
                "assignedBy": "Bob Li"
            }
        ],
        "projectRoles": [
            {
                "projectId": "proj-xxxxxxxx",
                "roles": [
                    {
                        "roleId": "r-yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy",
                        "roleName": "Data Reader",
                        "roleKind": "custom",
                        "assignedBy": "Bob Li"
                    }
                ]
            }
        ]
    })
}

fn assert_direct_role_assignments(data: &types::DirectRoleAssignments) {
    assert_eq!(data.org_roles.len(), 1);
    let public = &data.org_roles[0];
    assert_eq!(public.role_id, ROLE_ID);
    assert_eq!(public.role_name.as_deref(), Some("Public"));
    assert_eq!(public.role_kind, Some(types::CloudRoleKind::PreDefined));
    assert_eq!(public.assigned_by.as_deref(), Some("Bob Li"));
    assert_eq!(data.project_roles.len(), 1);
    let project = &data.project_roles[0];
    assert_eq!(project.project_id, PROJECT_ID);
    assert_eq!(project.roles.len(), 1);
    let reader = &project.roles[0];
    assert_eq!(reader.role_id, "r-yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy");
    assert_eq!(reader.role_name.as_deref(), Some("Data Reader"));
    assert_eq!(reader.role_kind, Some(types::CloudRoleKind::Custom));
    assert_eq!(reader.assigned_by.as_deref(), Some("Bob Li"));
}

// ---------------------------------------------------------------- listCloudRoles

#[tokio::test]
async fn list_cloud_roles_sends_its_filters_and_decodes_the_example_page() {
    let server = MockServer::start_async().await;
    let mock = server.list_cloud_roles(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/roles")
            .header("authorization", common::BEARER)
            .query_param("roleType", "org")
            .query_param("projectId", PROJECT_ID)
            .query_param("currentPage", "1")
            .query_param("pageSize", "10");
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "count": 2,
                "currentPage": 1,
                "pageSize": 10,
                "roles": [
                    {
                        "roleId": "r-onpocppupmikjqmildbpbeouxsrwvy",
                        "roleName": "Project Admin",
                        "roleType": "project",
                        "roleKind": "pre-defined",
                        "projectId": "",
                        "description": ""
                    },
                    {
                        "roleId": "r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                        "roleName": "Data Reader",
                        "roleType": "project",
                        "roleKind": "custom",
                        "projectId": "proj-xxxxxxxx",
                        "description": ""
                    }
                ]
            }
        }));
    });

    let page = common::client(&server)
        .list_cloud_roles()
        .role_type(types::CloudRoleTypeFilter::Org)
        .project_id(PROJECT_ID)
        .current_page(1u32)
        .page_size(10u32)
        .send()
        .await
        .into_data()
        .expect("the example page decodes");

    mock.assert_async().await;
    assert_eq!(page.count, 2);
    assert_eq!(page.current_page, Some(1));
    assert_eq!(page.page_size, Some(10));
    assert_eq!(page.roles.len(), 2);
    let admin = &page.roles[0];
    assert_eq!(admin.role_id, "r-onpocppupmikjqmildbpbeouxsrwvy");
    assert_eq!(admin.role_name.as_deref(), Some("Project Admin"));
    assert_eq!(admin.role_type, Some(types::CloudRoleType::Project));
    assert_eq!(admin.role_kind, Some(types::CloudRoleKind::PreDefined));
    assert_eq!(admin.project_id.as_deref(), Some(""));
    assert_eq!(admin.description.as_deref(), Some(""));
    assert!(admin.policies.is_empty());
    let reader = &page.roles[1];
    assert_eq!(reader.role_id, ROLE_ID);
    assert_eq!(reader.role_name.as_deref(), Some("Data Reader"));
    assert_eq!(reader.role_type, Some(types::CloudRoleType::Project));
    assert_eq!(reader.role_kind, Some(types::CloudRoleKind::Custom));
    assert_eq!(reader.project_id.as_deref(), Some(PROJECT_ID));
    assert_eq!(reader.description.as_deref(), Some(""));
}

#[tokio::test]
async fn list_cloud_roles_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.list_cloud_roles(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/roles")
            .header("authorization", common::BEARER)
            .query_param("roleType", "project");
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, NOT_AUTHENTICATED));
    });

    let err = common::client(&server)
        .list_cloud_roles()
        .role_type(types::CloudRoleTypeFilter::Project)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, NOT_AUTHENTICATED);
}

// ---------------------------------------------------------------- createCloudRole

fn create_cloud_role_request() -> types::builder::CreateCloudRoleRequest {
    types::CreateCloudRoleRequest::builder()
        .project_id(PROJECT_ID.to_string())
        .role_name("Data Reader")
        .description(
            "Can read serving clusters"
                .parse::<types::CreateCloudRoleRequestDescription>()
                .expect("the description is short enough"),
        )
        .policies(vec![serving_cluster_view()])
}

#[tokio::test]
async fn create_cloud_role_sends_the_example_body_and_decodes_the_new_role() {
    let server = MockServer::start_async().await;
    let mock = server.create_cloud_role(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/roles")
            .header("authorization", common::BEARER)
            .json_body(json!({
                "projectId": "proj-xxxxxxxx",
                "roleName": "Data Reader",
                "description": "Can read serving clusters",
                "policies": [
                    {
                        "resourceType": "serving_cluster",
                        "resources": ["*"],
                        "privileges": ["view"]
                    }
                ]
            }));
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "roleId": "r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                "roleName": "Org Manager",
                "roleType": "org",
                "roleKind": "custom",
                "description": "Can view members and manage org roles",
                "policies": [
                    {"resourceType": "org_member", "privileges": ["view"]},
                    {"resourceType": "org_role", "privileges": ["grant", "manage"]}
                ]
            }
        }));
    });

    let role = common::client(&server)
        .create_cloud_role()
        .body(create_cloud_role_request())
        .send()
        .await
        .into_data()
        .expect("the example role decodes");

    mock.assert_async().await;
    assert_eq!(role.role_id, ROLE_ID);
    assert_eq!(role.role_name.as_deref(), Some("Org Manager"));
    assert_eq!(role.role_type, Some(types::CloudRoleType::Org));
    assert_eq!(role.role_kind, Some(types::CloudRoleKind::Custom));
    assert_eq!(role.project_id, None);
    assert_eq!(
        role.description.as_deref(),
        Some("Can view members and manage org roles")
    );
    assert_eq!(role.policies.len(), 2);
    assert_eq!(
        role.policies[0].resource_type,
        Some(types::CloudRoleResourceType::OrgMember)
    );
    assert_eq!(
        role.policies[0].privileges,
        vec![types::CloudRolePrivilege::View]
    );
    assert!(role.policies[0].resources.is_empty());
    assert_eq!(
        role.policies[1].resource_type,
        Some(types::CloudRoleResourceType::OrgRole)
    );
    assert_eq!(
        role.policies[1].privileges,
        vec![
            types::CloudRolePrivilege::Grant,
            types::CloudRolePrivilege::Manage
        ]
    );
    assert!(role.policies[1].resources.is_empty());
}

#[tokio::test]
async fn create_cloud_role_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.create_cloud_role(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/roles")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, NOT_AUTHENTICATED));
    });

    let err = common::client(&server)
        .create_cloud_role()
        .body(create_cloud_role_request())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- describeCloudRole

#[tokio::test]
async fn describe_cloud_role_decodes_the_example_role() {
    let server = MockServer::start_async().await;
    let mock = server.describe_cloud_role(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/roles/r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": data_reader_role()}));
    });

    let role = common::client(&server)
        .describe_cloud_role()
        .role_id(ROLE_ID)
        .send()
        .await
        .into_data()
        .expect("the example role decodes");

    mock.assert_async().await;
    assert_data_reader(&role);
}

#[tokio::test]
async fn describe_cloud_role_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.describe_cloud_role(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/roles/r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, NOT_AUTHENTICATED));
    });

    let err = common::client(&server)
        .describe_cloud_role()
        .role_id(ROLE_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- updateCloudRole

fn update_cloud_role_request() -> types::builder::UpdateCloudRoleRequest {
    types::UpdateCloudRoleRequest::builder()
        .role_name("Data Reader".to_string())
        .policies(vec![serving_cluster_view()])
}

#[tokio::test]
async fn update_cloud_role_sends_the_example_body_and_decodes_the_updated_role() {
    let server = MockServer::start_async().await;
    let mock = server.update_cloud_role(|when, then| {
        when.into_inner()
            .method(Method::PUT)
            .path("/v2/roles/r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER)
            .json_body(json!({
                "roleName": "Data Reader",
                "policies": [
                    {
                        "resourceType": "serving_cluster",
                        "resources": ["*"],
                        "privileges": ["view"]
                    }
                ]
            }));
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": data_reader_role()}));
    });

    let role = common::client(&server)
        .update_cloud_role()
        .role_id(ROLE_ID)
        .body(update_cloud_role_request())
        .send()
        .await
        .into_data()
        .expect("the example role decodes");

    mock.assert_async().await;
    assert_data_reader(&role);
}

#[tokio::test]
async fn update_cloud_role_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.update_cloud_role(|when, then| {
        when.into_inner()
            .method(Method::PUT)
            .path("/v2/roles/r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, NOT_AUTHENTICATED));
    });

    let err = common::client(&server)
        .update_cloud_role()
        .role_id(ROLE_ID)
        .body(update_cloud_role_request())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- deleteCloudRole

#[tokio::test]
async fn delete_cloud_role_answers_true() {
    let server = MockServer::start_async().await;
    let mock = server.delete_cloud_role(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path("/v2/roles/r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": true}));
    });

    let deleted = common::client(&server)
        .delete_cloud_role()
        .role_id(ROLE_ID)
        .send()
        .await
        .into_data()
        .expect("the example answer decodes");

    mock.assert_async().await;
    assert!(deleted);
}

#[tokio::test]
async fn delete_cloud_role_in_use_21141_is_failed_precondition() {
    let server = MockServer::start_async().await;
    let mock = server.delete_cloud_role(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path("/v2/roles/r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(21141, "this role is in use"));
    });

    let err = common::client(&server)
        .delete_cloud_role()
        .role_id(ROLE_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 21141, ErrorKind::FailedPrecondition, 200);
    assert_eq!(v.message, "this role is in use");
}

// ---------------------------------------------------------------- listCloudRolePrincipals

#[tokio::test]
async fn list_cloud_role_principals_decodes_users_groups_and_api_keys() {
    let server = MockServer::start_async().await;
    let mock = server.list_cloud_role_principals(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/roles/r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/principals")
            .header("authorization", common::BEARER)
            .query_param("projectId", PROJECT_ID)
            .query_param("currentPage", "1")
            .query_param("pageSize", "10");
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "count": 3,
                "currentPage": 1,
                "pageSize": 10,
                "principals": [
                    {
                        "principalType": "user",
                        "email": "alice@example.com",
                        "principalName": "Alice Wang",
                        "assignedBy": "Bob Li",
                        "assignedAt": "2026-06-21T00:00:00Z"
                    },
                    {
                        "principalType": "group",
                        "groupId": "g-xxxxxxxxxxxxxx",
                        "principalName": "engineering",
                        "assignedBy": "Bob Li",
                        "assignedAt": "2026-06-21T00:00:00Z"
                    },
                    {
                        "principalType": "apikey",
                        "apiKeyId": "key-xxxxxxxxxxxxxx",
                        "principalName": "Alice's key",
                        "assignedBy": "system",
                        "assignedAt": "2026-06-21T00:00:00Z"
                    }
                ]
            }
        }));
    });

    let page = common::client(&server)
        .list_cloud_role_principals()
        .role_id(ROLE_ID)
        .project_id(PROJECT_ID)
        .current_page(1u32)
        .page_size(10u32)
        .send()
        .await
        .into_data()
        .expect("the example page decodes");

    mock.assert_async().await;
    assert_eq!(page.count, 3);
    assert_eq!(page.current_page, Some(1));
    assert_eq!(page.page_size, Some(10));
    assert_eq!(page.principals.len(), 3);

    let user = &page.principals[0];
    assert_eq!(
        user.principal_type,
        Some(types::CloudRolePrincipalType::User)
    );
    assert_eq!(user.email.as_deref(), Some("alice@example.com"));
    assert_eq!(user.principal_name.as_deref(), Some("Alice Wang"));
    assert_eq!(user.assigned_by.as_deref(), Some("Bob Li"));
    assert_eq!(user.assigned_at.as_deref(), Some("2026-06-21T00:00:00Z"));
    assert_eq!(user.principal_id, None);
    assert_eq!(user.group_id, None);
    assert_eq!(user.api_key_id, None);

    let group = &page.principals[1];
    assert_eq!(
        group.principal_type,
        Some(types::CloudRolePrincipalType::Group)
    );
    assert_eq!(group.group_id.as_deref(), Some(GROUP_ID));
    assert_eq!(group.principal_name.as_deref(), Some("engineering"));
    assert_eq!(group.assigned_by.as_deref(), Some("Bob Li"));
    assert_eq!(group.assigned_at.as_deref(), Some("2026-06-21T00:00:00Z"));
    assert_eq!(group.email, None);

    let key = &page.principals[2];
    assert_eq!(
        key.principal_type,
        Some(types::CloudRolePrincipalType::Apikey)
    );
    assert_eq!(key.api_key_id.as_deref(), Some("key-xxxxxxxxxxxxxx"));
    assert_eq!(key.principal_name.as_deref(), Some("Alice's key"));
    assert_eq!(key.assigned_by.as_deref(), Some("system"));
    assert_eq!(key.assigned_at.as_deref(), Some("2026-06-21T00:00:00Z"));
}

#[tokio::test]
async fn list_cloud_role_principals_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.list_cloud_role_principals(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/roles/r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/principals")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, NOT_AUTHENTICATED));
    });

    let err = common::client(&server)
        .list_cloud_role_principals()
        .role_id(ROLE_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- listGroups

#[tokio::test]
async fn list_groups_sends_its_name_filter_and_decodes_the_example_page() {
    let server = MockServer::start_async().await;
    let mock = server.list_groups(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/groups")
            .header("authorization", common::BEARER)
            .query_param("groupName", "eng")
            .query_param("currentPage", "1")
            .query_param("pageSize", "10");
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "count": 2,
                "currentPage": 1,
                "pageSize": 10,
                "groups": [
                    {"groupId": "g-xxxxxxxxxxxxxx", "groupName": "engineering", "memberCount": 12},
                    {"groupId": "g-yyyyyyyyyyyyyy", "groupName": "data-readers", "memberCount": 3}
                ]
            }
        }));
    });

    let page = common::client(&server)
        .list_groups()
        .group_name("eng")
        .current_page(1u32)
        .page_size(10u32)
        .send()
        .await
        .into_data()
        .expect("the example page decodes");

    mock.assert_async().await;
    assert_eq!(page.count, 2);
    assert_eq!(page.current_page, Some(1));
    assert_eq!(page.page_size, Some(10));
    assert_eq!(page.groups.len(), 2);
    assert_eq!(page.groups[0].group_id, GROUP_ID);
    assert_eq!(page.groups[0].group_name.as_deref(), Some("engineering"));
    assert_eq!(page.groups[0].member_count, Some(12));
    assert_eq!(page.groups[1].group_id, "g-yyyyyyyyyyyyyy");
    assert_eq!(page.groups[1].group_name.as_deref(), Some("data-readers"));
    assert_eq!(page.groups[1].member_count, Some(3));
}

#[tokio::test]
async fn list_groups_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.list_groups(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/groups")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, NOT_AUTHENTICATED));
    });

    let err = common::client(&server)
        .list_groups()
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- listGroupRoles

#[tokio::test]
async fn list_group_roles_decodes_org_and_project_roles() {
    let server = MockServer::start_async().await;
    let mock = server.list_group_roles(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/groups/g-xxxxxxxxxxxxxx/roles")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": direct_role_assignments()}));
    });

    let data = common::client(&server)
        .list_group_roles()
        .group_id(GROUP_ID)
        .send()
        .await
        .into_data()
        .expect("the example answer decodes");

    mock.assert_async().await;
    assert_direct_role_assignments(&data);
}

#[tokio::test]
async fn list_group_roles_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.list_group_roles(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/groups/g-xxxxxxxxxxxxxx/roles")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, NOT_AUTHENTICATED));
    });

    let err = common::client(&server)
        .list_group_roles()
        .group_id(GROUP_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- listGroupMembers

#[tokio::test]
async fn list_group_members_decodes_the_example_page() {
    let server = MockServer::start_async().await;
    let mock = server.list_group_members(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/groups/g-xxxxxxxxxxxxxx/members")
            .header("authorization", common::BEARER)
            .query_param("currentPage", "1")
            .query_param("pageSize", "10");
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "count": 12,
                "currentPage": 1,
                "pageSize": 10,
                "members": [
                    {"username": "Alice", "email": "alice@example.com"},
                    {"username": "Bob", "email": "bob@example.com"}
                ]
            }
        }));
    });

    let page = common::client(&server)
        .list_group_members()
        .group_id(GROUP_ID)
        .current_page(1u32)
        .page_size(10u32)
        .send()
        .await
        .into_data()
        .expect("the example page decodes");

    mock.assert_async().await;
    assert_eq!(page.count, 12);
    assert_eq!(page.current_page, Some(1));
    assert_eq!(page.page_size, Some(10));
    assert_eq!(page.members.len(), 2);
    assert_eq!(page.members[0].username.as_deref(), Some("Alice"));
    assert_eq!(page.members[0].email.as_deref(), Some("alice@example.com"));
    assert_eq!(page.members[1].username.as_deref(), Some("Bob"));
    assert_eq!(page.members[1].email.as_deref(), Some("bob@example.com"));
}

#[tokio::test]
async fn list_group_members_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.list_group_members(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/groups/g-xxxxxxxxxxxxxx/members")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, NOT_AUTHENTICATED));
    });

    let err = common::client(&server)
        .list_group_members()
        .group_id(GROUP_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- grantRoleToGroup

#[tokio::test]
async fn grant_role_to_group_sends_the_project_and_answers_true() {
    let server = MockServer::start_async().await;
    let mock = server.grant_role_to_group(|when, then| {
        when.into_inner()
            .method(Method::PUT)
            .path("/v2/groups/g-xxxxxxxxxxxxxx/roles/r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER)
            .query_param("projectId", PROJECT_ID);
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": true}));
    });

    let granted = common::client(&server)
        .grant_role_to_group()
        .group_id(GROUP_ID)
        .role_id(ROLE_ID)
        .project_id(PROJECT_ID)
        .send()
        .await
        .into_data()
        .expect("the example answer decodes");

    mock.assert_async().await;
    assert!(granted);
}

#[tokio::test]
async fn grant_role_to_group_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.grant_role_to_group(|when, then| {
        when.into_inner()
            .method(Method::PUT)
            .path("/v2/groups/g-xxxxxxxxxxxxxx/roles/r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER)
            .query_param_missing("projectId");
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, NOT_AUTHENTICATED));
    });

    let err = common::client(&server)
        .grant_role_to_group()
        .group_id(GROUP_ID)
        .role_id(ROLE_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- revokeRoleFromGroup

#[tokio::test]
async fn revoke_role_from_group_sends_the_project_and_answers_true() {
    let server = MockServer::start_async().await;
    let mock = server.revoke_role_from_group(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path("/v2/groups/g-xxxxxxxxxxxxxx/roles/r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER)
            .query_param("projectId", PROJECT_ID);
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": true}));
    });

    let revoked = common::client(&server)
        .revoke_role_from_group()
        .group_id(GROUP_ID)
        .role_id(ROLE_ID)
        .project_id(PROJECT_ID)
        .send()
        .await
        .into_data()
        .expect("the example answer decodes");

    mock.assert_async().await;
    assert!(revoked);
}

#[tokio::test]
async fn revoke_role_from_group_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.revoke_role_from_group(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path("/v2/groups/g-xxxxxxxxxxxxxx/roles/r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER)
            .query_param_missing("projectId");
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, NOT_AUTHENTICATED));
    });

    let err = common::client(&server)
        .revoke_role_from_group()
        .group_id(GROUP_ID)
        .role_id(ROLE_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- resolveMember

#[tokio::test]
async fn resolve_member_by_email_decodes_the_member() {
    let server = MockServer::start_async().await;
    let mock = server.resolve_member(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/members")
            .header("authorization", common::BEARER)
            .query_param("email", "alice@example.com")
            .query_param_missing("userId");
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "userId": "usr-xxxxxxxxxxxxxx",
                "name": "Alice Wang",
                "email": "alice@example.com"
            }
        }));
    });

    let member = common::client(&server)
        .resolve_member()
        .email("alice@example.com")
        .send()
        .await
        .into_data()
        .expect("the example member decodes");

    mock.assert_async().await;
    assert_eq!(member.user_id, USER_ID);
    assert_eq!(member.name.as_deref(), Some("Alice Wang"));
    assert_eq!(member.email.as_deref(), Some("alice@example.com"));
}

#[tokio::test]
async fn resolve_member_by_user_id_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.resolve_member(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/members")
            .header("authorization", common::BEARER)
            .query_param("userId", USER_ID)
            .query_param_missing("email");
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, NOT_AUTHENTICATED));
    });

    let err = common::client(&server)
        .resolve_member()
        .user_id(USER_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- listMemberRoles

#[tokio::test]
async fn list_member_roles_decodes_org_and_project_roles() {
    let server = MockServer::start_async().await;
    let mock = server.list_member_roles(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/members/usr-xxxxxxxxxxxxxx/roles")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": direct_role_assignments()}));
    });

    let data = common::client(&server)
        .list_member_roles()
        .user_id(USER_ID)
        .send()
        .await
        .into_data()
        .expect("the example answer decodes");

    mock.assert_async().await;
    assert_direct_role_assignments(&data);
}

#[tokio::test]
async fn list_member_roles_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.list_member_roles(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/members/usr-xxxxxxxxxxxxxx/roles")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, NOT_AUTHENTICATED));
    });

    let err = common::client(&server)
        .list_member_roles()
        .user_id(USER_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- grantRoleToMember

#[tokio::test]
async fn grant_role_to_member_sends_the_project_and_answers_true() {
    let server = MockServer::start_async().await;
    let mock = server.grant_role_to_member(|when, then| {
        when.into_inner()
            .method(Method::PUT)
            .path("/v2/members/usr-xxxxxxxxxxxxxx/roles/r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER)
            .query_param("projectId", PROJECT_ID);
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": true}));
    });

    let granted = common::client(&server)
        .grant_role_to_member()
        .user_id(USER_ID)
        .role_id(ROLE_ID)
        .project_id(PROJECT_ID)
        .send()
        .await
        .into_data()
        .expect("the example answer decodes");

    mock.assert_async().await;
    assert!(granted);
}

#[tokio::test]
async fn grant_role_to_member_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.grant_role_to_member(|when, then| {
        when.into_inner()
            .method(Method::PUT)
            .path("/v2/members/usr-xxxxxxxxxxxxxx/roles/r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER)
            .query_param_missing("projectId");
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, NOT_AUTHENTICATED));
    });

    let err = common::client(&server)
        .grant_role_to_member()
        .user_id(USER_ID)
        .role_id(ROLE_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- revokeRoleFromMember

#[tokio::test]
async fn revoke_role_from_member_sends_the_project_and_answers_true() {
    let server = MockServer::start_async().await;
    let mock = server.revoke_role_from_member(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path("/v2/members/usr-xxxxxxxxxxxxxx/roles/r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER)
            .query_param("projectId", PROJECT_ID);
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": true}));
    });

    let revoked = common::client(&server)
        .revoke_role_from_member()
        .user_id(USER_ID)
        .role_id(ROLE_ID)
        .project_id(PROJECT_ID)
        .send()
        .await
        .into_data()
        .expect("the example answer decodes");

    mock.assert_async().await;
    assert!(revoked);
}

#[tokio::test]
async fn revoke_role_from_member_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.revoke_role_from_member(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path("/v2/members/usr-xxxxxxxxxxxxxx/roles/r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER)
            .query_param_missing("projectId");
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, NOT_AUTHENTICATED));
    });

    let err = common::client(&server)
        .revoke_role_from_member()
        .user_id(USER_ID)
        .role_id(ROLE_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- *_all helpers

/// Items `from..to` of a 250-item list, one page of a three-page answer.
fn role_items(from: usize, to: usize) -> Vec<Value> {
    (from..to)
        .map(|i| {
            json!({
                "roleId": format!("r-{i:03}"),
                "roleName": format!("role {i}"),
                "roleType": "org",
                "roleKind": "custom"
            })
        })
        .collect()
}

fn group_items(from: usize, to: usize) -> Vec<Value> {
    (from..to)
        .map(|i| json!({"groupId": format!("g-{i:03}"), "groupName": format!("group {i}"), "memberCount": i}))
        .collect()
}

#[tokio::test]
async fn list_cloud_roles_all_walks_three_pages_of_100() {
    let server = MockServer::start_async().await;
    let pages = [(1, 0, 100), (2, 100, 200), (3, 200, 250)].map(|(page, from, to)| {
        server.list_cloud_roles(|when, then| {
            when.into_inner()
                .method(Method::GET)
                .path("/v2/roles")
                .header("authorization", common::BEARER)
                .query_param("roleType", "org")
                .query_param("currentPage", page.to_string())
                .query_param("pageSize", "100")
                .query_param_missing("projectId");
            then.into_inner().status(200).json_body(json!({
                "code": 0,
                "data": {
                    "count": 250,
                    "currentPage": page,
                    "pageSize": 100,
                    "roles": role_items(from, to)
                }
            }));
        })
    });

    let roles = common::client(&server)
        .list_cloud_roles_all(types::CloudRoleTypeFilter::Org)
        .await
        .expect("every page decodes");

    for page in &pages {
        page.assert_calls_async(1).await;
    }
    assert_eq!(roles.len(), 250);
    for (i, role) in roles.iter().enumerate() {
        assert_eq!(role.role_id, format!("r-{i:03}"));
    }
    assert_eq!(roles[249].role_name.as_deref(), Some("role 249"));
    assert_eq!(roles[0].role_type, Some(types::CloudRoleType::Org));
    assert_eq!(roles[0].role_kind, Some(types::CloudRoleKind::Custom));
}

#[tokio::test]
async fn list_groups_all_walks_three_pages_of_100() {
    let server = MockServer::start_async().await;
    let pages = [(1, 0, 100), (2, 100, 200), (3, 200, 250)].map(|(page, from, to)| {
        server.list_groups(|when, then| {
            when.into_inner()
                .method(Method::GET)
                .path("/v2/groups")
                .header("authorization", common::BEARER)
                .query_param("currentPage", page.to_string())
                .query_param("pageSize", "100")
                .query_param_missing("groupName");
            then.into_inner().status(200).json_body(json!({
                "code": 0,
                "data": {
                    "count": 250,
                    "currentPage": page,
                    "pageSize": 100,
                    "groups": group_items(from, to)
                }
            }));
        })
    });

    let groups = common::client(&server)
        .list_groups_all()
        .await
        .expect("every page decodes");

    for page in &pages {
        page.assert_calls_async(1).await;
    }
    assert_eq!(groups.len(), 250);
    for (i, group) in groups.iter().enumerate() {
        assert_eq!(group.group_id, format!("g-{i:03}"));
        assert_eq!(group.member_count, Some(i32::try_from(i).unwrap()));
    }
}

#[tokio::test]
async fn list_groups_all_stops_after_one_short_page() {
    let server = MockServer::start_async().await;
    let mock = server.list_groups(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/groups")
            .header("authorization", common::BEARER)
            .query_param("currentPage", "1")
            .query_param("pageSize", "100");
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "count": 2,
                "currentPage": 1,
                "pageSize": 100,
                "groups": group_items(0, 2)
            }
        }));
    });

    let groups = common::client(&server)
        .list_groups_all()
        .await
        .expect("the page decodes");

    mock.assert_calls_async(1).await;
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].group_id, "g-000");
    assert_eq!(groups[1].group_id, "g-001");
}

#[tokio::test]
async fn list_group_members_all_stops_after_one_short_page() {
    let server = MockServer::start_async().await;
    let mock = server.list_group_members(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/groups/g-xxxxxxxxxxxxxx/members")
            .header("authorization", common::BEARER)
            .query_param("currentPage", "1")
            .query_param("pageSize", "100");
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "count": 2,
                "currentPage": 1,
                "pageSize": 100,
                "members": [
                    {"username": "Alice", "email": "alice@example.com"},
                    {"username": "Bob", "email": "bob@example.com"}
                ]
            }
        }));
    });

    let members = common::client(&server)
        .list_group_members_all(GROUP_ID)
        .await
        .expect("the page decodes");

    mock.assert_calls_async(1).await;
    assert_eq!(members.len(), 2);
    assert_eq!(members[0].username.as_deref(), Some("Alice"));
    assert_eq!(members[0].email.as_deref(), Some("alice@example.com"));
    assert_eq!(members[1].username.as_deref(), Some("Bob"));
    assert_eq!(members[1].email.as_deref(), Some("bob@example.com"));
}

#[tokio::test]
async fn list_cloud_role_principals_all_stops_after_one_short_page() {
    let server = MockServer::start_async().await;
    let mock = server.list_cloud_role_principals(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/roles/r-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/principals")
            .header("authorization", common::BEARER)
            .query_param("currentPage", "1")
            .query_param("pageSize", "100")
            .query_param_missing("projectId");
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "count": 1,
                "currentPage": 1,
                "pageSize": 100,
                "principals": [
                    {
                        "principalType": "user",
                        "email": "alice@example.com",
                        "principalName": "Alice Wang",
                        "assignedBy": "Bob Li",
                        "assignedAt": "2026-06-21T00:00:00Z"
                    }
                ]
            }
        }));
    });

    let principals = common::client(&server)
        .list_cloud_role_principals_all(ROLE_ID)
        .await
        .expect("the page decodes");

    mock.assert_calls_async(1).await;
    assert_eq!(principals.len(), 1);
    assert_eq!(
        principals[0].principal_type,
        Some(types::CloudRolePrincipalType::User)
    );
    assert_eq!(principals[0].email.as_deref(), Some("alice@example.com"));
    assert_eq!(principals[0].principal_name.as_deref(), Some("Alice Wang"));
}

#[tokio::test]
async fn list_cloud_roles_all_stops_after_one_short_page() {
    let server = MockServer::start_async().await;
    let mock = server.list_cloud_roles(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/roles")
            .header("authorization", common::BEARER)
            .query_param("roleType", "project")
            .query_param("currentPage", "1")
            .query_param("pageSize", "100");
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {"count": 1, "currentPage": 1, "pageSize": 100, "roles": [data_reader_role()]}
        }));
    });

    let roles = common::client(&server)
        .list_cloud_roles_all(types::CloudRoleTypeFilter::Project)
        .await
        .expect("the page decodes");

    mock.assert_calls_async(1).await;
    assert_eq!(roles.len(), 1);
    assert_data_reader(&roles[0]);
}
