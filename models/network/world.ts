/**
 * The network world: gpu-network's world (operators, validators, users, market, treasury,
 * governance; models/gpu-network/world.ts) with the verification of AI work inside it
 * (ai-verification's world: contributors, verifiers, Yuma matrices; models/ai-verification)
 * and the state that links them.
 *
 * One ledger: the work layer's world is built on gpu-network's ledger, its `outside` is the
 * gpu-network's (handed over before its systems run and taken back after), so token holders are
 * gpu-network's plus the contributors (bond + balance) and the verifiers (stake + balance).
 * The work layer draws from a random stream of its own, seeded at epoch 0 from one draw of
 * the run's generator, so a change in the work layer (a poisoning campaign) moves the rest of
 * the run only through what it does to the world (demand, the market), never by shifting draws.
 */
import { deriveSeed, type Recorder, Rng } from "../../src/kit/runtime.ts"
import { initWorld as initVerification, type VerificationWorld } from "../ai-verification/world.ts"
import type { AiVerificationParams } from "../ai-verification/params.ts"
import { initWorld as initGpu } from "../gpu-network/initWorld.ts"
import { totalHoldings as gpuHoldings, type GpuWorld } from "../gpu-network/world.ts"
import { FIRST_WORK_METRIC, linkMetrics } from "./metrics.ts"
import type { NetworkParams } from "./params.ts"
import { capacitySlots, poisonerMetrics, type PoisonerState } from "./systems/attacks/state.ts"

/** What links the layers, per epoch and so far. */
export interface LinkState {
  /** Reward-weighted share of the work accepted this epoch that was poisoned: the poisoned share of served work. */
  servedPoison: number
  /** Share of served work its users found poisoned this epoch (servedPoison x link.foundShare). */
  found: number
  /** Exponential average of `found` (exogenous demand's penalty reads it). */
  reputation: number
  /** Multiplier exogenous demand had this epoch (1: no penalty). */
  demandFactor: number
  /** Tokens the work layer's participants sold, rebonds bought, treasury outflows sold, this epoch. */
  workSold: number
  rebondBought: number
  drainSold: number
  /** Tokens that left the treasury while governance ran this epoch. */
  treasuryOutflow: number
  /** Ids of the link's metrics (metrics.ts linkMetrics, in order). */
  readonly ids: Int32Array
}

export interface NetworkWorld extends GpuWorld {
  /** The verification layer's world, on this world's ledger. */
  readonly work: VerificationWorld
  /** The work layer's own random stream. */
  readonly workRng: Rng
  readonly link: LinkState
  /** The optimizing data poisoner (work.poisoning.mode optimize); undefined when scheduled. */
  readonly poisoner: PoisonerState | undefined
}

/** Tag of the work layer's stream in deriveSeed. */
const WORK_STREAM = 0x30a4

/** ai-verification's parameters for the work layer this epoch: its sections, the network's price. */
export const workParams = (p: NetworkParams, price: number, initialSupply = 0): AiVerificationParams => ({
  contributors: p.work.contributors,
  validators: p.work.validators,
  verification: p.work.verification,
  yuma: p.work.yuma,
  token: { emissionPerEpoch: p.work.emissionPerEpoch, minerShare: p.work.minerShare, price, initialSupply }
})

/**
 * A recorder that writes the work layer's metrics (ai-verification's, declared in the same order
 * under the names of metrics.ts) at `offset` in the network's recorder.
 */
const offsetRecorder = (base: Recorder, offset: number): Recorder =>
  ({
    set: (id: number, value: number) => base.set(id + offset, value)
  }) as unknown as Recorder // the work layer's systems only call `set`

/** Build the world at epoch 0: gpu-network's, then the work layer out of its `outside`. */
export const initNetwork = (p: NetworkParams, rng: Rng, recorder: Recorder): NetworkWorld => {
  const gpu = initGpu(p, rng, recorder)
  const workRng = new Rng(deriveSeed(Math.floor(rng.next() * 0x1_0000_0000), WORK_STREAM))
  const needed = p.work.contributors.count * p.work.contributors.bond + p.work.validators.totalStake
  if (needed > gpu.outside) {
    throw new Error(
      `the work layer's bonds and stake (work.contributors.count x bond + work.validators.totalStake = ${Math.round(needed)} tokens) exceed the tokens outside the network at epoch 0 (${Math.round(gpu.outside)} tokens); raise token.initialSupply or lower them`
    )
  }
  // An optimizing poisoner's contributors start honest (drawn as any honest one): its capacity is
  // the slots the scheduled poisoners would take.
  const optimize = p.work.poisoning.mode === "optimize"
  const wp = workParams(p, gpu.price, gpu.outside)
  const built = initVerification(optimize ? { ...wp, contributors: { ...wp.contributors, poisonedShare: 0 } } : wp, workRng, offsetRecorder(recorder, recorder.id(FIRST_WORK_METRIC)))
  const work: VerificationWorld = { ...built, ledger: gpu.ledger }
  gpu.outside = work.outside
  return Object.assign(gpu, {
    work,
    workRng,
    link: {
      servedPoison: 0,
      found: 0,
      reputation: 0,
      demandFactor: 1,
      workSold: 0,
      rebondBought: 0,
      drainSold: 0,
      treasuryOutflow: 0,
      ids: Int32Array.from(linkMetrics, (m) => recorder.id(m.name))
    },
    poisoner: optimize
      ? {
          slots: capacitySlots(p.work.contributors.count, p.work.contributors.poisonedShare),
          launched: -1,
          expectedProfit: Number.NaN,
          plannedShare: Number.NaN,
          ids: Int32Array.from(poisonerMetrics, (m) => recorder.id(m.name))
        }
      : undefined
  })
}

/** Tokens the work layer holds: contributors' bonds and balances, verifiers' stake and balances. */
export const workHoldings = (w: VerificationWorld): number => {
  let held = 0
  const c = w.contributors
  for (let j = 0; j < c.size; j++) held += c.cols.stake[j]! + c.cols.balance[j]!
  const v = w.validators
  for (let i = 0; i < v.size; i++) held += v.cols.stake[i]! + v.cols.balance[i]!
  return held
}

/** Every holder's tokens: gpu-network's holders and the work layer's; equals the supply. */
export const totalHoldings = (w: NetworkWorld): number => gpuHoldings(w) + workHoldings(w.work)
