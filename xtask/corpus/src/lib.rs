//! The normalization corpus: one small OpenAPI document per construct that real
//! vendor documents use and progenitor 0.15 cannot take as is, each generated
//! into a client by `cargo xtask regen --providers xtask/corpus/corpus.toml`.
//!
//! Each module is one document of `xtask/corpus/specs/`, generated into
//! `src/<module>/generated.rs` (never edited by hand). `tests/roundtrip.rs`
//! calls every client against httpmock; `xtask/tests/corpus.rs` checks each
//! document exercises its pass and that the generated files are current.

pub mod const_values;
pub mod default_response;
pub mod defs;
pub mod duplicate_operation_ids;
pub mod error_types;
pub mod exclusive_bounds;
pub mod integer_bounds;
pub mod json_without_schema;
pub mod media_types;
pub mod mock_parameters;
pub mod multipart_only;
pub mod name_collisions;
pub mod null_branches;
pub mod nullable_leftover;
pub mod open_enum;
pub mod operation_ids;
pub mod password_format;
pub mod path_item_refs;
pub mod path_parameters;
pub mod punctuation_enums;
pub mod raw_bodies;
pub mod refused_schema;
pub mod schema_examples;
pub mod select_operations;
pub mod select_paths;
pub mod select_tags;
pub mod server_variables;
pub mod string_defaults;
pub mod success_types;
pub mod type_arrays;
pub mod webhooks;
