/**
 * Columnar: runs appended in any order come out of the per-epoch table (and its Parquet file) in
 * (scenario, run, epoch) order, every double exactly as recorded (NaN, -0 and infinities
 * included), runs recording other metrics united by name with NULL where a metric is absent.
 */
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Columnar, literal } from "../../src/experiment/Columnar.ts"

const dir = mkdtempSync(join(tmpdir(), "sandbox-columnar-"))
let db: Columnar
beforeAll(async () => {
  db = await Columnar.open({ threads: 1 })
})
afterAll(() => db.close())

/** Bits of a double, so NaN equals NaN and -0 differs from 0. */
const bits = (x: number) => {
  const v = new DataView(new ArrayBuffer(8))
  v.setFloat64(0, x)
  return v.getBigUint64(0).toString(16)
}

const run = fc.record({
  scenario: fc.integer({ min: 0, max: 3 }),
  run: fc.integer({ min: 0, max: 5 }),
  // Longer than one 2,048-row vector, sometimes, so runs span several scan calls.
  epochs: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 2040, max: 4200 })),
  seed: fc.double({ noNaN: true, min: -1e6, max: 1e6 })
})

/** A deterministic series for a run: special values at fixed places, the rest from the seed. */
const series = (epochs: number, seed: number, k: number) =>
  Float64Array.from({ length: epochs }, (_, e) => (e % 97 === 3 ? Number.NaN : e % 89 === 5 ? -0 : e % 83 === 7 ? Number.POSITIVE_INFINITY : seed * (e + 1) + k / 3))

describe("Columnar per-epoch table", () => {
  it("writes runs given in any order in key order, every value bit for bit (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(run, { minLength: 1, maxLength: 6, selector: (r) => `${r.scenario}/${r.run}` }), async (runs) => {
        for (const r of runs) await db.appendRun(r.scenario, r.run, ["x", "y.z"], [series(r.epochs, r.seed, 0), series(r.epochs, r.seed, 1)])
        const file = join(dir, "p.parquet")
        await db.toParquet(db.seriesQuery()!, file)
        await db.dropSeries()
        const got = await db.read(`SELECT scenario, run, epoch, x, "y.z" FROM read_parquet(${literal(file)})`)
        const want = [...runs]
          .sort((a, b) => a.scenario - b.scenario || a.run - b.run)
          .flatMap((r) => {
            const x = series(r.epochs, r.seed, 0)
            const y = series(r.epochs, r.seed, 1)
            return Array.from({ length: r.epochs }, (_, e) => [r.scenario, r.run, e, bits(x[e]!), bits(y[e]!)].join(" "))
          })
        expect(got.rows.map((row) => [row[0], row[1], row[2], bits(row[3] as number), bits(row[4] as number)].join(" "))).toEqual(want)
      }),
      { numRuns: 25 }
    )
  })

  it("unites runs that record different metrics by name, NULL where a run lacks one", async () => {
    await db.appendRun(1, 0, ["a", "c"], [Float64Array.of(10, 11), Float64Array.of(30, 31)])
    await db.appendRun(0, 0, ["a", "b"], [Float64Array.of(1, 2), Float64Array.of(3, 4)])
    await db.appendRun(0, 1, ["a", "b"], [Float64Array.of(5), Float64Array.of(6)])
    const got = await db.read(`SELECT * FROM (${db.seriesQuery()!})`)
    await db.dropSeries()
    expect(got.columns).toEqual(["scenario", "run", "epoch", "a", "b", "c"])
    expect(got.rows).toEqual([
      [0, 0, 0, 1, 3, null],
      [0, 0, 1, 2, 4, null],
      [0, 1, 0, 5, 6, null],
      [1, 0, 0, 10, null, 30],
      [1, 0, 1, 11, null, 31]
    ])
    expect(db.seriesQuery()).toBeUndefined()
  })

  it("refuses a metric named like a key column and series of unequal lengths", async () => {
    await expect(db.appendRun(0, 0, ["epoch"], [Float64Array.of(1)])).rejects.toThrow(/named "epoch"/)
    await expect(db.appendRun(0, 0, ["a", "b"], [Float64Array.of(1), Float64Array.of(1, 2)])).rejects.toThrow(/unequal lengths/)
  })
})
