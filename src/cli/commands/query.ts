/**
 * `sandbox query <dir> "<SQL>"`: SQL (DuckDB) over a results directory.
 *
 * The directory's tables are views (Query.ts): metrics, series, attacks, runs, scenarios. The
 * answer prints as an aligned table, or as JSON (--json) or CSV (--csv) for scripts. The query
 * itself is the library's (src/library/QueryResults.ts).
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import { csvField } from "../../experiment/Results.ts"
import { queryResults } from "../../library/QueryResults.ts"

const dir = Args.text({ name: "dir" }).pipe(Args.withDescription("A results directory (sandbox run --out, or sandbox sweep)."))
const sql = Args.text({ name: "sql" }).pipe(
  Args.withDescription(`SQL over the views metrics(scenario, run, epoch, metric, value), series, attacks, runs, scenarios; e.g. "select scenario, median(value) from metrics where metric = 'price' and epoch = 99 group by 1"`)
)
const json = Options.boolean("json").pipe(Options.withDescription("Print the rows as a JSON array of objects."))
const csv = Options.boolean("csv").pipe(Options.withDescription("Print the rows as CSV with a header."))

/** A cell as text: numbers in their shortest round-trip form, NULL empty. */
const text = (v: unknown): string => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? Number(x) : x)) : String(v))

/** JSON-safe value (DuckDB BIGINTs come back as bigint). */
const plain = (v: unknown): unknown => (typeof v === "bigint" ? Number(v) : v)

/** A cell for reading: fractions to 6 significant digits (--json and --csv keep every digit). */
const short = (v: unknown): string => (typeof v === "number" && !Number.isInteger(v) && Number.isFinite(v) ? String(Number(v.toPrecision(6))) : text(v))

/** Rows as an aligned text table: numbers right-aligned, a rule under the header. */
export const formatTable = (columns: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<unknown>>): string => {
  const cells = rows.map((r) => r.map(short))
  const numeric = columns.map((_, c) => rows.every((r) => r[c] === null || typeof r[c] === "number" || typeof r[c] === "bigint"))
  const width = columns.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c]!.length)))
  const line = (r: ReadonlyArray<string>) => r.map((x, c) => (numeric[c] ? x.padStart(width[c]!) : x.padEnd(width[c]!))).join("  ").trimEnd()
  return [line(columns), width.map((w) => "-".repeat(w)).join("  "), ...cells.map(line), `(${rows.length} row${rows.length === 1 ? "" : "s"})`].join("\n")
}

export const queryCommand = Command.make("query", { dir, sql, json, csv }, (args) =>
  Effect.gen(function* () {
    const answer = yield* queryResults(args.dir, args.sql)
    if (args.json) {
      yield* Console.log(JSON.stringify(answer.rows.map((r) => Object.fromEntries(answer.columns.map((c, i) => [c, plain(r[i])]))), null, 2))
    } else if (args.csv) {
      yield* Console.log([answer.columns.map(csvField).join(","), ...answer.rows.map((r) => r.map((v) => csvField(text(v))).join(","))].join("\n"))
    } else {
      yield* Console.log(formatTable(answer.columns, answer.rows))
    }
  })
).pipe(Command.withDescription("Ask SQL (DuckDB) of a results directory: tables metrics, series, attacks, runs, scenarios."))
