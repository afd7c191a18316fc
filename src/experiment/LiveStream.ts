/**
 * LiveStream: the Effect side of a live session: a fiber that steps the session (and, when
 * comparing, a second session in lock step) at the chosen speed, applies commands from a queue
 * and publishes snapshots as a `Stream`, so the UI renders what the stream gives it and never
 * reads globals.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Queue from "effect/Queue"
import * as Stream from "effect/Stream"
import type { ExportFile } from "./ExportFiles.ts"
import type { LiveSession } from "./LiveSession.ts"
import { formatSpeed, SPEEDS, type Snapshot } from "./LiveSnapshot.ts"

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
  readonly exportTo?: (files: ReadonlyArray<ExportFile>) => Effect.Effect<string, string>
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
