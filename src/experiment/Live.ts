/**
 * Live: one run of an experiment, watched and steered while it goes (the TUI's engine).
 *
 * `LiveSession` is plain synchronous code around the engine's `Stepper`: step, restart with a new
 * seed, change a parameter (validated by the model's schema, applied from the next epoch), launch
 * one of the experiment's attacks now, and take a `Snapshot` (latest values, a short history of
 * each metric, new events, guardrails on the live values). `liveStream` is the Effect side: a
 * fiber that steps the session at the chosen speed, applies commands from a queue and publishes
 * snapshots as a `Stream`, so the UI renders what the stream gives it and never reads globals.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Queue from "effect/Queue"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { checkGuardrails, seriesLookup, type GuardrailResult } from "../analysis/Guardrails.ts"
import { getPath, setPath } from "../../models/common/paths.ts"
import type { SimEvent } from "../engine/Events.ts"
import type { AnyModel } from "../engine/Model.ts"
import { Stepper } from "../engine/Simulation.ts"
import type { ResolvedExperiment } from "./Experiment.ts"
import { experimentHash } from "./Hash.ts"
import { runSeed, type RunSpec } from "./Plan.ts"
import { attacksCsv, metricsCsv, resolvedYaml, summaryDocument } from "./Results.ts"
import type { RunOutcome } from "./RunOne.ts"
import { recordOf } from "./Store.ts"

/** Epochs per second the run aims for; the last step is "as fast as it goes". */
export const SPEEDS: ReadonlyArray<number> = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, Number.POSITIVE_INFINITY]
/** Values kept per metric for sparklines. */
export const HISTORY = 60

export interface Snapshot {
  /** The experiment's name, and `/<scenario label>` when it has several scenarios. */
  readonly experiment: string
  readonly model: string
  readonly seed: number
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
  /** The run's events so far (most recent last, at most 200). */
  readonly events: ReadonlyArray<SimEvent>
  readonly guardrails: ReadonlyArray<GuardrailResult>
  /** A one-line message for the user (result of the last command). */
  readonly message: string
  /** Numeric parameters of the current run, the model's tunables first. */
  readonly tunables: ReadonlyArray<Tunable>
  /** Attacks the experiment defines. */
  readonly attacks: ReadonlyArray<LaunchableAttack>
}

/** A numeric parameter the user may edit: its dotted path and current value. */
export interface Tunable {
  readonly path: string
  readonly value: number
}

/** An attack the experiment defines that can be launched now. */
export interface LaunchableAttack {
  readonly name: string
  readonly startEpoch: number
}

/** Every numeric leaf of a params object, as dotted paths (arrays by index). */
export const numericLeaves = (obj: unknown, prefix = ""): Array<Tunable> => {
  if (typeof obj === "number") return [{ path: prefix, value: obj }]
  if (obj === null || typeof obj !== "object") return []
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => numericLeaves(v, prefix ? `${prefix}.${k}` : k))
}

export class LiveSession {
  private stepper: Stepper<unknown, any>
  private seedValue: number
  private readonly spec: RunSpec
  private readonly tracked: ReadonlyArray<number>
  private readonly encode: (p: unknown) => unknown
  private readonly decode: (u: unknown) => Either.Either<unknown, ParseResult.ParseError>
  private cache: { readonly params: unknown; readonly tunables: ReadonlyArray<Tunable>; readonly attacks: ReadonlyArray<LaunchableAttack> } | undefined

  constructor(
    readonly exp: ResolvedExperiment,
    readonly model: AnyModel,
    seed: number = runSeed(exp.envelope.seed, 0),
    /** Which of the experiment's scenarios (variants or sweep points) runs. */
    scenarioIndex = 0
  ) {
    const scenario = exp.scenarios[scenarioIndex]
    if (scenario === undefined) throw new RangeError(`scenario ${scenarioIndex} of ${exp.scenarios.length}`)
    this.spec = { scenario: scenarioIndex, label: scenario.label, run: 0, seed, params: scenario.params }
    this.seedValue = seed
    this.encode = Schema.encodeSync(model.params)
    this.decode = Schema.decodeUnknownEither(model.params, { errors: "all", onExcessProperty: "error" })
    this.stepper = new Stepper(model, scenario.params, { epochs: exp.envelope.epochs, seed })
    this.tracked = this.stepper.recorder.names.map((_, i) => i)
  }

  get seed(): number {
    return this.seedValue
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

  /** Run one epoch; false when the run is complete. */
  step(): boolean {
    return this.stepper.step()
  }

  /** Start over from epoch 0 with the experiment's parameters and a new seed. */
  restart(seed: number): void {
    this.seedValue = seed
    this.stepper = new Stepper(this.model, this.spec.params, { epochs: this.exp.envelope.epochs, seed })
  }

  /** Numeric parameters, the model's `tunables` first. */
  tunables(): ReadonlyArray<Tunable> {
    const all = numericLeaves(this.encode(this.params))
    const first = this.model.tunables ?? []
    const ranked = first.flatMap((p) => all.filter((t) => t.path === p))
    return [...ranked, ...all.filter((t) => !first.includes(t.path))]
  }

  /**
   * Change one parameter from the next epoch. The whole parameter set is decoded again by the
   * model's schema, so an invalid value is refused with the schema's message.
   */
  setParam(path: string, value: number): Either.Either<string, string> {
    const encoded = this.encode(this.params)
    const before = getPath(encoded, path)
    if (typeof before !== "number") return Either.left(`unknown numeric parameter "${path}"`)
    const decoded = this.decode(setPath(encoded, path, value))
    if (Either.isLeft(decoded)) {
      const issue = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)[0]
      return Either.left(`${issue ? issue.path.join(".") || path : path}: ${issue?.message ?? "invalid value"}`)
    }
    const message = `${path} ${before} -> ${value} from epoch ${this.epoch}`
    this.stepper.setParams(decoded.right, message)
    return Either.right(message)
  }

  /** The experiment's attacks (a top-level `attacks` list of { name, startEpoch, ... } in its params). */
  attacks(): ReadonlyArray<LaunchableAttack> {
    const list = (this.encode(this.params) as { attacks?: unknown }).attacks
    if (!Array.isArray(list)) return []
    return list.flatMap((a) => (a && typeof a === "object" && typeof a.name === "string" && typeof a.startEpoch === "number" ? [{ name: a.name as string, startEpoch: a.startEpoch as number }] : []))
  }

  /** Launch an attack from the next epoch (its startEpoch becomes the next epoch). */
  launch(name: string): Either.Either<string, string> {
    const list = (this.encode(this.params) as { attacks?: Array<{ name?: unknown }> }).attacks
    const index = Array.isArray(list) ? list.findIndex((a) => a?.name === name) : -1
    if (index < 0) return Either.left(`this experiment defines no attack "${name}"`)
    const r = this.setParam(`attacks.${index}.startEpoch`, this.epoch)
    if (Either.isRight(r)) this.stepper.events.push(this.epoch, "attack", `launched ${name} at epoch ${this.epoch}`)
    return Either.map(r, () => `attack ${name} launched at epoch ${this.epoch}`)
  }

  snapshot(extra: { readonly paused: boolean; readonly speed: number; readonly rate: number; readonly message: string }): Snapshot {
    const { names, series } = this.stepper.recorder
    const n = this.stepper.epoch
    const values: Record<string, number> = {}
    const history: Record<string, ReadonlyArray<number>> = {}
    for (const i of this.tracked) {
      const s = series[i]!
      values[names[i]!] = n > 0 ? s[n - 1]! : Number.NaN
      history[names[i]!] = Array.from(s.subarray(Math.max(0, n - HISTORY), n))
    }
    const events = this.stepper.events.entries
    const cache = this.cache !== undefined && this.cache.params === this.params ? this.cache : { params: this.params, tunables: this.tunables(), attacks: this.attacks() }
    this.cache = cache
    return {
      tunables: cache.tunables,
      attacks: cache.attacks,
      experiment: this.exp.scenarios.length > 1 ? `${this.exp.envelope.name}/${this.spec.label}` : this.exp.envelope.name,
      model: this.exp.envelope.model,
      seed: this.seedValue,
      epoch: n,
      epochs: this.stepper.epochs,
      done: this.stepper.done,
      values,
      history,
      events: events.length > 200 ? events.slice(-200) : events,
      // The run so far, as one run: `max(churn)` is the worst epoch yet, a bare metric the latest.
      guardrails: checkGuardrails(this.exp.guardrails, [seriesLookup(names, series.map((s) => s.subarray(0, n)))]),
      ...extra
    }
  }

  /** What ran so far, as the files `sandbox run --out` writes (plus the event log). */
  exportFiles(): ReadonlyArray<{ readonly name: string; readonly content: string }> {
    const spec: RunSpec = { ...this.spec, seed: this.seedValue, params: this.params }
    const outcome: RunOutcome = { _tag: "Completed", spec, result: this.stepper.partial() }
    const hash = experimentHash(this.exp)
    const scenario = this.exp.scenarios[this.spec.scenario]!
    const summary = summaryDocument(this.exp, hash, this.stepper.recorder.names, [recordOf(outcome, scenario, this.exp.guardrails)])
    const events = this.stepper.events.entries.map((e) => `${e.epoch}\t${e.kind}\t${e.message}`).join("\n")
    const attacks = attacksCsv([outcome], this.stepper.recorder.names)
    return [
      { name: "metrics.csv", content: metricsCsv([outcome]) },
      ...(attacks !== undefined ? [{ name: "attacks.csv", content: attacks }] : []),
      { name: "summary.json", content: JSON.stringify({ ...summary, epochsRun: this.epoch, seed: this.seedValue }, null, 2) + "\n" },
      { name: "experiment.resolved.yaml", content: resolvedYaml(this.exp, hash) },
      { name: "events.tsv", content: `epoch\tkind\tmessage\n${events}${events ? "\n" : ""}` }
    ]
  }
}

export type LiveCommand =
  | { readonly _tag: "TogglePause" }
  | { readonly _tag: "Step" }
  | { readonly _tag: "Faster" }
  | { readonly _tag: "Slower" }
  | { readonly _tag: "Restart"; readonly seed: number }
  | { readonly _tag: "SetParam"; readonly path: string; readonly value: number }
  | { readonly _tag: "Launch"; readonly name: string }
  | { readonly _tag: "Export" }
  | { readonly _tag: "Quit" }

export interface LiveOptions {
  /** Start paused (tests, step-through). */
  readonly paused?: boolean
  /** Initial index into SPEEDS. */
  readonly speed?: number
  /** Milliseconds between snapshots. */
  readonly tickMs?: number
  /** Writes an export; returns the directory written or fails with a message. */
  readonly exportTo?: (files: ReadonlyArray<{ readonly name: string; readonly content: string }>) => Effect.Effect<string, string>
}

/**
 * Snapshots of a live session: one per tick while running (and after every command), ending
 * when a Quit command arrives. Commands are read from `commands` between ticks.
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
      const recent: Array<[number, number]> = []
      const rate = () => {
        const now = performance.now()
        while (recent.length > 0 && now - recent[0]![0] > 1000) recent.shift()
        return recent.reduce((a, [, n]) => a + n, 0)
      }
      const publish = Effect.suspend(() => Queue.offer(out, session.snapshot({ paused, speed, rate: rate(), message })))
      const apply = (cmd: LiveCommand): Effect.Effect<boolean> =>
        Effect.gen(function* () {
          switch (cmd._tag) {
            case "TogglePause":
              paused = !paused
              message = paused ? "paused" : "running"
              break
            case "Step":
              paused = true
              message = session.step() ? `stepped to epoch ${session.epoch}` : "the run is complete"
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
              session.restart(cmd.seed)
              message = `restarted with seed ${cmd.seed}`
              break
            case "SetParam":
              message = Either.merge(session.setParam(cmd.path, cmd.value))
              break
            case "Launch":
              message = Either.merge(session.launch(cmd.name))
              break
            case "Export":
              message = options.exportTo
                ? yield* options.exportTo(session.exportFiles()).pipe(
                    Effect.match({ onFailure: (e) => `export failed: ${e}`, onSuccess: (dir) => `exported epochs 0-${session.epoch - 1} to ${dir}` })
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
              while (performance.now() < until && session.step()) n++
              recent.push([now, n])
            } else {
              budget = Math.min(budget + target * dt, Math.max(1, target))
              let n = 0
              while (budget >= 1 && session.step()) {
                budget -= 1
                n++
              }
              recent.push([now, n])
            }
            if (session.done) message = "the run is complete: r restarts with a new seed, q quits"
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
