//! Whatever a user types, loading a plan never panics: it loads, or every diagnostic it
//! returns points inside the file and says what to do.

use gpuplan_core::catalog::Catalog;
use gpuplan_core::plan;
use proptest::prelude::*;

const THEATER: &str = include_str!("../../../plans/theater-g5.toml");

/// An edit a user might make by mistake.
#[derive(Clone, Debug)]
enum Edit {
    DeleteLine(usize),
    DuplicateLine(usize),
    ReplaceCharacter(usize, char),
    TruncateAt(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::DeleteLine),
        any::<usize>().prop_map(Edit::DuplicateLine),
        (
            any::<usize>(),
            prop::sample::select(vec!['=', '"', '[', ']', '-', '0', 'x', '\n', ' ', '.', '{'])
        )
            .prop_map(|(at, character)| Edit::ReplaceCharacter(at, character)),
        any::<usize>().prop_map(Edit::TruncateAt),
    ]
}

fn apply(text: &str, edit: &Edit) -> String {
    if text.is_empty() {
        // Nothing left to mangle: an empty file is itself one of the cases under test.
        return String::new();
    }
    let mut lines: Vec<&str> = text.lines().collect();
    match edit {
        Edit::DeleteLine(at) => {
            lines.remove(at % lines.len());
            lines.join("\n")
        }
        Edit::DuplicateLine(at) => {
            let index = at % lines.len();
            lines.insert(index, lines[index]);
            lines.join("\n")
        }
        Edit::ReplaceCharacter(at, character) => {
            let mut characters: Vec<char> = text.chars().collect();
            let index = at % characters.len();
            characters[index] = *character;
            characters.into_iter().collect()
        }
        Edit::TruncateAt(at) => text.chars().take(at % text.chars().count()).collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_mangled_plan_loads_or_is_explained(edits in prop::collection::vec(edit(), 1..4)) {
        let text = edits.iter().fold(THEATER.to_string(), |text, edit| apply(&text, edit));
        let line_count = text.lines().count() as u32 + 1;
        match plan::load("theater.toml", &text, Catalog::embedded(), &|_| Err("no files".into())) {
            Ok(_) => {}
            Err(diagnostics) => {
                prop_assert!(diagnostics.has_errors());
                for diagnostic in &diagnostics.items {
                    prop_assert!(diagnostic.hint.is_some(), "no hint: {diagnostic:?}");
                    if let Some(location) = diagnostic.location {
                        prop_assert!(location.line >= 1 && location.line <= line_count, "{diagnostic:?}");
                    }
                }
                let rendered = diagnostics.render(&text);
                prop_assert!(rendered.contains("theater.toml:"), "{rendered}");
            }
        }
    }
}

#[test]
fn an_empty_plan_is_explained_not_a_panic() {
    let diagnostics = plan::load("empty.toml", "", Catalog::embedded(), &|_| {
        Err("no files".into())
    })
    .expect_err("an empty file is not a plan");
    assert!(diagnostics.has_errors());
    assert!(
        diagnostics
            .items
            .iter()
            .all(|diagnostic| diagnostic.hint.is_some())
    );
    assert!(diagnostics.render("").contains("empty.toml"));
}
