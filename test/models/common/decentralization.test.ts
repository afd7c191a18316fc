import { describe, expect, it } from "vitest"
import { giniSorted, hhi, nakamotoSorted, sortLive } from "../../../models/common/decentralization.ts"

const sorted = (xs: Array<number>) => Float64Array.from(xs).sort()

describe("decentralization measures", () => {
  it("Nakamoto coefficient counts the fewest holders above the threshold", () => {
    // 40 alone exceeds 1/3 of 100.
    expect(nakamotoSorted(sorted([40, 30, 20, 10]), 4)).toBe(1)
    // Equal shares: 1/3 of 6 equal holders needs 3 (2 is exactly 1/3, not above it).
    expect(nakamotoSorted(sorted([1, 1, 1, 1, 1, 1]), 6)).toBe(3)
    expect(nakamotoSorted(sorted([40, 30, 20, 10]), 4, 0.5)).toBe(2)
    expect(nakamotoSorted(sorted([]), 0)).toBe(0)
  })

  it("Gini is 0 for equality and (n-1)/n for one holder of everything", () => {
    expect(giniSorted(sorted([5, 5, 5, 5]), 4)).toBeCloseTo(0, 12)
    expect(giniSorted(sorted([0, 0, 0, 10]), 4)).toBeCloseTo(0.75, 12)
    // Mean absolute difference of [1,2,3,4] is 1.25; G = 1.25 / (2 * 2.5) = 0.25.
    expect(giniSorted(sorted([1, 2, 3, 4]), 4)).toBeCloseTo(0.25, 12)
  })

  it("HHI is the sum of squared shares over live holders", () => {
    const values = Float64Array.from([50, 30, 20, 999])
    const mask = Uint8Array.from([1, 1, 1, 0])
    expect(hhi(values, mask, 4)).toBeCloseTo(0.25 + 0.09 + 0.04, 12)
    const scratch = new Float64Array(4)
    expect(sortLive(values, mask, 4, scratch)).toBe(3)
    expect(Array.from(scratch.subarray(0, 3))).toEqual([20, 30, 50])
  })
})
