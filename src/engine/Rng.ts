/**
 * Rng: the one seeded random generator a run draws from.
 *
 * Every random number in a simulation flows from the experiment's seed through here: a run's
 * generator is seeded by `deriveSeed(experimentSeed, point, run)`, so a run's stream depends
 * only on its coordinates, never on which worker runs it or in which order. The bits come from
 * pure-rand's xoroshiro128+ (mutating `next()`, no allocation per draw); the distributions on
 * top are plain arithmetic so the hot loop stays allocation-free.
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus"
import type { JumpableRandomGenerator } from "pure-rand/types/JumpableRandomGenerator"

const TWO_POW_26 = 1.4901161193847656e-8 // 2^-26
const TWO_POW_53 = 1.1102230246251565e-16 // 2^-53

/** murmur3's 32-bit finalizer: a cheap, well-mixed bijection on 32-bit integers. */
const fmix32 = (h: number): number => {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * Derive a 32-bit seed from an experiment seed and a run's coordinates (scenario point, run
 * index, ...). Pure: the same inputs always give the same seed, so results do not depend on
 * scheduling. Seeds above 2^32 contribute their high bits too.
 */
export const deriveSeed = (seed: number, ...coords: ReadonlyArray<number>): number => {
  let h = fmix32((seed >>> 0) ^ 0x9e3779b9)
  h = fmix32(h ^ Math.floor(seed / 0x1_0000_0000))
  for (const c of coords) h = fmix32((h + Math.imul(c + 1, 0x27d4eb2f)) >>> 0)
  return h
}

/** A seeded stream of random numbers with the distributions the models use. */
export class Rng {
  private readonly gen: JumpableRandomGenerator
  private spareNormal = 0
  private hasSpare = false

  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed | 0)
  }

  /** Uniform in [0, 1), 53 bits. */
  next(): number {
    const g = this.gen
    return (g.next() & 0x3ffffff) * TWO_POW_26 + (g.next() & 0x7ffffff) * TWO_POW_53
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next()
  }

  /** Integer uniform in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.next() < p
  }

  /** Standard normal (Marsaglia polar method; caches the second variate). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false
      return this.spareNormal
    }
    let u = 0
    let v = 0
    let s = 0
    do {
      u = 2 * this.next() - 1
      v = 2 * this.next() - 1
      s = u * u + v * v
    } while (s >= 1 || s === 0)
    const m = Math.sqrt((-2 * Math.log(s)) / s)
    this.spareNormal = v * m
    this.hasSpare = true
    return u * m
  }

  /** Log-normal with the given median and log-space sigma. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }

  /** Pareto (type I) with scale xm and shape alpha: heavy-tailed sizes such as GPU capacity. */
  pareto(xm: number, alpha: number): number {
    return xm / Math.pow(1 - this.next(), 1 / alpha)
  }

  /** Poisson count (Knuth for small means, normal approximation above 30). */
  poisson(mean: number): number {
    if (mean <= 0) return 0
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()))
    const limit = Math.exp(-mean)
    let k = 0
    let p = this.next()
    while (p > limit) {
      k++
      p *= this.next()
    }
    return k
  }

  /** A child generator for an independent sub-stream (e.g. one per population at set-up). */
  split(tag: number): Rng {
    return new Rng(deriveSeed(this.gen.next() >>> 0, tag))
  }
}
