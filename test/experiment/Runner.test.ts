/**
 * The Runner gives the same results whatever the backend and the number of workers, and keeps
 * a failing run as data while the others go on.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { models } from "../../src/experiment/ModelRegistry.ts"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { planRuns } from "../../src/experiment/Plan.ts"
import { Runner, runnerLayer, type RunOutcome } from "../../src/experiment/Runner.ts"

const experiment = (text: string) => {
  const r = decodeExperiment("t.yaml", text)
  if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

const runAll = (text: string, workers: number) => {
  const exp = experiment(text)
  const batch = { model: models[exp.envelope.model]!, epochs: exp.envelope.epochs, specs: planRuns(exp) }
  return Effect.runPromise(Effect.flatMap(Runner, (r) => r.run(batch)).pipe(Effect.provide(runnerLayer({ workers }))))
}

const fingerprint = (outcomes: ReadonlyArray<RunOutcome>) =>
  outcomes.map((o) => (o._tag === "Completed" ? `${o.spec.label}/${o.spec.run}:${o.result.series.map((s) => Buffer.from(s.buffer).toString("base64")).join("|")}` : `${o.spec.label}/${o.spec.run}:FAILED ${o.error}`))

// Large enough (>= 5,000 run-epochs) that 2 workers really start a thread pool.
const SWEEP = `name: t
epochs: 600
runs: 5
params: { operators: { count: 200 }, validators: { count: 20 } }
sweep:
  grid:
    market.volatility: [0.01, 0.05]
`

describe("Runner", () => {
  it("gives bit-identical outcomes with 1 and 2 workers", async () => {
    const one = await runAll(SWEEP, 1)
    const two = await runAll(SWEEP, 2)
    expect(one).toHaveLength(10)
    expect(fingerprint(two)).toEqual(fingerprint(one))
  })

  it("keeps a failing run as data with its coordinates and runs the rest", async () => {
    // The second scenario cannot even be initialized: its stakes exceed the supply.
    const text = `name: f
epochs: 1300
runs: 2
params: { operators: { count: 50 }, validators: { count: 5 } }
sweep:
  grid:
    token.initialSupply: [1000000000, 1000]
`
    for (const workers of [1, 2]) {
      const outcomes = await runAll(text, workers)
      expect(outcomes.map((o) => [o.spec.label, o.spec.run, o._tag])).toEqual([
        ["token.initialSupply=1000000000", 0, "Completed"],
        ["token.initialSupply=1000000000", 1, "Completed"],
        ["token.initialSupply=1000", 0, "Failed"],
        ["token.initialSupply=1000", 1, "Failed"]
      ])
      const failed = outcomes[2]!
      expect(failed._tag === "Failed" && failed.error).toMatch(/exceed token.initialSupply/)
      expect(failed.spec.seed).toBe(outcomes[0]!.spec.seed) // common random numbers across scenarios
    }
  })
})
