/**
 * InProcess: the backend that runs each spec in this thread, one synchronous `simulate` per run
 * with a yield between runs, so an interrupt (Ctrl-C) lands between runs.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { runOne, type RunOutcome } from "../RunOne.ts"
import { Backend, progressEvery, tracker, type Batch } from "./Backend.ts"

/** Every spec's outcome, run in this thread in plan order. */
export const inProcessOutcomes = (batch: Batch): Stream.Stream<RunOutcome> =>
  Stream.suspend(() => {
    const track = tracker(batch)
    const every = progressEvery(batch)
    return Stream.fromIterable(batch.specs.entries()).pipe(
      Stream.mapEffect(([job, spec]) =>
        Effect.sync(() => {
          const outcome = runOne(batch.model, batch.epochs, spec, every > 0 ? (e) => (e + 1) % every === 0 && track.epochs(job, e + 1) : undefined)
          track.finished(job, outcome)
          return outcome
        }).pipe(Effect.zipLeft(Effect.yieldNow()))
      )
    )
  })

export const InProcess: Layer.Layer<Backend> = Layer.succeed(Backend, { describe: "this thread", stream: inProcessOutcomes })
