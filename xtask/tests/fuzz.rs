//! Property test: thousands of mutated documents, from the providers' documents
//! and the corpus, go through the pipeline without a panic, and every failure
//! is an error that says where.
//!
//! Deterministic (a fixed-seed generator), so a failure reproduces; the case
//! number and the mutations are in the assertion message.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};
use xtask::Error;
use xtask::regen;
use xtask::shared::config::Provider;

/// SplitMix64: small, fast, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("root")
        .to_path_buf()
}

/// The seeds: every provider document and every corpus document, normalized to JSON values.
fn seeds() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut dirs = vec![workspace().join("specs")];
    let corpus = workspace().join("xtask/corpus/specs");
    if corpus.is_dir() {
        dirs.push(corpus);
    }
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "docs") {
                    dirs.push(path);
                }
                continue;
            }
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_string();
            let is_doc = (name.ends_with(".json") || name.ends_with(".yaml"))
                && !name.starts_with("overlay");
            if !is_doc {
                continue;
            }
            let bytes = std::fs::read(&path).expect("read");
            if let Ok(value) = xtask::regen::read::parse(&name, &bytes)
                && value.get("openapi").is_some()
            {
                out.push((path.display().to_string(), value));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Every JSON pointer in `v`.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(child, p, out);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(child, p, out);
            }
        }
        _ => {}
    }
}

fn random_value(rng: &mut Rng, refs: &[String]) -> Value {
    match rng.below(14) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-1),
        3 => json!(1.8446744073709552e19),
        4 => json!("null"),
        5 => json!(["string", "null"]),
        6 => json!({}),
        7 => json!([]),
        8 => json!({"type": "null"}),
        9 => json!({"anyOf": [{"type": "string"}, {"type": "null"}]}),
        10 => {
            json!({"$ref": refs.get(rng.below(refs.len())).map(|p| format!("#{p}")).unwrap_or_default()})
        }
        11 => json!({"$ref": "#/components/schemas/DoesNotExist"}),
        12 => json!({"type": "object", "properties": {"x": {"$ref": "#"}}}),
        _ => json!({"application/xml": {"schema": {"type": "string"}}}),
    }
}

/// Applies one random mutation; returns what it did.
fn mutate(doc: &mut Value, rng: &mut Rng) -> String {
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    if all.is_empty() {
        return "nothing to mutate".to_string();
    }
    let target = all[rng.below(all.len())].clone();
    let (parent, last) = target.rsplit_once('/').unwrap_or(("", ""));
    let last = last.replace("~1", "/").replace("~0", "~");
    match rng.below(5) {
        0 => {
            if let Some(p) = doc.pointer_mut(parent) {
                match p {
                    Value::Object(m) => {
                        m.shift_remove(&last);
                    }
                    Value::Array(a) => {
                        if let Ok(i) = last.parse::<usize>()
                            && i < a.len()
                        {
                            a.remove(i);
                        }
                    }
                    _ => {}
                }
            }
            format!("remove {target}")
        }
        1 | 2 => {
            let v = random_value(rng, &all);
            let shown = v.to_string();
            if let Some(node) = doc.pointer_mut(&target) {
                *node = v;
            }
            format!("set {target} = {shown}")
        }
        3 => {
            let source = all[rng.below(all.len())].clone();
            let copy = doc.pointer(&source).cloned().unwrap_or(Value::Null);
            if let Some(node) = doc.pointer_mut(&target) {
                *node = copy;
            }
            format!("copy {source} over {target}")
        }
        _ => {
            if let Some(Value::Object(m)) = doc.pointer_mut(parent)
                && let Some(v) = m.shift_remove(&last)
            {
                m.insert(format!("{last}_renamed"), v);
            }
            format!("rename {target}")
        }
    }
}

/// Every error must say where: a parse position, a pointer, or the provider (and operations).
fn assert_located(e: &Error, case: &str) {
    match e {
        Error::Parse { file, line, .. } => assert!(!file.is_empty() && *line >= 1, "{case}: {e}"),
        Error::Invalid { file, message, .. } => {
            assert_eq!(file, "fuzz.json", "{case}: {e}");
            assert!(!message.is_empty(), "{case}: {e}");
        }
        Error::Generate {
            provider, message, ..
        } => {
            assert_eq!(provider, "fuzz", "{case}: {e}");
            assert!(!message.is_empty(), "{case}: {e}");
        }
        Error::Config { .. } | Error::Io { .. } | Error::Format { .. } | Error::Stale(_) => {
            assert!(!e.to_string().is_empty(), "{case}")
        }
    }
}

fn provider() -> Provider {
    xtask::shared::config::parse(
        r#"
[[provider]]
name = "fuzz"
crate = "fuzz"
dir = "fuzz"
document = "fuzz.json"
api_key_env = "FUZZ_KEY"
default_base_url = "https://example.com"
"#,
    )
    .expect("valid")
    .providers
    .remove(0)
}

/// Runs the whole in-memory pipeline on `bytes` in a thread, with a deadline: a
/// panic anywhere, or a hang, fails the test with the case.
fn pipeline(bytes: Vec<u8>, generate: bool, case: String) {
    let (tx, rx) = mpsc::channel();
    let handle = std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let result = regen::prepare("fuzz.json", &bytes, None).and_then(|prepared| {
                if generate {
                    regen::build_prepared(
                        &provider(),
                        prepared,
                        "fuzz",
                        false,
                        std::time::Instant::now(),
                        None,
                    )
                    .map(|_| ())
                } else {
                    xtask::regen::validate::validate("fuzz.json", prepared.value).map(|_| ())
                }
            });
            let _ = tx.send(result);
        })
        .expect("spawn");
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(Ok(())) => {}
        Ok(Err(e)) => assert_located(&e, &case),
        Err(_) => {
            let panicked = handle.join().is_err();
            panic!(
                "{case}: {}",
                if panicked {
                    "panicked"
                } else {
                    "did not finish in 60 s"
                }
            );
        }
    }
}

#[test]
fn mutated_documents_never_panic_and_every_error_says_where() {
    let seeds = seeds();
    assert!(seeds.len() >= 4, "seeds: {}", seeds.len());
    let mut rng = Rng(0x05EE_D0FC_10D5);
    let cases = 3000;
    for case in 0..cases {
        let (name, seed) = &seeds[case % seeds.len()];
        let mut doc = seed.clone();
        let mut steps = Vec::new();
        for _ in 0..1 + rng.below(4) {
            steps.push(mutate(&mut doc, &mut rng));
        }
        let bytes = serde_json::to_vec(&doc).expect("serializes");
        // Generation is the slow part: every 25th case goes all the way through progenitor.
        let generate = case % 25 == 0;
        pipeline(
            bytes,
            generate,
            format!("case {case} from {name}: {}", steps.join("; ")),
        );
    }
}

#[test]
fn mangled_bytes_are_parse_errors_not_panics() {
    let mut rng = Rng(42);
    for (name, seed) in seeds() {
        let text = serde_json::to_string_pretty(&seed).expect("serializes");
        for case in 0..100 {
            let mut bytes = text.as_bytes().to_vec();
            match rng.below(3) {
                0 => bytes.truncate(rng.below(bytes.len())),
                1 => {
                    let i = rng.below(bytes.len());
                    bytes[i] = (rng.next() & 0xFF) as u8;
                }
                _ => {
                    let i = rng.below(bytes.len());
                    bytes.insert(i, b"{}[],:\"\\"[rng.below(8)]);
                }
            }
            pipeline(bytes, false, format!("{name} mangled #{case}"));
        }
    }
}
