/**
 * The state of gpu-network's emission rule in a run: what it has issued, Cosmos' current
 * inflation and mint parameters, the compiled expression. A leaf module: the world holds it.
 */
import { type Compiled, compileExpression } from "../../../../src/kit/runtime.ts"
import { type MintParams } from "../../../mechanisms/emission/bondedRatio.ts"
import { decOfNumber } from "../../../mechanisms/emission/LegacyDec.ts"
import type { Emission } from "../../params/params.ts"
import { EMISSION_VARIABLES } from "../../params/emissionVariables.ts"

/** Per-run state of the emission rule. */
export interface EmissionState {
  /** Tokens this rule has minted since epoch 0. */
  issued: number
  /** Cosmos: current annual inflation, LegacyDec units. */
  inflation: bigint
  mint?: MintParams
  compiled?: Compiled
}

// A parameter as the chain would hold it: 0.13 is exactly 0.13, not its binary expansion to 18 places.
const decOf = decOfNumber

/** Fresh emission state for a rule. */
export const initEmission = (rule: Emission): EmissionState => {
  const state: EmissionState = { issued: 0, inflation: 0n }
  if (rule.kind === "bonded-ratio-controller") {
    state.inflation = decOf(rule.initialInflation)
    state.mint = {
      inflationRateChange: decOf(rule.inflationRateChange),
      inflationMax: decOf(rule.inflationMax),
      inflationMin: decOf(rule.inflationMin),
      goalBonded: decOf(rule.goalBonded),
      blocksPerYear: BigInt(rule.blocksPerYear)
    }
  }
  if (rule.kind === "expression") {
    const c = compileExpression(rule.expression, { variables: EMISSION_VARIABLES, result: "number" })
    if (!c.ok) throw new Error(`token.emission.expression: ${c.error}`)
    state.compiled = c.compiled
  }
  return state
}
