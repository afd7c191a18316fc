/**
 * Experiment: the envelope every experiment file shares, whatever its model.
 *
 * An experiment is data: which model, how long, how many Monte Carlo runs, which seed, the
 * model's parameters (decoded by the model's own schema, so defaults and checks live with the
 * model) and the sweep. `ResolvedExperiment` is the same with every default filled in; it is what
 * a run records in `experiment.resolved.yaml`.
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { Guardrail } from "../analysis/Guardrails.ts"
import type { Fitted } from "./FitInputs.ts"
import { Count, field, PositiveInt } from "./Fields.ts"

/** A parameter path in a sweep, dotted: `market.volatility`; list entries by index: `attacks.0.cut`. */
const ParamPath = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z_][A-Za-z0-9_]*(\.([A-Za-z_][A-Za-z0-9_]*|\d+))*$/, {
    message: (i) => `Expected a dotted parameter path like "market.volatility" or "attacks.0.cut", got ${JSON.stringify(i.actual)}`
  })
)

const got = (i: { readonly actual: unknown }) => JSON.stringify(i.actual)

/** A range written in place of a list: `{from, to, steps}` or `{from, to, step}`. */
const RangeValues = Schema.Struct({
  from: Schema.Number.annotations({ description: "First value." }),
  to: Schema.Number.annotations({ description: "Last value (included when on the grid)." }),
  steps: Schema.optionalWith(PositiveInt.annotations({ description: "Number of evenly spaced values, both ends included." }), { exact: true }),
  step: Schema.optionalWith(Schema.Number.pipe(Schema.greaterThan(0, { message: (i) => `Expected a step > 0, got ${got(i)}` })).annotations({ description: "Distance between values." }), { exact: true })
}).pipe(
  Schema.filter((r) =>
    (r.steps === undefined) === (r.step === undefined) ? "Expected exactly one of steps or step in a range {from, to, steps} / {from, to, step}" : undefined
  ),
  Schema.filter((r) => (r.step !== undefined && r.to < r.from ? "Expected to >= from when stepping up by step" : undefined))
)

const decodeRange = Schema.decodeUnknownEither(RangeValues, { onExcessProperty: "error" })

/**
 * Values one swept parameter takes: a non-empty list, or a range. Checked by one filter rather
 * than a union so a malformed range gets the range's message, not "expected a list".
 */
const SweepValues = Schema.declare(
  (u: unknown): u is ReadonlyArray<unknown> | typeof RangeValues.Type =>
    Array.isArray(u) ? u.length > 0 : Either.isRight(decodeRange(u)),
  {
    message: (issue) => {
      const u = issue.actual
      if (Array.isArray(u)) return "Expected a non-empty list of values"
      if (typeof u === "object" && u !== null) {
        const r = decodeRange(u)
        if (Either.isLeft(r)) return `Expected a range {from, to, steps} or {from, to, step}: ${ParseResult.ArrayFormatter.formatErrorSync(r.left).map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ")}`
      }
      return `Expected a list of values or a range {from, to, steps} / {from, to, step}, got ${got(issue)}`
    }
  }
)

const SampleRange = Schema.Struct({ from: Schema.Number, to: Schema.Number }).pipe(
  Schema.filter((r) => (r.to >= r.from ? undefined : "Expected to >= from"))
)

export const Sample = Schema.Struct({
  method: field(Schema.Literal("latin-hypercube", "random"), "latin-hypercube", "How points are drawn: latin-hypercube (stratified) or random (uniform)."),
  points: PositiveInt.annotations({ description: "Number of points to draw." }),
  ranges: Schema.Record({ key: ParamPath, value: SampleRange }).annotations({ description: "Parameter path -> {from, to} range to draw from." })
}).annotations({ description: "Points drawn at random in parameter ranges." })

export const Sweep = Schema.Struct({
  grid: field(Schema.Record({ key: ParamPath, value: SweepValues }), {}, "Cartesian grid: parameter path -> list or range; every combination is a point."),
  zip: field(Schema.Record({ key: ParamPath, value: SweepValues }), {}, "Paired lists of equal length: the i-th values of every list form point i."),
  sample: Schema.optionalWith(Sample, { exact: true })
}).annotations({ description: "Which parameters vary across points: grid x zip x sample." })
export type Sweep = typeof Sweep.Type

const Objective = Schema.Union(
  Schema.Struct({ maximize: Schema.String.annotations({ description: "An expression over runs giving a number, to maximize, e.g. p50(final(price))." }) }),
  Schema.Struct({ minimize: Schema.String.annotations({ description: "An expression over runs giving a number, to minimize, e.g. p50(sum(operatorExits))." }) })
)

const SearchRange = Schema.Struct({
  from: Schema.Number,
  to: Schema.Number,
  integer: Schema.optionalWith(Schema.Boolean.annotations({ description: "Round to whole numbers." }), { exact: true })
}).pipe(Schema.filter((r) => (r.to > r.from ? undefined : "Expected to > from")))

export const OptimizeConfirm = Schema.Struct({
  runs: field(PositiveInt, 50, "Fresh runs each confirmed setting is re-run on: run indices after the search's (firstRun + runs onwards), so no seed the search chose on decides the confirmation."),
  top: field(PositiveInt, 5, "How many settings that pass every guardrail in the search (the best by objective) are confirmed, with the default.")
}).annotations({
  description: "Re-run the search's best settings on fresh runs: the answer is the best setting that still passes every guardrail there, or none. Off without this block."
})
export type OptimizeConfirm = typeof OptimizeConfirm.Type

export const Optimize = Schema.Struct({
  parameters: Schema.Record({ key: ParamPath, value: SearchRange }).annotations({ description: "Parameter path -> {from, to[, integer]}: the box searched." }),
  objectives: Schema.Array(Objective).pipe(Schema.minItems(1, { message: () => "Expected at least one objective ({maximize: ...} or {minimize: ...})" })).annotations({
    description: "One objective: CMA-ES finds the best setting; several: NSGA-II finds the Pareto front."
  }),
  budget: field(PositiveInt, 60, "Candidate settings to evaluate, each with `runs` runs on the experiment's run seeds."),
  populationSize: Schema.optionalWith(PositiveInt.annotations({ description: "Candidates per generation (default: CMA-ES 4 + 3 ln n; NSGA-II 12)." }), { exact: true }),
  confirm: Schema.optionalWith(OptimizeConfirm, { exact: true })
}).annotations({ description: "What `sandbox optimize` searches: settings that pass every guardrail and optimize the objectives." })
export type Optimize = typeof Optimize.Type

/** A parameter patch: nested like `params`, or with dotted paths as keys. */
const Patch = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * One scheduled change: before epoch `epoch` runs, set these parameters (dotted path -> value)
 * for the rest of the run. What a TUI session's key presses become in its export.
 */
export const ScheduleEntry = Schema.Struct({
  epoch: Count.annotations({ description: "The first epoch that runs with the change (0 = from the start)." }),
  set: Schema.Record({ key: ParamPath, value: Schema.Unknown }).annotations({ description: "Parameter path -> new value, e.g. {\"token.emission.perEpoch\": 350000}." })
}).annotations({ description: "A parameter change before one epoch." })

/** The envelope, with `params` left raw for the model's schema to decode. */
export const ExperimentEnvelope = Schema.Struct({
  name: Schema.String.pipe(Schema.minLength(1, { message: () => "Expected a non-empty name" })).annotations({
    description: "Name of the experiment; labels outputs and reports."
  }),
  description: field(Schema.String, "", "What the experiment is for, in a sentence or two."),
  model: field(Schema.String, "gpu-network", "Which model in models/ to run."),
  seed: field(Count, 1, "Experiment seed: every run's generator is derived from it and the run's coordinates."),
  epochs: field(PositiveInt, 365, "Epochs per run (an epoch is a day in the bundled models)."),
  runs: field(PositiveInt, 10, "Monte Carlo runs per scenario, each with its own derived seed."),
  firstRun: Schema.optionalWith(Count.annotations({ description: "Index of the first Monte Carlo run (default 0): runs are firstRun .. firstRun + runs - 1, each seeded from the experiment seed and its index. A TUI export that replays its fourth run says 3." }), { exact: true }),
  schedule: Schema.optionalWith(
    Schema.Array(ScheduleEntry).annotations({
      description: "Parameter changes during the run: [{epoch: 40, set: {\"token.emission.perEpoch\": 350000}}] sets the value before epoch 40 runs, on the parameters in force then, in every scenario. A TUI session's changes and attack launches export as a schedule."
    }),
    { exact: true }
  ),
  params: field(Schema.Record({ key: Schema.String, value: Schema.Unknown }), {}, "Model parameters; anything left out takes the model's default."),
  sweep: field(Sweep, { grid: {}, zip: {} }, "Parameters varied across points."),
  variants: field(
    Schema.Record({ key: Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9_-]+$/, { message: (i) => `Expected a variant name of letters, digits, - or _, got ${got(i)}` })), value: Patch }),
    {},
    "A/B variants: name -> parameter overrides applied on top of params (e.g. current / proposed). Every variant runs every point on the same seeds."
  ),
  assumptions: field(
    Schema.Record({ key: ParamPath, value: SampleRange }),
    {},
    "Uncertain behavioural parameters and their plausible ranges (parameter path -> {from, to}); `sandbox robustness` samples them and says whether the conclusion holds."
  ),
  data: field(
    Schema.Record({
      key: ParamPath,
      value: Schema.Struct({
        file: Schema.String.annotations({ description: "CSV or Parquet file, relative to the experiment file." }),
        column: Schema.optionalWith(Schema.String.annotations({ description: "Column whose values, in row order, become the parameter's list." }), { exact: true }),
        columns: Schema.optionalWith(
          Schema.NonEmptyArray(Schema.String).annotations({ description: "Columns read as a table: one record per row with these fields become the parameter's list." }),
          { exact: true }
        )
      }).pipe(
        Schema.filter((d) =>
          (d.column === undefined) === (d.columns === undefined)
            ? "Expected exactly one of column (one list of numbers) or columns (a table, one record per row), e.g. {file: data/prices.csv, column: price}"
            : undefined
        )
      )
    }),
    {},
    "Parameters read from data files: parameter path -> {file, column} for a list of numbers (market.pricePath: {file: data/prices.csv, column: price}) or {file, columns} for a table, one record per row (regions.costs: {file: data/costs.csv, columns: [region, costPerUnitUsd]})."
  ),
  fit: field(
    Schema.Struct({
      market: Schema.optionalWith(
        Schema.Struct({
          file: Schema.String.annotations({ description: "CSV or Parquet price series, one row per epoch, oldest first; relative to the experiment file." }),
          column: Schema.optionalWith(Schema.String.annotations({ description: "Column of prices." }), { default: () => "price", exact: true }),
          use: Schema.optionalWith(
            Schema.Literal("schedule", "last", "whole").annotations({
              description: "schedule: the whole series' drift and volatility and its regimes from the epochs they began; last: the last regime's drift and volatility; whole: the whole series' drift and volatility."
            }),
            { default: () => "schedule" as const, exact: true }
          ),
          assumptions: Schema.optionalWith(
            Schema.Boolean.annotations({
              description: "Add the fitted drift's and volatility's 95% intervals to assumptions, for `sandbox robustness` (with use: last or whole; an assumption written by hand for the same path wins)."
            }),
            { default: () => false, exact: true }
          )
        }),
        { exact: true }
      )
    }),
    {},
    "Parameters estimated from data before the runs: market: {file, column, use} fits market.drift, market.volatility and market.regimes to a price series, as `sandbox fit` does (`sandbox check` prints the fit with its 95% intervals)."
  ),
  optimize: Schema.optionalWith(Optimize, { exact: true }),
  guardrails: field(
    Schema.Array(Schema.String),
    [],
    "Conditions every scenario should meet: a function over runs (p5, p50, p95, mean, share) of a function over each run's epochs (max, min, sum, mean, final, drawdown, firstEpoch), e.g. \"p95(max(operatorChurnRate)) < 0.05\"; a bare metric means its final value."
  ),
  report: field(
    Schema.Struct({
      metrics: field(Schema.Array(Schema.String), [], "Metrics the report and `sandbox run` lead with, in this order (default: the model's key metrics); `sandbox params` lists every metric.")
    }),
    { metrics: [] },
    "What the report shows."
  )
})
export type ExperimentEnvelope = typeof ExperimentEnvelope.Type

/** One scenario: a variant at a sweep point, with its fully decoded parameters. */
export interface Scenario {
  readonly index: number
  /** `base`; or the variant name, the point, or both: `proposed · market.volatility=0.05`. */
  readonly label: string
  /** Variant name, when the experiment has variants. */
  readonly variant?: string | undefined
  /** Index of the sweep point. */
  readonly point: number
  /** The swept values of this point, by parameter path. */
  readonly overrides: Readonly<Record<string, unknown>>
  readonly params: unknown
}

/** A decoded experiment: envelope with defaults, the model's decoded params and the scenarios. */
export interface ResolvedExperiment {
  readonly file: string
  readonly envelope: ExperimentEnvelope
  /** Model parameters with every default filled in (encoded form, as written to YAML). */
  readonly resolvedParams: unknown
  readonly scenarios: ReadonlyArray<Scenario>
  /** The guardrails, parsed and checked against the model's metrics. */
  readonly guardrails: ReadonlyArray<Guardrail>
  /** What `fit:` estimated from data, with its intervals (absent without a fit block). */
  readonly fitted?: Fitted
  /** The optimize block's objectives, compiled (empty without one). */
  readonly objectives?: ReadonlyArray<{ readonly direction: "maximize" | "minimize"; readonly source: string; readonly compiled: Guardrail }>
}
