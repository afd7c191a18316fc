/**
 * LiveSnapshot: what a live session shows (the TUI reads only these): a `Snapshot` per tick,
 * the attacks and tunable parameters in it, and the speeds the run steps at.
 * The session that makes snapshots is LiveSession.ts; the stream that publishes them, LiveStream.ts.
 */
import type { GuardrailResult } from "../analysis/Guardrails.ts"
import type { SimEvent } from "../engine/Events.ts"
import type { Panel } from "../engine/Model.ts"

/** Epochs per second the run aims for; the last step is "as fast as it goes". */
export const SPEEDS: ReadonlyArray<number> = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, Number.POSITIVE_INFINITY]
/** Values kept per metric for charts (the widest chart of a 300-column terminal). */
export const HISTORY = 300

/** An attack and where it stands at the current epoch. */
export interface AttackState {
  readonly name: string
  /** The parameter that holds its start (the model's declaration). */
  readonly startEpochPath: string
  readonly startEpoch: number
  readonly endEpoch?: number | undefined
  readonly state: "scheduled" | "running" | "over"
}

/** A numeric parameter the user may change mid-run. */
export interface Tunable {
  readonly path: string
  /** Readable name: list indices replaced by the names they stand for (`regions.latencyMs.asia.europe`). */
  readonly label: string
  readonly value: number
  /** From the model's schema (ParamDocs). */
  readonly description: string
}

export interface Snapshot {
  /** The experiment's name, and `/<scenario label>` when it has several scenarios. */
  readonly experiment: string
  readonly model: string
  /** The experiment seed (what `--seed` sets); the run's own seed is derived from it and `run`. */
  readonly seed: number
  /** The Monte Carlo run index playing (0 at start; `r` moves to the next, `R` replays it). */
  readonly run: number
  readonly epoch: number
  readonly epochs: number
  readonly paused: boolean
  readonly done: boolean
  /** Index into SPEEDS. */
  readonly speed: number
  /** Epochs per second measured over the last second. */
  readonly rate: number
  /** Latest value of every metric. */
  readonly values: Readonly<Record<string, number>>
  /** The last HISTORY values of every metric, oldest first. */
  readonly history: Readonly<Record<string, ReadonlyArray<number>>>
  /** The run's events so far (most recent last, at most 500). */
  readonly events: ReadonlyArray<SimEvent>
  readonly guardrails: ReadonlyArray<GuardrailResult>
  /** A one-line message for the user (result of the last command). */
  readonly message: string
  /** Parameters that can change mid-run, the model's tunables first. */
  readonly tunables: ReadonlyArray<Tunable>
  /** Attacks the model declares for these parameters. */
  readonly attacks: ReadonlyArray<AttackState>
  /** The model's panels for these parameters. */
  readonly panels: ReadonlyArray<Panel>
  /** Short states for the header (market regime, demand), from the model. */
  readonly status: ReadonlyArray<string>
  /** Parameter changes made in this run so far (they export as its schedule). */
  readonly changes: number
  /** Which side this is when comparing ("A", "B", or a variant's name). */
  readonly side?: string
  /** The other side of a comparison (changes go to it), running in lock step on the same seed. */
  readonly compare?: Snapshot
}

export const formatSpeed = (s: number): string => (Number.isFinite(s) ? `${s}/s` : "max")
