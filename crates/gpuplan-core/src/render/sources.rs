//! Numbered sources: a table cell says `[1,2]`, and a list under the table says what `[1]`
//! and `[2]` are and how old. Long source names stay out of the tables.

use crate::provenance::Source;

/// The numbered sources of one rendering, in order of first use.
#[derive(Default)]
pub struct SourceIndex {
    sources: Vec<Source>,
}

impl SourceIndex {
    /// The 1-based number of a source.
    pub fn number(&mut self, source: &Source) -> usize {
        match self.sources.iter().position(|known| known == source) {
            Some(position) => position + 1,
            None => {
                self.sources.push(source.clone());
                self.sources.len()
            }
        }
    }

    /// `[1]` or `[1,2]`.
    pub fn references<'a>(&mut self, sources: impl IntoIterator<Item = &'a Source>) -> String {
        let numbers: Vec<String> = sources
            .into_iter()
            .map(|source| self.number(source).to_string())
            .collect();
        format!("[{}]", numbers.join(","))
    }

    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// `[1] name (date)`, one line per source.
    pub fn lines(&self) -> Vec<String> {
        self.sources
            .iter()
            .enumerate()
            .map(|(position, source)| {
                format!("[{}] {} ({})", position + 1, source.name, source.date)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_numbered_once_in_order_of_first_use() {
        let mut index = SourceIndex::default();
        let first = Source::new("price list", "2024-11-06");
        let second = Source::new("ratio table", "2026");
        assert_eq!(index.references([&first, &second]), "[1,2]");
        assert_eq!(index.references([&second]), "[2]");
        assert_eq!(
            index.lines(),
            vec!["[1] price list (2024-11-06)", "[2] ratio table (2026)"]
        );
    }
}
