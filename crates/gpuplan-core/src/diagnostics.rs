//! Errors and warnings about an input file, each with its file, line and column.
//!
//! Parsing and validation collect every problem they find into [`Diagnostics`] instead of
//! stopping at the first, so a user fixes a plan in one pass. [`Diagnostics::render`]
//! prints them the way compilers do: `file:line:column: error: message`, the source line
//! with a caret under the column, and a hint saying what to do.

use std::fmt::Write as _;

use serde::Serialize;

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub line: u32,
    pub column: u32,
}

impl Location {
    /// The line and column of a byte offset into `text`.
    pub fn of_offset(text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map(|index| index + 1).unwrap_or(0);
        let column = before[line_start..].chars().count() as u32 + 1;
        Location { line, column }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Where it is; `None` when the problem is the file as a whole.
    pub location: Option<Location>,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>, location: Option<Location>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            location,
            hint: None,
        }
    }

    pub fn warning(message: impl Into<String>, location: Option<Location>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message, location)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Every problem found in one file, in file order.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Diagnostics {
    /// The file as the user named it.
    pub path: String,
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            items: Vec::new(),
        }
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn has_errors(&self) -> bool {
        self.items
            .iter()
            .any(|diagnostic| diagnostic.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|diagnostic| diagnostic.severity == Severity::Error)
            .count()
    }

    /// Sort by position, errors without a position first.
    pub fn sort(&mut self) {
        self.items.sort_by_key(|diagnostic| diagnostic.location);
    }

    /// Compiler-style text: one block per diagnostic, with the source line and a caret.
    pub fn render(&self, source: &str) -> String {
        let lines: Vec<&str> = source.lines().collect();
        let mut output = String::new();
        for diagnostic in &self.items {
            let severity = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            match diagnostic.location {
                Some(location) => {
                    let _ = writeln!(
                        output,
                        "{}:{}:{}: {severity}: {}",
                        self.path, location.line, location.column, diagnostic.message
                    );
                    if let Some(line) = lines.get(location.line as usize - 1) {
                        let gutter = location.line.to_string();
                        let _ = writeln!(output, "  {gutter} | {line}");
                        let caret_indent: String = line
                            .chars()
                            .take(location.column as usize - 1)
                            .map(|c| if c == '\t' { '\t' } else { ' ' })
                            .collect();
                        let _ =
                            writeln!(output, "  {} | {caret_indent}^", " ".repeat(gutter.len()));
                    }
                }
                None => {
                    let _ = writeln!(output, "{}: {severity}: {}", self.path, diagnostic.message);
                }
            }
            if let Some(hint) = &diagnostic.hint {
                let _ = writeln!(output, "  = hint: {hint}");
            }
        }
        let errors = self.error_count();
        if errors > 0 {
            let _ = writeln!(
                output,
                "{}: {errors} error{} found; nothing was run",
                self.path,
                if errors == 1 { "" } else { "s" }
            );
        }
        output
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let text = "a = 1\nname = \"剧场\"\nx = 2\n";
        assert_eq!(
            Location::of_offset(text, 0),
            Location { line: 1, column: 1 }
        );
        let x = text.find("x =").unwrap();
        assert_eq!(
            Location::of_offset(text, x),
            Location { line: 3, column: 1 }
        );
        let closing_quote = text.rfind('"').unwrap();
        assert_eq!(
            Location::of_offset(text, closing_quote),
            Location {
                line: 2,
                column: 11
            }
        );
    }

    #[test]
    fn rendering_names_file_line_column_and_hint() {
        let mut diagnostics = Diagnostics::new("plans/x.toml");
        diagnostics.push(
            Diagnostic::error(
                "unknown key `instnce_type`",
                Some(Location { line: 2, column: 3 }),
            )
            .with_hint("did you mean `instance_type`?"),
        );
        let text = diagnostics.render("[[endpoint]]\n  instnce_type = 1\n");
        assert!(text.starts_with("plans/x.toml:2:3: error: unknown key `instnce_type`\n"));
        assert!(text.contains("  2 |   instnce_type = 1\n    |   ^\n"));
        assert!(text.contains("= hint: did you mean `instance_type`?"));
        assert!(text.ends_with("1 error found; nothing was run\n"));
    }
}
