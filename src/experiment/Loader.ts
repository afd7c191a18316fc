/**
 * ExperimentLoader: reads an experiment file and the data files it names, and decodes it (see
 * Decode.ts). Data file paths are relative to the experiment file; a `.parquet` file is read
 * through DuckDB into the same CSV form (ParquetData.ts), so it is validated the same way.
 */
import * as Path from "node:path"
import * as Effect from "effect/Effect"
import { LineCounter, parse, parseDocument } from "yaml"
import { decodeExperiment, type DataFiles, type EnvelopeOverrides } from "./Decode.ts"
import { stat } from "node:fs/promises"
import { position } from "./DecodeIssues.ts"
import { ExperimentInvalid, ExperimentNotFound } from "./Errors.ts"
import { defaultLimits, LimitExceeded, readBounded, type Limits } from "./Limits.ts"
import { parquetAsCsv } from "./ParquetData.ts"
import { isModelPath, resolveModelPath } from "./ModelRef.ts"
import { loadModelAt } from "./ModelRegistry.ts"

/** The data file names an experiment's `data:` and `fit:` blocks write (none when the YAML does not parse: decoding says why). */
export const dataFileNames = (text: string): ReadonlyArray<string> => {
  try {
    const raw = parse(text) as { data?: Record<string, { file?: unknown }>; fit?: Record<string, { file?: unknown }> } | null
    const entries = [raw?.data, raw?.fit].flatMap((block) => (typeof block === "object" && block !== null ? Object.values(block) : []))
    return [...new Set(entries.flatMap((e) => (typeof e?.file === "string" ? [e.file] : [])))]
  } catch {
    return []
  }
}

/**
 * The path of the model outside the repository an experiment's text names (`model: ./my-model`),
 * or undefined (a built-in model, or text decodeExperiment will report as broken).
 */
export const externalModelRef = (text: string): string | undefined => {
  try {
    const doc = parse(text) as unknown
    const ref = doc !== null && typeof doc === "object" ? (doc as Record<string, unknown>)["model"] : undefined
    return typeof ref === "string" && isModelPath(ref) ? ref : undefined
  } catch {
    return undefined
  }
}

/** Where `text` writes its `model:` value (line and column, 1-based), for an error about it. */
const modelFieldPosition = (text: string): { line?: number; column?: number } => {
  const lines = new LineCounter()
  return position(parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false }), lines, ["model"])
}

/** Load the model outside the repository `text` names, if any, so decoding finds it. */
export const loadExternalModel = (file: string, text: string): Effect.Effect<void, ExperimentInvalid> => {
  const ref = externalModelRef(text)
  if (ref === undefined) return Effect.void
  return Effect.tryPromise({
    try: () => loadModelAt(resolveModelPath(ref, file)),
    catch: (e) => new ExperimentInvalid({ file, issues: [{ path: "model", message: `Expected a model at ${JSON.stringify(ref)}: ${e instanceof Error ? e.message : String(e)}`, ...modelFieldPosition(text) }] })
  }).pipe(Effect.asVoid)
}

/** A Parquet data file as CSV text (ParquetData.ts), failing as readBounded does. */
export const readParquet = (file: string, limit: number): Effect.Effect<string, ExperimentNotFound | LimitExceeded> =>
  Effect.tryPromise({
    try: async () => {
      const size = (await stat(file)).size
      if (size > limit) throw new LimitExceeded({ file, message: `larger than ${limit} bytes` })
      return await parquetAsCsv(file, limit)
    },
    catch: (e) =>
      e instanceof LimitExceeded
        ? e
        : new ExperimentNotFound({ file, reason: (e as { code?: string }).code === "ENOENT" ? "no such file" : `not a readable Parquet file: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`, what: "data file" })
  })

export class ExperimentLoader extends Effect.Service<ExperimentLoader>()("ExperimentLoader", {
  effect: Effect.sync(() => {
    /** The data files `text` (the content of `file`) names, read relative to it, each at most `limit` bytes. */
    const dataFiles = (file: string, text: string, limit: number = defaultLimits().inputBytes) =>
      Effect.gen(function* () {
        const out = new Map<string, { path: string; text: string | undefined; reason?: string }>()
        for (const name of dataFileNames(text)) {
          const resolved = Path.isAbsolute(name) ? name : Path.join(Path.dirname(file), name)
          const read = yield* Effect.either(resolved.toLowerCase().endsWith(".parquet") ? readParquet(resolved, limit) : readBounded(resolved, limit, "data file"))
          out.set(name, read._tag === "Right" ? { path: resolved, text: read.right } : { path: resolved, text: undefined, reason: read.left._tag === "ExperimentNotFound" ? read.left.reason : `larger than ${limit} bytes` })
        }
        return out as DataFiles
      })
    /**
     * Read and decode `file`, with command-line overrides applied before validation. At most
     * `limits.inputBytes` are read (Limits.ts): a huge file or /dev/zero is refused, not read to
     * the end; a plan beyond `limits.runs` is refused before its scenarios are built.
     */
    const load = (file: string, overrides: EnvelopeOverrides = {}, limits: Limits = defaultLimits()) =>
      readBounded(file, limits.inputBytes).pipe(
        Effect.tap((text) => loadExternalModel(file, text)),
        Effect.flatMap((text) => Effect.flatMap(dataFiles(file, text, limits.inputBytes), (data) => decodeExperiment(file, text, overrides, limits.runs, data)))
      )
    return { load, dataFiles } as const
  })
}) {}
