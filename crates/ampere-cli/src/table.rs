//! Plain-text tables for the terminal: a header, rows, columns padded to fit.

/// A table under construction; numbers are formatted by the caller.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column titles.
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Self {
        Table { header: header.into_iter().map(Into::into).collect(), rows: Vec::new() }
    }

    /// Append a row (as many cells as the header).
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// Render: columns of numbers right-aligned, text columns left-aligned.
    pub fn render(&self) -> String {
        let n_columns = self.header.len();
        let numeric: Vec<bool> = (0..n_columns)
            .map(|col| {
                self.rows
                    .iter()
                    .all(|r| r.get(col).is_none_or(|c| c.trim_end_matches('%').parse::<f64>().is_ok() || c == "-"))
            })
            .collect();
        let widths: Vec<usize> = (0..n_columns)
            .map(|col| {
                std::iter::once(&self.header)
                    .chain(&self.rows)
                    .map(|r| r.get(col).map_or(0, |c| c.chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(col, cell)| {
                    if numeric[col] {
                        format!("{cell:>w$}", w = widths[col])
                    } else {
                        format!("{cell:<w$}", w = widths[col])
                    }
                })
                .collect();
            padded.join("  ").trim_end().to_owned()
        };
        let mut out = line(&self.header);
        out.push('\n');
        out.push_str(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
        for row in &self.rows {
            out.push('\n');
            out.push_str(&line(row));
        }
        out.push('\n');
        out
    }
}
