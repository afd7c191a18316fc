/**
 * `sandbox check <file>`: decode and validate an experiment without running it.
 */
import * as Command from "@effect/cli/Command"
import * as Option from "effect/Option"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import { ExperimentLoader } from "../../experiment/Loader.ts"
import { limitsFor } from "../../experiment/Limits.ts"
import { marketParams } from "../../experiment/FitInputs.ts"
import { checkPlan } from "../../experiment/PlanCheck.ts"
import { fitTable } from "./fit.ts"
import { allowLargeOption, experimentFile, workerCount } from "./options.ts"

export const checkCommand = Command.make("check", { file: experimentFile, allowLarge: allowLargeOption }, ({ file, allowLarge }) =>
  Effect.gen(function* () {
    const loader = yield* ExperimentLoader
    const exp = yield* loader.load(file, {}, limitsFor(allowLarge))
    // The plan a sweep on this machine would make (the most a command allows): counted, not listed.
    yield* checkPlan(exp, yield* workerCount(Option.none()), "streamed", allowLarge)
    const env = exp.envelope
    const runs = exp.scenarios.length * env.runs
    yield* Console.log(
      `ok: ${file}: experiment "${env.name}", model ${env.model}, ${exp.scenarios.length} scenario${exp.scenarios.length === 1 ? "" : "s"} x ${env.runs} runs = ${runs} runs of ${env.epochs} epochs, seed ${env.seed}`
    )
    const m = exp.fitted?.market
    if (m) {
      const written = Object.keys(marketParams(m.fit, m.use)).map((k) => `market.${k}`)
      yield* Console.log(`\nfit.market: ${m.file}, column ${m.column} · ${m.fit.returns + 1} prices · 95% confidence intervals\n\n${fitTable(m.fit)}\n\nuse: ${m.use}: sets ${written.join(", ")} (the estimates, not the intervals)`)
    }
  })
).pipe(Command.withDescription("Validate an experiment file without running it."))
