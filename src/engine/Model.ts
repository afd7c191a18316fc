/**
 * Model: the contract a network model in models/ fulfils.
 *
 * A model is code, not data: a parameter schema (with defaults and descriptions, so an
 * experiment file only names what it changes), the metrics it reports, how to build the world
 * at epoch 0 and the ordered systems of one epoch. A model never reads files, never knows how
 * many workers run it and draws randomness only from the `Rng` it is handed.
 */
import type * as Schema from "effect/Schema"
import type { EventLog } from "./Events.ts"
import type { Ledger } from "./Ledger.ts"
import type { NamedSystem } from "./Pipeline.ts"
import type { MetricDef, Recorder } from "./Recorder.ts"
import type { Rng } from "./Rng.ts"

/** What every world carries: the epoch counter, the token ledger and the metric recorder. */
export interface WorldBase {
  epoch: number
  readonly ledger: Ledger
  readonly recorder: Recorder
  /**
   * Parameters for the next epoch onwards, when something changed them mid-run (a governance
   * proposal executing, a user editing a value in the TUI). The simulation loop applies and
   * clears it before the next epoch; systems always read the params they are handed.
   */
  nextParams?: unknown
  /** Human-readable events (proposals, attacks, parameter changes); set by the Stepper. */
  events?: EventLog
}

/**
 * The outcome metrics every attack reports, named `attack.<name>.<field>` in every model: cost
 * and profit in USD so far, success (0/1), the epoch it was detected (NaN before, or always when
 * the model cannot detect it). Results tables, reports and the TUI read attacks by these names.
 */
export const ATTACK_OUTCOMES = ["cost", "profit", "success", "detectedEpoch"] as const

/** The name of an attack's outcome metric, e.g. `attack.capture.profit`. */
export const attackMetric = (attack: string, field: (typeof ATTACK_OUTCOMES)[number] | (string & {})): string => `attack.${attack}.${field}`

/**
 * An attack a run of the model with given parameters has (reporting `attack.<name>.*` metrics).
 * With `startEpochPath` a user may launch it mid-run: the TUI sets that parameter to the next epoch.
 */
export interface AttackDecl {
  /** The attack's name in metric names, tables and the TUI. */
  readonly name: string
  /** What kind of attack it is, in words a table can show ("griefing", "flash-loan vote"). */
  readonly kind: string
  /** Parameter path of its start epoch (`attacks.0.startEpoch`), when it can be launched mid-run. */
  readonly startEpochPath?: string
  /** The epoch it is scheduled to start at. */
  readonly startEpoch?: number
  /** The first epoch after it ends (omitted: it runs to the end). */
  readonly endEpoch?: number
}

/** How a panel prints a value: 1,234 / 12.3% / $1.23 / +5 (a change) / 3 significant digits. */
export type ValueFormat = "count" | "share" | "usd" | "signed" | "number"

/** One line of a TUI panel: a metric's latest value, a few more values, and its chart. */
export interface PanelRow {
  readonly label: string
  readonly metric: string
  readonly format?: ValueFormat
  /** More values after the main one (joins and exits beside the operator count); a label of "-" prints the value negated. */
  readonly extra?: ReadonlyArray<{ readonly metric: string; readonly format?: ValueFormat; readonly label?: string }>
  /** The chart's scale: between min and max (default), from zero (rates, per-epoch counts), log (prices), or none. */
  readonly chart?: "linear" | "zero" | "log" | "none"
}

/** A group of rows the TUI shows together under a title. */
export interface Panel {
  readonly title: string
  readonly rows: ReadonlyArray<PanelRow>
}

/**
 * A part of a run's world whose size the parameters set (a population, a matrix): `count` units
 * of `bytesEach` bytes. The limits (src/experiment/Limits.ts) add these up before a run starts,
 * so `operators.count: 1e9` is refused with the field's name instead of running out of memory.
 */
export interface StateSize {
  /** The parameter path(s) that set it, as an experiment writes them: `operators.count`, `subnets.count x miners.perSubnet`. */
  readonly field: string
  /** What is counted, in words a message can show: "operators", "validator x contributor scores". */
  readonly what: string
  /** How many units the world holds at epoch 0 (slots allocated, not only those in use). */
  readonly count: number
  /** Bytes per unit. */
  readonly bytesEach: number
}

/** Bytes a run's world takes at epoch 0 by the model's own account (0 when it gives none). */
export const stateBytes = <P, W extends WorldBase>(model: ModelRuntime<P, W>, params: P): number => {
  let bytes = 0
  for (const s of model.state?.(params) ?? []) bytes += s.count * s.bytesEach
  return bytes
}

/**
 * What running a model needs: no schema, so worker threads can load it without Effect
 * (importing effect/Schema costs ~0.65 s per thread).
 */
export interface ModelRuntime<P, W extends WorldBase> {
  readonly name: string
  readonly metrics: ReadonlyArray<MetricDef>
  /** Metrics that depend on the parameters (e.g. one per region), recorded after `metrics`. */
  readonly paramMetrics?: (params: P) => ReadonlyArray<MetricDef>
  /** The few metrics tables and charts show first. */
  readonly headline: ReadonlyArray<string>
  /** Parameter paths a user is most likely to change mid-run (the TUI lists them first). */
  readonly tunables?: ReadonlyArray<string>
  /** The metrics a governance report charts (median and 5-95% band over time). */
  readonly reportMetrics: ReadonlyArray<string>
  /** The attacks a run with these parameters has (the TUI lists the launchable ones). */
  readonly attacks?: (params: P) => ReadonlyArray<AttackDecl>
  /**
   * Parameter paths (or prefixes) read only when the world is built, so changing them mid-run
   * does nothing: the TUI does not offer them.
   */
  readonly fixedAtStart?: ReadonlyArray<string>
  /** The TUI's panels (default: one panel of the headline metrics). */
  readonly panels?: (params: P) => ReadonlyArray<Panel>
  /** Short states for the TUI's header ("market calm", "demand 12.3k, 4% unserved") from the latest values. */
  readonly status?: (params: P, values: Readonly<Record<string, number>>, epoch: number) => ReadonlyArray<string>
  /**
   * The parts of a run's world whose size the parameters set, for the memory estimate made
   * before a run (docs/limits.md); a test builds each model's world and holds it to this.
   */
  readonly state?: (params: P) => ReadonlyArray<StateSize>
  /** Build the world at epoch 0. */
  readonly init: (params: P, rng: Rng, recorder: Recorder) => W
  /** The ordered systems of one epoch. */
  readonly systems: ReadonlyArray<NamedSystem<W, P>>
  /**
   * Invariants that must hold after every epoch (conservation, no negative balances); returns
   * a description of each violation. Tests call it every epoch; runs do not pay for it.
   */
  readonly invariants: (world: W) => ReadonlyArray<string>
}

/** A network model: its runtime plus the schema that decodes its parameters. */
export interface Model<P, W extends WorldBase> extends ModelRuntime<P, W> {
  readonly description: string
  /** Decodes the experiment's `params` block; every field has a default and a description. */
  readonly params: Schema.Schema<P, any>
}

/** Every metric a run of `model` with `params` records, in recording order. */
export const metricDefs = <P, W extends WorldBase>(model: ModelRuntime<P, W>, params: P): ReadonlyArray<MetricDef> => [
  ...model.metrics,
  ...(model.paramMetrics?.(params) ?? [])
]

/** Metric names over several parameter sets (scenarios), first-seen order, no repeats. */
export const metricNamesOver = <P, W extends WorldBase>(model: ModelRuntime<P, W>, paramSets: ReadonlyArray<P>): ReadonlyArray<string> => {
  const names = new Set<string>()
  for (const p of paramSets) for (const d of metricDefs(model, p)) names.add(d.name)
  return [...names]
}

/** A model with its types erased, as the registry and the runner hold it. */
export type AnyModel = Model<any, any>

/** A runtime with its types erased. */
export type AnyModelRuntime = ModelRuntime<any, any>

/** Identity helper that keeps `P` and `W` inferred at the definition site. */
export const defineModel = <P, W extends WorldBase>(model: Model<P, W>): Model<P, W> => model

/** Identity helper for a model's runtime part. */
export const defineRuntime = <P, W extends WorldBase>(runtime: ModelRuntime<P, W>): ModelRuntime<P, W> => runtime
