/**
 * Yuma consensus on plain arrays (number[][], rows validators, columns neurons): one epoch or
 * several with bonds carried, for the `mechanism` command and tests. The algorithm is yuma.ts.
 */
import { yumaEpochFlat, type YumaConfig } from "./yuma.ts"

/** Plain-array form of one Yuma epoch, for the `mechanism` command and tests. */
export interface YumaResult {
  readonly consensus: Array<number>
  readonly incentive: Array<number>
  readonly dividends: Array<number>
  readonly bonds: Array<Array<number>>
  readonly validatorTrust: Array<number>
  readonly trust: Array<number>
}

const toRows = (m: Float64Array, rows: number, cols: number): Array<Array<number>> =>
  Array.from({ length: rows }, (_, r) => Array.from(m.subarray(r * cols, (r + 1) * cols)))

/** One epoch on number[][] (rows validators, columns neurons). */
export const yumaEpoch = (
  stake: ReadonlyArray<number>,
  weights: ReadonlyArray<ReadonlyArray<number>>,
  config: YumaConfig,
  bonds?: ReadonlyArray<ReadonlyArray<number>>
): YumaResult => {
  const rows = stake.length
  const cols = weights[0]?.length ?? 0
  if (weights.length !== rows) throw new Error(`weights has ${weights.length} rows, stake has ${rows} validators`)
  weights.forEach((row, r) => {
    if (row.length !== cols) throw new Error(`weights row ${r} has ${row.length} columns, row 0 has ${cols}`)
  })
  if (bonds && (bonds.length !== rows || bonds.some((row) => row.length !== cols))) throw new Error(`bonds must be ${rows} x ${cols} like weights`)
  const out = yumaEpochFlat(stake, weights.flat(), rows, cols, config, bonds?.flat())
  return {
    consensus: Array.from(out.consensus),
    incentive: Array.from(out.incentive),
    dividends: Array.from(out.dividends),
    bonds: toRows(out.bonds, rows, cols),
    validatorTrust: Array.from(out.validatorTrust),
    trust: Array.from(out.trust)
  }
}

/** Several epochs in a row, bonds carried from one to the next; returns every epoch's result. */
export const yumaEpochs = (
  stake: ReadonlyArray<number>,
  epochs: ReadonlyArray<ReadonlyArray<ReadonlyArray<number>>>,
  config: YumaConfig,
  bonds?: ReadonlyArray<ReadonlyArray<number>>
): Array<YumaResult> => {
  const out: Array<YumaResult> = []
  let b = bonds
  epochs.forEach((weights, e) => {
    // Bonds carry over, so every epoch scores the same neurons (a column more or less is a typo).
    const cols = weights[0]?.length ?? 0
    const first = epochs[0]![0]?.length ?? 0
    if (e > 0 && cols !== first) throw new Error(`epoch ${e} weights have ${cols} columns, epoch 0 has ${first}: every epoch must score the same neurons`)
  })
  if (config.yuma3 && bonds?.some((row) => row.some((x) => x > 1))) throw new Error("Yuma 3 bonds are per-cell shares in [0, 1]; got a bond above 1")
  for (const weights of epochs) {
    const r = yumaEpoch(stake, weights, config, b)
    out.push(r)
    b = r.bonds
  }
  return out
}
