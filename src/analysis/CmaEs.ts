/**
 * CmaEs: the covariance matrix adaptation evolution strategy for one objective, as an ask/tell
 * loop so each generation's candidates can be evaluated together (on every worker).
 *
 * The algorithm and its default constants follow N. Hansen, "The CMA Evolution Strategy: A
 * Tutorial" (arXiv:1604.00772, 2016), Table 1 and Fig. 7 (positive weights, c_m = 1): rank-one
 * and rank-mu covariance updates, cumulative step-size adaptation, and the h_sigma stall of the
 * evolution path. No npm package implementing it is kept up; this is written from the tutorial.
 * Randomness comes from the seeded Rng, so a seed gives the same search.
 */
import { Rng } from "../engine/Rng.ts"
import { symmetricEigen } from "./SymmetricEigen.ts"

export interface CmaEsOptions {
  /** Start point. */
  readonly mean: ReadonlyArray<number>
  /** Initial step size (a third of the search range is a good start). */
  readonly sigma: number
  readonly seed: number
  /** Candidates per generation (default 4 + floor(3 ln n)). */
  readonly lambda?: number
}

/** A minimizer: `ask` for a generation, `tell` its fitness values (lower is better). */
export class CmaEs {
  readonly n: number
  readonly lambda: number
  readonly mu: number
  private readonly weights: Array<number>
  private readonly muEff: number
  private readonly cSigma: number
  private readonly dSigma: number
  private readonly cc: number
  private readonly c1: number
  private readonly cMu: number
  private readonly chiN: number
  private readonly rng: Rng
  mean: Array<number>
  sigma: number
  private pSigma: Array<number>
  private pc: Array<number>
  private C: Array<Array<number>>
  private B: Array<Array<number>>
  private D: Array<number>
  private generation = 0
  private pending: Array<Array<number>> = []
  /** Best candidate told so far. */
  best: { x: ReadonlyArray<number>; f: number } = { x: [], f: Infinity }

  constructor(o: CmaEsOptions) {
    const n = o.mean.length
    this.n = n
    this.lambda = o.lambda ?? 4 + Math.floor(3 * Math.log(n))
    this.mu = Math.floor(this.lambda / 2)
    const raw = Array.from({ length: this.mu }, (_, i) => Math.log((this.lambda + 1) / 2) - Math.log(i + 1))
    const sum = raw.reduce((a, b) => a + b, 0)
    this.weights = raw.map((w) => w / sum)
    this.muEff = 1 / this.weights.reduce((a, w) => a + w * w, 0)
    this.cSigma = (this.muEff + 2) / (n + this.muEff + 5)
    this.dSigma = 1 + 2 * Math.max(0, Math.sqrt((this.muEff - 1) / (n + 1)) - 1) + this.cSigma
    this.cc = (4 + this.muEff / n) / (n + 4 + (2 * this.muEff) / n)
    this.c1 = 2 / ((n + 1.3) ** 2 + this.muEff)
    this.cMu = Math.min(1 - this.c1, (2 * (this.muEff - 2 + 1 / this.muEff)) / ((n + 2) ** 2 + this.muEff))
    this.chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n))
    this.rng = new Rng(o.seed)
    this.mean = [...o.mean]
    this.sigma = o.sigma
    this.pSigma = new Array<number>(n).fill(0)
    this.pc = new Array<number>(n).fill(0)
    this.C = identity(n)
    this.B = identity(n)
    this.D = new Array<number>(n).fill(1)
  }

  /** The next generation's candidates: mean + sigma * B D z, z standard normal. */
  ask(): Array<Array<number>> {
    const { n } = this
    this.pending = Array.from({ length: this.lambda }, () => {
      const z = Array.from({ length: n }, () => this.rng.normal())
      const y = Array.from({ length: n }, (_, i) => {
        let s = 0
        for (let j = 0; j < n; j++) s += this.B[i]![j]! * this.D[j]! * z[j]!
        return s
      })
      return y.map((yi, i) => this.mean[i]! + this.sigma * yi)
    })
    return this.pending.map((x) => [...x])
  }

  /** Update from the fitness of the candidates `ask` returned, in the same order. */
  tell(fitness: ReadonlyArray<number>): void {
    const { n, mu, weights } = this
    if (fitness.length !== this.pending.length) throw new Error(`tell: expected ${this.pending.length} fitness values, got ${fitness.length}`)
    const order = fitness.map((f, i) => i).sort((a, b) => fitness[a]! - fitness[b]! || a - b)
    if (fitness[order[0]!]! < this.best.f) this.best = { x: [...this.pending[order[0]!]!], f: fitness[order[0]!]! }
    const old = this.mean
    const ys = order.slice(0, mu).map((k) => this.pending[k]!.map((x, i) => (x - old[i]!) / this.sigma))
    const yw = Array.from({ length: n }, (_, i) => ys.reduce((s, y, k) => s + weights[k]! * y[i]!, 0))
    this.mean = old.map((m, i) => m + this.sigma * yw[i]!)
    // C^(-1/2) yw = B D^-1 B^T yw
    const bty = Array.from({ length: n }, (_, j) => this.B.reduce((s, row, i) => s + row[j]! * yw[i]!, 0) / this.D[j]!)
    const invSqrtY = Array.from({ length: n }, (_, i) => this.B[i]!.reduce((s, b, j) => s + b * bty[j]!, 0))
    const ks = Math.sqrt(this.cSigma * (2 - this.cSigma) * this.muEff)
    this.pSigma = this.pSigma.map((p, i) => (1 - this.cSigma) * p + ks * invSqrtY[i]!)
    const norm = Math.sqrt(this.pSigma.reduce((s, p) => s + p * p, 0))
    this.generation++
    const hSigma = norm / Math.sqrt(1 - (1 - this.cSigma) ** (2 * this.generation)) < (1.4 + 2 / (n + 1)) * this.chiN ? 1 : 0
    const kc = Math.sqrt(this.cc * (2 - this.cc) * this.muEff)
    this.pc = this.pc.map((p, i) => (1 - this.cc) * p + hSigma * kc * yw[i]!)
    const stall = (1 - hSigma) * this.cc * (2 - this.cc)
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let rankMu = 0
        for (let k = 0; k < mu; k++) rankMu += weights[k]! * ys[k]![i]! * ys[k]![j]!
        const v = (1 - this.c1 - this.cMu) * this.C[i]![j]! + this.c1 * (this.pc[i]! * this.pc[j]! + stall * this.C[i]![j]!) + this.cMu * rankMu
        this.C[i]![j] = v
        this.C[j]![i] = v
      }
    }
    this.sigma *= Math.exp((this.cSigma / this.dSigma) * (norm / this.chiN - 1))
    const { values, vectors } = symmetricEigen(this.C)
    this.D = values.map((v) => Math.sqrt(Math.max(v, 1e-300)))
    this.B = vectors
  }
}

const identity = (n: number): Array<Array<number>> => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)))
