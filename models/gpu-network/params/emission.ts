/**
 * Emission rules of gpu-network's `token.emission`: fixed, exponential decay, halving by
 * issuance, Cosmos bonded-ratio controller, Polkadot ideal-staking curve, Ethereum sqrt-stake
 * and the designer's own expression.
 */
import * as Schema from "effect/Schema"
import { field, NonNegative, Positive, PositiveInt, Probability } from "../../../src/kit/index.ts"

/** Same emission every epoch. */
const FixedEmission = Schema.Struct({
  kind: Schema.Literal("fixed"),
  perEpoch: field(NonNegative, 500_000, "Tokens minted per epoch.")
})

/** Emission that halves every `halfLife` epochs. */
const DecayEmission = Schema.Struct({
  kind: Schema.Literal("exponential-decay"),
  perEpoch: field(NonNegative, 500_000, "Tokens minted in epoch 0."),
  halfLife: field(Positive, 365, "Epochs for the per-epoch emission to halve.")
})

/** Bittensor: halves each time half of what remains under the cap is issued. */
const HalvingEmission = Schema.Struct({
  kind: Schema.Literal("halving-by-issuance"),
  perEpoch: field(NonNegative, 500_000, "Tokens minted per epoch before the first halving."),
  cap: field(Positive, 500_000_000, "Most tokens this rule will ever issue (on top of the initial supply).")
})

/** Cosmos x/mint: inflation steers toward a bonded-ratio goal. */
const BondedRatioEmission = Schema.Struct({
  kind: Schema.Literal("bonded-ratio-controller"),
  initialInflation: field(Probability, 0.13, "Annual inflation at epoch 0."),
  inflationRateChange: field(Probability, 0.13, "Largest change of annual inflation per year."),
  inflationMax: field(Probability, 0.2, "Highest annual inflation."),
  inflationMin: field(Probability, 0.07, "Lowest annual inflation."),
  goalBonded: field(Probability, 0.67, "Bonded (staked) share of supply the controller aims for."),
  blocksPerYear: field(PositiveInt, 6_311_520, "Blocks per year (block provisions are truncated per block).")
})

/** Polkadot NPoS: stakers' inflation by the ideal-staking curve, the rest of the maximum to the treasury. */
const IdealStakingEmission = Schema.Struct({
  kind: Schema.Literal("ideal-staking-curve"),
  maxInflation: field(Probability, 0.1, "Annual inflation paid in total (stakers + treasury)."),
  minInflation: field(Probability, 0.025, "Stakers' annual inflation when nothing is staked."),
  idealStake: field(Probability, 0.75, "Staked share at which stakers get all of maxInflation."),
  falloff: field(Positive, 0.05, "How fast stakers' inflation halves above the ideal stake.")
})

/** Ethereum: base reward per increment = 64e9 // isqrt(total stake in gwei), paid every period. */
const SqrtStakeEmission = Schema.Struct({
  kind: Schema.Literal("sqrt-stake"),
  periodsPerEpoch: field(Positive, 225, "Reward periods per epoch (Ethereum: 225 epochs of 6.4 minutes a day)."),
  incrementTokens: field(Positive, 1, "Tokens per effective-balance increment (Ethereum: 1 ETH).")
})

/** The designer's own formula. */
const ExpressionEmission = Schema.Struct({
  kind: Schema.Literal("expression"),
  expression: Schema.String.annotations({
    description: "Tokens per epoch as a formula of epoch, supply, staked, stakedRatio, price, issued, initialSupply, epochsPerYear, e.g. \"0.05 * supply / epochsPerYear * (1 - stakedRatio)\". Negative results mint nothing."
  })
})

/** Emission rule: how many tokens are minted each epoch. */
export const Emission = Schema.Union(FixedEmission, DecayEmission, HalvingEmission, BondedRatioEmission, IdealStakingEmission, SqrtStakeEmission, ExpressionEmission).annotations({
  description: "Emission rule, chosen by `kind`."
})
export type Emission = typeof Emission.Type
