/**
 * Routing: which nodes do the demanded work, how much capacity coordination eats, what is
 * dropped and what latency users see.
 *
 * - region-local: each region serves only its own demand; each region is one coordination
 *   domain of its online nodes. Uneven demand overloads some regions while others idle.
 * - light-split: tasks are split into light shards spread over every region's nodes, coordinated
 *   in fixed-size groups near the demand, so overhead grows only linearly with the network.
 * - largest-first: big tasks fill the biggest nodes first, wherever they are; the network is one
 *   coordination domain (every node stays in step with every other), so under a super-linear
 *   law the overhead outgrows the capacity as the network grows.
 * Overhead takes capacity away pro rata; useful work = min(demand, capacity - overhead).
 * Latency: the round trip to where the work runs (for the global pools, the work-weighted
 * distance from the users' region to every region doing work) plus M/M/1 queueing at the pool's utilization;
 * p50/p99 over all served work treat each region's latency as exponentially distributed.
 * Under coordination.model protocol the overhead is not a law of the domain size: it follows
 * from the protocol's messages, quorum latency and validators (coordination/protocolRouting.ts),
 * and users also wait for their result's consensus round.
 */
import { system } from "../../../src/kit/runtime.ts"
import { domainOverhead, exponentialMixtureQuantile, groupedOverhead, queueDelayMs } from "../../common/coordination.ts"
import { protocolAfterServing, protocolCapacity } from "../coordination/protocolRouting.ts"
import type { GpuNetworkParams } from "../params/params.ts"
import { CAPACITY_BINS } from "../draw.ts"
import type { GpuWorld } from "../world.ts"

export const routing = system<GpuWorld, GpuNetworkParams>("routing", (w, p) => {
  const reg = w.regions
  const R = reg.count
  const lat = reg.latencyMs
  const c = p.coordination
  const rt = p.routing
  const pop = w.operators
  const { served, work, region, capBin } = pop.cols
  const alive = pop.alive
  let C = 0
  let N = 0
  let D = 0
  for (let r = 0; r < R; r++) {
    C += reg.onlineCapacity[r]!
    N += reg.onlineCount[r]!
    D += reg.demand[r]!
  }
  reg.work.fill(0)
  let U = 0
  let overhead = 0
  const policy = rt.policy

  const protocol = w.protocol
  if (protocol !== undefined) {
    // Protocol model: what each region can verify follows from messages, quorums and validators.
    overhead = C - protocolCapacity(protocol, reg, p, w.validators.count)
  } else if (policy === "largest-first") {
    // One global domain; its latency is the capacity-weighted mean distance between nodes.
    let pair = 0
    for (let a = 0; a < R; a++) for (let b = 0; b < R; b++) pair += reg.onlineCapacity[a]! * reg.onlineCapacity[b]! * lat[a * R + b]!
    const meanLatency = C > 0 ? pair / (C * C) : 0
    overhead = Math.min(C, domainOverhead(c.law, N, c.cost, meanLatency, c.latencyScaleMs))
  } else {
    for (let r = 0; r < R; r++) {
      const n = reg.onlineCount[r]!
      const local = lat[r * R + r]!
      const o = policy === "light-split" ? groupedOverhead(c.law, n, c.groupSize, c.cost, local, c.latencyScaleMs) : domainOverhead(c.law, n, c.cost, local, c.latencyScaleMs)
      reg.overhead[r] = Math.min(reg.onlineCapacity[r]!, o)
      overhead += reg.overhead[r]!
    }
  }
  U = C - overhead

  if (policy === "region-local") {
    let S = 0
    for (let r = 0; r < R; r++) {
      const useful = reg.onlineCapacity[r]! - reg.overhead[r]!
      reg.useful[r] = useful
      const s = Math.min(reg.demand[r]!, useful)
      reg.served[r] = s
      reg.work[r] = s
      reg.dropped[r] = Math.max(0, reg.demand[r]! - s)
      reg.latency[r] = lat[r * R + r]! + queueDelayMs(useful > 0 ? reg.demand[r]! / useful : 1, rt.serviceMs, rt.maxQueueMs)
      S += s
    }
    for (let i = 0; i < pop.size; i++) {
      if (alive[i] !== 1) continue
      const r = region[i]!
      work[i] = reg.onlineCapacity[r]! > 0 ? (served[i]! * reg.work[r]!) / reg.onlineCapacity[r]! : 0
    }
    finish(w, p, D, overhead, S)
    return
  }

  // Global pool: light-split and largest-first.
  const S = Math.min(D, U)
  const fill = C > 0 ? S / C : 0 // work per online capacity unit, when spread evenly
  if (policy === "largest-first") {
    // Fill capacity bins from the biggest nodes down; each bin can give (U / C) of its capacity.
    const binCap = w.binCapacity
    const binUtil = w.binUtil
    binCap.fill(0)
    for (let i = 0; i < pop.size; i++) if (alive[i] === 1) binCap[capBin[i]!]! += served[i]!
    let remaining = S
    const usable = C > 0 ? U / C : 0
    for (let b = CAPACITY_BINS - 1; b >= 0; b--) {
      const take = Math.min(remaining, binCap[b]! * usable)
      binUtil[b] = binCap[b]! > 0 ? take / binCap[b]! : 0
      remaining -= take
    }
    for (let i = 0; i < pop.size; i++) {
      if (alive[i] !== 1) continue
      work[i] = served[i]! * binUtil[capBin[i]!]!
      reg.work[region[i]!]! += work[i]!
    }
  } else {
    for (let i = 0; i < pop.size; i++) {
      if (alive[i] !== 1) continue
      work[i] = served[i]! * fill
      reg.work[region[i]!]! += work[i]!
    }
  }
  const queue = queueDelayMs(U > 0 ? D / U : 1, rt.serviceMs, rt.maxQueueMs)
  for (let r = 0; r < R; r++) {
    reg.useful[r] = reg.onlineCapacity[r]! * (C > 0 ? U / C : 0)
    reg.served[r] = D > 0 ? (reg.demand[r]! * S) / D : 0
    reg.dropped[r] = Math.max(0, reg.demand[r]! - reg.served[r]!)
    // Work from this region's users runs wherever the pool put it (light-split spreads it over
    // every region): the round trip is the work-weighted distance to those nodes.
    let distance = lat[r * R + r]!
    if (S > 0) {
      distance = 0
      for (let s = 0; s < R; s++) distance += (lat[r * R + s]! * reg.work[s]!) / S
    }
    reg.latency[r] = distance + queue
  }
  finish(w, p, D, overhead, S)
})

const finish = (w: GpuWorld, p: GpuNetworkParams, demand: number, overhead: number, useful: number) => {
  const reg = w.regions
  const out = w.routing
  // Protocol model: the coordination actually spent on the work served, and the wait for commits.
  if (w.protocol !== undefined) overhead = protocolAfterServing(w.protocol, reg, p, reg.served, w.validators.count)
  out.totalDemand = demand
  out.totalOverhead = overhead
  out.usefulWork = useful
  out.dropped = Math.max(0, demand - useful)
  out.latencyP50 = exponentialMixtureQuantile(reg.served, reg.latency, reg.count, 0.5)
  out.latencyP99 = exponentialMixtureQuantile(reg.served, reg.latency, reg.count, 0.99)
}
