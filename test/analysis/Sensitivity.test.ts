import { describe, expect, it } from "vitest"
import { standardizedRegression } from "../../src/analysis/Sensitivity.ts"
import { Rng } from "../../src/engine/Rng.ts"

describe("standardized regression coefficients", () => {
  it("recovers the known coefficients of a linear model", () => {
    // y = 3a - b exactly, so SRC_j = beta_j * sd(x_j) / sd(y) on the sample itself.
    const rng = new Rng(9)
    const a = Array.from({ length: 2000 }, () => rng.next())
    const b = Array.from({ length: 2000 }, () => rng.next())
    const y = a.map((x, i) => 3 * x - b[i]!)
    const s = standardizedRegression("y", { a, b }, y)!
    expect(s.ranking.map((r) => r.parameter)).toEqual(["a", "b"])
    const sd = (xs: Array<number>) => {
      const m = xs.reduce((p, q) => p + q, 0) / xs.length
      return Math.sqrt(xs.reduce((p, q) => p + (q - m) ** 2, 0) / (xs.length - 1))
    }
    expect(s.ranking[0]!.src).toBeCloseTo((3 * sd(a)) / sd(y), 10)
    expect(s.ranking[1]!.src).toBeCloseTo((-1 * sd(b)) / sd(y), 10)
    expect(s.r2).toBeCloseTo(1, 10)
  })

  it("skips inputs without variance and gives up on too few runs", () => {
    const s = standardizedRegression("y", { a: [1, 2, 3, 4, 5], c: [7, 7, 7, 7, 7] }, [2, 4, 6, 8, 10.5])!
    expect(s.ranking.map((r) => r.parameter)).toEqual(["a"])
    expect(standardizedRegression("y", { a: [1, 2] }, [1, 2])).toBeUndefined()
    expect(standardizedRegression("y", { a: [1, 2, 3, 4] }, [5, 5, 5, 5])).toBeUndefined()
  })

  it("gives no attribution for collinear inputs (swept together)", () => {
    const a = [1, 2, 3, 4, 5, 6]
    expect(standardizedRegression("y", { a, twice: a.map((x) => 2 * x + 1) }, [3, 1, 4, 1, 5, 9])).toBeUndefined()
    // The same runs with one input: a unique answer.
    expect(standardizedRegression("y", { a }, [3, 1, 4, 1, 5, 9])?.ranking.map((r) => r.parameter)).toEqual(["a"])
  })
})
