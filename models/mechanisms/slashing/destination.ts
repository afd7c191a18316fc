/**
 * Where slashed stake goes, and slashing for failed or dishonest verification of AI work.
 *
 * `splitSlash` divides an amount between burning, the treasury and a whistleblower so that the
 * parts add up to the amount (the burn takes the remainder, so they agree to float rounding), which keeps
 * supply accounting exact: only the burned part leaves the supply.
 */

export interface SlashDestination {
  /** Shares of the slashed amount; the rest is burned. */
  readonly toTreasury: number
  readonly toWhistleblower: number
}

export interface SlashSplit {
  readonly burned: number
  readonly treasury: number
  readonly whistleblower: number
}

/** Split `amount`; burned + treasury + whistleblower equals amount up to float rounding. */
export const splitSlash = (amount: number, d: SlashDestination): SlashSplit => {
  const treasury = amount * d.toTreasury
  const whistleblower = amount * d.toWhistleblower
  return { burned: amount - treasury - whistleblower, treasury, whistleblower }
}

/**
 * Slash for verification faults of AI work: each proven fault (a poisoned contribution caught,
 * a validator's score proven dishonest) costs `fraction` of the remaining stake, compounding;
 * returns the amount slashed.
 */
export const verificationSlash = (stake: number, faults: number, fraction: number): number =>
  faults <= 0 || stake <= 0 ? 0 : stake * (1 - Math.pow(1 - fraction, faults))
