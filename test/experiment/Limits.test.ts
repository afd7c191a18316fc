/** The plan estimate behind the resource limits (issue 22, 2): figures, not timings. */
import { describe, expect, it } from "vitest"
import * as Schema from "effect/Schema"
import { defaultLimits, estimateMemory, planProblem, runState, type PlanShape } from "../../src/experiment/Limits.ts"
import { models } from "../../src/experiment/ModelRegistry.ts"

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

describe("model state in the estimate", () => {
  const gpu = models["gpu-network"]!
  const params = (input: unknown) => Schema.decodeUnknownSync(gpu.params)(input)
  it("adds one world per run at once, named by its largest part", () => {
    const state = runState(gpu, params({ operators: { count: 1_000_000 } }))
    expect(state.largest?.field).toBe("operators.count")
    // Two million operator slots of at least the 13 columns' bytes each.
    expect(state.bytes).toBeGreaterThan(2_000_000 * 100)
    const without = estimateMemory(shape())
    expect(estimateMemory(shape({ state }))).toBe(without + 2 * state.bytes)
    expect(estimateMemory(shape({ state, workers: 1 }))).toBe(estimateMemory(shape({ workers: 1 })) + state.bytes)
    // Never more runs at once than the plan has.
    expect(estimateMemory(shape({ state, runsPerScenario: 1, workers: 8 })) - estimateMemory(shape({ runsPerScenario: 1, workers: 8 }))).toBe(state.bytes)
  })
  it("a world beyond the memory limit is refused with the field, the estimate and the limit", () => {
    const state = runState(gpu, params({ demand: { kind: "agents", agents: { users: 1e9 } } }))
    expect(planProblem(shape({ state }), limits)).toMatch(
      /^params\.demand\.agents\.users: 1,000,000,000 users x \d+ bytes; a run's model state is about 2\d\.\d GiB, and the plan needs about [45]\d\.\d GiB of memory with 2 runs at once \(one per thread\), above the limit of 4\.0 GiB/
    )
    // The default sizes fit, and a model without an account adds nothing.
    expect(planProblem(shape({ state: runState(gpu, params({})) }), limits)).toBeUndefined()
    const { state: _, ...withoutAccount } = gpu
    expect(runState(withoutAccount, params({ operators: { count: 1e9 } })).bytes).toBe(0)
  })
})
