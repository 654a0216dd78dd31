//! Zilliz v2 billing (`specs/zilliz-v2/paths/billing.yaml`) against httpmock: invoices
//! (`listInvoices`, `describeInvoice`) and usage (`queryDailyUsage`), each with the spec's
//! request and example answer decoded field by field and one documented error code; plus
//! `Client::list_invoices_all` collecting three pages of a 250-invoice list.

mod common;

use cloud_clusters_zilliz_v2::{ErrorKind, IntoData, mock::MockServerExt, types};
use httpmock::{Method, MockServer};
use serde_json::{Value, json};

const INVOICE_ID: &str = "inv-12312io23810o291";

/// The invoice of the spec's examples.
fn example_invoice() -> Value {
    json!({
        "id": "inv-12312io23810o291",
        "orgId": "org-xxxxxx",
        "periodStart": "2024-01-01T00:00:00Z",
        "periodEnd": "2024-02-01T00:00:00Z",
        "invoiceDate": "2024-02-01T00:00:00Z",
        "dueDate": "2024-02-01T00:00:00Z",
        "currency": "USD",
        "status": "unpaid",
        "usageAmount": 52400,
        "creditsApplied": 12400,
        "alreadyBilledAmount": 0,
        "subtotal": 40000,
        "tax": 5000,
        "total": 45000,
        "advancePayAmount": 0,
        "amountDue": 45000
    })
}

/// Every field of the spec's example invoice, decoded.
fn assert_example_invoice(inv: &types::Invoice) {
    assert_eq!(inv.id, INVOICE_ID);
    assert_eq!(inv.org_id.as_deref(), Some("org-xxxxxx"));
    assert_eq!(inv.period_start.as_deref(), Some("2024-01-01T00:00:00Z"));
    assert_eq!(inv.period_end.as_deref(), Some("2024-02-01T00:00:00Z"));
    assert_eq!(inv.invoice_date.as_deref(), Some("2024-02-01T00:00:00Z"));
    assert_eq!(inv.due_date.as_deref(), Some("2024-02-01T00:00:00Z"));
    assert_eq!(inv.currency.as_deref(), Some("USD"));
    assert_eq!(inv.status, Some(types::InvoiceStatus::Unpaid));
    assert_eq!(inv.usage_amount, Some(52400.0));
    assert_eq!(inv.credits_applied, Some(12400.0));
    assert_eq!(inv.already_billed_amount, Some(0.0));
    assert_eq!(inv.subtotal, Some(40000.0));
    assert_eq!(inv.tax, Some(5000.0));
    assert_eq!(inv.total, Some(45000.0));
    assert_eq!(inv.advance_pay_amount, Some(0.0));
    assert_eq!(inv.amount_due, Some(45000.0));
}

#[tokio::test]
async fn list_invoices_sends_paging_and_decodes_the_documented_example() {
    let server = MockServer::start_async().await;
    let mock = server.list_invoices(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/invoices")
            .header("authorization", common::BEARER)
            .query_param("pageSize", "10")
            .query_param("currentPage", "1");
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "count": 1,
                "currentPage": 1,
                "pageSize": 10,
                "invoices": [example_invoice()]
            }
        }));
    });

    let page = common::client(&server)
        .list_invoices()
        .page_size(10)
        .current_page(1)
        .send()
        .await
        .into_data()
        .expect("the documented example decodes");

    mock.assert_async().await;
    assert_eq!(page.count, 1);
    assert_eq!(page.current_page, Some(1));
    assert_eq!(page.page_size, Some(10));
    assert_eq!(page.invoices.len(), 1);
    assert_example_invoice(&page.invoices[0]);
}

#[tokio::test]
async fn list_invoices_bad_page_size_96008_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.list_invoices(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/invoices")
            .header("authorization", common::BEARER)
            .query_param("pageSize", "100")
            .query_param("currentPage", "1");
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(
                96008,
                "The pageSize must be between 1 and 100.",
            ));
    });

    let err = common::client(&server)
        .list_invoices()
        .page_size(100)
        .current_page(1)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 96008, ErrorKind::InvalidArgument, 200);
}

#[tokio::test]
async fn list_invoices_all_collects_three_pages() {
    let server = MockServer::start_async().await;
    let mut mocks = Vec::new();
    let mut n = 0;
    for (page, len) in [(1, 100), (2, 100), (3, 50)] {
        let mut invoices = Vec::new();
        for _ in 0..len {
            invoices.push(json!({"id": format!("inv-{n:03}"), "status": "paid", "total": n}));
            n += 1;
        }
        mocks.push(server.list_invoices(|when, then| {
            when.into_inner()
                .method(Method::GET)
                .path("/v2/invoices")
                .header("authorization", common::BEARER)
                .query_param("pageSize", "100")
                .query_param("currentPage", page.to_string());
            then.into_inner().status(200).json_body(json!({
                "code": 0,
                "data": {
                    "count": 250,
                    "currentPage": page,
                    "pageSize": 100,
                    "invoices": invoices
                }
            }));
        }));
    }

    let all = common::client(&server)
        .list_invoices_all()
        .await
        .expect("every page decodes");

    for mock in &mocks {
        mock.assert_calls_async(1).await;
    }
    assert_eq!(all.len(), 250);
    for (i, inv) in all.iter().enumerate() {
        assert_eq!(inv.id, format!("inv-{i:03}"));
        assert_eq!(inv.status, Some(types::InvoiceStatus::Paid));
        assert_eq!(inv.total, Some(i as f64));
    }
}

#[tokio::test]
async fn describe_invoice_decodes_the_documented_example() {
    let server = MockServer::start_async().await;
    let mock = server.describe_invoice(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/invoices/inv-12312io23810o291")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": example_invoice()}));
    });

    let inv = common::client(&server)
        .describe_invoice()
        .invoice_id(INVOICE_ID)
        .send()
        .await
        .into_data()
        .expect("the documented example decodes");

    mock.assert_async().await;
    assert_example_invoice(&inv);
}

#[tokio::test]
async fn describe_invoice_illegal_key_21119_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.describe_invoice(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/invoices/inv-12312io23810o291")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(21119, "The apikey is illegal"));
    });

    let err = common::client(&server)
        .describe_invoice()
        .invoice_id(INVOICE_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
}

/// The body of the spec's `queryDailyUsage` request example.
fn usage_query() -> types::builder::DailyUsageQueryRequest {
    types::DailyUsageQueryRequest::builder()
        .start("2024-01-01T00:00:00Z".to_string())
        .end("2024-02-01T00:00:00Z".to_string())
}

#[tokio::test]
async fn query_daily_usage_sends_the_period_and_decodes_the_documented_example() {
    let server = MockServer::start_async().await;
    let mock = server.query_daily_usage(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/usage/query")
            .header("authorization", common::BEARER)
            .json_body(json!({
                "start": "2024-01-01T00:00:00Z",
                "end": "2024-02-01T00:00:00Z"
            }));
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "results": [
                    {
                        "intervalStart": "2024-01-01T00:00:00Z",
                        "intervalEnd": "2024-01-02T00:00:00Z",
                        "total": 12345.12345678,
                        "currency": "USD",
                        "items": [
                            {
                                "costType": "compute",
                                "properties": {
                                    "projectId": "prj-12jhiu212748391",
                                    "regionId": "aws-us-west-2",
                                    "cuType": "Performance-optimized",
                                    "plan": "Standard",
                                    "clusterId": "in01-xxxxx"
                                },
                                "quantity": 55.6778,
                                "unit": "CU-hours",
                                "listPrice": {"unitPrice": 123},
                                "price": {"unitPrice": 123},
                                "amount": 12345.12345678
                            },
                            {
                                "costType": "storage",
                                "properties": {
                                    "projectId": "prj-12jhiu212748391",
                                    "regionId": "aws-us-west-2",
                                    "cuType": "Performance-optimized",
                                    "plan": "Standard",
                                    "clusterId": "in01-xxxxx"
                                },
                                "quantity": 55.6778,
                                "unit": "...",
                                "amount": 12345.12345678
                            },
                            {
                                "costType": "read_vcu",
                                "properties": {
                                    "projectId": "prj-12jhiu212748391",
                                    "regionId": "aws-us-west-2",
                                    "clusterId": "in01-xxxxx"
                                },
                                "quantity": 8123789132u64,
                                "unit": "...",
                                "amount": 12345.12345678,
                                "listPrice": {"unitPrice": 123},
                                "price": {"unitPrice": 123}
                            }
                        ]
                    }
                ],
                "currentPage": 1,
                "pageSize": 100,
                "total": 10000
            }
        }));
    });

    let usage = common::client(&server)
        .query_daily_usage()
        .body(usage_query())
        .send()
        .await
        .into_data()
        .expect("the documented example decodes");

    mock.assert_async().await;
    assert_eq!(usage.current_page, Some(1));
    assert_eq!(usage.page_size, Some(100));
    assert_eq!(usage.total, Some(10000));
    assert_eq!(usage.results.len(), 1);
    let day = &usage.results[0];
    assert_eq!(day.interval_start.as_deref(), Some("2024-01-01T00:00:00Z"));
    assert_eq!(day.interval_end.as_deref(), Some("2024-01-02T00:00:00Z"));
    assert_eq!(day.total, Some(12345.12345678));
    assert_eq!(day.currency.as_deref(), Some("USD"));
    assert_eq!(day.items.len(), 3);

    let compute = &day.items[0];
    assert_eq!(compute.cost_type.as_deref(), Some("compute"));
    let props = compute.properties.as_ref().expect("compute has properties");
    assert_eq!(props.project_id.as_deref(), Some("prj-12jhiu212748391"));
    assert_eq!(props.region_id.as_deref(), Some("aws-us-west-2"));
    assert_eq!(props.cu_type.as_deref(), Some("Performance-optimized"));
    assert_eq!(props.plan.as_deref(), Some("Standard"));
    assert_eq!(props.cluster_id.as_deref(), Some("in01-xxxxx"));
    assert_eq!(compute.quantity, Some(55.6778));
    assert_eq!(compute.unit.as_deref(), Some("CU-hours"));
    assert_eq!(
        compute.list_price.as_ref().and_then(|p| p.unit_price),
        Some(123.0)
    );
    assert_eq!(
        compute.price.as_ref().and_then(|p| p.unit_price),
        Some(123.0)
    );
    assert_eq!(compute.amount, Some(12345.12345678));

    let storage = &day.items[1];
    assert_eq!(storage.cost_type.as_deref(), Some("storage"));
    assert_eq!(storage.unit.as_deref(), Some("..."));
    assert!(storage.list_price.is_none(), "{storage:?}");
    assert!(storage.price.is_none(), "{storage:?}");
    assert_eq!(storage.amount, Some(12345.12345678));

    let read = &day.items[2];
    assert_eq!(read.cost_type.as_deref(), Some("read_vcu"));
    let props = read.properties.as_ref().expect("read_vcu has properties");
    assert_eq!(props.cluster_id.as_deref(), Some("in01-xxxxx"));
    assert!(props.cu_type.is_none() && props.plan.is_none(), "{props:?}");
    assert_eq!(read.quantity, Some(8123789132.0));
    assert_eq!(read.price.as_ref().and_then(|p| p.unit_price), Some(123.0));
}

#[tokio::test]
async fn query_daily_usage_bad_range_96035_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.query_daily_usage(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/usage/query")
            .header("authorization", common::BEARER)
            .json_body(json!({
                "start": "2024-01-01T00:00:00Z",
                "end": "2024-02-01T00:00:00Z"
            }));
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(
                96035,
                "Invalid time range: check start and end.",
            ));
    });

    let err = common::client(&server)
        .query_daily_usage()
        .body(usage_query())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 96035, ErrorKind::InvalidArgument, 200);
}
