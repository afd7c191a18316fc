/**
 * Columnar: the results store's tables, written and read through DuckDB, stored as Parquet.
 *
 * A run's result is one Float64Array per metric. The per-epoch table is stored wide, one row per
 * (scenario, run, epoch) and one DOUBLE column per metric, so each series is written as it is;
 * the tidy `metrics` view (scenario, run, epoch, metric, value) unpivots it when queried (see
 * Query.ts). The series are not copied into a DuckDB table: the runs appended are kept as they
 * are (their Float64Arrays) and DuckDB reads them through a table function of this session
 * (`sandbox_series`) that hands it each 2,048-row vector as one memory copy per column, straight
 * into the Parquet writer. No value or row ever becomes a JavaScript object or string, and the
 * data is copied once between the engine and the file's encoder (through a table it was copied
 * in, flushed into DuckDB's storage and scanned out again: 0.16 against 0.12 CPU s for radCAD's
 * benchmark, 2,000,000 rows).
 *
 * DuckDB is a native module that takes a noticeable time to load: it is loaded on first use,
 * so commands that neither write nor query tables never load it, and worker threads (which only
 * simulate) never do. Writing uses the C API bindings alone; the higher-level @duckdb/node-api
 * (0.04 CPU s more to load) is loaded only to read query results back into JavaScript values.
 */
import { createRequire } from "node:module"

type Api = typeof import("@duckdb/node-api")
type Raw = typeof import("@duckdb/node-bindings")

const requireCjs = createRequire(import.meta.url)
let raw: Raw | undefined
let api: Api | undefined

/**
 * Load DuckDB's bindings (once per process). Both packages are CommonJS: `require` loads them as
 * such, where `import()` would first scan each of their files with Node's CommonJS export lexer
 * to build an ES module facade (~0.1 CPU s of a 0.8 s `run --out` of radCAD's benchmark).
 */
const loadRaw = (): Raw => (raw ??= requireCjs("@duckdb/node-bindings") as Raw)
const loadApi = (): Api => (api ??= requireCjs("@duckdb/node-api") as Api)

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

/** One run's series as appended: kept as they are until written. */
interface StoredRun {
  readonly scenario: number
  readonly run: number
  readonly metrics: ReadonlyArray<string>
  readonly series: ReadonlyArray<Float64Array>
}

/** The table function through which DuckDB reads the appended runs (see the file's header). */
const SERIES_FUNCTION = "sandbox_series"

/** One in-memory DuckDB database and connection. */
export class Columnar {
  /** Every run appended and not dropped, in arrival order. */
  private readonly runs: Array<StoredRun> = []
  /** The runs in (scenario, run) order, as the last `seriesQuery` numbered them for `sandbox_series`. */
  private ordered: ReadonlyArray<StoredRun> = []
  private reader: InstanceType<Api["DuckDBConnection"]> | undefined

  private constructor(
    private readonly connection: import("@duckdb/node-bindings").Connection,
    private readonly database: import("@duckdb/node-bindings").Database,
    private readonly lib: Raw
  ) {}

  /**
   * Open an in-memory database. `threads`: DuckDB's worker threads (default: one per core). The
   * sessions that write results use one: their work is encoding, which a second thread speeds up
   * by less than it costs (CPU time of a 2,000,000-row Parquet write 0.45 s with two threads, 0.40
   * s with one, measured when the rows came from a table), and in a sweep the cores are busy
   * simulating.
   */
  static async open(options: { readonly threads?: number } = {}): Promise<Columnar> {
    const lib = loadRaw()
    const config = lib.create_config()
    if (options.threads !== undefined) lib.set_config(config, "threads", String(options.threads))
    const database = await lib.open(":memory:", config)
    const db = new Columnar(await lib.connect(database), database, lib)
    db.registerSeriesFunction()
    return db
  }

  /** Run SQL that returns nothing worth reading. */
  async run(sql: string): Promise<void> {
    await this.lib.query(this.connection, sql)
  }

  /**
   * Keep one run's series (one Float64Array per metric, epochs long) for the per-epoch table. The
   * arrays are not copied: they must not change until written (a run's result never does). The
   * keys are not stored either: the run's scenario and run index are constants and the epoch is
   * the row's position, all three filled in as DuckDB reads the run.
   */
  async appendRun(scenario: number, run: number, metrics: ReadonlyArray<string>, series: ReadonlyArray<Float64Array>): Promise<void> {
    const clash = metrics.find((m) => KEY_COLUMNS.includes(m))
    if (clash !== undefined) throw new Error(`a metric is named "${clash}", which the results tables use for their keys`)
    if (!Number.isInteger(scenario) || !Number.isInteger(run)) throw new Error(`run keys must be integers, got scenario ${scenario}, run ${run}`)
    if (metrics.length === 0) return // a model recording nothing per epoch has no per-epoch rows
    const length = series[0]?.length ?? 0
    if (series.length !== metrics.length || series.some((s) => s.length !== length)) throw new Error(`run ${scenario}/${run}: ${metrics.length} metrics but ${series.length} series of unequal lengths`)
    this.runs.push({ scenario, run, metrics: [...metrics], series: [...series] })
  }

  /**
   * Every run appended so far, as one query of (scenario, run, epoch, metrics...) in (scenario,
   * run, epoch) order, whatever order the runs finished in: runs are read in key order, each
   * epoch by epoch, so nothing is sorted. Consecutive runs that record the same metrics are one
   * call of `sandbox_series`; runs whose scenarios record different metrics are united by column
   * name (NULL where absent). The query is valid until the next `appendRun` or `dropSeries`.
   */
  seriesQuery(): string | undefined {
    if (this.runs.length === 0) return undefined
    const ordered = [...this.runs].sort((a, b) => a.scenario - b.scenario || a.run - b.run)
    this.ordered = ordered
    const same = (a: StoredRun, b: StoredRun) => a.metrics.length === b.metrics.length && a.metrics.every((m, i) => b.metrics[i] === m)
    const parts: Array<string> = []
    for (let from = 0; from < ordered.length; ) {
      let to = from + 1
      while (to < ordered.length && same(ordered[from]!, ordered[to]!)) to++
      parts.push(`SELECT * FROM ${SERIES_FUNCTION}(${from}, ${to})`)
      from = to
    }
    return parts.join(" UNION ALL BY NAME ")
  }

  /** Forget every run (a sweep writes each run to its own file, then drops it). */
  async dropSeries(): Promise<void> {
    this.runs.length = 0
    this.ordered = []
  }

  /**
   * `sandbox_series(from, to)`: the runs `ordered[from, to)` (all recording the same metrics) as
   * rows of (scenario, run, epoch, metrics...). Each call of the scan function fills one vector
   * of rows, one memory copy per column; the keys come from one reused Int32Array.
   */
  private registerSeriesFunction(): void {
    const lib = this.lib
    const fn = lib.create_table_function()
    lib.table_function_set_name(fn, SERIES_FUNCTION)
    const integer = lib.create_logical_type(lib.Type.INTEGER)
    const double = lib.create_logical_type(lib.Type.DOUBLE)
    lib.table_function_add_parameter(fn, integer)
    lib.table_function_add_parameter(fn, integer)
    const size = lib.vector_size()
    const keys = new Int32Array(size)
    lib.table_function_set_bind(fn, (info) => {
      const from = lib.get_int32(lib.bind_get_parameter(info, 0))
      const to = lib.get_int32(lib.bind_get_parameter(info, 1))
      const first = this.ordered[from]
      if (first === undefined || !(to > from && to <= this.ordered.length)) return lib.bind_set_error(info, `${SERIES_FUNCTION}(${from}, ${to}): no such runs`)
      for (const k of KEY_COLUMNS) lib.bind_add_result_column(info, k, integer)
      for (const m of first.metrics) lib.bind_add_result_column(info, m, double)
      lib.bind_set_bind_data(info, { runs: this.ordered.slice(from, to) })
    })
    lib.table_function_set_init(fn, (info) => {
      lib.init_set_max_threads(info, 1)
      lib.init_set_init_data(info, { run: 0, epoch: 0 })
    })
    lib.table_function_set_function(fn, (info, out) => {
      const { runs } = lib.function_get_bind_data(info) as { readonly runs: ReadonlyArray<StoredRun> }
      const at = lib.function_get_init_data(info) as { run: number; epoch: number }
      while (at.run < runs.length && at.epoch >= (runs[at.run]!.series[0]?.length ?? 0)) {
        at.run++
        at.epoch = 0
      }
      const r = runs[at.run]
      if (r === undefined) return lib.data_chunk_set_size(out, 0)
      const from = at.epoch
      const n = Math.min(size, r.series[0]!.length - from)
      const put = (column: number, data: Int32Array | Float64Array) =>
        lib.copy_data_to_vector(lib.data_chunk_get_vector(out, column), 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength)
      const view = keys.subarray(0, n)
      put(0, view.fill(r.scenario))
      put(1, view.fill(r.run))
      for (let i = 0; i < n; i++) keys[i] = from + i
      put(2, view)
      for (let m = 0; m < r.series.length; m++) put(3 + m, r.series[m]!.subarray(from, from + n))
      lib.data_chunk_set_size(out, n)
      at.epoch = from + n
    })
    lib.register_table_function(this.connection, fn)
  }

  /** Create (replace) a table from rows. */
  async createRowTable(name: string, table: RowTable): Promise<void> {
    const lib = this.lib
    await this.run(`CREATE OR REPLACE TABLE ${ident(name)} (${table.columns.map((c) => `${ident(c.name)} ${c.type}`).join(", ")})`)
    const appender = lib.appender_create(this.connection, null, name)
    try {
      for (const row of table.rows) {
        table.columns.forEach((c, i) => {
          const v = row[i] ?? null
          if (v === null || (typeof v === "number" && c.type !== "DOUBLE" && !Number.isFinite(v))) lib.append_null(appender)
          else if (c.type === "VARCHAR") lib.append_varchar(appender, String(v))
          else if (c.type === "INTEGER") lib.append_int32(appender, Number(v))
          else if (c.type === "BIGINT") lib.append_int64(appender, BigInt(v))
          else lib.append_double(appender, Number(v))
        })
        lib.appender_end_row(appender)
      }
      lib.appender_flush_sync(appender)
    } finally {
      lib.appender_close_sync(appender)
    }
  }

  /**
   * Write a query's rows to a Parquet file (zstd). Parquet format version 2 encodes doubles by
   * byte stream split and integers by deltas before compressing: on radCAD's benchmark series the
   * file is half the size (11.8 MB against 22.7 MB) and written ~25% faster. A dictionary is not
   * tried (`DICTIONARY_SIZE_LIMIT 1`): DuckDB otherwise hashes each column's values up to a
   * limit before giving up on one, 20% of the write of radCAD's benchmark (same bytes out), and
   * on gpu-network's series the file comes out 2% smaller without. DuckDB, pyarrow and polars
   * read it.
   */
  async toParquet(query: string, file: string): Promise<void> {
    await this.run(`COPY (${query}) TO ${literal(file)} (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION V2, DICTIONARY_SIZE_LIMIT 1)`)
  }

  /** The same connection through @duckdb/node-api, which turns results into JavaScript values. */
  private readerConnection(): InstanceType<Api["DuckDBConnection"]> {
    return (this.reader ??= new (loadApi().DuckDBConnection)(this.connection))
  }

  /** Read every row of a query: column names and rows of JSON-safe values. */
  async read(sql: string): Promise<{ readonly columns: ReadonlyArray<string>; readonly rows: ReadonlyArray<ReadonlyArray<unknown>> }> {
    const reader = await this.readerConnection().runAndReadAll(sql)
    return { columns: reader.columnNames(), rows: reader.getRowsJS() }
  }

  /** Every column of a query's rows, as arrays of JSON-safe values (one per column, not per row). */
  async readColumns(sql: string): Promise<ReadonlyArray<ReadonlyArray<unknown>>> {
    return (await this.readerConnection().runAndReadAll(sql)).getColumnsJS()
  }

  /** A DOUBLE column of a query as a Float64Array (NULL as NaN). */
  async readDoubles(sql: string): Promise<Float64Array> {
    const reader = await this.readerConnection().runAndReadAll(sql)
    const values = reader.getColumnsJS()[0] ?? []
    return Float64Array.from(values, (v) => (typeof v === "number" ? v : Number.NaN))
  }

  close(): void {
    if (this.reader !== undefined) this.reader.closeSync()
    else this.lib.disconnect_sync(this.connection)
    this.lib.close_sync(this.database)
  }
}
