/**
 * CsvField: one text field of a CSV file the sandbox writes, safe to open in a spreadsheet.
 *
 * Text in a CSV can come from anyone: scenario labels and string parameters from an experiment
 * file, error messages, and (in a distributed sweep) whatever a worker sent back. Two things keep
 * it inert:
 * - RFC 4180 quoting: a field holding a comma, a quote or a line break is quoted (quotes doubled),
 *   so it can never add columns or rows;
 * - formula neutralising (OWASP "CSV injection"): spreadsheets run a cell that starts with `=`,
 *   `+`, `-`, `@`, a tab or a carriage return as a formula (`=HYPERLINK(...)`), so such a field
 *   gets a leading `'`, which spreadsheets show as text. A field that is a plain number (`-5`,
 *   `+1e3`) is left alone: it is a value, not a formula.
 * Numbers the sandbox computes are written as numbers and never pass through here.
 */

const FORMULA_START = /^[=+\-@\t\r]/
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

/** A text field for CSV: formula prefixes neutralised, then quoted when it holds `,`, `"` or a line break. */
export const csvField = (s: string): string => {
  const inert = FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s
  return /[",\n\r]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert
}
