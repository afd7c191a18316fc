/**
 * The optimizing data poisoner's state (work.poisoning.mode optimize): which contributors are
 * its capacity, whether and when it launched, and what it last expected. A leaf module: the
 * world builds it, the poisoner system (./poisoner.ts) runs it.
 */

export interface PoisonerState {
  /** The attacker's contributors (slots in the work layer's contributor table). */
  readonly slots: Int32Array
  /** Epoch it launched; -1 before. */
  launched: number
  /** What poisoning its best number of units was expected to add over honest work, USD per epoch (frozen at launch). */
  expectedProfit: number
  /** Share of its capacity that plan poisons (frozen at launch). */
  plannedShare: number
  /** Ids of the poisoner's metrics (poisonerMetrics, in order). */
  readonly ids: Int32Array
}

/** The poisoner's metrics, declared only under work.poisoning.mode optimize. */
export const poisonerMetrics = [
  {
    name: "attack.poisoning.expectedProfit",
    description: "optimize: what poisoning the best number of its contributors is expected to add over their honest work this epoch, USD, as the poisoner priced it (each epoch until it launches; then frozen). Negative: why it did not launch."
  },
  { name: "attack.poisoning.plannedShare", description: "optimize: share of the poisoner's contributors that plan poisons (each epoch until it launches; then frozen)." }
] as const

/**
 * The `round(count x share)` slots spread evenly over the index range, as ai-verification's
 * init places its fixed poisoners, so the optimizer's capacity is the scheduled poisoners' slots.
 */
export const capacitySlots = (count: number, share: number): Int32Array => {
  const k = Math.round(count * share)
  const slots: number[] = []
  for (let j = 0; j < count; j++) if (k > 0 && Math.floor(((j + 1) * k) / count) !== Math.floor((j * k) / count)) slots.push(j)
  return Int32Array.from(slots)
}
