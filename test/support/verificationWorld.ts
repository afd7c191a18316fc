/**
 * An ai-verification world with chosen contributors and validators (worldFixture.ts runs one
 * system on it):
 *
 *     const fx = verificationWorld({
 *       params: { verification: { strategy: "spot-check", rate: 1 } },
 *       contributors: [{ quality: 0.9 }, { quality: 0.05, poisoned: 1 }],
 *       validators: [{ stake: 600 }, { stake: 400, kind: LAZY }]
 *     })
 *     fx.run(verify)
 *
 * The world is the model's own `initWorld` for as many contributors and validators as rows
 * (its tables and Yuma matrices sized for them); each row then sets every column of its slot
 * (the rest at the defaults below, not at initWorld's draws). The validators' cumulative stake
 * and stake by kind follow the rows, and `outside` is what the rows do not hold, so holdings
 * sum to the supply.
 */
import { aiVerification } from "../../models/ai-verification/index.ts"
import type { AiVerificationParams } from "../../models/ai-verification/params.ts"
import { HONEST, initWorld, type VerificationWorld } from "../../models/ai-verification/world.ts"
import { deepMerge, strictParams, worldFixture, type WorldFixture } from "./worldFixture.ts"

type Columns<W extends VerificationWorld, K extends "contributors" | "validators"> = keyof W[K]["cols"]
export type ContributorRow = Partial<Record<Columns<VerificationWorld, "contributors">, number>>
export type ValidatorRow = Partial<Record<Columns<VerificationWorld, "validators">, number>>

/** A contributor's columns when a row does not give them (its bond: contributors.bond). */
export const CONTRIBUTOR_DEFAULTS = { quality: 0.8, poisoned: 0, balance: 0 } as const
/** A validator's columns when a row does not give them. */
export const VALIDATOR_DEFAULTS = { stake: 1_000, kind: HONEST, balance: 0, cost: 0, reward: 0, trust: 0, slashed: 0, faults: 0 } as const

export interface VerificationWorldSpec {
  /** Parameters in the experiment file's form; the rows set the counts and the validators' kinds. */
  readonly params?: Readonly<Record<string, unknown>>
  readonly contributors: ReadonlyArray<ContributorRow>
  readonly validators: ReadonlyArray<ValidatorRow>
  /** The epoch the systems run at (0 by default). */
  readonly epoch?: number
  /** Anything else about the world, set after the rows. */
  readonly world?: (w: VerificationWorld) => void
}

export type VerificationFixture = WorldFixture<AiVerificationParams, VerificationWorld>

const set = (cols: Record<string, { [i: number]: number }>, slot: number, row: Readonly<Record<string, number | undefined>>) => {
  for (const [k, v] of Object.entries(row)) {
    if (v === undefined) continue
    const col = cols[k]
    if (col === undefined) throw new Error(`no column "${k}"`)
    col[slot] = v
  }
}

/** Refuses a section key the rows decide. */
const refuse = (raw: Readonly<Record<string, unknown>>, group: string, keys: ReadonlyArray<string>) => {
  const section = raw[group]
  for (const k of keys) {
    if (section !== null && typeof section === "object" && k in section) throw new Error(`verificationWorld: ${group}.${k} comes from the rows`)
  }
}

/** An ai-verification world holding exactly the given contributors and validators. */
export const verificationWorld = (spec: VerificationWorldSpec): VerificationFixture => {
  const raw = spec.params ?? {}
  refuse(raw, "contributors", ["count", "poisonedShare"])
  refuse(raw, "validators", ["count", "lazyShare", "colludingShare", "totalStake"])
  const stakes = spec.validators.map((r) => r.stake ?? VALIDATOR_DEFAULTS.stake)
  const totalStake = stakes.reduce((a, b) => a + b, 0)
  const params = strictParams(
    aiVerification,
    deepMerge(raw, {
      contributors: { count: spec.contributors.length, poisonedShare: 0 },
      validators: { count: spec.validators.length, lazyShare: 0, colludingShare: 0, totalStake: totalStake > 0 ? totalStake : 1 }
    })
  )
  const epoch = spec.epoch ?? 0
  return worldFixture(aiVerification, params, epoch, (p, rng, recorder) => {
    const w = initWorld(p, rng, recorder)
    w.epoch = epoch
    let held = 0
    spec.contributors.forEach((row, j) => {
      set(w.contributors.cols as never, j, { ...CONTRIBUTOR_DEFAULTS, stake: p.contributors.bond, ...row })
      held += w.contributors.cols.stake[j]! + w.contributors.cols.balance[j]!
    })
    w.initialStakeByKind.fill(0)
    let cum = 0
    spec.validators.forEach((row, i) => {
      const v = w.validators.cols
      set(v as never, i, { ...VALIDATOR_DEFAULTS, ...row })
      cum += v.stake[i]!
      w.cumulativeStake[i] = cum
      w.initialStakeByKind[v.kind[i]!] = w.initialStakeByKind[v.kind[i]!]! + v.stake[i]!
      held += v.stake[i]! + v.balance[i]!
    })
    w.outside = w.ledger.supply - held
    if (!(w.outside >= 0)) throw new Error(`verificationWorld: the rows hold more than token.initialSupply (${w.ledger.supply})`)
    spec.world?.(w)
    return w
  })
}
