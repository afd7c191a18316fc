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
import { limitsFor, type Keeping } from "../../experiment/Limits.ts"
import { checkPlan } from "../../experiment/PlanCheck.ts"
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

