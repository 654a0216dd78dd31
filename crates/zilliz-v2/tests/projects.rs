//! Zilliz v2 projects (`specs/zilliz-v2/paths/projects.yaml`) against httpmock: for each
//! operation, the documented request (method, path, bearer key, body from the spec's
//! request example) answered with the spec's example, decoded field by field, and one of
//! the operation's documented error codes answered with HTTP 200, mapped to its kind.

mod common;

use cloud_clusters_zilliz_v2::{ErrorKind, IntoData, mock::MockServerExt, types};
use httpmock::{Method, MockServer};
use serde_json::json;

const PROJECT_ID: &str = "proj-xxxxxxxxxxxxxxxxxxxxxxx";
const PROJECT_PATH: &str = "/v2/projects/proj-xxxxxxxxxxxxxxxxxxxxxxx";
const ORG_ID: &str = "org-xxxxxxxxxxxxxxxxxxx";
const DESCRIPTION: &str = "A project for organizing clusters and resources.";

/// The body of the spec's `createProject` request example.
fn create_project_body() -> types::builder::CreateProjectRequest {
    types::CreateProjectRequest::builder()
        .project_name("My Project")
        .plan(types::CreateProjectRequestPlan::Enterprise)
        .region_ids(vec!["aws-us-east-1".to_string()])
        .description(DESCRIPTION.to_string())
}

/// The body of the spec's `updateProject` request example.
fn update_project_body() -> types::builder::UpdateProjectRequest {
    let name: types::UpdateProjectRequestProjectName = "New Project Name"
        .parse()
        .expect("a non-empty project name is valid");
    types::UpdateProjectRequest::builder()
        .project_name(Some(name))
        .description("This is a new description of the project.".to_string())
}

#[tokio::test]
async fn list_projects_decodes_the_documented_example() {
    let server = MockServer::start_async().await;
    let mock = server.list_projects(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/projects")
            .header("authorization", common::BEARER);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": [
                {
                    "projectName": "Default Project",
                    "projectId": "proj-xxxxxxxxxxxxxxxxxxxxxxx",
                    "regionIds": ["aws-us-east-1"],
                    "instanceCount": 2,
                    "createTime": "2023-08-16T07:34:06Z",
                    "plan": "Enterprise",
                    "orgType": "SAAS",
                    "description": "A project for organizing clusters and resources."
                }
            ]
        }));
    });

    let projects = common::client(&server)
        .list_projects()
        .send()
        .await
        .into_data()
        .expect("the documented example decodes");

    mock.assert_async().await;
    assert_eq!(projects.len(), 1);
    let p = &projects[0];
    assert_eq!(p.project_id, PROJECT_ID);
    assert_eq!(p.project_name.as_deref(), Some("Default Project"));
    assert_eq!(p.region_ids, vec!["aws-us-east-1".to_string()]);
    assert_eq!(p.instance_count, Some(2));
    assert_eq!(p.create_time.as_deref(), Some("2023-08-16T07:34:06Z"));
    assert_eq!(p.plan.as_deref(), Some("Enterprise"));
    assert_eq!(p.org_type, Some(types::ProjectOrgType::Saas));
    assert_eq!(p.description.as_deref(), Some(DESCRIPTION));
}

#[tokio::test]
async fn list_projects_illegal_key_21119_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.list_projects(|when, then| {
        when.into_inner().header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(21119, "The apikey is illegal"));
    });

    let err = common::client(&server)
        .list_projects()
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, "The apikey is illegal");
}

#[tokio::test]
async fn create_project_sends_the_documented_body_and_decodes_the_id() {
    let server = MockServer::start_async().await;
    let mock = server.create_project(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/projects")
            .header("authorization", common::BEARER)
            .json_body(json!({
                "projectName": "My Project",
                "plan": "Enterprise",
                "regionIds": ["aws-us-east-1"],
                "description": "A project for organizing clusters and resources."
            }));
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": {"projectId": "proj-x"}}));
    });

    let data = common::client(&server)
        .create_project()
        .body(create_project_body())
        .send()
        .await
        .into_data()
        .expect("the documented example decodes");

    mock.assert_async().await;
    match data {
        types::CreateProjectEnvelopeData::CreateProjectData(d) => {
            assert_eq!(d.project_id, "proj-x");
        }
        other => panic!("expected the {{projectId}} object, got {other:?}"),
    }
}

#[tokio::test]
async fn create_project_also_accepts_the_recorded_bare_id_string() {
    let server = MockServer::start_async().await;
    let mock = server.create_project(|when, then| {
        when.into_inner().path("/v2/projects");
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": "proj-d4477e7af43bbeb44594d9"}));
    });

    let data = common::client(&server)
        .create_project()
        .body(create_project_body())
        .send()
        .await
        .into_data()
        .expect("the recorded answer decodes");

    mock.assert_async().await;
    assert_eq!(
        data,
        types::CreateProjectEnvelopeData::String("proj-d4477e7af43bbeb44594d9".to_string())
    );
}

#[tokio::test]
async fn create_project_unauthenticated_1800_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.create_project(|when, then| {
        when.into_inner()
            .path("/v2/projects")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, "User hasn't authenticated"));
    });

    let err = common::client(&server)
        .create_project()
        .body(create_project_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

#[tokio::test]
async fn describe_project_decodes_the_documented_example() {
    let server = MockServer::start_async().await;
    let mock = server.describe_project(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path(PROJECT_PATH)
            .header("authorization", common::BEARER);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "projectId": "proj-x",
                "projectName": "My Project",
                "regionIds": ["aws-us-east-1"],
                "instanceCount": 2,
                "createTime": "2023-08-16T07:34:06Z",
                "plan": "Enterprise",
                "orgType": "SAAS",
                "description": "A project for organizing clusters and resources."
            }
        }));
    });

    let p = common::client(&server)
        .describe_project()
        .project_id(PROJECT_ID)
        .send()
        .await
        .into_data()
        .expect("the documented example decodes");

    mock.assert_async().await;
    assert_eq!(p.project_id, "proj-x");
    assert_eq!(p.project_name.as_deref(), Some("My Project"));
    assert_eq!(p.region_ids, vec!["aws-us-east-1".to_string()]);
    assert_eq!(p.instance_count, Some(2));
    assert_eq!(p.create_time.as_deref(), Some("2023-08-16T07:34:06Z"));
    assert_eq!(p.plan.as_deref(), Some("Enterprise"));
    assert_eq!(p.org_type, Some(types::ProjectOrgType::Saas));
    assert_eq!(p.description.as_deref(), Some(DESCRIPTION));
}

#[tokio::test]
async fn describe_project_invalid_project_id_96005_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.describe_project(|when, then| {
        when.into_inner()
            .path(PROJECT_PATH)
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(96005, "Invalid projectId."));
    });

    let err = common::client(&server)
        .describe_project()
        .project_id(PROJECT_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 96005, ErrorKind::InvalidArgument, 200);
}

#[tokio::test]
async fn update_project_sends_org_id_and_the_documented_body() {
    let server = MockServer::start_async().await;
    let mock = server.update_project(|when, then| {
        when.into_inner()
            .method(Method::PATCH)
            .path(PROJECT_PATH)
            .header("authorization", common::BEARER)
            .header("OrgId", ORG_ID)
            .json_body(json!({
                "projectName": "New Project Name",
                "description": "This is a new description of the project."
            }));
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": "ok"}));
    });

    let data = common::client(&server)
        .update_project()
        .project_id(PROJECT_ID)
        .org_id(ORG_ID)
        .body(update_project_body())
        .send()
        .await
        .into_data()
        .expect("the documented example decodes");

    mock.assert_async().await;
    assert_eq!(data, "ok");
}

#[tokio::test]
async fn update_project_permission_denied_96013_is_permission_denied() {
    let server = MockServer::start_async().await;
    let mock = server.update_project(|when, then| {
        when.into_inner()
            .path(PROJECT_PATH)
            .header("authorization", common::BEARER)
            .header("OrgId", ORG_ID);
        then.into_inner().status(200).json_body(common::error_envelope(
            96013,
            "Permission denied (organization, owner or API-key scope; see the v2 error-code catalog).",
        ));
    });

    let err = common::client(&server)
        .update_project()
        .project_id(PROJECT_ID)
        .org_id(ORG_ID)
        .body(update_project_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 96013, ErrorKind::PermissionDenied, 200);
}

#[tokio::test]
async fn delete_project_decodes_the_confirmation_text() {
    let server = MockServer::start_async().await;
    let mock = server.delete_project(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path(PROJECT_PATH)
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": "ok"}));
    });

    let data = common::client(&server)
        .delete_project()
        .project_id(PROJECT_ID)
        .send()
        .await
        .into_data()
        .expect("the documented example decodes");

    mock.assert_async().await;
    assert_eq!(data, "ok");
}

#[tokio::test]
async fn delete_project_permission_denied_96012_is_permission_denied() {
    let server = MockServer::start_async().await;
    let mock = server.delete_project(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path(PROJECT_PATH)
            .header("authorization", common::BEARER);
        then.into_inner().status(200).json_body(common::error_envelope(
            96012,
            "Permission denied (organization, owner or API-key scope; see the v2 error-code catalog).",
        ));
    });

    let err = common::client(&server)
        .delete_project()
        .project_id(PROJECT_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 96012, ErrorKind::PermissionDenied, 200);
}

#[tokio::test]
async fn upgrade_project_sends_the_documented_plan() {
    let server = MockServer::start_async().await;
    let mock = server.upgrade_project(|when, then| {
        when.into_inner()
            .method(Method::PATCH)
            .path("/v2/projects/proj-xxxxxxxxxxxxxxxxxxxxxxx/plan")
            .header("authorization", common::BEARER)
            .json_body(json!({"plan": "Enterprise"}));
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": "ok"}));
    });

    let data = common::client(&server)
        .upgrade_project()
        .project_id(PROJECT_ID)
        .body(
            types::UpgradeProjectRequest::builder()
                .plan(types::UpgradeProjectRequestPlan::Enterprise),
        )
        .send()
        .await
        .into_data()
        .expect("the documented example decodes");

    mock.assert_async().await;
    assert_eq!(data, "ok");
}

#[tokio::test]
async fn upgrade_project_downgrade_63104_is_failed_precondition() {
    let server = MockServer::start_async().await;
    let mock = server.upgrade_project(|when, then| {
        when.into_inner()
            .path("/v2/projects/proj-xxxxxxxxxxxxxxxxxxxxxxx/plan")
            .header("authorization", common::BEARER)
            .json_body(json!({"plan": "Standard"}));
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(
                63104,
                "Project plan can only be upgraded, not downgraded.",
            ));
    });

    let err = common::client(&server)
        .upgrade_project()
        .project_id(PROJECT_ID)
        .body(
            types::UpgradeProjectRequest::builder()
                .plan(types::UpgradeProjectRequestPlan::Standard),
        )
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 63104, ErrorKind::FailedPrecondition, 200);
    assert_eq!(
        v.message,
        "Project plan can only be upgraded, not downgraded."
    );
}

#[tokio::test]
async fn add_project_region_sends_the_documented_regions() {
    let server = MockServer::start_async().await;
    let mock = server.add_project_region(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/projects/proj-xxxxxxxxxxxxxxxxxxxxxxx/regions")
            .header("authorization", common::BEARER)
            .json_body(json!({"regionIds": ["aws-us-west-2"]}));
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": {"projectId": "proj-x"}}));
    });

    let data = common::client(&server)
        .add_project_region()
        .project_id(PROJECT_ID)
        .body(
            types::AddProjectRegionRequest::builder().region_ids(vec!["aws-us-west-2".to_string()]),
        )
        .send()
        .await
        .into_data()
        .expect("the documented example decodes");

    mock.assert_async().await;
    assert_eq!(data.project_id, "proj-x");
    // The example omits regionIds.
    assert!(data.region_ids.is_empty(), "{data:?}");
}

#[tokio::test]
async fn add_project_region_invalid_region_96001_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.add_project_region(|when, then| {
        when.into_inner()
            .path("/v2/projects/proj-xxxxxxxxxxxxxxxxxxxxxxx/regions")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(96001, "Invalid RegionId."));
    });

    let err = common::client(&server)
        .add_project_region()
        .project_id(PROJECT_ID)
        .body(
            types::AddProjectRegionRequest::builder().region_ids(vec!["aws-us-west-2".to_string()]),
        )
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 96001, ErrorKind::InvalidArgument, 200);
}

#[tokio::test]
async fn remove_project_region_decodes_the_remaining_regions() {
    let server = MockServer::start_async().await;
    let mock = server.remove_project_region(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path("/v2/projects/proj-xxxxxxxxxxxxxxxxxxxxxxx/regions/aws-us-west-2")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": ["aws-us-east-1"]}));
    });

    let regions = common::client(&server)
        .remove_project_region()
        .project_id(PROJECT_ID)
        .region_id("aws-us-west-2")
        .send()
        .await
        .into_data()
        .expect("the documented example decodes");

    mock.assert_async().await;
    assert_eq!(regions, vec!["aws-us-east-1".to_string()]);
}

#[tokio::test]
async fn remove_project_region_out_of_scope_96027_is_permission_denied() {
    let server = MockServer::start_async().await;
    let mock = server.remove_project_region(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path("/v2/projects/proj-xxxxxxxxxxxxxxxxxxxxxxx/regions/aws-us-west-2")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(
                96027,
                "Permission denied: the API key's scope does not cover this project.",
            ));
    });

    let err = common::client(&server)
        .remove_project_region()
        .project_id(PROJECT_ID)
        .region_id("aws-us-west-2")
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 96027, ErrorKind::PermissionDenied, 200);
}
