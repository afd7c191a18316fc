/** A distributed worker checks each job again before running it (issue 22, 2): jobs come from Redis, not from check. */
import { describe, expect, it } from "vitest"
import * as Either from "effect/Either"
import type { JobData } from "../../src/experiment/backends/Distributed.ts"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { jobProblem } from "../../src/experiment/JobCheck.ts"
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
  it("refuses parameters the model's schema refuses, an unknown model and a malformed run", () => {
    const bad = { ...spec, params: { ...(spec.params as object), operators: { ...(spec.params as { operators: object }).operators, initial: -5 } } }
    expect(jobProblem(job({ spec: bad }), 2, defaultLimits())).toMatch(/^its parameters do not fit model gpu-network: params\.operators\.initial: /)
    expect(jobProblem(job({ model: "__proto__" }), 2, defaultLimits())).toBe('unknown model "__proto__"')
    expect(jobProblem(job({ epochs: 1.5 }), 2, defaultLimits())).toMatch(/epochs must be a whole number/)
    expect(jobProblem(job({ spec: { ...spec, seed: Number.NaN } }), 2, defaultLimits())).toMatch(/no whole-number seed/)
  })
})
