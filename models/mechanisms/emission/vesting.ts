/**
 * Vesting / unlock schedule (cliff + linear), as token allocations to teams and investors are
 * usually released: nothing before the cliff; then the amount vested grows linearly from the
 * start, so at the cliff everything vested so far unlocks at once (a 1-year cliff on 4-year
 * vesting releases 25% on the cliff day), and all of it by the end of vesting.
 */

/** Tokens of `total` vested at `epoch` for a schedule starting at epoch 0. */
export const vestedAmount = (total: number, cliffEpochs: number, vestingEpochs: number, epoch: number): number => {
  if (epoch < cliffEpochs) return 0
  if (vestingEpochs <= 0 || epoch >= vestingEpochs) return total
  return (total * epoch) / vestingEpochs
}

/** Tokens that unlock during `epoch` (vested at its end minus vested before it). */
export const unlockedInEpoch = (total: number, cliffEpochs: number, vestingEpochs: number, epoch: number): number =>
  vestedAmount(total, cliffEpochs, vestingEpochs, epoch + 1) - vestedAmount(total, cliffEpochs, vestingEpochs, epoch)
