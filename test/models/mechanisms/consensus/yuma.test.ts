/**
 * Yuma consensus against subtensor's own test values (pallets/subtensor/src/tests/math.rs
 * `test_math_weighted_median_col`, and the 3-validator x 4-miner epoch of the Yuma
 * comparisons), plus invariants under random stake and weights.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { liquidAlpha, weightedMedianColumn } from "../../../../models/mechanisms/consensus/yuma.ts"
import { yumaEpoch, yumaEpochs } from "../../../../models/mechanisms/consensus/yumaArrays.ts"

const medians = (stake: Array<number>, rows: Array<Array<number>>, kappa: number) =>
  rows[0]!.map((_, c) => weightedMedianColumn(stake, rows.flat(), rows.length, rows[0]!.length, c, kappa))

describe("weighted median per column (subtensor weighted_median_col)", () => {
  const stake = [0, 0.75, 0.25, 0]
  const weights = [
    [0, 0.1, 0],
    [0, 0.2, 0.4],
    [0, 0.3, 0.1],
    [0, 0.4, 0.5]
  ]
  it.each([
    [0.24, [0, 0.3, 0.4]],
    [0.26, [0, 0.2, 0.4]],
    [0.76, [0, 0.2, 0.1]]
  ])("kappa %d gives %j", (kappa, expected) => {
    expect(medians(stake, weights, kappa)).toEqual(expected)
  })

  it("stake [0, .3, .2, .5] with last row [0, 0, .5] at kappa .51 gives [0, 0, .4]", () => {
    const rows = [...weights.slice(0, 3), [0, 0, 0.5]]
    expect(medians([0, 0.3, 0.2, 0.5], rows, 0.51)).toEqual([0, 0, 0.4])
  })

  it("is the score at least kappa of the stake supports: raising kappa never raises it", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (stake, k1, k2, scores) => {
          const col = stake.map(() => scores.next().value as number)
          const total = stake.reduce((a, b) => a + b, 0)
          fc.pre(total > 0)
          const [lo, hi] = k1 < k2 ? [k1, k2] : [k2, k1]
          const m = (k: number) => weightedMedianColumn(stake, col, stake.length, 1, 0, k)
          expect(m(hi)).toBeLessThanOrEqual(m(lo))
          // At least kappa of the stake scores >= the median.
          const support = stake.reduce((a, s, i) => a + (col[i]! >= m(lo) ? s : 0), 0) / total
          expect(support).toBeGreaterThanOrEqual(lo - 1e-12)
        }
      )
    )
  })
})

describe("Yuma epoch", () => {
  const stake = [0.5, 0.3, 0.2]
  const weights = [
    [0.4, 0.3, 0.2, 0.1],
    [0.4, 0.3, 0.2, 0.1],
    [0, 0, 0.5, 0.5]
  ]
  const config = { kappa: 0.5, bondsPenalty: 1, alpha: 0.1 }

  it("3 validators x 4 miners, first epoch: subtensor's consensus, incentive and dividends", () => {
    const r = yumaEpoch(stake, weights, config)
    const close = (got: Array<number>, want: Array<number>) => got.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThan(1e-4))
    close(r.consensus, [0.4, 0.3, 0.2, 0.1])
    close(r.incentive, [0.3721, 0.2791, 0.2326, 0.1163])
    close(r.dividends, [0.5814, 0.3488, 0.0698])
    // The third validator's weights above consensus were clipped: trust 0.3 of its 1.
    close(r.validatorTrust, [1, 1, 0.3])
  })

  it("bonds penalty 0 bonds the raw weights: the outlier keeps more bonds, so more dividends", () => {
    const clipped = yumaEpoch(stake, weights, config)
    const raw = yumaEpoch(stake, weights, { ...config, bondsPenalty: 0 })
    expect(raw.incentive).toEqual(clipped.incentive)
    expect(raw.dividends[2]!).toBeGreaterThan(clipped.dividends[2]!)
  })

  it("carries bonds over epochs: Yuma 2 columns stay normalized, Yuma 3 cells move toward the weights", () => {
    const epochs = Array.from({ length: 60 }, () => weights)
    const y2 = yumaEpochs(stake, epochs, config)
    for (const row of [0, 1, 2]) expect(y2.at(-1)!.bonds[row]!.every((b) => b >= 0 && b <= 1)).toBe(true)
    for (let c = 0; c < 4; c++) expect(y2.at(-1)!.bonds.reduce((a, row) => a + row[c]!, 0)).toBeCloseTo(1, 12)
    const y3 = yumaEpochs(stake, epochs, { ...config, yuma3: true })
    // b_t = 1 - 0.9^t of the (clipped) weight.
    expect(y3[0]!.bonds[0]![0]).toBeCloseTo(0.1 * 0.4, 12)
    expect(y3[1]!.bonds[0]![0]).toBeCloseTo((1 - 0.9 ** 2) * 0.4, 12)
    expect(y3.at(-1)!.bonds[2]![2]).toBeCloseTo((1 - 0.9 ** 60) * 0.2, 12)
  })

  it("rejects ragged input with a message naming the row", () => {
    expect(() => yumaEpoch([1, 1], [[1, 0], [1]], config)).toThrow(/row 1 has 1 columns/)
    expect(() => yumaEpoch([1], [[1], [1]], config)).toThrow(/2 rows, stake has 1/)
  })

  it("liquid alpha stays in [low, high] and rises with how far a weight runs ahead of consensus", () => {
    const a = (w: number) => liquidAlpha(0.1, w, 0, 0.7, 0.9, 1000)
    expect(a(0.1)).toBeGreaterThanOrEqual(0.7)
    expect(a(1)).toBeLessThanOrEqual(0.9)
    expect(a(0.9)).toBeGreaterThan(a(0.2))
  })

  it("incentive and dividends are distributions; trust and validator trust lie in [0, 1]", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (rows, cols, yuma3, kappa, xs) => {
          const next = () => xs.next().value as number
          const s = Array.from({ length: rows }, () => next() + 0.01)
          const w = Array.from({ length: rows }, () => Array.from({ length: cols }, () => next() + 0.001))
          const r = yumaEpochs(s, [w, w.map((row) => [...row].reverse())], { kappa, bondsPenalty: next(), alpha: 0.1 + 0.8 * next(), yuma3 })
          for (const e of r) {
            const inc = e.incentive.reduce((a, b) => a + b, 0)
            if (inc > 0) expect(inc).toBeCloseTo(1, 9)
            const div = e.dividends.reduce((a, b) => a + b, 0)
            if (div > 0) expect(div).toBeCloseTo(1, 9)
            for (const x of [...e.trust, ...e.validatorTrust]) expect(x).toBeGreaterThanOrEqual(0)
            for (const x of [...e.trust, ...e.validatorTrust]) expect(x).toBeLessThanOrEqual(1 + 1e-12)
            for (const row of e.bonds) for (const b of row) expect(b >= 0 && b <= 1 + 1e-12).toBe(true)
          }
        }
      )
    )
  })
})

describe("Yuma inputs", () => {
  const config = { kappa: 0.5, bondsPenalty: 1, alpha: 0.1, yuma3: false }
  it("refuses epochs that score different numbers of neurons, saying which", () => {
    expect(() => yumaEpochs([0.5, 0.5], [[[0.5, 0.5], [0.5, 0.5]], [[1], [1]]], config)).toThrow("epoch 1 weights have 1 columns, epoch 0 has 2")
  })
  it("refuses Yuma 3 bonds above 1", () => {
    expect(() => yumaEpochs([0.5, 0.5], [[[0.5, 0.5], [0.5, 0.5]]], { ...config, yuma3: true }, [[2, 0], [0, 0]])).toThrow(/bond above 1/)
  })
})

describe("values near the float limit (issue 22, 10)", () => {
  it("stake and weights of 1e308 give the same result as the same proportions at 1 (not all zeros)", () => {
    const config = { kappa: 0.5, bondsPenalty: 1, alpha: 0.1, yuma3: false }
    const small = yumaEpoch([1, 1, 0.5], [[1, 0.5, 0], [1, 0.5, 0], [0, 0.5, 1]], config)
    const huge = yumaEpoch([1e308, 1e308, 5e307], [[1e308, 5e307, 0], [1e308, 5e307, 0], [0, 5e307, 1e308]], config)
    expect(huge.incentive.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    huge.incentive.forEach((x, i) => expect(x).toBeCloseTo(small.incentive[i]!, 12))
    huge.dividends.forEach((x, i) => expect(x).toBeCloseTo(small.dividends[i]!, 12))
  })
})
