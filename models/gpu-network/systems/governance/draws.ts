/**
 * Where a vote's random draws come from: the run's generator in sequence, or (with the
 * emergency path on, so that every count sees the same voters) a hash of the proposal's seed
 * and the draw's coordinates.
 */
import { deriveSeed, type Rng } from "../../../../src/kit/runtime.ts"
import type { Proposal } from "./state.ts"

/** The k-th uniform draw for the voter in `slot` of group `stream` (0 operators, 1 validators, 2 sybil identities). */
export type Draw = (stream: number, slot: number, k: number) => number

/** Draws in sequence from the run's generator (the arguments only name the draw). */
export const sequential =
  (rng: Rng): Draw =>
  () =>
    rng.next()

/** Draws as a hash of the proposal's seed and the draw's coordinates: every count sees the same votes. */
export const hashDraw =
  (prop: Proposal): Draw =>
  (stream, slot, k) =>
    deriveSeed(prop.seed, stream, slot, k) / 4_294_967_296
