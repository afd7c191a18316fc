/**
 * gpu-network's `regions`, `routing`, `coordination` and `demand`: where work comes from and how it is served.
 */
import * as Schema from "effect/Schema"
import { field, NonNegative, Num, Positive, PositiveInt, Probability, section } from "../../../src/kit/index.ts"
import { CoordinationModel, ProtocolParams } from "./coordination.ts"
import { DemandAgentsParams, DemandKind } from "./demand.ts"

/** One row of the per-region cost table. */
const RegionCost = Schema.Struct({
  region: Schema.String.annotations({ description: "The region's name, one of regions.names." }),
  costPerUnitUsd: Schema.optionalWith(NonNegative.annotations({ description: "Median operating cost per capacity unit per epoch in USD there (log-normal across operators, spread operators.costSigma)." }), { exact: true }),
  fixedCostUsd: Schema.optionalWith(NonNegative.annotations({ description: "Fixed cost per operator per epoch in USD there." }), { exact: true })
})

/** The `regions` section. */
export const Regions = section(
  {
    names: field(Schema.Array(Schema.String), ["americas", "europe", "asia", "oceania"], "Region names (metrics per region are named after them)."),
    operatorShare: field(Schema.Array(NonNegative), [0.35, 0.3, 0.25, 0.1], "Share of operators (initial and entrants) located in each region."),
    demandShare: field(Schema.Array(NonNegative), [0.35, 0.3, 0.25, 0.1], "Share of demand for AI work arising in each region."),
    costMultiplier: field(
      Schema.Array(Positive),
      [],
      "A per-region cost table: multiplier on operators.costPerUnitUsd for operators drawn into each region (one per region in regions.names, in its order; usually from a data file: data: {regions.costMultiplier: {file, column}}). Empty: the same cost everywhere."
    ),
    costs: field(
      Schema.Array(RegionCost),
      [],
      "A per-region cost table, one row per region (usually from a data file: data: {regions.costs: {file, columns: [region, costPerUnitUsd, fixedCostUsd]}}): an operator drawn into, or moving to (operators.relocation), a listed region has that region's median cost per capacity unit and fixed cost instead of operators.costPerUnitUsd and operators.fixedCostUsd (a field left out keeps the operators' value). Regions not listed keep the operators' values. Not together with costMultiplier. Empty: the same cost everywhere."
    ),
    latencyMs: field(
      Schema.Array(Schema.Array(NonNegative)),
      [
        [20, 90, 160, 150],
        [90, 20, 200, 250],
        [160, 200, 30, 120],
        [150, 250, 120, 25]
      ],
      "Round-trip latency in ms between regions (row: where the work comes from, column: where it runs)."
    )
  },
  "Regions where operators run GPUs and where demand arises."
)

/** The `routing` section. */
export const Routing = section(
  {
    policy: field(
      Schema.Literal("largest-first", "light-split", "region-local"),
      "light-split",
      "How work is routed: largest-first (big tasks fill the biggest nodes anywhere; the whole network is one coordination domain), light-split (tasks split into light shards spread over many nodes in fixed-size groups, near the demand), region-local (work stays in its region; each region is a domain)."
    ),
    serviceMs: field(Positive, 50, "Service time of a task at an idle node, in ms (sets queueing delay)."),
    maxQueueMs: field(Positive, 5_000, "Queueing delay of a saturated pool, in ms (beyond it, work is dropped).")
  },
  "Task routing."
)

/** The `coordination` section. */
export const Coordination = section(
  {
    model: CoordinationModel,
    protocol: ProtocolParams,
    law: field(Schema.Literal("linear", "nlogn", "quadratic"), "linear", "(model law: an assumption) How coordination overhead grows with the participants d of a domain: linear d, nlogn d*log2(d), quadratic d^2."),
    cost: field(NonNegative, 0.01, "Capacity units of overhead per unit of the law's f(d), per epoch."),
    groupSize: field(PositiveInt, 16, "Participants per coordination group under light-split routing."),
    latencyScaleMs: field(Positive, 100, "Latency at which a domain's overhead doubles.")
  },
  "Coordination overhead: the work participants spend staying in step instead of serving."
)

/** The `demand` section. */
export const Demand = section(
  {
    kind: DemandKind,
    agents: DemandAgentsParams,
    feesUsdPerEpoch: field(NonNegative, 250_000, "Fees in USD users would pay per epoch if all demand were served; demand in work units is this / feeUsdPerUnit. Only served work pays."),
    feeUsdPerUnit: field(Positive, 100, "Fee in USD per unit of work served (one capacity unit for one epoch)."),
    growthPerEpoch: field(Num, 0, "Relative change of demand per epoch (0.001 = +0.1% a day)."),
    series: field(
      Schema.Array(NonNegative),
      [],
      "A demand series to replay, the fees in USD users would pay in each epoch, one per epoch (usually from a data file: data: {demand.series: {file, column}}): it replaces feesUsdPerEpoch and growthPerEpoch as the path of the fee base; region shares, the cycle and shocks still apply on top (cycleAmplitude 0 and shockRate 0 replay it as it is). Past its end the base grows by growthPerEpoch from its last value. Under demand.kind agents the users' market is sized from its first value (which must be > 0) and their work follows it as it follows growth. Empty: no series."
    ),
    cycleAmplitude: field(Probability, 0.15, "Amplitude of the demand cycle (0.15 = +-15%), phase-shifted by region like a day/week rhythm."),
    cyclePeriod: field(Positive, 7, "Period of the demand cycle in epochs."),
    shockRate: field(Probability, 0.01, "Probability per epoch and region of a demand shock."),
    shockSize: field(NonNegative, 1, "Mean size of a shock, relative to the region's demand (exponentially distributed)."),
    shockDecay: field(Probability, 0.7, "Fraction of a shock still present after one more epoch.")
  },
  "Demand for AI work."
)
