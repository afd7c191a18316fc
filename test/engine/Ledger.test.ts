import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Ledger } from "../../src/engine/Ledger.ts"

describe("Ledger", () => {
  it("keeps supply = initial + minted - burned - slashed-and-burned", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("mint", "burn", "slash"), fc.double({ min: 0, max: 1e6, noNaN: true }))), (ops) => {
        const l = new Ledger(1e9)
        for (const [kind, amount] of ops) {
          if (kind === "mint") l.mint(amount)
          else l.burn(amount, kind === "slash")
        }
        expect(Math.abs(l.imbalance())).toBeLessThanOrEqual(1e-6)
        expect(l.supply).toBeCloseTo(1e9 + l.minted - l.burned - l.slashedBurned, 3)
      })
    )
  })

  it("separates slash burns from fee burns and rejects negative amounts", () => {
    const l = new Ledger(100)
    l.burn(10)
    l.burn(5, true)
    expect([l.supply, l.burned, l.slashedBurned]).toEqual([85, 10, 5])
    expect(() => l.mint(-1)).toThrow(/>= 0/)
    expect(() => l.burn(Number.NaN)).toThrow(/>= 0/)
  })
})
