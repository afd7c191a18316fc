/**
 * Parameters of the gpu-network model, with defaults and descriptions.
 *
 * An epoch is one day by default. Money has two units: tokens (the network's own, on the
 * ledger) and USD (what operators pay for GPUs and what users pay in fees). Defaults are set so
 * that the smallest operators are near break-even: small moves in price or demand show up as
 * churn, which is what the model is for.
 *
 * Each section is a file of this folder (token, market, regions, participants, slashing,
 * governance, attacks); checks.ts holds the cross-field checks.
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { setPath } from "../../../src/kit/runtime.ts"
import { attacksConsistent, capacityRange, demandSeries, emissionExpression, governanceConsistent, rangesOrdered, regionsConsistent, slashSplit, tokenShares } from "./checks.ts"
import { ParamsStruct } from "./struct.ts"

export type { Attack } from "./attacks.ts"
export { Emission } from "./emission.ts"
export { EMISSION_VARIABLES } from "./emissionVariables.ts"

const Base = ParamsStruct.pipe(
  Schema.filter(tokenShares),
  Schema.filter(capacityRange),
  Schema.filter(slashSplit),
  Schema.filter(emissionExpression),
  Schema.filter(regionsConsistent),
  Schema.filter(demandSeries),
  Schema.filter(governanceConsistent),
  Schema.filter(attacksConsistent),
  Schema.filter(rangesOrdered)
)


/**
 * The parameters, with each scheduled proposal's changes checked against the parameter's own
 * rules: the experiment's parameters with that one change must decode (a proposal setting a
 * slashing fraction to 1.5 is refused when the experiment is read, not when it executes).
 */
export const GpuNetworkParams = Base.pipe(
  Schema.filter((p) => {
    if (p.governance.proposals.length === 0) return undefined
    const encoded = Schema.encodeSync(Base)(p)
    for (const [i, prop] of p.governance.proposals.entries()) {
      for (const [path, value] of Object.entries(prop.changes)) {
        const r = Schema.decodeUnknownEither(Base)(setPath(encoded, path, value))
        if (Either.isLeft(r)) {
          const issue = ParseResult.ArrayFormatter.formatErrorSync(r.left)[0]
          return { path: ["governance", "proposals", i, "changes", path], message: `Expected a value ${path} accepts: ${issue?.message ?? "invalid"}` }
        }
      }
    }
    return undefined
  })
)

export type GpuNetworkParams = typeof GpuNetworkParams.Type
