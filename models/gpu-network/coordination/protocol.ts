/**
 * Coordination overhead derived from what the protocol does (`coordination.model: protocol`),
 * instead of an assumed law of the domain size.
 *
 * A coordination domain is the set of online nodes that must agree on each task's assignment
 * and result: the whole network under all-to-all routing (largest-first), a region under
 * region-local, a fixed-size group of nearby nodes under light-split. Per task and per
 * consensus round the protocol sends messages; every message costs the node that handles it
 * `messageMs` of its time; a round lasts until a quorum of the domain has answered (the
 * quorum's k-th fastest round trip, from the inter-region latency matrix) plus the time to
 * check their votes. From that:
 *
 * - member time share spent on messages for T tasks: f = T x messageMs x (1 + (d - 1) / batch) / epochMs
 *   (each member hears every task's result once, and one vote from every other member per
 *   round of `batch` tasks);
 * - tasks the domain can run: T x taskUnits x replication <= C x (1 - f), so
 *   T <= C / (taskUnits x replication + C x messageMs x (1 + (d - 1) / batch) / epochMs);
 * - tasks the domain can commit: T <= (epochMs / roundMs) x batch, with
 *   roundMs = quorum latency + (d - 1) x messageMs.
 *
 * With d nodes of similar size, C grows like d and so does the per-task message load: the
 * first bound rises and then falls like 1/d, and the second falls like 1/d once the vote checks
 * outweigh the latency. Nothing here is a law of d: the collapse of a large all-to-all domain
 * is the product of its message count and its round time. A group keeps d fixed, so both
 * bounds grow with the number of groups.
 *
 * Validators finalize the domains' batches: a committee of min(committeeSize, validators)
 * waits for its own quorum (latency from where the validators are) and checks one vote per
 * member, and each of its rounds takes `chainBatchesPerRound` batches; validators also
 * re-execute `spotCheckShare` of the tasks on their own GPUs. Both cap the network's verified
 * work, so the validators' number and location change throughput.
 *
 * Pure functions over numbers and typed arrays; routing (systems/routing.ts) applies them.
 */
import type { ProtocolParams } from "../params/coordination.ts"

/**
 * Round-trip latency of the k-th fastest answer a leader in region `a` gets from `count[b]`
 * members in each region b (its own region included): the round trips sorted, walked until k
 * members have answered. `order` is scratch of length R.
 */
export const kthFastestMs = (count: ArrayLike<number>, latencyMs: ArrayLike<number>, R: number, a: number, k: number, order: Int32Array): number => {
  for (let b = 0; b < R; b++) order[b] = b
  // Insertion sort by latency from a: R is a handful of regions.
  for (let i = 1; i < R; i++) {
    const x = order[i]!
    let j = i - 1
    while (j >= 0 && latencyMs[a * R + order[j]!]! > latencyMs[a * R + x]!) {
      order[j + 1] = order[j]!
      j--
    }
    order[j + 1] = x
  }
  let seen = 0
  let last = 0
  for (let i = 0; i < R; i++) {
    const b = order[i]!
    if (!(count[b]! > 0)) continue
    seen += count[b]!
    last = latencyMs[a * R + b]!
    if (seen >= k) return last
  }
  return last
}

/**
 * Quorum latency of a domain spread over regions: the k-th fastest round trip (k = ceil(quorum x
 * members)) from a leader, averaged over where the leader may be (in proportion to members).
 */
export const quorumLatencyMs = (count: ArrayLike<number>, latencyMs: ArrayLike<number>, R: number, quorum: number, order: Int32Array): number => {
  let d = 0
  for (let b = 0; b < R; b++) d += count[b]!
  if (!(d > 0)) return 0
  const k = Math.max(1, Math.ceil(quorum * d - 1e-9))
  let sum = 0
  for (let a = 0; a < R; a++) if (count[a]! > 0) sum += (count[a]! / d) * kthFastestMs(count, latencyMs, R, a, k, order)
  return sum
}

/** Capacity units of one task. */
export const taskUnits = (p: ProtocolParams): number => p.taskGpuSeconds / p.epochSeconds

/** Consensus round time of a domain of d members whose quorum answers after `quorumMs`. */
export const roundMs = (d: number, quorumMs: number, p: ProtocolParams): number => quorumMs + Math.max(0, d - 1) * p.messageMs

/** Time share per task a member of a domain of d spends on messages: messageMs (1 + (d - 1) / batch) / epochMs. */
export const memberLoadPerTask = (d: number, p: ProtocolParams): number => (p.messageMs * (1 + Math.max(0, d - 1) / p.batchTasks)) / (p.epochSeconds * 1000)

/**
 * Most tasks per epoch a domain of d members with capacity C (units) can run and commit:
 * min(C / (taskUnits x replication + C x load), rounds per epoch x batch).
 */
export const domainTasks = (d: number, capacity: number, quorumMs: number, p: ProtocolParams): number => {
  if (!(d >= 1) || !(capacity > 0)) return 0
  const run = capacity / (taskUnits(p) * p.replication + capacity * memberLoadPerTask(d, p))
  const commit = ((p.epochSeconds * 1000) / roundMs(d, quorumMs, p)) * p.batchTasks
  return Math.min(run, commit)
}

/**
 * Protocol messages per epoch in a domain of d members running T tasks: each task's result
 * gossiped to every member (d), one vote from every member to every other per round of `batch`
 * tasks (d (d - 1) / batch per task), each copy dispatched and returned (2 x replication), and
 * each result sent to the committee (committee).
 */
export const domainMessages = (d: number, tasks: number, committee: number, p: ProtocolParams): number =>
  tasks * (d + (d * Math.max(0, d - 1)) / p.batchTasks + 2 * p.replication + committee)

/**
 * Most domain batches the validators can finalize per epoch: committee rounds x batches per
 * round, a round lasting the committee's quorum latency plus one vote check per member.
 */
export const chainBatches = (committee: number, quorumMs: number, p: ProtocolParams): number =>
  committee > 0 ? ((p.epochSeconds * 1000) / roundMs(committee, quorumMs, p)) * p.chainBatchesPerRound : 0

/** Most tasks the validators can spot-check per epoch (Infinity when nothing is checked). */
export const spotCheckTasks = (validators: number, p: ProtocolParams): number =>
  p.spotCheckShare > 0 ? (validators * p.validatorCapacity) / (p.spotCheckShare * taskUnits(p)) : Number.POSITIVE_INFINITY
