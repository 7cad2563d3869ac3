//! A report laid out for reading: a title, headings, tables and notes, then printed as a
//! terminal table (comfy-table) or as markdown, or flattened to CSV.

use comfy_table::{CellAlignment, ContentArrangement, Table as TerminalTable, presets};

/// A laid-out report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// One part of a document.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Heading(String),
    Paragraph(String),
    Table(Table),
    /// A bulleted list.
    Notes(Vec<String>),
}

/// A table of text cells.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns holding numbers, aligned right.
    pub numeric_columns: Vec<usize>,
}

impl Table {
    pub fn new(headers: Vec<String>) -> Self {
        Self {
            headers,
            ..Self::default()
        }
    }

    pub fn numeric(mut self, columns: &[usize]) -> Self {
        self.numeric_columns = columns.to_vec();
        self
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// RFC 4180 CSV with a header row.
    pub fn to_csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer
            .write_record(&self.headers)
            .expect("writing to memory cannot fail");
        for row in &self.rows {
            writer
                .write_record(row)
                .expect("writing to memory cannot fail");
        }
        String::from_utf8(writer.into_inner().expect("writing to memory cannot fail"))
            .expect("the cells are UTF-8")
    }

    fn to_terminal(&self) -> String {
        let mut table = TerminalTable::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(self.headers.clone());
        for row in &self.rows {
            table.add_row(row.clone());
        }
        for index in &self.numeric_columns {
            if let Some(column) = table.column_mut(*index) {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
        table.to_string()
    }

    fn to_markdown(&self) -> String {
        let escape = |cell: &str| {
            escape_markdown(cell)
                .replace('|', "\\|")
                .replace('\n', "<br>")
        };
        let mut text = format!(
            "| {} |\n",
            self.headers
                .iter()
                .map(|cell| escape(cell))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        let separators: Vec<&str> = (0..self.headers.len())
            .map(|index| {
                if self.numeric_columns.contains(&index) {
                    "---:"
                } else {
                    "---"
                }
            })
            .collect();
        text.push_str(&format!("| {} |\n", separators.join(" | ")));
        for row in &self.rows {
            text.push_str(&format!(
                "| {} |\n",
                row.iter()
                    .map(|cell| escape(cell))
                    .collect::<Vec<_>>()
                    .join(" | ")
            ));
        }
        text
    }
}

impl Document {
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            blocks: Vec::new(),
        }
    }

    pub fn heading(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Heading(text.into()));
    }

    pub fn paragraph(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(text.into()));
    }

    pub fn table(&mut self, table: Table) {
        self.blocks.push(Block::Table(table));
    }

    pub fn notes(&mut self, notes: Vec<String>) {
        if !notes.is_empty() {
            self.blocks.push(Block::Notes(notes));
        }
    }

    /// For a terminal: plain headings and box-drawn tables.
    pub fn to_terminal(&self) -> String {
        let mut text = format!("{}\n", self.title);
        for block in &self.blocks {
            text.push('\n');
            match block {
                Block::Heading(heading) => text.push_str(&format!("{heading}\n")),
                Block::Paragraph(paragraph) => text.push_str(&format!("{paragraph}\n")),
                Block::Table(table) => text.push_str(&format!("{}\n", table.to_terminal())),
                Block::Notes(notes) => {
                    for note in notes {
                        text.push_str(&format!("  - {note}\n"));
                    }
                }
            }
        }
        text
    }

    /// For pasting into a document: `##` title, `###` headings, pipe tables. Marks such
    /// as `*` are escaped so that they show as written.
    pub fn to_markdown(&self) -> String {
        let mut text = format!("## {}\n", escape_markdown(&self.title));
        for block in &self.blocks {
            text.push('\n');
            match block {
                Block::Heading(heading) => {
                    text.push_str(&format!("### {}\n", escape_markdown(heading)))
                }
                Block::Paragraph(paragraph) => {
                    text.push_str(&format!("{}\n", escape_markdown(paragraph)))
                }
                Block::Table(table) => text.push_str(&table.to_markdown()),
                Block::Notes(notes) => {
                    for note in notes {
                        text.push_str(&format!("- {}\n", escape_markdown(note)));
                    }
                }
            }
        }
        text
    }
}

/// Escapes the characters markdown would read as emphasis or HTML. Backticks are left as
/// code spans, brackets and intraword underscores mean nothing without more syntax.
fn escape_markdown(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        if matches!(character, '*' | '<' | '>' | '\\') {
            escaped.push('\\');
        }
        escaped.push(character);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Document {
        let mut document = Document::new("Title");
        document.heading("Section");
        let mut table = Table::new(vec!["name".into(), "CNY".into()]).numeric(&[1]);
        table.push(vec!["a|b".into(), "1,234".into()]);
        document.table(table);
        document.notes(vec!["first".into()]);
        document
    }

    #[test]
    fn markdown_escapes_pipes_and_right_aligns_numbers() {
        let markdown = sample().to_markdown();
        assert_eq!(
            markdown,
            "## Title\n\n### Section\n\n| name | CNY |\n| --- | ---: |\n| a\\|b | 1,234 |\n\n- first\n"
        );
    }

    #[test]
    fn csv_quotes_cells_that_need_it() {
        let mut table = Table::new(vec!["a".into(), "b".into()]);
        table.push(vec!["x, y".into(), "z".into()]);
        assert_eq!(table.to_csv(), "a,b\n\"x, y\",z\n");
    }

    #[test]
    fn terminal_output_holds_every_cell() {
        let text = sample().to_terminal();
        assert!(text.starts_with("Title\n"));
        assert!(text.contains("a|b") && text.contains("1,234") && text.contains("  - first"));
    }
}
