/**
 * The protocol coordination model applied to one epoch of routing: how much verified work each
 * region's nodes can deliver (before routing serves demand), and afterwards the coordination
 * work actually spent, the messages sent, the bandwidth per node and the consensus delay users
 * wait for. Formulas: coordination/protocol.ts.
 *
 * Domains by routing policy: largest-first, one all-to-all domain of every online node;
 * region-local, one domain per region; light-split, groups of `coordination.groupSize` nodes
 * inside each region (the last one smaller).
 */
import type { MetricDef } from "../../../src/kit/runtime.ts"
import type { GpuNetworkParams } from "../params/params.ts"
import { chainBatches, domainMessages, domainTasks, memberLoadPerTask, quorumLatencyMs, roundMs, spotCheckTasks, taskUnits } from "./protocol.ts"

/** Per-region results of the protocol model, reused every epoch. */
export interface ProtocolState {
  readonly order: Int32Array
  readonly scratch: Float64Array
  /** Validators per region as a share (validatorShare, else operatorShare), normalized. */
  readonly validatorShare: Float64Array
  /** Member time share per task heard, for the domains of each region. */
  readonly load: Float64Array
  /** Members per domain in each region (for light-split the full group size). */
  readonly domainSize: Float64Array
  /** Domains in each region (light-split groups; 1 otherwise). */
  readonly domains: Float64Array
  /** Consensus round time of the region's domains, ms. */
  readonly roundMs: Float64Array
  /** Messages each online node of the region handled this epoch. */
  readonly messagesPerNode: Float64Array
  messages: number
  messagesPerTask: number
  meanRoundMs: number
  /** Batches to finalize / what the validators could finalize this epoch (1: saturated; NaN with no validator left). */
  chainLoad: number
  /** Messages each validator handled this epoch: every result goes to the committee, which rotates over all validators. */
  messagesPerValidator: number
  /** Mean bandwidth per online node this epoch, GB. */
  bandwidthGB: number
  readonly ids: Int32Array
}

/** Metrics recorded under coordination.model protocol. */
export const protocolMetrics: ReadonlyArray<MetricDef> = [
  { name: "messagesPerTask", description: "Protocol messages per task served this epoch (gossip, votes, dispatch, committee)." },
  { name: "consensusRoundMs", description: "Mean consensus round time of the coordination domains, ms (quorum latency + vote checks)." },
  { name: "chainLoad", description: "Domain batches to finalize / batches the validators can finalize this epoch, at full capacity (above 1 the validators cap throughput; no value once no validator is left, when nothing is finalized)." },
  { name: "bandwidthGBPerNode", description: "Mean protocol traffic per online operator this epoch, GB." }
]

export const initProtocol = (p: GpuNetworkParams, ids: Int32Array): ProtocolState => {
  const R = p.regions.names.length
  const raw = p.coordination.protocol.validatorShare.length === R ? p.coordination.protocol.validatorShare : p.regions.operatorShare
  const total = raw.reduce((a, b) => a + b, 0)
  const z = () => new Float64Array(R)
  return {
    order: new Int32Array(R),
    scratch: z(),
    validatorShare: Float64Array.from(raw, (x) => (total > 0 ? x / total : 1 / R)),
    load: z(),
    domainSize: z(),
    domains: z(),
    roundMs: z(),
    messagesPerNode: z(),
    messages: 0,
    messagesPerTask: 0,
    meanRoundMs: 0,
    chainLoad: 0,
    messagesPerValidator: 0,
    bandwidthGB: 0,
    ids
  }
}

interface RegionsView {
  readonly count: number
  readonly latencyMs: Float64Array
  readonly onlineCapacity: Float64Array
  readonly onlineCount: Float64Array
  readonly useful: Float64Array
  readonly overhead: Float64Array
  readonly work: Float64Array
  readonly latency: Float64Array
}

/**
 * Verified work each region's nodes can deliver this epoch (reg.useful) and the capacity they
 * cannot use for it (reg.overhead = online - useful: coordination, replicas, commit limits);
 * returns the total useful capacity.
 */
export const protocolCapacity = (s: ProtocolState, reg: RegionsView, p: GpuNetworkParams, validators: number): number => {
  const R = reg.count
  const pp = p.coordination.protocol
  const unit = taskUnits(pp)
  const lat = reg.latencyMs
  let tasks = 0
  let C = 0
  let N = 0
  for (let r = 0; r < R; r++) {
    C += reg.onlineCapacity[r]!
    N += reg.onlineCount[r]!
  }
  if (p.routing.policy === "largest-first") {
    const q = quorumLatencyMs(reg.onlineCount, lat, R, pp.quorum, s.order)
    const T = domainTasks(N, C, q, pp)
    tasks = T
    const round = roundMs(N, q, pp)
    const load = memberLoadPerTask(N, pp)
    for (let r = 0; r < R; r++) {
      reg.useful[r] = C > 0 ? (T * unit * reg.onlineCapacity[r]!) / C : 0
      s.load[r] = load
      s.domainSize[r] = N
      s.domains[r] = 1
      s.roundMs[r] = round
    }
  } else {
    const g = p.routing.policy === "light-split" ? p.coordination.groupSize : Number.POSITIVE_INFINITY
    for (let r = 0; r < R; r++) {
      const n = reg.onlineCount[r]!
      const cap = reg.onlineCapacity[r]!
      const local = lat[r * R + r]!
      const size = Math.min(n, g)
      const full = size > 0 ? Math.floor(n / size) : 0
      const rest = n - full * size
      const perNode = n > 0 ? cap / n : 0
      let T = full * domainTasks(size, size * perNode, local, pp)
      if (rest > 0) T += domainTasks(rest, rest * perNode, local, pp)
      tasks += T
      reg.useful[r] = T * unit
      s.load[r] = memberLoadPerTask(size, pp)
      s.domainSize[r] = size
      s.domains[r] = full + (rest > 0 ? 1 : 0)
      s.roundMs[r] = roundMs(size, local, pp)
    }
  }
  // Validators: the committee finalizes every domain batch; spot checks re-run a share of tasks.
  const committee = Math.min(pp.committeeSize, validators)
  for (let r = 0; r < R; r++) s.scratch[r] = committee * s.validatorShare[r]!
  const chainQuorum = quorumLatencyMs(s.scratch, lat, R, pp.quorum, s.order)
  const batchCap = chainBatches(committee, chainQuorum, pp)
  const needed = tasks / pp.batchTasks
  // With no validator nothing is finalized (useful work is 0 below); the ratio has no value then.
  s.chainLoad = batchCap > 0 ? needed / batchCap : needed > 0 ? Number.NaN : 0
  let factor = 1
  if (tasks > 0) factor = Math.min(1, (batchCap * pp.batchTasks) / tasks, spotCheckTasks(validators, pp) / tasks)
  let U = 0
  for (let r = 0; r < R; r++) {
    reg.useful[r] = reg.useful[r]! * factor
    reg.overhead[r] = Math.max(0, reg.onlineCapacity[r]! - reg.useful[r]!)
    U += reg.useful[r]!
  }
  return U
}

/**
 * After routing served the work (reg.work per region): the coordination work actually spent
 * (returned, capacity units), messages and bandwidth; adds each region's consensus round to the
 * latency its users see (a result counts once its batch is committed).
 */
export const protocolAfterServing = (s: ProtocolState, reg: RegionsView, p: GpuNetworkParams, served: ArrayLike<number>, validators: number): number => {
  const R = reg.count
  const pp = p.coordination.protocol
  const unit = taskUnits(pp)
  const allToAll = p.routing.policy === "largest-first"
  const committee = Math.min(pp.committeeSize, validators)
  let totalTasks = 0
  for (let r = 0; r < R; r++) totalTasks += reg.work[r]! / unit
  let overhead = 0
  let messages = 0
  let nodes = 0
  let roundSum = 0
  let roundWeight = 0
  for (let r = 0; r < R; r++) {
    const T = reg.work[r]! / unit
    const domains = s.domains[r]!
    // Tasks each member hears about: every task of its domain.
    const heard = allToAll ? totalTasks : domains > 0 ? T / domains : 0
    overhead += reg.onlineCapacity[r]! * heard * s.load[r]! + (pp.replication - 1) * reg.work[r]!
    const d = s.domainSize[r]!
    s.messagesPerNode[r] = heard * (1 + Math.max(0, d - 1) / pp.batchTasks) * 2
    if (!allToAll) messages += domains * domainMessages(d, domains > 0 ? T / domains : 0, committee, pp)
    nodes += reg.onlineCount[r]!
    roundSum += s.roundMs[r]! * reg.onlineCapacity[r]!
    roundWeight += reg.onlineCapacity[r]!
  }
  if (allToAll) messages = domainMessages(s.domainSize[0]!, totalTasks, committee, pp)
  // Each result reaches every committee member; the committee rotates over all validators.
  s.messagesPerValidator = validators > 0 ? (totalTasks * committee) / validators : 0
  s.messages = messages
  s.messagesPerTask = totalTasks > 0 ? messages / totalTasks : 0
  s.meanRoundMs = roundWeight > 0 ? roundSum / roundWeight : 0
  let bytes = 0
  for (let r = 0; r < R; r++) bytes += s.messagesPerNode[r]! * reg.onlineCount[r]! * pp.messageBytes
  s.bandwidthGB = nodes > 0 ? bytes / nodes / 1e9 : 0
  // Users wait for their result's batch to commit: the round of the domain that ran it.
  for (let r = 0; r < R; r++) if (served[r]! > 0) reg.latency[r] = reg.latency[r]! + s.roundMs[r]!
  return overhead
}

/** Record the protocol metrics (ids from protocolMetrics, in order). */
export const recordProtocol = (s: ProtocolState, recorder: { set(id: number, v: number): void }): void => {
  recorder.set(s.ids[0]!, s.messagesPerTask)
  recorder.set(s.ids[1]!, s.meanRoundMs)
  recorder.set(s.ids[2]!, s.chainLoad)
  recorder.set(s.ids[3]!, s.bandwidthGB)
}
