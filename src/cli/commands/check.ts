/**
 * `sandbox check <file>`: decode and validate an experiment without running it.
 */
import * as Command from "@effect/cli/Command"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import { ExperimentLoader } from "../../experiment/Loader.ts"
import { planRuns } from "../../experiment/Plan.ts"
import { experimentFile } from "./options.ts"

export const checkCommand = Command.make("check", { file: experimentFile }, ({ file }) =>
  Effect.gen(function* () {
    const loader = yield* ExperimentLoader
    const exp = yield* loader.load(file)
    const env = exp.envelope
    const runs = planRuns(exp).length
    yield* Console.log(
      `ok: ${file}: experiment "${env.name}", model ${env.model}, ${exp.scenarios.length} scenario${exp.scenarios.length === 1 ? "" : "s"} x ${env.runs} runs = ${runs} runs of ${env.epochs} epochs, seed ${env.seed}`
    )
  })
).pipe(Command.withDescription("Validate an experiment file without running it."))
