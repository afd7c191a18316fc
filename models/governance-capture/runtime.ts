/**
 * governance-capture: token holders, a treasury and one attacker trying to take it through
 * governance. Reproduces the two classic failures: flash-loan capture when voting power is
 * live and an emergency path executes without delay (Beanstalk, April 2022), and a whale
 * coalition passing a treasury grab while most holders do not vote (Compound proposal 289,
 * July 2024). Attack outcomes are metrics: cost, profit, success, epoch detected.
 *
 * Governance runs on the library every model uses (models/mechanisms/governance: lifecycle,
 * tally, flash-loan power). Layout: world.ts (tables, init, invariants) and one file per rule
 * in systems/ (vote: propose and vote; flashLoan; close; metrics).
 */
import { defineRuntime } from "../../src/kit/runtime.ts"
import type { GovernanceCaptureParams as P } from "./params.ts"
import { close } from "./systems/close.ts"
import { flashLoan } from "./systems/flashLoan.ts"
import { governanceMetrics, metrics, planMetrics } from "./systems/metrics.ts"
import { propose, vote } from "./systems/vote.ts"
import { type GovWorld, holderState, initWorld, invariants } from "./world.ts"

export { governanceMetrics } from "./systems/metrics.ts"
export type { GovWorld } from "./world.ts"

export const governanceCaptureRuntime = defineRuntime<P, GovWorld>({
  name: "governance-capture",
  metrics: governanceMetrics,
  paramMetrics: planMetrics,
  headline: ["attack.capture.success", "attack.capture.profit", "yesShare", "turnout", "treasury"],
  reportMetrics: ["treasury", "yesShare", "turnout", "attack.capture.profit"],
  attacks: (p) => (p.attack.kind === "none" ? [] : [{ name: "capture", kind: p.attack.kind === "flash-loan" ? "flash-loan vote" : "whale coalition" }]),
  state: holderState,
  init: initWorld,
  systems: [propose, vote, flashLoan, close, metrics],
  invariants
})

export default governanceCaptureRuntime
