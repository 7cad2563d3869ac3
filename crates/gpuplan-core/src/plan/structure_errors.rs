//! Schema validation errors, in the words of a plan file's author.
//!
//! A JSON Schema error says `"-2 is less than the minimum of 1"` at `/endpoint/0/count`;
//! the user needs `` `count` must be at least 1, found -2 `` at line 12, column 9, with a
//! hint taken from the field's own documentation. A misspelt key is one error ("unknown key
//! `regoin`, did you mean `region`?"), not that plus "`region` is missing".

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::plan::parse::{Positions, pointer_segment};
use crate::plan::suggest::closest;

/// What a schema error is about, kept apart from the validator's borrowed error.
#[derive(Clone, Debug, PartialEq)]
pub struct SchemaError {
    /// The JSON pointer of the offending value (`/endpoint/0/count`).
    pub instance_path: String,
    /// The JSON pointer of the failed keyword in the schema (`/$defs/EndpointFile/properties/count/minimum`).
    pub schema_path: String,
    /// The keyword that failed (`minimum`, `required`, `additionalProperties`, ...).
    pub keyword: String,
    /// For `additionalProperties`: the keys that are not allowed.
    pub unexpected_keys: Option<Vec<String>>,
    /// For `required`: the missing key.
    pub missing_key: Option<String>,
    /// The offending value.
    pub instance: Value,
    /// The validator's own message, for keywords without a message of ours.
    pub message: String,
}

impl SchemaError {
    pub fn from_validation(error: &jsonschema::ValidationError<'_>) -> SchemaError {
        use jsonschema::error::ValidationErrorKind;
        let (unexpected_keys, missing_key) = match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                (Some(unexpected.clone()), None)
            }
            ValidationErrorKind::Required { property } => (
                None,
                Some(
                    property
                        .as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| property.to_string()),
                ),
            ),
            _ => (None, None),
        };
        SchemaError {
            instance_path: error.instance_path().as_str().to_string(),
            schema_path: error.schema_path().as_str().to_string(),
            keyword: error.kind().keyword().to_string(),
            unexpected_keys,
            missing_key,
            instance: error.instance().as_ref().clone(),
            message: error.to_string(),
        }
    }
}

/// Turns the errors of one validation into diagnostics, merging each misspelt key with the
/// "missing key" error it causes.
pub fn diagnostics(
    errors: &[SchemaError],
    schema: &Value,
    positions: &Positions,
) -> Vec<Diagnostic> {
    let mut absorbed: Vec<(String, String)> = Vec::new();
    let mut output = Vec::new();
    for error in errors {
        let Some(unexpected) = &error.unexpected_keys else {
            continue;
        };
        let object_schema = parent_schema(schema, &error.schema_path);
        let allowed = property_names(object_schema);
        let missing: Vec<&str> = errors
            .iter()
            .filter(|other| other.instance_path == error.instance_path)
            .filter_map(|other| other.missing_key.as_deref())
            .collect();
        for key in unexpected {
            let pointer = format!("{}/{}", error.instance_path, pointer_segment(key));
            let suggestion = closest(key, missing.iter().copied())
                .or_else(|| closest(key, allowed.iter().map(String::as_str)));
            let hint = match suggestion {
                Some(suggestion) if missing.contains(&suggestion) => {
                    absorbed.push((error.instance_path.clone(), suggestion.to_string()));
                    format!(
                        "did you mean `{suggestion}`? It is required{}",
                        description(object_schema.and_then(|object| {
                            object.pointer(&format!("/properties/{}", pointer_segment(suggestion)))
                        }))
                        .map(|text| format!(": {text}"))
                        .unwrap_or_default()
                    )
                }
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None => format!(
                    "the keys allowed in {} are: {}",
                    table_name(&error.instance_path),
                    allowed
                        .iter()
                        .map(|name| format!("`{name}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            output.push(
                Diagnostic::error(
                    format!(
                        "unknown key `{key}` in {}",
                        table_name(&error.instance_path)
                    ),
                    positions.key(&pointer),
                )
                .with_hint(hint),
            );
        }
    }
    for error in errors {
        if error.unexpected_keys.is_some() {
            continue;
        }
        if let Some(missing) = &error.missing_key
            && absorbed.contains(&(error.instance_path.clone(), missing.clone()))
        {
            continue;
        }
        output.push(describe(error, schema, positions));
    }
    output
}

/// One error other than an unknown key.
fn describe(error: &SchemaError, schema: &Value, positions: &Positions) -> Diagnostic {
    let keyword_value = schema.pointer(&error.schema_path);
    let field_schema = parent_schema(schema, &error.schema_path);
    let field = field_name(&error.instance_path);
    let found = found(&error.instance);
    let location = if error.instance_path.is_empty() {
        None
    } else {
        positions.value(&error.instance_path)
    };
    let field_hint = description(field_schema);
    let (message, hint) = match error.keyword.as_str() {
        "required" => {
            let missing = error.missing_key.clone().unwrap_or_default();
            let hint = description(field_schema.and_then(|object| {
                object.pointer(&format!("/properties/{}", pointer_segment(&missing)))
            }));
            let message = if error.instance_path.is_empty() {
                format!("missing table [{missing}]")
            } else {
                format!(
                    "missing key `{missing}` in {}",
                    table_name(&error.instance_path)
                )
            };
            (message, hint.map(|text| format!("add `{missing}`: {text}")))
        }
        "type" => (
            format!(
                "{field} must be {}, found {found}",
                expected_type(keyword_value)
            ),
            field_hint,
        ),
        "minimum" => (
            format!(
                "{field} must be at least {}, found {found}",
                number(keyword_value)
            ),
            field_hint,
        ),
        "exclusiveMinimum" => (
            format!(
                "{field} must be greater than {}, found {found}",
                number(keyword_value)
            ),
            field_hint,
        ),
        "maximum" => (
            format!(
                "{field} must be at most {}, found {found}",
                number(keyword_value)
            ),
            field_hint,
        ),
        "exclusiveMaximum" => (
            format!(
                "{field} must be less than {}, found {found}",
                number(keyword_value)
            ),
            field_hint,
        ),
        "minLength" => (
            format!(
                "{field} must be at least {} characters long, found {found}",
                number(keyword_value)
            ),
            field_hint,
        ),
        "maxLength" => (
            format!(
                "{field} must be at most {} characters long, found {found}",
                number(keyword_value)
            ),
            field_hint,
        ),
        "pattern" => (
            format!("{field} is not in the allowed form, found {found}"),
            field_hint,
        ),
        "enum" => {
            let options: Vec<String> = keyword_value
                .and_then(Value::as_array)
                .map(|options| {
                    options
                        .iter()
                        .map(|option| {
                            option
                                .as_str()
                                .map(str::to_string)
                                .unwrap_or_else(|| option.to_string())
                        })
                        .collect()
                })
                .unwrap_or_default();
            let listed = options
                .iter()
                .map(|option| format!("`{option}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let suggestion = error
                .instance
                .as_str()
                .and_then(|written| closest(written, options.iter().map(String::as_str)));
            (
                format!("{field} is not one of the allowed values, found {found}"),
                Some(match suggestion {
                    Some(suggestion) => format!("did you mean `{suggestion}`? Allowed: {listed}"),
                    None => format!("allowed: {listed}"),
                }),
            )
        }
        _ => (format!("{field}: {}", error.message), field_hint),
    };
    let diagnostic = Diagnostic::error(message, location);
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic.with_hint("see docs/plan-format.md or `gpuplan schema`"),
    }
}

/// The schema holding the failed keyword: `/$defs/X/properties/count` for
/// `/$defs/X/properties/count/minimum`.
fn parent_schema<'a>(schema: &'a Value, schema_path: &str) -> Option<&'a Value> {
    let (parent, _) = schema_path.rsplit_once('/')?;
    schema.pointer(parent)
}

fn property_names(object_schema: Option<&Value>) -> Vec<String> {
    object_schema
        .and_then(|object| object.get("properties"))
        .and_then(Value::as_object)
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default()
}

/// The first sentence of a schema's description, on one line.
fn description(schema: Option<&Value>) -> Option<String> {
    let text = schema?.get("description")?.as_str()?;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match text.find(". ") {
        Some(end) => text[..=end].to_string(),
        None => text,
    })
}

fn segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// `[endpoint.autoscaling]` for `/endpoint/0/autoscaling`; `the top level` for the root.
pub fn table_name(pointer: &str) -> String {
    let names: Vec<String> = segments(pointer)
        .into_iter()
        .filter(|segment| segment.parse::<usize>().is_err())
        .collect();
    if names.is_empty() {
        "the top level".to_string()
    } else {
        format!("[{}]", names.join("."))
    }
}

/// `` `count` `` for `/endpoint/0/count`; `` item 2 of `days` `` for `/…/days/1`.
fn field_name(pointer: &str) -> String {
    let parts = segments(pointer);
    match parts.as_slice() {
        [] => "the plan".to_string(),
        [.., parent, last] if last.parse::<usize>().is_ok() => {
            let index: usize = last.parse().unwrap_or(0);
            format!("item {} of `{parent}`", index + 1)
        }
        [.., last] => format!("`{last}`"),
    }
}

fn found(value: &Value) -> String {
    match value {
        Value::String(text) => format!("\"{text}\""),
        Value::Number(number) => number.to_string(),
        Value::Bool(boolean) => boolean.to_string(),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "a table".to_string(),
        Value::Null => "nothing".to_string(),
    }
}

fn expected_type(keyword_value: Option<&Value>) -> String {
    let name = |kind: &str| match kind {
        "string" => "a string",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "true or false",
        "array" => "an array",
        "object" => "a table",
        _ => "another type",
    };
    match keyword_value {
        Some(Value::String(kind)) => name(kind).to_string(),
        Some(Value::Array(kinds)) => kinds
            .iter()
            .filter_map(Value::as_str)
            .map(name)
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "another type".to_string(),
    }
}

fn number(keyword_value: Option<&Value>) -> String {
    keyword_value
        .map(|value| value.to_string())
        .unwrap_or_else(|| "?".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_read_as_table_and_field_names() {
        assert_eq!(
            table_name("/endpoint/0/autoscaling"),
            "[endpoint.autoscaling]"
        );
        assert_eq!(table_name(""), "the top level");
        assert_eq!(field_name("/endpoint/0/count"), "`count`");
        assert_eq!(
            field_name("/endpoint/0/schedule/1/days/2"),
            "item 3 of `days`"
        );
        assert_eq!(
            table_name("/workload/a~1b/window/0"),
            "[workload.a/b.window]"
        );
    }

    #[test]
    fn descriptions_are_cut_to_their_first_sentence() {
        let schema =
            serde_json::json!({"description": "Fewest instances.\nAt least 1. More text."});
        assert_eq!(description(Some(&schema)).unwrap(), "Fewest instances.");
    }
}
