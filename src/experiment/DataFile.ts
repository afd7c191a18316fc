/**
 * DataFile: numeric columns from a CSV data file (a price path, a stake distribution, ...),
 * validated like every experiment field: a missing column, a value that is not a number, or one
 * out of range is an ExperimentInvalid naming the file, the row (its line in the file) and the
 * column, so the CLI prints `prices.csv:7:2: price: Expected a number > 0, got -3` and exits 2.
 * Parsing is csv-parse's (quoted fields, CRLF, a byte-order mark); lines starting with `#` are
 * comments, so a data file can state its provenance.
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

/** Parse `text` (the content of `file`) into the required columns, in row order. */
export const readColumns = (
  file: string,
  text: string,
  columns: ReadonlyArray<ColumnSpec>
): Either.Either<{ readonly values: Record<string, Float64Array>; readonly lines: ReadonlyArray<number>; readonly header: ReadonlyArray<string> }, ExperimentInvalid> => {
  const fail = (issues: ReadonlyArray<FieldIssue>) => Either.left(new ExperimentInvalid({ file, issues }))
  let rows: Array<{ record: Array<string>; info: { lines: number } }>
  try {
    rows = parse(text, { bom: true, info: true, comment: "#", skip_empty_lines: true, relax_column_count: false, trim: true }) as unknown as Array<{ record: Array<string>; info: { lines: number } }>
  } catch (e) {
    const line = (e as { lines?: number }).lines
    return fail([{ path: "(csv)", message: e instanceof Error ? e.message : String(e), ...(line !== undefined ? { line, column: 1 } : {}) }])
  }
  const header = rows[0]?.record
  if (!header) return fail([{ path: "(header)", message: `Expected a header row naming the columns ${columns.map((c) => c.name).join(", ")}; the file is empty` }])
  const index = new Map(header.map((h, i) => [h, i]))
  const missing = columns.filter((c) => !index.has(c.name))
  if (missing.length > 0) {
    return fail(missing.map((c) => ({ path: c.name, message: `Expected a column "${c.name}"; the header has ${header.map((h) => JSON.stringify(h)).join(", ")}`, line: 1, column: 1 })))
  }
  if (rows.length < 2) return fail([{ path: "(rows)", message: "Expected at least one data row after the header", line: 1, column: 1 }])
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
