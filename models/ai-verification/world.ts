/**
 * The ai-verification world: contributors and validators as typed-array tables, the Yuma
 * matrices, this epoch's verdicts and the books the metrics read; `initWorld` builds it from the
 * parameters. Token holders are the contributors (bond + balance), the validators (stake +
 * balance) and the `outside` (tokens outside the network): every transfer moves tokens between
 * them, so their sum is the supply (`totalHoldings`, checked by invariants.ts).
 */
import { deriveSeed, Ledger, Population, type Recorder, Rng, type WorldBase } from "../../src/kit/runtime.ts"
import { YumaScratch } from "../mechanisms/consensus/yuma.ts"
import type { AiVerificationParams as P } from "./params.ts"

export const ContributorColumns = { quality: Float64Array, poisoned: Uint8Array, stake: Float64Array, balance: Float64Array } as const
/** kind: 0 honest, 1 lazy, 2 colluding. */
export const ValidatorColumns = { stake: Float64Array, kind: Uint8Array, balance: Float64Array, cost: Float64Array, reward: Float64Array, trust: Float64Array, slashed: Float64Array, faults: Uint32Array } as const
export const HONEST = 0
export const LAZY = 1
export const COLLUDING = 2

export interface VerificationWorld extends WorldBase {
  readonly contributors: Population<typeof ContributorColumns>
  readonly validators: Population<typeof ValidatorColumns>
  /** Tokens outside the network (bonds are bought from here). */
  outside: number
  /** Cumulative stake of validators 0..i, for draws by stake. */
  readonly cumulativeStake: Float64Array
  /** Validators' last score of each contributor (rows validators), yuma. */
  readonly scores: Float64Array
  readonly weights: Float64Array
  bonds: Float64Array | undefined
  /** Consensus of the last `copyDelay` epochs, a ring of rows (what lazy validators copy). */
  readonly published: Float64Array
  readonly copyDelay: number
  readonly scratch: YumaScratch
  /** Per contributor this epoch: 1 accepted, 0 rejected; and its share of the miner pool. */
  readonly accepted: Uint8Array
  readonly minerWeight: Float64Array
  /** Per validator this epoch: share of the validator pool. */
  readonly validatorShare: Float64Array
  checks: number
  verificationCost: number
  slashedTotal: number
  /** The poisoning attacker's books (USD) and first detection. */
  poisonCost: number
  poisonRevenue: number
  poisonDetectedAt: number
  honestProfitEpoch: number
  rewardPerAccepted: number
  poisonSubmitted: number
  poisonAccepted: number
  /** Tokens the poisoners paid the cartel so far. */
  cartelTake: number
  /** Audits' own random stream (see init). */
  readonly auditRng: Rng
  /** yuma: 1 where validator i has set a score for contributor j (rows validators); a weight from the untouched prior is not a verdict. */
  readonly scored: Uint8Array
  /** Whether the audit metrics are declared (auditRate > 0 at the start, see paramMetrics). */
  readonly recordsAudits: boolean
  /** This epoch: verdicts audited, faults proven, what the audits cost (USD). */
  audits: number
  auditFaults: number
  auditCost: number
  /** Faults proven on honest validators so far (their noise let bad work through). */
  honestFaults: number
  /** Per validator kind (HONEST, LAZY, COLLUDING): stake at epoch 0, stake slashed by audits so far. */
  readonly initialStakeByKind: Float64Array
  readonly validatorSlashedByKind: Float64Array
  /** Epoch an audit first caught a colluding validator; NaN before. */
  cartelDetectedAt: number
}

const bits = new DataView(new ArrayBuffer(8))
/** Tag of the audit stream in deriveSeed. */
const AUDIT_STREAM = 0xa0d17
export const initWorld = (p: P, rng: Rng, recorder: Recorder): VerificationWorld => {
  const n = p.contributors.count
  const v = p.validators.count
  const contributors = new Population(ContributorColumns, n)
  const poisoners = Math.round(n * p.contributors.poisonedShare)
  let bonded = 0
  for (let j = 0; j < n; j++) {
    const s = contributors.add()
    // Poisoners spread evenly over the index range, so no position is special.
    const poisoned = poisoners > 0 && Math.floor(((j + 1) * poisoners) / n) !== Math.floor((j * poisoners) / n)
    contributors.cols.poisoned[s] = poisoned ? 1 : 0
    contributors.cols.quality[s] = poisoned ? p.contributors.poisonQuality : rng.uniform(p.contributors.qualityMin, p.contributors.qualityMax)
    contributors.cols.stake[s] = p.contributors.bond
    bonded += p.contributors.bond
  }
  const validators = new Population(ValidatorColumns, v)
  const raw = new Float64Array(v)
  let sum = 0
  for (let i = 0; i < v; i++) sum += raw[i] = rng.pareto(1, p.validators.stakeAlpha)
  // Sorted descending, so "largest first" and "smallest first" are well defined.
  raw.sort().reverse()
  const lazy = Math.round(v * p.validators.lazyShare)
  const colluding = Math.min(v - lazy, Math.round(v * p.validators.colludingShare))
  const cumulativeStake = new Float64Array(v)
  const initialStakeByKind = new Float64Array(3)
  let cum = 0
  for (let i = 0; i < v; i++) {
    const s = validators.add()
    validators.cols.stake[s] = (raw[i]! / sum) * p.validators.totalStake
    validators.cols.kind[s] = i < colluding ? COLLUDING : i >= v - lazy ? LAZY : HONEST
    initialStakeByKind[validators.cols.kind[s]!] = initialStakeByKind[validators.cols.kind[s]!]! + validators.cols.stake[s]!
    cum += validators.cols.stake[s]!
    cumulativeStake[s] = cum
  }
  // The audit stream is seeded from the run's own draws (the stakes' sum) instead of taken from
  // the run's generator, which would shift every later draw even with audits off.
  bits.setFloat64(0, sum)
  const auditRng = new Rng(deriveSeed(bits.getUint32(0) ^ bits.getUint32(4), AUDIT_STREAM))
  const outside = p.token.initialSupply - bonded - p.validators.totalStake
  if (outside < 0) throw new Error(`token.initialSupply ${p.token.initialSupply} is less than the bonds and stake at epoch 0 (${bonded + p.validators.totalStake})`)
  const scores = new Float64Array(v * n).fill(0.5)
  return {
    epoch: 0,
    ledger: new Ledger(p.token.initialSupply),
    recorder,
    contributors,
    validators,
    outside,
    cumulativeStake,
    scores,
    weights: new Float64Array(v * n),
    bonds: undefined,
    published: new Float64Array(n * p.validators.copyDelay).fill(1 / n),
    copyDelay: p.validators.copyDelay,
    scratch: new YumaScratch(v, n),
    accepted: new Uint8Array(n),
    minerWeight: new Float64Array(n),
    validatorShare: new Float64Array(v),
    checks: 0,
    verificationCost: 0,
    slashedTotal: 0,
    poisonCost: 0,
    poisonRevenue: 0,
    poisonDetectedAt: Number.NaN,
    honestProfitEpoch: 0,
    rewardPerAccepted: 0,
    poisonSubmitted: 0,
    poisonAccepted: 0,
    cartelTake: 0,
    auditRng,
    scored: new Uint8Array(v * n),
    recordsAudits: p.verification.auditRate > 0,
    audits: 0,
    auditFaults: 0,
    auditCost: 0,
    honestFaults: 0,
    initialStakeByKind,
    validatorSlashedByKind: new Float64Array(3),
    cartelDetectedAt: Number.NaN
  }
}

/** Every token is held by a contributor, a validator or the outside. */
export const totalHoldings = (w: VerificationWorld): number => {
  let held = w.outside
  const c = w.contributors
  for (let j = 0; j < c.size; j++) held += c.cols.stake[j]! + c.cols.balance[j]!
  const v = w.validators
  for (let i = 0; i < v.size; i++) held += v.cols.stake[i]! + v.cols.balance[i]!
  return held
}
