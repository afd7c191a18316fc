/**
 * Attacks on the gpu-network (params.attacks). Each attack reports, as metrics,
 * `attack.<name>.cost` (USD so far), `.profit` (USD: what the attacker holds or took, valued at
 * the current price, minus its cost), `.success` (0/1), `.detectedEpoch` (NaN before), and what
 * it did (per kind, see KIND_FIELDS).
 *
 * - griefing: from `startEpoch` for `durationEpochs`, each operator of the region is offline
 *   with probability `offlineShare` (written to `world.attackEffects`, read by uptime). Pure griefing gains
 *   nothing: profit = -cost. With `ownOperators` the attacker runs operators in `ownRegion` for
 *   the duration (joined like sybil identities, with real GPUs), which pick up the work and
 *   emission the region loses: profit = their holdings at the current price - DoS, stake and
 *   running costs. It is visible (detected) when it starts; it succeeds when the region has lost
 *   `targetDrop` of its operators.
 * - sybil: at `startEpoch` the attacker buys stake from outside holders and joins `identities`
 *   operators (column `attacker` = attack index + 1). They earn like any operator (routing and
 *   the per-node reward cannot tell them apart) but never sell or leave before the end; fake
 *   ones claim capacity with no GPU behind it. Each epoch each identity is caught with
 *   `detectionPerEpoch`: slashed and removed. At the end the rest leave; stake and rewards go
 *   to the attacker's holdings. Cost = stake bought (USD) + identity and GPU costs; success:
 *   profit > 0.
 * - cartel: at `startEpoch` validators in slot order join until they hold `stakeShare` of the
 *   validator stake (column `cartel`). While the share is above 1/3 (a veto over blocks) the
 *   operators system withholds `cut` of every operator's rewards for the cartel (`attackEffects.cartelCut`).
 *   While it is at most 2/3, its vetoes are visible: detected with `detectionPerEpoch`, members
 *   slashed `slashOnDetection` and the cartel disbands. Members of a collecting cartel do not
 *   leave (the validators system keeps them). Success: profit > 0.
 *
 * Attacks read their parameters every epoch, so a launch (startEpoch moved mid-run, e.g. from
 * the TUI) works: reaching `startEpoch` (re)starts an attack. `attackMoves` runs before uptime
 * (joins, detection, ends), `attacks` after the epoch's economics (book-keeping, metrics).
 * Attacker tokens outside the network are `AttackState.tokens`, a holder in totalHoldings.
 *
 * This file is the end-of-epoch book-keeping (system `attacks`); each kind is a file of this
 * folder (griefing.ts, sybil.ts, cartel.ts), attackMoves.ts their moves before uptime.
 */
import { system } from "../../../../src/kit/runtime.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { recordCartel } from "./cartel.ts"
import { ownedValidatorTokens } from "./cartelOptimizer.ts"
import { recordGriefing } from "./griefing.ts"
import { freshAttack } from "./state.ts"
import { recordSybil } from "./sybil.ts"

/** Attack book-keeping and metrics, after the epoch's economics (rewards, exits, jailings). */
export const attacks = system<GpuWorld, GpuNetworkParams>("attacks", (w, p) => {
  if (p.attacks.length === 0) return
  const r = w.recorder
  p.attacks.forEach((a, idx) => {
    const s = (w.attackStates[idx] ??= freshAttack(0))
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
    if (a.kind === "griefing") profit = recordGriefing(w, p, a, s, base, started, held, rewards)
    else if (a.kind === "sybil") profit = recordSybil(w, a, s, base, started, held, rewards, live)
    else profit = recordCartel(w, a, s, base, started, a.mode === "optimize" ? ownedValidatorTokens(w, idx + 1) : 0)
    r.record(`${base}cost`, s.cost)
    r.record(`${base}profit`, profit)
    r.record(`${base}success`, s.success ? 1 : 0)
    r.record(`${base}detectedEpoch`, s.detected >= 0 ? s.detected : Number.NaN)
  })
})
