/**
 * The gpu-network world: operator and validator tables, market state and the token ledger.
 *
 * Token holders are the operators (stake + liquid balance), the validators (stake + balance),
 * the treasury, and the `float`: tokens held outside the network (exchanges, investors). Every
 * transfer moves tokens between these, so their sum always equals `ledger.supply`.
 */
import { Ledger, Population, type Recorder, type Rng, type WorldBase } from "../../src/kit/runtime.ts"
import { SortedValues } from "../common/SortedValues.ts"
import { initEmission, type EmissionState } from "./systems/emission/state.ts"
import { initAttackEffects, type AttackEffects, type AttackState } from "./systems/attacks/state.ts"
import { initGovernance, type GovernanceState } from "./systems/governance/state.ts"
import { initSlashing, type SlashingState } from "./systems/slashing/state.ts"
import type { GpuNetworkParams } from "./params/params.ts"
import { demandAgentMetrics, initUsers, type UsersState } from "./demand/demandAgents.ts"
import { initProtocol, protocolMetrics, type ProtocolState } from "./coordination/protocolRouting.ts"
import { initRelocation, type RelocationState } from "./participation/relocation.ts"

export const OperatorColumns = {
  capacity: Float64Array,
  /** Index into params.regions.names. */
  region: Uint32Array,
  /** 0 small, 1 medium, 2 large (params.operators.smallBelow / largeFrom). */
  sizeClass: Uint8Array,
  /** Log-capacity bin, for largest-first routing (fills the biggest nodes first). */
  capBin: Uint8Array,
  costUsd: Float64Array,
  uptime: Float64Array,
  patience: Uint32Array,
  lossStreak: Uint32Array,
  stake: Float64Array,
  balance: Float64Array,
  /** Capacity online this epoch (0 when offline). */
  served: Float64Array,
  /** Work done this epoch (capacity units): online capacity times the node's utilization. */
  work: Float64Array,
  profitUsd: Float64Array,
  joinedEpoch: Uint32Array,
  /** 0: honest; k + 1: an identity of the sybil attack params.attacks[k]. */
  attacker: Uint32Array,
  /** Exponential average of realised margin (profit / cost), for operators.decision expected. */
  expectedMargin: Float64Array,
  /** USD still to pay for a relocation, in instalments (operators.relocation). */
  pendingCostUsd: Float64Array
} as const

export const ValidatorColumns = {
  stake: Float64Array,
  balance: Float64Array,
  costUsd: Float64Array,
  patience: Uint32Array,
  lossStreak: Uint32Array,
  joinedEpoch: Uint32Array,
  /** 0: honest; k + 1: a member of the cartel params.attacks[k]. */
  cartel: Uint32Array,
  /** 0: independent; k + 1: a validator the attacker of params.attacks[k] bought its way in with (optimize mode). */
  owner: Uint32Array,
  /** Exponential average of realised margin (profit / cost), for validators.decision expected. */
  expectedMargin: Float64Array
} as const

/** Per-epoch flows, reset at the start of each epoch. */
export interface Flows {
  operatorJoins: number
  operatorExits: number
  validatorJoins: number
  validatorExits: number
  /** Operators alive when the epoch started (denominator of the churn rate). */
  operatorsAtStart: number
  validatorsAtStart: number
  /** Tokens sold to / bought from the market this epoch. */
  soldTokens: number
  boughtTokens: number
  emission: number
  operatorProfitUsd: number
  /** Fees users paid this epoch, USD. */
  feesUsd: number
  /** Vesting tokens unlocked this epoch. */
  unlocked: number
}

/** Counts since epoch 0. */
export interface Totals {
  operatorJoins: number
  operatorExits: number
  validatorJoins: number
  validatorExits: number
  /** Operators ever present, exits, by size class (small, medium, large). */
  classEntered: Float64Array
  classExits: Float64Array
  /** Exits by region. */
  regionExits: Float64Array
}

/** Per-region state of one epoch (arrays of length R = number of regions). */
export interface Regions {
  readonly count: number
  /** Cumulative operator-location weights, for drawing an entrant's region. */
  readonly cumulativeOperatorShare: Float64Array
  readonly demandShare: Float64Array
  /** R x R latencies, row-major. */
  readonly latencyMs: Float64Array
  /** Current demand shock (relative) per region. */
  readonly shock: Float64Array
  /** Demand in work units this epoch. */
  readonly demand: Float64Array
  readonly onlineCapacity: Float64Array
  readonly onlineCount: Float64Array
  /** Operators in the region when uptime was drawn (before this epoch's exits and entries). */
  readonly active: Float64Array
  /** Operators in the region at the end of the epoch (the activeOperators_<region> metric). */
  readonly activeEnd: Float64Array
  /** Capacity left for useful work after coordination overhead. */
  readonly useful: Float64Array
  readonly overhead: Float64Array
  /** Work done by the region's nodes. */
  readonly work: Float64Array
  /** Demand from the region that was not served. */
  readonly dropped: Float64Array
  /** Mean latency seen by the region's demand, ms. */
  readonly latency: Float64Array
  /** Work served for the region's demand (latency mixture weights). */
  readonly served: Float64Array
  /** Revenue (USD) per online capacity unit last epoch, for entrants' expectations. */
  readonly revenuePerUnit: Float64Array
}

/** Network-level results of routing in one epoch. */
export interface RoutingResult {
  totalDemand: number
  totalOverhead: number
  usefulWork: number
  dropped: number
  latencyP50: number
  latencyP99: number
}

export interface GpuWorld extends WorldBase {
  readonly operators: Population<typeof OperatorColumns>
  readonly validators: Population<typeof ValidatorColumns>
  price: number
  /** Exponential moving average of the price: what prospective participants value tokens at. */
  referencePrice: number
  /** Potential fees per epoch (USD) if all demand were served: the demand base, grown each epoch. */
  feesUsd: number
  /** Tokens held outside the network. */
  float: number
  /** Tokens of vesting allocations not unlocked yet. */
  locked: number
  treasury: number
  lastValidatorEmission: number
  /** Operator profit / cost percentiles this epoch. */
  marginP10: number
  marginP50: number
  /** This epoch's emission, split into the pools paid out by the operator and validator systems. */
  operatorPool: number
  validatorPool: number
  readonly flows: Flows
  readonly totals: Totals
  readonly regions: Regions
  readonly routing: RoutingResult
  /** Utilization per capacity bin (largest-first routing). */
  readonly binUtil: Float64Array
  readonly binCapacity: Float64Array
  /** Slashing records (signing windows, totals). */
  readonly slashing: SlashingState
  /** State of the emission rule (issued so far, Cosmos inflation, compiled expression). */
  readonly emissionState: EmissionState
  /** Live operators' stakes, kept sorted (for Nakamoto and Gini without a sort per epoch). */
  readonly operatorStakes: SortedValues
  /** Scratch buffer for sorting and selecting (stakes, margins); grown on demand. */
  scratch: Float64Array
  /** Book-keeping per attack in params.attacks (same order). */
  readonly attackStates: Array<AttackState>
  /** What the attacks do to the network this epoch (written by attackMoves, read by the systems). */
  readonly attackEffects: AttackEffects
  /** Proposals and their votes. */
  readonly governance: GovernanceState
  /** The user population (demand.kind agents; undefined for exogenous demand). */
  users?: UsersState
  /** Messages, rounds and bandwidth of the protocol coordination model (coordination.model protocol). */
  protocol?: ProtocolState
  /** Regions' expected revenue and relocation counts (operators.relocation.enabled). */
  relocation?: RelocationState
}

const uniform = (rng: Rng, r: { readonly min: number; readonly max: number }) => rng.uniform(r.min, r.max)

/** Bins of log2(capacity) used by largest-first routing. */
export const CAPACITY_BINS = 64

/** Bin of a capacity between min and max (log scale). */
export const capacityBin = (cap: number, min: number, max: number): number => {
  if (max <= min) return 0
  const x = Math.log(cap / min) / Math.log(max / min)
  return Math.min(CAPACITY_BINS - 1, Math.max(0, Math.floor(x * CAPACITY_BINS)))
}

/** Index of the first cumulative weight above u (u uniform in [0, 1)). */
export const pick = (cumulative: Float64Array, u: number): number => {
  const n = cumulative.length
  const target = u * cumulative[n - 1]!
  for (let i = 0; i < n; i++) if (target < cumulative[i]!) return i
  return n - 1
}

/** Draw a new operator's attributes into `slot`; returns the tokens it stakes. */
export const drawOperator = (world: GpuWorld, p: GpuNetworkParams, rng: Rng, slot: number): number => {
  const o = world.operators.cols
  const op = p.operators
  const cap = Math.min(op.capacityMax, rng.pareto(op.capacityMin, op.capacityAlpha))
  o.capacity[slot] = cap
  o.region[slot] = pick(world.regions.cumulativeOperatorShare, rng.next())
  o.sizeClass[slot] = cap < op.smallBelow ? 0 : cap >= op.largeFrom ? 2 : 1
  o.capBin[slot] = capacityBin(cap, op.capacityMin, op.capacityMax)
  world.totals.classEntered[o.sizeClass[slot]!]! += 1
  o.costUsd[slot] = cap * rng.logNormal(op.costPerUnitUsd * (p.regions.costMultiplier[o.region[slot]!] ?? 1), op.costSigma) + op.fixedCostUsd
  o.uptime[slot] = uniform(rng, op.uptime)
  o.patience[slot] = Math.round(uniform(rng, op.patience))
  o.lossStreak[slot] = 0
  o.stake[slot] = op.stakeUsdPerUnit > 0 ? Math.max(cap * op.stakePerUnit, op.minStake, (cap * op.stakeUsdPerUnit) / world.price) : Math.max(cap * op.stakePerUnit, op.minStake)
  o.attacker[slot] = 0
  o.expectedMargin[slot] = 0
  o.pendingCostUsd[slot] = 0
  o.balance[slot] = 0
  o.joinedEpoch[slot] = world.epoch
  return o.stake[slot]!
}

/** Draw a new validator's attributes into `slot`; returns the tokens it stakes. */
export const drawValidator = (world: GpuWorld, p: GpuNetworkParams, rng: Rng, slot: number): number => {
  const v = world.validators.cols
  const vp = p.validators
  v.stake[slot] = rng.logNormal(vp.stakeMedian, vp.stakeSigma)
  v.cartel[slot] = 0
  v.owner[slot] = 0
  v.balance[slot] = 0
  v.costUsd[slot] = vp.costUsd
  v.patience[slot] = Math.round(uniform(rng, vp.patience))
  v.lossStreak[slot] = 0
  v.expectedMargin[slot] = 0
  v.joinedEpoch[slot] = world.epoch
  return v.stake[slot]!
}

/** Build the world at epoch 0: initial populations staked out of the initial supply. */
export const initWorld = (p: GpuNetworkParams, rng: Rng, recorder: Recorder): GpuWorld => {
  const R = p.regions.names.length
  const cumulative = new Float64Array(R)
  let acc = 0
  p.regions.operatorShare.forEach((w, i) => (cumulative[i] = acc += w))
  const demandTotal = p.regions.demandShare.reduce((a, b) => a + b, 0)
  const zeros = () => new Float64Array(R)
  const world: GpuWorld = {
    epoch: 0,
    ledger: new Ledger(p.token.initialSupply),
    recorder,
    operators: new Population(OperatorColumns, Math.max(64, p.operators.initial * 2)),
    validators: new Population(ValidatorColumns, Math.max(64, p.validators.initial * 2)),
    price: p.market.pricePath[0] ?? p.market.initialPrice,
    referencePrice: p.market.pricePath[0] ?? p.market.initialPrice,
    feesUsd: p.demand.series[0] ?? p.demand.feesUsdPerEpoch,
    float: 0,
    locked: p.token.vesting.reduce((a, v) => a + v.tokens, 0),
    treasury: p.token.initialTreasury,
    lastValidatorEmission: 0,
    marginP10: Number.NaN,
    marginP50: Number.NaN,
    operatorPool: 0,
    validatorPool: 0,
    flows: {
      operatorJoins: 0,
      operatorExits: 0,
      validatorJoins: 0,
      validatorExits: 0,
      operatorsAtStart: 0,
      validatorsAtStart: 0,
      soldTokens: 0,
      boughtTokens: 0,
      emission: 0,
      operatorProfitUsd: 0,
      feesUsd: 0,
      unlocked: 0
    },
    totals: { operatorJoins: 0, operatorExits: 0, validatorJoins: 0, validatorExits: 0, classEntered: new Float64Array(3), classExits: new Float64Array(3), regionExits: zeros() },
    regions: {
      count: R,
      cumulativeOperatorShare: cumulative,
      demandShare: Float64Array.from(p.regions.demandShare, (x) => x / demandTotal),
      latencyMs: Float64Array.from(p.regions.latencyMs.flat()),
      shock: zeros(),
      demand: zeros(),
      onlineCapacity: zeros(),
      onlineCount: zeros(),
      active: zeros(),
      activeEnd: zeros(),
      useful: zeros(),
      overhead: zeros(),
      work: zeros(),
      dropped: zeros(),
      latency: zeros(),
      served: zeros(),
      revenuePerUnit: zeros()
    },
    routing: { totalDemand: 0, totalOverhead: 0, usefulWork: 0, dropped: 0, latencyP50: 0, latencyP99: 0 },
    binUtil: new Float64Array(CAPACITY_BINS),
    binCapacity: new Float64Array(CAPACITY_BINS),
    emissionState: initEmission(p.token.emission),
    slashing: initSlashing(p, Math.max(64, p.operators.initial * 2)),
    operatorStakes: new SortedValues(Math.max(64, p.operators.initial * 2)),
    attackStates: [],
    attackEffects: initAttackEffects(R),
    governance: initGovernance(),
    scratch: new Float64Array(64)
  }
  let staked = 0
  for (let i = 0; i < p.operators.initial; i++) {
    const stake = drawOperator(world, p, rng, world.operators.add())
    world.operatorStakes.insert(stake)
    staked += stake
  }
  // A stake distribution from data replaces the drawn stakes (the draws are still made, so the
  // rest of the run's randomness is where it would be) and sets how many validators start.
  const given = p.validators.initialStakes
  for (let i = 0; i < (given.length > 0 ? given.length : p.validators.initial); i++) {
    const slot = world.validators.add()
    const drawn = drawValidator(world, p, rng, slot)
    if (given.length > 0) world.validators.cols.stake[slot] = given[i]!
    staked += given.length > 0 ? given[i]! : drawn
  }
  const float = p.token.initialSupply - p.token.initialTreasury - world.locked - staked
  if (float < 0) {
    throw new Error(
      `initial stakes (${Math.round(staked)} tokens) plus treasury (${p.token.initialTreasury}) and vesting allocations (${world.locked}) exceed token.initialSupply (${p.token.initialSupply}); raise the supply or lower operators.stakePerUnit / validators.stakeMedian`
    )
  }
  world.float = float
  if (p.demand.kind === "agents") {
    const ids = Int32Array.from(demandAgentMetrics, (m) => recorder.id(m.name))
    world.users = initUsers(p.demand.agents, world.regions.demandShare, world.regions.latencyMs, p.routing.serviceMs, (p.demand.series[0] ?? p.demand.feesUsdPerEpoch) / p.demand.feeUsdPerUnit, world.price, rng, ids)
  }
  if (p.operators.relocation.enabled) world.relocation = initRelocation(p.regions.names.length, recorder)
  if (p.coordination.model === "protocol") world.protocol = initProtocol(p, Int32Array.from(protocolMetrics, (m) => recorder.id(m.name)))
  return world
}

/** Sum of every holder's tokens; equals `ledger.supply` when the books balance. */
export const totalHoldings = (world: GpuWorld): number => {
  let sum = world.float + world.treasury + world.locked + world.governance.sybilTokens
  for (const a of world.attackStates) sum += a.tokens
  const o = world.operators
  for (let i = 0; i < o.size; i++) if (o.alive[i] === 1) sum += o.cols.stake[i]! + o.cols.balance[i]!
  const v = world.validators
  for (let i = 0; i < v.size; i++) if (v.alive[i] === 1) sum += v.cols.stake[i]! + v.cols.balance[i]!
  return sum
}
