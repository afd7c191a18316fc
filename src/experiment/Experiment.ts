/**
 * Experiment: the envelope every experiment file shares, whatever its model.
 *
 * An experiment is data: which model, how long, how many Monte Carlo runs, which seed, the
 * model's parameters (decoded by the model's own schema, so defaults and checks live with the
 * model) and the sweep. `ResolvedExperiment` is the same with every default filled in; it is what
 * a run records in `experiment.resolved.yaml`.
 */
import * as Schema from "effect/Schema"
import { Count, field, PositiveInt } from "./Fields.ts"

/** A parameter path in a sweep, dotted: `market.volatility`. */
const ParamPath = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, {
    message: (i) => `Expected a dotted parameter path like "market.volatility", got ${JSON.stringify(i.actual)}`
  })
)

/** Values one swept parameter takes. */
const SweepValues = Schema.NonEmptyArray(Schema.Unknown).annotations({
  message: () => "Expected a non-empty list of values"
})

export const Sweep = Schema.Struct({
  grid: field(
    Schema.Record({ key: ParamPath, value: SweepValues }),
    {},
    "Cartesian grid: parameter path -> list of values; every combination is one scenario."
  )
}).annotations({ description: "Which parameters vary across scenarios." })
export type Sweep = typeof Sweep.Type

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
  params: field(Schema.Record({ key: Schema.String, value: Schema.Unknown }), {}, "Model parameters; anything left out takes the model's default."),
  sweep: field(Sweep, { grid: {} }, "Parameters varied across scenarios.")
})
export type ExperimentEnvelope = typeof ExperimentEnvelope.Type

/** One point of the sweep: its label and fully decoded parameters. */
export interface Scenario {
  readonly index: number
  /** `base` without a sweep, else `market.volatility=0.05,operators.initial=500`. */
  readonly label: string
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
}
