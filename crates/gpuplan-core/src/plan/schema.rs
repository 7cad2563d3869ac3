//! The JSON Schema of the plan file, generated from [`PlanFile`], for editors and for
//! structural validation.
//!
//! TOML has no null, so the optional values that schemars writes as "this or null" are
//! written as plain "this": an editor then offers the real type, and a validation error
//! names it instead of an `anyOf`.

use serde_json::Value;

use crate::plan::file::PlanFile;

/// The JSON Schema (draft 2020-12) of the plan file.
pub fn plan_schema() -> Value {
    let schema = schemars::schema_for!(PlanFile);
    let mut value = serde_json::to_value(schema).expect("a generated schema is valid JSON");
    without_null(&mut value);
    value
}

/// Removes `null` from every `type` list and every `anyOf` that offers it, and drops the
/// `default: null` that goes with it.
fn without_null(value: &mut Value) {
    match value {
        Value::Object(object) => {
            if let Some(Value::Array(types)) = object.get_mut("type") {
                types.retain(|kind| kind != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    object.insert("type".to_string(), only);
                }
            }
            if let Some(Value::Array(branches)) = object.get("anyOf")
                && branches.iter().any(is_null_schema)
            {
                let kept: Vec<Value> = branches
                    .iter()
                    .filter(|branch| !is_null_schema(branch))
                    .cloned()
                    .collect();
                object.remove("anyOf");
                if kept.len() == 1 {
                    if let Value::Object(branch) = &kept[0] {
                        for (key, inner) in branch {
                            object.entry(key.clone()).or_insert_with(|| inner.clone());
                        }
                    }
                } else {
                    object.insert("anyOf".to_string(), Value::Array(kept));
                }
            }
            if object.get("default") == Some(&Value::Null) {
                object.remove("default");
            }
            for inner in object.values_mut() {
                without_null(inner);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(without_null),
        _ => {}
    }
}

fn is_null_schema(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_offers_no_null_anywhere() {
        let text = plan_schema().to_string();
        assert!(!text.contains("\"null\""), "{text}");
        let schema = plan_schema();
        let autoscaling = &schema["$defs"]["EndpointFile"]["properties"]["autoscaling"];
        assert_eq!(autoscaling["$ref"], "#/$defs/AutoscalingFile");
        let timezone = &schema["$defs"]["WorkloadFile"]["properties"]["timezone"];
        assert_eq!(timezone["type"], "string");
    }

    #[test]
    fn unknown_keys_are_refused_everywhere() {
        let schema = plan_schema();
        assert_eq!(schema["additionalProperties"], false);
        for (name, definition) in schema["$defs"].as_object().unwrap() {
            if definition["type"] == "object" {
                assert_eq!(definition["additionalProperties"], false, "{name}");
            }
        }
    }
}
