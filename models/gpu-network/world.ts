/**
 * The gpu-network world: operator and validator tables, market state and the token ledger.
 *
 * Token holders are the operators (stake + liquid balance), the validators (stake + balance),
 * the treasury, and the `float`: tokens held outside the network (exchanges, investors). Every
 * transfer moves tokens between these, so their sum always equals `ledger.supply`.
 */
import { Ledger } from "../../src/engine/Ledger.ts"
import type { WorldBase } from "../../src/engine/Model.ts"
import { Population } from "../../src/engine/Population.ts"
import type { Recorder } from "../../src/engine/Recorder.ts"
import type { Rng } from "../../src/engine/Rng.ts"
import type { GpuNetworkParams } from "./params.ts"

export const OperatorColumns = {
  capacity: Float64Array,
  costUsd: Float64Array,
  uptime: Float64Array,
  patience: Uint32Array,
  lossStreak: Uint32Array,
  stake: Float64Array,
  balance: Float64Array,
  /** Capacity actually served this epoch (0 when offline). */
  served: Float64Array,
  profitUsd: Float64Array,
  joinedEpoch: Uint32Array
} as const

export const ValidatorColumns = {
  stake: Float64Array,
  balance: Float64Array,
  costUsd: Float64Array,
  patience: Uint32Array,
  lossStreak: Uint32Array,
  joinedEpoch: Uint32Array
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
}

/** Counts since epoch 0. */
export interface Totals {
  operatorJoins: number
  operatorExits: number
  validatorJoins: number
  validatorExits: number
}

export interface GpuWorld extends WorldBase {
  readonly operators: Population<typeof OperatorColumns>
  readonly validators: Population<typeof ValidatorColumns>
  price: number
  /** Exponential moving average of the price: what prospective participants value tokens at. */
  referencePrice: number
  feesUsd: number
  /** Tokens held outside the network. */
  float: number
  treasury: number
  /** Capacity served last epoch, for entrants' profit expectations. */
  lastServedCapacity: number
  /** Emission paid to operators last epoch. */
  lastOperatorEmission: number
  lastValidatorEmission: number
  /** This epoch's emission, split into the pools paid out by the operator and validator systems. */
  operatorPool: number
  validatorPool: number
  readonly flows: Flows
  readonly totals: Totals
  /** Scratch buffer for sorting stakes (decentralization metrics). */
  scratch: Float64Array
}

const uniform = (rng: Rng, r: { readonly min: number; readonly max: number }) => rng.uniform(r.min, r.max)

/** Draw a new operator's attributes into `slot`; returns the tokens it stakes. */
export const drawOperator = (world: GpuWorld, p: GpuNetworkParams, rng: Rng, slot: number): number => {
  const o = world.operators.cols
  const op = p.operators
  const cap = Math.min(op.capacityMax, rng.pareto(op.capacityMin, op.capacityAlpha))
  o.capacity[slot] = cap
  o.costUsd[slot] = cap * rng.logNormal(op.costPerUnitUsd, op.costSigma) + op.fixedCostUsd
  o.uptime[slot] = uniform(rng, op.uptime)
  o.patience[slot] = Math.round(uniform(rng, op.patience))
  o.lossStreak[slot] = 0
  o.stake[slot] = cap * op.stakePerUnit
  o.balance[slot] = 0
  o.joinedEpoch[slot] = world.epoch
  return o.stake[slot]!
}

/** Draw a new validator's attributes into `slot`; returns the tokens it stakes. */
export const drawValidator = (world: GpuWorld, p: GpuNetworkParams, rng: Rng, slot: number): number => {
  const v = world.validators.cols
  const vp = p.validators
  v.stake[slot] = rng.logNormal(vp.stakeMedian, vp.stakeSigma)
  v.balance[slot] = 0
  v.costUsd[slot] = vp.costUsd
  v.patience[slot] = Math.round(uniform(rng, vp.patience))
  v.lossStreak[slot] = 0
  v.joinedEpoch[slot] = world.epoch
  return v.stake[slot]!
}

/** Build the world at epoch 0: initial populations staked out of the initial supply. */
export const initWorld = (p: GpuNetworkParams, rng: Rng, recorder: Recorder): GpuWorld => {
  const world: GpuWorld = {
    epoch: 0,
    ledger: new Ledger(p.token.initialSupply),
    recorder,
    operators: new Population(OperatorColumns, Math.max(64, p.operators.initial * 2)),
    validators: new Population(ValidatorColumns, Math.max(64, p.validators.initial * 2)),
    price: p.market.initialPrice,
    referencePrice: p.market.initialPrice,
    feesUsd: p.demand.feesUsdPerEpoch,
    float: 0,
    treasury: p.token.initialTreasury,
    lastServedCapacity: 0,
    lastOperatorEmission: 0,
    lastValidatorEmission: 0,
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
      operatorProfitUsd: 0
    },
    totals: { operatorJoins: 0, operatorExits: 0, validatorJoins: 0, validatorExits: 0 },
    scratch: new Float64Array(64)
  }
  let staked = 0
  for (let i = 0; i < p.operators.initial; i++) staked += drawOperator(world, p, rng, world.operators.add())
  for (let i = 0; i < p.validators.initial; i++) staked += drawValidator(world, p, rng, world.validators.add())
  const float = p.token.initialSupply - p.token.initialTreasury - staked
  if (float < 0) {
    throw new Error(
      `initial stakes (${Math.round(staked)} tokens) plus treasury (${p.token.initialTreasury}) exceed token.initialSupply (${p.token.initialSupply}); raise the supply or lower operators.stakePerUnit / validators.stakeMedian`
    )
  }
  world.float = float
  return world
}

/** Sum of every holder's tokens; equals `ledger.supply` when the books balance. */
export const totalHoldings = (world: GpuWorld): number => {
  let sum = world.float + world.treasury
  const o = world.operators
  for (let i = 0; i < o.size; i++) if (o.alive[i] === 1) sum += o.cols.stake[i]! + o.cols.balance[i]!
  const v = world.validators
  for (let i = 0; i < v.size; i++) if (v.alive[i] === 1) sum += v.cols.stake[i]! + v.cols.balance[i]!
  return sum
}
