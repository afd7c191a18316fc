/** Attribution-paid inference: the fee split, measured attribution and model quality. */
import { describe, expect, it } from "vitest"
import { measuredScore, modelQuality, splitFee } from "../../../../models/mechanisms/attribution/feeSplit.ts"

describe("attribution mechanisms", () => {
  it("splits a fee into developer, data, validators and the protocol's remainder", () => {
    const f = splitFee(100, { developer: 0.3, data: 0.5, validators: 0.1 })
    expect(f.developer).toBeCloseTo(30, 12)
    expect(f.data).toBeCloseTo(50, 12)
    expect(f.validators).toBeCloseTo(10, 12)
    expect(f.protocol).toBeCloseTo(10, 12)
    expect(f.developer + f.data + f.validators + f.protocol).toBeCloseTo(100, 12)
  })

  it("measures influence plus the duplicate leak, weighted by reputation and noise", () => {
    expect(measuredScore(10, 0, 0.6, 1, 0, 1)).toBe(10)
    expect(measuredScore(0, 100, 0.6, 1, 0, 1)).toBeCloseTo(60, 12)
    expect(measuredScore(0, 100, 0, 1, 0, 1)).toBe(0)
    // reputation 0.2 with weight 1 keeps a fifth; weight 0 ignores reputation
    expect(measuredScore(10, 0, 0.6, 0.2, 1, 1)).toBeCloseTo(2, 12)
    expect(measuredScore(10, 0, 0.6, 0.2, 0, 1)).toBe(10)
    expect(measuredScore(10, 0, 0.6, 1, 0, 1.5)).toBeCloseTo(15, 12)
  })

  it("model quality has diminishing returns to data and loses to poison", () => {
    expect(modelQuality(0, 100, 0, 1)).toBe(0)
    expect(modelQuality(100, 100, 0, 1)).toBeCloseTo(1 - Math.exp(-1), 12)
    expect(modelQuality(100, 100, 0.25, 1)).toBeCloseTo((1 - Math.exp(-1)) * 0.75, 12)
    expect(modelQuality(100, 100, 2, 1)).toBe(0)
  })
})
