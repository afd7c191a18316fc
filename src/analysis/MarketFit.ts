/**
 * MarketFit: the market parameters of gpu-network (drift and volatility of the log price per
 * epoch, and a regime schedule) estimated from a price series, with 95% confidence intervals.
 *
 * Log returns r_t = ln(p_t / p_{t-1}) are taken as independent normal draws, the model's own
 * assumption (geometric Brownian motion per regime). Drift: the sample mean, with a Student-t
 * interval; volatility: the sample standard deviation, with the chi-square interval for a normal
 * variance (any statistics text, e.g. Casella & Berger, Statistical Inference, 9.2). Regimes:
 * binary segmentation (Scott & Knott 1974) of the returns into segments with their own mean and
 * variance, a split kept when it lowers the Gaussian negative log-likelihood by more than the
 * BIC penalty for its three extra parameters (a change point, a mean, a variance).
 */

/** An estimate and its 95% confidence interval. */
export interface Estimate {
  readonly estimate: number
  readonly low: number
  readonly high: number
}

export interface RegimeFit {
  /** First epoch of the regime (the index of the price at which its returns start). */
  readonly from: number
  readonly epochs: number
  readonly drift: Estimate
  readonly volatility: Estimate
}

export interface MarketFit {
  /** Returns used (prices - 1). */
  readonly returns: number
  readonly drift: Estimate
  readonly volatility: Estimate
  /** One regime when the series shows no change in drift or volatility. */
  readonly regimes: ReadonlyArray<RegimeFit>
}

/** Fewest returns in a regime: fewer cannot pin a volatility down. */
export const MIN_REGIME = 20

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export const normalQuantile = (p: number): number => {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239]
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1]
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]
  const lo = 0.02425
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p))
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
  }
  if (p > 1 - lo) return -normalQuantile(1 - p)
  const q = p - 0.5
  const r = q * q
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
}

/** Student-t quantile with `nu` degrees of freedom (Cornish-Fisher expansion, Abramowitz & Stegun 26.7.5). */
export const tQuantile = (p: number, nu: number): number => {
  const z = normalQuantile(p)
  const z3 = z ** 3
  const z5 = z ** 5
  const z7 = z ** 7
  return z + (z3 + z) / (4 * nu) + (5 * z5 + 16 * z3 + 3 * z) / (96 * nu ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * nu ** 3)
}

/** Chi-square quantile with `nu` degrees of freedom (Wilson-Hilferty approximation, A&S 26.4.17). */
export const chiSquareQuantile = (p: number, nu: number): number => {
  const z = normalQuantile(p)
  return nu * (1 - 2 / (9 * nu) + z * Math.sqrt(2 / (9 * nu))) ** 3
}

const moments = (r: ArrayLike<number>, from: number, to: number): { n: number; mean: number; variance: number } => {
  const n = to - from
  let s = 0
  for (let i = from; i < to; i++) s += r[i]!
  const mean = s / n
  let ss = 0
  for (let i = from; i < to; i++) ss += (r[i]! - mean) ** 2
  return { n, mean, variance: n > 1 ? ss / (n - 1) : 0 }
}

const estimates = (r: ArrayLike<number>, from: number, to: number): { drift: Estimate; volatility: Estimate } => {
  const { n, mean, variance } = moments(r, from, to)
  const sd = Math.sqrt(variance)
  const t = tQuantile(0.975, n - 1)
  return {
    drift: { estimate: mean, low: mean - (t * sd) / Math.sqrt(n), high: mean + (t * sd) / Math.sqrt(n) },
    volatility: { estimate: sd, low: sd * Math.sqrt((n - 1) / chiSquareQuantile(0.975, n - 1)), high: sd * Math.sqrt((n - 1) / chiSquareQuantile(0.025, n - 1)) }
  }
}

/** Gaussian negative log-likelihood of a segment at its own mean and (ML) variance, up to a constant. */
const cost = (r: ArrayLike<number>, from: number, to: number): number => {
  const { n, variance } = moments(r, from, to)
  const ml = (variance * (n - 1)) / n
  return (n / 2) * Math.log(Math.max(ml, 1e-300))
}

/** Change points of `r` in [from, to), by binary segmentation with a BIC penalty. */
const segment = (r: ArrayLike<number>, from: number, to: number, penalty: number, out: Array<number>): void => {
  if (to - from < 2 * MIN_REGIME) return
  const whole = cost(r, from, to)
  let best = -1
  let bestGain = penalty
  for (let k = from + MIN_REGIME; k <= to - MIN_REGIME; k++) {
    const gain = whole - cost(r, from, k) - cost(r, k, to)
    if (gain > bestGain) [best, bestGain] = [k, gain]
  }
  if (best < 0) return
  segment(r, from, best, penalty, out)
  out.push(best)
  segment(r, best, to, penalty, out)
}

/** Fit drift, volatility and regimes to a price series (every price > 0, at least 3). */
export const fitMarket = (prices: ArrayLike<number>): MarketFit => {
  if (prices.length < 3) throw new Error(`Expected at least 3 prices to fit, got ${prices.length}`)
  const r = new Float64Array(prices.length - 1)
  for (let i = 1; i < prices.length; i++) r[i - 1] = Math.log(prices[i]! / prices[i - 1]!)
  const n = r.length
  const cuts: Array<number> = []
  segment(r, 0, n, 1.5 * Math.log(n), cuts)
  const bounds = [0, ...cuts, n]
  const regimes = bounds.slice(0, -1).map((from, i) => ({ from, epochs: bounds[i + 1]! - from, ...estimates(r, from, bounds[i + 1]!) }))
  return { returns: n, ...estimates(r, 0, n), regimes }
}
