import { describe, expect, it } from "vitest"
import { atQuietSpeed, rateVerdict, REFERENCE_CONTROL_NS, speedupVerdict } from "../../bench/verdict.ts"

describe("bench verdicts against a control", () => {
  it("a raw rate at or above the target is met, whatever the control", () => {
    expect(rateVerdict(10e6, 5, 10e6)).toBe("met")
  })
  it("a slow rate on a machine running at half speed is met per control only when the doubled rate meets the target", () => {
    const halfSpeed = 2 * REFERENCE_CONTROL_NS
    expect(atQuietSpeed(6e6, halfSpeed)).toBeCloseTo(12e6)
    expect(rateVerdict(6e6, halfSpeed, 10e6)).toBe("met per control")
    expect(rateVerdict(4e6, halfSpeed, 10e6)).toBe("NOT MET")
  })
  it("a control faster than the idle reference never scales a rate down or up", () => {
    expect(atQuietSpeed(6e6, REFERENCE_CONTROL_NS / 2)).toBe(6e6)
    expect(rateVerdict(9e6, REFERENCE_CONTROL_NS / 2, 10e6)).toBe("NOT MET")
  })
  it("a speed-up is read against what the control got on the same threads, capped at the thread count", () => {
    expect(speedupVerdict(1.8, 1.0, 1.7, 2)).toBe("met")
    // the machine gave parallel work 1.5x: 1.4x is 93% of it, above 85% (1.7 of 2)
    expect(speedupVerdict(1.4, 1.5, 1.7, 2)).toBe("met per control")
    expect(speedupVerdict(1.1, 1.5, 1.7, 2)).toBe("NOT MET")
    // no free core: the control got 1.01x, so 0.98x says nothing about the code
    expect(speedupVerdict(0.98, 1.01, 1.7, 2)).toBe("not judged")
    // a control above the thread count (noise) does not lower the bar below 1.7 of 2
    expect(speedupVerdict(1.6, 2.3, 1.7, 2)).toBe("NOT MET")
  })
})
