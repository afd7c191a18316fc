/** Which settings a search confirms, and what the confirmation concludes (OptimizeConfirm.ts). */
import { describe, expect, it } from "vitest"
import { confirmation, confirmedBest, toConfirm } from "../../src/experiment/OptimizeConfirm.ts"
import type { Evaluation } from "../../src/experiment/OptimizeRun.ts"

const ev = (x: number, objectives: ReadonlyArray<number>, violation: number): Evaluation => ({
  params: { x },
  objectives,
  verdicts: violation === 0 ? ["pass"] : ["fail"],
  violation
})

describe("toConfirm", () => {
  it("keeps the best distinct settings that passed, by objective", () => {
    const all = [ev(1, [5], 0), ev(2, [1], 1), ev(3, [3], 0), ev(3, [3], 0), ev(4, [4], 0), ev(5, [Number.NaN], 0)]
    expect(toConfirm(all, ["minimize"], 3).map((e) => e.params["x"])).toEqual([3, 4, 1])
    expect(toConfirm(all, ["maximize"], 2).map((e) => e.params["x"])).toEqual([1, 4])
    expect(toConfirm([ev(1, [1], 2)], ["minimize"], 5)).toEqual([])
  })
  it("with several objectives puts the Pareto front first", () => {
    const all = [ev(1, [1, 5], 0), ev(2, [2, 6], 0), ev(3, [3, 1], 0)]
    expect(toConfirm(all, ["minimize", "minimize"], 3).map((e) => e.params["x"])).toEqual([1, 3, 2])
  })
})

describe("confirmedBest", () => {
  const chosen = [ev(1, [1], 0), ev(2, [2], 0), ev(3, [3], 0)]
  it("is the best setting holding on the fresh runs, measured there", () => {
    const fresh = [ev(1, [1], 1), ev(2, [2.5], 0), ev(3, [2.4], 0)]
    const c = confirmation(50, 10, ev(0, [0], 2), chosen, fresh)
    expect(c.holding).toBe(2)
    expect(c.candidates.map((x) => x.holds)).toEqual([false, true, true])
    expect(confirmedBest(c, ["minimize"]).map((e) => e.params["x"])).toEqual([3])
  })
  it("is empty when no setting holds, never the search's winner", () => {
    const c = confirmation(50, 10, ev(0, [0], 2), chosen, chosen.map((e) => ({ ...e, violation: 1 })))
    expect(c.holding).toBe(0)
    expect(confirmedBest(c, ["minimize"])).toEqual([])
  })
})
