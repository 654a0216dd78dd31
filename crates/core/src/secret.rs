//! [`SecretString`]: a string that never shows itself in `Debug` or `Display`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A secret carried by an API: an API key, or the initial password Zilliz returns
/// once when it creates a cluster.
///
/// `Debug` and `Display` print `[redacted]`, so a secret cannot leak through
/// `{:?}` of a response, an error or a tracing field. The value is still readable
/// on purpose, with [`SecretString::expose_secret`]. It serializes as the plain
/// string, because the wire format needs it.
///
/// Generated types use it wherever a document marks a string `format: password`.
///
/// ```
/// use cloud_clusters_core::SecretString;
///
/// let password = SecretString::from("Lb9.&N,9]Gd4pkp*");
/// assert_eq!(format!("{password:?}"), "[redacted]");
/// assert_eq!(password.expose_secret(), "Lb9.&N,9]Gd4pkp*");
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        SecretString(value.into())
    }

    /// The secret itself. Call it where the value is really needed, and nowhere it could be logged.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        SecretString(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        SecretString(value.to_string())
    }
}

impl Serialize for SecretString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SecretString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(SecretString)
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
        }
        let shown = format!(
            "{:?}",
            Holder {
                password: s.clone()
            }
        );
        assert!(!shown.contains("hunter2"), "{shown}");
        assert_eq!(s.expose_secret(), "hunter2");
    }

    #[test]
    fn round_trips_as_a_plain_string() {
        let s: SecretString = serde_json::from_str("\"p@ss\"").unwrap();
        assert_eq!(s.expose_secret(), "p@ss");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"p@ss\"");
        assert!(serde_json::from_str::<SecretString>("1").is_err());
    }
}
