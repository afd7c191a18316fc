/**
 * QueryResults: SQL (DuckDB) over a results directory (`sandbox run --out`, `sandbox sweep`),
 * its tables as the views metrics, series, attacks, runs and scenarios (src/experiment/Query.ts).
 * The one implementation behind `sandbox query` (which adds printing as a table, JSON or CSV) and
 * the library's `query`.
 */
import { existsSync, statSync } from "node:fs"
import * as Effect from "effect/Effect"
import { InvalidOption } from "../experiment/Errors.ts"
import { openResults, tablesOf } from "../experiment/Query.ts"

/** A query's answer: its column names and its rows, one value per column (DuckDB's JavaScript values; BIGINT as bigint). */
export interface QueryAnswer {
  readonly columns: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<unknown>>
  /** The views the directory holds, the ones `sql` could name. */
  readonly tables: ReadonlyArray<string>
}

/**
 * Ask `sql` of the results in `dir`. Fails with InvalidOption naming the directory when it is
 * missing or holds no results, and naming the query, with the tables it could use, when DuckDB
 * refuses it.
 */
export const queryResults = (dir: string, sql: string): Effect.Effect<QueryAnswer, InvalidOption> =>
  Effect.gen(function* () {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return yield* new InvalidOption({ option: dir, message: "no such results directory" })
    const tables = tablesOf(dir)
    if (tables.length === 0) return yield* new InvalidOption({ option: dir, message: "holds no results (expected series.parquet, runs/*.parquet or metrics.csv: the output of sandbox run --out or sandbox sweep)" })
    const answer = yield* Effect.acquireUseRelease(
      Effect.tryPromise({ try: () => openResults(dir), catch: (e) => new InvalidOption({ option: dir, message: e instanceof Error ? e.message : String(e) }) }),
      (db) => Effect.tryPromise({ try: () => db.read(sql), catch: (e) => new InvalidOption({ option: "query", message: `${e instanceof Error ? e.message : String(e)} (tables: ${tables.join(", ")})` }) }),
      (db) => Effect.sync(() => db.close())
    )
    return { columns: answer.columns, rows: answer.rows, tables }
  })
