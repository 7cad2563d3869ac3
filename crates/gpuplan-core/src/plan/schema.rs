//! The JSON Schema of the plan file, generated from [`PlanFile`], for editors and for
//! structural validation.

use crate::plan::file::PlanFile;

/// The JSON Schema (draft 2020-12) of the plan file.
pub fn plan_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(PlanFile);
    serde_json::to_value(schema).expect("a generated schema is valid JSON")
}
