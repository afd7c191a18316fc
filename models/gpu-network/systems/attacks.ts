/**
 * Attacks on the gpu-network (params.attacks). Each attack reports, as metrics,
 * `attack.<name>.cost` (USD so far), `.profit` (USD: what the attacker holds or took, valued at
 * the current price, minus its cost), `.success` (0/1), `.detectedEpoch` (NaN before), and what
 * it did (per kind, see KIND_FIELDS).
 *
 * - griefing: from `startEpoch` for `durationEpochs`, each operator of the region is offline
 *   with probability `offlineShare` (the uptime system asks `griefedShare`). Pure griefing gains
 *   nothing: profit = -cost. With `ownOperators` the attacker runs operators in `ownRegion` for
 *   the duration (joined like sybil identities, with real GPUs), which pick up the work and
 *   emission the region loses: profit = their holdings at the current price - DoS, stake and
 *   running costs. It is visible (detected) when it starts; it succeeds when the region has lost
 *   `targetDrop` of its operators.
 * - sybil: at `startEpoch` the attacker buys stake from the float and joins `identities`
 *   operators (column `attacker` = attack index + 1). They earn like any operator (routing and
 *   the per-node reward cannot tell them apart) but never sell or leave before the end; fake
 *   ones claim capacity with no GPU behind it. Each epoch each identity is caught with
 *   `detectionPerEpoch`: slashed and removed. At the end the rest leave; stake and rewards go
 *   to the attacker's holdings. Cost = stake bought (USD) + identity and GPU costs; success:
 *   profit > 0.
 * - cartel: at `startEpoch` validators in slot order join until they hold `stakeShare` of the
 *   validator stake (column `cartel`). While the share is above 1/3 (a veto over blocks) the
 *   operators system withholds `cut` of every operator's rewards for the cartel (`cartelCut`).
 *   While it is at most 2/3, its vetoes are visible: detected with `detectionPerEpoch`, members
 *   slashed `slashOnDetection` and the cartel disbands. Members of a collecting cartel do not
 *   leave (the validators system keeps them). Success: profit > 0.
 *
 * Attacks read their parameters every epoch, so a launch (startEpoch moved mid-run, e.g. from
 * the TUI) works: reaching `startEpoch` (re)starts an attack. `attackMoves` runs before uptime
 * (joins, detection, ends), `attacks` after the epoch's economics (book-keeping, metrics).
 * Attacker tokens outside the network are `AttackState.tokens`, a holder in totalHoldings.
 */
import type { MetricDef } from "../../../src/engine/Recorder.ts"
import { system } from "../../../src/engine/Pipeline.ts"
import { deriveSeed, Rng } from "../../../src/engine/Rng.ts"
import type { Attack, GpuNetworkParams } from "../params.ts"
import { capacityBin, pick, type GpuWorld } from "../world.ts"
import { settle } from "./slashing/settle.ts"

const COMMON = [
  ["cost", "What the attack has cost so far, USD."],
  ["profit", "Value the attacker holds or took (at the current price) minus its cost, USD."],
  ["success", "1 when the attack reached its goal (griefing: the region lost targetDrop of its operators; sybil, cartel: profit > 0)."],
  ["detectedEpoch", "Epoch the attack was detected; NaN before."]
] as const

const KIND_FIELDS = {
  griefing: [
    ["honestJailed", "Honest operators of the attacked region jailed since the attack started."],
    ["honestExits", "Operators who left the attacked region since the attack started."],
    ["rewards", "Tokens the attacker's own operators (ownOperators) earned so far."]
  ],
  sybil: [
    ["identities", "Sybil identities in the network now."],
    ["rewards", "Tokens the identities earned so far (after any cartel's cut)."],
    ["caught", "Identities caught (slashed and removed) so far."],
    ["fakeWork", "Work routed to identities that claim capacity they do not run, so far (capacity units): paid for, never done."]
  ],
  cartel: [
    ["stakeShare", "Share of validator stake the cartel held in its last epoch of operation."],
    ["withheld", "Operator rewards the cartel withheld so far, tokens."],
    ["honestExits", "Operators who left the network since the cartel formed."]
  ]
} as const

export const attackMetrics = (p: GpuNetworkParams): ReadonlyArray<MetricDef> =>
  p.attacks.flatMap((a) => [...COMMON, ...KIND_FIELDS[a.kind]].map(([f, d]) => ({ name: `attack.${a.name}.${f}`, description: `${a.kind} attack ${a.name}: ${d}` })))

/** Book-keeping of one attack while it runs. */
export interface AttackState {
  /** Epoch it (last) started; -1 before. */
  started: number
  /** Its effect is over (ended, or disbanded on detection). */
  over: boolean
  cost: number
  success: boolean
  detected: number
  /** Tokens the attacker holds outside the network (stake recovered, rewards withheld). */
  tokens: number
  activeAtStart: number
  exitsAtStart: number
  jailedAtStart: number
  /** Sybil: identities caught; work routed to fake identities. */
  caught: number
  fakeWork: number
  /** Rewards of the attacker's operators that have left (live ones hold theirs as balance). */
  rewards: number
  /** Cartel: withholding this epoch (share above 1/3); share now; tokens withheld so far. */
  credible: boolean
  share: number
  withheld: number
  /** The attack's own random stream (see attackRng). */
  rng: Rng | undefined
  /** Tokens held when this round started (a relaunch keeps an earlier round's tokens): profit counts only what the round added. */
  tokensAtStart: number
}

const fresh = (tokens: number): AttackState => ({
  started: -1,
  over: false,
  cost: 0,
  success: false,
  detected: -1,
  tokens,
  activeAtStart: 0,
  exitsAtStart: 0,
  jailedAtStart: 0,
  caught: 0,
  fakeWork: 0,
  rewards: 0,
  credible: false,
  share: 0,
  withheld: 0,
  rng: undefined,
  tokensAtStart: tokens
})

const bits = new DataView(new ArrayBuffer(8))

/**
 * A random stream of the attack's own, seeded from the run's state when it starts (the price
 * bits, the epoch and the attack's index) rather than drawn from the run's generator: the rest
 * of the run keeps its random numbers, so an attack without effect leaves the run as it was and
 * attacked runs stay comparable with the baseline on the same seed.
 */
const attackRng = (w: GpuWorld, idx: number): Rng => {
  bits.setFloat64(0, w.price)
  return new Rng(deriveSeed(bits.getUint32(0) ^ bits.getUint32(4), w.epoch, idx))
}

const isOn = (a: Attack, epoch: number) => epoch >= a.startEpoch && epoch < a.startEpoch + a.durationEpochs

/**
 * Share of region r's operators a griefing attack keeps offline this epoch (0 when none): the
 * uptime system draws against it only when it is positive, so runs without attacks use the
 * random stream exactly as before.
 */
export const griefedShare = (w: GpuWorld, p: GpuNetworkParams, r: number): number => {
  let share = 0
  for (const a of p.attacks) {
    if (a.kind === "griefing" && isOn(a, w.epoch) && p.regions.names[r] === a.region) share = Math.max(share, a.offlineShare)
  }
  return share
}

/** Share of every operator's rewards withheld by credible cartels this epoch (0: none). */
export const cartelCut = (w: GpuWorld, p: GpuNetworkParams): number => {
  let cut = 0
  p.attacks.forEach((a, i) => {
    if (a.kind === "cartel" && w.attackStates[i]?.credible === true) cut += a.cut
  })
  return Math.min(1, cut)
}

/** Hand withheld operator rewards to the credible cartels, in proportion to their cuts. */
export const creditWithheld = (w: GpuWorld, p: GpuNetworkParams, tokens: number) => {
  let total = 0
  p.attacks.forEach((a, i) => {
    if (a.kind === "cartel" && w.attackStates[i]?.credible === true) total += a.cut
  })
  if (!(total > 0)) {
    w.float += tokens
    return
  }
  p.attacks.forEach((a, i) => {
    const s = w.attackStates[i]
    if (a.kind === "cartel" && s?.credible === true) {
      const part = (tokens * a.cut) / total
      s.tokens += part
      s.withheld += part
    }
  })
}

/** Remove sybil identity i: its stake and balance go back to the attacker (after any slash). */
const removeIdentity = (w: GpuWorld, s: AttackState, i: number) => {
  const o = w.operators.cols
  s.tokens += o.stake[i]! + o.balance[i]!
  s.rewards += o.balance[i]!
  w.operatorStakes.remove(o.stake[i]!)
  o.stake[i] = 0
  o.balance[i] = 0
  o.attacker[i] = 0
  w.operators.remove(i)
}

const leaveAll = (w: GpuWorld, s: AttackState, tag: number) => {
  const ops = w.operators
  for (let i = 0; i < ops.size; i++) if (ops.alive[i] === 1 && ops.cols.attacker[i] === tag) removeIdentity(w, s, i)
}

type Sybil = Extract<Attack, { kind: "sybil" }>
type Cartel = Extract<Attack, { kind: "cartel" }>

/** Operators an attacker controls: sybil identities, or a griefer's own operators. */
interface Identities {
  readonly identities: number
  readonly capacityPerIdentity: number
  readonly fakeWork: boolean
  readonly costPerIdentityUsd: number
  /** "" spreads them like honest operators. */
  readonly region: string
}

/** Join an attacker's operators (tagged `tag`), buying their stake from the float; returns how many joined. */
const joinIdentities = (w: GpuWorld, p: GpuNetworkParams, rng: Rng, a: Identities, s: AttackState, tag: number): number => {
  const ops = w.operators
  const op = p.operators
  const cap = a.capacityPerIdentity
  const stake = Math.max(cap * op.stakePerUnit, op.minStake)
  const region = a.region === "" ? -1 : p.regions.names.indexOf(a.region)
  let joined = 0
  for (let k = 0; k < a.identities && stake <= w.float; k++) {
    const i = ops.add()
    const o = ops.cols // after add: a growing population re-allocates its columns
    o.capacity[i] = cap
    o.region[i] = region >= 0 ? region : pick(w.regions.cumulativeOperatorShare, rng.next())
    o.sizeClass[i] = cap < op.smallBelow ? 0 : cap >= op.largeFrom ? 2 : 1
    o.capBin[i] = capacityBin(cap, op.capacityMin, op.capacityMax)
    o.costUsd[i] = a.costPerIdentityUsd + (a.fakeWork ? 0 : cap * op.costPerUnitUsd + op.fixedCostUsd)
    o.uptime[i] = a.fakeWork ? 1 : rng.uniform(op.uptime.min, op.uptime.max)
    o.patience[i] = 0
    o.lossStreak[i] = 0
    o.stake[i] = stake
    o.balance[i] = 0
    o.served[i] = 0
    o.work[i] = 0
    o.profitUsd[i] = 0
    o.joinedEpoch[i] = w.epoch
    o.attacker[i] = tag
    w.operatorStakes.insert(stake)
    w.float -= stake
    w.flows.boughtTokens += stake
    s.cost += stake * w.price
    joined++
  }
  return joined
}

const joinSybils = (w: GpuWorld, p: GpuNetworkParams, rng: Rng, a: Sybil, s: AttackState, tag: number) => {
  const joined = joinIdentities(w, p, rng, a, s, tag)
  const stake = Math.max(a.capacityPerIdentity * p.operators.stakePerUnit, p.operators.minStake)
  w.events?.push(w.epoch, "attack", `${a.name}: ${joined} sybil identities join${a.region === "" ? "" : ` in ${a.region}`}, staking ${Math.round(joined * stake)} tokens`)
}

type Griefing = Extract<Attack, { kind: "griefing" }>

/** (Re)start a griefing attack: measure the region from here; the attacker's own operators join. */
const startGriefing = (w: GpuWorld, p: GpuNetworkParams, a: Griefing, s: AttackState, tag: number) => {
  const region = p.regions.names.indexOf(a.region)
  // Operators of the region now: what uptime will count as active this epoch.
  let active = 0
  const ops = w.operators
  for (let i = 0; i < ops.size; i++) if (ops.alive[i] === 1 && ops.cols.region[i] === region) active++
  Object.assign(s, { detected: w.epoch, activeAtStart: active, exitsAtStart: w.totals.regionExits[region]!, jailedAtStart: w.slashing.regionJailings[region]! })
  w.events?.push(w.epoch, "attack", `${a.name}: griefing DoS on ${a.region} for ${a.durationEpochs} epochs`)
  if (a.ownOperators > 0) {
    const own = { identities: a.ownOperators, capacityPerIdentity: a.ownCapacity, fakeWork: false, costPerIdentityUsd: 0, region: a.ownRegion }
    const joined = joinIdentities(w, p, s.rng!, own, s, tag)
    w.events?.push(w.epoch, "attack", `${a.name}: the attacker runs ${joined} operators in ${a.ownRegion}`)
  }
}

const detectSybils = (w: GpuWorld, p: GpuNetworkParams, rng: Rng, a: Sybil, s: AttackState, tag: number) => {
  if (!(a.detectionPerEpoch > 0)) return
  const ops = w.operators
  const o = ops.cols
  let caught = 0
  for (let i = 0; i < ops.size; i++) {
    if (ops.alive[i] !== 1 || o.attacker[i] !== tag || !(rng.next() < a.detectionPerEpoch)) continue
    const amount = o.stake[i]! * a.slashOnDetection
    if (amount > 0) {
      w.operatorStakes.remove(o.stake[i]!)
      o.stake[i] = o.stake[i]! - amount
      w.operatorStakes.insert(o.stake[i]!)
      settle(w, p, amount)
    }
    removeIdentity(w, s, i)
    caught++
  }
  if (caught > 0) {
    if (s.detected < 0) {
      s.detected = w.epoch
      w.events?.push(w.epoch, "attack", `${a.name}: verification caught a sybil identity (slashed ${Math.round(a.slashOnDetection * 100)}%)`)
    }
    // Linking: the catch leads to the attacker's other identities (drawn only when linking is on,
    // so runs without it keep their random numbers).
    if (a.linkOnDetection > 0 && rng.next() < a.linkOnDetection) {
      let linked = 0
      for (let i = 0; i < ops.size; i++) {
        if (ops.alive[i] !== 1 || o.attacker[i] !== tag) continue
        const amount = o.stake[i]! * a.slashOnDetection
        if (amount > 0) {
          w.operatorStakes.remove(o.stake[i]!)
          o.stake[i] = o.stake[i]! - amount
          w.operatorStakes.insert(o.stake[i]!)
          settle(w, p, amount)
        }
        removeIdentity(w, s, i)
        linked++
      }
      caught += linked
      if (linked > 0) w.events?.push(w.epoch, "attack", `${a.name}: the catch was linked to ${linked} more identities: all slashed and removed`)
    }
    s.caught += caught
  }
}

const cartelShare = (w: GpuWorld, tag: number): number => {
  const v = w.validators
  let total = 0
  let mine = 0
  for (let i = 0; i < v.size; i++) {
    if (v.alive[i] !== 1) continue
    total += v.cols.stake[i]!
    if (v.cols.cartel[i] === tag) mine += v.cols.stake[i]!
  }
  return total > 0 ? mine / total : 0
}

const formCartel = (w: GpuWorld, a: Cartel, tag: number) => {
  const v = w.validators
  let total = 0
  for (let i = 0; i < v.size; i++) if (v.alive[i] === 1) total += v.cols.stake[i]!
  let mine = 0
  let members = 0
  for (let i = 0; i < v.size; i++) {
    if (v.alive[i] !== 1 || v.cols.cartel[i] !== 0) continue
    if (mine >= a.stakeShare * total) break
    v.cols.cartel[i] = tag
    mine += v.cols.stake[i]!
    members++
  }
  w.events?.push(w.epoch, "attack", `${a.name}: ${members} validators with ${Math.round((total > 0 ? mine / total : 0) * 100)}% of validator stake form a cartel`)
}

const disband = (w: GpuWorld, tag: number) => {
  const v = w.validators
  for (let i = 0; i < v.size; i++) if (v.cols.cartel[i] === tag) v.cols.cartel[i] = 0
}

/** Attackers' moves before the epoch's uptime draw: joins, detection, ends. */
export const attackMoves = system<GpuWorld, GpuNetworkParams>("attackMoves", (w, p) => {
  if (p.attacks.length === 0) return
  p.attacks.forEach((a, idx) => {
    const tag = idx + 1
    const s = (w.attackStates[idx] ??= fresh(0))
    const on = isOn(a, w.epoch)
    if (on && (s.started < 0 || w.epoch === a.startEpoch) && s.started !== w.epoch) {
      // (Re)start, e.g. launched from the TUI: undo a previous round, measure from here.
      if (a.kind === "cartel") disband(w, tag)
      else leaveAll(w, s, tag)
      Object.assign(s, fresh(s.tokens), { started: w.epoch, exitsAtStart: w.totals.operatorExits, rng: attackRng(w, idx) })
      if (a.kind === "sybil") joinSybils(w, p, s.rng!, a, s, tag)
      else if (a.kind === "cartel") formCartel(w, a, tag)
      else startGriefing(w, p, a, s, tag)
    }
    if (s.started < 0 || s.over) return
    if (!on) {
      s.over = true
      s.credible = false
      if (a.kind === "cartel") disband(w, tag)
      else leaveAll(w, s, tag)
      w.events?.push(w.epoch, "attack", `${a.name}: ${a.kind} attack ends`)
      return
    }
    if (a.kind === "griefing") return
    if (a.kind === "sybil") {
      // Checks start the epoch after the identities joined.
      if (w.epoch > s.started) detectSybils(w, p, s.rng!, a, s, tag)
      return
    }
    s.cost += a.costPerEpochUsd
    s.share = cartelShare(w, tag)
    s.credible = s.share > 1 / 3
    if (s.share <= 2 / 3 && s.share > 0 && s.rng!.next() < a.detectionPerEpoch) {
      // Its vetoes were attributed: members slashed, the cartel disbands.
      const v = w.validators
      let slashed = 0
      for (let i = 0; i < v.size; i++) {
        if (v.alive[i] !== 1 || v.cols.cartel[i] !== tag) continue
        const amount = v.cols.stake[i]! * a.slashOnDetection
        v.cols.stake[i] = v.cols.stake[i]! - amount
        slashed += amount
      }
      if (slashed > 0) settle(w, p, slashed)
      s.cost += slashed * w.price
      s.detected = w.epoch
      s.over = true
      s.credible = false
      disband(w, tag)
      w.events?.push(w.epoch, "attack", `${a.name}: cartel detected, ${Math.round(slashed)} tokens of its members' stake slashed; it disbands`)
    }
  })
})

/** Attack book-keeping and metrics, after the epoch's economics (rewards, exits, jailings). */
export const attacks = system<GpuWorld, GpuNetworkParams>("attacks", (w, p) => {
  if (p.attacks.length === 0) return
  const r = w.recorder
  p.attacks.forEach((a, idx) => {
    const s = (w.attackStates[idx] ??= fresh(0))
    const base = `attack.${a.name}.`
    const started = s.started >= 0
    let profit = 0
    // The attacker's operators (sybil identities, a griefer's own): holdings, running costs.
    let held = s.tokens
    let rewards = s.rewards
    let live = 0
    if (started && !s.over && a.kind !== "cartel") {
      const tag = idx + 1
      const ops = w.operators
      const o = ops.cols
      for (let i = 0; i < ops.size; i++) {
        if (ops.alive[i] !== 1 || o.attacker[i] !== tag) continue
        held += o.stake[i]! + o.balance[i]!
        rewards += o.balance[i]!
        s.cost += o.costUsd[i]!
        if (a.kind === "sybil" && a.fakeWork) s.fakeWork += o.work[i]!
        live++
      }
    }
    if (a.kind === "griefing") {
      const region = p.regions.names.indexOf(a.region)
      if (isOn(a, w.epoch)) s.cost += a.costPerEpochUsd
      if (started && !s.success && s.activeAtStart > 0 && w.regions.active[region]! <= (1 - a.targetDrop) * s.activeAtStart) {
        s.success = true
        w.events?.push(w.epoch, "attack", `${a.name}: ${a.region} lost ${Math.round(a.targetDrop * 100)}% of its operators`)
      }
      // Pure griefing (no own operators, no tokens): profit = -cost.
      profit = started && (held > 0 || a.ownOperators > 0) ? (held - s.tokensAtStart) * w.price - s.cost : -s.cost
      r.record(`${base}honestJailed`, started ? w.slashing.regionJailings[region]! - s.jailedAtStart : 0)
      r.record(`${base}honestExits`, started ? w.totals.regionExits[region]! - s.exitsAtStart : 0)
      r.record(`${base}rewards`, rewards)
    } else if (a.kind === "sybil") {
      profit = started ? (held - s.tokensAtStart) * w.price - s.cost : 0
      s.success = started && profit > 0
      r.record(`${base}identities`, live)
      r.record(`${base}rewards`, rewards)
      r.record(`${base}caught`, s.caught)
      r.record(`${base}fakeWork`, s.fakeWork)
    } else {
      profit = started ? (s.tokens - s.tokensAtStart) * w.price - s.cost : 0
      s.success = started && profit > 0
      r.record(`${base}stakeShare`, s.share)
      r.record(`${base}withheld`, s.withheld)
      r.record(`${base}honestExits`, started ? w.totals.operatorExits - s.exitsAtStart : 0)
    }
    r.record(`${base}cost`, s.cost)
    r.record(`${base}profit`, profit)
    r.record(`${base}success`, s.success ? 1 : 0)
    r.record(`${base}detectedEpoch`, s.detected >= 0 ? s.detected : Number.NaN)
  })
})
