/**
 * staking-pool's parameters: every field has a default and a description, so an experiment
 * names only what it changes (`sandbox params` lists them).
 */
import { Count, field, NonNegative, Positive, PositiveInt, Probability, Schema, section } from "incentive-sandbox/kit"

export const StakingPoolParams = Schema.Struct({
  token: section(
    {
      initialSupply: field(Positive, 10_000_000, "Tokens at epoch 0, all unstaked except the initial stakers'."),
      emissionPerEpoch: field(NonNegative, 2_000, "Tokens minted each epoch and paid to stakers pro rata to stake."),
      epochsPerYear: field(PositiveInt, 365, "Epochs in a year (yields are annualized with it).")
    },
    "The token."
  ),
  stakers: section(
    {
      count: field(Count, 100, "Stakers at epoch 0."),
      stakeMedian: field(Positive, 2_000, "Median stake of a staker, tokens (log-normal)."),
      stakeSigma: field(NonNegative, 0.8, "Log-normal sigma of stakes."),
      requiredYieldMedian: field(Probability, 0.1, "Median annual yield a staker requires to keep staking (log-normal across stakers)."),
      requiredYieldSigma: field(NonNegative, 0.5, "Log-normal sigma of required yields."),
      patience: field(Count, 5, "Epochs below its required yield a staker tolerates before it unstakes."),
      arrivalsPerEpoch: field(NonNegative, 5, "Prospective stakers per epoch (Poisson mean); each joins if the yield after it joins meets its requirement.")
    },
    "The stakers."
  )
})

export type StakingPoolParams = typeof StakingPoolParams.Type
