/**
 * The formulas a developer or application uses to choose between the network and a
 * centralized alternative: a binary logit over generalized costs (USD per unit of work), a
 * Bass diffusion hazard for who reconsiders, and the price-instability premium.
 *
 * Pure functions, no state: models/gpu-network/demand/demandAgents.ts applies them to the user
 * population each epoch.
 */

/**
 * Probability of choosing option A over option B in a binary logit (McFadden's conditional
 * logit; Train, "Discrete Choice Methods with Simulation", ch. 3): 1 / (1 + exp((costA - costB) / scale)),
 * with `scale` the spread of unobserved taste in the same unit as the costs. scale -> 0 is a
 * deterministic cheapest-wins rule.
 */
export const logitChoice = (costA: number, costB: number, scale: number): number => {
  if (!(scale > 0)) return costA < costB ? 1 : costA > costB ? 0 : 0.5
  const x = (costA - costB) / scale
  // exp overflows above ~709; the probability is 0 to double precision long before that.
  if (x > 700) return 0
  return 1 / (1 + Math.exp(x))
}

/**
 * Bass diffusion hazard (Bass 1969, "A New Product Growth Model for Consumer Durables"): the
 * probability per period that a non-adopter adopts, p + q * F, with p the innovation
 * coefficient (outside influence), q the imitation coefficient (word of mouth) and F the
 * share of the population that has adopted. Clipped to [0, 1].
 */
export const bassHazard = (p: number, q: number, adoptedShare: number): number => Math.min(1, Math.max(0, p + q * adoptedShare))

/**
 * Premium a user adds to a price quoted in a volatile token: paying for a budget of `horizon`
 * epochs in tokens exposes it to a price move of about sigma * sqrt(horizon) (a random walk's
 * spread); a user with risk aversion `aversion` asks that many standard deviations on top of the
 * price. Returns the multiplier on the USD price (1 + aversion * sigma * sqrt(horizon)).
 */
export const volatilityMultiplier = (sigmaPerEpoch: number, horizon: number, aversion: number): number =>
  1 + aversion * Math.max(0, sigmaPerEpoch) * Math.sqrt(Math.max(0, horizon))

/** ln 2 and ln 100: the median and 99th percentile of an exponential latency, in units of its mean. */
export const EXP_P50 = Math.LN2
export const EXP_P99 = Math.log(100)

/**
 * Generalized cost (USD per unit of work) of an option: its price per unit, plus what the
 * user loses per unit of failed work times the failed share, plus what it values latency at
 * times the mean of the p50 and p99 latency (seconds) it sees. The same formula prices the
 * network and the centralized alternative, so a difference in choice comes only from a
 * difference in what each delivers.
 */
export const generalizedCost = (
  priceUsd: number,
  failedShare: number,
  failureCostUsd: number,
  p50Ms: number,
  p99Ms: number,
  latencyUsdPerSecond: number
): number => priceUsd + failureCostUsd * failedShare + (latencyUsdPerSecond * (p50Ms + p99Ms)) / 2000
