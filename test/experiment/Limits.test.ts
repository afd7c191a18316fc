/** The plan estimate behind the resource limits (issue 22, 2): figures, not timings. */
import { describe, expect, it } from "vitest"
import { defaultLimits, estimateMemory, planProblem, type PlanShape } from "../../src/experiment/Limits.ts"

const GiB = 1024 ** 3
const limits = { ...defaultLimits(), memory: 4 * GiB, workers: 8 }
const shape = (over: Partial<PlanShape> = {}): PlanShape => ({ scenarios: 1, runsPerScenario: 10, epochs: 365, metrics: 60, workers: 2, keeping: "all-in-memory", ...over })

describe("planProblem", () => {
  it("passes the bundled experiments' shape", () => {
    expect(planProblem(shape(), limits)).toBeUndefined()
  })
  it("counts every run's series when run or report hold them all, and points at sweep", () => {
    // 100,000 runs x 60 metrics x 365 epochs x 8 bytes = 17.5 GB.
    expect(estimateMemory(shape({ runsPerScenario: 100_000 }))).toBeGreaterThan(16 * GiB)
    expect(planProblem(shape({ runsPerScenario: 100_000 }), limits)).toMatch(/^the plan needs about 1\d\.\d GiB of memory \(100,000 runs x 60 metrics x 365 epochs, all held until the end: `sandbox sweep` streams them to disk\), above the limit of 4\.0 GiB/)
  })
  it("a sweep streams its runs: the same plan fits", () => {
    expect(estimateMemory(shape({ runsPerScenario: 100_000, keeping: "streamed" }))).toBeLessThan(GiB)
    expect(planProblem(shape({ runsPerScenario: 100_000, keeping: "streamed" }), limits)).toBeUndefined()
  })
  it("refuses epochs, runs, work and workers beyond their limits, each with its figures", () => {
    expect(planProblem(shape({ epochs: 1e9 }), limits)).toMatch(/^1,000,000,000 epochs per run is above the limit of 100,000/)
    expect(planProblem(shape({ scenarios: 99_999, runsPerScenario: 100_000, keeping: "streamed" }), limits)).toMatch(/^9,999,900,000 runs/)
    expect(planProblem(shape({ runsPerScenario: 1_000_000, epochs: 1000, keeping: "streamed" }), limits)).toMatch(/run-epochs .* above the work limit of 100,000,000/)
    expect(planProblem(shape({ workers: 1000 }), limits)).toMatch(/^--workers 1000 is above the limit of 8/)
  })
})
