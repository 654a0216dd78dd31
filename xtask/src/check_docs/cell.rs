//! Reading one description cell of a field table: the type, the `(required)` mark,
//! and the limits and values its prose states.
//!
//! Zilliz writes every cell the same way: the type in bold, an optional
//! `(required)`, a line break, then prose (`**string**(required)<br/>The name ...
//! It is a string of no more than 32 characters.`). [`parse`] reads that from the
//! cell's flattened text (see [`Cell`]).

use std::fmt;

/// A table cell's content, flattened: `<br/>` became a new line, `<li>` a line
/// starting with `- `, code spans keep their backticks, other markup is gone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    /// The text.
    pub text: String,
    /// The text of a bold span the cell starts with (Zilliz puts the type there).
    pub lead_strong: Option<String>,
}

/// Whether the cell marks the field required or optional.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// `(required)`.
    Required,
    /// `(optional)`.
    Optional,
}

/// A type as the docs name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `string`.
    String,
    /// `integer`, or a sized name (`int32`, `int64`, `sint64`...) giving the OpenAPI format.
    Integer(Option<&'static str>),
    /// `number`, or `float` / `double` giving the OpenAPI format.
    Number(Option<&'static str>),
    /// `boolean`.
    Boolean,
    /// `object`.
    Object,
    /// `array`, with the item type when the docs give it (`array of string`, `[]string`).
    Array(Option<Box<Kind>>),
    /// A name this reader does not know; it never agrees with the document.
    Unknown,
}

/// A type as the docs write it, and what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocType {
    /// The words of the cell (`string`, `sint64`, `array of strings`).
    pub raw: String,
    /// What they mean.
    pub kind: Kind,
}

impl fmt::Display for DocType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

/// Limits a description states in prose.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Limits {
    /// "at least N characters".
    pub min_length: Option<u64>,
    /// "no more than N characters".
    pub max_length: Option<u64>,
    /// "from A to B", "at least A" (numbers only).
    pub minimum: Option<f64>,
    /// "from A to B", "at most B" (numbers only).
    pub maximum: Option<f64>,
}

/// Everything one description cell says about a field.
#[derive(Clone, Debug, PartialEq)]
pub struct Facts {
    /// The type.
    pub ty: DocType,
    /// `(required)` / `(optional)`, if the cell says either.
    pub mark: Option<Mark>,
    /// Length and range limits stated in the prose.
    pub limits: Limits,
    /// The values after "Valid values:" (or "Possible values", ...), if the prose lists them.
    pub values: Option<Vec<String>>,
    /// The leading token of each list item (`<li>`200`: ...</li>` → `200`), in order.
    pub listed: Vec<String>,
}

/// Reads a description cell; the error says what is missing.
pub fn parse(cell: &Cell) -> Result<Facts, String> {
    // Only spaces before the type: a cell whose first line is empty states no type.
    let (first_line, rest) = match cell.text.trim_start_matches([' ', '\t']).split_once('\n') {
        Some((first, rest)) => (first.trim(), rest),
        None => (cell.text.trim(), ""),
    };
    let type_text = match cell.lead_strong.as_deref().map(str::trim) {
        Some(lead) if !lead.is_empty() => lead.to_string(),
        _ => type_from_line(first_line),
    };
    let type_text = strip_markup(&type_text);
    if type_text.is_empty() || !type_text.chars().any(|c| c.is_alphanumeric()) {
        return Err(
            "no type: the description cell should start with the type in bold, \
                    e.g. **string**(required)<br/>..."
                .to_string(),
        );
    }
    let lower_first = first_line.to_ascii_lowercase();
    let after_type = lower_first
        .find(&type_text.to_ascii_lowercase())
        .map(|i| &lower_first[i + type_text.len()..])
        .unwrap_or(&lower_first);
    let mark = if after_type.contains("required") {
        Some(Mark::Required)
    } else if after_type.contains("optional") {
        Some(Mark::Optional)
    } else {
        None
    };
    // `integer (sint64)`: a size in parentheses refines the type.
    let written = type_text.clone();
    let (type_text, kind) = refine(type_text, after_type);
    // A cell without a line break keeps its prose on the first line.
    let prose = if rest.is_empty() {
        after_type_prose(first_line, &written)
    } else {
        rest.to_string()
    };
    let listed = listed_tokens(&prose);
    let limits = limits(&prose, &kind);
    let values = values(&prose);
    Ok(Facts {
        ty: DocType {
            raw: type_text,
            kind,
        },
        mark,
        limits,
        values,
        listed,
    })
}

/// The type when the cell has no leading bold span: the first line up to `(`, if
/// that is a type name of at most three words (`array of strings`), not a sentence.
fn type_from_line(line: &str) -> String {
    let head = line.split('(').next().unwrap_or("").trim();
    if head.split_whitespace().count() > 3 {
        String::new()
    } else {
        head.to_string()
    }
}

fn after_type_prose(first_line: &str, type_text: &str) -> String {
    let rest = first_line
        .find(type_text)
        .map(|i| &first_line[i + type_text.len()..])
        .unwrap_or("");
    let rest = rest.trim_start();
    for mark in ["(required)", "(optional)", "(Required)", "(Optional)"] {
        if let Some(r) = rest.strip_prefix(mark) {
            return r.to_string();
        }
    }
    rest.to_string()
}

/// The type, refined by a sized name in parentheses after it (`integer (sint64)`).
fn refine(type_text: String, after_type: &str) -> (String, Kind) {
    let kind = classify(&type_text);
    for group in after_type.split('(').skip(1) {
        let word = group.split(')').next().unwrap_or("").trim();
        let sized = classify(word);
        let fits = matches!(
            (&kind, &sized),
            (Kind::Integer(None), Kind::Integer(Some(_)))
                | (Kind::Number(None), Kind::Number(Some(_)))
        );
        if fits {
            return (format!("{type_text} ({word})"), sized);
        }
    }
    (type_text, kind)
}

/// Removes backticks, asterisks and surrounding whitespace.
fn strip_markup(s: &str) -> String {
    s.replace(['`', '*'], "").trim().to_string()
}

/// What a type name means.
pub fn classify(raw: &str) -> Kind {
    let t = raw.trim().trim_end_matches(['.', ',']).to_ascii_lowercase();
    let t = t.as_str();
    // No type name is this long; the bound also bounds the recursion below.
    if t.len() > 64 {
        return Kind::Unknown;
    }
    if let Some(inner) = t.strip_prefix("[]") {
        return Kind::Array(Some(Box::new(classify(inner))));
    }
    if let Some(inner) = t.strip_suffix("[]") {
        return Kind::Array(Some(Box::new(classify(inner))));
    }
    for prefix in [
        "array of ",
        "list of ",
        "array<",
        "array[",
        "list<",
        "list[",
    ] {
        if let Some(inner) = t.strip_prefix(prefix) {
            let inner = inner.trim_end_matches(['>', ']']).trim();
            let item = classify(inner);
            let item = match (&item, inner.strip_suffix('s')) {
                (Kind::Unknown, Some(singular)) => classify(singular),
                _ => item,
            };
            return Kind::Array(Some(Box::new(item)));
        }
    }
    match t {
        "string" | "str" | "text" => Kind::String,
        "integer" | "int" => Kind::Integer(None),
        "int32" | "sint32" | "uint32" => Kind::Integer(Some("int32")),
        "int64" | "sint64" | "uint64" | "long" => Kind::Integer(Some("int64")),
        "number" | "decimal" => Kind::Number(None),
        "float" => Kind::Number(Some("float")),
        "double" => Kind::Number(Some("double")),
        "boolean" | "bool" => Kind::Boolean,
        "object" | "map" | "dict" | "json" => Kind::Object,
        "array" | "list" => Kind::Array(None),
        _ => Kind::Unknown,
    }
}

/// The leading token of every `- ` line: a code span's content, or the text
/// before `:` when it is at most three words.
fn listed_tokens(prose: &str) -> Vec<String> {
    prose
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("- "))
        .filter_map(list_item_token)
        .collect()
}

fn list_item_token(item: &str) -> Option<String> {
    let item = item.trim();
    if let Some(rest) = item.strip_prefix('`') {
        return rest
            .split_once('`')
            .map(|(token, _)| token.trim().to_string())
            .filter(|t| !t.is_empty());
    }
    let head = item
        .split([':', '('])
        .next()
        .unwrap_or("")
        .split(" - ")
        .next()
        .unwrap_or("");
    let head = strip_markup(head);
    (!head.is_empty() && head.split_whitespace().count() <= 3).then_some(head)
}

/// One word of prose: lower-case, surrounding punctuation removed.
fn words(prose: &str) -> Vec<String> {
    prose
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| ",.;:()[]\"'`*".contains(c))
                .to_ascii_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn number(word: &str) -> Option<f64> {
    let w = word.replace(',', "");
    if w.is_empty()
        || !w
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return None;
    }
    w.parse().ok()
}

fn ends_with(words: &[String], phrase: &str) -> bool {
    let phrase: Vec<&str> = phrase.split(' ').collect();
    words.len() >= phrase.len()
        && words[words.len() - phrase.len()..]
            .iter()
            .zip(&phrase)
            .all(|(a, b)| a == b)
}

const AT_MOST: [&str; 13] = [
    "no more than",
    "not more than",
    "at most",
    "up to",
    "maximum of",
    "max",
    "maximum",
    "exceed",
    "within",
    "less than or equal to",
    "no longer than",
    "not longer than",
    "a maximum of",
];
const AT_LEAST: [&str; 6] = [
    "at least",
    "no less than",
    "not less than",
    "minimum of",
    "no fewer than",
    "minimum",
];

/// Length limits of strings ("no more than 32 characters"), ranges of numbers
/// ("an integer from 1 to 256").
fn limits(prose: &str, kind: &Kind) -> Limits {
    let w = words(prose);
    let mut out = Limits::default();
    for i in 0..w.len() {
        let Some(n) = number(&w[i]) else { continue };
        let before = &w[..i];
        let next = w.get(i + 1).map(String::as_str);
        let is_length = matches!(next, Some("characters" | "character" | "chars" | "bytes"));
        let range_start = match before {
            [.., from, a, to]
                if (from == "from" && to == "to") || (from == "between" && to == "and") =>
            {
                number(a)
            }
            _ => None,
        };
        match kind {
            Kind::String if is_length => {
                if let Some(a) = range_start {
                    out.min_length = Some(a as u64);
                    out.max_length = Some(n as u64);
                } else if AT_MOST.iter().any(|p| ends_with(before, p))
                    || matches!(
                        (
                            w.get(i + 2).map(String::as_str),
                            w.get(i + 3).map(String::as_str)
                        ),
                        (Some("or"), Some("less" | "fewer")) | (Some("at"), Some("most"))
                    )
                {
                    out.max_length = Some(n as u64);
                } else if AT_LEAST.iter().any(|p| ends_with(before, p)) {
                    out.min_length = Some(n as u64);
                }
            }
            Kind::Integer(_) | Kind::Number(_) if !is_length => {
                if let Some(a) = range_start {
                    out.minimum = Some(a);
                    out.maximum = Some(n);
                } else if AT_MOST.iter().any(|p| ends_with(before, p)) {
                    out.maximum = Some(n);
                } else if AT_LEAST.iter().any(|p| ends_with(before, p)) {
                    out.minimum = Some(n);
                }
            }
            _ => {}
        }
    }
    out
}

const VALUE_MARKERS: [&str; 10] = [
    "valid values",
    "possible values",
    "available values",
    "allowed values",
    "accepted values",
    "valid options",
    "available options",
    "possible options",
    "enumerated values",
    "enum values",
];

/// The values listed after "Valid values:" (or a like phrase): on the same line,
/// separated by commas, `and`, `or`; or, when the line ends there, the list that follows.
fn values(prose: &str) -> Option<Vec<String>> {
    let lower = prose.to_ascii_lowercase();
    let (at, marker) = VALUE_MARKERS
        .iter()
        .filter_map(|m| lower.find(m).map(|i| (i, *m)))
        .min_by_key(|(i, _)| *i)?;
    let mut rest = &prose[at + marker.len()..];
    for filler in [" are", " include", " is"] {
        if rest.to_ascii_lowercase().starts_with(filler) {
            rest = &rest[filler.len()..];
        }
    }
    let rest = rest.trim_start().trim_start_matches(':');
    let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
    let line = sentence(line);
    if line.trim().is_empty() {
        let listed = listed_tokens(after);
        return (!listed.is_empty()).then_some(listed);
    }
    let mut out = Vec::new();
    for part in line.split([',', '|']) {
        for item in split_words(part, &[" and ", " or "]) {
            let item = strip_markup(item.trim())
                .trim_matches(|c| c == '"' || c == '\'')
                .to_string();
            let item = item.split(" (").next().unwrap_or("").trim().to_string();
            let item = item
                .strip_prefix("and ")
                .or_else(|| item.strip_prefix("or "))
                .unwrap_or(&item)
                .to_string();
            if item.is_empty() {
                continue;
            }
            if item.split_whitespace().count() > 3 {
                return None;
            }
            out.push(item);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The text up to the end of its first sentence (". " or a final ".").
fn sentence(line: &str) -> &str {
    let line = line.split(". ").next().unwrap_or(line);
    line.trim_end().trim_end_matches('.')
}

fn split_words<'a>(s: &'a str, separators: &[&str]) -> Vec<&'a str> {
    let mut parts = vec![s];
    for sep in separators {
        parts = parts.iter().flat_map(|p| p.split(sep)).collect();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, lead: Option<&str>) -> Cell {
        Cell {
            text: text.to_string(),
            lead_strong: lead.map(str::to_string),
        }
    }

    #[test]
    fn reads_type_mark_and_length() {
        let facts = parse(&cell(
            "string(required)\nThe name of the cluster to be created. It is a string of no more than 32 characters.",
            Some("string"),
        ))
        .expect("parses");
        assert_eq!(facts.ty.raw, "string");
        assert_eq!(facts.ty.kind, Kind::String);
        assert_eq!(facts.mark, Some(Mark::Required));
        assert_eq!(facts.limits.max_length, Some(32));
        assert_eq!(facts.values, None);
    }

    #[test]
    fn unmarked_cells_and_v2_spacing() {
        let facts = parse(&cell(
            "string  \nName of the cluster to create.  ",
            Some("string"),
        ))
        .expect("parses");
        assert_eq!(facts.mark, None);
        assert_eq!(facts.limits, Limits::default());
    }

    #[test]
    fn a_cell_without_a_type_is_an_error() {
        assert!(parse(&cell("", None)).is_err());
        assert!(parse(&cell("\nsome prose", None)).is_err());
        assert!(parse(&cell("The ID of the project.", None)).is_err());
    }

    #[test]
    fn type_without_bold_comes_from_the_first_line() {
        let facts = parse(&cell("integer (optional)\nThe page.", None)).expect("parses");
        assert_eq!(facts.ty.raw, "integer");
        assert_eq!(facts.mark, Some(Mark::Optional));
    }

    #[test]
    fn a_size_in_parentheses_refines_the_type() {
        let f = parse(&cell("integer (sint64) \nThe storage size.", None)).expect("parses");
        assert_eq!(f.ty.raw, "integer (sint64)");
        assert_eq!(f.ty.kind, Kind::Integer(Some("int64")));
        assert_eq!(f.mark, None);
        let r = parse(&cell("integer(required)\nx", Some("integer"))).expect("parses");
        assert_eq!(r.ty.kind, Kind::Integer(None));
        assert_eq!(r.mark, Some(Mark::Required));
    }

    #[test]
    fn classifies_type_names() {
        assert_eq!(classify("sint64"), Kind::Integer(Some("int64")));
        assert_eq!(classify("Integer"), Kind::Integer(None));
        assert_eq!(classify("double"), Kind::Number(Some("double")));
        assert_eq!(
            classify("array of strings"),
            Kind::Array(Some(Box::new(Kind::String)))
        );
        assert_eq!(
            classify("[]object"),
            Kind::Array(Some(Box::new(Kind::Object)))
        );
        assert_eq!(classify("array"), Kind::Array(None));
        assert_eq!(classify("strnig"), Kind::Unknown);
        assert_eq!(classify(&"[]".repeat(10_000)), Kind::Unknown);
    }

    #[test]
    fn reads_number_ranges_only_for_numbers() {
        let f = parse(&cell(
            "integer(required)\nThe size of the CU. It is an integer from 1 to 256.",
            Some("integer"),
        ))
        .expect("parses");
        assert_eq!(f.limits.minimum, Some(1.0));
        assert_eq!(f.limits.maximum, Some(256.0));
        let s = parse(&cell(
            "string\nA label from 1 to 256 of them.",
            Some("string"),
        ))
        .expect("parses");
        assert_eq!(s.limits, Limits::default());
        let between = parse(&cell(
            "string\nBetween 4 and 64 characters.",
            Some("string"),
        ))
        .expect("parses");
        assert_eq!(between.limits.min_length, Some(4));
        assert_eq!(between.limits.max_length, Some(64));
    }

    #[test]
    fn reads_values_inline_and_listed() {
        let f = parse(&cell(
            "string(required)\nThe plan tier. Valid values: **Standard** and `Enterprise`.",
            Some("string"),
        ))
        .expect("parses");
        assert_eq!(
            f.values,
            Some(vec!["Standard".to_string(), "Enterprise".to_string()])
        );
        let listed = parse(&cell(
            "string\nThe CU type. Possible values:\n- `Performance-optimized`: fast\n- `Capacity-optimized`: big\n",
            Some("string"),
        ))
        .expect("parses");
        assert_eq!(
            listed.values,
            Some(vec![
                "Performance-optimized".to_string(),
                "Capacity-optimized".to_string()
            ])
        );
        let prose = parse(&cell(
            "string\nValid values depend on the plan you subscribe to and the region.",
            Some("string"),
        ))
        .expect("parses");
        assert_eq!(prose.values, None);
    }

    #[test]
    fn list_items_give_their_leading_tokens() {
        let f = parse(&cell(
            "integer\nIndicates whether the request succeeds.\n\n- `200`: The request succeeds.\n\n- Others: Some error occurs.\n",
            Some("integer"),
        ))
        .expect("parses");
        assert_eq!(f.listed, ["200", "Others"]);
    }
}
