/**
 * Columnar: the results store's tables, written and read through DuckDB, stored as Parquet.
 *
 * A run's result is one Float64Array per metric. It goes into DuckDB as whole column vectors:
 * one memory copy per 2,048 epochs and metric, no value or row ever turned into a JavaScript
 * object or string. The per-epoch table is stored wide, one row per (scenario, run, epoch) and
 * one DOUBLE column per metric, so each series is copied as it is; the tidy `metrics` view
 * (scenario, run, epoch, metric, value) unpivots it when queried (see Query.ts). In memory each
 * run is a table of its metric columns; the keys are added as the table is written out.
 *
 * DuckDB is a native module that takes a noticeable time to load: it is imported on first use,
 * so commands that neither write nor query tables never load it, and worker threads (which only
 * simulate) never do.
 */
import { createRequire } from "node:module"
import type { DuckDBAppender, DuckDBConnection, DuckDBInstance } from "@duckdb/node-api"

type Api = typeof import("@duckdb/node-api")
type Raw = typeof import("@duckdb/node-bindings")

let loading: Promise<{ readonly api: Api; readonly raw: Raw }> | undefined

/**
 * Load DuckDB (once per process). Both packages are CommonJS: `require` loads them as such,
 * where `import()` would first scan each of their files with Node's CommonJS export lexer to
 * build an ES module facade (~0.1 CPU s of a 0.8 s `run --out` of radCAD's benchmark).
 */
const load = () =>
  (loading ??= Promise.resolve().then(() => {
    const requireCjs = createRequire(import.meta.url)
    return { api: requireCjs("@duckdb/node-api") as Api, raw: requireCjs("@duckdb/node-bindings") as Raw }
  }))

/** A SQL identifier, quoted (metric names hold dots and dashes). */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`

/** A SQL string literal. */
export const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`

/** Columns every per-epoch table starts with; metric names may not take them. */
export const KEY_COLUMNS: ReadonlyArray<string> = ["scenario", "run", "epoch"]

/** Value of a `runs` / `scenarios` table cell. */
export type Cell = string | number | null

/** A small table given row by row (the runs and scenarios tables: one row per run or scenario). */
export interface RowTable {
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: "VARCHAR" | "INTEGER" | "BIGINT" | "DOUBLE" }>
  readonly rows: ReadonlyArray<ReadonlyArray<Cell>>
}

/** One in-memory DuckDB database and connection. */
export class Columnar {
  /** The table of each run appended and not dropped. */
  private readonly runs: Array<{ readonly scenario: number; readonly run: number; readonly table: string }> = []

  private constructor(
    readonly connection: DuckDBConnection,
    private readonly instance: DuckDBInstance,
    private readonly lib: { readonly api: Api; readonly raw: Raw }
  ) {}

  /**
   * Open an in-memory database. `threads`: DuckDB's worker threads (default: one per core). The
   * sessions that write results use one: their work is appending and encoding, which a second
   * thread speeds up by less than it costs (CPU time of a 2,000,000-row Parquet write 0.45 s
   * with two threads, 0.40 s with one), and in a sweep the cores are busy simulating.
   */
  static async open(options: { readonly threads?: number } = {}): Promise<Columnar> {
    const lib = await load()
    const instance = await lib.api.DuckDBInstance.create(":memory:", options.threads !== undefined ? { threads: String(options.threads) } : {})
    return new Columnar(await instance.connect(), instance, lib)
  }

  /** Run SQL that returns nothing worth reading. */
  async run(sql: string): Promise<void> {
    await this.connection.run(sql)
  }

  /**
   * Append one run's series (one Float64Array per metric, epochs long) as a table of its own
   * holding the metric columns only. Its keys are not stored: the run's scenario and run index are
   * constants and the epoch is the row's position (its rowid: the table is appended once and never
   * changed), all three added by `seriesQuery`. Storing them would cost three more columns to
   * append, 2.4x the appending time (0.25 against 0.10 CPU s for radCAD's benchmark, 2,000,000
   * rows).
   */
  async appendRun(scenario: number, run: number, metrics: ReadonlyArray<string>, series: ReadonlyArray<Float64Array>): Promise<void> {
    const clash = metrics.find((m) => KEY_COLUMNS.includes(m))
    if (clash !== undefined) throw new Error(`a metric is named "${clash}", which the results tables use for their keys`)
    if (!Number.isInteger(scenario) || !Number.isInteger(run)) throw new Error(`run keys must be integers, got scenario ${scenario}, run ${run}`)
    if (metrics.length === 0) return // a model recording nothing per epoch has no per-epoch rows
    const table = `series_${this.runs.length}`
    await this.run(`CREATE TABLE ${table} (${metrics.map((m) => `${ident(m)} DOUBLE`).join(", ")})`)
    this.runs.push({ scenario, run, table })
    const { api, raw } = this.lib
    const appender = await this.connection.createAppender(table)
    try {
      const size = raw.vector_size()
      const chunk = api.DuckDBDataChunk.create(metrics.map(() => api.DOUBLE))
      const length = series[0]?.length ?? 0
      for (let from = 0; from < length; from += size) {
        const n = Math.min(size, length - from)
        chunk.reset()
        for (let m = 0; m < metrics.length; m++) {
          const data = series[m]!.subarray(from, from + n)
          raw.copy_data_to_vector(raw.data_chunk_get_vector(chunk.chunk, m), 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength)
        }
        chunk.rowCount = n
        appender.appendDataChunk(chunk)
      }
      appender.flushSync()
    } finally {
      appender.closeSync()
    }
  }

  /**
   * Every run appended so far, as one query of (scenario, run, epoch, metrics...) in (scenario,
   * run, epoch) order, whatever order the runs finished in: the runs' tables are read in key
   * order, each in its rows' order (DuckDB keeps insertion order), so nothing is sorted. Runs
   * whose scenarios record different metrics are united by column name (NULL where absent).
   */
  seriesQuery(): string | undefined {
    if (this.runs.length === 0) return undefined
    const parts = [...this.runs]
      .sort((a, b) => a.scenario - b.scenario || a.run - b.run)
      .map((r) => `SELECT CAST(${r.scenario} AS INTEGER) AS scenario, CAST(${r.run} AS INTEGER) AS run, CAST(rowid AS INTEGER) AS epoch, * FROM ${r.table}`)
    return parts.join(" UNION ALL BY NAME ")
  }

  /** Forget every run's table (a sweep writes each run to its own file, then drops it). */
  async dropSeries(): Promise<void> {
    for (const r of this.runs) await this.run(`DROP TABLE ${r.table}`)
    this.runs.length = 0
  }

  /** Create (replace) a table from rows. */
  async createRowTable(name: string, table: RowTable): Promise<void> {
    await this.run(`CREATE OR REPLACE TABLE ${ident(name)} (${table.columns.map((c) => `${ident(c.name)} ${c.type}`).join(", ")})`)
    const appender: DuckDBAppender = await this.connection.createAppender(name)
    try {
      for (const row of table.rows) {
        table.columns.forEach((c, i) => {
          const v = row[i] ?? null
          if (v === null || (typeof v === "number" && c.type !== "DOUBLE" && !Number.isFinite(v))) appender.appendNull()
          else if (c.type === "VARCHAR") appender.appendVarchar(String(v))
          else if (c.type === "INTEGER") appender.appendInteger(Number(v))
          else if (c.type === "BIGINT") appender.appendBigInt(BigInt(v))
          else appender.appendDouble(Number(v))
        })
        appender.endRow()
      }
      appender.flushSync()
    } finally {
      appender.closeSync()
    }
  }

  /**
   * Write a query's rows to a Parquet file (zstd). Parquet format version 2 encodes doubles by
   * byte stream split and integers by deltas before compressing: on radCAD's benchmark series the
   * file is half the size (11.8 MB against 22.7 MB) and written ~25% faster. DuckDB, pyarrow and
   * polars read it.
   */
  async toParquet(query: string, file: string): Promise<void> {
    await this.run(`COPY (${query}) TO ${literal(file)} (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION V2)`)
  }

  /** Read every row of a query: column names and rows of JSON-safe values. */
  async read(sql: string): Promise<{ readonly columns: ReadonlyArray<string>; readonly rows: ReadonlyArray<ReadonlyArray<unknown>> }> {
    const reader = await this.connection.runAndReadAll(sql)
    return { columns: reader.columnNames(), rows: reader.getRowsJS() }
  }

  /** A DOUBLE column of a query as a Float64Array (NULL as NaN). */
  async readDoubles(sql: string): Promise<Float64Array> {
    const reader = await this.connection.runAndReadAll(sql)
    const values = reader.getColumnsJS()[0] ?? []
    return Float64Array.from(values, (v) => (typeof v === "number" ? v : Number.NaN))
  }

  close(): void {
    this.connection.closeSync()
    this.instance.closeSync()
  }
}
