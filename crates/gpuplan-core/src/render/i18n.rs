//! Headings, labels and notes in English and Chinese.
