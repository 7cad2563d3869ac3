//! Asking the operator for a `yes` before changing the account.

use std::io::{BufRead, IsTerminal, Write};

/// Asks `question` on the terminal and reads the answer; only `yes` agrees. Without a
/// terminal to ask on, refuses with `without_terminal` (which names the flag to pass).
pub fn confirm(question: &str, without_terminal: &str) -> Result<bool, String> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(without_terminal.to_string());
    }
    eprint!("{question} Only 'yes' will be accepted: ");
    std::io::stderr().flush().ok();
    let mut answer = String::new();
    stdin
        .lock()
        .read_line(&mut answer)
        .map_err(|error| format!("cannot read the answer: {error}"))?;
    Ok(answer.trim() == "yes")
}
