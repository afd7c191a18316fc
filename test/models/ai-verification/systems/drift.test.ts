/**
 * The drift system on a hand-built ai-verification world: honest contributors' quality is
 * redrawn with probability `drift` per epoch; poisoned work never changes.
 */
import { describe, expect, it } from "vitest"
import { drift } from "../../../../models/ai-verification/systems/drift.ts"
import { verificationWorld } from "../../../support/verificationWorld.ts"

const rows = Array.from({ length: 50 }, (_, j) => (j % 5 === 0 ? { quality: 0.05, poisoned: 1 } : { quality: 0.1 }))

describe("drift", () => {
  it("drift 0 changes nothing", () => {
    const fx = verificationWorld({ params: { contributors: { drift: 0 } }, contributors: rows, validators: [{}] }).run(drift)
    expect(Array.from(fx.world.contributors.cols.quality)).toEqual(rows.map((r) => r.quality))
  })

  it("drift 1 redraws every honest contributor's quality inside [qualityMin, qualityMax], never a poisoner's", () => {
    const fx = verificationWorld({ params: { contributors: { drift: 1, qualityMin: 0.6, qualityMax: 0.7 } }, contributors: rows, validators: [{}] }).run(drift)
    const q = fx.world.contributors.cols.quality
    rows.forEach((r, j) => {
      if (r.poisoned === 1) expect(q[j]).toBe(0.05)
      else {
        expect(q[j]).toBeGreaterThanOrEqual(0.6)
        expect(q[j]).toBeLessThanOrEqual(0.7)
      }
    })
  })

  it("drift d redraws about d of the honest contributors", () => {
    const many = Array.from({ length: 2_000 }, () => ({ quality: 0.1 }))
    const fx = verificationWorld({ params: { contributors: { drift: 0.3, qualityMin: 0.6 } }, contributors: many, validators: [{}] }).run(drift)
    const moved = Array.from(fx.world.contributors.cols.quality).filter((x) => x !== 0.1).length
    // Binomial(2000, 0.3): sd 20.5; within 5 sd.
    expect(Math.abs(moved - 600)).toBeLessThan(103)
  })
})
