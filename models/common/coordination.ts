/**
 * Coordination overhead: the work a group of participants spends keeping in step (gossip,
 * synchronization, consensus on a task's result) instead of doing useful work.
 *
 * A coordination domain of `d` participants costs `cost * f(d) * (1 + latencyMs / latencyScaleMs)`
 * capacity units per epoch, with f the configurable law: linear d, n-log-n d*log2(d), or
 * quadratic d^2 (every pair exchanges messages, as in all-to-all synchronization or PBFT-style
 * rounds). Latency stretches rounds, so distant participants cost more.
 */

export type CoordinationLaw = "linear" | "nlogn" | "quadratic"

/** f(d) for a law. */
export const lawCost = (law: CoordinationLaw, d: number): number => {
  if (d <= 1) return 0
  switch (law) {
    case "linear":
      return d
    case "nlogn":
      return d * Math.log2(d)
    case "quadratic":
      return d * d
  }
}

/** Overhead in capacity units of one domain of `d` participants at `latencyMs`. */
export const domainOverhead = (law: CoordinationLaw, d: number, cost: number, latencyMs: number, latencyScaleMs: number): number =>
  cost * lawCost(law, d) * (1 + latencyMs / latencyScaleMs)

/**
 * Overhead of `n` participants split into domains of at most `group` (light-split shard
 * groups): floor(n / group) full domains plus one remainder domain.
 */
export const groupedOverhead = (law: CoordinationLaw, n: number, group: number, cost: number, latencyMs: number, latencyScaleMs: number): number => {
  const full = Math.floor(n / group)
  const rest = n - full * group
  return full * domainOverhead(law, group, cost, latencyMs, latencyScaleMs) + domainOverhead(law, rest, cost, latencyMs, latencyScaleMs)
}

/**
 * Queueing delay at utilization rho for a service time (M/M/1: service * rho / (1 - rho)),
 * capped at `maxMs` when the queue is saturated (rho >= 1: work is dropped, not queued forever).
 */
export const queueDelayMs = (rho: number, serviceMs: number, maxMs: number): number => {
  if (!(rho > 0)) return 0
  if (rho >= 1) return maxMs
  return Math.min(maxMs, (serviceMs * rho) / (1 - rho))
}

/**
 * Quantile q of a mixture of exponential latencies: weight w[i] of the tasks see latency with
 * mean m[i]. Solved by bisection on the mixture's CDF (monotone), 50 steps.
 */
export const exponentialMixtureQuantile = (weights: ArrayLike<number>, means: ArrayLike<number>, n: number, q: number): number => {
  let total = 0
  let hi = 0
  for (let i = 0; i < n; i++) {
    total += weights[i]!
    if (weights[i]! > 0) hi = Math.max(hi, means[i]!)
  }
  if (total <= 0 || hi <= 0) return 0
  hi *= 50 // exp(-50) is far beyond any quantile we ask for
  let lo = 0
  for (let step = 0; step < 50; step++) {
    const x = (lo + hi) / 2
    let cdf = 0
    for (let i = 0; i < n; i++) if (weights[i]! > 0) cdf += (weights[i]! / total) * (1 - Math.exp(-x / means[i]!))
    if (cdf < q) lo = x
    else hi = x
  }
  return (lo + hi) / 2
}
