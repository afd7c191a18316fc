/**
 * Slashing in the running network, with the library's rules (models/mechanisms/slashing):
 * - downtime: each epoch is a signing round; an operator online less than minSignedPerWindow of
 *   its window (after its first window) loses downtimeFraction of its stake and is jailed for
 *   jailEpochs (it earns nothing then: routing skips it);
 * - double signing: each validator equivocates with probability doubleSignRate per epoch and is
 *   tombstoned: it leaves, its remaining stake unbonds. It loses, by `doubleSignRule`:
 *   fraction: doubleSignFraction of its stake; electra: Ethereum's slash_validator
 *   (`initialSlash`): effective balance // 4096, while a whistleblower reward of effective
 *   balance // 4096 is minted (the spec's increase_balance: new tokens, not a share of the
 *   penalty), 8/64 of it to a proposer (another validator, drawn by stake) and the rest to the
 *   reporter (outside holders). `correlated` adds the correlation penalty under either rule;
 * - every slash is split by `splitSlash`: treasury, whistleblower (paid outside, to an outside
 *   reporter) and the rest burned (counted as slashed-and-burned in the ledger).
 *
 * One rule per file of this folder: downtime.ts, doubleSign.ts (electra.ts for Ethereum's
 * penalty), inactivityLeak.ts, settle.ts (where a slash goes); state.ts is what a run keeps.
 */
import { system } from "../../../../src/kit/runtime.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { doubleSign } from "./doubleSign.ts"
import { downtime } from "./downtime.ts"
import { inactivityLeak } from "./inactivityLeak.ts"

export const slashing = system<GpuWorld, GpuNetworkParams>("slashing", (w, p, rng) => {
  if (p.slashing.downtime) downtime(w, p)
  if (p.slashing.inactivityLeak) inactivityLeak(w, p)
  doubleSign(w, p, rng)
})
