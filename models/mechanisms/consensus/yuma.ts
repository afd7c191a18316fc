/**
 * Yuma consensus: Bittensor's per-subnet epoch, as subtensor computes it
 * (opentensor/subtensor, pallets/subtensor/src/epoch/run_epoch.rs `epoch_dense` and
 * epoch/math.rs). Validators (rows) set weights on neurons (columns); the stake-weighted median
 * of each column at majority kappa is the consensus, weights above it are clipped, miners earn
 * incentive from clipped stake-weighted weights, validators earn dividends from their bonds.
 *
 * Two bond models, as subtensor's `Yuma3On` switch selects:
 * - Yuma 2 ("original Yuma"): bonds delta = W_b o S (rows scaled by stake), column-normalized;
 *   EMA with the previous column-normalized bonds; column-normalized again; dividends =
 *   B^T . incentive, normalized.
 * - Yuma 3: per-cell bonds b_ij <- min(1, (1 - a_ij) b_ij + a_ij w_ij) with a fixed alpha or
 *   liquid alpha (a sigmoid of how far the weight is above consensus, or the bond above the
 *   weight); dividends = (sum_j colnorm(B)_ij incentive_j) x stake_i, normalized.
 * W_b interpolates the raw and clipped weights by the bonds penalty (0: raw, 1: clipped).
 *
 * Arithmetic is float64, not subtensor's I32F32 fixed point, and bonds are carried as floats
 * (subtensor stores them as u16); results agree with subtensor's tests to ~1e-6, well inside
 * the 1e-4 its tests use. Matrices are flat row-major Float64Arrays (rows x cols) so the model's
 * hot loop allocates nothing per agent; `yumaEpoch` (yumaArrays.ts) wraps them for number[][]
 * callers.
 */

/**
 * Stake-weighted median of one column at majority `kappa`: the smallest score v such that the
 * stake scoring <= v exceeds 1 - kappa (so at least kappa of the stake scores >= v). Rows with
 * zero stake are ignored; stake is normalized over the rest. subtensor: `weighted_median_col`.
 */
export const weightedMedianColumn = (
  stake: ArrayLike<number>,
  weights: ArrayLike<number>,
  rows: number,
  cols: number,
  col: number,
  kappa: number
): number => {
  const column = new Float64Array(rows)
  for (let r = 0; r < rows; r++) column[r] = weights[r * cols + col]!
  return medianOf(stake, column, 0, rows, kappa, new Float64Array(rows), new Float64Array(rows))
}

/**
 * The weighted median of `values[offset .. offset + rows)` (one column, contiguous) with row
 * stakes `stake`; `vals` and `stk` are scratch of length >= rows.
 */
const medianOf = (stake: ArrayLike<number>, values: Float64Array, offset: number, rows: number, kappa: number, vals: Float64Array, stk: Float64Array): number => {
  let n = 0
  let total = 0
  for (let r = 0; r < rows; r++) {
    const s = stake[r]!
    if (!(s > 0)) continue
    // Insertion into sorted position: validator counts are small (subtensor caps them at 64-256).
    const v = values[offset + r]!
    let k = n - 1
    while (k >= 0 && vals[k]! > v) {
      vals[k + 1] = vals[k]!
      stk[k + 1] = stk[k]!
      k--
    }
    vals[k + 1] = v
    stk[k + 1] = s
    n++
    total += s
  }
  if (n === 0 || total <= 0) return 0
  const minority = 1 - kappa
  let cumulative = 0
  for (let i = 0; i < n; i++) {
    const v = vals[i]!
    cumulative += stk[i]! / total
    // Ties: take every row with this same score before testing.
    while (i + 1 < n && vals[i + 1]! === v) cumulative += stk[++i]! / total
    if (cumulative > minority) return v
  }
  return vals[n - 1]!
}

export interface YumaConfig {
  /** Majority share of stake the consensus needs (subtensor default 32767/65535 ~ 0.5). */
  readonly kappa: number
  /** 0: bonds follow raw weights; 1: bonds follow clipped weights. */
  readonly bondsPenalty: number
  /** EMA alpha of bonds (subtensor: 1 - bonds_moving_average / 1e6; default 0.1). */
  readonly alpha: number
  /** Yuma 3 per-cell bonds instead of Yuma 2 column-normalized bonds. */
  readonly yuma3?: boolean
  /** Yuma 3 liquid alpha: per-cell alpha in [alphaLow, alphaHigh] by a sigmoid. */
  readonly liquidAlpha?: { readonly low: number; readonly high: number; readonly steepness: number }
}

/** Everything one Yuma epoch computes. Vectors over rows (validators) or columns (neurons). */
export interface YumaOutput {
  /** Normalized active stake, per validator. */
  readonly stake: Float64Array
  /** Per column. */
  readonly consensus: Float64Array
  /** Per column: normalized ranks from clipped weights. */
  readonly incentive: Float64Array
  /** Per column: rank after clipping / rank before (server trust). */
  readonly trust: Float64Array
  /** Per validator: sum of its clipped (row-normalized) weights. */
  readonly validatorTrust: Float64Array
  /** Per validator, normalized. */
  readonly dividends: Float64Array
  /** New bonds, rows x cols (Yuma 2: column-normalized; Yuma 3: per-cell in [0, 1]). */
  readonly bonds: Float64Array
}

/** Scratch buffers for repeated epochs of one shape (the model reuses them every epoch). */
export class YumaScratch {
  readonly w: Float64Array
  /** The weights transposed (cols x rows), so each column's median reads contiguous memory. */
  readonly wT: Float64Array
  readonly clipped: Float64Array
  readonly vals: Float64Array
  readonly stk: Float64Array
  readonly colSums: Float64Array
  constructor(readonly rows: number, readonly cols: number) {
    this.w = new Float64Array(rows * cols)
    this.wT = new Float64Array(rows * cols)
    this.clipped = new Float64Array(rows * cols)
    this.vals = new Float64Array(rows)
    this.stk = new Float64Array(rows)
    this.colSums = new Float64Array(cols)
  }
}

const normalizeInPlace = (v: Float64Array): void => {
  let s = 0
  for (let i = 0; i < v.length; i++) s += v[i]!
  // Values near the float limit (1e308) overflow the sum: scale by the largest first. Only then,
  // so ordinary inputs keep their exact results.
  if (s === Number.POSITIVE_INFINITY) s = rescaleByMax(v)
  if (s > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / s
}

/** Divide `v` by its largest finite value; returns the new sum (Infinity stays Infinity: an input error). */
const rescaleByMax = (v: Float64Array): number => {
  let max = 0
  for (let i = 0; i < v.length; i++) if (v[i]! > max && v[i]! < Number.POSITIVE_INFINITY) max = v[i]!
  let s = 0
  for (let i = 0; i < v.length; i++) {
    v[i] = v[i]! / max
    s += v[i]!
  }
  return s
}

/** Divide each column by its sum (columns summing to 0 stay 0); row-major passes only. */
const colNormalizeInPlace = (m: Float64Array, rows: number, cols: number, sums: Float64Array = new Float64Array(cols)): void => {
  sums.fill(0)
  for (let r = 0; r < rows; r++) {
    const row = r * cols
    for (let c = 0; c < cols; c++) sums[c] = sums[c]! + m[row + c]!
  }
  for (let c = 0; c < cols; c++) sums[c] = sums[c]! > 0 ? 1 / sums[c]! : 0
  for (let r = 0; r < rows; r++) {
    const row = r * cols
    for (let c = 0; c < cols; c++) m[row + c] = m[row + c]! * sums[c]!
  }
}

/** subtensor `alpha_sigmoid`: liquid alpha of one cell. */
export const liquidAlpha = (consensus: number, weight: number, bond: number, low: number, high: number, steepness: number): number => {
  const clamp01 = (x: number) => Math.min(1, Math.max(0, x))
  const diff = weight >= bond ? clamp01(weight - consensus) : clamp01(bond - weight)
  const sigmoid = 1 / (1 + Math.exp((steepness / -100) * (diff - 0.5)))
  return Math.min(high, Math.max(low, low + sigmoid * (high - low)))
}

/**
 * One Yuma epoch over flat matrices. `stake` per row (any scale), `weights` rows x cols (any
 * scale: rows are normalized), `bonds` the previous epoch's bonds (rows x cols) or undefined.
 */
export const yumaEpochFlat = (
  stakeIn: ArrayLike<number>,
  weightsIn: ArrayLike<number>,
  rows: number,
  cols: number,
  config: YumaConfig,
  previousBonds?: ArrayLike<number>,
  scratch: YumaScratch = new YumaScratch(rows, cols)
): YumaOutput => {
  const stake = new Float64Array(rows)
  for (let r = 0; r < rows; r++) stake[r] = Math.max(0, stakeIn[r]!)
  normalizeInPlace(stake)
  // Row-normalized weights.
  const w = scratch.w
  for (let r = 0; r < rows; r++) {
    let s = 0
    for (let c = 0; c < cols; c++) s += Math.max(0, weightsIn[r * cols + c]!)
    if (s === Number.POSITIVE_INFINITY) {
      // A row near the float limit: normalize its copy by the largest value first (see normalizeInPlace).
      const row = w.subarray(r * cols, (r + 1) * cols)
      for (let c = 0; c < cols; c++) row[c] = Math.max(0, weightsIn[r * cols + c]!)
      s = rescaleByMax(row)
      for (let c = 0; c < cols; c++) row[c] = s > 0 ? row[c]! / s : 0
      continue
    }
    for (let c = 0; c < cols; c++) w[r * cols + c] = s > 0 ? Math.max(0, weightsIn[r * cols + c]!) / s : 0
  }
  const wT = scratch.wT
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) wT[c * rows + r] = w[r * cols + c]!
  const consensus = new Float64Array(cols)
  for (let c = 0; c < cols; c++) consensus[c] = medianOf(stake, wT, c * rows, rows, config.kappa, scratch.vals, scratch.stk)
  const clipped = scratch.clipped
  const validatorTrust = new Float64Array(rows)
  const preranks = new Float64Array(cols)
  const ranks = new Float64Array(cols)
  for (let r = 0; r < rows; r++) {
    const s = stake[r]!
    let vt = 0
    for (let c = 0; c < cols; c++) {
      const k = r * cols + c
      const x = Math.min(w[k]!, consensus[c]!)
      clipped[k] = x
      vt += x
      preranks[c] = preranks[c]! + w[k]! * s
      ranks[c] = ranks[c]! + x * s
    }
    validatorTrust[r] = vt
  }
  const trust = new Float64Array(cols)
  for (let c = 0; c < cols; c++) trust[c] = preranks[c]! > 0 ? ranks[c]! / preranks[c]! : 0
  const incentive = ranks
  normalizeInPlace(incentive)

  const beta = config.bondsPenalty
  const bonds = new Float64Array(rows * cols)
  const dividends = new Float64Array(rows)
  if (config.yuma3) {
    const la = config.liquidAlpha
    let anyConsensus = false
    for (let c = 0; c < cols; c++) if (consensus[c]! !== 0) anyConsensus = true
    for (let k = 0; k < rows * cols; k++) {
      const wb = (1 - beta) * w[k]! + beta * clipped[k]!
      const old = previousBonds ? previousBonds[k]! : 0
      const a = la && anyConsensus ? liquidAlpha(consensus[k % cols]!, wb, old, la.low, la.high, la.steepness) : config.alpha
      bonds[k] = Math.min(1, (1 - a) * old + Math.max(0, a * wb))
    }
    // Dividends from column-normalized bonds, scaled by the validator's stake.
    const norm = Float64Array.from(bonds)
    colNormalizeInPlace(norm, rows, cols, scratch.colSums)
    for (let r = 0; r < rows; r++) {
      let d = 0
      for (let c = 0; c < cols; c++) d += norm[r * cols + c]! * incentive[c]!
      dividends[r] = d * stake[r]!
    }
  } else {
    const old = new Float64Array(rows * cols)
    if (previousBonds) for (let k = 0; k < rows * cols; k++) old[k] = previousBonds[k]!
    colNormalizeInPlace(old, rows, cols, scratch.colSums)
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const k = r * cols + c
        bonds[k] = ((1 - beta) * w[k]! + beta * clipped[k]!) * stake[r]!
      }
    }
    colNormalizeInPlace(bonds, rows, cols, scratch.colSums)
    for (let k = 0; k < rows * cols; k++) bonds[k] = config.alpha * bonds[k]! + (1 - config.alpha) * old[k]!
    colNormalizeInPlace(bonds, rows, cols, scratch.colSums)
    for (let r = 0; r < rows; r++) {
      let d = 0
      for (let c = 0; c < cols; c++) d += bonds[r * cols + c]! * incentive[c]!
      dividends[r] = d
    }
  }
  normalizeInPlace(dividends)
  return { stake, consensus, incentive, trust, validatorTrust, dividends, bonds }
}
