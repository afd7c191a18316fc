/**
 * The gpu-network world: operator and validator tables, market state and the token ledger.
 *
 * Token holders are the operators (stake + liquid balance), the validators (stake + balance),
 * the treasury, and the `outside`: tokens held outside the network (exchanges, investors). Every
 * transfer moves tokens between these, so their sum always equals `ledger.supply`.
 *
 * The types live here; initWorld.ts builds the world at epoch 0 and draw.ts draws participants.
 */
import type { Population, WorldBase } from "../../src/kit/runtime.ts"
import type { SortedValues } from "../common/SortedValues.ts"
import type { EmissionState } from "./systems/emission/state.ts"
import type { AttackEffects, AttackState } from "./systems/attacks/state.ts"
import type { GovernanceState } from "./systems/governance/state.ts"
import type { SlashingState } from "./systems/slashing/state.ts"
import type { UsersState } from "./demand/demandAgents.ts"
import type { ProtocolState } from "./coordination/protocolRouting.ts"
import type { RelocationState } from "./participation/relocation.ts"

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
  outside: number
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

/** Sum of every holder's tokens; equals `ledger.supply` when the books balance. */
export const totalHoldings = (world: GpuWorld): number => {
  let sum = world.outside + world.treasury + world.locked + world.governance.sybilTokens
  for (const a of world.attackStates) sum += a.tokens
  const o = world.operators
  for (let i = 0; i < o.size; i++) if (o.alive[i] === 1) sum += o.cols.stake[i]! + o.cols.balance[i]!
  const v = world.validators
  for (let i = 0; i < v.size; i++) if (v.alive[i] === 1) sum += v.cols.stake[i]! + v.cols.balance[i]!
  return sum
}
