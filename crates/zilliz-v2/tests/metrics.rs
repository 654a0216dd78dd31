//! The Zilliz v2 `metrics` group (specs/zilliz-v2/paths/metrics.yaml) against httpmock:
//! `queryClusterMetrics` and the alert rules (`listAlertRules`, `createAlertRule`,
//! `updateAlertRule`, `deleteAlertRule`) send the documented request (method, path,
//! bearer key, query, exact JSON body), decode the documented answer and map the
//! documented error code. The PagerDuty and OpsGenie API keys of the rules' actions
//! reach the server in the body and are read back from answers, but never show in
//! `Debug`. `Client::list_alert_rules_all` walks three pages numbered in the query.

mod common;

use cloud_clusters_zilliz_v2::{ErrorKind, IntoData, RequestSecret, mock::MockServerExt, types};
use httpmock::{Method, MockServer};
use serde_json::{Value, json};

const CLUSTER: &str = "inxx-xxxxxxxxxxxxxxx";
const PROJECT: &str = "proj-b44a39b0c51cf21791a841";
const RULE_ID: &str = "12391290837zs09sad0d09123";
const PATH_RULE_ID: &str = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
const EMAIL: &str = "your-email@your-org.com";
/// The API key of the PagerDuty and OpsGenie actions in the examples.
const ACTION_KEY: &str = "...";
const ILLEGAL_KEY: &str = "The apikey is illegal";

/// A typed value from its builder, failing the test if the builder is incomplete.
fn build<T, B>(builder: B) -> T
where
    B: TryInto<T>,
    B::Error: std::fmt::Display,
{
    builder
        .try_into()
        .unwrap_or_else(|e| panic!("the builder is complete: {e}"))
}

/// Answers `body` with HTTP 200, as JSON.
fn answer(then: httpmock::Then, body: Value) {
    then.status(200)
        .header("content-type", "application/json")
        .json_body(body);
}

/// `Debug` of `value` shows none of the action API keys (as a quoted string) and
/// redacts them.
fn assert_keys_hidden(value: &impl std::fmt::Debug) {
    let shown = format!("{value:?}");
    assert!(
        !shown.contains(&format!("{ACTION_KEY:?}")),
        "Debug shows an API key: {shown}"
    );
    assert!(shown.contains("[redacted]"), "{shown}");
}

// ---- queryClusterMetrics -------------------------------------------------------

fn metrics_path() -> String {
    format!("/v2/clusters/{CLUSTER}/metrics/query")
}

fn metrics_request_example() -> types::builder::QueryClusterMetricsRequest {
    types::QueryClusterMetricsRequest::builder()
        .start("2024-06-30T16:09:53Z".to_string())
        .end("2024-07-01T16:09:53Z".to_string())
        .granularity("PT6H")
        .metric_queries(vec![build::<types::ClusterMetricQuery, _>(
            types::ClusterMetricQuery::builder().name(types::ClusterMetricName::CuComputation),
        )])
}

#[tokio::test]
async fn query_cluster_metrics_decodes_the_series_with_its_null_point() {
    let server = MockServer::start_async().await;
    let mock = server.query_cluster_metrics(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/clusters/inxx-xxxxxxxxxxxxxxx/metrics/query")
            .header("authorization", common::BEARER)
            .header("content-type", "application/json")
            .json_body(json!({
                "start": "2024-06-30T16:09:53Z",
                "end": "2024-07-01T16:09:53Z",
                "granularity": "PT6H",
                "metricQueries": [
                    {"name": "CU_COMPUTATION"}
                ]
            }));
        answer(
            then.into_inner(),
            json!({
                "code": 0,
                "data": {
                    "results": [
                        {
                            "name": "CU_COMPUTATION",
                            "unit": "percent",
                            "values": [
                                {"timestamp": "2024-06-30T16:09:53Z", "value": null},
                                {"timestamp": "2024-06-30T22:09:53Z", "value": "1.00"},
                                {"timestamp": "2024-07-01T04:09:53Z", "value": "1.00"},
                                {"timestamp": "2024-07-01T10:09:53Z", "value": "1.00"}
                            ]
                        }
                    ]
                }
            }),
        );
    });

    let metrics = common::client(&server)
        .query_cluster_metrics()
        .cluster_id(CLUSTER)
        .body(metrics_request_example())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(metrics.results.len(), 1);
    let series = &metrics.results[0];
    assert_eq!(series.name.as_deref(), Some("CU_COMPUTATION"));
    assert_eq!(series.unit.as_deref(), Some("percent"));
    let points: Vec<(Option<&str>, Option<&str>)> = series
        .values
        .iter()
        .map(|p| (p.timestamp.as_deref(), p.value.as_deref()))
        .collect();
    assert_eq!(
        points,
        vec![
            (Some("2024-06-30T16:09:53Z"), None),
            (Some("2024-06-30T22:09:53Z"), Some("1.00")),
            (Some("2024-07-01T04:09:53Z"), Some("1.00")),
            (Some("2024-07-01T10:09:53Z"), Some("1.00")),
        ]
    );
}

#[tokio::test]
async fn query_cluster_metrics_illegal_api_key_21119_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let path = metrics_path();
    let mock = server.query_cluster_metrics(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(path.as_str())
            .header("authorization", common::BEARER);
        answer(
            then.into_inner(),
            common::error_envelope(21119, ILLEGAL_KEY),
        );
    });

    let err = common::client(&server)
        .query_cluster_metrics()
        .cluster_id(CLUSTER)
        .body(metrics_request_example())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, ILLEGAL_KEY);
}

// ---- alert rules: shared examples ----------------------------------------------

/// The request example of `createAlertRule` and `updateAlertRule` (the same rule).
fn alert_rule_request_json() -> Value {
    json!({
        "projectId": "proj-b44a39b0c51cf21791a841",
        "ruleName": "my alert name",
        "level": "CRITICAL",
        "metricName": "REQUEST_LATENCY_SEARCH_P99",
        "threshold": "70",
        "windowSize": "10",
        "comparisonMethod": "GREATER_THAN",
        "targetInstanceIds": ["in01-xxxxxxxxxxxx"],
        "enabled": true,
        "sendResolved": true,
        "actions": [
            {
                "type": "EMAIL",
                "config": {
                    "recipients": {
                        "members": ["your-email@your-org.com"],
                        "orgRoles": ["OWNER", "MEMBER", "BILLING_ADMIN"],
                        "projectRoles": ["OWNER", "MEMBER"]
                    }
                }
            },
            {
                "type": "SMS",
                "config": {
                    "recipients": {
                        "members": ["your-email@your-org.com"],
                        "orgRoles": ["OWNER", "MEMBER", "BILLING_ADMIN"],
                        "projectRoles": ["OWNER", "MEMBER"]
                    }
                }
            },
            {"type": "WEBHOOK", "config": {"url": "https://xxxx"}},
            {"type": "SLACK", "config": {"webhookUrl": "https://xxxx"}},
            {"type": "LARK", "config": {"webhookUrl": "https://xxxx"}},
            {"type": "WECOM", "config": {"webhookUrl": "https://xxxx"}},
            {"type": "PAGERDUTY", "config": {"region": "US", "apiKey": "..."}},
            {"type": "OPSGENIE", "config": {"region": "US", "apiKey": "..."}}
        ]
    })
}

/// The rule the answers of `listAlertRules`, `createAlertRule` and `updateAlertRule` carry.
fn alert_rule_answer_json() -> Value {
    json!({
        "id": "12391290837zs09sad0d09123",
        "projectId": "proj-b44a39b0c51cf21791a841",
        "ruleName": "my alert name",
        "level": "CRITICAL",
        "metricName": "REQUEST_LATENCY_SEARCH_P99",
        "threshold": "70",
        "windowSize": "10",
        "enabled": true,
        "sendResolved": true,
        "actions": [
            {
                "type": "EMAIL",
                "config": {
                    "recipients": {
                        "members": ["your-email@your-org.com"],
                        "orgRoles": ["OWNER", "MEMBER", "BILLING_ADMIN"],
                        "projectRoles": ["OWNER", "MEMBER"]
                    }
                }
            },
            {
                "type": "SMS",
                "config": {
                    "recipients": {
                        "members": ["your-email@your-org.com"],
                        "orgRoles": ["OWNER", "MEMBER", "BILLING_ADMIN"],
                        "projectRoles": ["OWNER", "MEMBER"]
                    }
                }
            },
            {"type": "WEBHOOK", "config": {"url": "https://xxxx"}},
            {"type": "SLACK", "config": {"webhookUrl": "https://xxxx"}},
            {"type": "LARK", "config": {"webhookUrl": "https://xxxx"}},
            {"type": "WECOM", "config": {"webhookUrl": "https://xxxx"}},
            {"type": "PAGERDUTY", "config": {"region": "US", "apiKey": "..."}},
            {"type": "OPSGENIE", "config": {"region": "US", "apiKey": "..."}}
        ],
        "comparisonMethod": "GREATER_THAN",
        "targetInstanceIds": ["in01-xxxxxxxxxxxx"]
    })
}

/// The eight actions of the request example, built with the typed builders.
fn actions_input() -> Vec<types::AlertActionInput> {
    use types::AlertActionInputType as T;
    use types::AlertRecipientsInputOrgRolesItem as Org;
    use types::AlertRecipientsInputProjectRolesItem as Proj;

    let recipients = || -> types::AlertRecipientsInput {
        build(
            types::AlertRecipientsInput::builder()
                .members(vec![EMAIL.to_string()])
                .org_roles(vec![Org::Owner, Org::Member, Org::BillingAdmin])
                .project_roles(vec![Proj::Owner, Proj::Member]),
        )
    };
    let config = types::AlertActionConfigInput::builder;
    let action = |type_: T, config: types::builder::AlertActionConfigInput| {
        build::<types::AlertActionInput, _>(
            types::AlertActionInput::builder()
                .type_(type_)
                .config(config),
        )
    };
    vec![
        action(T::Email, config().recipients(recipients())),
        action(T::Sms, config().recipients(recipients())),
        action(T::Webhook, config().url("https://xxxx".to_string())),
        action(T::Slack, config().webhook_url("https://xxxx".to_string())),
        action(T::Lark, config().webhook_url("https://xxxx".to_string())),
        action(T::Wecom, config().webhook_url("https://xxxx".to_string())),
        action(
            T::Pagerduty,
            config()
                .region("US".to_string())
                .api_key(RequestSecret::from(ACTION_KEY)),
        ),
        action(
            T::Opsgenie,
            config()
                .region("US".to_string())
                .api_key(RequestSecret::from(ACTION_KEY)),
        ),
    ]
}

/// The request example of `createAlertRule`, built with the typed builders.
fn create_request_example() -> types::CreateAlertRuleRequest {
    build(
        types::CreateAlertRuleRequest::builder()
            .project_id(PROJECT)
            .rule_name("my alert name")
            .level(types::CreateAlertRuleRequestLevel::Critical)
            .metric_name("REQUEST_LATENCY_SEARCH_P99")
            .threshold("70".to_string())
            .window_size("10".to_string())
            .comparison_method(types::CreateAlertRuleRequestComparisonMethod::GreaterThan)
            .target_instance_ids(vec!["in01-xxxxxxxxxxxx".to_string()])
            .enabled(true)
            .send_resolved(true)
            .actions(actions_input()),
    )
}

/// The request example of `updateAlertRule`, built with the typed builders.
fn update_request_example() -> types::UpdateAlertRuleRequest {
    build(
        types::UpdateAlertRuleRequest::builder()
            .project_id(PROJECT.to_string())
            .rule_name("my alert name".to_string())
            .level(types::UpdateAlertRuleRequestLevel::Critical)
            .metric_name("REQUEST_LATENCY_SEARCH_P99".to_string())
            .threshold("70".to_string())
            .window_size("10".to_string())
            .comparison_method(types::UpdateAlertRuleRequestComparisonMethod::GreaterThan)
            .target_instance_ids(vec!["in01-xxxxxxxxxxxx".to_string()])
            .enabled(true)
            .send_resolved(true)
            .actions(actions_input()),
    )
}

/// Every field of the documented rule, decoded.
fn assert_documented_rule(rule: &types::AlertRule) {
    use types::AlertActionType as T;

    assert_eq!(rule.id, RULE_ID);
    assert_eq!(rule.project_id.as_deref(), Some(PROJECT));
    assert_eq!(rule.rule_name.as_deref(), Some("my alert name"));
    assert_eq!(rule.level, Some(types::AlertRuleLevel::Critical));
    assert_eq!(
        rule.metric_name.as_deref(),
        Some("REQUEST_LATENCY_SEARCH_P99")
    );
    assert_eq!(rule.threshold.as_deref(), Some("70"));
    assert_eq!(rule.window_size.as_deref(), Some("10"));
    assert_eq!(rule.enabled, Some(true));
    assert_eq!(rule.send_resolved, Some(true));
    assert_eq!(
        rule.comparison_method,
        Some(types::AlertComparisonMethod::GreaterThan)
    );
    assert_eq!(rule.target_instance_ids, vec!["in01-xxxxxxxxxxxx"]);

    let kinds: Vec<Option<T>> = rule.actions.iter().map(|a| a.type_.clone()).collect();
    assert_eq!(
        kinds,
        [
            T::Email,
            T::Sms,
            T::Webhook,
            T::Slack,
            T::Lark,
            T::Wecom,
            T::Pagerduty,
            T::Opsgenie
        ]
        .map(Some)
    );
    let config = |i: usize| {
        rule.actions[i]
            .config
            .as_ref()
            .unwrap_or_else(|| panic!("action {i} has a config"))
    };
    for i in [0, 1] {
        let recipients = config(i)
            .recipients
            .as_ref()
            .expect("EMAIL and SMS have recipients");
        assert_eq!(recipients.members, vec![EMAIL]);
        assert_eq!(
            recipients.org_roles,
            vec![
                types::AlertOrgRole::Owner,
                types::AlertOrgRole::Member,
                types::AlertOrgRole::BillingAdmin
            ]
        );
        assert_eq!(
            recipients.project_roles,
            vec![
                types::AlertProjectRole::Owner,
                types::AlertProjectRole::Member
            ]
        );
    }
    assert_eq!(config(2).url.as_deref(), Some("https://xxxx"));
    for i in [3, 4, 5] {
        assert_eq!(config(i).webhook_url.as_deref(), Some("https://xxxx"));
    }
    for i in [6, 7] {
        assert_eq!(config(i).region.as_deref(), Some("US"));
        let key = config(i)
            .api_key
            .as_ref()
            .expect("the action has an apiKey");
        assert_eq!(key.expose_secret(), ACTION_KEY);
    }
    assert_keys_hidden(rule);
}

// ---- listAlertRules ------------------------------------------------------------

#[tokio::test]
async fn list_alert_rules_decodes_the_documented_page() {
    let server = MockServer::start_async().await;
    let mock = server.list_alert_rules(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/alertRules")
            .header("authorization", common::BEARER)
            .query_param("projectId", "proj-xxxxxxxxxxxxxxxxxxxxxx")
            .query_param("pageSize", "10")
            .query_param("currentPage", "1");
        answer(
            then.into_inner(),
            json!({
                "code": 0,
                "data": {
                    "count": 1,
                    "currentPage": 1,
                    "pageSize": 10,
                    "alertRules": [alert_rule_answer_json()]
                }
            }),
        );
    });

    let page = common::client(&server)
        .list_alert_rules()
        .project_id("proj-xxxxxxxxxxxxxxxxxxxxxx")
        .page_size(10u32)
        .current_page(1u32)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(page.count, 1);
    assert_eq!(page.current_page, Some(1));
    assert_eq!(page.page_size, Some(10));
    assert_eq!(page.alert_rules.len(), 1);
    assert_documented_rule(&page.alert_rules[0]);
    assert_keys_hidden(&page);
}

#[tokio::test]
async fn list_alert_rules_illegal_api_key_21119_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.list_alert_rules(|when, then| {
        let when = when.project_id(PROJECT);
        when.into_inner()
            .method(Method::GET)
            .path("/v2/alertRules")
            .header("authorization", common::BEARER);
        answer(
            then.into_inner(),
            common::error_envelope(21119, ILLEGAL_KEY),
        );
    });

    let err = common::client(&server)
        .list_alert_rules()
        .project_id(PROJECT)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, ILLEGAL_KEY);
}

#[tokio::test]
async fn list_alert_rules_all_pages_through_the_query() {
    const TOTAL: usize = 250;
    let server = MockServer::start_async().await;
    let mocks: Vec<_> = [(1, 0..100), (2, 100..200), (3, 200..TOTAL)]
        .into_iter()
        .map(|(page, range)| {
            let rules: Vec<Value> = range
                .map(|i| json!({"id": format!("rule-{i:03}"), "projectId": PROJECT}))
                .collect();
            server.list_alert_rules(|when, then| {
                when.into_inner()
                    .method(Method::GET)
                    .path("/v2/alertRules")
                    .header("authorization", common::BEARER)
                    .query_param("projectId", PROJECT)
                    .query_param("currentPage", page.to_string())
                    .query_param("pageSize", "100");
                answer(
                    then.into_inner(),
                    json!({
                        "code": 0,
                        "data": {
                            "count": TOTAL,
                            "currentPage": page,
                            "pageSize": 100,
                            "alertRules": rules
                        }
                    }),
                );
            })
        })
        .collect();

    let rules = common::client(&server)
        .list_alert_rules_all(PROJECT)
        .await
        .expect("three pages of alert rules");

    for mock in &mocks {
        mock.assert_async().await;
    }
    assert_eq!(rules.len(), TOTAL);
    for (i, rule) in rules.iter().enumerate() {
        assert_eq!(rule.id, format!("rule-{i:03}"));
        assert_eq!(rule.project_id.as_deref(), Some(PROJECT));
        assert!(rule.actions.is_empty());
    }
}

// ---- createAlertRule -----------------------------------------------------------

#[tokio::test]
async fn create_alert_rule_sends_the_documented_rule_and_decodes_the_new_one() {
    let server = MockServer::start_async().await;
    let mock = server.create_alert_rule(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/alertRules")
            .header("authorization", common::BEARER)
            .header("content-type", "application/json")
            .json_body(alert_rule_request_json());
        answer(
            then.into_inner(),
            json!({"code": 0, "data": alert_rule_answer_json()}),
        );
    });

    let request = create_request_example();
    assert_keys_hidden(&request);
    assert_eq!(
        request.actions[6]
            .config
            .api_key
            .as_ref()
            .map(RequestSecret::expose_secret),
        Some(ACTION_KEY)
    );

    let rule = common::client(&server)
        .create_alert_rule()
        .body(request)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_documented_rule(&rule);
}

#[tokio::test]
async fn create_alert_rule_illegal_api_key_21119_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.create_alert_rule(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/alertRules")
            .header("authorization", common::BEARER);
        answer(
            then.into_inner(),
            common::error_envelope(21119, ILLEGAL_KEY),
        );
    });

    let err = common::client(&server)
        .create_alert_rule()
        .body(create_request_example())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, ILLEGAL_KEY);
}

// ---- updateAlertRule -----------------------------------------------------------

#[tokio::test]
async fn update_alert_rule_puts_the_whole_rule_and_decodes_the_updated_one() {
    let server = MockServer::start_async().await;
    let mock = server.update_alert_rule(|when, then| {
        when.into_inner()
            .method(Method::PUT)
            .path("/v2/alertRules/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER)
            .header("content-type", "application/json")
            .json_body(alert_rule_request_json());
        answer(
            then.into_inner(),
            json!({"code": 0, "data": alert_rule_answer_json()}),
        );
    });

    let request = update_request_example();
    assert_keys_hidden(&request);
    assert_eq!(
        request.actions[7]
            .config
            .api_key
            .as_ref()
            .map(RequestSecret::expose_secret),
        Some(ACTION_KEY)
    );

    let rule = common::client(&server)
        .update_alert_rule()
        .alert_rule_id(PATH_RULE_ID)
        .body(request)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_documented_rule(&rule);
}

#[tokio::test]
async fn update_alert_rule_illegal_api_key_21119_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.update_alert_rule(|when, then| {
        when.into_inner()
            .method(Method::PUT)
            .path(format!("/v2/alertRules/{PATH_RULE_ID}"))
            .header("authorization", common::BEARER);
        answer(
            then.into_inner(),
            common::error_envelope(21119, ILLEGAL_KEY),
        );
    });

    let err = common::client(&server)
        .update_alert_rule()
        .alert_rule_id(PATH_RULE_ID)
        .body(update_request_example())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, ILLEGAL_KEY);
}

// ---- deleteAlertRule -----------------------------------------------------------

#[tokio::test]
async fn delete_alert_rule_answers_an_empty_object() {
    let server = MockServer::start_async().await;
    let mock = server.delete_alert_rule(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path("/v2/alertRules/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER);
        answer(then.into_inner(), json!({"code": 0, "data": {}}));
    });

    let deleted = common::client(&server)
        .delete_alert_rule()
        .alert_rule_id(PATH_RULE_ID)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    let fields = deleted.as_ref().expect("data is an object, not null");
    assert!(fields.is_empty(), "{fields:?}");
}

#[tokio::test]
async fn delete_alert_rule_illegal_api_key_21119_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.delete_alert_rule(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path(format!("/v2/alertRules/{PATH_RULE_ID}"))
            .header("authorization", common::BEARER);
        answer(
            then.into_inner(),
            common::error_envelope(21119, ILLEGAL_KEY),
        );
    });

    let err = common::client(&server)
        .delete_alert_rule()
        .alert_rule_id(PATH_RULE_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, ILLEGAL_KEY);
}
