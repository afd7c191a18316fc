/**
 * What attacks keep in a gpu-network run: the book-keeping of each attack in params.attacks
 * (AttackState), and their effects on the network this epoch (AttackEffects), which the
 * network's systems read: uptime reads the regions' offline shares, operators the cartel's cut,
 * and what operators withhold for a cartel waits in `withheld` until cartelCollect hands it
 * over. A leaf module: the world holds this state; no system imports an attack.
 */
import type { Rng } from "../../../../src/kit/runtime.ts"

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
  /** Optimizing attackers: the best plan's expected profit (USD) at the last decision (NaN before any), its size, and the USD tied up since launch. */
  expectedProfit: number
  plannedShare: number
  /** Optimizing sybil attacker: identities of the best plan; griefer: its own operators. */
  plannedCount: number
  /** Optimizing griefer: what the DoS adds to the best plan over running its operators without it, USD. */
  dosGain: number
  capital: number
}

/** A new attack's book-keeping, holding `tokens` from an earlier round. */
export const freshAttack = (tokens: number): AttackState => ({
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
  tokensAtStart: tokens,
  expectedProfit: Number.NaN,
  plannedShare: 0,
  plannedCount: 0,
  dosGain: Number.NaN,
  capital: 0
})

/** What attacks do to the network this epoch, written by attackMoves, read by the systems. */
export interface AttackEffects {
  /** Per region: share of its operators a griefing DoS keeps offline this epoch (0: none). */
  readonly offlineShare: Float64Array
  /** Share of every operator's rewards withheld by credible cartels this epoch (0: none). */
  cartelCut: number
  /** Operator rewards withheld this epoch (tokens), for cartelCollect to hand to the cartels. */
  withheld: number
}

/** No effects, for a network of `regions` regions. */
export const initAttackEffects = (regions: number): AttackEffects => ({ offlineShare: new Float64Array(regions), cartelCut: 0, withheld: 0 })
