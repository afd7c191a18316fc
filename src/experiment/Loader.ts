/**
 * ExperimentLoader: reads an experiment file and decodes it (see Decode.ts).
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"
import { decodeExperiment, type EnvelopeOverrides } from "./Decode.ts"
import { unreadable } from "./Errors.ts"

export class ExperimentLoader extends Effect.Service<ExperimentLoader>()("ExperimentLoader", {
  effect: Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    /** Read and decode `file`, with command-line overrides applied before validation. */
    const load = (file: string, overrides: EnvelopeOverrides = {}) =>
      fs.readFileString(file).pipe(
        Effect.mapError((e) => unreadable(file, e)),
        Effect.flatMap((text) => decodeExperiment(file, text, overrides))
      )
    return { load } as const
  })
}) {}
