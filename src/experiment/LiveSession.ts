/**
 * LiveSession: one run of an experiment, watched and steered while it goes (the TUI's engine).
 *
 * Plain synchronous code around the engine's `Stepper`: step, restart (the same run index and
 * seed, or the next run), change a parameter (validated by the model's schema, applied from the
 * next epoch through `Stepper.change`, so it is recorded as a scheduled change), launch one of
 * the model's declared attacks, and take a `Snapshot`. Its export is an experiment that replays
 * the session exactly (seed, run index, every change as a `schedule` entry).
 * Nothing here knows a model: attacks, panels, header states and the parameters fixed at start
 * come from the model's declarations (src/engine/Model.ts).
 */
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { stringify } from "yaml"
import { checkGuardrails, seriesLookup } from "../analysis/Guardrails.ts"
import type { AnyModel, Panel } from "../engine/Model.ts"
import { getPath, setPath } from "../engine/ParamPath.ts"
import { Stepper, type ScheduledChange } from "../engine/Simulation.ts"
import { decodeExperiment } from "./Decode.ts"
import type { ResolvedExperiment } from "./Experiment.ts"
import { experimentHash } from "./Hash.ts"
import { describer, numericLeaves, readablePath, schemaMessage } from "./LiveParams.ts"
import { HISTORY, type AttackState, type Snapshot, type Tunable } from "./LiveSnapshot.ts"
import { runSeed, type RunSpec } from "./Plan.ts"
import { runExport, type ExportFile } from "./ExportFiles.ts"

export class LiveSession {
  private stepper: Stepper<unknown, any>
  private runIndex: number
  private highestRun: number
  private readonly scenarioIndex: number
  private readonly scenarioParams: unknown
  private readonly encode: (p: unknown) => unknown
  private readonly decode: (u: unknown) => Either.Either<unknown, ParseResult.ParseError>
  private readonly describe: (params: unknown, path: string) => string
  private cache: { readonly params: unknown; readonly tunables: ReadonlyArray<Tunable>; readonly panels: ReadonlyArray<Panel> } | undefined

  constructor(
    readonly exp: ResolvedExperiment,
    readonly model: AnyModel,
    /** The Monte Carlo run index to play: its seed is derived from the experiment seed and it. */
    run = 0,
    /** Which of the experiment's scenarios (variants or sweep points) runs. */
    scenarioIndex = 0,
    /** Changes to replay (a copy of another session for comparing). */
    schedule: ReadonlyArray<ScheduledChange> = []
  ) {
    const scenario = exp.scenarios[scenarioIndex]
    if (scenario === undefined) throw new RangeError(`scenario ${scenarioIndex} of ${exp.scenarios.length}`)
    this.scenarioIndex = scenarioIndex
    this.scenarioParams = scenario.params
    this.runIndex = run
    this.highestRun = run
    this.encode = Schema.encodeSync(model.params)
    this.decode = Schema.decodeUnknownEither(model.params, { errors: "all", onExcessProperty: "error" })
    this.describe = describer(model)
    this.stepper = this.fresh(schedule)
  }

  private fresh(schedule: ReadonlyArray<ScheduledChange> = []): Stepper<unknown, any> {
    return new Stepper(this.model, this.scenarioParams, { epochs: this.exp.envelope.epochs, seed: this.seed, schedule })
  }

  /** The scenario's label. */
  get label(): string {
    return this.exp.scenarios[this.scenarioIndex]!.label
  }

  /** The run's own seed (derived from the experiment seed and the run index). */
  get seed(): number {
    return runSeed(this.exp.envelope.seed, this.runIndex)
  }

  get run(): number {
    return this.runIndex
  }

  get epoch(): number {
    return this.stepper.epoch
  }

  get done(): boolean {
    return this.stepper.done
  }

  /** The parameters the next epoch runs with. */
  get params(): unknown {
    return this.stepper.params
  }

  /** Changes made in this run (scheduled by epoch). */
  get changes(): ReadonlyArray<ScheduledChange> {
    return this.stepper.changes
  }

  /** Run one epoch; false when the run is complete. */
  step(): boolean {
    return this.stepper.step()
  }

  /**
   * Start over from epoch 0 with the scenario's parameters: the same run (same seed) or the next
   * run index not played yet (a new seed). Changes made so far are dropped.
   */
  restart(sameSeed: boolean): void {
    if (!sameSeed) this.runIndex = ++this.highestRun
    this.stepper = this.fresh()
  }

  /** Play run `run` from epoch 0 (a comparison's copy follows its original's run). */
  restartAt(run: number): void {
    this.runIndex = run
    this.highestRun = Math.max(this.highestRun, run)
    this.stepper = this.fresh()
  }

  /** A session on the same scenario, run and changes, stepped to the same epoch: bit-identical so far. */
  copy(scenarioIndex = this.scenarioIndex): LiveSession {
    const c = new LiveSession(this.exp, this.model, this.runIndex, scenarioIndex, scenarioIndex === this.scenarioIndex ? this.changes : [])
    while (c.epoch < this.epoch && c.step());
    return c
  }

  /** Numeric parameters that can change mid-run (not the model's `fixedAtStart`), its tunables first. */
  tunables(): ReadonlyArray<Tunable> {
    const encoded = this.encode(this.params)
    const fixed = this.model.fixedAtStart ?? []
    const all = numericLeaves(encoded)
      .filter((t) => !fixed.some((f) => t.path === f || t.path.startsWith(`${f}.`)))
      .map((t) => ({ ...t, label: readablePath(encoded, t.path), description: this.describe(encoded, t.path) }))
    const first = this.model.tunables ?? []
    const ranked = first.flatMap((p) => all.filter((t) => t.path === p))
    return [...ranked, ...all.filter((t) => !first.includes(t.path))]
  }

  /**
   * Change one parameter from the next epoch. The whole parameter set is decoded again by the
   * model's schema, so an invalid value is refused with the schema's message; a valid one is
   * applied through `Stepper.change`, exactly as a scheduled change in a file is.
   */
  setParam(path: string, value: number): Either.Either<string, string> {
    const encoded = this.encode(this.params)
    const before = getPath(encoded, path)
    if (typeof before !== "number") return Either.left(`unknown numeric parameter "${path}"`)
    const fixed = (this.model.fixedAtStart ?? []).find((f) => path === f || path.startsWith(`${f}.`))
    if (fixed !== undefined) return Either.left(`${path} is read only at epoch 0; changing it mid-run does nothing (set it in the experiment file)`)
    const decoded = this.decode(setPath(encoded, path, value))
    if (Either.isLeft(decoded)) return Either.left(schemaMessage(decoded.left, path))
    this.stepper.change({ [path]: value })
    return Either.right(`${readablePath(encoded, path)} ${before} -> ${value} from epoch ${this.epoch}`)
  }

  /** The model's attacks for the current parameters, with where each stands. */
  attacks(): ReadonlyArray<AttackState> {
    const e = this.epoch
    return this.launchable().map((a) => ({ name: a.name, startEpochPath: a.startEpochPath, startEpoch: a.startEpoch, endEpoch: a.endEpoch, state: e < a.startEpoch ? "scheduled" : a.endEpoch !== undefined && e >= a.endEpoch ? "over" : "running" }))
  }

  /** The model's attacks that can be launched mid-run (they name their start parameter). */
  private launchable(): ReadonlyArray<{ readonly name: string; readonly startEpochPath: string; readonly startEpoch: number; readonly endEpoch?: number | undefined }> {
    return (this.model.attacks?.(this.params) ?? []).flatMap((a) => (a.startEpochPath !== undefined ? [{ name: a.name, startEpochPath: a.startEpochPath, startEpoch: a.startEpoch ?? 0, endEpoch: a.endEpoch }] : []))
  }

  /** Launch an attack from the next epoch: its start parameter becomes the next epoch (a recorded change). */
  launch(name: string): Either.Either<string, string> {
    const a = this.launchable().find((x) => x.name === name)
    if (a === undefined) return Either.left(`this model declares no attack "${name}" here`)
    const at = this.epoch
    const r = this.setParam(a.startEpochPath, at)
    if (Either.isRight(r)) this.stepper.events.push(at, "attack", `launched ${name} at epoch ${at}`)
    return Either.map(r, () => `attack ${name} launched at epoch ${at}`)
  }

  snapshot(extra: { readonly paused: boolean; readonly speed: number; readonly rate: number; readonly message: string }): Snapshot {
    const { names, series } = this.stepper.recorder
    const n = this.stepper.epoch
    const values: Record<string, number> = {}
    const history: Record<string, ReadonlyArray<number>> = {}
    for (let i = 0; i < names.length; i++) {
      const s = series[i]!
      values[names[i]!] = n > 0 ? s[n - 1]! : Number.NaN
      history[names[i]!] = Array.from(s.subarray(Math.max(0, n - HISTORY), n))
    }
    const events = this.stepper.events.entries
    const params = this.params
    const cache =
      this.cache !== undefined && this.cache.params === params
        ? this.cache
        : { params, tunables: this.tunables(), panels: this.model.panels?.(params) ?? [{ title: "Headline metrics", rows: this.model.headline.map((m) => ({ label: m, metric: m })) }] }
    this.cache = cache
    return {
      tunables: cache.tunables,
      attacks: this.attacks(),
      panels: cache.panels,
      status: n > 0 ? (this.model.status?.(params, values, n - 1) ?? []) : [],
      experiment: this.exp.scenarios.length > 1 ? `${this.exp.envelope.name}/${this.label}` : this.exp.envelope.name,
      model: this.exp.envelope.model,
      seed: this.exp.envelope.seed,
      run: this.runIndex,
      epoch: n,
      epochs: this.stepper.epochs,
      done: this.stepper.done,
      values,
      history,
      events: events.length > 500 ? events.slice(-500) : events,
      // The run so far, as one run: `max(churn)` is the worst epoch yet, a bare metric the latest.
      guardrails: checkGuardrails(this.exp.guardrails, [seriesLookup(names, series.map((s) => s.subarray(0, n)))]),
      changes: this.changes.reduce((k, c) => k + Object.keys(c.set).length, 0),
      ...extra
    }
  }

  /**
   * The experiment that replays this session: the scenario's full parameters, the experiment
   * seed, this run's index (`firstRun`), one run of the epochs run so far, and every change as a
   * `schedule` entry. `sandbox run` on it computes exactly the numbers the session shows.
   */
  replayExperiment(): { readonly yaml: string; readonly exp: ResolvedExperiment } {
    const env = this.exp.envelope
    const body = {
      name: `${env.name}-tui`,
      description: `Replays a sandbox tui session of ${this.exp.file}${this.exp.scenarios.length > 1 ? ` (scenario ${this.label})` : ""}: run ${this.runIndex} of seed ${env.seed}, epochs 0-${Math.max(0, this.epoch - 1)}, with the session's parameter changes and attack launches as a schedule.`,
      model: env.model,
      seed: env.seed,
      epochs: Math.max(1, this.epoch),
      runs: 1,
      ...(this.runIndex !== 0 ? { firstRun: this.runIndex } : {}),
      params: this.encode(this.scenarioParams),
      ...(env.guardrails.length > 0 ? { guardrails: env.guardrails } : {}),
      ...(this.changes.length > 0 ? { schedule: this.changes.map((c) => ({ epoch: c.epoch, set: c.set })) } : {})
    }
    const text = stringify(body)
    const decoded = decodeExperiment("experiment.resolved.yaml", text)
    // The export must decode (it is the session's own parameters and validated changes); if it
    // does not, that is a bug here, not a user error.
    if (Either.isLeft(decoded)) throw new Error(`the replay experiment does not decode: ${JSON.stringify(decoded.left)}`)
    const hash = experimentHash(decoded.right)
    return { yaml: `# Replays a sandbox tui session (experiment hash ${hash}).\n# Re-run with: sandbox run <this file>\n${text}`, exp: decoded.right }
  }

  /** What ran so far, as the files `sandbox run --out` writes (plus the event log); the experiment replays the session. */
  exportFiles(): ReadonlyArray<ExportFile> {
    const replay = this.replayExperiment()
    const spec: RunSpec = { scenario: 0, label: replay.exp.scenarios[0]!.label, run: this.runIndex, seed: this.seed, params: this.params }
    return runExport({ replay, outcome: { _tag: "Completed", spec, result: this.stepper.partial() }, events: this.stepper.events.entries, epochsRun: this.epoch })
  }
}
