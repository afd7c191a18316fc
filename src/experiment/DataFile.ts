/**
 * DataFile: numeric columns from a CSV data file (a price path, a stake distribution, ...),
 * validated like every experiment field: a missing column, a value that is not a number, or one
 * out of range is an ExperimentInvalid naming the file, the row (its line in the file) and the
 * column, so the CLI prints `prices.csv:7:2: price: Expected a number > 0, got -3` and exits 2.
 * Parsing is csv-parse's (quoted fields, CRLF, a byte-order mark); lines starting with `#` are
 * comments, so a data file can state its provenance.
 *
 * `readTable` reads a table instead (a per-region cost table): one record per row with the named
 * columns, a cell that reads as a number becoming a number and any other the text, an empty cell
 * left out; the model's schema then judges each field, and Decode tells its complaint at the
 * row's line and the field's column.
 */
import { parse } from "csv-parse/sync"
import * as Either from "effect/Either"
import { ExperimentInvalid, type FieldIssue } from "./Errors.ts"

/** A column a data file must have, and what its values must be. */
export interface ColumnSpec {
  readonly name: string
  readonly values: "number" | "positive" | "nonNegative"
}

const EXPECT: Readonly<Record<ColumnSpec["values"], [string, (v: number) => boolean]>> = {
  number: ["a number", () => true],
  positive: ["a number > 0", (v) => v > 0],
  nonNegative: ["a number >= 0", (v) => v >= 0]
}

/** At most this many problems are listed; the rest are counted. */
const MAX_ISSUES = 20

type Row = { record: Array<string>; info: { lines: number } }

/** The rows of `text`, header first, or the parse error at its line. */
const parseRows = (text: string): Either.Either<Array<Row>, FieldIssue> => {
  try {
    return Either.right(parse(text, { bom: true, info: true, comment: "#", skip_empty_lines: true, relax_column_count: false, trim: true }) as unknown as Array<Row>)
  } catch (e) {
    const line = (e as { lines?: number }).lines
    return Either.left({ path: "(csv)", message: e instanceof Error ? e.message : String(e), ...(line !== undefined ? { line, column: 1 } : {}) })
  }
}

/** The header of `rows`, checked to have `names` and at least one data row after it. */
const checkHeader = (rows: ReadonlyArray<Row>, names: ReadonlyArray<string>): Either.Either<ReadonlyArray<string>, ReadonlyArray<FieldIssue>> => {
  const header = rows[0]?.record
  if (!header) return Either.left([{ path: "(header)", message: `Expected a header row naming the columns ${names.join(", ")}; the file is empty` }])
  const missing = names.filter((c) => !header.includes(c))
  if (missing.length > 0) return Either.left(missing.map((c) => ({ path: c, message: `Expected a column "${c}"; the header has ${header.map((h) => JSON.stringify(h)).join(", ")}`, line: 1, column: 1 })))
  if (rows.length < 2) return Either.left([{ path: "(rows)", message: "Expected at least one data row after the header", line: 1, column: 1 }])
  return Either.right(header)
}

/** A table cell as a parameter value: a number when it reads as one, else its text. */
const cellValue = (raw: string): number | string => {
  const v = Number(raw)
  return raw !== "" && Number.isFinite(v) ? v : raw
}

/** One record per row of `text` (the content of `file`) with the named columns; empty cells left out. */
export const readTable = (
  file: string,
  text: string,
  columns: ReadonlyArray<string>
): Either.Either<{ readonly rows: ReadonlyArray<Record<string, number | string>>; readonly lines: ReadonlyArray<number>; readonly header: ReadonlyArray<string> }, ExperimentInvalid> => {
  const fail = (issues: ReadonlyArray<FieldIssue>) => Either.left(new ExperimentInvalid({ file, issues }))
  const rows = parseRows(text)
  if (Either.isLeft(rows)) return fail([rows.left])
  const header = checkHeader(rows.right, columns)
  if (Either.isLeft(header)) return fail(header.left)
  const at = columns.map((c) => header.right.indexOf(c))
  const body = rows.right.slice(1)
  const records = body.map(({ record }) => {
    const out: Record<string, number | string> = {}
    columns.forEach((c, k) => {
      const raw = record[at[k]!] ?? ""
      if (raw !== "") out[c] = cellValue(raw)
    })
    return out
  })
  return Either.right({ rows: records, lines: body.map((r) => r.info.lines), header: header.right })
}

/** Parse `text` (the content of `file`) into the required columns, in row order. */
export const readColumns = (
  file: string,
  text: string,
  columns: ReadonlyArray<ColumnSpec>
): Either.Either<{ readonly values: Record<string, Float64Array>; readonly lines: ReadonlyArray<number>; readonly header: ReadonlyArray<string> }, ExperimentInvalid> => {
  const fail = (issues: ReadonlyArray<FieldIssue>) => Either.left(new ExperimentInvalid({ file, issues }))
  const parsed = parseRows(text)
  if (Either.isLeft(parsed)) return fail([parsed.left])
  const rows = parsed.right
  const checked = checkHeader(rows, columns.map((c) => c.name))
  if (Either.isLeft(checked)) return fail(checked.left)
  const header = checked.right
  const index = new Map(header.map((h, i) => [h, i]))
  const out: Record<string, Float64Array> = Object.fromEntries(columns.map((c) => [c.name, new Float64Array(rows.length - 1)]))
  const issues: Array<FieldIssue> = []
  let more = 0
  rows.slice(1).forEach(({ record, info }, r) => {
    for (const c of columns) {
      const at = index.get(c.name)!
      const raw = record[at] ?? ""
      const v = raw === "" ? Number.NaN : Number(raw)
      const [what, ok] = EXPECT[c.values]
      if (!Number.isFinite(v) || !ok(v)) {
        if (issues.length < MAX_ISSUES) issues.push({ path: c.name, message: `Expected ${what}, got ${JSON.stringify(raw)}`, line: info.lines, column: at + 1 })
        else more++
        continue
      }
      out[c.name]![r] = v
    }
  })
  if (more > 0) issues.push({ path: "(more)", message: `${more} more values are invalid` })
  return issues.length > 0 ? fail(issues) : Either.right({ values: out, lines: rows.slice(1).map((r) => r.info.lines), header })
}
