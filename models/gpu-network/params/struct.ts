/**
 * The shape of gpu-network's parameters, section by section (each in its own file), before
 * the cross-field checks of checks.ts.
 */
import * as Schema from "effect/Schema"
import { field, Probability } from "../../../src/kit/index.ts"
import { Attack } from "./attacks.ts"
import { Governance } from "./governance.ts"
import { Validators, Operators } from "./participants.ts"
import { Market } from "./market.ts"
import { Coordination, Demand, Regions, Routing } from "./regions.ts"
import { Slashing } from "./slashing.ts"
import { Token } from "./token.ts"

/** Every section, unchecked. */
export const ParamsStruct = Schema.Struct({
  token: Token,
  market: Market,
  regions: Regions,
  routing: Routing,
  coordination: Coordination,
  demand: Demand,
  operators: Operators,
  validators: Validators,
  slashing: Slashing,
  nakamotoThreshold: field(Probability, 1 / 3, "Stake share the Nakamoto coefficient counts to (1/3 halts BFT consensus)."),
  governance: Governance,
  attacks: field(Schema.Array(Attack), [], "Attacks on the network, by `kind`: griefing (DoS a region), sybil (fake operator identities), cartel (validators withholding operators' rewards); each reports cost, profit, success and the epoch detected as attack.<name>.* metrics (fields and metrics: docs/attacks.md).")
})

export type ParamsStruct = typeof ParamsStruct.Type
