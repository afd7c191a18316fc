/**
 * ExperimentLoader: reads an experiment file and decodes it (see Decode.ts).
 */
import * as Effect from "effect/Effect"
import { decodeExperiment, type EnvelopeOverrides } from "./Decode.ts"
import { defaultLimits, readBounded, type Limits } from "./Limits.ts"

export class ExperimentLoader extends Effect.Service<ExperimentLoader>()("ExperimentLoader", {
  effect: Effect.sync(() => {
    /**
     * Read and decode `file`, with command-line overrides applied before validation. At most
     * `limits.inputBytes` are read (Limits.ts): a huge file or /dev/zero is refused, not read to
     * the end; a plan beyond `limits.runs` is refused before its scenarios are built.
     */
    const load = (file: string, overrides: EnvelopeOverrides = {}, limits: Limits = defaultLimits()) =>
      readBounded(file, limits.inputBytes).pipe(Effect.flatMap((text) => decodeExperiment(file, text, overrides, limits.runs)))
    return { load } as const
  })
}) {}
