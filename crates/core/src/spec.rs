//! Where a generated client came from.

/// The document a generated client came from.
///
/// Each provider crate exports one as `SPEC`; `cargo xtask regen` writes it from
/// `specs/providers.toml` and the document itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpecInfo {
    /// The provider's name in `specs/providers.toml`, e.g. `"together"`.
    pub provider: &'static str,
    /// The document's path, relative to the workspace root.
    pub path: &'static str,
    /// `info.title` of the document.
    pub title: &'static str,
    /// `info.version` of the document.
    pub version: &'static str,
    /// The OpenAPI version the document declares (before normalization).
    pub openapi: &'static str,
    /// Lower-case hex SHA-256 of the document's bytes.
    pub sha256: &'static str,
}

/// One documented base URL of a provider (a site, a region template).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    /// A short name, e.g. `"global"` or `"china"`.
    pub name: &'static str,
    /// The URL; it may hold `{variable}` placeholders (Zilliz v1 puts the region in the host).
    pub url: &'static str,
}

impl BaseUrl {
    /// The URL with each `{name}` replaced by its value from `vars`.
    ///
    /// ```
    /// use cloud_clusters_core::BaseUrl;
    /// let v1 = BaseUrl { name: "global", url: "https://controller.api.{cloud-region}.zillizcloud.com" };
    /// assert_eq!(
    ///     v1.with(&[("cloud-region", "aws-us-east-2")]),
    ///     "https://controller.api.aws-us-east-2.zillizcloud.com"
    /// );
    /// ```
    pub fn with(&self, vars: &[(&str, &str)]) -> String {
        vars.iter().fold(self.url.to_string(), |url, (k, v)| {
            url.replace(&format!("{{{k}}}"), v)
        })
    }
}
