/**
 * Columnar: the results store's tables, written and read through DuckDB, stored as Parquet.
 *
 * A run's result is one Float64Array per metric. It goes into DuckDB as whole column vectors:
 * one memory copy per 2,048 epochs and metric, no value or row ever turned into a JavaScript
 * object or string. The per-epoch table is stored wide, one row per (scenario, run, epoch) and
 * one DOUBLE column per metric, so each series is copied as it is; the tidy `metrics` view
 * (scenario, run, epoch, metric, value) unpivots it when queried (see Query.ts).
 *
 * DuckDB is a native module that takes a noticeable time to load: it is imported on first use,
 * so commands that neither write nor query tables never load it, and worker threads (which only
 * simulate) never do.
 */
import type { DuckDBAppender, DuckDBConnection, DuckDBInstance } from "@duckdb/node-api"

type Api = typeof import("@duckdb/node-api")
type Raw = typeof import("@duckdb/node-bindings")

let loading: Promise<{ readonly api: Api; readonly raw: Raw }> | undefined

/** Load DuckDB (once per process). */
const load = () =>
  (loading ??= Promise.all([import("@duckdb/node-api"), import("@duckdb/node-bindings")]).then(([api, raw]) => ({ api, raw: ((raw as { default?: Raw }).default ?? raw) as Raw })))

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
  private readonly tables = new Map<string, string>()
  /** (scenario, run) of the last run appended, and whether every append came in that order. */
  private last: readonly [number, number] = [-1, -1]
  private inOrder = true

  private constructor(
    readonly connection: DuckDBConnection,
    private readonly instance: DuckDBInstance,
    private readonly lib: { readonly api: Api; readonly raw: Raw }
  ) {}

  static async open(): Promise<Columnar> {
    const lib = await load()
    const instance = await lib.api.DuckDBInstance.create(":memory:")
    return new Columnar(await instance.connect(), instance, lib)
  }

  /** Run SQL that returns nothing worth reading. */
  async run(sql: string): Promise<void> {
    await this.connection.run(sql)
  }

  /**
   * Append one run's series (one Float64Array per metric, epochs long) to the per-epoch table for
   * its set of metrics (runs of one experiment share it unless scenarios record different metrics).
   * Returns that table's name.
   */
  async appendRun(scenario: number, run: number, metrics: ReadonlyArray<string>, series: ReadonlyArray<Float64Array>): Promise<string> {
    const key = metrics.join("\u0000")
    let table = this.tables.get(key)
    if (table === undefined) {
      const clash = metrics.find((m) => KEY_COLUMNS.includes(m))
      if (clash !== undefined) throw new Error(`a metric is named "${clash}", which the results tables use for their keys`)
      table = `series_${this.tables.size}`
      await this.run(`CREATE TABLE ${table} (scenario INTEGER, run INTEGER, epoch INTEGER${metrics.map((m) => `, ${ident(m)} DOUBLE`).join("")})`)
      this.tables.set(key, table)
    }
    const [s0, r0] = this.last
    if (scenario < s0 || (scenario === s0 && run <= r0)) this.inOrder = false
    this.last = [scenario, run]
    const { api, raw } = this.lib
    const appender = await this.connection.createAppender(table)
    try {
      const size = raw.vector_size()
      const chunk = api.DuckDBDataChunk.create([api.INTEGER, api.INTEGER, api.INTEGER, ...metrics.map(() => api.DOUBLE)])
      const scenarios = new Int32Array(size).fill(scenario)
      const runs = new Int32Array(size).fill(run)
      const epochs = new Int32Array(size)
      const put = (column: number, data: Int32Array | Float64Array) => raw.copy_data_to_vector(raw.data_chunk_get_vector(chunk.chunk, column), 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength)
      const length = series[0]?.length ?? 0
      for (let from = 0; from < length; from += size) {
        const n = Math.min(size, length - from)
        chunk.reset()
        for (let i = 0; i < n; i++) epochs[i] = from + i
        put(0, scenarios.subarray(0, n))
        put(1, runs.subarray(0, n))
        put(2, epochs.subarray(0, n))
        for (let m = 0; m < metrics.length; m++) put(3 + m, series[m]!.subarray(from, from + n))
        chunk.rowCount = n
        appender.appendDataChunk(chunk)
      }
      appender.flushSync()
    } finally {
      appender.closeSync()
    }
    return table
  }

  /**
   * Every per-epoch table appended so far, as one query in (scenario, run, epoch) order, whatever
   * order the runs finished in. Runs that arrived in order (one worker) are scanned as stored,
   * which keeps their order without a sort.
   */
  seriesQuery(): string | undefined {
    const tables = [...this.tables.values()]
    if (tables.length === 0) return undefined
    if (tables.length === 1 && this.inOrder) return `SELECT * FROM ${tables[0]}`
    return `SELECT * FROM (${tables.map((t) => `SELECT * FROM ${t}`).join(" UNION ALL BY NAME ")}) ORDER BY scenario, run, epoch`
  }

  /** Forget every per-epoch table (a sweep writes each run to its own file, then drops it). */
  async dropSeries(): Promise<void> {
    for (const t of this.tables.values()) await this.run(`DROP TABLE ${t}`)
    this.tables.clear()
    this.last = [-1, -1]
    this.inOrder = true
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

  /** Write a query's rows to a Parquet file (zstd). */
  async toParquet(query: string, file: string): Promise<void> {
    await this.run(`COPY (${query}) TO ${literal(file)} (FORMAT parquet, COMPRESSION zstd)`)
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
