/**
 * Store: the results directory of a sweep, written as runs finish so an interrupted sweep
 * keeps every finished run and `--resume` can skip them.
 *
 * Layout of DIR (format "parquet", the default):
 *   manifest.json                experiment name, hash, code version and format: a resume must match
 *   runs/sNNNNN-rNNNNN.parquet   one run's per-epoch series (scenario, run, epoch, one column per
 *                                metric), stored once: there is no assembled copy
 *   runs/sNNNNN-rNNNNN.json      that run's record (coordinates, seed, status, final metrics);
 *                                written last, so its presence means the run is stored
 *   runs.parquet, scenarios.parquet, summary.json, experiment.resolved.yaml   written at the end
 * With format "csv" each run has runs/sNNNNN-rNNNNN.csv (and .attacks.csv) instead, assembled
 * at the end into metrics.csv, attacks.csv and runs.csv as before.
 * `sandbox query DIR` (Query.ts) reads either layout as the same views.
 * Every file is written to a temporary name, flushed to disk (fsync) and renamed, so none is
 * ever half-written, even after power loss. Only final values are kept in memory.
 * One process at a time: the directory is locked while a sweep writes it (StoreLock.ts), and
 * stored runs are checked before they are trusted (StoreCheck.ts).
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Scope from "effect/Scope"
import { runTermValues, seriesLookup, type Guardrail } from "../analysis/Guardrails.ts"
import { Columnar, type RowTable } from "./Columnar.ts"
import { OutputExists, OutputWriteError, type OutputWriter } from "./Output.ts"
import { ensureReplaceable, OUTPUT_MARKER, OUTPUT_MARKER_TEXT } from "./OutputGuard.ts"
import { syncDir, syncFile, writeAtomic } from "./AtomicWrite.ts"
import { readRecord, StoreDamaged } from "./StoreCheck.ts"
import { liveHolder, lockStore, type StoreLocked } from "./StoreLock.ts"
import { ATTACKS_HEADER, attackCsvRows, finalsOf, METRICS_HEADER, runCsvRows, type RunRecord } from "./Results.ts"
import type { RunOutcome } from "./RunOne.ts"

/** `--resume` on a directory holding another experiment's results. */
export class StoreMismatch extends Data.TaggedError("StoreMismatch")<{
  readonly dir: string
  readonly expected: string
  /**
   * What the directory holds instead: the other experiment's hash ("experiment"), the code
   * version that computed its runs ("code"), why it is not a sweep's directory ("notASweep"),
   * or, for `sandbox optimize`, the other optimize block its search followed ("search").
   */
  readonly found: string
  readonly reason: "experiment" | "code" | "notASweep" | "search"
}> {}

/** How a store keeps per-epoch series: Parquet tables (default) or tidy CSV. */
export type StoreFormat = "parquet" | "csv"

interface Manifest {
  readonly experiment: string
  readonly hash: string
  /** Code version (CodeVersion.ts) that computed the stored runs. */
  readonly version: string
  /** Absent in stores written before Parquet: those are CSV. */
  readonly format?: StoreFormat
}

const pad = (n: number) => String(n).padStart(5, "0")
/** File stem of a run: scenario and run index. */
export const runKey = (scenario: number, run: number): string => `s${pad(scenario)}-r${pad(run)}`

const fail = (path: string) => (e: { readonly message: string }) => new OutputWriteError({ path, message: e.message })

export interface OpenOptions {
  readonly dir: string
  readonly experiment: string
  readonly hash: string
  /** Code version computing the runs: a resume with other code would mix models' results. */
  readonly version: string
  readonly resume: boolean
  readonly force: boolean
  readonly format: StoreFormat
  /** How the lock names this process to another one that finds it (e.g. `sandbox sweep x.yaml`). */
  readonly command: string
}

/** An opened store: the keys of runs already stored (for --resume) and the store's format. */
export interface OpenedStore {
  readonly stored: ReadonlySet<string>
  /** On resume, the format the directory was started in (it wins over the one asked for). */
  readonly format: StoreFormat
  /** Records found damaged on resume (removed: their runs are computed again), each with why. */
  readonly damaged: ReadonlyArray<{ readonly file: string; readonly reason: string }>
}

/** A run record's file name. */
const RECORD = /^s\d+-r\d+\.json$/

export { writeAtomic }

/**
 * Open (or create) a store, and hold its lock for the current scope: a second sweep or resume
 * on the same directory is refused while this one runs, and `--force` never deletes it.
 */
export const openStore = (o: OpenOptions) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const manifestPath = path.join(o.dir, "manifest.json")
    const exists = yield* fs.exists(o.dir).pipe(Effect.orElseSucceed(() => false))
    if (exists && o.resume) {
      const notASweep = (why: string) => new StoreMismatch({ dir: o.dir, expected: o.hash, found: why, reason: "notASweep" })
      const text = yield* fs.readFileString(manifestPath).pipe(Effect.mapError(() => notASweep("it has no manifest.json")))
      const manifest = yield* Effect.try({ try: () => JSON.parse(text) as Partial<Manifest>, catch: () => notASweep("its manifest.json is not valid JSON") })
      if (typeof manifest?.hash !== "string") return yield* notASweep("its manifest.json has no experiment hash")
      if (manifest.hash !== o.hash) return yield* new StoreMismatch({ dir: o.dir, expected: o.hash, found: manifest.hash, reason: "experiment" })
      if (manifest.version !== o.version) {
        return yield* new StoreMismatch({ dir: o.dir, expected: o.version, found: String(manifest.version ?? "an unrecorded version"), reason: "code" })
      }
      yield* lockStore(o.dir, o.command)
      const names = yield* fs.readDirectory(path.join(o.dir, "runs")).pipe(Effect.orElseSucceed(() => [] as Array<string>))
      // Temporary files of a process killed mid-write (SIGKILL, power loss) are not results.
      for (const n of names.filter((x) => x.includes(".tmp-"))) yield* fs.remove(path.join(o.dir, "runs", n)).pipe(Effect.ignore)
      const top = yield* fs.readDirectory(o.dir).pipe(Effect.orElseSucceed(() => [] as Array<string>))
      for (const n of top.filter((x) => x.includes(".tmp-"))) yield* fs.remove(path.join(o.dir, n)).pipe(Effect.ignore)
      // A sweep directory written before markers existed: its manifest shows it is ours.
      if (!top.includes(OUTPUT_MARKER)) yield* writeAtomic(path.join(o.dir, OUTPUT_MARKER), OUTPUT_MARKER_TEXT)
      // A record is trusted only when it reads back whole with the series files it lists.
      const stored = new Set<string>()
      const damaged: Array<{ file: string; reason: string }> = []
      for (const n of names.filter((x) => RECORD.test(x))) {
        const key = n.slice(0, -5)
        const read = readRecord(o.dir, key)
        if (read._tag === "ok") stored.add(key)
        else {
          damaged.push({ file: read.file, reason: read.reason })
          yield* fs.remove(path.join(o.dir, "runs", n)).pipe(Effect.mapError(fail(path.join(o.dir, "runs", n))))
        }
      }
      return { stored, format: manifest.format ?? "csv", damaged } satisfies OpenedStore
    }
    if (exists && !o.force) return yield* new OutputExists({ dir: o.dir })
    if (exists) {
      const held = liveHolder(o.dir)
      if (held !== undefined) return yield* Effect.fail<StoreLocked>(held)
    }
    if (exists) yield* ensureReplaceable(o.dir)
    if (exists) yield* fs.remove(o.dir, { recursive: true }).pipe(Effect.mapError(fail(o.dir)))
    yield* fs.makeDirectory(path.join(o.dir, "runs"), { recursive: true }).pipe(Effect.mapError(fail(o.dir)))
    yield* lockStore(o.dir, o.command)
    yield* writeAtomic(path.join(o.dir, OUTPUT_MARKER), OUTPUT_MARKER_TEXT)
    yield* writeAtomic(manifestPath, JSON.stringify({ experiment: o.experiment, hash: o.hash, version: o.version, format: o.format } satisfies Manifest, null, 2) + "\n")
    return { stored: new Set<string>(), format: o.format, damaged: [] } satisfies OpenedStore
  })

/** The record of a finished run, with the per-run values its experiment's guardrails read. */
export const recordOf = (
  o: RunOutcome,
  scenario: { readonly variant?: string | undefined; readonly point: number; readonly overrides: Readonly<Record<string, unknown>> },
  guardrails: ReadonlyArray<Guardrail>
): RunRecord => ({
  scenario: o.spec.scenario,
  label: o.spec.label,
  variant: scenario.variant,
  point: scenario.point,
  run: o.spec.run,
  seed: o.spec.seed,
  overrides: scenario.overrides,
  status: o._tag === "Completed" ? "completed" : "failed",
  error: o._tag === "Failed" ? o.error : undefined,
  finals: finalsOf(o),
  terms: o._tag === "Completed" ? runTermValues(guardrails, seriesLookup(o.result.metrics, o.result.series)) : undefined
})

/** A DuckDB session for one command, closed with its scope; its failures are write errors on `path`. */
export interface ColumnarSession {
  readonly db: Columnar
  /** Append one completed run's series to the session's per-epoch table. */
  readonly appendRun: (scenario: number, run: number, metrics: ReadonlyArray<string>, series: ReadonlyArray<Float64Array>) => Effect.Effect<void, OutputWriteError>
  /** Every run appended so far, in (scenario, run, epoch) order; undefined when none was. */
  readonly seriesQuery: () => string | undefined
  /** Write a query's rows, or a row table, to a Parquet file. */
  readonly writeParquet: (source: string | RowTable, file: string) => Effect.Effect<void, OutputWriteError>
  readonly dropSeries: Effect.Effect<void, OutputWriteError>
}

const dbError = (path: string) => (e: unknown) => new OutputWriteError({ path, message: e instanceof Error ? e.message : String(e) })

/** Open DuckDB (loaded on first use) for the current scope. */
export const columnarSession: Effect.Effect<ColumnarSession, OutputWriteError, Scope.Scope> = Effect.acquireRelease(
  Effect.tryPromise({ try: () => Columnar.open({ threads: 1 }), catch: dbError("the results database (DuckDB)") }),
  (db) => Effect.sync(() => db.close())
).pipe(
  Effect.map((db) => ({
    db,
    appendRun: (scenario, run, metrics, series) => Effect.tryPromise({ try: () => db.appendRun(scenario, run, metrics, series), catch: dbError("the results database (DuckDB)") }).pipe(Effect.asVoid),
    seriesQuery: () => db.seriesQuery(),
    writeParquet: (source, file) =>
      Effect.tryPromise({
        try: async () => {
          if (typeof source === "string") return db.toParquet(source, file)
          await db.createRowTable("rows_out", source)
          await db.toParquet("SELECT * FROM rows_out", file)
          await db.run("DROP TABLE rows_out")
        },
        catch: dbError(file)
      }),
    dropSeries: Effect.tryPromise({ try: () => db.dropSeries(), catch: dbError("the results database (DuckDB)") })
  }))
)

/** An output file written as Parquet by `session` (a query's rows or a row table). */
export const parquetFile = (session: ColumnarSession, name: string, source: string | RowTable): OutputWriter => ({
  name,
  write: (target) => session.writeParquet(source, target)
})

/** Write a Parquet file under a temporary name, flush it to disk, then rename it into place; its size. */
export const writeParquetAtomic = (session: ColumnarSession, source: string | RowTable, file: string) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const tmp = `${file}.tmp-${process.pid}`
    yield* session.writeParquet(source, tmp)
    const size = yield* syncFile(tmp, file)
    yield* fs.rename(tmp, file).pipe(Effect.mapError(fail(file)))
    return size
  })

/**
 * Store one finished run: its series (Parquet, through `session`; CSV rows without one), then
 * its record. Uninterruptible: a Ctrl-C during the save waits for it (a few milliseconds), so a
 * run is either fully stored or not at all.
 */
export const saveRun = (dir: string, o: RunOutcome, record: RunRecord, session?: ColumnarSession) =>
  Effect.uninterruptible(
    Effect.gen(function* () {
      const path = yield* Path.Path
      const stem = path.join(dir, "runs", runKey(record.scenario, record.run))
      // The record lists each series file's size: a resume trusts the run only if they match.
      const files: Record<string, number> = {}
      if (session !== undefined) {
        if (o._tag === "Completed") {
          yield* session.appendRun(o.spec.scenario, o.spec.run, o.result.metrics, o.result.series)
          files[".parquet"] = yield* writeParquetAtomic(session, session.seriesQuery()!, `${stem}.parquet`)
          yield* session.dropSeries
        }
      } else {
        const rows = runCsvRows(o)
        yield* writeAtomic(`${stem}.csv`, rows)
        files[".csv"] = Buffer.byteLength(rows)
        const attacks = attackCsvRows(o)
        if (attacks !== "") {
          yield* writeAtomic(`${stem}.attacks.csv`, attacks)
          files[".attacks.csv"] = Buffer.byteLength(attacks)
        }
      }
      yield* writeAtomic(`${stem}.json`, JSON.stringify({ ...record, files }) + "\n")
      // The renames above reach the disk before the run counts as stored.
      yield* syncDir(path.join(dir, "runs"))
    })
  )

/** Read back every stored run record, in (scenario, run) order; a damaged one names its file. */
export const readRecords = (dir: string) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const names = (yield* fs.readDirectory(path.join(dir, "runs")).pipe(Effect.mapError(fail(dir)))).filter((n) => RECORD.test(n)).sort()
    const records: Array<RunRecord> = []
    for (const n of names) {
      const read = readRecord(dir, n.slice(0, -5))
      if (read._tag === "damaged") return yield* new StoreDamaged({ dir, file: read.file, reason: read.reason })
      records.push(read.record)
    }
    // By number, not by file name: keys are padded to 5 digits, so from run 100,000 on the names
    // sort as text out of plan order (r100000 before r10001) and sweep and run disagreed.
    return records.sort((a, b) => a.scenario - b.scenario || a.run - b.run)
  })

/** Assemble metrics.csv from the per-run files, one run in memory at a time. */
export const assembleMetrics = (dir: string, records: ReadonlyArray<RunRecord>) => assemble(dir, records, "metrics.csv", METRICS_HEADER, "")

/** Assemble attacks.csv from the per-run attack files (runs without attacks have none). */
export const assembleAttacks = (dir: string, records: ReadonlyArray<RunRecord>) => assemble(dir, records, "attacks.csv", ATTACKS_HEADER, ".attacks")

const assemble = (dir: string, records: ReadonlyArray<RunRecord>, name: string, header: string, suffix: string) =>
  Effect.scoped(
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const path = yield* Path.Path
      const target = path.join(dir, name)
      const tmp = `${target}.tmp-${process.pid}`
      // Interrupted or failed before the rename: the partial file goes (a resume rebuilds it).
      yield* Effect.addFinalizer((exit) => (exit._tag === "Success" ? Effect.void : fs.remove(tmp).pipe(Effect.ignore)))
      const file = yield* fs.open(tmp, { flag: "w" }).pipe(Effect.mapError(fail(target)))
      const encoder = new TextEncoder()
      yield* file.writeAll(encoder.encode(header)).pipe(Effect.mapError(fail(target)))
      for (const r of records) {
        if (r.status !== "completed") continue
        const part = path.join(dir, "runs", `${runKey(r.scenario, r.run)}${suffix}.csv`)
        if (suffix !== "" && !(yield* fs.exists(part).pipe(Effect.mapError(fail(part))))) continue
        const chunk = yield* fs.readFile(part).pipe(Effect.mapError(fail(target)))
        yield* file.writeAll(chunk).pipe(Effect.mapError(fail(target)))
      }
      yield* file.sync.pipe(Effect.mapError(fail(target)))
      yield* fs.rename(tmp, target).pipe(Effect.mapError(fail(target)))
    })
  )
