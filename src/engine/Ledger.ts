/**
 * Ledger: token supply accounting for one run.
 *
 * Every token that enters or leaves circulation passes through here, so conservation is a
 * checkable invariant: supply = initial + minted - burned - slashedBurned. Slashed stake that
 * is burned counts in `slashedBurned`; slashed stake sent to a treasury or a whistleblower moves
 * between holders and does not change supply.
 */
export class Ledger {
  readonly initial: number
  supply: number
  minted = 0
  burned = 0
  /** Tokens destroyed by slashing (kept apart from fee burns for reporting). */
  slashedBurned = 0

  constructor(initialSupply: number) {
    if (!(initialSupply >= 0)) throw new Error(`initial supply must be >= 0, got ${initialSupply}`)
    this.initial = initialSupply
    this.supply = initialSupply
  }

  /** Create `amount` new tokens (emission). */
  mint(amount: number): void {
    if (!(amount >= 0)) throw new Error(`mint amount must be >= 0, got ${amount}`)
    this.minted += amount
    this.supply += amount
  }

  /** Destroy `amount` tokens (fee burn, slash burn). */
  burn(amount: number, fromSlashing = false): void {
    if (!(amount >= 0)) throw new Error(`burn amount must be >= 0, got ${amount}`)
    if (fromSlashing) this.slashedBurned += amount
    else this.burned += amount
    this.supply -= amount
  }

  /** Conservation error: 0 up to float rounding when the books balance. */
  imbalance(): number {
    return this.supply - (this.initial + this.minted - this.burned - this.slashedBurned)
  }
}
