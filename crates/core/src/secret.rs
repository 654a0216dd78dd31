//! Secrets: API keys, the passwords a vendor returns once, the credentials a
//! request carries. Built on the [`secrecy`] crate: the value is zeroized when
//! dropped, and shown by no `Debug` or `Display`.
//!
//! Two types, by direction, because serializing is where secrets leak:
//!
//! - [`SecretString`]: a secret the API *returns* (Zilliz's initial cluster
//!   password, a new API key, a kubeconfig). It serializes as `"[redacted]"`, so
//!   `serde_json::to_string(&created)` of a response never prints it; read it
//!   with [`SecretString::expose_secret`].
//! - [`RequestSecret`]: a secret a request *sends* (an object-storage secret key
//!   in an import request). It serializes its value, because the API needs it,
//!   and only that: `Debug` and `Display` are redacted as well.
//!
//! `cargo xtask regen` types every `format: password` string as one of them: a
//! `RequestSecret` where a request body or parameter can carry it, a
//! `SecretString` everywhere else.

use std::fmt;
use std::hash::{Hash, Hasher};

use secrecy::{ExposeSecret, SecretBox};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What both secret types print and what [`SecretString`] serializes as.
pub const REDACTED: &str = "[redacted]";

fn boxed(value: String) -> SecretBox<str> {
    SecretBox::from(value.into_boxed_str())
}

/// A secret an API returns: never shown by `Debug` or `Display`, never
/// serialized (it serializes as `"[redacted]"`), zeroized on drop.
///
/// ```
/// use cloud_clusters_core::SecretString;
///
/// let password = SecretString::from("Lb9.&N,9]Gd4pkp*");
/// assert_eq!(format!("{password:?}"), "[redacted]");
/// assert_eq!(serde_json::to_string(&password).unwrap(), "\"[redacted]\"");
/// assert_eq!(password.expose_secret(), "Lb9.&N,9]Gd4pkp*");
/// ```
pub struct SecretString(SecretBox<str>);

/// A secret a request sends: its value is serialized (the API needs it), and
/// shown by no `Debug` or `Display`; zeroized on drop.
///
/// ```
/// use cloud_clusters_core::RequestSecret;
///
/// let key = RequestSecret::from("s3-secret-key");
/// assert_eq!(format!("{key:?}"), "[redacted]");
/// assert_eq!(serde_json::to_string(&key).unwrap(), "\"s3-secret-key\"");
/// ```
pub struct RequestSecret(SecretBox<str>);

macro_rules! secret_common {
    ($name:ident) => {
        impl $name {
            /// Wraps `value`.
            pub fn new(value: impl Into<String>) -> Self {
                $name(boxed(value.into()))
            }

            /// The secret itself. Call it where the value is really needed, and
            /// nowhere it could be logged.
            pub fn expose_secret(&self) -> &str {
                self.0.expose_secret()
            }

            /// Whether the secret is the empty string.
            pub fn is_empty(&self) -> bool {
                self.0.expose_secret().is_empty()
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name::new(String::new())
            }
        }

        impl Clone for $name {
            fn clone(&self) -> Self {
                $name::new(self.expose_secret())
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.expose_secret() == other.expose_secret()
            }
        }

        impl Eq for $name {}

        impl Hash for $name {
            fn hash<H: Hasher>(&self, state: &mut H) {
                self.expose_secret().hash(state);
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(REDACTED)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(REDACTED)
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                $name::new(value)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                $name::new(value)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map($name::new)
            }
        }
    };
}

secret_common!(SecretString);
secret_common!(RequestSecret);

impl Serialize for SecretString {
    /// Writes `"[redacted]"`: a response serialized to a log or a file keeps no secret.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(REDACTED)
    }
}

impl Serialize for RequestSecret {
    /// Writes the value: a request body must carry it to the API.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose_secret())
    }
}

impl From<SecretString> for RequestSecret {
    /// Sends on a secret an answer returned (a password, a key) without showing it.
    fn from(value: SecretString) -> Self {
        RequestSecret::new(value.expose_secret())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_shows_itself() {
        let s = SecretString::from("hunter2");
        assert_eq!(
            format!("{s:?} {s} {s:#?}"),
            "[redacted] [redacted] [redacted]"
        );
        #[derive(Debug)]
        #[allow(dead_code)]
        struct Holder {
            password: SecretString,
            key: RequestSecret,
        }
        let shown = format!(
            "{:?}",
            Holder {
                password: s.clone(),
                key: RequestSecret::from("s3cr3t"),
            }
        );
        assert!(
            !shown.contains("hunter2") && !shown.contains("s3cr3t"),
            "{shown}"
        );
        assert_eq!(s.expose_secret(), "hunter2");
    }

    #[test]
    fn an_answer_secret_reads_but_never_serializes() {
        let s: SecretString = serde_json::from_str("\"p@ss\"").unwrap();
        assert_eq!(s.expose_secret(), "p@ss");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"[redacted]\"");
        assert!(serde_json::from_str::<SecretString>("1").is_err());
    }

    #[test]
    fn a_request_secret_serializes_its_value() {
        let r: RequestSecret = serde_json::from_str("\"p@ss\"").unwrap();
        assert_eq!(serde_json::to_string(&r).unwrap(), "\"p@ss\"");
        let forwarded = RequestSecret::from(SecretString::from("again"));
        assert_eq!(serde_json::to_string(&forwarded).unwrap(), "\"again\"");
        assert_eq!(forwarded.to_string(), "[redacted]");
    }
}
