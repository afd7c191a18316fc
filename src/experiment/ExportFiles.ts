/**
 * ExportFiles: the files of an export described as data (text, one run's per-epoch series, a row
 * table), and `writeExport`, which writes them the way `sandbox run --out` writes its results:
 * the series and tables as Parquet through DuckDB (loaded only then), the rest as text, all into
 * a fresh directory at once (Output.ts). The TUI's export is made of these, so it holds the same
 * tables as a run's output and `sandbox query` reads both alike.
 */
import * as Effect from "effect/Effect"
import type { SimEvent } from "../engine/Events.ts"
import type { RowTable } from "./Columnar.ts"
import type { ResolvedExperiment } from "./Experiment.ts"
import { experimentHash } from "./Hash.ts"
import { writeOutputDir, type OutputFile, type OutputWriter } from "./Output.ts"
import { runsTable, scenariosTable, summaryDocument } from "./Results.ts"
import type { RunOutcome } from "./RunOne.ts"
import { columnarSession, parquetFile, recordOf, type ColumnarSession } from "./Store.ts"

/** A file of an export: text, a run's per-epoch series (series.parquet), or a row table (runs.parquet, scenarios.parquet). */
export type ExportFile =
  | { readonly name: string; readonly content: string }
  | { readonly name: string; readonly series: RunOutcome }
  | { readonly name: string; readonly table: RowTable }

/**
 * A TUI session's export: the run so far as `sandbox run --out` writes it for the experiment that
 * replays it (series, runs and scenarios tables, summary.json with the epochs run, the run index
 * and its seed, experiment.resolved.yaml), and the event log.
 */
export const runExport = (o: {
  readonly replay: { readonly yaml: string; readonly exp: ResolvedExperiment }
  readonly outcome: RunOutcome
  readonly events: ReadonlyArray<SimEvent>
  readonly epochsRun: number
}): ReadonlyArray<ExportFile> => {
  const { exp } = o.replay
  const names = o.outcome._tag === "Completed" ? o.outcome.result.metrics : []
  const record = recordOf(o.outcome, exp.scenarios[0]!, exp.guardrails)
  const summary = summaryDocument(exp, experimentHash(exp), names, [record])
  const events = o.events.map((e) => `${e.epoch}\t${e.kind}\t${e.message}`).join("\n")
  return [
    { name: "series.parquet", series: o.outcome },
    { name: "runs.parquet", table: runsTable([record], [], names) },
    { name: "scenarios.parquet", table: scenariosTable(exp) },
    { name: "summary.json", content: JSON.stringify({ ...summary, epochsRun: o.epochsRun, run: o.outcome.spec.run, runSeed: o.outcome.spec.seed }, null, 2) + "\n" },
    { name: "experiment.resolved.yaml", content: o.replay.yaml },
    { name: "events.tsv", content: `epoch\tkind\tmessage\n${events}${events ? "\n" : ""}` }
  ]
}

/** One run's series as a Parquet file of its own; no file when the run recorded nothing per epoch or failed. */
const seriesFile = (session: ColumnarSession, name: string, o: RunOutcome): OutputWriter => ({
  name,
  write: (path) =>
    Effect.gen(function* () {
      if (o._tag !== "Completed") return
      yield* session.appendRun(o.spec.scenario, o.spec.run, o.result.metrics, o.result.series)
      const query = session.seriesQuery()
      if (query !== undefined) yield* session.writeParquet(query, path)
      yield* session.dropSeries
    })
})

const outputOf = (session: ColumnarSession, f: ExportFile): OutputFile | OutputWriter =>
  "content" in f ? f : "table" in f ? parquetFile(session, f.name, f.table) : seriesFile(session, f.name, f.series)

/** Write `files` into the new directory `dir` (refused if it exists), all or nothing. */
export const writeExport = (dir: string, files: ReadonlyArray<ExportFile>) =>
  Effect.scoped(Effect.flatMap(columnarSession, (session) => writeOutputDir(dir, false, files.map((f) => outputOf(session, f)))))
