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

/**
 * A schema of gpu-network's parameters (or of a model that extends them, models/network) with
 * each scheduled proposal's changes checked against the parameters' own rules: the experiment's
 * parameters with that one change must decode (a proposal setting a slashing fraction to 1.5 is
 * refused when the experiment is read, not when it executes).
 */
export const withProposalChecks = <A extends ParamsStruct, I>(base: Schema.Schema<A, I>) =>
  base.pipe(
    Schema.filter((p) => {
      if (p.governance.proposals.length === 0) return undefined
      const encoded = Schema.encodeSync(base)(p)
      for (const [i, prop] of p.governance.proposals.entries()) {
        for (const [path, value] of Object.entries(prop.changes)) {
          const r = Schema.decodeUnknownEither(base)(setPath(encoded, path, value))
          if (Either.isLeft(r)) {
            const issue = ParseResult.ArrayFormatter.formatErrorSync(r.left)[0]
            return { path: ["governance", "proposals", i, "changes", path], message: `Expected a value ${path} accepts: ${issue?.message ?? "invalid"}` }
          }
        }
      }
      return undefined
    })
  )

/** Every cross-field check of gpu-network's parameters, on its struct or a struct extending it. */
export const withChecks = <A extends ParamsStruct, I>(struct: Schema.Schema<A, I>) =>
  struct.pipe(
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

/** The parameters, with the cross-field checks and each scheduled proposal's changes checked. */
export const GpuNetworkParams = withProposalChecks(withChecks(ParamsStruct))

export type GpuNetworkParams = typeof GpuNetworkParams.Type
