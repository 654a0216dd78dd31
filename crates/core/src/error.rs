//! [`ApiError`]: what a call can fail with, in messages that never carry a body.

use std::fmt;

use reqwest::StatusCode;

use crate::envelope::{ErrorKind, VendorError};

/// Why a call failed.
///
/// progenitor's own `Error` prints response bodies in its `Display` and `Debug`
/// (an undecodable create response would print the cluster's initial password).
/// `ApiError` wraps it and prints only the status, the size of a body and where
/// it failed to decode; the body itself stays reachable through
/// [`ApiError::as_client`] for a caller who needs it.
///
/// Every generated call's error converts into it with `?`.
pub enum ApiError<E = ()> {
    /// The vendor reported an error in its own format (a Zilliz error envelope,
    /// with HTTP 200 or 4xx/5xx).
    Vendor(VendorError),
    /// Anything else: transport, an undocumented status, a body that does not
    /// decode, a documented error status with a typed body, a missing builder argument.
    Client(progenitor_client::Error<E>),
    /// The response body was larger than
    /// [`ClientOptions::max_response_bytes`](crate::ClientOptions::max_response_bytes):
    /// the call stopped reading it there.
    ResponseTooLarge {
        /// The limit in force, in bytes.
        limit: u64,
    },
}

/// The [`BodyTooLarge`](crate::hooks::BodyTooLarge) in `error`'s sources, if any.
fn too_large(error: &(dyn std::error::Error + 'static)) -> Option<u64> {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(t) = e.downcast_ref::<crate::hooks::BodyTooLarge>() {
            return Some(t.limit);
        }
        current = e.source();
    }
    None
}

impl<E> From<progenitor_client::Error<E>> for ApiError<E> {
    fn from(e: progenitor_client::Error<E>) -> Self {
        use progenitor_client::Error as P;
        match &e {
            P::ResponseBodyError(inner) | P::CommunicationError(inner) => {
                if let Some(limit) = too_large(inner) {
                    return ApiError::ResponseTooLarge { limit };
                }
            }
            _ => {}
        }
        ApiError::Client(e)
    }
}

impl<E> From<VendorError> for ApiError<E> {
    fn from(e: VendorError) -> Self {
        ApiError::Vendor(e)
    }
}

impl<E> ApiError<E> {
    /// The HTTP status of the response, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            ApiError::Vendor(v) => Some(v.status),
            ApiError::Client(e) => e.status(),
            ApiError::ResponseTooLarge { .. } => None,
        }
    }

    /// The vendor's error code, for vendor errors.
    pub fn vendor_code(&self) -> Option<i64> {
        self.as_vendor().map(|v| v.code)
    }

    /// The kind of vendor error; [`ErrorKind::Other`] for everything that is not one.
    pub fn kind(&self) -> ErrorKind {
        self.as_vendor().map_or(ErrorKind::Other, |v| v.kind)
    }

    /// The vendor error, if this is one.
    pub fn as_vendor(&self) -> Option<&VendorError> {
        match self {
            ApiError::Vendor(v) => Some(v),
            ApiError::Client(_) | ApiError::ResponseTooLarge { .. } => None,
        }
    }

    /// progenitor's error, if this is one (its `Display` may print response bodies).
    pub fn as_client(&self) -> Option<&progenitor_client::Error<E>> {
        match self {
            ApiError::Vendor(_) | ApiError::ResponseTooLarge { .. } => None,
            ApiError::Client(e) => Some(e),
        }
    }

    /// Whether repeating the call may succeed: transport errors, 408, 429, 502–504.
    pub fn is_retryable(&self) -> bool {
        match self {
            ApiError::Vendor(v) => {
                v.status == StatusCode::TOO_MANY_REQUESTS || v.status.is_server_error()
            }
            ApiError::Client(e) => e.is_retryable(),
            ApiError::ResponseTooLarge { .. } => false,
        }
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use progenitor_client::Error as P;
        let e = match self {
            ApiError::Vendor(v) => return v.fmt(f),
            ApiError::ResponseTooLarge { limit } => {
                return write!(
                    f,
                    "the response body is larger than {limit} bytes: the call stopped reading it \
                     (raise ClientOptions::max_response_bytes if the API really answers this much)"
                );
            }
            ApiError::Client(e) => e,
        };
        match e {
            P::InvalidRequest(s) => write!(f, "invalid request: {s}"),
            P::CommunicationError(e) => write!(f, "could not complete the request: {e}"),
            P::InvalidUpgrade(e) => write!(f, "invalid protocol upgrade: {e}"),
            P::ErrorResponse(v) => write!(
                f,
                "HTTP {}: the API answered with a documented error",
                v.status().as_u16()
            ),
            P::ResponseBodyError(e) => write!(f, "could not read the response body: {e}"),
            P::InvalidResponsePayload(bytes, e) => write!(
                f,
                "the response body ({} bytes) is not what the API document describes: {:?} error at line {}, column {}",
                bytes.len(),
                e.classify(),
                e.line(),
                e.column()
            ),
            P::UnexpectedResponse(r) => write!(
                f,
                "unexpected HTTP status {} for {}",
                r.status().as_u16(),
                r.url().path()
            ),
            P::Custom(s) => write!(f, "{s}"),
        }
    }
}

impl<E> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Vendor(v) => f.debug_tuple("Vendor").field(v).finish(),
            ApiError::ResponseTooLarge { limit } => f
                .debug_struct("ResponseTooLarge")
                .field("limit", limit)
                .finish(),
            ApiError::Client(_) => f
                .debug_tuple("Client")
                .field(&format_args!("{self}"))
                .finish(),
        }
    }
}

impl<E> std::error::Error for ApiError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        use progenitor_client::Error as P;
        match self {
            ApiError::Vendor(_) => None,
            ApiError::Client(
                P::CommunicationError(e) | P::InvalidUpgrade(e) | P::ResponseBodyError(e),
            ) => Some(e),
            ApiError::Client(_) | ApiError::ResponseTooLarge { .. } => None,
        }
    }
}
