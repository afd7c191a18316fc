/**
 * gpu-network's `operators` and `validators`: who joins, what they cost, when they leave.
 */
import * as Schema from "effect/Schema"
import { Count, field, NonNegative, Positive, Probability, section } from "../../../src/kit/index.ts"
import { Range } from "./fields.ts"
import { HardwareSchedule, MarginHalfLife, OperatorDecision, Relocation, StakeUsdPerUnit, ValidatorDecision, ValidatorMarginHalfLife } from "./participation.ts"

/** The `operators` section. */
export const Operators = section(
  {
    count: field(Count, 1_000, "Operators at epoch 0."),
    arrivalsPerEpoch: field(NonNegative, 4, "Mean number of prospective operators per epoch (Poisson); each joins only if its expected profit is positive."),
    capacityMin: field(Positive, 1, "Smallest GPU capacity (units); capacity is Pareto distributed above it."),
    capacityAlpha: field(Positive, 1.6, "Pareto shape of GPU capacity: smaller is more heavy-tailed."),
    capacityMax: field(Positive, 500, "Largest GPU capacity (units)."),
    costPerUnitUsd: field(NonNegative, 150, "Median operating cost per capacity unit per epoch in USD (log-normal across operators)."),
    costSigma: field(NonNegative, 0.3, "Log-space spread of the per-unit cost."),
    fixedCostUsd: field(NonNegative, 40, "Fixed cost per operator per epoch in USD (what makes small operators fragile)."),
    uptime: Range(0.9, 0.999, "uptime (probability of being online in an epoch)", Probability),
    patience: Range(3, 30, "patience (consecutive loss-making epochs tolerated before leaving)"),
    stakePerUnit: field(NonNegative, 5_000, "Tokens an operator stakes per capacity unit to join."),
    minStake: field(NonNegative, 0, "Least stake any operator must put up, tokens (a per-identity cost against sybil operators); an operator stakes max(capacity x stakePerUnit, minStake)."),
    sellFraction: field(Probability, 0.3, "Fraction of token income (fees and emission) sold on the market each epoch (operators.selling fraction, the default: an explicit override of selling from need)."),
    selling: field(
      Schema.Literal("fraction", "need"),
      "fraction",
      "fraction: sell sellFraction of token income each epoch. need: sell the tokens that pay this epoch's USD costs (from savings when income falls short), plus a share of the income above them that follows the price trend (surplusShare - expectation x ln(price / average price), within [0, 1]); docs/participation.md."
    ),
    surplusShare: field(Probability, 0.2, "selling need: share of the income above costs sold while the price is at its average (market.referenceHalfLife)."),
    expectation: field(NonNegative, 2, "selling need: how strongly operators extrapolate the price trend: the share of surplus sold falls by expectation x ln(price / average price) (holding on while the price rises, selling out while it falls); 0: no expectations. Plausible range 0-10."),
    smallBelow: field(Positive, 2, "Operators with capacity below this are 'small' in the size-class metrics."),
    largeFrom: field(Positive, 10, "Operators with capacity at or above this are 'large'; the rest are 'medium'."),
    decision: OperatorDecision,
    marginHalfLife: MarginHalfLife,
    stakeUsdPerUnit: StakeUsdPerUnit,
    hardware: HardwareSchedule,
    relocation: Relocation
  },
  "GPU operators."
)

/** The `validators` section. */
export const Validators = section(
  {
    count: field(Count, 100, "Validators at epoch 0."),
    arrivalsPerEpoch: field(NonNegative, 0.3, "Mean number of prospective validators per epoch (Poisson)."),
    stakeMedian: field(Positive, 1_000_000, "Median validator stake in tokens (log-normal)."),
    stakeSigma: field(NonNegative, 1, "Log-space spread of validator stake."),
    initialStakes: field(
      Schema.Array(NonNegative),
      [],
      "The validators at epoch 0 as a stake distribution, one stake in tokens each (usually from a data file: data: {validators.initialStakes: {file, column}}); replaces count, stakeMedian and stakeSigma at epoch 0. Empty: drawn."
    ),
    costUsd: field(NonNegative, 400, "Operating cost per validator per epoch in USD."),
    patience: Range(5, 60, "validator patience (loss-making epochs tolerated)"),
    sellFraction: field(Probability, 0.5, "Fraction of token rewards sold each epoch."),
    decision: ValidatorDecision,
    marginHalfLife: ValidatorMarginHalfLife
  },
  "Validators."
)
