/**
 * gpu-network's `market`: the token price's random walk, regimes and depth.
 */
import * as Schema from "effect/Schema"
import { Count, field, NonNegative, Num, Positive, section } from "../../../src/kit/index.ts"

/** The `market` section. */
export const Market = section(
  {
    initialPrice: field(Positive, 1, "Token price in USD at epoch 0."),
    drift: field(Num, 0, "Mean log-price change per epoch."),
    volatility: field(NonNegative, 0.03, "Standard deviation of the log-price change per epoch."),
    liquidityUsd: field(Positive, 50_000_000, "Market depth in USD at the initial price: selling that value in tokens moves the log price by about -ln 2."),
    referenceHalfLife: field(Positive, 30, "Half-life in epochs of the price average prospective participants judge token income by."),
    pricePath: field(
      Schema.Array(Positive),
      [],
      "A recorded price path to replay, one price per epoch (usually from a data file: data: {market.pricePath: {file, column}}): its log returns replace drift and volatility, and the network's own order flow still moves the price on top; epoch 0 starts at its first price. Past its end, drift and volatility (and regimes) take over. Empty: no replay."
    ),
    capitalCostPerYear: field(NonNegative, 0.15, "Return a prospective participant requires on the value of the stake it must buy, per year."),
    regimes: field(
      Schema.Array(
        Schema.Struct({
          from: Count.annotations({ description: "First epoch of the regime." }),
          regime: Schema.Literal("calm", "bull", "bear", "quiet-illiquid").annotations({ description: "Volatility regime." }),
          drift: Schema.optionalWith(Num.annotations({ description: "Override the regime's drift (mean log-price change per epoch)." }), { exact: true }),
          volatility: Schema.optionalWith(NonNegative.annotations({ description: "Override the regime's volatility." }), { exact: true }),
          depth: Schema.optionalWith(Positive.annotations({ description: "Override the regime's depth multiplier on liquidityUsd." }), { exact: true })
        })
      ),
      [],
      "Regime schedule, e.g. [{from: 0, regime: calm}, {from: 90, regime: quiet-illiquid}]: each regime sets drift, volatility and depth from its epoch on (see docs). Empty: drift, volatility and liquidityUsd as given."
    )
  },
  "Token market."
)
