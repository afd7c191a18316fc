/**
 * gpu-network's participation costs, operators' exit rule and relocation
 * (participation/participation.ts applies them; docs/participation.md explains them). Kept apart
 * from the runtime code so worker threads never load effect/Schema.
 */
import * as Schema from "effect/Schema"
import { Count, field, NonNegative, Positive, Probability, section } from "../../../src/kit/index.ts"

export const OperatorDecision = field(
  Schema.Literal("streak", "expected"),
  "streak",
  "How operators decide to leave: streak (after more consecutive loss-making epochs than their patience; one profitable epoch resets the count) or expected (when the exponential average of their realised margin, half-life marginHalfLife, has been negative for longer than their patience)."
)

export const ValidatorDecision = field(
  Schema.Literal("streak", "expected"),
  "streak",
  "How validators decide to leave: streak (after more consecutive loss-making epochs than their patience; one profitable epoch resets the count) or expected (when the exponential average of their realised margin, half-life validators.marginHalfLife, has been negative for longer than their patience), as operators.decision does for operators."
)

export const ValidatorMarginHalfLife = field(Positive, 14, "Half-life in epochs of the realised-margin average validators decide on (validators.decision expected).")

export const MarginHalfLife = field(Positive, 14, "Half-life in epochs of the realised-margin average operators decide on (operators.decision expected).")

export const StakeUsdPerUnit = field(NonNegative, 0, "Stake an operator must keep worth this many USD per capacity unit (0: none; the stake is in tokens, operators.stakePerUnit); when the price falls the operator tops up by buying tokens, a cash cost that epoch.")

export const HardwareSchedule = field(
  Schema.Array(
    Schema.Struct({
      from: Count.annotations({ description: "First epoch of this requirement." }),
      fixedUsd: NonNegative.annotations({ description: "Extra fixed cost per operator per epoch from then on, USD (the latest entry at or before an epoch applies)." })
    })
  ),
  [],
  "Hardware requirements over time as extra fixed cost per operator per epoch, e.g. [{from: 90, fixedUsd: 15}, {from: 180, fixedUsd: 30}] (empty: none)."
)

export const Relocation = section(
  {
    enabled: field(Schema.Boolean, false, "Whether operators may move region."),
    reviewRate: field(Probability, 0.05, "Probability per epoch that an operator compares regions."),
    moveCostUsd: field(NonNegative, 2_000, "One-off cost of moving a node to another region (shipping or re-renting hardware, downtime), USD."),
    horizonEpochs: field(Positive, 90, "Epochs over which an operator counts on a better region's extra revenue when weighing a move.")
  },
  "Operators moving region when another region's expected revenue beats theirs by more than the move cost."
)
