/**
 * `sandbox report <file>`: run an experiment's variants (or sweep) and write a governance
 * report: report.md (charts as PNG, for forums), a self-contained report.html, the charts (SVG and
 * PNG), the data behind them and the experiment file itself: a folder that uploads as is.
 * Argument parsing, progress bars and printing around the library's report
 * (src/library/ReportFolder.ts).
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { metricNamesOver } from "../../engine/Model.ts"
import { modelFor } from "../../experiment/ModelRegistry.ts"
import { reportFolder } from "../../library/ReportFolder.ts"
import { makeProgressBar } from "../ProgressBar.ts"
import { allowLargeOption, chosenMetrics, defaultDir, envelopeOverrides, epochsOption, experimentFile, loadWithOptions, metricsOption, runsOption, seedOption, workersOption } from "./options.ts"

const out = Options.text("out").pipe(Options.optional, Options.withDescription("Report directory (default: reports/<experiment name>)."))
const force = Options.boolean("force").pipe(Options.withDescription("Replace the report directory if it exists."))
const from = Options.text("from").pipe(
  Options.optional,
  Options.withDescription("Build the report from the results sandbox run --out or sandbox sweep --out stored in this directory instead of running the experiment (they must be this experiment's, with the same --seed, --runs and --epochs).")
)

export const reportCommand = Command.make(
  "report",
  { file: experimentFile, seed: seedOption, runs: runsOption, epochs: epochsOption, workers: workersOption, metrics: metricsOption, out, force, from, allowLarge: allowLargeOption },
  (args) =>
    Effect.gen(function* () {
      const { exp, workers } = yield* loadWithOptions(args)
      const dir = Option.getOrElse(args.out, () => defaultDir("reports", exp.envelope.name))
      const model = modelFor(exp.envelope.model, exp.file)!
      const metrics = yield* chosenMetrics(args.metrics, metricNamesOver(model, exp.scenarios.map((s) => s.params)))
      const { files, summary } = yield* reportFolder(exp, {
        out: dir,
        force: args.force,
        workers,
        allowLarge: args.allowLarge,
        overrides: yield* envelopeOverrides(args),
        progress: () => makeProgressBar(process.stderr, true),
        ...(metrics ? { metrics } : {}),
        ...(Option.isSome(args.from) ? { from: args.from.value } : {})
      })
      const checks = summary.scenarios.flatMap((s) => s.guardrails)
      const failed = checks.filter((g) => !g.pass).length
      yield* Console.log(`wrote ${dir}/report.md and ${dir}/report.html (${files.length} files); guardrails: ${checks.length === 0 ? "none defined" : failed === 0 ? `all ${checks.length} pass` : `${failed} of ${checks.length} fail`}`)
      if (summary.failures.length > 0) yield* Effect.sync(() => (process.exitCode = 1))
    })
).pipe(Command.withDescription("Run an experiment and write a governance report (Markdown + self-contained HTML with charts)."))
