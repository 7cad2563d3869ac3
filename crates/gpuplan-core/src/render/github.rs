//! GitHub Actions workflow commands for a check: one annotation per problem, placed on
//! the plan file's line, so a pull request shows them beside the change.
//!
//! Blocking findings and quota shortfalls of the deployment are `::error`; warnings and
//! shortfalls of an alternative are `::warning`. Confirmed facts are not annotated. The
//! job summary is the markdown rendering of the same report.

use crate::check::{CheckReport, FindingSeverity, QuotaPurpose};
use crate::diagnostics::Location;
use crate::render::Lang;
use crate::render::check::{describe, quota_status};
use crate::render::numbers::quantity;

/// The workflow command lines, newline-terminated; empty when nothing needs attention.
pub fn github_annotations(report: &CheckReport, lang: Lang) -> String {
    let mut lines = Vec::new();
    for finding in &report.findings {
        let level = match finding.severity {
            FindingSeverity::Blocking => "error",
            FindingSeverity::Warning => "warning",
            FindingSeverity::Ok => continue,
        };
        let (subject, text, instead) = describe(finding, report, lang);
        let mut message = format!("{subject}: {text}");
        if !instead.is_empty() {
            message.push_str(&format!(" — {}: {instead}", lang.pick("instead", "替代")));
        }
        lines.push(command(
            level,
            &report.plan_path,
            finding.location,
            &message,
        ));
    }
    for quota in &report.quotas {
        let Some(missing) = quota.missing() else {
            continue;
        };
        let level = match quota.purpose {
            QuotaPurpose::Deployment => "error",
            QuotaPurpose::Alternative => "warning",
        };
        let message = format!(
            "{} / {}: {} ({} {}, {})",
            quota.service_code,
            quota.quota_name,
            quota_status(quota, lang),
            lang.pick("peak need", "峰值需求"),
            quantity(quota.peak_need),
            match quota.headroom {
                Some(headroom) =>
                    format!("{} {}", lang.pick("headroom", "余量"), quantity(headroom)),
                None => format!("{} {}", lang.pick("missing", "缺少"), quantity(missing)),
            }
        );
        lines.push(command(level, &report.plan_path, quota.location, &message));
    }
    lines
        .into_iter()
        .map(|line| line + "\n")
        .collect::<String>()
}

fn command(level: &str, file: &str, location: Option<Location>, message: &str) -> String {
    let mut properties = vec![format!("file={}", escape_property(file))];
    if let Some(location) = location {
        properties.push(format!("line={}", location.line));
        properties.push(format!("col={}", location.column));
    }
    properties.push("title=gpuplan check".to_string());
    format!(
        "::{level} {}::{}",
        properties.join(","),
        escape_data(message)
    )
}

/// Escaping of a workflow command's message, as the Actions runner decodes it.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a property value (also `:` and `,`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_properties_are_escaped_as_the_runner_decodes_them() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn a_command_places_the_message_on_the_line() {
        let line = command(
            "error",
            "plans/x,y.toml",
            Some(Location { line: 7, column: 3 }),
            "ml.g6.xlarge: not offered",
        );
        assert_eq!(
            line,
            "::error file=plans/x%2Cy.toml,line=7,col=3,title=gpuplan check::ml.g6.xlarge: not offered"
        );
    }
}
