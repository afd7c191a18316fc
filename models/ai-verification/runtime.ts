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
 * Poisoners are one attacker: `attack.poisoning.*` metrics give its cumulative cost, profit,
 * success (profit > 0) and the epoch one of its contributions was first rejected.
 */
import { Ledger } from "../../src/engine/Ledger.ts"
import { defineRuntime, type WorldBase } from "../../src/engine/Model.ts"
import { system } from "../../src/engine/Pipeline.ts"
import { Population } from "../../src/engine/Population.ts"
import type { MetricDef, Recorder } from "../../src/engine/Recorder.ts"
import type { Rng } from "../../src/engine/Rng.ts"
import { YumaScratch, yumaEpochFlat } from "../mechanisms/consensus/yuma.ts"
import { verificationSlash } from "../mechanisms/slashing/destination.ts"
import type { AiVerificationParams as P } from "./params.ts"

const ContributorColumns = { quality: Float64Array, poisoned: Uint8Array, stake: Float64Array, balance: Float64Array } as const
/** kind: 0 honest, 1 lazy, 2 colluding. */
const ValidatorColumns = { stake: Float64Array, kind: Uint8Array, balance: Float64Array, cost: Float64Array, reward: Float64Array, trust: Float64Array } as const
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
}

export const verificationMetrics = [
  { name: "poisonedAccepted", description: "Poisoned contributions accepted (and paid) this epoch." },
  { name: "poisonedAcceptedShare", description: "Share of poisoned contributions accepted this epoch." },
  { name: "poisonAcceptanceRate", description: "Share of all poisoned contributions so far that were accepted (cumulative)." },
  { name: "honestRejected", description: "Honest contributions wrongly rejected and slashed this epoch (false positives)." },
  { name: "honestRejectedShare", description: "Share of honest contributions wrongly rejected this epoch." },
  { name: "checks", description: "Quality checks validators performed this epoch." },
  { name: "verificationCost", description: "What validators spent on checks this epoch, USD." },
  { name: "verificationCostPerWork", description: "Verification cost per unit of work submitted, USD." },
  { name: "outputQuality", description: "Reward-weighted mean true quality of the work paid for (what the network buys)." },
  { name: "rewardPerContribution", description: "Tokens paid per accepted contribution this epoch (mean)." },
  { name: "honestContributorProfit", description: "Mean profit of an honest contributor this epoch, USD (reward - cost - slashed)." },
  { name: "poisonBreakevenRate", description: "spot-check / redundant: the check rate above which poisoning loses money in expectation at this epoch's reward (1: no rate stops it); NaN for other strategies." },
  { name: "validatorTrustHonest", description: "yuma: mean validator trust (share of weight inside consensus) of honest validators." },
  { name: "validatorTrustLazy", description: "yuma: mean validator trust of lazy validators (NaN without any)." },
  { name: "lazyStakeShare", description: "Share of validator stake held by lazy validators." },
  { name: "lazyRewardShare", description: "Share of this epoch's validator rewards paid to lazy validators." },
  { name: "lazyReturnRatio", description: "Lazy validators' cumulative net return per staked token over honest validators' (1: laziness pays as well as verifying)." },
  { name: "colludingStakeShare", description: "Share of validator stake held by colluding validators." },
  { name: "supply", description: "Token supply." },
  { name: "slashedTotal", description: "Tokens slashed from contributors so far (burned)." },
  { name: "attack.poisoning.cost", description: "Poisoners' cumulative cost, USD: making poison and the bonds slashed." },
  { name: "attack.poisoning.profit", description: "Poisoners' cumulative rewards minus cost, USD." },
  { name: "attack.poisoning.success", description: "1 while poisoning has paid (cumulative profit > 0)." },
  { name: "attack.poisoning.detectedEpoch", description: "Epoch a poisoned contribution was first rejected; NaN before." },
  { name: "attack.cartel.cost", description: "Colluding validators' cumulative verification cost, USD (NaN without a cartel)." },
  { name: "attack.cartel.profit", description: "Colluding validators' cumulative cut of the poisoners' rewards minus their cost, USD." },
  { name: "attack.cartel.success", description: "1 while the cartel gets most poison accepted (cumulative acceptance > 1/2)." },
  { name: "attack.cartel.detectedEpoch", description: "Collusion is not detected in this model (NaN)." }
] as const satisfies ReadonlyArray<MetricDef>
type MetricName = (typeof verificationMetrics)[number]["name"]
const M = Object.fromEntries(verificationMetrics.map((m, i) => [m.name, i])) as Record<MetricName, number>

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
  let cum = 0
  for (let i = 0; i < v; i++) {
    const s = validators.add()
    validators.cols.stake[s] = (raw[i]! / sum) * p.validators.totalStake
    validators.cols.kind[s] = i < colluding ? COLLUDING : i >= v - lazy ? LAZY : HONEST
    cum += validators.cols.stake[s]!
    cumulativeStake[s] = cum
  }
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
    cartelTake: 0
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

/** A validator drawn with probability proportional to its stake. */
const drawValidator = (w: VerificationWorld, rng: Rng): number => {
  const cum = w.cumulativeStake
  const x = rng.next() * cum[cum.length - 1]!
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
  for (let i = 0; i < w.validators.size; i++) w.validatorShare[i] = w.validators.cols.stake[i]! / total
}

/** Verification: which work is accepted, how the miner and validator pools are shared. */
const verify = system<VerificationWorld, P>("verify", (w, p, rng) => {
  const c = w.contributors
  const n = c.size
  const vp = p.verification
  w.checks = 0
  w.verificationCost = 0
  w.accepted.fill(1)
  w.minerWeight.fill(1)
  stakeShares(w)
  if (vp.strategy === "spot-check" || vp.strategy === "redundant") {
    const k = vp.strategy === "spot-check" ? 1 : vp.redundancy
    for (let j = 0; j < n; j++) {
      if (!(rng.next() < vp.rate)) continue
      let against = 0
      let total = 0
      for (let r = 0; r < k; r++) {
        const i = drawValidator(w, rng)
        const s = w.validators.cols.stake[i]!
        total += s
        if (rejects(w, p, rng, i, j)) against += s
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
  const { scores, weights, published } = w
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
      if (kind === COLLUDING && c.cols.poisoned[j] === 1) scores[row + j] = 1
      else if (rng.next() < p.verification.rate) scores[row + j] = Math.min(1, Math.max(0, observe(w, p, rng, i, j)))
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
    const net = vals.cols.reward[i]! * price - vals.cols.cost[i]!
    const paid = pool * w.validatorShare[i]!
    allReward += paid
    switch (vals.cols.kind[i]) {
      case LAZY:
        lazyStake += s
        lazyNet += net
        lazyReward += paid
        trustLazy += vals.cols.trust[i]!
        nLazy++
        break
      case HONEST:
        honestStake += s
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
  r.set(M.lazyReturnRatio, nLazy > 0 && honestStake > 0 && honestNet > 0 ? lazyNet / lazyStake / (honestNet / honestStake) : Number.NaN)
  r.set(M.colludingStakeShare, colludingStake / total)
  r.set(M.supply, w.ledger.supply)
  r.set(M.slashedTotal, w.slashedTotal)
  const profit = w.poisonRevenue - w.poisonCost
  r.set(M["attack.poisoning.cost"], w.poisonCost)
  r.set(M["attack.poisoning.profit"], profit)
  r.set(M["attack.poisoning.success"], profit > 0 ? 1 : 0)
  r.set(M["attack.poisoning.detectedEpoch"], w.poisonDetectedAt)
  let cartelCost = 0
  for (let i = 0; i < vals.size; i++) if (vals.cols.kind[i] === COLLUDING) cartelCost += vals.cols.cost[i]!
  const cartel = colludingStake > 0
  r.set(M["attack.cartel.cost"], cartel ? cartelCost : Number.NaN)
  r.set(M["attack.cartel.profit"], cartel ? w.cartelTake * price - cartelCost : Number.NaN)
  r.set(M["attack.cartel.success"], cartel ? (w.poisonAccepted > 0.5 * w.poisonSubmitted ? 1 : 0) : Number.NaN)
  r.set(M["attack.cartel.detectedEpoch"], Number.NaN)
})

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
  return problems
}

export const aiVerificationRuntime = defineRuntime<P, VerificationWorld>({
  name: "ai-verification",
  metrics: verificationMetrics,
  tunables: ["verification.rate", "verification.slashFraction", "verification.threshold", "token.emissionPerEpoch", "yuma.bondsPenalty", "validators.noise"],
  headline: ["poisonAcceptanceRate", "honestRejectedShare", "verificationCostPerWork", "outputQuality", "attack.poisoning.profit"],
  reportMetrics: ["poisonAcceptanceRate", "honestRejectedShare", "verificationCostPerWork", "outputQuality", "attack.poisoning.profit", "lazyReturnRatio"],
  init,
  systems: [drift, verify, pay, metrics],
  invariants
})
