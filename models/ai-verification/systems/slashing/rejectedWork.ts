/**
 * Slashing for rejected work: a contribution that verification rejects loses
 * `verification.slashFraction` of its contributor's bond (burned; the library's
 * `verificationSlash`, models/mechanisms/slashing/destination.ts). A bond under half its size is
 * topped back up with tokens bought from the outside.
 */
import { verificationSlash } from "../../../mechanisms/slashing/destination.ts"
import type { AiVerificationParams as P } from "../../params.ts"
import type { VerificationWorld } from "../../world.ts"

/** Slash contributor j for rejected work and re-bond it if needed; the tokens slashed. */
export const slashRejectedWork = (w: VerificationWorld, p: P, j: number): number => {
  const c = w.contributors
  const slashed = verificationSlash(c.cols.stake[j]!, 1, p.verification.slashFraction)
  c.cols.stake[j] = c.cols.stake[j]! - slashed
  w.ledger.burn(slashed, true)
  w.slashedTotal += slashed
  if (c.cols.stake[j]! < p.contributors.bond / 2) {
    const rebond = Math.min(w.outside, p.contributors.bond - c.cols.stake[j]!)
    w.outside -= rebond
    c.cols.stake[j] = c.cols.stake[j]! + rebond
  }
  return slashed
}
