import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { canUnjail, defaultCosmosSlashing as P, handleSignature, maxMissed, SigningState } from "../../../../models/mechanisms/slashing/cosmos.ts"
import { splitSlash, verificationSlash } from "../../../../models/mechanisms/slashing/destination.ts"
import { correlationPenalty, inactivityPenalty, initialSlash, nextInactivityScore } from "../../../../models/mechanisms/slashing/ethereum.ts"

describe("Cosmos x/slashing downtime and double signing (window 100, min signed 0.5)", () => {
  /** Feed `pattern` (true = signed) for blocks from `from`; returns the slash fractions seen. */
  const feed = (s: SigningState, pattern: ReadonlyArray<boolean>, from = 0, i = 0) => pattern.map((signed, k) => handleSignature(s, P, i, from + k, signed)).filter((f) => f > 0)

  it("tolerates 50 misses in the window and slashes 1% and jails on the 51st", () => {
    expect(maxMissed(P)).toBe(50)
    const s = new SigningState(1, 100)
    expect(feed(s, Array.from({ length: 100 }, () => true))).toEqual([])
    expect(feed(s, Array.from({ length: 50 }, () => false), 100)).toEqual([])
    expect(feed(s, [false], 150)).toEqual([0.01])
    expect(s.jailedUntil[0]).toBe(150 + 600)
    expect(canUnjail(s, 0, 749)).toBe(false)
    expect(canUnjail(s, 0, 750)).toBe(true)
    // Jailed: not in the active set, no further slashing while jailed.
    expect(feed(s, Array.from({ length: 200 }, () => false), 151)).toEqual([])
  })

  it("gives a new validator the grace of its first window", () => {
    const s = new SigningState(1, 100)
    expect(feed(s, Array.from({ length: 100 }, () => false))).toEqual([])
    expect(feed(s, [false], 100)).toEqual([0.01])
  })

  it("a tombstoned validator never unjails and is never slashed again for downtime", () => {
    const s = new SigningState(2, 100)
    s.tombstoned[1] = 1
    expect(canUnjail(s, 1, 1e12)).toBe(false)
    expect(canUnjail(s, 0, 0)).toBe(true)
    expect(feed(s, Array.from({ length: 300 }, () => false), 0, 1)).toEqual([])
    // The same record on the live validator is slashed.
    expect(feed(s, Array.from({ length: 300 }, () => false), 0, 0)).toEqual([0.01])
  })

  it("never slashes a validator that signs at least half of every window", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 600 }), (bits) => {
        const s = new SigningState(1, 100)
        // Interleave: at least every other block signed.
        expect(feed(s, bits.flatMap((b) => [true, b]))).toEqual([])
      })
    )
  })
})

describe("Ethereum slashing (Electra) and inactivity leak, gwei", () => {
  it("initial penalty and whistleblower reward are eff // 4096, proposer gets 8/64 of the reward", () => {
    expect(initialSlash(32_000_000_000n)).toEqual({ penalty: 7_812_500n, whistleblowerReward: 7_812_500n, proposerReward: 976_562n })
  })

  it("correlation penalty: 3x the slashed total, per increment of the total balance", () => {
    const total = 10_000_000n * 1_000_000_000n // 10M ETH
    // 100k ETH slashed: adjusted 300k ETH; per increment 3e14 // 1e7 = 3e7 gwei; x 32 increments.
    expect(correlationPenalty(32_000_000_000n, 100_000n * 1_000_000_000n, total)).toBe(960_000_000n)
    // A third of all stake slashed: the whole effective balance.
    expect(correlationPenalty(32_000_000_000n, total / 3n + 1n, total)).toBe(32_000_000_000n)
  })

  it("correlation penalty: a total under one increment counts as one (get_total_balance), not a division by zero", () => {
    // 0.5 ETH in all: total 1e9; adjusted min(3 x 0.5e9, 1e9) = 1e9; per increment 1e9 // 1;
    // the validator's 0.5e9 holds no whole increment: 0.
    expect(correlationPenalty(500_000_000n, 500_000_000n, 500_000_000n)).toBe(0n)
    // Above one increment nothing changes: 1.5 ETH of a 1.5 ETH total, adjusted 1.5e9 over
    // 1.5e9 // 1e9 = 1 increment: 1.5e9 per increment, times its 1 whole increment.
    expect(correlationPenalty(1_500_000_000n, 1_500_000_000n, 1_500_000_000n)).toBe(1_500_000_000n)
  })

  it("inactivity scores: +4 per missed epoch in a leak, -1 when participating, -16 more outside a leak", () => {
    let s = 0n
    s = nextInactivityScore(s, false, true)
    s = nextInactivityScore(s, false, true)
    expect(s).toBe(8n)
    s = nextInactivityScore(s, true, true)
    expect(s).toBe(7n)
    expect(nextInactivityScore(20n, true, false)).toBe(3n)
    expect(nextInactivityScore(7n, true, false)).toBe(0n)
    expect(nextInactivityScore(0n, true, true)).toBe(0n)
    // Penalty: eff x score // (4 x 2^24): 32e9 x 4 // 67,108,864 = 1,907.
    expect(inactivityPenalty(32_000_000_000n, 4n)).toBe(1_907n)
  })
})

describe("slash destinations and verification slashing", () => {
  it("splits a slash into burn, treasury and whistleblower that add up to the amount", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e12, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }), (amount, t, w) => {
        const s = splitSlash(amount, { toTreasury: t, toWhistleblower: w })
        expect(s.burned).toBeGreaterThanOrEqual(-1e-6)
        expect(Math.abs(s.burned + s.treasury + s.whistleblower - amount)).toBeLessThanOrEqual(1e-9 * Math.max(1, amount))
      })
    )
    expect(splitSlash(100, { toTreasury: 0.5, toWhistleblower: 0.1 })).toEqual({ burned: 40, treasury: 50, whistleblower: 10 })
  })

  it("compounds verification faults", () => {
    expect(verificationSlash(100, 1, 0.1)).toBeCloseTo(10, 12)
    expect(verificationSlash(100, 2, 0.1)).toBeCloseTo(19, 12)
    expect(verificationSlash(100, 0, 0.1)).toBe(0)
  })
})

describe("Cosmos minimum signed blocks, as the SDK rounds them", () => {
  it("rounds MinSignedPerWindow x window in exact decimals, ties to even", () => {
    const m = (window: number, minSigned: number) => maxMissed({ ...P, signedBlocksWindow: window, minSignedPerWindow: minSigned })
    expect(m(100, 0.29)).toBe(71) // 0.29 x 100 is 28.999... in binary floating point, 29 in decimals
    expect(m(3, 0.5)).toBe(1) // 1.5 -> 2 signed (ties to even)
    expect(m(100, 0.555)).toBe(44) // 55.5 -> 56 signed
    expect(m(5, 0.5)).toBe(3) // 2.5 -> 2 signed (ties to even)
  })
})
