/**
 * Live: one run of an experiment, watched and steered while it goes (the TUI's engine).
 *
 * `LiveSession` is plain synchronous code around the engine's `Stepper`: step, restart (the same
 * run index and seed, or the next run), change a parameter (validated by the model's schema,
 * applied from the next epoch through `Stepper.change`, so it is recorded as a scheduled change),
 * launch one of the model's declared attacks, and take a `Snapshot`. Its export is an experiment
 * that replays the session exactly (seed, run index, every change as a `schedule` entry).
 * `liveStream` is the Effect side: a fiber that steps the session (and, when comparing, a second
 * session in lock step) at the chosen speed, applies commands from a queue and publishes
 * snapshots as a `Stream`, so the UI renders what the stream gives it and never reads globals.
 * Nothing here knows a model: attacks, panels, header states and the parameters fixed at start
 * come from the model's declarations (src/engine/Model.ts).
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Queue from "effect/Queue"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { stringify } from "yaml"
import { checkGuardrails, seriesLookup, type GuardrailResult } from "../analysis/Guardrails.ts"
import type { SimEvent } from "../engine/Events.ts"
import type { AnyModel, Panel } from "../engine/Model.ts"
import { getPath, setPath } from "../engine/ParamPath.ts"
import { Stepper, type ScheduledChange } from "../engine/Simulation.ts"
import { decodeExperiment } from "./Decode.ts"
import type { ResolvedExperiment } from "./Experiment.ts"
import { experimentHash } from "./Hash.ts"
import { paramDocs } from "./ParamDocs.ts"
import { runSeed, type RunSpec } from "./Plan.ts"
import { attacksCsv, metricsCsv, summaryDocument } from "./Results.ts"
import type { RunOutcome } from "./RunOne.ts"
import { recordOf } from "./Store.ts"

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

/** Every numeric leaf of a params object, as dotted paths (arrays by index). */
export const numericLeaves = (obj: unknown, prefix = ""): Array<{ readonly path: string; readonly value: number }> => {
  if (typeof obj === "number") return [{ path: prefix, value: obj }]
  if (obj === null || typeof obj !== "object") return []
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => numericLeaves(v, prefix ? `${prefix}.${k}` : k))
}

/**
 * A readable name for a dotted path: a list index becomes the `name` of the entry it points at
 * (`attacks.0.startEpoch` -> `attacks.dos-europe.startEpoch`), or the matching entry of a sibling
 * `names` list of the same length (`regions.latencyMs.3.2` -> `regions.latencyMs.oceania.asia`).
 */
export const readablePath = (params: unknown, path: string): string => {
  const keys = path.split(".")
  const out: Array<string> = []
  let names: ReadonlyArray<unknown> | undefined
  let cur: unknown = params
  for (const k of keys) {
    if (Array.isArray(cur) && /^\d+$/.test(k)) {
      const item = cur[Number(k)]
      const named = item !== null && typeof item === "object" && typeof (item as { name?: unknown }).name === "string" ? (item as { name: string }).name : undefined
      const fromSibling = names !== undefined && names.length === cur.length && typeof names[Number(k)] === "string" ? (names[Number(k)] as string) : undefined
      out.push(named ?? fromSibling ?? k)
      cur = item
      continue
    }
    if (cur !== null && typeof cur === "object" && !Array.isArray(cur)) {
      const sib = (cur as Record<string, unknown>)["names"]
      if (Array.isArray(sib)) names = sib
    }
    out.push(k)
    cur = cur !== null && typeof cur === "object" ? (cur as Record<string, unknown>)[k] : undefined
  }
  return out.join(".")
}

/**
 * The description of the schema field documenting `path` (list indices dropped; the nearest
 * documented parent). A field of a union (emission kinds) is described for the kind `params` has.
 */
const describer = (model: AnyModel): ((params: unknown, path: string) => string) => {
  const docs = new Map<string, Array<string>>()
  for (const d of paramDocs(model.params)) docs.set(d.path, [...(docs.get(d.path) ?? []), d.description])
  return (params, path) => {
    const keys = path.split(".")
    const plain = keys.filter((k) => !/^\d+$/.test(k))
    for (let n = plain.length; n > 0; n--) {
      const found = docs.get(plain.slice(0, n).join("."))
      if (found === undefined) continue
      if (found.length === 1) return found[0]!
      const kind = getPath(params, [...keys.slice(0, -1), "kind"].join("."))
      const own = found.find((d) => d.startsWith(`(kind ${String(kind)}) `))
      return (own ?? found[0]!).replace(/^\(kind [^)]*\) /, "")
    }
    return ""
  }
}

/** Describes an invalid value with the schema's message. */
const schemaMessage = (error: ParseResult.ParseError, path: string): string => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  return `${issue ? issue.path.join(".") || path : path}: ${issue?.message ?? "invalid value"}`
}

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
  exportFiles(): ReadonlyArray<{ readonly name: string; readonly content: string }> {
    const replay = this.replayExperiment()
    const spec: RunSpec = { scenario: 0, label: replay.exp.scenarios[0]!.label, run: this.runIndex, seed: this.seed, params: this.params }
    const outcome: RunOutcome = { _tag: "Completed", spec, result: this.stepper.partial() }
    const summary = summaryDocument(replay.exp, experimentHash(replay.exp), this.stepper.recorder.names, [recordOf(outcome, replay.exp.scenarios[0]!, replay.exp.guardrails)])
    const events = this.stepper.events.entries.map((e) => `${e.epoch}\t${e.kind}\t${e.message}`).join("\n")
    const attacks = attacksCsv([outcome], this.stepper.recorder.names)
    return [
      { name: "metrics.csv", content: metricsCsv([outcome]) },
      ...(attacks !== undefined ? [{ name: "attacks.csv", content: attacks }] : []),
      { name: "summary.json", content: JSON.stringify({ ...summary, epochsRun: this.epoch, run: this.runIndex, runSeed: this.seed }, null, 2) + "\n" },
      { name: "experiment.resolved.yaml", content: replay.yaml },
      { name: "events.tsv", content: `epoch\tkind\tmessage\n${events}${events ? "\n" : ""}` }
    ]
  }
}

export type LiveCommand =
  | { readonly _tag: "TogglePause" }
  | { readonly _tag: "Step" }
  | { readonly _tag: "Faster" }
  | { readonly _tag: "Slower" }
  /** Start over: the same run and seed (`R`), or the next run index with its own seed (`r`). */
  | { readonly _tag: "Restart"; readonly sameSeed: boolean }
  | { readonly _tag: "SetParam"; readonly path: string; readonly value: number }
  | { readonly _tag: "Launch"; readonly name: string }
  /** Start or stop comparing: a copy of the running session, stepped in lock step; changes go to the copy. */
  | { readonly _tag: "ToggleCompare" }
  | { readonly _tag: "Export" }
  | { readonly _tag: "Quit" }

export interface LiveOptions {
  /** Start paused (tests, step-through, `--paused`). */
  readonly paused?: boolean
  /** Initial index into SPEEDS. */
  readonly speed?: number
  /** Milliseconds between snapshots. */
  readonly tickMs?: number
  /** Start comparing with this session (`--compare`: another scenario, or a copy), in lock step. */
  readonly compare?: LiveSession
  /** Writes an export; returns the directory written or fails with a message. */
  readonly exportTo?: (files: ReadonlyArray<{ readonly name: string; readonly content: string }>) => Effect.Effect<string, string>
}

/** Side names of a comparison: the scenarios' labels when they differ, else A and B. */
const sideNames = (a: LiveSession, b: LiveSession): readonly [string, string] => (a.label !== b.label ? [a.label, b.label] : ["A", "B"])

/**
 * Snapshots of a live session: one per tick while running (and after every command), ending
 * when a Quit command arrives. Commands are read from `commands` between ticks. While comparing,
 * a second session steps in lock step with the first, on the same run and seed; parameter
 * changes and attack launches go to it, and each snapshot carries it as `compare`.
 */
export const liveStream = (session: LiveSession, commands: Queue.Dequeue<LiveCommand>, options: LiveOptions = {}): Stream.Stream<Snapshot> =>
  Stream.unwrapScoped(
    Effect.gen(function* () {
      const out = yield* Queue.sliding<Snapshot>(1)
      const tick = options.tickMs ?? 100
      let paused = options.paused ?? false
      let speed = options.speed ?? 4
      let message = ""
      let budget = 0
      let other: LiveSession | undefined = options.compare
      const recent: Array<[number, number]> = []
      const rate = () => {
        const now = performance.now()
        while (recent.length > 0 && now - recent[0]![0] > 1000) recent.shift()
        return recent.reduce((a, [, n]) => a + n, 0)
      }
      const step = (): boolean => {
        const stepped = session.step()
        if (other !== undefined && other.epoch < session.epoch) other.step()
        return stepped
      }
      const snapshot = (): Snapshot => {
        const extra = { paused, speed, rate: rate(), message }
        const a = session.snapshot(extra)
        if (other === undefined) return a
        const [sa, sb] = sideNames(session, other)
        return { ...a, side: sa, compare: { ...other.snapshot(extra), side: sb } }
      }
      const publish = Effect.suspend(() => Queue.offer(out, snapshot()))
      const exportFiles = () => {
        if (other === undefined) return session.exportFiles()
        const [sa, sb] = sideNames(session, other)
        return [...session.exportFiles().map((f) => ({ ...f, name: `${sa}/${f.name}` })), ...other.exportFiles().map((f) => ({ ...f, name: `${sb}/${f.name}` }))]
      }
      const apply = (cmd: LiveCommand): Effect.Effect<boolean> =>
        Effect.gen(function* () {
          switch (cmd._tag) {
            case "TogglePause":
              paused = !paused
              message = paused ? "paused" : "running"
              break
            case "Step":
              paused = true
              message = step() ? `stepped to epoch ${session.epoch}` : "the run is complete"
              break
            case "Faster":
              speed = Math.min(SPEEDS.length - 1, speed + 1)
              message = `speed ${formatSpeed(SPEEDS[speed]!)}`
              break
            case "Slower":
              speed = Math.max(0, speed - 1)
              message = `speed ${formatSpeed(SPEEDS[speed]!)}`
              break
            case "Restart":
              session.restart(cmd.sameSeed)
              other?.restartAt(session.run)
              message = `restarted run ${session.run} (seed ${session.exp.envelope.seed}, run seed ${session.seed})${cmd.sameSeed ? ": the same run again" : ""}`
              break
            case "SetParam":
              message = (other !== undefined ? `${sideNames(session, other)[1]}: ` : "") + Either.merge((other ?? session).setParam(cmd.path, cmd.value))
              break
            case "Launch":
              message = (other !== undefined ? `${sideNames(session, other)[1]}: ` : "") + Either.merge((other ?? session).launch(cmd.name))
              break
            case "ToggleCompare":
              if (other !== undefined) {
                other = undefined
                message = "comparison off"
              } else {
                other = session.copy()
                message = `comparing from epoch ${session.epoch}: B is a copy of A on the same seed; changes (p, a) now go to B`
              }
              break
            case "Export":
              message = options.exportTo
                ? yield* options.exportTo(exportFiles()).pipe(
                    Effect.match({ onFailure: (e) => `export failed: ${e}`, onSuccess: (dir) => `exported epochs 0-${session.epoch - 1} to ${dir} (sandbox run ${dir}/${other !== undefined ? "<side>/" : ""}experiment.resolved.yaml replays it)` })
                  )
                : "export is not available here"
              break
            case "Quit":
              return false
          }
          return true
        })
      const loop = Effect.gen(function* () {
        yield* publish
        let last = performance.now()
        while (true) {
          const cmds = yield* Queue.takeAll(commands)
          for (const cmd of cmds) {
            if (!(yield* apply(cmd))) return
          }
          const now = performance.now()
          const dt = (now - last) / 1000
          last = now
          if (!paused && !session.done) {
            const target = SPEEDS[speed]!
            // As fast as it goes: step for most of a tick, then publish.
            if (!Number.isFinite(target)) {
              let n = 0
              const until = performance.now() + tick * 0.8
              while (performance.now() < until && step()) n++
              recent.push([now, n])
            } else {
              budget = Math.min(budget + target * dt, Math.max(1, target))
              let n = 0
              while (budget >= 1 && step()) {
                budget -= 1
                n++
              }
              recent.push([now, n])
            }
            if (session.done) message = "run complete: R replays it, r runs the next seed, e exports, q quits"
          }
          yield* publish
          yield* Effect.sleep(Duration.millis(tick))
        }
      }).pipe(Effect.ensuring(Queue.shutdown(out)))
      yield* Effect.forkScoped(loop)
      return Stream.fromQueue(out)
    })
  )

export const formatSpeed = (s: number): string => (Number.isFinite(s) ? `${s}/s` : "max")
