/**
 * Parameters of the subnets model (Bittensor's dynamic TAO): subnets with their own TAO/alpha
 * pools compete for the network's TAO emission; stakers, validators and miners move between
 * them. One epoch is one day (`blocksPerEpoch` blocks of 12 s); per-block rules from subtensor
 * are applied with per-epoch equivalents (docs/networks.md).
 */
import * as Schema from "effect/Schema"
import { Count, field, NonNegative, Positive, PositiveInt, Probability, section } from "../../src/kit/index.ts"

export const ShareRule = Schema.Literal("price", "flow").annotations({
  description: "price: TAO emission shared by moving alpha price (subtensor's rule at the snapshot read, and before October 2025); flow: by the EMA of net TAO flows into each subnet (October 2025 - June 2026)"
})

export const SubnetsParams = Schema.Struct({
  subnets: section(
    {
      count: field(PositiveInt, 16, "Subnets at epoch 0; also the subnet limit (a registration past it prunes the weakest)."),
      poolTao: field(Positive, 20_000, "Median TAO in a subnet's pool at epoch 0 (log-normal across subnets)."),
      poolSpread: field(NonNegative, 0.6, "Log-normal sigma of pool sizes and subnet qualities at epoch 0."),
      price: field(Positive, 0.02, "Median alpha price at epoch 0, TAO."),
      qualityDrift: field(NonNegative, 0.03, "Per-epoch log-normal drift of a subnet's usefulness (what its outside demand pays for)."),
      immunityEpochs: field(Count, 30, "Epochs a new subnet cannot be pruned."),
      minLock: field(Positive, 1000, "Minimum lock to register a subnet, TAO (`SubtensorInitialMinLockCost`)."),
      lastLock: field(Positive, 10_000, "The last registration's lock at epoch 0, TAO (the next one costs up to twice this)."),
      lockReductionEpochs: field(Positive, 14, "Epochs over which the doubled lock falls back (14 days of blocks, scaled by the emission)."),
      registrationHorizon: field(Positive, 180, "Epochs of owner income a would-be owner counts when deciding whether a registration pays."),
      ownerCut: field(Probability, 11796 / 65535, "Owner's cut of alpha out (18%).")
    },
    "Subnets and their pools."
  ),
  emission: section(
    {
      rule: field(ShareRule, "price", "How TAO emission is shared between subnets."),
      blocksPerEpoch: field(PositiveInt, 7200, "Blocks per epoch (7200: a day)."),
      taoIssued: field(NonNegative, 10_600_000, "TAO issued at epoch 0 (past the first halving: 0.5 TAO per block)."),
      flowExponent: field(Positive, 1, "flow rule: exponent p of the normalization (`FlowNormExponent`)."),
      flowCutoff: field(Schema.Number, 0, "flow rule: lower limit cutoff (`TaoFlowCutoff`)."),
      priceHalvingEpochs: field(NonNegative, 0, "Moving price: a young subnet's EMA weight is scaled by age / (age + this) (`EMAPriceHalvingBlocks`, in epochs)."),
      feeRate: field(Probability, 33 / 65535, "Swap fee (to the block author)."),
      taoWeight: field(Probability, 0.18, "Weight of root TAO against alpha in stake and root proportion (`TaoWeight`; the runtime's initial value is ~0.053, mainnet has run at 0.18).")
    },
    "TAO and alpha emission (subtensor coinbase)."
  ),
  market: section(
    {
      taoUsd: field(Positive, 300, "TAO price, USD (miners' and validators' costs are in USD)."),
      taoVolatility: field(NonNegative, 0.03, "Daily log-volatility of the TAO price."),
      demand: field(NonNegative, 2000, "Outside demand: TAO per epoch the users of subnets' outputs spend buying alpha, shared by usefulness x miners' output."),
      demandNoise: field(NonNegative, 0.3, "Log-normal sigma of each subnet's demand per epoch."),
      outsideTurnover: field(Probability, 0.05, "Share of outside holders' alpha sold back each epoch."),
      demandDropAt: field(Count, 0, "Epoch of a demand drop (0: none)."),
      demandDrop: field(Probability, 0.6, "Share of outside demand lost at the drop.")
    },
    "TAO market and outside demand for subnet alpha."
  ),
  stakers: section(
    {
      count: field(PositiveInt, 200, "Stakers."),
      alphaStaked: field(Probability, 0.5, "Alpha held by stakers at epoch 0, as a share of the pools' alpha."),
      rootTao: field(NonNegative, 1, "TAO staked on root at epoch 0 (stakers and validators), as a multiple of the TAO in all pools."),
      momentum: field(NonNegative, 0.5, "Weight of the alpha price's recent return in a staker's expected return on a subnet (0: dividend yield only)."),
      rebalanceRate: field(Probability, 0.1, "Chance a staker reviews its positions in an epoch."),
      moveShare: field(Probability, 0.25, "Share of its worst position a staker moves to the best subnet when it pays."),
      horizon: field(Positive, 30, "Epochs over which a staker expects a yield gap to last (it moves when the gap over this horizon beats fees and slippage)."),
      noise: field(NonNegative, 0.3, "Relative error of a staker's read of a subnet's yield."),
      memory: field(Probability, 0.1, "EMA weight of the newest epoch in the yields stakers observe.")
    },
    "Stakers: hold alpha (and root TAO), move it toward the best observed yield."
  ),
  validators: section(
    {
      count: field(PositiveInt, 16, "Validators."),
      span: field(Probability, 0.75, "Chance a validator validates on each subnet at epoch 0 (at least one)."),
      ownShare: field(Probability, 0.2, "Validators' own alpha as a share of stakers' alpha (the rest is delegated to them)."),
      take: field(Probability, 0.18, "Validator take of delegators' dividends."),
      noise: field(NonNegative, 0.15, "Std dev of an honest validator's error scoring a miner."),
      evalCost: field(NonNegative, 40, "USD per epoch an honest validator pays to evaluate miners on one subnet."),
      copyCost: field(NonNegative, 2, "USD per epoch a weight copier pays per subnet (reading the chain)."),
      copierShare: field(Probability, 0, "Share of validators (smallest first) that copy the previous epoch's consensus instead of evaluating."),
      reviewRate: field(Probability, 0.1, "Chance a validator reviews a subnet it validates on in an epoch (it leaves a loss-making one for the subnet where its stake would earn most)."),
      kappa: field(Probability, 0.5, "Yuma majority."),
      bondsAlpha: field(Probability, 0.1, "Yuma bonds EMA alpha."),
      yuma3: field(Schema.Boolean, true, "Yuma 3 bonds.")
    },
    "Validators span subnets, score miners, earn dividends; copiers copy weights."
  ),
  miners: section(
    {
      slots: field(PositiveInt, 16, "Miner slots (UIDs) per subnet."),
      initialShare: field(Probability, 0.75, "Share of slots filled at epoch 0."),
      costUsd: field(NonNegative, 150, "Median miner cost per epoch, USD (log-normal, sigma 0.6)."),
      entrants: field(NonNegative, 1, "Would-be miners looking at the network each epoch, per subnet (each joins the best subnet when it pays; a fraction is a chance of one more)."),
      moveRate: field(Probability, 0.2, "Chance a miner reviews where to mine in an epoch."),
      horizon: field(Positive, 30, "Epochs over which a miner amortizes the registration burn and its setup cost."),
      setupCostUsd: field(NonNegative, 1500, "USD a miner spends to start serving a subnet's task (code, data, tuning); spread over its horizon when it compares subnets."),
      burn: field(NonNegative, 0.1, "Initial neuron registration burn, TAO (`SubtensorInitialBurn`); rises 1.26x per registration, halves every 360 blocks."),
      memory: field(Probability, 0.2, "EMA weight of the newest epoch in a miner's observed income.")
    },
    "Miners: serve one subnet, paid by Yuma incentive, move to the subnet that pays."
  ),
  attacks: section(
    {
      washBudget: field(NonNegative, 0, "Subnet 0's owner: TAO it may put into wash trades of its own pool (0: no wash trading)."),
      washStart: field(Count, 30, "Epoch the owner starts wash trading."),
      washHold: field(Probability, 0.9, "Share of each epoch the owner holds its bought alpha before selling it back (the price the moving price samples is pumped for this share)."),
      washTrips: field(PositiveInt, 4, "Round trips per epoch (each pays the fee twice)."),
      washReview: field(Count, 0, "0: the owner washes its whole budget every epoch (a committed attacker); n: it starts with a quarter and every n epochs grows the size (x1.5) while its income over its pre-attack baseline beats the cost, halving it otherwise."),
      rootBudget: field(NonNegative, 0, "TAO an attacker stakes on root through its own validator, which copies weights on every subnet (0: none)."),
      rootStart: field(Count, 30, "Epoch the root stake arrives."),
      capitalCost: field(NonNegative, 0.0002, "Opportunity cost of capital per epoch (the root attacker's cost of locking its budget).")
    },
    "Attacks: a wash-trading subnet owner, stake concentration on root (weight copying: validators.copierShare)."
  )
})
export type SubnetsParams = typeof SubnetsParams.Type
