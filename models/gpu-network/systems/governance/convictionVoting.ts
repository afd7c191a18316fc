/**
 * Conviction voting (1Hive): funding requests gather conviction from the tokens staked on them,
 * y_t = alpha y_t-1 + staked (one epoch is one step of the on-chain recurrence), and are paid
 * out of the treasury once y exceeds rho S / (1 - alpha) / (beta - amount/treasury)^2
 * (models/mechanisms/governance/conviction.ts).
 */
import { conviction, threshold } from "../../../mechanisms/governance/conviction.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { groupPowers } from "./power.ts"

/**
 * Conviction voting on the open funding requests: conviction grows from the tokens staked since
 * the last epoch (conviction.ts `conviction`, one step), then a request whose conviction exceeds
 * its threshold (conviction.ts `threshold`, with S = max(tokens staked on open requests,
 * minStakeShare x supply) and the funds R = the treasury now) is paid out of the treasury.
 */
export const convictionVoting = (w: GpuWorld, p: GpuNetworkParams) => {
  const c = p.governance.conviction
  const s = w.governance
  if (!s.requests.some((r) => r.state === "open")) return
  const tokens = groupPowers(w, p.governance, "token-weighted")
  let staked = 0
  for (const req of s.requests) {
    if (req.state !== "open") continue
    if (w.epoch > req.raisedAt) req.conviction = conviction(1, req.conviction, req.staked, c.decay)
    const sup = req.spec.support
    req.staked = sup.operators * tokens.operators + sup.validators * tokens.validators + sup.holders * tokens.holders
    staked += req.staked
  }
  const S = Math.max(staked, c.minStakeShare * w.ledger.supply)
  for (const req of s.requests) {
    if (req.state !== "open") continue
    const need = w.treasury > 0 ? threshold(req.spec.amount, w.treasury, S, c.weight, c.maxRatio, c.decay) : Number.POSITIVE_INFINITY
    req.progress = !Number.isFinite(need) ? 0 : need > 0 ? req.conviction / need : 1
    if (req.conviction > need) {
      const paid = Math.min(w.treasury, req.spec.amount)
      w.treasury -= paid
      w.outside += paid
      req.state = "funded"
      req.fundedAt = w.epoch
      s.funded++
      w.events?.push(w.epoch, "governance", `funding request ${req.spec.name} funded after ${w.epoch - req.raisedAt} epochs: conviction ${Math.round(req.conviction)} > threshold ${Math.round(need)}; ${Math.round(paid)} tokens out of the treasury`)
    }
  }
}
