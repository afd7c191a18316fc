/**
 * `sandbox report <file>`: run an experiment's variants (or sweep) and write a governance
 * report: report.md (charts as PNG, for forums), a self-contained report.html, the charts (SVG and
 * PNG), the data behind them and the experiment file itself: a folder that uploads as is.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { codeVersion, gitCommit } from "../../experiment/CodeVersion.ts"
import { inputChecksums } from "../../experiment/InputChecksums.ts"
import { modelDirsOf, modelFor } from "../../experiment/ModelRegistry.ts"
import { metricNamesOver } from "../../engine/Model.ts"
import { experimentHash } from "../../experiment/Hash.ts"
import { ensureWritable, writeOutputDir } from "../../experiment/Output.ts"
import { planRuns } from "../../experiment/Plan.ts"
import { ExperimentLoader } from "../../experiment/Loader.ts"
import { analyseRobustness, REPORT_POINTS, REPORT_RUNS, robustnessOverrides, robustnessRefusal } from "../../experiment/RobustnessRun.ts"
import { scopedRunner } from "../../experiment/Runner.ts"
import { InvalidOption } from "../../experiment/Errors.ts"
import { storedOutcomes } from "../../experiment/StoredOutcomes.ts"
import { buildReport } from "../../report/BuildReport.ts"
import { makeProgressBar } from "../ProgressBar.ts"
import { checkPlan } from "../../experiment/PlanCheck.ts"
import { allowLargeOption, chosenMetrics, defaultDir, envelopeOverrides, epochsOption, experimentFile, loadWithOptions, metricsOption, runsOption, seedOption, workersOption } from "./options.ts"

const out = Options.text("out").pipe(Options.optional, Options.withDescription("Report directory (default: reports/<experiment name>)."))
const force = Options.boolean("force").pipe(Options.withDescription("Replace the report directory if it exists."))
const from = Options.text("from").pipe(
  Options.optional,
  Options.withDescription("Build the report from the results sandbox run --out or sandbox sweep --out stored in this directory instead of running the experiment (they must be this experiment's, with the same --seed, --runs and --epochs).")
)
/**
 * The generation date: SOURCE_DATE_EPOCH (seconds) when set, the reproducible-builds
 * convention, so a regenerated report can be byte-identical; otherwise now.
 */
export const reportDate = (): string => {
  const fixed = process.env["SOURCE_DATE_EPOCH"]
  return (fixed && /^\d+$/.test(fixed) ? new Date(Number(fixed) * 1000) : new Date()).toISOString()
}

/**
 * The git commit a report records, or undefined: none outside a git checkout, and none in a
 * reproducible build (SOURCE_DATE_EPOCH set, as `npm run reports` does for the committed example):
 * a file committed with the code is generated before its own commit exists, so the commit it could
 * name is never the one it ships in. The code version (a hash of the sources) identifies it.
 */
export const reportGit = (): ReturnType<typeof gitCommit> => (process.env["SOURCE_DATE_EPOCH"] ? undefined : gitCommit())

export const reportCommand = Command.make(
  "report",
  { file: experimentFile, seed: seedOption, runs: runsOption, epochs: epochsOption, workers: workersOption, metrics: metricsOption, out, force, from, allowLarge: allowLargeOption },
  (args) =>
    Effect.gen(function* () {
      const { exp, workers } = yield* loadWithOptions(args)
      const path = yield* Path.Path
      const dir = Option.getOrElse(args.out, () => defaultDir("reports", exp.envelope.name))
      yield* ensureWritable(dir, args.force)
      const model = modelFor(exp.envelope.model, exp.file)!
      const metrics = yield* chosenMetrics(args.metrics, metricNamesOver(model, exp.scenarios.map((s) => s.params)))
      const fs = yield* FileSystem.FileSystem
      const text = yield* fs.readFileString(args.file).pipe(Effect.orDie)
      // Checksummed before the runs: the report names the data the runs read.
      const inputs = inputChecksums(args.file, text)
      const hash = experimentHash(exp)
      const stored = Option.getOrUndefined(args.from)
      const bar = makeProgressBar(process.stderr, true)
      const runner = yield* scopedRunner({ workers })
      // The same outcomes either way: read back from the results store, or computed now.
      const outcomes =
        stored !== undefined
          ? yield* Effect.tryPromise({
              try: () => storedOutcomes(stored, exp, model),
              catch: (e) => new InvalidOption({ option: "--from", message: e instanceof Error ? e.message : String(e) })
            })
          : yield* runner.run({ model, epochs: exp.envelope.epochs, specs: planRuns(exp), onProgress: bar.update }).pipe(Effect.ensuring(Effect.sync(bar.done)))
      const env = exp.envelope
      const command = `sandbox report ${args.file} --seed ${env.seed} --runs ${env.runs} --epochs ${env.epochs}${metrics ? ` --metrics ${metrics.join(",")}` : ""}`
      // With assumptions (and no sweep of its own), the report says whether its conclusion survives them.
      let robustness: { result: ReturnType<typeof analyseRobustness>; runs: number } | undefined
      if (Object.keys(env.assumptions).length > 0 && robustnessRefusal(exp) === undefined) {
        const runs = Math.min(env.runs, REPORT_RUNS)
        const swept = yield* (yield* ExperimentLoader).load(args.file, robustnessOverrides(exp, REPORT_POINTS, { ...(yield* envelopeOverrides(args)), runs }))
        yield* checkPlan(swept, workers, "all-in-memory", args.allowLarge)
        const rbar = makeProgressBar(process.stderr, true)
        const more = yield* runner.run({ model, epochs: swept.envelope.epochs, specs: planRuns(swept), onProgress: rbar.update }).pipe(Effect.ensuring(Effect.sync(rbar.done)))
        robustness = { result: analyseRobustness(swept, model, more), runs }
      }
      const git = reportGit()
      const { files, summary } = yield* buildReport({
        exp,
        model,
        hash,
        outcomes,
        command,
        date: reportDate(),
        robustness,
        source: { name: path.basename(args.file), text },
        version: codeVersion(modelDirsOf(model)),
        git: git ? `${git.commit}${git.modified ? " (src/, models/ or package-lock.json modified since)" : ""}` : undefined,
        inputs,
        ...(metrics ? { metrics } : {})
      })
      yield* writeOutputDir(dir, args.force, files)
      const checks = summary.scenarios.flatMap((s) => s.guardrails)
      const failed = checks.filter((g) => !g.pass).length
      yield* Console.log(`wrote ${dir}/report.md and ${dir}/report.html (${files.length} files); guardrails: ${checks.length === 0 ? "none defined" : failed === 0 ? `all ${checks.length} pass` : `${failed} of ${checks.length} fail`}`)
      if (summary.failures.length > 0) yield* Effect.sync(() => (process.exitCode = 1))
    }).pipe(Effect.scoped)
).pipe(Command.withDescription("Run an experiment and write a governance report (Markdown + self-contained HTML with charts)."))
