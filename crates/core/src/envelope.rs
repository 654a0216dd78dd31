//! Envelopes: APIs that wrap every answer in `{code, data}` or `{code, message}`.
//!
//! Zilliz Cloud answers `{"code": 0 | 200, "data": …}` on success and
//! `{"code": <n>, "message": "…"}` on error, and the error often comes with HTTP
//! 200. Its documents say so honestly: each operation's 200 body is a union of the
//! two (a generated enum, decoded in one pass), and 4XX/5XX carry the error envelope. The
//! generator implements [`Envelope`] for every such union; [`IntoData::into_data`]
//! then turns any call's result into the `data` payload or an
//! [`ApiError::Vendor`] with the HTTP status, the vendor code and the message,
//! whichever status the error came with.

use std::fmt;

use progenitor_client::ResponseValue;
use reqwest::StatusCode;

use crate::ApiError;
use crate::hooks::request_id;

/// A vendor's error body: `{code, message}`.
pub trait ErrorBody {
    /// The vendor's error code.
    fn code(&self) -> i64;
    /// The vendor's message.
    fn message(&self) -> &str;
    /// What kind of error `code` is, from the vendor's catalogue.
    fn kind(code: i64) -> ErrorKind {
        let _ = code;
        ErrorKind::Other
    }
}

/// A response body that is either a success envelope or an error envelope.
pub trait Envelope: Sized {
    /// The success payload (`data`).
    type Data;
    /// The error body.
    type Error: ErrorBody;
    /// The `code` a success carries (Zilliz v1: 200, v2: 0).
    const SUCCESS_CODE: i64;
    /// `Ok((code, data))` for a success-shaped body, `Err(error)` for an error-shaped one.
    fn split(self) -> Result<(i64, Self::Data), Self::Error>;
}

/// The kinds of vendor error callers most often match on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The API key is missing, malformed or revoked.
    Unauthenticated,
    /// The key is valid but may not do this.
    PermissionDenied,
    /// A parameter is malformed or out of range (an invalid project id, a bad size).
    InvalidArgument,
    /// The thing addressed does not exist (or is not visible to this key).
    NotFound,
    /// A name is taken.
    AlreadyExists,
    /// The thing is in a state that does not allow this (e.g. suspending a serverless cluster).
    FailedPrecondition,
    /// A quota, plan or balance limit.
    ResourceExhausted,
    /// The vendor failed while doing it (a backup or a metrics query that broke
    /// on its side); trying again later may succeed.
    Internal,
    /// Anything else.
    Other,
}

/// An error the vendor reported: in an envelope, with whichever HTTP status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VendorError {
    /// The HTTP status it came with (often 200 for Zilliz).
    pub status: StatusCode,
    /// The vendor's code, e.g. Zilliz `80014`.
    pub code: i64,
    /// The vendor's message.
    pub message: String,
    /// What kind of error the code is.
    pub kind: ErrorKind,
    /// The vendor's request id, if the response carried one.
    pub request_id: Option<String>,
}

impl fmt::Display for VendorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "vendor error {} (HTTP {})",
            self.code,
            self.status.as_u16()
        )?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for VendorError {}

impl VendorError {
    fn from_body<B: ErrorBody>(status: StatusCode, body: &B, request_id: Option<String>) -> Self {
        VendorError {
            status,
            code: body.code(),
            message: body.message().to_string(),
            kind: B::kind(body.code()),
            request_id,
        }
    }
}

/// Turns a generated call's result into its `data` payload.
pub trait IntoData {
    /// The payload.
    type Data;
    /// The vendor's error body.
    type Error;
    /// The payload, or an error: [`ApiError::Vendor`] for an error envelope (with any
    /// HTTP status), [`ApiError::Client`] for everything else.
    // As large as progenitor's `Error`, which every generated call returns already.
    #[allow(clippy::result_large_err)]
    fn into_data(self) -> Result<Self::Data, ApiError<Self::Error>>;
}

impl<T: Envelope> IntoData for Result<ResponseValue<T>, progenitor_client::Error<T::Error>> {
    type Data = T::Data;
    type Error = T::Error;

    #[allow(clippy::result_large_err)]
    fn into_data(self) -> Result<T::Data, ApiError<T::Error>> {
        match self {
            Ok(value) => {
                let status = value.status();
                let id = request_id(value.headers()).map(str::to_string);
                match value.into_inner().split() {
                    Ok((code, data)) if code == T::SUCCESS_CODE => Ok(data),
                    Ok((code, _)) => Err(ApiError::Vendor(VendorError {
                        status,
                        code,
                        message: format!(
                            "a success-shaped response carried code {code}, not {}",
                            T::SUCCESS_CODE
                        ),
                        kind: <T::Error as ErrorBody>::kind(code),
                        request_id: id,
                    })),
                    Err(body) => Err(ApiError::Vendor(VendorError::from_body(status, &body, id))),
                }
            }
            Err(progenitor_client::Error::ErrorResponse(value)) => {
                let id = request_id(value.headers()).map(str::to_string);
                Err(ApiError::Vendor(VendorError::from_body(
                    value.status(),
                    value.as_ref(),
                    id,
                )))
            }
            Err(other) => Err(ApiError::from(other)),
        }
    }
}
