//! What every operation test of this crate shares: a client for a local mock
//! server, the error envelope Zilliz answers with HTTP 200, and the check that
//! such an answer becomes a typed vendor error.

#![allow(dead_code)]

use cloud_clusters_core::retry::RetryPolicy;
use cloud_clusters_zilliz_v2::{ApiError, Client, ClientOptions, ErrorKind, VendorError};
use httpmock::MockServer;
use serde_json::{Value, json};

/// The API key the tests send; the mocks check it arrives as a bearer token.
pub const KEY: &str = "test-key";
/// The `Authorization` header every call carries.
pub const BEARER: &str = "Bearer test-key";

/// A client for `server`, without retries (each mock expects one call).
pub fn client(server: &MockServer) -> Client {
    let options = ClientOptions {
        retry: RetryPolicy::none(),
        ..Default::default()
    };
    Client::with_options(&server.base_url(), KEY, options)
        .expect("the mock server URL is a valid base URL")
}

/// `{"code": code, "message": message}`: how Zilliz reports an error, often with HTTP 200.
pub fn error_envelope(code: i64, message: &str) -> Value {
    json!({"code": code, "message": message})
}

/// The vendor error inside `err`, which must be one, with `code` and `kind`,
/// and the HTTP status it came with.
pub fn assert_vendor(err: ApiError, code: i64, kind: ErrorKind, status: u16) -> VendorError {
    match err {
        ApiError::Vendor(v) => {
            assert_eq!(v.code, code, "{v:?}");
            assert_eq!(v.kind, kind, "{v:?}");
            assert_eq!(v.status.as_u16(), status, "{v:?}");
            v
        }
        other => panic!("expected ApiError::Vendor, got {other:?}"),
    }
}
