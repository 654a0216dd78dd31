//! Reading one markdown reference page: the endpoint it documents, its request-body
//! and response tables, and its error-code table.
//!
//! Tables are told apart by what they hold, not by their headings (Zilliz writes those
//! in English or Chinese): a table inside a list item lists parameters (path, query,
//! headers) and is skipped; a table whose first column is `Code` or holds only numbers
//! lists error codes; a table with a `code` row describes the `{code, data, message}`
//! envelope, so the response; a table before the first response table describes the
//! request body.

use std::fmt;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::cell::{self, Cell, Facts, Mark};

/// What one page documents.
#[derive(Clone, Debug)]
pub struct Page {
    /// The `slug` of the page's front matter (its URL), if it has one.
    pub slug: Option<String>,
    /// The endpoint of the page's `<RestHeader method="..." endpoint="..." />`.
    pub endpoint: Endpoint,
    /// The request-body fields, if the page has a request-body table.
    pub request: Option<Table>,
    /// The response fields, if the page has a response table.
    pub response: Option<Table>,
    /// The error codes, if the page has an error-code table.
    pub errors: Option<ErrorTable>,
    /// Lines of tables that are none of the above (left out of the comparison).
    pub unrecognized: Vec<usize>,
    /// What was read but left out, by line (a row listed twice).
    pub notes: Vec<(usize, String)>,
}

/// The endpoint a page documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// The HTTP method, lower-case.
    pub method: String,
    /// The full URL as written (`https://controller.api.{cloud-region}.zillizcloud.com/v1/...`).
    pub url: String,
    /// The 1-based line of the `<RestHeader>`.
    pub line: usize,
}

/// A table of fields (request body or response), several tables of a kind merged.
#[derive(Clone, Debug)]
pub struct Table {
    /// The 1-based line of the (first) table.
    pub line: usize,
    /// The rows, in page order; a name appears once.
    pub fields: Vec<Field>,
    /// Whether any row says `(required)` or `(optional)`: if none does, the page
    /// states no required flags and they are not compared.
    pub marks_required: bool,
}

/// One row of a field table.
#[derive(Clone, Debug)]
pub struct Field {
    /// The dotted path (`data.clusterId`; `[]` removed).
    pub path: String,
    /// The 1-based line of the row.
    pub line: usize,
    /// Whether the field is required: `None` when its table marks no row either way.
    pub required: Option<bool>,
    /// What the description cell says.
    pub facts: Facts,
}

/// The error-code table.
#[derive(Clone, Debug)]
pub struct ErrorTable {
    /// The 1-based line of the table.
    pub line: usize,
    /// The codes, in page order.
    pub codes: Vec<ErrorCode>,
}

/// One documented error code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorCode {
    /// The code.
    pub code: i64,
    /// Its message, whitespace collapsed.
    pub message: String,
    /// The 1-based line of the row.
    pub line: usize,
}

/// Why a page cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageError {
    /// The 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// A table as read, before it is classified.
#[derive(Debug, Default)]
struct RawTable {
    line: usize,
    nested: bool,
    header: Vec<Cell>,
    rows: Vec<(usize, Vec<Cell>)>,
}

/// 1-based line numbers of byte offsets.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }

    fn line(&self, offset: usize) -> usize {
        match self.0.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// Collects one cell's flattened text.
#[derive(Default)]
struct CellBuilder {
    cell: Cell,
    strong_depth: usize,
    /// The leading bold span being read.
    lead: Option<String>,
    lead_done: bool,
}

impl CellBuilder {
    fn text(&mut self, s: &str) {
        if self.strong_depth > 0
            && !self.lead_done
            && let Some(lead) = &mut self.lead
        {
            lead.push_str(s);
        }
        if self.strong_depth == 0 && !s.trim().is_empty() {
            self.lead_done = true;
        }
        self.cell.text.push_str(s);
    }

    fn html(&mut self, tag: &str) {
        let name: String = tag
            .trim_start_matches('<')
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with("</");
        match (name.as_str(), closing) {
            ("br", _) => self.cell.text.push('\n'),
            ("li", false) => self.cell.text.push_str("\n- "),
            ("li" | "ul" | "ol" | "p" | "div", _) => self.cell.text.push('\n'),
            _ => {}
        }
        self.lead_done = true;
    }

    fn start_strong(&mut self) {
        if self.strong_depth == 0 && !self.lead_done && self.cell.text.trim().is_empty() {
            self.lead = Some(String::new());
        }
        self.strong_depth += 1;
    }

    fn end_strong(&mut self) {
        self.strong_depth = self.strong_depth.saturating_sub(1);
        if self.strong_depth == 0 && self.lead.is_some() && !self.lead_done {
            self.lead_done = true;
            self.cell.lead_strong = self.lead.take();
        }
    }

    fn finish(self) -> Cell {
        self.cell
    }
}

/// Reads a page.
pub fn parse(text: &str) -> Result<Page, PageError> {
    let lines = Lines::new(text);
    let options = Options::ENABLE_TABLES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut slug = None;
    let mut endpoints: Vec<Endpoint> = Vec::new();
    let mut tables: Vec<RawTable> = Vec::new();

    let mut in_metadata = false;
    let mut item_depth = 0usize;
    let mut table: Option<RawTable> = None;
    let mut row: Option<(usize, Vec<Cell>)> = None;
    let mut in_head = false;
    let mut cell: Option<CellBuilder> = None;
    // An HTML block arrives one event per line: gather it, then look for the header.
    let mut html_block: Option<(usize, String)> = None;

    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        if !matches!(event, Event::Html(_))
            && let Some((line, block)) = html_block.take()
        {
            endpoints.extend(rest_header(&block, line));
        }
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Text(t) if in_metadata => {
                slug = slug.or_else(|| front_matter(&t, "slug"));
            }
            Event::Start(Tag::Item) => item_depth += 1,
            Event::End(TagEnd::Item) => item_depth = item_depth.saturating_sub(1),
            Event::Start(Tag::Table(_)) => {
                table = Some(RawTable {
                    line: lines.line(range.start),
                    nested: item_depth > 0,
                    ..RawTable::default()
                });
            }
            Event::End(TagEnd::Table) => tables.extend(table.take()),
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => row = Some((lines.line(range.start), Vec::new())),
            Event::End(TagEnd::TableRow) => {
                if let (Some(t), Some(r)) = (&mut table, row.take()) {
                    t.rows.push(r);
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(CellBuilder::default()),
            Event::End(TagEnd::TableCell) => {
                if let Some(done) = cell.take().map(CellBuilder::finish) {
                    match (&mut row, &mut table) {
                        (Some((_, cells)), _) => cells.push(done),
                        (None, Some(t)) if in_head => t.header.push(done),
                        _ => {}
                    }
                }
            }
            Event::Start(Tag::Strong) => {
                if let Some(c) = &mut cell {
                    c.start_strong();
                }
            }
            Event::End(TagEnd::Strong) => {
                if let Some(c) = &mut cell {
                    c.end_strong();
                }
            }
            Event::Text(t) => {
                if let Some(c) = &mut cell {
                    c.text(&t);
                }
            }
            Event::Code(t) => {
                if let Some(c) = &mut cell {
                    c.text(&format!("`{t}`"));
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = &mut cell {
                    c.text(" ");
                }
            }
            Event::InlineHtml(h) => match &mut cell {
                Some(c) => c.html(&h),
                None => endpoints.extend(rest_header(&h, lines.line(range.start))),
            },
            Event::Html(h) => match &mut html_block {
                Some((_, block)) => block.push_str(&h),
                None => html_block = Some((lines.line(range.start), h.to_string())),
            },
            _ => {}
        }
    }
    if let Some((line, block)) = html_block.take() {
        endpoints.extend(rest_header(&block, line));
    }

    let endpoint = match endpoints.len() {
        0 => {
            return Err(PageError {
                line: None,
                message: "no endpoint: the page has no <RestHeader method=\"...\" \
                          endpoint=\"...\" /> naming the call it documents"
                    .to_string(),
            });
        }
        1 => endpoints.remove(0),
        _ => {
            return Err(PageError {
                line: endpoints.get(1).map(|e| e.line),
                message: format!(
                    "several endpoints: {}; a page must document one call",
                    endpoints
                        .iter()
                        .map(|e| format!("{} {} (line {})", e.method.to_uppercase(), e.url, e.line))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
    };
    classify(tables, slug, endpoint)
}

/// Sorts the tables into request, response and errors, and reads their rows.
fn classify(
    tables: Vec<RawTable>,
    slug: Option<String>,
    endpoint: Endpoint,
) -> Result<Page, PageError> {
    let mut page = Page {
        slug,
        endpoint,
        request: None,
        response: None,
        errors: None,
        unrecognized: Vec::new(),
        notes: Vec::new(),
    };
    for t in tables {
        if t.nested || t.header.len() < 2 {
            continue;
        }
        let names: Vec<String> = t.rows.iter().map(|(_, cells)| first_cell(cells)).collect();
        let header = first_header(&t);
        let numeric = !names.is_empty() && names.iter().all(|n| n.parse::<i64>().is_ok());
        if header == "code" || header == "error code" || numeric {
            let codes = error_rows(&t)?;
            match &mut page.errors {
                Some(e) => e.codes.extend(codes),
                None => {
                    page.errors = Some(ErrorTable {
                        line: t.line,
                        codes,
                    })
                }
            }
        } else if names.iter().any(|n| n == "code") {
            merge(&mut page.response, field_rows(&t, &mut page.notes)?);
        } else if page.response.is_none() {
            merge(&mut page.request, field_rows(&t, &mut page.notes)?);
        } else {
            page.unrecognized.push(t.line);
        }
    }
    Ok(page)
}

fn merge(into: &mut Option<Table>, more: Table) {
    match into {
        None => *into = Some(more),
        Some(table) => {
            table.marks_required |= more.marks_required;
            for f in more.fields {
                if !table.fields.iter().any(|g| g.path == f.path) {
                    table.fields.push(f);
                }
            }
        }
    }
}

fn first_header(t: &RawTable) -> String {
    t.header
        .first()
        .map(|c| c.text.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// A name cell's text: markup and `[]` removed.
fn first_cell(cells: &[Cell]) -> String {
    cells
        .first()
        .map(|c| {
            c.text
                .replace(['`', '*'], "")
                .replace("[]", "")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join("")
        })
        .unwrap_or_default()
}

fn field_rows(t: &RawTable, notes: &mut Vec<(usize, String)>) -> Result<Table, PageError> {
    let mut fields: Vec<Field> = Vec::new();
    for (line, cells) in &t.rows {
        let path = first_cell(cells);
        if path.is_empty() {
            return Err(PageError {
                line: Some(*line),
                message: "a table row has no field name".to_string(),
            });
        }
        let description = cells.get(1).cloned().unwrap_or_default();
        let facts = cell::parse(&description).map_err(|message| PageError {
            line: Some(*line),
            message: format!("field `{path}`: {message}"),
        })?;
        if let Some(first) = fields.iter().find(|f| f.path == path) {
            notes.push((
                *line,
                format!(
                    "field `{path}` is listed again (first at line {}): this row is not compared",
                    first.line
                ),
            ));
            continue;
        }
        fields.push(Field {
            path,
            line: *line,
            required: None,
            facts,
        });
    }
    let marks_required = fields.iter().any(|f| f.facts.mark.is_some());
    if marks_required {
        for f in &mut fields {
            f.required = Some(f.facts.mark == Some(Mark::Required));
        }
    }
    Ok(Table {
        line: t.line,
        fields,
        marks_required,
    })
}

fn error_rows(t: &RawTable) -> Result<Vec<ErrorCode>, PageError> {
    t.rows
        .iter()
        .map(|(line, cells)| {
            let code_text = first_cell(cells);
            let code = code_text.parse::<i64>().map_err(|_| PageError {
                line: Some(*line),
                message: format!("error code {code_text:?} is not a number"),
            })?;
            let message = cells
                .get(1)
                .map(|c| collapse(&c.text.replace('`', "")))
                .unwrap_or_default();
            Ok(ErrorCode {
                code,
                message,
                line: *line,
            })
        })
        .collect()
}

/// Collapses runs of whitespace to one space and trims.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The value of `key:` in YAML front matter (one line, quotes removed).
fn front_matter(block: &str, key: &str) -> Option<String> {
    block.lines().find_map(|line| {
        let value = line.strip_prefix(key)?.trim_start().strip_prefix(':')?;
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// Every `<RestHeader method="..." endpoint="..." />` in `html`.
fn rest_header(html: &str, line: usize) -> Vec<Endpoint> {
    let mut out = Vec::new();
    let mut rest = html;
    let mut line = line;
    while let Some(at) = rest.find("<RestHeader") {
        line += rest[..at].matches('\n').count();
        let tag_and_more = &rest[at..];
        let end = tag_and_more.find('>').map_or(tag_and_more.len(), |i| i + 1);
        let tag = &tag_and_more[..end];
        let method = attribute(tag, "method").unwrap_or_default();
        let url = attribute(tag, "endpoint").unwrap_or_default();
        out.push(Endpoint {
            method: method.trim().to_ascii_lowercase(),
            url: url.trim().to_string(),
            line,
        });
        line += tag.matches('\n').count();
        rest = &tag_and_more[end..];
    }
    out
}

/// The value of `name="..."` (or `'...'`) in a tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut search = tag;
    loop {
        let at = search.find(name)?;
        let preceded_by_space = search[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace);
        let after = search[at + name.len()..].trim_start();
        if preceded_by_space && let Some(value) = after.strip_prefix('=') {
            let value = value.trim_start();
            let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
            let body = &value[1..];
            return body.find(quote).map(|end| body[..end].to_string());
        }
        search = &search[at + name.len()..];
    }
}

/// Checks the endpoint has both a method and a URL.
pub fn check_endpoint(e: &Endpoint) -> Result<(), PageError> {
    let known = [
        "get", "post", "put", "patch", "delete", "head", "options", "trace",
    ];
    if !known.contains(&e.method.as_str()) {
        return Err(PageError {
            line: Some(e.line),
            message: format!(
                "the <RestHeader> has no usable method (found {:?})",
                e.method
            ),
        });
    }
    if !e.url.contains('/') {
        return Err(PageError {
            line: Some(e.line),
            message: format!(
                "the <RestHeader> has no usable endpoint (found {:?})",
                e.url
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"---
slug: /create-thing
title: Create Thing
---

import RestHeader from '@site/src/components/RestHeader';

<RestHeader method="post" endpoint="https://api.example.com/v1/things/create" />

---

## Request

### Parameters

- No query parameters required

- Header parameters

    | Parameter        | Description |
    |------------------|-------------|
    | __Authorization__  | **string**(required)<br/>The token.|

### Request Body

| Parameter        | Description                                                                               |
|------------------|-------------------------------------------------------------------------------------------|
| `name`  | **string**(required)<br/>The name. It is a string of no more than 32 characters.|
| `size`  | **integer**<br/>The size, an integer from 1 to 8.|

## Response

| Property | Description |
|----------|-------------|
| `code`   | **integer**<br/>Whether it worked.<br/><ul><li>`200`: Yes.</li><li>Others: No.</li></ul> |
| `data`    | **object**<br/>A data object. |
| `data.id`   | **string**<br/>The ID. |
| `message`  | **string**<br/>Why it failed. |

## Possible Errors

| Code | Error Message |
| ---- | ------------- |
| 80014 | Invalid name. |
| 80021 | Not   supported. |
"#;

    #[test]
    fn reads_endpoint_slug_and_tables() {
        let page = parse(PAGE).expect("parses");
        assert_eq!(page.slug.as_deref(), Some("/create-thing"));
        assert_eq!(page.endpoint.method, "post");
        assert_eq!(
            page.endpoint.url,
            "https://api.example.com/v1/things/create"
        );
        assert_eq!(page.endpoint.line, 8);

        let request = page.request.expect("request table");
        assert!(request.marks_required);
        let names: Vec<_> = request.fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            names,
            ["name", "size"],
            "the nested header table is skipped"
        );
        assert_eq!(request.fields[0].required, Some(true));
        assert_eq!(request.fields[1].required, Some(false));
        assert_eq!(request.fields[0].facts.limits.max_length, Some(32));
        assert_eq!(request.fields[1].facts.limits.maximum, Some(8.0));
        assert_eq!(request.fields[0].line, 28);

        let response = page.response.expect("response table");
        assert!(!response.marks_required);
        let names: Vec<_> = response.fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(names, ["code", "data", "data.id", "message"]);
        assert_eq!(response.fields[0].required, None);
        assert_eq!(response.fields[0].facts.listed, ["200", "Others"]);

        let errors = page.errors.expect("error table");
        assert_eq!(errors.codes.len(), 2);
        assert_eq!(errors.codes[1].code, 80021);
        assert_eq!(errors.codes[1].message, "Not supported.");
        assert!(page.unrecognized.is_empty());
    }

    #[test]
    fn no_prefix_of_a_page_panics() {
        let text = format!("{PAGE}\n| `名前` | __字符串__ <br/>è¯·æ±‚ `x` <li>ğŸ“˜</li>|\n");
        for (i, _) in text.char_indices() {
            let _ = parse(&text[..i]);
        }
    }

    #[test]
    fn plain_types_and_repeated_rows() {
        // As on the v1 Describe Cluster page: `code` twice, types not in bold.
        let text = "<RestHeader method=\"get\" endpoint=\"https://c.${CLOUD_REGION}.z.com/v1/clusters/{CLUSTER_ID}\" />\n\n\
                    | Property | Description |\n|---|---|\n\
                    | `code`   | **integer**<br/>Whether it worked. |\n\
                    | __code__ | integer  <br/>  |\n\
                    | __data.storageSize__ | integer (sint64) <br/>The storage size.  |\n\
                    | __data.status__ | string  <br/>Possible values are **CREATING**, **RUNNING**, and **RESUMING**.  |\n";
        let page = parse(text).expect("parses");
        let response = page.response.expect("response");
        let names: Vec<_> = response.fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(names, ["code", "data.storageSize", "data.status"]);
        assert_eq!(
            response.fields[1].facts.ty.kind,
            cell::Kind::Integer(Some("int64"))
        );
        assert_eq!(
            response.fields[2].facts.values.as_deref(),
            Some(
                &[
                    "CREATING".to_string(),
                    "RUNNING".to_string(),
                    "RESUMING".to_string()
                ][..]
            )
        );
        assert_eq!(page.notes.len(), 1);
        assert_eq!(page.notes[0].0, 6);
        assert!(page.notes[0].1.contains("listed again (first at line 5)"));
    }

    #[test]
    fn a_page_without_endpoint_is_an_error() {
        let err = parse("# Title\n\nNo header here.\n").expect_err("no endpoint");
        assert!(err.message.contains("no endpoint"), "{err}");
    }

    #[test]
    fn two_endpoints_are_an_error() {
        let text = "<RestHeader method=\"get\" endpoint=\"https://a/v1/x\" />\n\n\
                    <RestHeader method=\"post\" endpoint=\"https://a/v1/y\" />\n";
        let err = parse(text).expect_err("two endpoints");
        assert!(err.message.contains("several endpoints"), "{err}");
        assert_eq!(err.line, Some(3));
    }

    #[test]
    fn endpoint_inside_a_code_block_does_not_count() {
        let text = "```\n<RestHeader method=\"get\" endpoint=\"https://a/v1/x\" />\n```\n";
        assert!(parse(text).is_err());
    }

    #[test]
    fn a_row_without_type_names_its_line() {
        let text = "<RestHeader method=\"post\" endpoint=\"https://a/v1/x\" />\n\n\
                    | Parameter | Description |\n|---|---|\n| `name` | |\n";
        let err = parse(text).expect_err("no type");
        assert_eq!(err.line, Some(5));
        assert!(err.message.contains("field `name`"), "{err}");
    }

    #[test]
    fn a_non_numeric_error_code_is_an_error() {
        let text = "<RestHeader method=\"post\" endpoint=\"https://a/v1/x\" />\n\n\
                    | Code | Error Message |\n|---|---|\n| 8001x | Oops |\n";
        let err = parse(text).expect_err("bad code");
        assert!(err.message.contains("not a number"), "{err}");
    }

    #[test]
    fn attributes_take_either_quote() {
        assert_eq!(
            attribute("<RestHeader method='get' endpoint=\"x/y\" />", "method").as_deref(),
            Some("get")
        );
        assert_eq!(attribute("<RestHeader xmethod=\"get\" />", "method"), None);
    }

    #[test]
    fn endpoint_needs_method_and_url() {
        let bad = Endpoint {
            method: "fetch".to_string(),
            url: "https://a/v1".to_string(),
            line: 3,
        };
        assert!(check_endpoint(&bad).is_err());
        let no_url = Endpoint {
            method: "get".to_string(),
            url: String::new(),
            line: 3,
        };
        assert!(check_endpoint(&no_url).is_err());
    }
}
