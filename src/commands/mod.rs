//! One module per command: read inputs, call the core, render, write.

pub mod catalog;
pub mod check;
pub mod cost;
pub mod quota;
pub mod schema;

/// What a command returns when it could not finish.
pub type CommandResult = Result<crate::exit::Exit, Box<dyn std::error::Error>>;

/// Says on stderr that a command ran on the embedded catalog, and why.
pub fn announce_offline(offline_requested: bool, catalog: &gpuplan_core::catalog::Catalog) {
    let reason = if offline_requested {
        "--offline"
    } else {
        "live mode is not available in this build"
    };
    eprintln!(
        "gpuplan: offline ({reason}): using the embedded catalog assembled {}",
        catalog.assembled_on()
    );
}
