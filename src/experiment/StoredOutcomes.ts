/**
 * StoredOutcomes: an experiment's run outcomes read back from its results store (what `sandbox
 * run --out` or `sandbox sweep --out` wrote), so a report is built from the store instead of
 * running the experiment again (`sandbox report --from DIR`).
 *
 * The directory must hold this experiment's results: summary.json's experiment hash is the one
 * this experiment (with the same --seed, --runs and --epochs) has, and every planned run is in
 * `runs`. A completed run's series come from the `series` view (Query.ts), one query per
 * scenario, in the metrics and order its model records them, so the outcomes are the ones the
 * runs produced, value for value (Parquet keeps every double), and a report built from them is
 * the report of a fresh run, byte for byte.
 */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { metricDefs, type AnyModel } from "../engine/Model.ts"
import { ident, literal } from "./Columnar.ts"
import type { ResolvedExperiment } from "./Experiment.ts"
import { experimentHash } from "./Hash.ts"
import { planRuns } from "./Plan.ts"
import { openResults, tablesOf } from "./Query.ts"
import type { RunOutcome } from "./RunOne.ts"

/** Why a directory's results cannot stand for this experiment's runs (the message names the directory). */
export class StoredResultsUnusable extends Error {}

const unusable = (message: string) => new StoredResultsUnusable(message)

/** Check that `dir` holds this experiment's finished results; its summary's hash. */
const checkDir = (dir: string, exp: ResolvedExperiment): void => {
  const summaryFile = join(dir, "summary.json")
  if (!existsSync(summaryFile)) throw unusable(`${dir} holds no summary.json: not the finished output of sandbox run --out or sandbox sweep`)
  let found: unknown
  try {
    found = (JSON.parse(readFileSync(summaryFile, "utf8")) as { readonly hash?: unknown } | null)?.hash
  } catch {
    throw unusable(`${summaryFile} is not valid JSON`)
  }
  const hash = experimentHash(exp)
  if (found !== hash) {
    throw unusable(`${dir} holds the results of another experiment (hash ${String(found)}), not of ${exp.file} with these options (hash ${hash}); give the same --seed, --runs and --epochs as when it was written`)
  }
  const tables = tablesOf(dir)
  if (!tables.includes("series") || !tables.includes("runs")) throw unusable(`${dir} has no Parquet tables (written with --format csv?); --from reads series.parquet or runs/*.parquet, and runs.parquet`)
}

/** Every planned run of `exp` as stored in `dir`, in plan order. */
export const storedOutcomes = async (dir: string, exp: ResolvedExperiment, model: AnyModel): Promise<ReadonlyArray<RunOutcome>> => {
  checkDir(dir, exp)
  const db = await openResults(dir)
  try {
    const stored = new Map<string, { readonly status: string; readonly error: string }>()
    for (const [scenario, run, status, error] of (await db.read(`SELECT scenario, run, status, error FROM runs`)).rows) {
      stored.set(`${String(scenario)}/${Number(run)}`, { status: String(status), error: error === null || error === undefined ? "" : String(error) })
    }
    const specs = planRuns(exp)
    const epochs = exp.envelope.epochs
    const out: Array<RunOutcome> = []
    for (const scenario of exp.scenarios) {
      const names = metricDefs(model, scenario.params).map((d) => d.name)
      const mine = specs.filter((s) => s.scenario === scenario.index)
      for (const spec of mine) if (!stored.has(`${scenario.label}/${spec.run}`)) throw unusable(`${dir} has no run ${spec.run} of scenario ${scenario.label}`)
      const completed = mine.filter((s) => stored.get(`${scenario.label}/${s.run}`)!.status === "completed")
      // One query per scenario: its completed runs' rows in (run, epoch) order, a column per metric.
      const columns =
        completed.length === 0 || names.length === 0
          ? []
          : await db.readColumns(`SELECT run, ${names.map(ident).join(", ")} FROM series WHERE scenario = ${literal(scenario.label)} ORDER BY run, epoch`)
      let row = 0
      for (const spec of mine) {
        const s = stored.get(`${scenario.label}/${spec.run}`)!
        if (s.status !== "completed") {
          out.push({ _tag: "Failed", spec, error: s.error })
          continue
        }
        const from = row
        while (row < (columns[0]?.length ?? 0) && Number(columns[0]![row]) === spec.run) row++
        if (names.length > 0 && row - from !== epochs) throw unusable(`${dir} holds ${row - from} epochs of run ${spec.run} of scenario ${scenario.label}, not ${epochs}`)
        const series = names.map((_, m) => Float64Array.from(columns[m + 1]!.slice(from, row), (v) => (typeof v === "number" ? v : Number.NaN)))
        out.push({ _tag: "Completed", spec, result: { metrics: names, series } })
      }
    }
    return out
  } finally {
    db.close()
  }
}
