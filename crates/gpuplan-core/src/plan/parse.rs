//! Pass one: TOML text to a JSON tree, with every structural error at once.
//!
//! The TOML is read into a tree that keeps the byte span of every key and value, converted
//! to JSON with a map from each JSON pointer (`/endpoint/2/instance_type`) to its position,
//! and validated against the JSON Schema of [`crate::plan::file::PlanFile`]: that reports
//! all unknown keys, wrong types and out-of-range values in one run, each turned into a
//! [`Diagnostic`] with its line, column and a hint ([`super::structure_errors`]).
//!
//! The parts that failed are then pruned from the tree, so that the next pass can still
//! judge everything that is well formed (a plan with a misspelt key and an unknown region
//! gets both errors). Only TOML syntax errors stop here.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde_json::{Map, Number, Value};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::plan::schema::plan_schema;
use crate::plan::structure_errors::{self, SchemaError};

/// A plan file read into a JSON tree, and where each of its values was written.
#[derive(Clone, Debug)]
pub struct Document {
    /// The plan as JSON, with the structurally invalid parts removed: a removed element
    /// of an array is left as `null`, so the indices of the others still match the file.
    pub tree: Value,
    pub positions: Positions,
}

impl Document {
    /// The value at a JSON pointer (`/plan/region`), if it is there and well formed.
    pub fn get(&self, pointer: &str) -> Option<&Value> {
        self.tree.pointer(pointer).filter(|value| !value.is_null())
    }
}

/// Where each value (and each key) of the document is, by JSON pointer.
#[derive(Clone, Debug, Default)]
pub struct Positions {
    values: HashMap<String, Location>,
    keys: HashMap<String, Location>,
}

impl Positions {
    /// Where the value at `pointer` (`/endpoint/0/count`) starts; for a table written as
    /// `[endpoint.autoscaling]`, its header.
    pub fn value(&self, pointer: &str) -> Option<Location> {
        self.values.get(pointer).copied()
    }

    /// Where the key of the value at `pointer` is written; the value's position for array
    /// elements, which have no key.
    pub fn key(&self, pointer: &str) -> Option<Location> {
        self.keys
            .get(pointer)
            .or_else(|| self.values.get(pointer))
            .copied()
    }
}

/// A read plan file, and the structural errors found in it.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub document: Document,
    pub diagnostics: Diagnostics,
}

/// Reads a plan file and checks its structure against the schema. Fails only on TOML
/// syntax errors (all of them); structural errors come back in [`Parsed::diagnostics`].
pub fn parse(path: &str, text: &str) -> Result<Parsed, Diagnostics> {
    let (table, syntax_errors) = DeTable::parse_recoverable(text);
    if !syntax_errors.is_empty() {
        let mut diagnostics = Diagnostics::new(path);
        for error in syntax_errors {
            let location = error
                .span()
                .map(|span| Location::of_offset(text, span.start));
            diagnostics.push(
                Diagnostic::error(
                    format!("TOML syntax: {}", first_line(error.message())),
                    location,
                )
                .with_hint("see docs/plan-format.md for the plan file's syntax"),
            );
        }
        diagnostics.sort();
        return Err(diagnostics);
    }
    let root = Spanned::new(table.span(), DeValue::Table(table.into_inner()));
    let mut positions = Positions::default();
    let mut tree = to_json(&root, "", text, &mut positions);
    let mut diagnostics = Diagnostics::new(path);
    let errors = prune_invalid(&mut tree);
    for diagnostic in structure_errors::diagnostics(&errors, schema(), &positions) {
        diagnostics.push(diagnostic);
    }
    diagnostics.sort();
    Ok(Parsed {
        document: Document { tree, positions },
        diagnostics,
    })
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim()
}

/// The schema the plan is validated against, compiled once.
fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        jsonschema::validator_for(schema()).expect("the generated plan schema compiles")
    })
}

fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(plan_schema)
}

/// Escapes a key for a JSON pointer (RFC 6901).
pub fn pointer_segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Converts a TOML value to JSON, recording positions. Numbers JSON cannot hold (`nan`,
/// `inf`, integers beyond 64 bits) become their literal text, so the schema reports them
/// as the wrong type, with the text the user wrote.
fn to_json(
    value: &Spanned<DeValue<'_>>,
    pointer: &str,
    text: &str,
    positions: &mut Positions,
) -> Value {
    positions.values.insert(
        pointer.to_string(),
        Location::of_offset(text, value.span().start),
    );
    match value.get_ref() {
        DeValue::String(string) => Value::String(string.to_string()),
        DeValue::Integer(integer) => i64::from_str_radix(integer.as_str(), integer.radix())
            .map(|number| Value::Number(number.into()))
            .unwrap_or_else(|_| Value::String(integer.to_string())),
        DeValue::Float(float) => float
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(float.as_str().to_string())),
        DeValue::Boolean(boolean) => Value::Bool(*boolean),
        DeValue::Datetime(datetime) => Value::String(datetime.to_string()),
        DeValue::Array(array) => Value::Array(
            array
                .iter()
                .enumerate()
                .map(|(index, item)| to_json(item, &format!("{pointer}/{index}"), text, positions))
                .collect(),
        ),
        DeValue::Table(table) => {
            let mut object = Map::new();
            for (key, item) in table.iter() {
                let child = format!("{pointer}/{}", pointer_segment(key.get_ref()));
                positions
                    .keys
                    .insert(child.clone(), Location::of_offset(text, key.span().start));
                let converted = to_json(item, &child, text, positions);
                object.insert(key.get_ref().to_string(), converted);
            }
            Value::Object(object)
        }
    }
}

/// Validates the tree against the schema and removes what fails, until what is left is
/// valid. Returns the errors of the first round: later rounds only find the consequences
/// of the removals (a table that lost a required key is removed in turn).
fn prune_invalid(tree: &mut Value) -> Vec<SchemaError> {
    let mut tombstones: HashSet<String> = HashSet::new();
    let mut first_round = None;
    // Each round removes at least one value or stops; the depth of a plan bounds the rounds.
    for _ in 0..32 {
        let errors: Vec<SchemaError> = validator()
            .iter_errors(tree)
            .map(|error| SchemaError::from_validation(&error))
            .filter(|error| !tombstones.contains(&error.instance_path))
            .collect();
        let mut changed = false;
        for error in &errors {
            changed |= prune(tree, error, &mut tombstones);
        }
        if first_round.is_none() {
            first_round = Some(errors);
        }
        if !changed {
            break;
        }
    }
    first_round.unwrap_or_default()
}

/// Removes the part of the tree an error is about. Returns whether anything changed.
fn prune(tree: &mut Value, error: &SchemaError, tombstones: &mut HashSet<String>) -> bool {
    if let Some(unexpected) = &error.unexpected_keys {
        let Some(Value::Object(object)) = tree.pointer_mut(&error.instance_path) else {
            return false;
        };
        let before = object.len();
        object.retain(|key, _| !unexpected.contains(key));
        return object.len() != before;
    }
    remove_at(tree, &error.instance_path, tombstones)
}

/// Removes the value at `pointer`: a key from its table, or an array element replaced by
/// `null`. The root is never removed.
fn remove_at(tree: &mut Value, pointer: &str, tombstones: &mut HashSet<String>) -> bool {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return false;
    };
    match tree.pointer_mut(parent) {
        Some(Value::Object(object)) => {
            let key = last.replace("~1", "/").replace("~0", "~");
            object.remove(&key).is_some()
        }
        Some(Value::Array(items)) => match last.parse::<usize>() {
            Ok(index) if index < items.len() && !items[index].is_null() => {
                items[index] = Value::Null;
                tombstones.insert(pointer.to_string());
                true
            }
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    fn messages(parsed: &Parsed) -> Vec<String> {
        parsed
            .diagnostics
            .items
            .iter()
            .map(|diagnostic| {
                let location = diagnostic.location.unwrap();
                format!(
                    "{}:{} {}",
                    location.line, location.column, diagnostic.message
                )
            })
            .collect()
    }

    const MINIMAL: &str = r#"[plan]
name = "demo"
region = "cn-north-1"
"#;

    #[test]
    fn a_well_formed_file_has_no_diagnostics_and_keeps_positions() {
        let parsed = parse("p.toml", MINIMAL).unwrap();
        assert!(
            parsed.diagnostics.items.is_empty(),
            "{:?}",
            parsed.diagnostics
        );
        assert_eq!(parsed.document.get("/plan/region").unwrap(), "cn-north-1");
        assert_eq!(
            parsed.document.positions.value("/plan/region"),
            Some(Location {
                line: 3,
                column: 10
            })
        );
        assert_eq!(
            parsed.document.positions.key("/plan/region"),
            Some(Location { line: 3, column: 1 })
        );
    }

    #[test]
    fn syntax_errors_stop_the_parse_with_their_position() {
        let diagnostics = parse("p.toml", "[plan\nname = 1\n").unwrap_err();
        assert!(diagnostics.has_errors());
        assert_eq!(diagnostics.items[0].location.unwrap().line, 1);
        assert!(diagnostics.items[0].message.starts_with("TOML syntax"));
    }

    #[test]
    fn every_structural_error_is_reported_with_its_place() {
        let text = r#"[plan]
name = "Demo"
region = "cn-north-1"
colour = "blue"

[[endpoint]]
name = "chat"
count = -2
workload = "steady"
instance_type = "ml.g5.xlarge"
gpu_seconds_per_request = "fast"

[endpoint.model]
image = "i"
execution_role = "r"
"#;
        let parsed = parse("p.toml", text).unwrap();
        let found = messages(&parsed);
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found[0].starts_with("2:8 "), "{found:#?}");
        assert!(
            found[1].starts_with("4:1 unknown key `colour`"),
            "{found:#?}"
        );
        assert!(found[2].starts_with("8:9 "), "{found:#?}");
        assert!(found[2].contains("at least 1"), "{found:#?}");
        assert!(found[3].starts_with("11:27 "), "{found:#?}");
        assert!(
            parsed
                .diagnostics
                .items
                .iter()
                .all(|diagnostic| diagnostic.severity == Severity::Error
                    && diagnostic.hint.is_some())
        );
    }

    #[test]
    fn invalid_parts_are_pruned_and_the_rest_is_kept() {
        let text = r#"[plan]
name = "demo"
region = "cn-north-1"

[[endpoint]]
name = "first"

[[endpoint]]
name = "second"
count = -1
workload = "w"
instance_type = "ml.g5.xlarge"
gpu_seconds_per_request = 1.0
model = { image = "i", execution_role = "r" }

[endpoint.autoscaling]
min = 1
max = 2
target_invocation_per_instance = 3.0
"#;
        let parsed = parse("p.toml", text).unwrap();
        let document = &parsed.document;
        // The first endpoint lacks required keys: removed, its index kept.
        assert_eq!(document.tree.pointer("/endpoint/0"), Some(&Value::Null));
        assert!(document.get("/endpoint/0").is_none());
        // The second keeps what is valid; the autoscaling table lost a required key.
        assert_eq!(document.get("/endpoint/1/name").unwrap(), "second");
        assert!(document.get("/endpoint/1/count").is_none());
        assert!(document.get("/endpoint/1/autoscaling").is_none());
        assert_eq!(
            document.get("/endpoint/1/instance_type").unwrap(),
            "ml.g5.xlarge"
        );
    }

    #[test]
    fn a_misspelt_required_key_is_one_error_with_a_suggestion() {
        let text = r#"[plan]
name = "demo"
regoin = "cn-north-1"
"#;
        let parsed = parse("p.toml", text).unwrap();
        assert_eq!(
            parsed.diagnostics.items.len(),
            1,
            "{:?}",
            parsed.diagnostics
        );
        let diagnostic = &parsed.diagnostics.items[0];
        assert_eq!(diagnostic.message, "unknown key `regoin` in [plan]");
        assert!(diagnostic.hint.as_deref().unwrap().contains("`region`"));
    }

    #[test]
    fn numbers_json_cannot_hold_are_reported_as_written() {
        let text =
            "[plan]\nname = \"demo\"\nregion = \"cn-north-1\"\n[workload.w]\nbaseline_rps = nan\n";
        let parsed = parse("p.toml", text).unwrap();
        assert_eq!(parsed.diagnostics.items.len(), 1);
        assert!(
            parsed.diagnostics.items[0].message.contains("nan"),
            "{:?}",
            parsed.diagnostics
        );
    }

    #[test]
    fn pointer_segments_are_escaped() {
        assert_eq!(pointer_segment("a/b~c"), "a~1b~0c");
    }
}
