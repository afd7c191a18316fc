import { describe, expect, it } from "vitest"
import { CmaEs } from "../../src/analysis/CmaEs.ts"
import { crowding, dominates, nonDominatedSort, Nsga2, type Evaluated } from "../../src/analysis/Nsga2.ts"
import { symmetricEigen } from "../../src/analysis/SymmetricEigen.ts"

const sphere = (x: ReadonlyArray<number>) => x.reduce((s, v) => s + v * v, 0)
const rosenbrock = (x: ReadonlyArray<number>) => {
  let s = 0
  for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2
  return s
}

/** Minimize f with CMA-ES until f < target or the budget is spent; evaluations used and best. */
const minimize = (f: (x: ReadonlyArray<number>) => number, mean: Array<number>, sigma: number, target: number, budget: number, seed = 1) => {
  const es = new CmaEs({ mean, sigma, seed })
  let evals = 0
  while (evals < budget && es.best.f >= target) {
    const xs = es.ask()
    es.tell(xs.map(f))
    evals += xs.length
  }
  return { evals, best: es.best }
}

describe("symmetric eigendecomposition", () => {
  it("reconstructs A = V diag(values) V^T with orthonormal V", () => {
    const A = [[4, 1, 2], [1, 3, 0.5], [2, 0.5, 5]]
    const { values, vectors: V } = symmetricEigen(A)
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let a = 0
        let vv = 0
        for (let k = 0; k < 3; k++) {
          a += V[i]![k]! * values[k]! * V[j]![k]!
          vv += V[k]![i]! * V[k]![j]!
        }
        expect(a).toBeCloseTo(A[i]![j]!, 10)
        expect(vv).toBeCloseTo(i === j ? 1 : 0, 10)
      }
    }
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(12, 10) // the trace
  })
})

describe("CMA-ES (Hansen 2016)", () => {
  it("finds the sphere's minimum 0 at the origin in 10 dimensions", () => {
    const r = minimize(sphere, new Array(10).fill(3), 2, 1e-10, 20_000)
    expect(r.best.f).toBeLessThan(1e-10)
    for (const x of r.best.x) expect(Math.abs(x)).toBeLessThan(1e-4)
    // Hansen's tutorial reports about 1,500-2,000 evaluations for the 10-D sphere to 1e-10.
    expect(r.evals).toBeLessThan(4_000)
  })

  it("finds Rosenbrock's minimum 0 at (1, ..., 1) in 6 dimensions", () => {
    const r = minimize(rosenbrock, new Array(6).fill(0), 0.5, 1e-10, 30_000)
    expect(r.best.f).toBeLessThan(1e-10)
    for (const x of r.best.x) expect(x).toBeCloseTo(1, 4)
  })

  it("is deterministic for a seed", () => {
    expect(minimize(rosenbrock, [0, 0, 0], 0.5, 0, 600, 7).best).toEqual(minimize(rosenbrock, [0, 0, 0], 0.5, 0, 600, 7).best)
  })
})

/** ZDT1 (Zitzler, Deb & Thiele 2000): front f2 = 1 - sqrt(f1), reached when x2..xn = 0. */
const zdt1 = (x: ReadonlyArray<number>): [number, number] => {
  const g = 1 + (9 * x.slice(1).reduce((s, v) => s + v, 0)) / (x.length - 1)
  return [x[0]!, g * (1 - Math.sqrt(x[0]! / g))]
}

describe("NSGA-II (Deb et al. 2002)", () => {
  it("constrained domination: feasible beats infeasible, then Pareto domination", () => {
    const e = (f: Array<number>, violation = 0): Evaluated => ({ x: [], f, violation })
    expect(dominates(e([5, 5]), e([0, 0], 1))).toBe(true)
    expect(dominates(e([0, 0], 2), e([0, 0], 1))).toBe(false)
    expect(dominates(e([1, 2]), e([2, 2]))).toBe(true)
    expect(dominates(e([1, 3]), e([2, 2]))).toBe(false)
    const pop = [e([1, 4]), e([2, 2]), e([4, 1]), e([3, 3]), e([5, 5])]
    expect(nonDominatedSort(pop)).toEqual([[0, 1, 2], [3], [4]])
    const d = crowding(pop, [0, 1, 2])
    expect(d.get(0)).toBe(Infinity)
    expect(d.get(2)).toBe(Infinity)
    expect(d.get(1)).toBeCloseTo(2, 12) // (4-1)/3 + (4-1)/3
  })

  it("converges to ZDT1's true front and spreads along it (30 variables)", () => {
    const ga = new Nsga2({ dim: 30, populationSize: 100, seed: 1 })
    for (let g = 0; g < 250; g++) {
      const xs = ga.ask()
      ga.tell(xs.map((x) => ({ x, f: zdt1(x), violation: 0 })))
    }
    const front = ga.front()
    expect(front.length).toBeGreaterThan(80)
    // Distance to the true front f2 = 1 - sqrt(f1).
    const gap = Math.max(...front.map((p) => p.f[1]! - (1 - Math.sqrt(p.f[0]!))))
    expect(gap).toBeLessThan(0.02)
    const f1 = front.map((p) => p.f[0]!)
    expect(Math.min(...f1)).toBeLessThan(0.01)
    expect(Math.max(...f1)).toBeGreaterThan(0.99)
  })

  it("keeps only feasible points on the front under a constraint", () => {
    const ga = new Nsga2({ dim: 5, populationSize: 40, seed: 2 })
    for (let g = 0; g < 60; g++) {
      const xs = ga.ask()
      ga.tell(xs.map((x) => ({ x, f: zdt1(x), violation: Math.max(0, 0.5 - x[0]!) })))
    }
    const front = ga.front()
    expect(front.length).toBeGreaterThan(0)
    for (const p of front) expect(p.x[0]).toBeGreaterThanOrEqual(0.5)
  })
})
