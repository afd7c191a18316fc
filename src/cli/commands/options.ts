/**
 * Options shared by the commands that run experiments, and their validation.
 */
import * as Args from "@effect/cli/Args"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { EnvelopeOverrides } from "../../experiment/Decode.ts"
import { InvalidOption } from "../../experiment/Errors.ts"
import { Count, PositiveInt } from "../../experiment/Fields.ts"
import { defaultWorkers } from "../../experiment/Runner.ts"
import { safePathPart } from "../../experiment/OutputGuard.ts"
import { ExperimentLoader } from "../../experiment/Loader.ts"
import { largestState, LimitExceeded, limitsFor, planProblem, type Keeping, type RunState } from "../../experiment/Limits.ts"
import type { ResolvedExperiment } from "../../experiment/Experiment.ts"
import { modelFor } from "../../experiment/ModelRegistry.ts"
import { metricDefs } from "../../engine/Model.ts"
import { applyChange } from "../../engine/Simulation.ts"
import { connectionOf } from "../../experiment/backends/Distributed.ts"
import { didYouMean } from "../../experiment/Suggest.ts"

export const experimentFile = Args.text({ name: "file" }).pipe(Args.withDescription("Experiment YAML file, e.g. experiments/default.yaml"))

export const seedOption = Options.integer("seed").pipe(Options.optional, Options.withDescription("Override the experiment's seed."))
export const runsOption = Options.integer("runs").pipe(Options.optional, Options.withDescription("Override the number of Monte Carlo runs per scenario."))
export const epochsOption = Options.integer("epochs").pipe(Options.optional, Options.withDescription("Override the number of epochs per run."))

export const formatOption = Options.choice("format", ["parquet", "csv"]).pipe(
  Options.withDefault("parquet" as const),
  Options.withDescription("How per-epoch results are stored: parquet (columnar tables, read them with sandbox query) or csv (tidy metrics.csv / attacks.csv / runs.csv).")
)

export const workersOption = Options.integer("workers").pipe(
  Options.optional,
  Options.withDescription("Worker threads (default: one per core; 1 runs in this process). Results are identical whatever the number.")
)

const check = (option: string, schema: Schema.Schema<number>, value: Option.Option<number>): Effect.Effect<number | undefined, InvalidOption> =>
  Option.match(value, {
    onNone: () => Effect.succeed(undefined),
    onSome: (v) =>
      Either.match(Schema.decodeUnknownEither(schema)(v), {
        onLeft: (e) => Effect.fail(new InvalidOption({ option, message: ParseResult.ArrayFormatter.formatErrorSync(e)[0]?.message ?? "invalid value" })),
        onRight: (ok) => Effect.succeed(ok)
      })
  })

export const allowLargeOption = Options.boolean("allow-large").pipe(
  Options.withDescription("Lift the limits on epochs, runs, work, memory and workers (docs/limits.md), and read inputs up to 1 GiB.")
)

/**
 * Fail with LimitExceeded when the plan of `exp` on `workers` threads is beyond the limits
 * (estimated from its shape and its models' state, before anything is planned or run).
 */
export const checkPlan = (exp: ResolvedExperiment, workers: number, keeping: Keeping, allowLarge: boolean): Effect.Effect<void, LimitExceeded> =>
  Effect.suspend(() => {
    const model = modelFor(exp.envelope.model, exp.file)!
    let metrics = 0
    // The biggest world any scenario builds (a sweep over operators.count sizes each differently),
    // at epoch 0 or after a scheduled change.
    // robustness and report run the A/B again across `assumptions`, optimize tries values across
    // `optimize.parameters`: the worlds at both ends of those ranges count too.
    const ranges = { ...exp.envelope.assumptions, ...(exp.envelope.optimize?.parameters ?? {}) }
    const ends = Object.keys(ranges).length === 0 ? [] : (["to", "from"] as const).map((end) => ({ end, set: Object.fromEntries(Object.entries(ranges).map(([path, r]) => [path, r[end]])) }))
    let state: RunState = { bytes: 0 }
    for (const s of exp.scenarios) {
      metrics = Math.max(metrics, metricDefs(model, s.params).length)
      const label = exp.scenarios.length > 1 ? `scenario ${s.label}` : undefined
      const candidates = [
        largestState(model, s.params, exp.envelope.schedule ?? [], label),
        ...ends.map(({ end, set }) => largestState(model, applyChange(s.params, set), exp.envelope.schedule ?? [], `${label === undefined ? "" : `${label}, `}with assumptions and optimize.parameters at their \`${end}\` values`))
      ]
      for (const one of candidates) if (one.bytes > state.bytes) state = one
    }
    const problem = planProblem(
      { scenarios: exp.scenarios.length, runsPerScenario: exp.envelope.runs, epochs: exp.envelope.epochs, metrics, workers, keeping, state },
      limitsFor(allowLarge)
    )
    return problem === undefined ? Effect.void : Effect.fail(new LimitExceeded({ file: exp.file, message: problem }))
  })

/** Validate --workers (>= 1), defaulting to the number of cores. */
export const workerCount = (value: Option.Option<number>): Effect.Effect<number, InvalidOption> =>
  check("--workers", PositiveInt, value).pipe(Effect.map((n) => n ?? defaultWorkers()))

/** A directory name for an experiment: its name made safe as one path part (no `..`, no `/`). */
export const defaultDir = (base: string, name: string): string => `${base}/${safePathPart(name)}`

/**
 * Validate --seed/--runs/--epochs/--workers, load and decode the experiment file, and check its
 * plan against the limits (Limits.ts; `keeping`: how the command holds results).
 */
export const loadWithOptions = (args: {
  readonly file: string
  readonly seed: Option.Option<number>
  readonly runs: Option.Option<number>
  readonly epochs: Option.Option<number>
  readonly workers: Option.Option<number>
  readonly allowLarge?: boolean
  readonly keeping?: Keeping
}) =>
  Effect.gen(function* () {
    const overrides = yield* envelopeOverrides(args)
    const workers = yield* workerCount(args.workers)
    const allowLarge = args.allowLarge ?? false
    const exp = yield* (yield* ExperimentLoader).load(args.file, overrides, limitsFor(allowLarge))
    yield* checkPlan(exp, workers, args.keeping ?? "all-in-memory", allowLarge)
    return { exp, workers } as const
  })

/** Validate a --queue URL (redis://host:port[/db]). */
export const validQueueUrl = (url: string): Effect.Effect<string, InvalidOption> =>
  Effect.try({
    try: () => {
      connectionOf(url)
      return url
    },
    catch: (e) => new InvalidOption({ option: "--queue", message: e instanceof Error ? e.message : String(e) })
  })

/** Validate --seed/--runs/--epochs with the same rules as the experiment file. */
export const envelopeOverrides = (o: {
  readonly seed: Option.Option<number>
  readonly runs: Option.Option<number>
  readonly epochs: Option.Option<number>
}): Effect.Effect<EnvelopeOverrides, InvalidOption> =>
  Effect.all({ seed: check("--seed", Count, o.seed), runs: check("--runs", PositiveInt, o.runs), epochs: check("--epochs", PositiveInt, o.epochs) })

/** `--metrics a,b`: the metrics run, sweep and report show, checked against the model's. */
export const metricsOption = Options.text("metrics").pipe(
  Options.optional,
  Options.withDescription("Comma-separated metrics to show, or `all` (default: the experiment's report.metrics, else the model's key metrics); `sandbox params` lists every metric.")
)

/** Parse and check --metrics against the metrics the experiment's scenarios record (`all`: every one of them). */
export const chosenMetrics = (value: Option.Option<string>, known: ReadonlyArray<string>): Effect.Effect<ReadonlyArray<string> | undefined, InvalidOption> =>
  Option.match(value, {
    onNone: () => Effect.succeed(undefined),
    onSome: (text) => {
      if (text.trim() === "all") return Effect.succeed(known)
      const names = text.split(",").map((m) => m.trim()).filter((m) => m !== "")
      const unknown = names.find((m) => !known.includes(m))
      if (names.length === 0) return Effect.fail(new InvalidOption({ option: "--metrics", message: "Expected one or more metric names separated by commas, or all" }))
      return unknown === undefined ? Effect.succeed(names) : Effect.fail(new InvalidOption({ option: "--metrics", message: `Unknown metric ${JSON.stringify(unknown)}${didYouMean(unknown, known)}; \`sandbox params\` lists every model's metrics` }))
    }
  })

