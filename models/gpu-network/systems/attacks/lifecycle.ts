/**
 * When an attack runs (from `startEpoch` for `durationEpochs`) and its own random stream.
 */
import { deriveSeed, Rng } from "../../../../src/kit/runtime.ts"
import type { Attack } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"

const bits = new DataView(new ArrayBuffer(8))

/**
 * A random stream of the attack's own, seeded from the run's state when it starts (the price
 * bits, the epoch and the attack's index) rather than drawn from the run's generator: the rest
 * of the run keeps its random numbers, so an attack without effect leaves the run as it was and
 * attacked runs stay comparable with the baseline on the same seed.
 */
export const attackRng = (w: GpuWorld, idx: number): Rng => {
  bits.setFloat64(0, w.price)
  return new Rng(deriveSeed(bits.getUint32(0) ^ bits.getUint32(4), w.epoch, idx))
}

/** Whether attack `a` is on at `epoch`. */
export const isOn = (a: Attack, epoch: number) => epoch >= a.startEpoch && epoch < a.startEpoch + a.durationEpochs
