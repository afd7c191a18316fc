/**
 * attackMoves: the attackers' moves before the epoch's uptime draw: (re)starts, joins,
 * detection, ends; then the attacks' effects on this epoch (regions knocked offline, the
 * cartel's cut), written into the world for the systems to read.
 *
 * Attacks read their parameters every epoch, so a launch (startEpoch moved mid-run, e.g. from
 * the TUI) works: reaching `startEpoch` (re)starts an attack.
 */
import { system } from "../../../../src/kit/runtime.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { cartelEpoch, disband, formCartel } from "./cartel.ts"
import { writeCartelCut } from "./cartel.ts"
import { startGriefing, writeOfflineShares } from "./griefing.ts"
import { optimizedGriefingMoves } from "./griefingOptimizer.ts"
import { leaveAll } from "./identities.ts"
import { optimizedCartelMoves } from "./cartelOptimizer.ts"
import { attackRng, isOn } from "./lifecycle.ts"
import { freshAttack } from "./state.ts"
import { detectSybils, joinSybils } from "./sybil.ts"
import { optimizedSybilMoves } from "./sybilOptimizer.ts"

export const attackMoves = system<GpuWorld, GpuNetworkParams>("attackMoves", (w, p) => {
  if (p.attacks.length === 0) return
  p.attacks.forEach((a, idx) => {
    const tag = idx + 1
    const s = (w.attackStates[idx] ??= freshAttack(0))
    if (a.kind === "cartel" && a.mode === "optimize") return optimizedCartelMoves(w, p, a, s, idx)
    if (a.kind === "sybil" && a.mode === "optimize") return optimizedSybilMoves(w, p, a, s, idx)
    if (a.kind === "griefing" && a.mode === "optimize") return optimizedGriefingMoves(w, p, a, s, idx)
    const on = isOn(a, w.epoch)
    if (on && (s.started < 0 || w.epoch === a.startEpoch) && s.started !== w.epoch) {
      // (Re)start, e.g. launched from the TUI: undo a previous round, measure from here.
      if (a.kind === "cartel") disband(w, tag)
      else leaveAll(w, s, tag)
      Object.assign(s, freshAttack(s.tokens), { started: w.epoch, exitsAtStart: w.totals.operatorExits, rng: attackRng(w, idx) })
      if (a.kind === "sybil") joinSybils(w, p, s.rng!, a, s, tag)
      else if (a.kind === "cartel") formCartel(w, a, tag)
      else startGriefing(w, p, a, s, tag)
    }
    if (s.started < 0 || s.over) return
    if (!on) {
      s.over = true
      s.credible = false
      if (a.kind === "cartel") disband(w, tag)
      else leaveAll(w, s, tag)
      w.events?.push(w.epoch, "attack", `${a.name}: ${a.kind} attack ends`)
      return
    }
    if (a.kind === "griefing") return
    if (a.kind === "sybil") {
      // Checks start the epoch after the identities joined.
      if (w.epoch > s.started) detectSybils(w, p, s.rng!, a, s, tag)
      return
    }
    cartelEpoch(w, p, a, s, tag)
  })
  writeOfflineShares(w, p)
  writeCartelCut(w, p)
})
