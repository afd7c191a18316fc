/**
 * Nsga2: a Pareto front for several objectives, as an ask/tell loop over the unit box [0, 1]^n.
 *
 * K. Deb, A. Pratap, S. Agarwal, T. Meyarivan, "A fast and elitist multiobjective genetic
 * algorithm: NSGA-II", IEEE Trans. Evol. Comput. 6(2), 2002: fast non-dominated sorting,
 * crowding distance, binary tournament on (rank, crowding), simulated binary crossover and
 * polynomial mutation (Deb & Agrawal 1995; eta_c = 15, eta_m = 20, p_c = 0.9, p_m = 1/n, the
 * paper's settings), elitist (mu + lambda) survival, and constrained domination (section VI): a
 * feasible solution beats an infeasible one, two infeasible ones compare by total violation. No
 * npm package implementing it is kept up; this is written from the paper. All objectives are
 * minimized; randomness comes from the seeded Rng.
 */
import { Rng } from "../engine/Rng.ts"

export interface Evaluated {
  readonly x: ReadonlyArray<number>
  /** Objective values, all minimized. */
  readonly f: ReadonlyArray<number>
  /** Total constraint violation: 0 when feasible. */
  readonly violation: number
}

export interface Nsga2Options {
  readonly dim: number
  /** Population size (even). */
  readonly populationSize: number
  readonly seed: number
  readonly etaC?: number
  readonly etaM?: number
  readonly crossoverRate?: number
}

/** Whether a constrained-dominates b (Deb et al. 2002, section VI). */
export const dominates = (a: Evaluated, b: Evaluated): boolean => {
  if (a.violation < b.violation) return true
  if (a.violation > b.violation) return false
  let better = false
  for (let i = 0; i < a.f.length; i++) {
    if (a.f[i]! > b.f[i]!) return false
    if (a.f[i]! < b.f[i]!) better = true
  }
  return better
}

/** Fronts of indices, best first (fast non-dominated sort). */
export const nonDominatedSort = (pop: ReadonlyArray<Evaluated>): Array<Array<number>> => {
  const dominatedBy: Array<Array<number>> = pop.map(() => [])
  const count = new Array<number>(pop.length).fill(0)
  const fronts: Array<Array<number>> = [[]]
  for (let p = 0; p < pop.length; p++) {
    for (let q = 0; q < pop.length; q++) {
      if (p === q) continue
      if (dominates(pop[p]!, pop[q]!)) dominatedBy[p]!.push(q)
      else if (dominates(pop[q]!, pop[p]!)) count[p]!++
    }
    if (count[p] === 0) fronts[0]!.push(p)
  }
  for (let i = 0; fronts[i]!.length > 0; i++) {
    const next: Array<number> = []
    for (const p of fronts[i]!) for (const q of dominatedBy[p]!) if (--count[q]! === 0) next.push(q)
    fronts.push(next)
  }
  return fronts.slice(0, -1)
}

/** Crowding distance of each member of one front (boundary points: infinity). */
export const crowding = (pop: ReadonlyArray<Evaluated>, front: ReadonlyArray<number>): Map<number, number> => {
  const d = new Map(front.map((i) => [i, 0]))
  const m = pop[front[0]!]?.f.length ?? 0
  for (let k = 0; k < m; k++) {
    const sorted = [...front].sort((a, b) => pop[a]!.f[k]! - pop[b]!.f[k]! || a - b)
    const lo = pop[sorted[0]!]!.f[k]!
    const hi = pop[sorted[sorted.length - 1]!]!.f[k]!
    d.set(sorted[0]!, Infinity)
    d.set(sorted[sorted.length - 1]!, Infinity)
    if (hi === lo) continue
    for (let i = 1; i < sorted.length - 1; i++) d.set(sorted[i]!, d.get(sorted[i]!)! + (pop[sorted[i + 1]!]!.f[k]! - pop[sorted[i - 1]!]!.f[k]!) / (hi - lo))
  }
  return d
}

export class Nsga2 {
  private readonly rng: Rng
  private readonly o: Required<Nsga2Options>
  /** The current parent population (after survival). */
  population: Array<Evaluated> = []
  private rank = new Map<number, number>()
  private crowd = new Map<number, number>()

  constructor(o: Nsga2Options) {
    if (o.populationSize < 4 || o.populationSize % 2 !== 0) throw new Error(`NSGA-II needs an even population of at least 4, got ${o.populationSize}`)
    this.o = { etaC: 15, etaM: 20, crossoverRate: 0.9, ...o }
    this.rng = new Rng(o.seed)
  }

  /** Candidates to evaluate: a Latin-hypercube start, then offspring of the population. */
  ask(): Array<Array<number>> {
    const { dim, populationSize: n } = this.o
    if (this.population.length === 0) {
      const columns = Array.from({ length: dim }, () => this.permutation(n))
      return Array.from({ length: n }, (_, i) => columns.map((c) => (c[i]! + this.rng.next()) / n))
    }
    const children: Array<Array<number>> = []
    while (children.length < n) {
      const [a, b] = this.crossover(this.tournament(), this.tournament())
      children.push(this.mutate(a), this.mutate(b))
    }
    return children
  }

  /** Survival: the best `populationSize` of parents and the evaluated candidates. */
  tell(evaluated: ReadonlyArray<Evaluated>): void {
    const all = [...this.population, ...evaluated]
    const fronts = nonDominatedSort(all)
    const next: Array<Evaluated> = []
    for (const front of fronts) {
      const d = crowding(all, front)
      const take = next.length + front.length <= this.o.populationSize ? front : [...front].sort((a, b) => d.get(b)! - d.get(a)! || a - b).slice(0, this.o.populationSize - next.length)
      next.push(...take.map((i) => all[i]!))
      if (next.length >= this.o.populationSize) break
    }
    this.population = next
    this.rank = new Map()
    this.crowd = new Map()
    nonDominatedSort(next).forEach((front, r) => {
      for (const [i, c] of crowding(next, front)) {
        this.rank.set(i, r)
        this.crowd.set(i, c)
      }
    })
  }

  /** The feasible non-dominated members of the population. */
  front(): Array<Evaluated> {
    const feasible = this.population.filter((e) => e.violation === 0)
    return nonDominatedSort(feasible)[0]?.map((i) => feasible[i]!) ?? []
  }

  private permutation(n: number): Array<number> {
    const p = Array.from({ length: n }, (_, i) => i)
    for (let i = n - 1; i > 0; i--) {
      const j = this.rng.int(i + 1)
      ;[p[i], p[j]] = [p[j]!, p[i]!]
    }
    return p
  }

  private tournament(): ReadonlyArray<number> {
    const n = this.population.length
    const a = this.rng.int(n)
    const b = this.rng.int(n)
    const better = this.rank.get(a)! < this.rank.get(b)! || (this.rank.get(a) === this.rank.get(b) && this.crowd.get(a)! > this.crowd.get(b)!) ? a : b
    return this.population[better]!.x
  }

  /** Simulated binary crossover (Deb & Agrawal 1995), bounded to [0, 1]. */
  private crossover(p1: ReadonlyArray<number>, p2: ReadonlyArray<number>): [Array<number>, Array<number>] {
    const c1 = [...p1]
    const c2 = [...p2]
    if (this.rng.next() > this.o.crossoverRate) return [c1, c2]
    const eta = this.o.etaC
    for (let i = 0; i < p1.length; i++) {
      if (this.rng.next() > 0.5 || Math.abs(p1[i]! - p2[i]!) < 1e-14) continue
      const u = this.rng.next()
      const beta = u <= 0.5 ? (2 * u) ** (1 / (eta + 1)) : (1 / (2 * (1 - u))) ** (1 / (eta + 1))
      const mid = (p1[i]! + p2[i]!) / 2
      const half = Math.abs(p1[i]! - p2[i]!) / 2
      c1[i] = clamp(mid - beta * half)
      c2[i] = clamp(mid + beta * half)
    }
    return [c1, c2]
  }

  /** Polynomial mutation (Deb & Goyal 1996), each coordinate with probability 1/n. */
  private mutate(x: Array<number>): Array<number> {
    const eta = this.o.etaM
    const pm = 1 / x.length
    return x.map((v) => {
      if (this.rng.next() >= pm) return v
      const u = this.rng.next()
      const delta = u < 0.5 ? (2 * u + (1 - 2 * u) * (1 - v) ** (eta + 1)) ** (1 / (eta + 1)) - 1 : 1 - (2 * (1 - u) + 2 * (u - 0.5) * v ** (eta + 1)) ** (1 / (eta + 1))
      return clamp(v + delta)
    })
  }
}

const clamp = (v: number): number => Math.min(1, Math.max(0, v))
