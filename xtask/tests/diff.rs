//! `cargo xtask diff`: a test per rule (a pair of small documents and the expected
//! report), meaning-not-text pairs, git mode, the CLI's exit codes, and the Rust
//! names checked against the committed generated clients.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use xtask::diff::{self, Change, Compiles, DiffArgs, Format, Level, Report, Side};

// ---------------------------------------------------------------- helpers

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn response(schema: Value) -> Value {
    json!({"description": "OK", "content": {"application/json": {"schema": schema}}})
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// A small document with the shapes the rules need: a request body, query, path
/// and header parameters, response-only and shared enums, constraints.
fn base() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Things", "version": "1"},
        "paths": {
            "/things": {
                "post": {
                    "operationId": "Things_Create",
                    "summary": "Create a thing",
                    "parameters": [
                        {"name": "dry_run", "in": "query", "required": false, "schema": {"type": "boolean"}}
                    ],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": reference("ThingCreateRequest")}}},
                    "responses": {
                        "200": response(reference("ThingInfo")),
                        "422": response(reference("Problem"))
                    }
                },
                "get": {
                    "operationId": "Things_List",
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32", "maximum": 100}},
                        {"name": "kind", "in": "query", "schema": {"type": "string", "enum": ["a", "b"]}}
                    ],
                    "responses": {"200": response(json!({"type": "array", "items": reference("ThingInfo")}))}
                }
            },
            "/things/{thing_id}": {
                "get": {
                    "operationId": "Things_Get",
                    "parameters": [{"name": "thing_id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {"200": response(reference("ThingInfo"))}
                },
                "delete": {
                    "operationId": "Things_Delete",
                    "parameters": [{"name": "thing_id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {"204": {"description": "gone"}}
                }
            }
        },
        "components": {"schemas": {
            "ThingCreateRequest": {
                "type": "object",
                "description": "What a thing is made of.",
                "required": ["name", "gpu_type"],
                "properties": {
                    "name": {"type": "string", "maxLength": 64, "pattern": "^[a-z]+$"},
                    "gpu_type": {"type": "string", "enum": ["H100_SXM", "H200_SXM"]},
                    "count": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 8, "default": 1},
                    "labels": {"type": "array", "items": {"type": "string"}},
                    "kind": reference("Kind"),
                    "note": {"type": "string"}
                }
            },
            "ThingInfo": {
                "type": "object",
                "required": ["id", "status", "tags"],
                "properties": {
                    "id": {"type": "string"},
                    "status": {"type": "string", "enum": ["READY", "FAILED"]},
                    "kind": reference("Kind"),
                    "size": {"type": "integer", "format": "int64"},
                    "name": {"type": "string", "maxLength": 64},
                    "owner": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "shape": {"oneOf": [reference("Box"), reference("Ball")]}
                }
            },
            "Kind": {"type": "string", "enum": ["k8s", "slurm"]},
            "Box": {"type": "object", "properties": {"side": {"type": "number"}}},
            "Ball": {"type": "object", "properties": {"radius": {"type": "number"}}},
            "Cube": {"type": "object", "properties": {"edge": {"type": "number"}}},
            "Problem": {"type": "object", "properties": {"detail": {"type": "string"}}},
            "Unused": {"type": "object", "properties": {"x": {"type": "string"}}}
        }}
    })
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).expect("serializes")
}

fn diff_values(old: &Value, new: &Value) -> Report {
    diff::diff_bytes("base.json", &bytes(old), "head.json", &bytes(new)).expect("diffs")
}

/// The report of `base()` against `base()` changed by `edit`.
fn changed(edit: impl FnOnce(&mut Value)) -> Report {
    let old = base();
    let mut new = base();
    edit(&mut new);
    diff_values(&old, &new)
}

/// The report of `base()` changed by `before` against it changed by `after`.
fn changed_from(before: impl FnOnce(&mut Value), after: impl FnOnce(&mut Value)) -> Report {
    let mut old = base();
    before(&mut old);
    let mut new = base();
    after(&mut new);
    diff_values(&old, &new)
}

fn at<'a>(doc: &'a mut Value, pointer: &str) -> &'a mut Value {
    doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the test document"))
}

fn remove(doc: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    let key = key.replace("~1", "/").replace("~0", "~");
    match at(doc, parent) {
        Value::Object(map) => {
            map.shift_remove(&key).expect("removed");
        }
        Value::Array(list) => {
            list.remove(key.parse::<usize>().expect("an index"));
        }
        _ => panic!("{parent} is not a container"),
    }
}

const CREATE_REQUEST: &str = "/components/schemas/ThingCreateRequest";
const INFO: &str = "/components/schemas/ThingInfo";

fn rules(report: &Report) -> Vec<&str> {
    report.changes.iter().map(|c| c.rule.as_str()).collect()
}

/// The one change of `report`, which must have `rule` and `level`.
fn only<'a>(report: &'a Report, rule: &str, level: Level) -> &'a Change {
    assert_eq!(rules(report), [rule], "{report:#?}");
    let c = &report.changes[0];
    assert_eq!(c.level, level, "{c:#?}");
    c
}

fn find<'a>(report: &'a Report, rule: &str) -> &'a Change {
    report
        .changes
        .iter()
        .find(|c| c.rule == rule)
        .unwrap_or_else(|| panic!("no {rule} in {report:#?}"))
}

fn endpoints(c: &Change) -> Vec<String> {
    c.operations.iter().map(|o| o.endpoint()).collect()
}

// ---------------------------------------------------------------- moves, renames, servers

#[test]
fn an_operation_under_another_path_is_one_move() {
    let r = changed(|d| {
        let paths = at(d, "/paths").as_object_mut().expect("paths");
        let item = paths.shift_remove("/things").expect("/things");
        paths.insert("/v2/things".into(), item);
    });
    // Both operations of the path moved; nothing is removed or added.
    assert_eq!(rules(&r), ["api-operation-moved", "api-operation-moved"]);
    let c = r
        .changes
        .iter()
        .find(|c| c.message.starts_with("`POST"))
        .expect("the POST moved");
    assert_eq!(c.level, Level::Err);
    assert_eq!(c.rust.compiles, Compiles::Yes);
    assert!(
        c.message.starts_with(
            "`POST /things` moved to `POST /v2/things` (operationId `Things_Create` kept)"
        ),
        "{}",
        c.message
    );
    assert!(c.rust.note.contains("keeps its name"), "{}", c.rust.note);
}

#[test]
fn a_schema_renamed_with_the_same_content_is_named_once() {
    let rename = |d: &mut Value| {
        let schemas = at(d, "/components/schemas")
            .as_object_mut()
            .expect("schemas");
        let info = schemas.shift_remove("ThingInfo").expect("ThingInfo");
        schemas.insert("Thing".into(), info);
        let text = serde_json::to_string(d).expect("json").replace(
            "#/components/schemas/ThingInfo",
            "#/components/schemas/Thing",
        );
        *d = serde_json::from_str(&text).expect("json");
    };
    let r = changed(rename);
    let renamed: Vec<&Change> = r
        .changes
        .iter()
        .filter(|c| c.rule == "schema-renamed")
        .collect();
    assert_eq!(renamed.len(), 1, "{r:#?}");
    assert_eq!(
        renamed[0].message,
        "the schema `ThingInfo` is now `Thing`, with identical content"
    );
    assert_eq!(renamed[0].rust.items, ["types::ThingInfo", "types::Thing"]);
    assert_eq!(renamed[0].rust.compiles, Compiles::No);
    assert!(
        r.changes.iter().all(|c| c.rule == "schema-renamed"),
        "{r:#?}"
    );
}

#[test]
fn a_new_base_url_is_reported() {
    let r = changed(|d| {
        d["servers"] = json!([{"url": "https://api.example.com/v2"}]);
    });
    let c = only(&r, "server-url-changed", Level::Warn);
    assert!(
        c.message.ends_with("to `https://api.example.com/v2`"),
        "{}",
        c.message
    );
}

#[test]
fn a_selection_compares_only_what_it_keeps_and_says_what_it_left_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = base();
    let mut new = base();
    // Outside the selection: removed, and not reported.
    remove(&mut new, "/paths/~1things~1{thing_id}/delete");
    // Inside it: a new optional request property.
    at(&mut new, CREATE_REQUEST)["properties"]["color"] = json!({"type": "string"});
    let (o, n) = (dir.path().join("old.json"), dir.path().join("new.json"));
    std::fs::write(&o, bytes(&old)).expect("write");
    std::fs::write(&n, bytes(&new)).expect("write");
    let mut a = args(&[&o.to_string_lossy(), &n.to_string_lossy()], None, None);
    a.select = vec!["operation:Things_Create".into()];
    let r = diff::diff(dir.path(), &a).expect("diffs");
    assert_eq!(rules(&r), ["new-optional-request-property"]);
    let note = r.selection.as_deref().expect("a selection note");
    assert!(note.contains("compared 1 and 1 operation(s)"), "{note}");
    let text = diff::render(&r, Format::Text, false);
    assert!(text.contains(note), "{text}");
}

// ---------------------------------------------------------------- endpoints

#[test]
fn endpoint_added() {
    let r = changed(|d| {
        d["paths"]["/widgets"] = json!({"get": {"operationId": "Widgets_List", "responses": {"200": {"description": "ok"}}}});
    });
    let c = only(&r, "endpoint-added", Level::Info);
    assert_eq!(c.pointer, "/paths/~1widgets/get");
    assert_eq!(c.side, Side::Head);
    assert_eq!(c.rust.items, ["Client::widgets_list"]);
    assert_eq!(c.rust.compiles, Compiles::Yes);
    assert_eq!(endpoints(c), ["GET /widgets"]);
}

#[test]
fn path_removed_without_deprecation() {
    let r = changed(|d| remove(d, "/paths/~1things~1{thing_id}"));
    assert_eq!(
        rules(&r),
        [
            "api-path-removed-without-deprecation",
            "api-path-removed-without-deprecation"
        ]
    );
    let c = &r.changes[1];
    assert_eq!(c.level, Level::Err);
    assert_eq!(c.side, Side::Base);
    assert_eq!(c.pointer, "/paths/~1things~1{thing_id}/get");
    assert_eq!(c.rust.items, ["Client::things_get", "builder::ThingsGet"]);
    assert_eq!(c.rust.compiles, Compiles::No);
}

#[test]
fn operation_removed_with_and_without_deprecation() {
    let r = changed(|d| remove(d, "/paths/~1things~1{thing_id}/delete"));
    let c = only(&r, "api-removed-without-deprecation", Level::Err);
    assert_eq!(endpoints(c), ["DELETE /things/{thing_id}"]);
    let r = changed_from(
        |d| d["paths"]["/things/{thing_id}"]["delete"]["deprecated"] = json!(true),
        |d| remove(d, "/paths/~1things~1{thing_id}/delete"),
    );
    only(&r, "api-removed-with-deprecation", Level::Warn);
}

#[test]
fn operation_id_changed_renames_the_method() {
    let r =
        changed(|d| d["paths"]["/things/{thing_id}"]["get"]["operationId"] = json!("FetchThing"));
    let c = only(&r, "api-operation-id-removed", Level::Err);
    assert_eq!(c.rust.items, ["Client::things_get", "Client::fetch_thing"]);
    assert_eq!(c.rust.compiles, Compiles::No);
    // Same generated name: safe.
    let r =
        changed(|d| d["paths"]["/things/{thing_id}"]["get"]["operationId"] = json!("ThingsGet"));
    let c = only(&r, "api-operation-id-removed", Level::Info);
    assert_eq!(c.rust.compiles, Compiles::Yes);
}

#[test]
fn endpoint_deprecated() {
    let r = changed(|d| d["paths"]["/things"]["get"]["deprecated"] = json!(true));
    only(&r, "endpoint-deprecated", Level::Info);
}

#[test]
fn a_renamed_path_parameter_is_the_same_endpoint() {
    let r = changed(|d| {
        let item = d["paths"]["/things/{thing_id}"].take();
        let text = item.to_string().replace("thing_id", "id");
        d["paths"]["/things/{id}"] = serde_json::from_str(&text).expect("json");
        remove(d, "/paths/~1things~1{thing_id}");
    });
    let mut got = rules(&r);
    got.sort();
    assert_eq!(
        got,
        [
            "new-required-request-parameter",
            "new-required-request-parameter",
            "request-parameter-removed",
            "request-parameter-removed"
        ]
    );
}

// ---------------------------------------------------------------- parameters

#[test]
fn new_required_and_optional_parameters() {
    let r = changed(|d| {
        d["paths"]["/things"]["get"]["parameters"]
            .as_array_mut()
            .expect("array")
            .push(json!({"name": "X-Tenant", "in": "header", "required": true, "schema": {"type": "string"}}));
    });
    let c = only(&r, "new-required-request-parameter", Level::Err);
    assert_eq!(c.rust.items, ["builder::ThingsList::x_tenant"]);
    assert_eq!(c.rust.compiles, Compiles::Yes);
    assert!(c.rust.note.contains("send()"), "{}", c.rust.note);
    assert_eq!(c.pointer, "/paths/~1things/get/parameters/2");
    let r = changed(|d| {
        d["paths"]["/things"]["get"]["parameters"]
            .as_array_mut()
            .expect("array")
            .push(json!({"name": "offset", "in": "query", "schema": {"type": "integer"}}));
    });
    only(&r, "new-optional-request-parameter", Level::Info);
}

#[test]
fn parameter_removed() {
    let r = changed(|d| remove(d, "/paths/~1things/get/parameters/0"));
    let c = only(&r, "request-parameter-removed", Level::Warn);
    assert_eq!(c.side, Side::Base);
    assert_eq!(c.pointer, "/paths/~1things/get/parameters/0");
    assert_eq!(c.rust.items, ["builder::ThingsList::limit"]);
    assert_eq!(c.rust.compiles, Compiles::No);
}

#[test]
fn parameter_became_required_or_optional() {
    let r = changed(|d| d["paths"]["/things"]["get"]["parameters"][0]["required"] = json!(true));
    only(&r, "request-parameter-became-required", Level::Err);
    let r = changed_from(
        |d| d["paths"]["/things"]["get"]["parameters"][0]["required"] = json!(true),
        |_| {},
    );
    only(&r, "request-parameter-became-optional", Level::Info);
}

#[test]
fn parameter_type_changed() {
    let r = changed(|d| {
        d["paths"]["/things"]["get"]["parameters"][0]["schema"] = json!({"type": "string"})
    });
    let c = only(&r, "request-parameter-type-changed", Level::Err);
    assert_eq!(
        c.message,
        "the type of query parameter `limit` changed from `integer` to `string`"
    );
}

#[test]
fn parameter_enum_values() {
    let r =
        changed(|d| d["paths"]["/things"]["get"]["parameters"][1]["schema"]["enum"] = json!(["a"]));
    let c = only(&r, "request-parameter-enum-value-removed", Level::Err);
    assert_eq!(c.rust.items, ["types::ThingsListKind::B"]);
    assert_eq!(c.side, Side::Base);
    let r = changed(|d| {
        d["paths"]["/things"]["get"]["parameters"][1]["schema"]["enum"] = json!(["a", "b", "c"])
    });
    only(&r, "request-parameter-enum-value-added", Level::Info);
}

#[test]
fn parameter_maximum_tightened_and_loosened() {
    let r =
        changed(|d| d["paths"]["/things"]["get"]["parameters"][0]["schema"]["maximum"] = json!(50));
    let c = only(&r, "request-parameter-max-decreased", Level::Err);
    assert_eq!(
        c.message,
        "the maximum of query parameter `limit` decreased from 100 to 50"
    );
    let r = changed(|d| {
        d["paths"]["/things"]["get"]["parameters"][0]["schema"]["maximum"] = json!(500)
    });
    only(&r, "request-parameter-max-increased", Level::Info);
}

// ---------------------------------------------------------------- request bodies

#[test]
fn request_body_became_required_or_optional() {
    let r = changed_from(
        |d| d["paths"]["/things"]["post"]["requestBody"]["required"] = json!(false),
        |_| {},
    );
    let c = only(&r, "request-body-became-required", Level::Err);
    assert_eq!(c.rust.items, ["builder::ThingsCreate::body"]);
    let r = changed(|d| d["paths"]["/things"]["post"]["requestBody"]["required"] = json!(false));
    only(&r, "request-body-became-optional", Level::Info);
}

#[test]
fn request_body_added_and_removed() {
    let body =
        json!({"required": true, "content": {"application/json": {"schema": {"type": "object"}}}});
    let r = changed(|d| d["paths"]["/things/{thing_id}"]["delete"]["requestBody"] = body);
    let c = only(&r, "request-body-added-required", Level::Err);
    assert_eq!(c.rust.items, ["builder::ThingsDelete::body"]);
    let r = changed(|d| remove(d, "/paths/~1things/post/requestBody"));
    let c = only(&r, "request-body-removed", Level::Warn);
    assert_eq!(c.rust.compiles, Compiles::No);
}
/// Media types are compared as the generated client sees them: normalization
/// keeps the one request media type progenitor sends best, and JSON responses.
#[test]
fn request_media_type_added_and_removed() {
    let r = changed(|d| {
        let content = &mut d["paths"]["/things"]["post"]["requestBody"]["content"];
        let media = content["application/json"].take();
        *content = json!({"application/x-www-form-urlencoded": media});
    });
    assert_eq!(
        rules(&r),
        [
            "request-body-media-type-removed",
            "request-body-media-type-added"
        ]
    );
    let removed = &r.changes[0];
    assert_eq!(removed.level, Level::Err);
    assert_eq!(
        removed.message,
        "removed the media type `application/json` from the request body"
    );
    assert_eq!(removed.rust.compiles, Compiles::Maybe);
    assert_eq!(r.changes[1].level, Level::Info);
    // A form beside JSON changes nothing the client sends.
    let r = changed(|d| {
        d["paths"]["/things"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"] =
            json!({"schema": reference("ThingCreateRequest")});
    });
    assert_eq!(r.changes, vec![]);
}

#[test]
fn new_required_request_property() {
    let r = changed(|d| {
        at(d, CREATE_REQUEST)["properties"]["cuda_version"] = json!({"type": "string"});
        at(d, CREATE_REQUEST)["required"]
            .as_array_mut()
            .expect("array")
            .push(json!("cuda_version"));
    });
    let c = only(&r, "new-required-request-property", Level::Err);
    assert_eq!(
        c.pointer,
        format!("{CREATE_REQUEST}/properties/cuda_version")
    );
    assert_eq!(c.side, Side::Head);
    assert_eq!(
        c.message,
        "added the required request property `ThingCreateRequest.cuda_version`"
    );
    assert_eq!(c.rust.items, ["types::ThingCreateRequest::cuda_version"]);
    assert_eq!(c.rust.compiles, Compiles::No);
    assert_eq!(endpoints(c), ["POST /things"]);
}

#[test]
fn new_optional_request_property() {
    let r =
        changed(|d| at(d, CREATE_REQUEST)["properties"]["clusterName"] = json!({"type": "string"}));
    let c = only(&r, "new-optional-request-property", Level::Info);
    assert_eq!(c.rust.items, ["types::ThingCreateRequest::cluster_name"]);
    assert_eq!(c.rust.compiles, Compiles::Maybe);
}

#[test]
fn request_property_removed() {
    let r = changed(|d| remove(d, &format!("{CREATE_REQUEST}/properties/note")));
    let c = only(&r, "request-property-removed", Level::Warn);
    assert_eq!(c.side, Side::Base);
    assert_eq!(c.rust.items, ["types::ThingCreateRequest::note"]);
    assert_eq!(c.rust.compiles, Compiles::No);
}

#[test]
fn request_property_became_required_or_optional() {
    let r = changed(|d| {
        at(d, CREATE_REQUEST)["required"]
            .as_array_mut()
            .expect("array")
            .push(json!("note"));
    });
    let c = only(&r, "request-property-became-required", Level::Err);
    assert_eq!(c.rust.compiles, Compiles::No);
    assert!(
        c.rust.note.contains("`Option<T>` to `T`"),
        "{}",
        c.rust.note
    );
    let r = changed(|d| at(d, CREATE_REQUEST)["required"] = json!(["gpu_type"]));
    let c = only(&r, "request-property-became-optional", Level::Info);
    assert_eq!(c.pointer, format!("{CREATE_REQUEST}/properties/name"));
}

#[test]
fn request_property_type_and_format_changed() {
    let r = changed(|d| at(d, CREATE_REQUEST)["properties"]["count"] = json!({"type": "string"}));
    only(&r, "request-property-type-changed", Level::Err);
    let r = changed(|d| at(d, CREATE_REQUEST)["properties"]["note"]["format"] = json!("date-time"));
    let c = only(&r, "request-property-type-changed", Level::Err);
    assert_eq!(
        c.rust.note,
        "the Rust type changes from `String` to `chrono::DateTime<chrono::Utc>`"
    );
    // A format typify ignores changes nothing in Rust.
    let r = changed(|d| at(d, CREATE_REQUEST)["properties"]["gpu_type"]["format"] = json!("enum"));
    let c = only(&r, "request-property-type-changed", Level::Info);
    assert_eq!(c.rust.compiles, Compiles::Yes);
}

#[test]
fn request_enum_value_removed_and_added() {
    let r =
        changed(|d| at(d, CREATE_REQUEST)["properties"]["gpu_type"]["enum"] = json!(["H100_SXM"]));
    let c = only(&r, "request-property-enum-value-removed", Level::Err);
    assert_eq!(
        c.pointer,
        format!("{CREATE_REQUEST}/properties/gpu_type/enum")
    );
    assert_eq!(c.rust.items, ["types::ThingCreateRequestGpuType::H200Sxm"]);
    assert_eq!(c.rust.compiles, Compiles::No);
    let r = changed(|d| {
        at(d, CREATE_REQUEST)["properties"]["gpu_type"]["enum"] =
            json!(["H100_SXM", "H200_SXM", "B200"]);
    });
    let c = only(&r, "request-property-enum-value-added", Level::Info);
    assert_eq!(c.rust.compiles, Compiles::Maybe);
}

#[test]
fn request_max_length_tightened_and_loosened() {
    let r = changed(|d| at(d, CREATE_REQUEST)["properties"]["name"]["maxLength"] = json!(32));
    let c = only(&r, "request-property-max-length-decreased", Level::Err);
    assert_eq!(
        c.rust.items,
        [
            "types::ThingCreateRequest::name",
            "types::ThingCreateRequestName"
        ]
    );
    let r = changed(|d| at(d, CREATE_REQUEST)["properties"]["name"]["maxLength"] = json!(128));
    only(&r, "request-property-max-length-increased", Level::Info);
    let r = changed(|d| at(d, CREATE_REQUEST)["properties"]["note"]["maxLength"] = json!(10));
    let c = only(&r, "request-property-max-length-set", Level::Err);
    assert_eq!(
        c.rust.compiles,
        Compiles::No,
        "String becomes a newtype: {c:#?}"
    );
}

#[test]
fn request_minimum_raised_changes_the_rust_type() {
    // minimum 1 with int32 is NonZeroU32; minimum 2 is i32.
    let r = changed(|d| at(d, CREATE_REQUEST)["properties"]["count"]["minimum"] = json!(2));
    let c = only(&r, "request-property-min-increased", Level::Err);
    assert_eq!(c.rust.compiles, Compiles::No);
    assert_eq!(
        c.rust.note,
        "the Rust type changes from `NonZeroU32` to `i32`"
    );
    let r = changed(|d| remove(d, &format!("{CREATE_REQUEST}/properties/count/maximum")));
    only(&r, "request-property-max-unset", Level::Info);
}

#[test]
fn request_pattern_added_removed_changed() {
    let r =
        changed(|d| at(d, CREATE_REQUEST)["properties"]["name"]["pattern"] = json!("^[a-z0-9]+$"));
    only(&r, "request-property-pattern-changed", Level::Warn);
    let r = changed(|d| remove(d, &format!("{CREATE_REQUEST}/properties/name/pattern")));
    only(&r, "request-property-pattern-removed", Level::Info);
    let r = changed(|d| at(d, CREATE_REQUEST)["properties"]["note"]["pattern"] = json!("^x"));
    only(&r, "request-property-pattern-added", Level::Err);
}

#[test]
fn request_default_changed_and_property_deprecated() {
    let r = changed(|d| at(d, CREATE_REQUEST)["properties"]["count"]["default"] = json!(2));
    let c = only(&r, "request-property-default-value-changed", Level::Info);
    assert_eq!(
        c.message,
        "the default of request property `ThingCreateRequest.count` changed from `1` to `2`"
    );
    let r = changed(|d| at(d, CREATE_REQUEST)["properties"]["note"]["deprecated"] = json!(true));
    only(&r, "request-property-deprecated", Level::Info);
}

// ---------------------------------------------------------------- responses

#[test]
fn response_properties_removed() {
    let r = changed(|d| remove(d, &format!("{INFO}/properties/id")));
    let mut got = rules(&r);
    got.dedup();
    assert_eq!(got, ["response-required-property-removed"]);
    let c = &r.changes[0];
    assert_eq!(c.level, Level::Err);
    assert_eq!(c.rust.items, ["types::ThingInfo::id"]);
    // One change, reported for every operation that returns ThingInfo.
    assert_eq!(r.changes.len(), 1);
    assert_eq!(
        endpoints(c),
        ["GET /things", "POST /things", "GET /things/{thing_id}"]
    );
    let r = changed(|d| remove(d, &format!("{INFO}/properties/owner")));
    only(&r, "response-optional-property-removed", Level::Warn);
}

#[test]
fn response_properties_added() {
    let r = changed(|d| at(d, INFO)["properties"]["region"] = json!({"type": "string"}));
    let c = only(&r, "response-optional-property-added", Level::Info);
    assert_eq!(c.rust.compiles, Compiles::Maybe);
    let r = changed(|d| {
        at(d, INFO)["properties"]["region"] = json!({"type": "string"});
        at(d, INFO)["required"]
            .as_array_mut()
            .expect("array")
            .push(json!("region"));
    });
    only(&r, "response-required-property-added", Level::Info);
}

#[test]
fn response_property_became_optional_or_required() {
    let r = changed(|d| at(d, INFO)["required"] = json!(["status", "tags"]));
    let c = only(&r, "response-property-became-optional", Level::Err);
    assert_eq!(c.rust.items, ["types::ThingInfo::id"]);
    assert_eq!(c.rust.compiles, Compiles::No);
    // An array stays a `Vec`: the field does not change.
    let r = changed(|d| at(d, INFO)["required"] = json!(["id", "status"]));
    let c = only(&r, "response-property-became-optional", Level::Err);
    assert_eq!(c.rust.compiles, Compiles::Yes, "{c:#?}");
    let r = changed(|d| {
        at(d, INFO)["required"]
            .as_array_mut()
            .expect("array")
            .push(json!("owner"));
    });
    only(&r, "response-property-became-required", Level::Info);
}

#[test]
fn response_property_became_nullable() {
    let r = changed(|d| at(d, INFO)["properties"]["id"]["nullable"] = json!(true));
    let c = only(&r, "response-property-became-nullable", Level::Err);
    assert_eq!(c.rust.compiles, Compiles::No);
    assert!(
        c.rust
            .note
            .contains("old clients fail to deserialize `null`"),
        "{}",
        c.rust.note
    );
    // Already an Option: nothing changes in Rust.
    let r = changed(|d| at(d, INFO)["properties"]["owner"]["nullable"] = json!(true));
    let c = only(&r, "response-property-became-nullable", Level::Err);
    assert_eq!(c.rust.compiles, Compiles::Yes);
    let r = changed_from(
        |d| at(d, INFO)["properties"]["owner"]["nullable"] = json!(true),
        |_| {},
    );
    only(&r, "response-property-became-not-nullable", Level::Info);
}

#[test]
fn response_type_and_format_changed() {
    let r = changed(|d| at(d, INFO)["properties"]["size"]["format"] = json!("int32"));
    let c = only(&r, "response-property-type-changed", Level::Err);
    assert_eq!(c.rust.note, "the Rust type changes from `i64` to `i32`");
    assert_eq!(c.rust.items, ["types::ThingInfo::size"]);
    let r = changed(|d| at(d, INFO)["properties"]["id"] = json!({"type": "integer"}));
    only(&r, "response-property-type-changed", Level::Err);
}

#[test]
fn response_enum_value_added_to_an_open_enum_is_info() {
    let r = changed(|d| {
        at(d, INFO)["properties"]["status"]["enum"] = json!(["READY", "FAILED", "PAUSED"])
    });
    let c = only(&r, "response-property-enum-value-added", Level::Info);
    assert!(
        c.message.contains("accepts unknown values"),
        "{}",
        c.message
    );
    assert_eq!(c.rust.items, ["types::ThingInfoStatus::Paused"]);
    assert!(
        c.rust.note.contains("types::ThingInfoStatus::Unknown(..)"),
        "{}",
        c.rust.note
    );
}

#[test]
fn response_enum_value_added_to_a_shared_enum_is_warn() {
    // Kind is also in ThingCreateRequest: its enum is strict.
    let r = changed(|d| at(d, "/components/schemas/Kind")["enum"] = json!(["k8s", "slurm", "ray"]));
    let c = find(&r, "response-property-enum-value-added");
    assert_eq!(c.level, Level::Warn);
    assert_eq!(c.rust.items, ["types::Kind::Ray"]);
    assert!(
        c.rust.note.contains("old clients fail to deserialize"),
        "{}",
        c.rust.note
    );
    // The request side of the same change.
    assert_eq!(
        find(&r, "request-property-enum-value-added").level,
        Level::Info
    );
    let r = changed(|d| at(d, INFO)["properties"]["status"]["enum"] = json!(["READY"]));
    only(&r, "response-property-enum-value-removed", Level::Info);
}

#[test]
fn response_max_length_loosened_warns() {
    let r = changed(|d| at(d, INFO)["properties"]["name"]["maxLength"] = json!(128));
    let c = only(&r, "response-property-max-length-increased", Level::Warn);
    assert!(
        c.rust.note.contains("validating newtype"),
        "{}",
        c.rust.note
    );
    let r = changed(|d| at(d, INFO)["properties"]["name"]["maxLength"] = json!(32));
    only(&r, "response-property-max-length-decreased", Level::Info);
}

#[test]
fn response_one_of_branch_added() {
    let r = changed(|d| {
        at(d, INFO)["properties"]["shape"]["oneOf"]
            .as_array_mut()
            .expect("array")
            .push(reference("Cube"));
    });
    let c = only(&r, "response-property-one-of-added", Level::Warn);
    assert_eq!(
        c.message,
        "added `Cube` to the `oneOf` of response property `ThingInfo.shape`"
    );
    let r = changed(|d| remove(d, &format!("{INFO}/properties/shape/oneOf/1")));
    only(&r, "response-property-one-of-removed", Level::Info);
}

#[test]
fn status_codes_added_and_removed() {
    let r = changed(|d| remove(d, "/paths/~1things~1{thing_id}/delete/responses/204"));
    let c = only(&r, "response-success-status-removed", Level::Err);
    assert_eq!(c.rust.items, ["Client::things_delete"]);
    let r = changed(|d| {
        d["paths"]["/things/{thing_id}"]["delete"]["responses"]["202"] =
            json!({"description": "later"})
    });
    only(&r, "response-success-status-added", Level::Info);
    let r = changed(|d| remove(d, "/paths/~1things/post/responses/422"));
    only(&r, "response-non-success-status-removed", Level::Info);
    let r = changed(|d| {
        d["paths"]["/things/{thing_id}"]["get"]["responses"]["404"] =
            response(reference("Problem"));
    });
    only(&r, "response-non-success-status-added", Level::Info);
}

#[test]
fn response_media_type_removed_and_added() {
    let r = changed(|d| {
        d["paths"]["/things/{thing_id}"]["get"]["responses"]["200"]["content"] =
            json!({"text/csv": {"schema": {"type": "string"}}});
    });
    assert_eq!(
        rules(&r),
        ["response-media-type-removed", "response-media-type-added"]
    );
    let removed = &r.changes[0];
    assert_eq!(removed.level, Level::Err);
    assert_eq!(
        removed.message,
        "removed the media type `application/json` from the `200` response"
    );
    assert_eq!(removed.rust.items, ["Client::things_get"]);
    assert_eq!(r.changes[1].level, Level::Info);
}

#[test]
fn unused_schema_removed() {
    let r = changed(|d| remove(d, "/components/schemas/Unused"));
    let c = only(&r, "api-schema-removed", Level::Info);
    assert_eq!(c.rust.items, ["types::Unused"]);
    assert!(c.operations.is_empty());
}

// ---------------------------------------------------------------- meaning, not text

fn reverse_keys(v: &Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .rev()
                .map(|(k, v)| (k.clone(), reverse_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(reverse_keys).collect()),
        other => other.clone(),
    }
}

#[test]
fn reordered_keys_are_no_change() {
    let r = diff_values(&base(), &reverse_keys(&base()));
    assert_eq!(r.changes, vec![]);
}

#[test]
fn documentation_edits_are_no_change() {
    let r = changed(|d| {
        at(d, CREATE_REQUEST)["description"] = json!("Something else entirely.");
        at(d, CREATE_REQUEST)["properties"]["name"]["example"] = json!("abc");
        at(d, CREATE_REQUEST)["properties"]["name"]["title"] = json!("Name");
        d["paths"]["/things"]["post"]["summary"] = json!("Make a thing");
        d["paths"]["/things"]["post"]["x-codeSamples"] = json!([{"lang": "Shell"}]);
        d["paths"]["/things"]["post"]["tags"] = json!(["Things"]);
    });
    assert_eq!(r.changes, vec![]);
}

#[test]
fn json_and_yaml_are_no_change() {
    let yaml =
        std::fs::read(root().join("specs/together-tcloud/openapi.yaml")).expect("together spec");
    let parsed = xtask::regen::read::parse("openapi.yaml", &yaml).expect("parses");
    let json_text = serde_json::to_vec_pretty(&parsed).expect("json");
    let r = diff::diff_bytes("openapi.yaml", &yaml, "openapi.json", &json_text).expect("diffs");
    assert_eq!(r.changes, vec![]);
}

#[test]
fn openapi_31_type_arrays_and_30_nullable_are_no_change() {
    let v31 = r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: get_a
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [name]
                properties:
                  name: {type: [string, 'null'], maxLength: 3}
                  size: {anyOf: [{type: integer}, {type: 'null'}]}
                  value: {type: number, exclusiveMinimum: 0}
"#;
    let v30 = r#"{
  "openapi": "3.0.3",
  "info": {"title": "t", "version": "1"},
  "paths": {"/a": {"get": {"operationId": "get_a", "responses": {"200": {"description": "ok",
    "content": {"application/json": {"schema": {"type": "object", "required": ["name"], "properties": {
      "name": {"type": "string", "nullable": true, "maxLength": 3},
      "size": {"type": "integer", "nullable": true},
      "value": {"type": "number", "minimum": 0, "exclusiveMinimum": true}
    }}}}}}}}}
}"#;
    let r =
        diff::diff_bytes("v31.yaml", v31.as_bytes(), "v30.json", v30.as_bytes()).expect("diffs");
    assert_eq!(r.changes, vec![]);
}

#[test]
fn inline_and_ref_schemas_are_no_change() {
    let inlined = |d: &mut Value| {
        let request = at(d, CREATE_REQUEST).clone();
        d["paths"]["/things"]["post"]["requestBody"]["content"]["application/json"]["schema"] =
            request;
        let kind = at(d, "/components/schemas/Kind").clone();
        at(d, INFO)["properties"]["kind"] = kind;
    };
    let r = changed(inlined);
    assert_eq!(r.changes, vec![]);
    let r = changed_from(inlined, |_| {});
    assert_eq!(r.changes, vec![]);
    // `allOf: [$ref]` (what normalization makes of `anyOf [$ref, null]`) is the ref.
    let r = changed(|d| at(d, INFO)["properties"]["kind"] = json!({"allOf": [reference("Kind")]}));
    assert_eq!(r.changes, vec![]);
}

#[test]
fn recursive_refs_terminate_and_report_once() {
    let tree = |leaf_type: &str| {
        let mut d = base();
        at(&mut d, "/components/schemas")["Node"] = json!({
            "type": "object",
            "properties": {
                "name": {"type": leaf_type},
                "children": {"type": "array", "items": reference("Node")},
                "parent": reference("Node")
            }
        });
        at(&mut d, INFO)["properties"]["tree"] = reference("Node");
        at(&mut d, CREATE_REQUEST)["properties"]["tree"] = reference("Node");
        d
    };
    assert_eq!(
        diff_values(&tree("string"), &tree("string")).changes,
        vec![]
    );
    let r = diff_values(&tree("string"), &tree("integer"));
    assert_eq!(
        rules(&r),
        [
            "response-property-type-changed",
            "request-property-type-changed"
        ]
    );
    assert!(
        r.changes
            .iter()
            .all(|c| c.pointer == "/components/schemas/Node/properties/name")
    );
    assert_eq!(
        endpoints(&r.changes[0]),
        ["GET /things", "POST /things", "GET /things/{thing_id}"]
    );
    assert_eq!(endpoints(&r.changes[1]), ["POST /things"]);
}

// ---------------------------------------------------------------- rendering

#[test]
fn markdown_snapshot() {
    let r = changed(|d| {
        at(d, CREATE_REQUEST)["properties"]["cuda_version"] = json!({"type": "string"});
        at(d, CREATE_REQUEST)["required"]
            .as_array_mut()
            .expect("array")
            .push(json!("cuda_version"));
        at(d, INFO)["properties"]["status"]["enum"] = json!(["READY", "FAILED", "PAUSED"]);
    });
    let expected = "\
**Spec changes** `base.json` → `head.json`: **2 changes** (1 ERR, 0 WARN, 1 INFO); 1 breaks code that compiles today.

#### ERR (1): breaks clients

| Rule | Where | Change | Rust items | Still compiles? |
|---|---|---|---|---|
| `new-required-request-property` | `POST /things`<br>`#/components/schemas/ThingCreateRequest/properties/cuda_version` | added the required request property `ThingCreateRequest.cuda_version` | `types::ThingCreateRequest::cuda_version` | **no**: struct literals without `cuda_version` stop compiling; builders that do not set it fail at `send()` (\"no value supplied for cuda_version\") |

#### INFO (1): safe

| Rule | Where | Change | Rust items | Still compiles? |
|---|---|---|---|---|
| `response-property-enum-value-added` | `GET /things (+2 more)`<br>`#/components/schemas/ThingInfo/properties/status/enum` | added the enum value `PAUSED` to response property `ThingInfo.status` (response-only enum: the generated enum accepts unknown values) | `types::ThingInfoStatus::Paused` | maybe: old clients read it as `types::ThingInfoStatus::Unknown(..)`; the new variant breaks exhaustive `match`es without `_` |
";
    assert_eq!(diff::render(&r, Format::Markdown, false), expected);
}

#[test]
fn text_and_json_output() {
    let r = changed(|d| remove(d, "/paths/~1things~1{thing_id}/delete"));
    let text = diff::render(&r, Format::Text, false);
    assert!(
        text.starts_with("base.json → head.json: 1 change (1 ERR, 0 WARN, 0 INFO)"),
        "{text}"
    );
    assert!(text.contains("\nERR (1): breaks clients\n  api-removed-without-deprecation  DELETE /things/{thing_id}\n"), "{text}");
    assert!(!text.contains('\x1b'));
    assert!(diff::render(&r, Format::Text, true).contains("\x1b[1;31mERR\x1b[0m"));
    let value: Value = serde_json::from_str(&diff::render(&r, Format::Json, false)).expect("json");
    assert_eq!(value["version"], 1);
    assert_eq!(
        value["summary"],
        json!({"total": 1, "ERR": 1, "WARN": 0, "INFO": 0, "breaks_build": 1})
    );
    assert_eq!(
        value["changes"][0],
        json!({
            "rule": "api-removed-without-deprecation",
            "level": "ERR",
            "message": "removed `DELETE /things/{thing_id}` without deprecating it first",
            "method": "DELETE",
            "path": "/things/{thing_id}",
            "operation_id": "Things_Delete",
            "operations": ["DELETE /things/{thing_id}"],
            "pointer": "/paths/~1things~1{thing_id}/delete",
            "document": "base",
            "rust": {
                "items": ["Client::things_delete", "builder::ThingsDelete"],
                "compiles": "no",
                "note": "the method and its builder disappear: every call stops compiling"
            }
        })
    );
    let empty = diff_values(&base(), &base());
    assert_eq!(
        diff::render(&empty, Format::Markdown, false),
        "**Spec changes** `base.json` → `head.json`: no changes.\n"
    );
}

#[test]
fn fail_on_sets_the_exit_code() {
    let r = changed(|d| at(d, INFO)["properties"]["region"] = json!({"type": "string"}));
    assert_eq!(diff::exit_code(&r, None), 0);
    assert_eq!(diff::exit_code(&r, Some(Level::Err)), 0);
    assert_eq!(diff::exit_code(&r, Some(Level::Info)), 1);
    let r = changed(|d| remove(d, &format!("{INFO}/properties/owner")));
    assert_eq!(diff::exit_code(&r, Some(Level::Warn)), 1);
    assert_eq!(diff::exit_code(&r, Some(Level::Err)), 0);
    assert_eq!(diff::parse_level("err"), Ok(Level::Err));
    assert!(diff::parse_level("fatal").is_err());
}

// ---------------------------------------------------------------- git mode and the CLI

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

const PROVIDERS: &str = r#"
[[provider]]
name = "demo"
crate = "cloud-clusters-demo"
dir = "crates/demo"
document = "specs/demo/openapi.json"
overlay = "specs/demo/overlay.yaml"
api_key_env = "DEMO_API_KEY"
default_base_url = "https://demo.example.com"
"#;

const OVERLAY: &str = r#"overlay: 1.0.0
info: {title: demo, version: 1.0.0}
actions:
  - target: "$.components.schemas.ThingInfo.properties.owner"
    update: {format: password}
"#;

fn args(targets: &[&str], base: Option<&str>, head: Option<&str>) -> DiffArgs {
    DiffArgs {
        targets: targets.iter().map(|s| s.to_string()).collect(),
        base: base.map(str::to_string),
        head: head.map(str::to_string),
        worktree: false,
        format: Format::Text,
        fail_on: None,
        select: Vec::new(),
        exclude: Vec::new(),
        semver: false,
    }
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("specs/demo")).expect("mkdir");
    std::fs::write(root.join("specs/providers.toml"), PROVIDERS).expect("write");
    std::fs::write(root.join("specs/demo/overlay.yaml"), OVERLAY).expect("write");
    std::fs::write(root.join("specs/demo/openapi.json"), bytes(&base())).expect("write");
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "first"]);
    dir
}

#[test]
fn git_mode_compares_revisions_and_the_working_tree() {
    let dir = repo();
    let root = dir.path();
    // HEAD against an unchanged working tree.
    let r = diff::diff(root, &args(&["demo"], None, None)).expect("diffs");
    assert_eq!(r.changes, vec![]);
    assert_eq!(r.base, "HEAD:specs/demo/openapi.json");
    assert_eq!(r.head, "specs/demo/openapi.json (working tree)");
    // Change the document: the working tree differs from HEAD.
    let mut new = base();
    remove(&mut new, "/paths/~1things~1{thing_id}/delete");
    std::fs::write(root.join("specs/demo/openapi.json"), bytes(&new)).expect("write");
    let r = diff::diff(root, &args(&["demo"], None, None)).expect("diffs");
    only(&r, "api-removed-without-deprecation", Level::Err);
    // Commit it, then compare revisions.
    git(root, &["commit", "-q", "-am", "second"]);
    let r = diff::diff(root, &args(&["demo"], Some("HEAD~1"), Some("HEAD"))).expect("diffs");
    only(&r, "api-removed-without-deprecation", Level::Err);
    assert_eq!(r.head, "HEAD:specs/demo/openapi.json");
    let r = diff::diff(root, &args(&["demo"], Some("HEAD"), None)).expect("diffs");
    assert_eq!(r.changes, vec![]);
    // The overlay applies on both sides: its `format: password` is no change.
    let mut fail = args(&["demo"], Some("HEAD~1"), Some("HEAD"));
    fail.fail_on = Some(Level::Err);
    assert_eq!(diff::run(root, &fail), 1);
}

#[test]
fn overlay_changes_are_reported() {
    let dir = repo();
    let root = dir.path();
    std::fs::write(
        root.join("specs/demo/overlay.yaml"),
        OVERLAY.replace("format: password", "format: uuid"),
    )
    .expect("write");
    let r = diff::diff(root, &args(&["demo"], None, None)).expect("diffs");
    let c = only(&r, "response-property-type-changed", Level::Err);
    assert_eq!(
        c.rust.note,
        "the Rust type changes from `cloud_clusters_core::SecretString` to `uuid::Uuid`"
    );
}

#[test]
fn unknown_revision_and_missing_files_exit_2() {
    let dir = repo();
    let root = dir.path();
    let err = diff::diff(root, &args(&["demo"], Some("no-such-rev"), None)).expect_err("unknown");
    assert!(
        err.to_string()
            .starts_with("unknown revision `no-such-rev`"),
        "{err}"
    );
    assert_eq!(
        diff::run(root, &args(&["demo"], Some("no-such-rev"), None)),
        2
    );
    assert_eq!(diff::run(root, &args(&["demo"], Some("--exec=x"), None)), 2);
    assert_eq!(diff::run(root, &args(&["nobody"], None, None)), 2);
    // The document did not exist at the first commit.
    std::fs::create_dir_all(root.join("specs/late")).expect("mkdir");
    let late = PROVIDERS
        .replace("\"demo\"", "\"late\"")
        .replace("specs/demo/openapi.json", "specs/late/openapi.json")
        .replace("overlay = \"specs/demo/overlay.yaml\"\n", "");
    std::fs::write(
        root.join("specs/providers.toml"),
        format!("{PROVIDERS}{late}"),
    )
    .expect("write");
    std::fs::write(root.join("specs/late/openapi.json"), bytes(&base())).expect("write");
    let err = diff::diff(root, &args(&["late"], None, None)).expect_err("missing");
    assert_eq!(
        err.to_string(),
        "`specs/late/openapi.json` does not exist at revision `HEAD`"
    );
    // Two files that do not both exist, or do not parse.
    let missing = root.join("missing.yaml");
    let missing = missing.to_str().expect("utf-8");
    assert_eq!(diff::run(root, &args(&[missing, missing], None, None)), 2);
    let broken = root.join("broken.yaml");
    std::fs::write(&broken, "openapi: [3.0\n").expect("write");
    let broken = broken.to_str().expect("utf-8");
    let err = diff::diff(root, &args(&[broken, broken], None, None)).expect_err("parse");
    assert!(err.to_string().contains("broken.yaml:"), "{err}");
    // Revisions do not go with two files.
    assert_eq!(
        diff::run(root, &args(&[broken, broken], Some("HEAD"), None)),
        2
    );
}

#[test]
fn the_binary_prints_markdown_and_sets_exit_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = dir.path().join("old.json");
    let new = dir.path().join("new.json");
    std::fs::write(&old, bytes(&base())).expect("write");
    let mut edited = base();
    remove(&mut edited, "/paths/~1things~1{thing_id}/delete");
    std::fs::write(&new, bytes(&edited)).expect("write");
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("diff")
            .arg(&old)
            .arg(&new)
            .args(extra)
            .output()
            .expect("runs")
    };
    let out = run(&["--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("| `api-removed-without-deprecation` |"),
        "{stdout}"
    );
    assert_eq!(run(&["--fail-on", "ERR"]).status.code(), Some(1));
    assert_eq!(
        run(&["--fail-on", "warn", "--format", "json"])
            .status
            .code(),
        Some(1)
    );
    let missing = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff", "/nonexistent/a.yaml", "/nonexistent/b.yaml"])
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).starts_with("error: /nonexistent/a.yaml"));
}

// ---------------------------------------------------------------- Rust names

/// Every component schema, inline property enum and operation of each committed
/// document names an item that really is in its generated client.
#[test]
fn derived_names_exist_in_the_generated_clients() {
    use xtask::diff::names;
    let root = root();
    let providers = xtask::shared::config::load(&root).expect("providers");
    let mut checked = 0;
    for provider in &providers.providers {
        let generated = std::fs::read_to_string(root.join(&provider.dir).join("src/generated.rs"))
            .expect("generated client");
        let prepared = xtask::regen::prepare_provider(&root, provider).expect("prepares");
        let doc = &prepared.value;
        let mut expected = Vec::new();
        if let Some(schemas) = doc["components"]["schemas"].as_object() {
            for (name, schema) in schemas {
                let ty = names::type_name(name);
                expected.push(format!(" {ty} "));
                for (prop, p) in schema["properties"].as_object().into_iter().flatten() {
                    if p.get("$ref").is_none() && p["type"] == "string" && p.get("enum").is_some() {
                        let inner = names::property_type(&ty, prop);
                        let start = format!("pub enum {inner} {{");
                        let body = generated
                            .find(&start)
                            .map(|i| &generated[i..])
                            .and_then(|rest| rest.find("\n    }").map(|end| &rest[..end]))
                            .unwrap_or_else(|| panic!("{}: no `{start}`", provider.name));
                        for value in p["enum"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_str)
                        {
                            let variant = names::variant_name(value);
                            assert!(
                                body.contains(&format!(" {variant},"))
                                    || body.contains(&format!(" {variant}(")),
                                "{}: no variant {variant} in {inner}",
                                provider.name
                            );
                        }
                    }
                    if schema
                        .get("required")
                        .is_some_and(|r| r.as_array().is_some_and(|r| r.contains(&json!(prop))))
                    {
                        expected.push(format!("pub {}:", names::field_name(prop)));
                    }
                }
            }
        }
        for (_, item) in doc["paths"].as_object().into_iter().flatten() {
            for (_, op) in item.as_object().into_iter().flatten() {
                if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                    expected.push(format!("pub fn {}(", names::method_name(id)));
                    expected.push(format!("pub struct {}<", names::builder_name(id)));
                }
            }
        }
        for needle in &expected {
            assert!(
                generated.contains(needle.as_str()),
                "{}: `{needle}` is not in {}/src/generated.rs",
                provider.name,
                provider.dir
            );
        }
        checked += expected.len();
    }
    assert!(checked > 100, "only {checked} names checked");
}

// ---------------------------------------------------------------- scale

/// A document of `n` operations, each with its own request and response schemas
/// (about 4 MB of pretty-printed JSON for n = 750), with a change every `every` operations
/// when `changed`.
pub fn big_document(n: usize, changed: bool, every: usize) -> Value {
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    schemas.insert(
        "Status".into(),
        json!({"type": "string", "enum": ["PENDING", "READY", "FAILED", "DELETING"]}),
    );
    for i in 0..n {
        let touched = changed && i % every.max(1) == 0;
        let mut props = serde_json::Map::new();
        for f in 0..12 {
            props.insert(
                format!("field_{f}"),
                json!({"type": "string", "maxLength": 64, "description": format!("Field {f} of resource {i}, described at some length so that the document weighs what real ones do.")}),
            );
        }
        props.insert(
            "size".into(),
            json!({"type": "integer", "format": "int32", "minimum": 1}),
        );
        props.insert(
            "region".into(),
            json!({"type": "string", "enum": ["us-east-1", "us-west-2", "eu-central-1"]}),
        );
        if touched {
            props.insert("cuda_version".into(), json!({"type": "string"}));
        }
        let mut required = vec![json!("field_0"), json!("size")];
        if touched {
            required.push(json!("cuda_version"));
        }
        schemas.insert(
            format!("Resource{i}CreateRequest"),
            json!({"type": "object", "required": required, "properties": props}),
        );
        schemas.insert(
            format!("Resource{i}Info"),
            json!({"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"},
                "status": reference("Status"),
                "spec": reference(&format!("Resource{i}CreateRequest")),
                "nodes": {"type": "array", "items": {"type": "object", "properties": {
                    "name": {"type": "string"}, "gpus": {"type": "integer"}}}}
            }}),
        );
        let path = format!("/api/v1/resource{i}");
        let mut item = json!({
            "post": {
                "operationId": format!("Resource{i}_Create"),
                "requestBody": {"required": true, "content": {"application/json": {"schema": reference(&format!("Resource{i}CreateRequest"))}}},
                "responses": {"200": response(reference(&format!("Resource{i}Info")))}
            },
            "get": {
                "operationId": format!("Resource{i}_List"),
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}],
                "responses": {"200": response(json!({"type": "array", "items": reference(&format!("Resource{i}Info"))}))}
            }
        });
        if !(changed && i % every.max(1) == 1) {
            item["delete"] = json!({
                "operationId": format!("Resource{i}_Delete"),
                "responses": {"200": {"description": "deleted"}}
            });
        }
        paths.insert(path, item);
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "big", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas}
    })
}

#[test]
fn a_generated_document_diffs_with_the_expected_counts() {
    let old = big_document(50, false, 10);
    let new = big_document(50, true, 10);
    let r = diff_values(&old, &new);
    assert_eq!(r.count(Level::Err), 10, "{:#?}", rules(&r));
    assert_eq!(
        r.changes
            .iter()
            .filter(|c| c.rule == "new-required-request-property")
            .count(),
        5
    );
    assert_eq!(
        r.changes
            .iter()
            .filter(|c| c.rule == "api-removed-without-deprecation")
            .count(),
        5
    );
}

/// Writes a ~4 MB pair for timing the release binary:
/// `DIFF_BENCH_DIR=/tmp/bench cargo test -p xtask --test diff -- --ignored write_big_pair`,
/// then `time target/release/xtask diff /tmp/bench/old.json /tmp/bench/new.json`.
#[test]
#[ignore]
fn write_big_pair() {
    let dir =
        PathBuf::from(std::env::var("DIFF_BENCH_DIR").unwrap_or_else(|_| "/tmp/diff-bench".into()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let n: usize = std::env::var("DIFF_BENCH_OPERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(750);
    let old = serde_json::to_vec_pretty(&big_document(n, false, 50)).expect("json");
    let new = serde_json::to_vec_pretty(&big_document(n, true, 50)).expect("json");
    std::fs::write(dir.join("old.json"), &old).expect("write");
    std::fs::write(dir.join("new.json"), &new).expect("write");
    eprintln!(
        "wrote {} and {} bytes to {}",
        old.len(),
        new.len(),
        dir.display()
    );
    let start = std::time::Instant::now();
    let parsed = xtask::regen::read::parse("old.json", &old).expect("parses");
    let parse = start.elapsed();
    drop(parsed);
    let start = std::time::Instant::now();
    let a = xtask::regen::prepare("old.json", &old, None).expect("prepares");
    let b = xtask::regen::prepare("new.json", &new, None).expect("prepares");
    let prepared = start.elapsed();
    let changes = diff::compare(&a.value, &b.value);
    eprintln!(
        "parse one: {parse:?}; prepare both: {prepared:?}; compare: {:?}; {} changes",
        start.elapsed() - prepared,
        changes.len()
    );
}

// ---------------------------------------------------------------- the README

/// The README's worked example, "Reviewing a spec change", is what the binary
/// prints: the Together document against a version with a required request
/// field added, a request enum value removed and an endpoint removed.
#[test]
fn the_readme_worked_example_is_what_the_binary_prints() {
    let root = root();
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    let start = readme
        .find("--format markdown`\nprints:\n\n")
        .expect("the README has the worked example");
    let expected: String = readme[start..]
        .lines()
        .skip(3)
        .take_while(|line| line.starts_with('>'))
        .map(|line| format!("{}\n", line.trim_start_matches('>').trim_start()))
        .collect();
    assert!(expected.contains("**3 changes**"), "{expected}");

    // The two files sit where the README's command names them.
    let dir = tempfile::tempdir().expect("tempdir");
    let document = "specs/together-tcloud/openapi.yaml";
    std::fs::create_dir_all(dir.path().join("specs/together-tcloud")).expect("mkdir");
    std::fs::copy(root.join(document), dir.path().join(document)).expect("copy");
    let text = std::fs::read(root.join(document)).expect("read");
    let mut new = xtask::regen::read::parse(document, &text).expect("parses");
    let request = at(&mut new, "/components/schemas/GPUClusterCreateRequest");
    request["properties"]["cuda_version"] =
        json!({"type": "string", "description": "CUDA version, e.g. 12.5"});
    request["required"]
        .as_array_mut()
        .expect("required")
        .push(json!("cuda_version"));
    let values = request["properties"]["gpu_type"]["enum"]
        .as_array_mut()
        .expect("enum");
    values.retain(|v| v != "RTX_6000_PCI");
    remove(
        &mut new,
        "/paths/~1api~1v1~1shared_volume~1{volume_id}/delete",
    );
    // JSON is YAML: the file keeps the README's name.
    std::fs::write(dir.path().join("together-new.yaml"), bytes(&new)).expect("write");

    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(dir.path())
        .args([
            "diff",
            document,
            "together-new.yaml",
            "--format",
            "markdown",
        ])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(printed.trim_end(), expected.trim_end());

    // The README's `--semver` line: the bump this change asks for.
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(dir.path())
        .args(["diff", document, "together-new.yaml", "--semver"])
        .output()
        .expect("runs");
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        printed.trim_end(),
        "major: 3 change(s) may break code that compiles today"
    );
    assert!(readme.contains(&format!("prints `{}`", printed.trim_end())));
}

#[test]
fn a_split_document_is_compared_whole_at_revisions_and_as_files() {
    // The root refers to a path file, which refers to a schema file.
    let dir = repo();
    let root = dir.path();
    let split = |required: bool| {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "split", "version": "1"},
            "paths": {"/things": {"$ref": "paths/things.yaml#/~1things"}},
            // The repository's overlay edits this schema.
            "components": {"schemas": {"ThingInfo": {
                "type": "object",
                "properties": {"owner": {"type": "string"}}
            }}}
        });
        let paths = "/things:\n  post:\n    operationId: createThing\n    requestBody:\n      content:\n        application/json:\n          schema:\n            $ref: '../schemas/things.yaml#/ThingRequest'\n    responses:\n      '200':\n        description: OK\n";
        let schemas = format!(
            "ThingRequest:\n  type: object\n{}  properties:\n    name:\n      type: string\n",
            if required { "  required: [name]\n" } else { "" }
        );
        std::fs::create_dir_all(root.join("specs/demo/paths")).expect("mkdir");
        std::fs::create_dir_all(root.join("specs/demo/schemas")).expect("mkdir");
        std::fs::write(root.join("specs/demo/openapi.json"), bytes(&doc)).expect("write");
        std::fs::write(root.join("specs/demo/paths/things.yaml"), paths).expect("write");
        std::fs::write(root.join("specs/demo/schemas/things.yaml"), schemas).expect("write");
    };
    split(false);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "split"]);
    // Only the schema file changes: a property becomes required.
    split(true);
    let r = diff::diff(root, &args(&["demo"], None, None)).expect("diffs");
    assert_eq!(rules(&r), vec!["request-property-became-required"]);
    git(root, &["commit", "-q", "-am", "required"]);
    let r = diff::diff(root, &args(&["demo"], Some("HEAD~1"), Some("HEAD"))).expect("diffs");
    assert_eq!(rules(&r), vec!["request-property-became-required"]);

    // Two plain files, each with its own folder of parts.
    let copy = tempfile::tempdir().expect("tempdir");
    for sub in ["paths", "schemas"] {
        std::fs::create_dir_all(copy.path().join(sub)).expect("mkdir");
    }
    split(false);
    for file in ["openapi.json", "paths/things.yaml", "schemas/things.yaml"] {
        std::fs::copy(root.join("specs/demo").join(file), copy.path().join(file)).expect("copy");
    }
    split(true);
    let old = copy.path().join("openapi.json");
    let new = root.join("specs/demo/openapi.json");
    let r = diff::diff(
        root,
        &args(
            &[&old.to_string_lossy(), &new.to_string_lossy()],
            None,
            None,
        ),
    )
    .expect("diffs");
    assert_eq!(rules(&r), vec!["request-property-became-required"]);
}

/// The README's migration excerpt ("A vendor that moved its API: Together"):
/// every line it quotes is a line the binary prints, and the selection of the
/// provider `together` applies by itself.
#[test]
fn the_readme_migration_excerpt_is_what_the_binary_prints() {
    let root = root();
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    let start = readme
        .find("### A vendor that moved its API: Together")
        .expect("the README has the migration section");
    let block = &readme[start..];
    let open = block.find("```text\n").expect("an excerpt") + "```text\n".len();
    let close = block[open..].find("```").expect("closed") + open;
    let quoted: Vec<&str> = block[open..close].lines().collect();
    assert!(quoted.len() > 10, "{quoted:?}");

    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(&root)
        .args([
            "diff",
            "specs/together-tcloud/openapi.yaml",
            "specs/together/openapi.yaml",
        ])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines[0], quoted[0]);
    assert_eq!(lines[1], quoted[1]);
    for line in &quoted[2..] {
        assert!(lines.contains(line), "not printed: {line}\n{printed}");
    }
    // Every operation of the seed moved; none is reported removed.
    assert_eq!(printed.matches("  api-operation-moved  ").count(), 11);
    assert!(
        !printed.contains("removed-without-deprecation"),
        "{printed}"
    );
}

#[test]
fn release_notes_write_the_changelog_entry_the_diff_asks_for() {
    let dir = repo();
    let root = dir.path();
    std::fs::create_dir_all(root.join("crates/demo")).expect("mkdir");
    std::fs::write(
        root.join("crates/demo/Cargo.toml"),
        "[package]\nname = \"cloud-clusters-demo\"\nversion = \"1.2.3\"\n",
    )
    .expect("write");
    // An added endpoint: a minor release.
    let mut new = base();
    at(&mut new, "/paths")["/gadgets"] = json!({"get": {"operationId": "Gadgets_List",
        "responses": {"200": {"description": "OK"}}}});
    std::fs::write(root.join("specs/demo/openapi.json"), bytes(&new)).expect("write");
    let notes = xtask::release_notes::release_notes(
        root,
        &xtask::release_notes::Args {
            provider: "demo".into(),
            base: "HEAD".into(),
            stdout: false,
        },
    )
    .expect("writes the entry");
    assert!(
        notes.starts_with("added to crates/demo/CHANGELOG.md"),
        "{notes}"
    );
    let changelog = std::fs::read_to_string(root.join("crates/demo/CHANGELOG.md")).expect("read");
    assert!(
        changelog.starts_with("# Changelog of cloud-clusters-demo\n\n## 1.3.0 (unreleased)\n"),
        "{changelog}"
    );
    assert!(
        changelog.contains("### Added\n\n- `GET /gadgets`: added `GET /gadgets`"),
        "{changelog}"
    );
    assert!(!changelog.contains("### Breaking"), "{changelog}");

    // A second entry goes above the first.
    remove(&mut new, "/paths/~1things~1{thing_id}/delete");
    std::fs::write(root.join("specs/demo/openapi.json"), bytes(&new)).expect("write");
    xtask::release_notes::release_notes(
        root,
        &xtask::release_notes::Args {
            provider: "demo".into(),
            base: "HEAD".into(),
            stdout: false,
        },
    )
    .expect("writes the entry");
    let changelog = std::fs::read_to_string(root.join("crates/demo/CHANGELOG.md")).expect("read");
    let major = changelog
        .find("## 2.0.0 (unreleased)")
        .expect("major entry");
    let minor = changelog
        .find("## 1.3.0 (unreleased)")
        .expect("minor entry");
    assert!(major < minor, "{changelog}");
}
