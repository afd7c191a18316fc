/** A distributed worker checks each job again before running it (issue 22, 2): jobs come from Redis, not from check. */
import { describe, expect, it } from "vitest"
import * as Either from "effect/Either"
import type { JobData } from "../../src/experiment/backends/Distributed.ts"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { checkJob, jobProblem } from "../../src/experiment/JobCheck.ts"
import { loadExternalModel } from "../../src/experiment/Loader.ts"
import { modelFor, modelSource } from "../../src/experiment/ModelRegistry.ts"
import { readFileSync } from "node:fs"
import { dirname, isAbsolute, join } from "node:path"
import { fileURLToPath } from "node:url"
import * as Effect from "effect/Effect"
import { defaultLimits, largeLimits } from "../../src/experiment/Limits.ts"
import { planRuns } from "../../src/experiment/Plan.ts"

const exp = decodeExperiment("t.yaml", "name: t\nruns: 1\nepochs: 5\n")
if (Either.isLeft(exp)) throw new Error("fixture")
const spec = planRuns(exp.right)[0]!
const job = (over: Partial<JobData> = {}): JobData => ({ hash: "h", version: "v", model: "gpu-network", epochs: 5, spec, ...over })

describe("jobProblem", () => {
  it("accepts a job the coordinator planned", () => {
    expect(jobProblem(job(), 2, defaultLimits())).toBeUndefined()
  })
  it("refuses 3,000,000 epochs (they took 1.6 GB on a worker), unless the worker allows large jobs", () => {
    expect(jobProblem(job({ epochs: 3_000_000 }), 2, defaultLimits())).toMatch(/3,000,000 epochs per run is above the limit of 100,000/)
    expect(jobProblem(job({ epochs: 3_000_000 }), 2, largeLimits())).toBeUndefined()
  })
  it("refuses a job whose world would not fit (operators.count 1e9), before building it, unless the worker allows large jobs", () => {
    const huge = { ...spec, params: { ...(spec.params as object), operators: { ...(spec.params as { operators: object }).operators, count: 1e9 } } }
    expect(jobProblem(job({ spec: huge }), 2, defaultLimits())).toMatch(/^params\.operators\.count: 2,000,000,000 operator slots .* above the limit of /)
    expect(jobProblem(job({ spec: huge }), 2, largeLimits())).toBeUndefined()
    // A scheduled change that resizes the world is counted too; a malformed schedule is refused.
    const downtime = { ...spec, params: { ...(spec.params as object), slashing: { ...(spec.params as { slashing: object }).slashing, downtime: true } } }
    expect(jobProblem(job({ spec: downtime }), 2, defaultLimits())).toBeUndefined()
    const window = { ...downtime, schedule: [{ epoch: 3, set: { "slashing.signedWindow": 1e9 } }] }
    expect(jobProblem(job({ spec: window }), 2, defaultLimits())).toMatch(/^params\.operators\.count x slashing\.signedWindow \(from the schedule's change at epoch 3\): /)
    expect(jobProblem(job({ spec: { ...downtime, schedule: [null] as never } }), 2, defaultLimits())).toBe("the job's schedule is not a list of {epoch, set} changes")
  })
  it("refuses parameters the model's schema refuses, an unknown model and a malformed run", () => {
    const bad = { ...spec, params: { ...(spec.params as object), operators: { ...(spec.params as { operators: object }).operators, count: -5 } } }
    expect(jobProblem(job({ spec: bad }), 2, defaultLimits())).toMatch(/^its parameters do not fit model gpu-network: params\.operators\.count: /)
    expect(jobProblem(job({ model: "__proto__" }), 2, defaultLimits())).toBe('unknown model "__proto__"')
    expect(jobProblem(job({ epochs: 1.5 }), 2, defaultLimits())).toMatch(/epochs must be a whole number/)
    expect(jobProblem(job({ spec: { ...spec, seed: Number.NaN } }), 2, defaultLimits())).toMatch(/no whole-number seed/)
  })
})

describe("checkJob", () => {
  it("accepts a job whose model is a path outside the repository, and checks its parameters with that model", async () => {
    const file = fileURLToPath(new URL("../../examples/staking-pool.yaml", import.meta.url))
    const text = readFileSync(file, "utf8")
    await Effect.runPromise(loadExternalModel(file, text))
    const decoded = decodeExperiment(file, text, { runs: 1, epochs: 5 })
    if (Either.isLeft(decoded)) throw new Error("fixture")
    const model = modelFor(decoded.right.envelope.model, file)!
    const source = modelSource(model)
    expect(isAbsolute(source)).toBe(true)
    const pathJob = job({ model: source, spec: planRuns(decoded.right)[0]! })
    expect(await checkJob(pathJob, 2, defaultLimits())).toBeUndefined()
    // The same job by a name no built-in has is refused, and so is a path holding no model.
    expect(jobProblem({ ...pathJob, model: "staking-pool" }, 2, defaultLimits())).toBe('unknown model "staking-pool"')
    expect(await checkJob({ ...pathJob, model: join(dirname(source), "no-such-model") }, 2, defaultLimits())).toMatch(/^cannot load the model at .*no-such-model: no model at/)
    // Its own schema still decides: a run with parameters that model refuses is refused.
    const params = pathJob.spec.params as { token: object }
    const bad = { ...pathJob.spec, params: { ...params, token: { ...params.token, epochsPerYear: -1 } } }
    expect(await checkJob({ ...pathJob, spec: bad }, 2, defaultLimits())).toMatch(/^its parameters do not fit model /)
  })
})
