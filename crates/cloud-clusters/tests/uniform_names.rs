//! Every provider module offers the same names, with the same meaning.

use cloud_clusters::{ClientOptions, ConfigError, SpecInfo};

/// Calls the same names on one provider module; it compiles only if they all exist.
macro_rules! uniform {
    ($module:ident, $provider:literal, $env:literal, $document:literal) => {{
        use cloud_clusters::$module as p;

        let spec: SpecInfo = p::SPEC;
        assert_eq!(spec.provider, $provider);
        assert_eq!(spec.path, $document);
        assert_eq!(spec.sha256.len(), 64);
        assert!(!spec.version.is_empty());
        assert_eq!(p::API_KEY_ENV, $env);
        assert!(p::DEFAULT_BASE_URL.starts_with("https://"));
        assert!(!p::BASE_URLS.is_empty());

        let client: p::Client = p::Client::with_api_key("http://127.0.0.1:9", "k").expect("client");
        let _: p::Client =
            p::Client::with_options("http://127.0.0.1:9", "k", ClientOptions::default())
                .expect("client");
        assert!(matches!(
            p::Client::with_api_key("not a url", "k"),
            Err(ConfigError::InvalidBaseUrl { .. })
        ));
        // `from_env` names the variable when it is missing (checked only where it is unset).
        if std::env::var_os($env).is_none() {
            let err = p::Client::from_env().err().expect("no key, no client");
            assert!(err.to_string().contains($env), "{err}");
        }
        // `Debug` of a client never shows its key.
        let shown = format!(
            "{:?}",
            p::Client::with_api_key("http://127.0.0.1:9", "sk-very-secret").expect("client")
        );
        assert!(!shown.contains("sk-very-secret"), "{shown}");

        // The generated names: `types`, `Error`, `ResponseValue`, `mock::MockServerExt`.
        fn takes_error(_: Option<p::Error<()>>) {}
        takes_error(None);
        fn takes_response<T>(_: Option<p::ResponseValue<T>>) {}
        takes_response::<()>(None);
        #[allow(unused_imports)]
        use p::mock::MockServerExt as _;
        #[allow(unused_imports)]
        use p::types as _;
        drop(client);
    }};
}

#[test]
fn every_provider_module_offers_the_same_names() {
    uniform!(
        zilliz_v1,
        "zilliz-v1",
        "ZILLIZ_API_KEY",
        "specs/zilliz-v1/openapi.yaml"
    );
    uniform!(
        zilliz_v2,
        "zilliz-v2",
        "ZILLIZ_API_KEY",
        "specs/zilliz-v2/openapi.yaml"
    );
    uniform!(
        tensorpool,
        "tensorpool",
        "TENSORPOOL_KEY",
        "specs/tensorpool/openapi.json"
    );
    uniform!(
        together,
        "together",
        "TOGETHER_API_KEY",
        "specs/together/openapi.yaml"
    );
    uniform!(
        together_tcloud,
        "together-tcloud",
        "TOGETHER_API_KEY",
        "specs/together-tcloud/openapi.yaml"
    );
}

#[test]
fn spec_records_the_declared_openapi_version() {
    assert_eq!(cloud_clusters::tensorpool::SPEC.openapi, "3.1.0");
    assert_eq!(cloud_clusters::together::SPEC.openapi, "3.1.0");
    assert_eq!(cloud_clusters::together_tcloud::SPEC.openapi, "3.0.3");
    assert_eq!(
        cloud_clusters::zilliz_v1::SPEC.title,
        "Zilliz Cloud Control Plane API v1"
    );
}
