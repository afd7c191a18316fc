/**
 * Where a slash goes (models/mechanisms/slashing/destination.ts `splitSlash`): treasury,
 * whistleblower (paid outside: the reporter is an outside party) and the rest burned (counted as
 * slashed-and-burned in the ledger). Every slash of the model, attacks' included, ends here.
 */
import { splitSlash } from "../../../mechanisms/slashing/destination.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"


/** Apply a slash of `amount`: burn, treasury, whistleblower. */
export const settle = (w: GpuWorld, p: GpuNetworkParams, amount: number) => {
  const split = splitSlash(amount, { toTreasury: p.slashing.toTreasury, toWhistleblower: p.slashing.toWhistleblower })
  if (split.burned > 0) w.ledger.burn(split.burned, true)
  w.treasury += split.treasury
  w.outside += split.whistleblower
  w.slashing.slashedTotal += amount
}
