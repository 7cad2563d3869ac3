//! `gpuplan schema`: the plan file's JSON Schema.

use gpuplan_core::plan::schema::plan_schema;

use crate::cli::SchemaArguments;
use crate::commands::CommandResult;
use crate::exit::Exit;
use crate::output::write_report;

pub fn run(arguments: SchemaArguments) -> CommandResult {
    let text = serde_json::to_string_pretty(&plan_schema())? + "\n";
    write_report(&text, arguments.output.as_deref())?;
    Ok(Exit::Success)
}
