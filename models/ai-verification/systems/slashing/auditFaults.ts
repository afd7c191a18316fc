/**
 * Slashing for failed verification: each fault an audit proves on a validator slashes
 * `verification.validatorSlashFraction` of its stake, compounding per fault (the library's
 * `verificationSlash`, models/mechanisms/slashing/destination.ts), burned, and booked by
 * validator kind.
 */
import { verificationSlash } from "../../../mechanisms/slashing/destination.ts"
import type { AiVerificationParams as P } from "../../params.ts"
import type { VerificationWorld } from "../../world.ts"

/** Slash validator i for `faults` proven faults; the tokens slashed (the caller rebuilds the cumulative stake). */
export const slashAuditFaults = (w: VerificationWorld, p: P, i: number, faults: number): number => {
  const vals = w.validators
  const slashed = verificationSlash(vals.cols.stake[i]!, faults, p.verification.validatorSlashFraction)
  if (!(slashed > 0)) return 0
  const kind = vals.cols.kind[i]!
  vals.cols.stake[i] = vals.cols.stake[i]! - slashed
  vals.cols.slashed[i] = vals.cols.slashed[i]! + slashed
  w.validatorSlashedByKind[kind] = w.validatorSlashedByKind[kind]! + slashed
  w.ledger.burn(slashed, true)
  return slashed
}
