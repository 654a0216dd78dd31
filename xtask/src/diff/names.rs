//! The Rust names typify 0.8 and progenitor 0.15 give to schemas, properties,
//! enum values and operations, so a change can name the generated items it touches.
//!
//! Both generators run the name through heck (`to_pascal_case` / `to_snake_case`)
//! after replacing characters that cannot continue an identifier with `-`; a
//! leading character that cannot start one gets a prefix, and keywords get a
//! trailing `_`. Collisions (two names that sanitize alike) are not modelled.

use heck::{ToPascalCase, ToSnakeCase};

#[derive(Clone, Copy)]
enum Case {
    Pascal,
    Snake,
}

#[derive(Clone, Copy)]
enum Generator {
    Typify,
    Progenitor,
}

fn is_keyword(ident: &str) -> bool {
    matches!(
        ident,
        "_" | "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "Self"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

fn is_ident_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn sanitize(input: &str, case: Case, generator: Generator) -> String {
    let to_case = |s: &str| match case {
        Case::Pascal => s.to_pascal_case(),
        Case::Snake => s.to_snake_case(),
    };
    let out = match input {
        "+1" => "plus1".to_string(),
        "-1" => "minus1".to_string(),
        _ => to_case(
            &input
                .replace('\'', "")
                .replace(|c: char| !is_ident_continue(c), "-"),
        ),
    };
    let out = match out.chars().next() {
        None => to_case("x"),
        Some(c) if is_ident_start(c) => out,
        Some(_) => match generator {
            Generator::Typify => format!("{}{out}", to_case("x")),
            Generator::Progenitor => format!("_{out}"),
        },
    };
    if is_keyword(&out) {
        format!("{out}_")
    } else {
        out
    }
}

/// The type typify generates for a component schema or a suggested name:
/// `GPUClusterCreateRequest` → `GpuClusterCreateRequest`.
pub fn type_name(raw: &str) -> String {
    sanitize(raw, Case::Pascal, Generator::Typify)
}

/// The struct field typify generates for a property: `clusterName` → `cluster_name`.
pub fn field_name(property: &str) -> String {
    sanitize(property, Case::Snake, Generator::Typify)
}

/// The variant typify generates for a string enum value: `H100_SXM` → `H100Sxm`.
pub fn variant_name(value: &str) -> String {
    sanitize(value, Case::Pascal, Generator::Typify)
}

/// The type typify generates for an inline schema under property `property` of
/// the type `parent`: (`GpuClusterCreateRequest`, `gpu_type`) → `GpuClusterCreateRequestGpuType`.
pub fn property_type(parent: &str, property: &str) -> String {
    type_name(&format!("{parent}_{}", property.to_snake_case()))
}

/// The type typify generates for the items of an array whose type would be `parent`.
pub fn item_type(parent: &str) -> String {
    type_name(&format!("{parent}Item"))
}

/// The type typify generates for the values of a map whose type would be `parent`.
pub fn value_type(parent: &str) -> String {
    type_name(&format!("{parent}Value"))
}

/// The `Client` method progenitor generates for an operationId:
/// `GPUClusterService_Create` → `gpu_cluster_service_create`.
pub fn method_name(operation_id: &str) -> String {
    sanitize(operation_id, Case::Snake, Generator::Progenitor)
}

/// The builder struct progenitor generates for an operationId:
/// `GPUClusterService_Create` → `GpuClusterServiceCreate`.
pub fn builder_name(operation_id: &str) -> String {
    sanitize(operation_id, Case::Pascal, Generator::Progenitor)
}

/// The builder setter progenitor generates for a parameter: `clusterId` → `cluster_id`.
pub fn setter_name(parameter: &str) -> String {
    sanitize(parameter, Case::Snake, Generator::Progenitor)
}

/// The type of an inline parameter schema: `<OperationId>-<parameter>`, Pascal-cased.
pub fn parameter_type(operation_id: &str, parameter: &str) -> String {
    sanitize(
        &format!("{operation_id}-{parameter}"),
        Case::Pascal,
        Generator::Progenitor,
    )
}

/// The type of an inline request body schema: `<OperationId>Body`.
pub fn body_type(operation_id: &str) -> String {
    sanitize(
        &format!("{operation_id}-body"),
        Case::Pascal,
        Generator::Progenitor,
    )
}

/// The type of an inline response body schema: `<OperationId>Response`.
pub fn response_type(operation_id: &str) -> String {
    sanitize(
        &format!("{operation_id}-response"),
        Case::Pascal,
        Generator::Progenitor,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_generated_together_client() {
        assert_eq!(
            type_name("GPUClusterCreateRequest"),
            "GpuClusterCreateRequest"
        );
        assert_eq!(
            type_name("GPUCLusterDeleteResponse"),
            "GpucLusterDeleteResponse"
        );
        assert_eq!(
            type_name("GPUClusterGPUWorkerNode"),
            "GpuClusterGpuWorkerNode"
        );
        assert_eq!(
            property_type(&type_name("GPUClusterCreateRequest"), "gpu_type"),
            "GpuClusterCreateRequestGpuType"
        );
        assert_eq!(field_name("cuda_version"), "cuda_version");
        assert_eq!(field_name("clusterName"), "cluster_name");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(variant_name("H100_SXM"), "H100Sxm");
        assert_eq!(variant_name("CUDA_12_6_560"), "Cuda126560");
        assert_eq!(
            method_name("GPUClusterService_Create"),
            "gpu_cluster_service_create"
        );
        assert_eq!(
            builder_name("GPUClusterService_Create"),
            "GpuClusterServiceCreate"
        );
        assert_eq!(body_type("createThing"), "CreateThingBody");
        assert_eq!(response_type("createThing"), "CreateThingResponse");
        assert_eq!(
            item_type("GpuClusterInfoVolumes"),
            "GpuClusterInfoVolumesItem"
        );
        assert_eq!(type_name("9lives"), "X9lives");
        assert_eq!(method_name("9lives"), "_9lives");
    }
}
