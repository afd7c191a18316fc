/**
 * ai-verification: verifying AI work is probabilistic, and that is where it is attacked.
 *
 * Contributors submit one unit of work per epoch: honest work has a true quality in [0, 1];
 * poisoned work has a low quality but costs little to make. Validators check work with noisy
 * accuracy (observed = quality + noise) at a cost, under one of four strategies:
 *   none        everything is accepted and paid alike;
 *   spot-check  a share `rate` of contributions is checked by one validator (drawn by stake);
 *   redundant   a share `rate` is checked by `redundancy` validators, stake-weighted majority;
 *   yuma        every validator re-scores a share `rate` of contributors, keeps its last score
 *               for the rest, and sets weights; Yuma consensus (models/mechanisms/consensus)
 *               pays miners by incentive and validators by dividends.
 * Rejected work is not paid and its contributor's bond is slashed (burned): a false positive
 * when the work was honest. Lazy validators never verify (accept what they are given; under
 * yuma they copy the last published consensus); colluding validators pass poison.
 *
 * Audits (`verification.auditRate` > 0) check the checkers: a share of the validators' verdicts
 * has its truth revealed exactly, and each accept of work under the threshold is a proven fault
 * slashing `validatorSlashFraction` of the validator's stake (burned, compounding per fault).
 * Audits draw from a stream of their own, so with audits off the run is bit-identical to a model
 * without them, and with audits on the other draws stay those of the same seed until stakes move.
 *
 * Poisoners are one attacker: `attack.poisoning.*` metrics give its cumulative cost, profit,
 * success (profit > 0) and the epoch one of its contributions was first rejected; the colluding
 * validators are another (`attack.cartel.*`), detected when an audit first catches one of them.
 */
import { defineRuntime, deriveSeed, Ledger, type MetricDef, Population, type Recorder, Rng, system, type WorldBase } from "../../src/kit/runtime.ts"
import { YumaScratch, yumaEpochFlat } from "../mechanisms/consensus/yuma.ts"
import { verificationSlash } from "../mechanisms/slashing/destination.ts"
import type { AiVerificationParams as P } from "./params.ts"

const ContributorColumns = { quality: Float64Array, poisoned: Uint8Array, stake: Float64Array, balance: Float64Array } as const
/** kind: 0 honest, 1 lazy, 2 colluding. */
const ValidatorColumns = { stake: Float64Array, kind: Uint8Array, balance: Float64Array, cost: Float64Array, reward: Float64Array, trust: Float64Array, slashed: Float64Array, faults: Uint32Array } as const
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

export const verificationMetrics = [
  { name: "poisonedAccepted", description: "Poisoned contributions accepted (and paid) this epoch." },
  { name: "poisonedAcceptedShare", description: "Share of poisoned contributions accepted this epoch." },
  { name: "poisonAcceptanceRate", description: "Share of all poisoned contributions so far that were accepted (cumulative)." },
  { name: "honestRejected", description: "Honest contributions wrongly rejected and slashed this epoch (false positives)." },
  { name: "honestRejectedShare", description: "Share of honest contributions wrongly rejected this epoch." },
  { name: "checks", description: "Quality checks validators performed this epoch." },
  { name: "verificationCost", description: "What validators spent on checks this epoch, plus the audits' cost (auditCost), USD." },
  { name: "verificationCostPerWork", description: "Verification cost (checks and audits) per unit of work submitted, USD." },
  { name: "outputQuality", description: "Reward-weighted mean true quality of the work paid for (what the network buys)." },
  { name: "rewardPerContribution", description: "Tokens paid per accepted contribution this epoch (mean)." },
  { name: "honestContributorProfit", description: "Mean profit of an honest contributor this epoch, USD (reward - cost - slashed)." },
  { name: "poisonBreakevenRate", description: "spot-check / redundant: the check rate above which poisoning loses money in expectation at this epoch's reward (1: no rate stops it); NaN for other strategies." },
  { name: "validatorTrustHonest", description: "yuma: mean validator trust (share of weight inside consensus) of honest validators." },
  { name: "validatorTrustLazy", description: "yuma: mean validator trust of lazy validators (NaN without any)." },
  { name: "lazyStakeShare", description: "Share of validator stake held by lazy validators." },
  { name: "lazyRewardShare", description: "Share of this epoch's validator rewards paid to lazy validators." },
  { name: "lazyReturnRatio", description: "Lazy validators' cumulative net return (rewards - check costs - stake slashed by audits) per token staked at epoch 0 over honest validators' (1: laziness pays as well as verifying)." },
  { name: "colludingStakeShare", description: "Share of validator stake held by colluding validators." },
  { name: "supply", description: "Token supply." },
  { name: "slashedTotal", description: "Tokens slashed from contributors so far (burned)." },
  { name: "attack.poisoning.cost", description: "Poisoners' cumulative cost, USD: making poison and the bonds slashed." },
  { name: "attack.poisoning.profit", description: "Poisoners' cumulative rewards minus cost, USD." },
  { name: "attack.poisoning.success", description: "1 while poisoning has paid (cumulative profit > 0)." },
  { name: "attack.poisoning.detectedEpoch", description: "Epoch a poisoned contribution was first rejected; NaN before." },
  { name: "attack.cartel.cost", description: "Colluding validators' cumulative verification cost plus their stake slashed by audits, USD (NaN without a cartel)." },
  { name: "attack.cartel.profit", description: "Colluding validators' cumulative cut of the poisoners' rewards minus their cost, USD." },
  { name: "attack.cartel.success", description: "1 while the cartel gets most poison accepted (cumulative acceptance > 1/2)." },
  { name: "attack.cartel.detectedEpoch", description: "Epoch an audit first proved a colluding validator's fault (verification.auditRate > 0); NaN before, and always without audits." }
] as const satisfies ReadonlyArray<MetricDef>
type MetricName = (typeof verificationMetrics)[number]["name"]
const M = Object.fromEntries(verificationMetrics.map((m, i) => [m.name, i])) as Record<MetricName, number>

/** Declared only when audits are on, so runs without them keep their exact output. */
export const auditMetrics = [
  { name: "audits", description: "Validators' verdicts audited this epoch." },
  { name: "auditFaults", description: "Audited verdicts proven faulty this epoch: work of true quality under the threshold accepted." },
  { name: "auditCost", description: "What this epoch's audits cost, USD (included in verificationCost)." },
  { name: "auditFaultsHonest", description: "Faults proven on honest validators so far: their noise let bad work through (false negatives), a cost of the rule." },
  { name: "validatorSlashedTotal", description: "Tokens slashed from validators by audits so far (burned)." },
  { name: "validatorSlashedHonest", description: "Tokens slashed from honest validators by audits so far." },
  { name: "validatorSlashedLazy", description: "Tokens slashed from lazy validators by audits so far." },
  { name: "validatorSlashedColluding", description: "Tokens slashed from colluding validators by audits so far." },
  { name: "validatorSlashedShareHonest", description: "Tokens slashed from honest validators so far per token they staked at epoch 0." },
  { name: "validatorSlashedShareLazy", description: "Tokens slashed from lazy validators so far per token they staked at epoch 0 (NaN without any)." },
  { name: "validatorSlashedShareColluding", description: "Tokens slashed from colluding validators so far per token they staked at epoch 0 (NaN without any)." }
] as const satisfies ReadonlyArray<MetricDef>
type AuditMetricName = (typeof auditMetrics)[number]["name"]
const A = Object.fromEntries(auditMetrics.map((m, i) => [m.name, verificationMetrics.length + i])) as Record<AuditMetricName, number>

const bits = new DataView(new ArrayBuffer(8))
/** Tag of the audit stream in deriveSeed. */
const AUDIT_STREAM = 0xa0d17

const init = (p: P, rng: Rng, recorder: Recorder): VerificationWorld => {
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

/** Honest contributors' quality drifts: a share is redrawn each epoch. */
const drift = system<VerificationWorld, P>("drift", (w, p, rng) => {
  const c = w.contributors
  if (p.contributors.drift <= 0) return
  for (let j = 0; j < c.size; j++) {
    if (c.cols.poisoned[j] === 1 || !(rng.next() < p.contributors.drift)) continue
    c.cols.quality[j] = rng.uniform(p.contributors.qualityMin, p.contributors.qualityMax)
  }
})

/** A validator drawn with probability proportional to its stake (uniformly once audits slashed all stake away). */
const drawValidator = (w: VerificationWorld, rng: Rng): number => {
  const cum = w.cumulativeStake
  const total = cum[cum.length - 1]!
  if (!(total > 0)) return Math.min(cum.length - 1, Math.floor(rng.next() * cum.length))
  const x = rng.next() * total
  let lo = 0
  let hi = cum.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (cum[mid]! > x) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** What validator i observes of contributor j's work, paying for the check. */
const observe = (w: VerificationWorld, p: P, rng: Rng, i: number, j: number): number => {
  w.checks++
  w.verificationCost += p.validators.checkCost
  w.validators.cols.cost[i] = w.validators.cols.cost[i]! + p.validators.checkCost
  return w.contributors.cols.quality[j]! + p.validators.noise * rng.normal()
}

/** One validator's verdict on one contribution: true to reject. */
const rejects = (w: VerificationWorld, p: P, rng: Rng, i: number, j: number): boolean => {
  const kind = w.validators.cols.kind[i]
  if (kind === LAZY) return false
  if (kind === COLLUDING && w.contributors.cols.poisoned[j] === 1) return false
  return observe(w, p, rng, i, j) < p.verification.threshold
}

const stakeShares = (w: VerificationWorld) => {
  const total = w.cumulativeStake[w.cumulativeStake.length - 1]!
  // No stake left (audits slashed it all): validators share by count.
  if (!(total > 0)) w.validatorShare.fill(1 / w.validators.size)
  else for (let i = 0; i < w.validators.size; i++) w.validatorShare[i] = w.validators.cols.stake[i]! / total
}

/** Recompute the cumulative stake validators are drawn by (after audits changed stakes). */
const restake = (w: VerificationWorld) => {
  let cum = 0
  for (let i = 0; i < w.validators.size; i++) {
    cum += w.validators.cols.stake[i]!
    w.cumulativeStake[i] = cum
  }
}

/** An audit of validator i's verdict on contribution j: the truth is revealed; accepting work under the threshold is a fault. */
const auditVerdict = (w: VerificationWorld, p: P, i: number, j: number, accepted: boolean) => {
  w.audits++
  w.auditCost += p.verification.auditCost
  w.verificationCost += p.verification.auditCost
  if (accepted && w.contributors.cols.quality[j]! < p.verification.threshold) w.validators.cols.faults[i] = w.validators.cols.faults[i]! + 1
}

/** Verification: which work is accepted, how the miner and validator pools are shared. */
const verify = system<VerificationWorld, P>("verify", (w, p, rng) => {
  const c = w.contributors
  const n = c.size
  const vp = p.verification
  w.checks = 0
  w.verificationCost = 0
  w.audits = 0
  w.auditFaults = 0
  w.auditCost = 0
  w.accepted.fill(1)
  w.minerWeight.fill(1)
  stakeShares(w)
  if (vp.strategy === "spot-check" || vp.strategy === "redundant") {
    const k = vp.strategy === "spot-check" ? 1 : vp.redundancy
    const audited = vp.auditRate > 0
    for (let j = 0; j < n; j++) {
      if (!(rng.next() < vp.rate)) continue
      let against = 0
      let total = 0
      for (let r = 0; r < k; r++) {
        const i = drawValidator(w, rng)
        const s = w.validators.cols.stake[i]!
        total += s
        const no = rejects(w, p, rng, i, j)
        if (no) against += s
        // Each verdict (a lazy validator's unexamined accept too) is audited with chance auditRate.
        if (audited && w.auditRng.next() < vp.auditRate) auditVerdict(w, p, i, j, !no)
      }
      if (against > total / 2) {
        w.accepted[j] = 0
        w.minerWeight[j] = 0
      }
    }
  } else if (vp.strategy === "yuma") {
    yumaRound(w, p, rng)
  }
})

const yumaRound = (w: VerificationWorld, p: P, rng: Rng) => {
  const c = w.contributors
  const vals = w.validators
  const n = c.size
  const v = vals.size
  const { scores, weights, published, scored } = w
  const threshold = p.verification.threshold
  // The ring row written `copyDelay` epochs ago: the newest consensus copiers can see.
  const visible = (w.epoch % w.copyDelay) * n
  for (let i = 0; i < v; i++) {
    const kind = vals.cols.kind[i]
    const row = i * n
    if (kind === LAZY) {
      // Copies the newest consensus it can see: no checks, no cost.
      for (let j = 0; j < n; j++) weights[row + j] = published[visible + j]!
      continue
    }
    for (let j = 0; j < n; j++) {
      if (kind === COLLUDING && c.cols.poisoned[j] === 1) {
        scores[row + j] = 1
        scored[row + j] = 1
      } else if (rng.next() < p.verification.rate) {
        scores[row + j] = Math.min(1, Math.max(0, observe(w, p, rng, i, j)))
        scored[row + j] = 1
      }
      const s = scores[row + j]!
      weights[row + j] = s < threshold ? 0 : s
    }
  }
  const y = p.yuma
  const out = yumaEpochFlat(
    vals.cols.stake.subarray(0, v),
    weights,
    v,
    n,
    {
      kappa: y.kappa,
      bondsPenalty: y.bondsPenalty,
      alpha: y.alpha,
      yuma3: y.yuma3,
      ...(y.yuma3 && y.liquidAlpha ? { liquidAlpha: { low: y.alphaLow, high: y.alphaHigh, steepness: y.steepness } } : {})
    },
    w.bonds,
    w.scratch
  )
  w.bonds = out.bonds
  published.set(out.consensus, visible)
  const floor = y.rejectShare / n
  for (let j = 0; j < n; j++) {
    const inc = out.incentive[j]!
    if (inc < floor) {
      w.accepted[j] = 0
      w.minerWeight[j] = 0
    } else w.minerWeight[j] = inc
  }
  let div = 0
  for (let i = 0; i < v; i++) div += out.dividends[i]!
  if (div > 0) w.validatorShare.set(out.dividends)
  for (let i = 0; i < v; i++) vals.cols.trust[i] = out.validatorTrust[i]!
}

/** Emission pays accepted work and validators; rejected work's bond is slashed and re-bought. */
const pay = system<VerificationWorld, P>("pay", (w, p) => {
  const c = w.contributors
  const vals = w.validators
  const price = p.token.price
  let weightSum = 0
  for (let j = 0; j < c.size; j++) if (w.accepted[j] === 1) weightSum += w.minerWeight[j]!
  const minerPool = weightSum > 0 ? p.token.emissionPerEpoch * p.token.minerShare : 0
  let colludingStake = 0
  for (let i = 0; i < vals.size; i++) if (vals.cols.kind[i] === COLLUDING) colludingStake += vals.cols.stake[i]!
  const validatorPool = p.token.emissionPerEpoch * (1 - p.token.minerShare)
  w.ledger.mint(minerPool + validatorPool)
  let accepted = 0
  let honestProfit = 0
  let honest = 0
  for (let j = 0; j < c.size; j++) {
    const poisoned = c.cols.poisoned[j] === 1
    let reward = 0
    let slashed = 0
    let rebond = 0
    if (w.accepted[j] === 1) {
      accepted++
      // Accepted with zero weight (Yuma with rejectShare 0): nothing to share, nothing paid.
      reward = weightSum > 0 ? (minerPool * w.minerWeight[j]!) / weightSum : 0
      c.cols.balance[j] = c.cols.balance[j]! + reward
    } else {
      slashed = verificationSlash(c.cols.stake[j]!, 1, p.verification.slashFraction)
      c.cols.stake[j] = c.cols.stake[j]! - slashed
      w.ledger.burn(slashed, true)
      w.slashedTotal += slashed
      if (poisoned && Number.isNaN(w.poisonDetectedAt)) w.poisonDetectedAt = w.epoch
      if (c.cols.stake[j]! < p.contributors.bond / 2) {
        rebond = Math.min(w.outside, p.contributors.bond - c.cols.stake[j]!)
        w.outside -= rebond
        c.cols.stake[j] = c.cols.stake[j]! + rebond
      }
    }
    const cost = poisoned ? p.contributors.poisonCost : p.contributors.cost
    if (poisoned && reward > 0 && colludingStake > 0 && p.validators.cartelCut > 0) {
      // The poisoner pays the cartel its cut for passing the work (a token transfer).
      const cut = reward * p.validators.cartelCut
      c.cols.balance[j] = c.cols.balance[j]! - cut
      for (let i = 0; i < vals.size; i++) {
        if (vals.cols.kind[i] !== COLLUDING) continue
        const share = (cut * vals.cols.stake[i]!) / colludingStake
        vals.cols.balance[i] = vals.cols.balance[i]! + share
        vals.cols.reward[i] = vals.cols.reward[i]! + share
      }
      w.cartelTake += cut
      reward -= cut
    }
    if (poisoned) {
      // Re-bonding turns the attacker's dollars into tokens it still holds: not a cost; the
      // slashed tokens are.
      w.poisonCost += cost + slashed * price
      w.poisonRevenue += reward * price
    } else {
      honest++
      honestProfit += reward * price - cost - slashed * price
    }
  }
  w.honestProfitEpoch = honest > 0 ? honestProfit / honest : Number.NaN
  w.rewardPerAccepted = accepted > 0 ? minerPool / accepted : 0
  for (let i = 0; i < vals.size; i++) {
    const r = validatorPool * w.validatorShare[i]!
    vals.cols.balance[i] = vals.cols.balance[i]! + r
    vals.cols.reward[i] = vals.cols.reward[i]! + r
  }
})

/**
 * yuma: audit a share auditRate of the (validator, contributor) weights set this epoch. A weight
 * is a verdict when it comes from a score the validator set (checked, or a colluder's full
 * weight on poison) or was copied (a lazy validator claims every weight it copies); a weight
 * from the untouched 0.5 prior of a contributor it never scored is none. A positive weight is
 * an accept. Cells are sampled by geometric skips, so the draws scale with the audits made.
 */
const auditWeights = (w: VerificationWorld, p: P) => {
  const n = w.contributors.size
  const cells = w.validators.size * n
  const a = p.verification.auditRate
  const rng = w.auditRng
  // Gap to the next sampled cell: Geometric(a) failures before a success (0 at a = 1).
  const logMiss = Math.log1p(-a)
  const gap = () => (a >= 1 ? 0 : Math.floor(Math.log(1 - rng.next()) / logMiss))
  for (let k = gap(); k < cells; k += 1 + gap()) {
    const i = Math.floor(k / n)
    if (w.validators.cols.kind[i] !== LAZY && w.scored[k] !== 1) continue
    auditVerdict(w, p, i, k - i * n, w.weights[k]! > 0)
  }
}

/**
 * Audits: each fault proven this epoch slashes `validatorSlashFraction` of the validator's
 * stake, compounding (`verificationSlash`), burned; validators are drawn by the new stakes from
 * the next epoch. Runs after pay, so this epoch's rewards went by the stakes that verified it.
 */
const audit = system<VerificationWorld, P>("audit", (w, p) => {
  const vp = p.verification
  if (!(vp.auditRate > 0)) return
  if (vp.strategy === "yuma") auditWeights(w, p)
  const vals = w.validators
  let changed = false
  for (let i = 0; i < vals.size; i++) {
    const faults = vals.cols.faults[i]!
    if (faults === 0) continue
    vals.cols.faults[i] = 0
    const kind = vals.cols.kind[i]!
    w.auditFaults += faults
    if (kind === HONEST) w.honestFaults += faults
    if (kind === COLLUDING && Number.isNaN(w.cartelDetectedAt)) w.cartelDetectedAt = w.epoch
    const slashed = verificationSlash(vals.cols.stake[i]!, faults, vp.validatorSlashFraction)
    if (!(slashed > 0)) continue
    vals.cols.stake[i] = vals.cols.stake[i]! - slashed
    vals.cols.slashed[i] = vals.cols.slashed[i]! + slashed
    w.validatorSlashedByKind[kind] = w.validatorSlashedByKind[kind]! + slashed
    w.ledger.burn(slashed, true)
    changed = true
  }
  if (changed) restake(w)
})

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 on erf; |error| < 1.5e-7). */
const normalCdf = (x: number): number => {
  const z = Math.abs(x) / Math.SQRT2
  const t = 1 / (1 + 0.3275911 * z)
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z)
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf)
}

/**
 * The check rate r* above which a poisoned contribution loses money in expectation:
 * (1 - r q) R - c - r q S = 0 with q the chance a selected contribution is rejected, R the reward,
 * c the cost of poison, S the slashed bond (USD): r* = (R - c) / (q (R + S)).
 */
export const poisonBreakeven = (p: P, w: VerificationWorld): number => {
  const vp = p.verification
  if (vp.strategy !== "spot-check" && vp.strategy !== "redundant") return Number.NaN
  const vals = w.validators
  let honestStake = 0
  for (let i = 0; i < vals.size; i++) if (vals.cols.kind[i] === HONEST) honestStake += vals.cols.stake[i]!
  const h = honestStake / w.cumulativeStake[w.cumulativeStake.length - 1]!
  const noise = p.validators.noise
  const diff = vp.threshold - p.contributors.poisonQuality
  const d = noise > 0 ? normalCdf(diff / noise) : diff > 0 ? 1 : 0
  const single = h * d
  let q = single
  if (vp.strategy === "redundant") {
    // Majority of k independent checks (by count; the model weighs by stake).
    const k = vp.redundancy
    q = 0
    let binom = 1
    for (let i = 0; i <= k; i++) {
      if (i > 0) binom = (binom * (k - i + 1)) / i
      if (i > k / 2) q += binom * single ** i * (1 - single) ** (k - i)
    }
  }
  const R = w.rewardPerAccepted * p.token.price
  const c = p.contributors.poisonCost
  if (R <= c) return 0
  // The bond a rejection slashes: a share of the poisoners' current stake (it falls after each
  // slash until re-bonded under half the bond).
  let stake = 0
  let poisoners = 0
  const c2 = w.contributors
  for (let j = 0; j < c2.size; j++) {
    if (c2.cols.poisoned[j] !== 1) continue
    stake += c2.cols.stake[j]!
    poisoners++
  }
  const S = p.verification.slashFraction * (poisoners > 0 ? stake / poisoners : p.contributors.bond) * p.token.price
  if (q <= 0) return 1
  return Math.min(1, (R - c) / (q * (R + S)))
}

const metrics = system<VerificationWorld, P>("metrics", (w, p) => {
  const r = w.recorder
  const c = w.contributors
  let poisoned = 0
  let poisonedAccepted = 0
  let honestRejected = 0
  let quality = 0
  let weightSum = 0
  for (let j = 0; j < c.size; j++) {
    const isPoison = c.cols.poisoned[j] === 1
    if (isPoison) poisoned++
    if (w.accepted[j] === 1) {
      if (isPoison) poisonedAccepted++
      quality += w.minerWeight[j]! * c.cols.quality[j]!
      weightSum += w.minerWeight[j]!
    } else if (!isPoison) honestRejected++
  }
  const honest = c.count - poisoned
  w.poisonSubmitted += poisoned
  w.poisonAccepted += poisonedAccepted
  r.set(M.poisonAcceptanceRate, w.poisonSubmitted > 0 ? w.poisonAccepted / w.poisonSubmitted : Number.NaN)
  r.set(M.poisonedAccepted, poisonedAccepted)
  r.set(M.poisonedAcceptedShare, poisoned > 0 ? poisonedAccepted / poisoned : Number.NaN)
  r.set(M.honestRejected, honestRejected)
  r.set(M.honestRejectedShare, honest > 0 ? honestRejected / honest : Number.NaN)
  r.set(M.checks, w.checks)
  r.set(M.verificationCost, w.verificationCost)
  r.set(M.verificationCostPerWork, c.count > 0 ? w.verificationCost / c.count : 0)
  r.set(M.outputQuality, weightSum > 0 ? quality / weightSum : Number.NaN)
  r.set(M.rewardPerContribution, w.rewardPerAccepted)
  r.set(M.honestContributorProfit, w.honestProfitEpoch)
  r.set(M.poisonBreakevenRate, poisonBreakeven(p, w))

  const vals = w.validators
  const price = p.token.price
  let lazyStake = 0
  let honestStake = 0
  let colludingStake = 0
  // Stake at epoch 0 (today's plus what audits slashed): the return is per token put at risk.
  let lazyStaked = 0
  let honestStaked = 0
  let lazyNet = 0
  let honestNet = 0
  let lazyReward = 0
  let allReward = 0
  let trustHonest = 0
  let nHonest = 0
  let trustLazy = 0
  let nLazy = 0
  const pool = p.token.emissionPerEpoch * (1 - p.token.minerShare)
  for (let i = 0; i < vals.size; i++) {
    const s = vals.cols.stake[i]!
    const lost = vals.cols.slashed[i]!
    const net = vals.cols.reward[i]! * price - vals.cols.cost[i]! - lost * price
    const paid = pool * w.validatorShare[i]!
    allReward += paid
    switch (vals.cols.kind[i]) {
      case LAZY:
        lazyStake += s
        lazyStaked += s + lost
        lazyNet += net
        lazyReward += paid
        trustLazy += vals.cols.trust[i]!
        nLazy++
        break
      case HONEST:
        honestStake += s
        honestStaked += s + lost
        honestNet += net
        trustHonest += vals.cols.trust[i]!
        nHonest++
        break
      default:
        colludingStake += s
    }
  }
  const total = w.cumulativeStake[w.cumulativeStake.length - 1]!
  const yuma = p.verification.strategy === "yuma"
  r.set(M.validatorTrustHonest, yuma && nHonest > 0 ? trustHonest / nHonest : Number.NaN)
  r.set(M.validatorTrustLazy, yuma && nLazy > 0 ? trustLazy / nLazy : Number.NaN)
  r.set(M.lazyStakeShare, lazyStake / total)
  r.set(M.lazyRewardShare, allReward > 0 && nLazy > 0 ? lazyReward / allReward : nLazy > 0 ? 0 : Number.NaN)
  // A ratio only reads right when honest validators gain: with losses it would flip sign.
  r.set(M.lazyReturnRatio, nLazy > 0 && honestStaked > 0 && honestNet > 0 ? lazyNet / lazyStaked / (honestNet / honestStaked) : Number.NaN)
  r.set(M.colludingStakeShare, colludingStake / total)
  r.set(M.supply, w.ledger.supply)
  r.set(M.slashedTotal, w.slashedTotal)
  const profit = w.poisonRevenue - w.poisonCost
  r.set(M["attack.poisoning.cost"], w.poisonCost)
  r.set(M["attack.poisoning.profit"], profit)
  r.set(M["attack.poisoning.success"], profit > 0 ? 1 : 0)
  r.set(M["attack.poisoning.detectedEpoch"], w.poisonDetectedAt)
  let cartelCost = 0
  let cartelMembers = 0
  for (let i = 0; i < vals.size; i++) {
    if (vals.cols.kind[i] !== COLLUDING) continue
    cartelCost += vals.cols.cost[i]! + vals.cols.slashed[i]! * price
    cartelMembers++
  }
  // A cartel exists while it has members (audits may slash its stake to nothing).
  const cartel = cartelMembers > 0
  r.set(M["attack.cartel.cost"], cartel ? cartelCost : Number.NaN)
  r.set(M["attack.cartel.profit"], cartel ? w.cartelTake * price - cartelCost : Number.NaN)
  r.set(M["attack.cartel.success"], cartel ? (w.poisonAccepted > 0.5 * w.poisonSubmitted ? 1 : 0) : Number.NaN)
  r.set(M["attack.cartel.detectedEpoch"], w.cartelDetectedAt)
  if (w.recordsAudits) recordAudits(w)
})

const recordAudits = (w: VerificationWorld) => {
  const r = w.recorder
  const slashed = w.validatorSlashedByKind
  const staked = w.initialStakeByKind
  r.set(A.audits, w.audits)
  r.set(A.auditFaults, w.auditFaults)
  r.set(A.auditCost, w.auditCost)
  r.set(A.auditFaultsHonest, w.honestFaults)
  r.set(A.validatorSlashedTotal, slashed[HONEST]! + slashed[LAZY]! + slashed[COLLUDING]!)
  r.set(A.validatorSlashedHonest, slashed[HONEST]!)
  r.set(A.validatorSlashedLazy, slashed[LAZY]!)
  r.set(A.validatorSlashedColluding, slashed[COLLUDING]!)
  r.set(A.validatorSlashedShareHonest, staked[HONEST]! > 0 ? slashed[HONEST]! / staked[HONEST]! : Number.NaN)
  r.set(A.validatorSlashedShareLazy, staked[LAZY]! > 0 ? slashed[LAZY]! / staked[LAZY]! : Number.NaN)
  r.set(A.validatorSlashedShareColluding, staked[COLLUDING]! > 0 ? slashed[COLLUDING]! / staked[COLLUDING]! : Number.NaN)
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

const invariants = (w: VerificationWorld): ReadonlyArray<string> => {
  const problems: Array<string> = []
  const held = totalHoldings(w)
  // Written as !(x <= bound) so a NaN fails the check instead of slipping through.
  if (!(Math.abs(held - w.ledger.supply) <= 1e-9 * Math.max(1, w.ledger.supply))) problems.push(`holdings ${held} != supply ${w.ledger.supply}`)
  if (!(Math.abs(w.ledger.imbalance()) <= 1e-9 * Math.max(1, w.ledger.supply))) problems.push(`ledger imbalance ${w.ledger.imbalance()}`)
  if (!(w.outside >= 0)) problems.push(`negative or NaN outside float ${w.outside}`)
  for (let j = 0; j < w.contributors.size; j++) if (!(w.contributors.cols.stake[j]! >= 0)) problems.push(`contributor ${j} has negative or NaN stake`)
  // Validators are drawn by the cumulative stake: it must mirror the stakes audits leave.
  let cum = 0
  for (let i = 0; i < w.validators.size; i++) {
    const s = w.validators.cols.stake[i]!
    if (!(s >= 0)) problems.push(`validator ${i} has negative or NaN stake`)
    cum += s
    if (!(Math.abs(w.cumulativeStake[i]! - cum) <= 1e-9 * Math.max(1, cum))) problems.push(`cumulative stake of validator ${i} ${w.cumulativeStake[i]} != ${cum}`)
  }
  return problems
}

export const aiVerificationRuntime = defineRuntime<P, VerificationWorld>({
  name: "ai-verification",
  metrics: verificationMetrics,
  paramMetrics: (p) => (p.verification.auditRate > 0 ? auditMetrics : []),
  tunables: ["verification.rate", "verification.slashFraction", "verification.threshold", "token.emissionPerEpoch", "yuma.bondsPenalty", "validators.noise"],
  headline: ["poisonAcceptanceRate", "honestRejectedShare", "verificationCostPerWork", "outputQuality", "attack.poisoning.profit"],
  reportMetrics: ["poisonAcceptanceRate", "honestRejectedShare", "verificationCostPerWork", "outputQuality", "attack.poisoning.profit", "lazyReturnRatio"],
  attacks: () => [
    { name: "poisoning", kind: "data poisoning" },
    { name: "cartel", kind: "colluding validators" }
  ],
  init,
  systems: [drift, verify, pay, audit, metrics],
  invariants
})

export default aiVerificationRuntime
