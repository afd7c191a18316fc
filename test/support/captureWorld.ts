/**
 * A governance-capture world with chosen holders (worldFixture.ts runs one system on it):
 *
 *     const fx = captureWorld({
 *       params: { attack: { kind: "coalition", coalitionShare: 0.1 } },
 *       holders: [{ balance: 600, voteEpoch: 2, support: 0 }, { balance: 400 }],
 *       world: (w) => { w.proposedAt = 0 }
 *     })
 *     fx.run(vote)
 *
 * The world is the model's own `initWorld` with the rows' balances as the holder distribution
 * (holders.balances, so nothing is drawn and the honest supply is their sum); each row then sets
 * when the holder votes (voteEpoch, -1: not at all) and how (support 1: yes), as the propose
 * system would have drawn them.
 */
import { governanceCapture } from "../../models/governance-capture/index.ts"
import type { GovernanceCaptureParams } from "../../models/governance-capture/params.ts"
import { HolderColumns, initWorld, type GovWorld } from "../../models/governance-capture/world.ts"
import { deepMerge, strictParams, worldFixture, type WorldFixture } from "./worldFixture.ts"

export type HolderRow = Partial<Record<keyof typeof HolderColumns, number>>

/** A holder's vote when a row does not give it: it does not vote (voteEpoch -1), and would vote no. */
export const HOLDER_DEFAULTS = { balance: 0, voteEpoch: -1, support: 0 } as const

export interface CaptureWorldSpec {
  /** Parameters in the experiment file's form; the rows are the holders (holders.* comes from them). */
  readonly params?: Readonly<Record<string, unknown>>
  readonly holders: ReadonlyArray<HolderRow>
  /** The epoch the systems run at (0 by default) and the epochs the recorder holds. */
  readonly epoch?: number
  readonly epochs?: number
  /** Anything else about the world (proposal epoch, ballot, treasury), set after the rows. */
  readonly world?: (w: GovWorld) => void
}

export type CaptureFixture = WorldFixture<GovernanceCaptureParams, GovWorld>

/** A governance-capture world holding exactly the given holders. */
export const captureWorld = (spec: CaptureWorldSpec): CaptureFixture => {
  const raw = spec.params ?? {}
  const section = raw["holders"]
  if (section !== undefined) throw new Error("captureWorld: holders.* comes from the rows; give holders as rows instead")
  if (spec.holders.length === 0) throw new Error("captureWorld: give at least one holder (the honest supply is their balances' sum)")
  const rows = spec.holders.map((r) => ({ ...HOLDER_DEFAULTS, ...r }))
  const params = strictParams(governanceCapture, deepMerge(raw, { holders: { balances: rows.map((r) => r.balance) } }))
  const epoch = spec.epoch ?? 0
  return worldFixture(
    governanceCapture,
    params,
    epoch,
    (p, rng, recorder) => {
      const w = initWorld(p, rng, recorder)
      w.epoch = epoch
      const c = w.holders.cols
      rows.forEach((r, i) => {
        for (const k of Object.keys(r)) if (!(k in HolderColumns)) throw new Error(`no column "${k}"`)
        c.voteEpoch[i] = r.voteEpoch
        c.support[i] = r.support
      })
      spec.world?.(w)
      return w
    },
    spec.epochs
  )
}
