/**
 * Voters who vote their own economics: a voter supports a proposal when it leaves the voter
 * better off, in tokens over a horizon of `horizon` epochs:
 *
 *   net = horizon x rewardDelta - holding x (horizon x circulatingDelta + transfer) / supply
 *
 * - `rewardDelta`: the change in the voter's own rewards per epoch (an operator's part of the
 *   operators' emission, a validator's part of the validators'), at the voter's current share;
 * - dilution: tokens entering circulation (emission to operators and validators per epoch, a
 *   treasury transfer once) dilute every holding pro rata: at a given market value of the
 *   circulating tokens, a holder of `holding` of `supply` tokens loses holding x added / supply
 *   tokens' worth. A pure holder (tokens outside the network) has no rewards: it opposes every increase in
 *   circulation and supports every cut.
 *
 * Assumed, not derived: the market value of the network is unchanged by the proposal (no price
 * response, no change in demand), voters price at today's shares, and a voter with no stake in
 * the outcome (net exactly 0) keeps the status quo (votes no).
 */

/** What a proposal does to the network's flows, per epoch and once. */
export interface ProposalEffect {
  /** Change in the operators' emission per epoch, tokens. */
  readonly operatorPoolDelta: number
  /** Change in the validators' emission per epoch, tokens. */
  readonly validatorPoolDelta: number
  /** Tokens moved from the treasury into circulation once. */
  readonly transfer: number
}

/** Whether a proposal changes anything voters can price (else they fall back to stated support). */
export const priced = (e: ProposalEffect): boolean => e.operatorPoolDelta !== 0 || e.validatorPoolDelta !== 0 || e.transfer !== 0

/** A voter's net gain from a proposal over `horizon` epochs, tokens (see the module comment). */
export const netGain = (e: ProposalEffect, rewardDelta: number, holding: number, supply: number, horizon: number): number => {
  const added = horizon * (e.operatorPoolDelta + e.validatorPoolDelta) + e.transfer
  return horizon * rewardDelta - (supply > 0 ? (holding * added) / supply : 0)
}

/** Support (1 yes, 0 no) from a net gain: yes only when strictly better off. */
export const supportFrom = (net: number): number => (net > 0 ? 1 : 0)
