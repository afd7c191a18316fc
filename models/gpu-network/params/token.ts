/**
 * gpu-network's `token`: supply, treasury, emission rule, reward split, fee burn, vesting.
 */
import * as Schema from "effect/Schema"
import { Count, field, NonNegative, Positive, Probability, section } from "../../../src/kit/index.ts"
import { Emission } from "./emission.ts"

/** The `token` section. */
export const Token = section(
  {
    initialSupply: field(Positive, 1_000_000_000, "Tokens in existence at epoch 0."),
    initialTreasury: field(NonNegative, 100_000_000, "Tokens the treasury holds at epoch 0 (part of the initial supply)."),
    epochsPerYear: field(Positive, 365, "Epochs in a year, to annualize inflation."),
    emission: Schema.optionalWith(Emission, { default: () => ({ kind: "fixed" as const, perEpoch: 500_000 }), exact: true }),
    vesting: field(
      Schema.Array(
        Schema.Struct({
          name: Schema.String.annotations({ description: "Label of the allocation (team, investors, ...)." }),
          tokens: NonNegative.annotations({ description: "Tokens allocated (part of the initial supply, locked at epoch 0)." }),
          cliffEpochs: Count.annotations({ description: "Epochs before anything unlocks." }),
          vestingEpochs: Count.annotations({ description: "Epochs until everything is unlocked (linear from epoch 0; what vested by the cliff unlocks at the cliff)." }),
          sellFraction: Probability.annotations({ description: "Share of each unlock sold on the market at once." })
        })
      ),
      [],
      "Locked allocations released on a cliff + linear schedule into the market."
    ),
    feeBurn: field(Probability, 0, "Share of the fees users pay that is burned (EIP-1559 style); the rest goes to the operators who did the work."),
    operatorShare: field(Probability, 0.7, "Share of each epoch's emission paid to operators, pro rata to capacity served."),
    perOperatorShare: field(Probability, 0, "Share of the operators' emission paid in equal parts to every online operator (a per-node reward, as some DePIN networks pay), the rest pro rata to work; what sybil identities exploit."),
    validatorShare: field(Probability, 0.2, "Share of each epoch's emission paid to validators, pro rata to stake. The rest goes to the treasury.")
  },
  "Token supply and emission."
)
