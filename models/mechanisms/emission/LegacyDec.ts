/**
 * LegacyDec: Cosmos SDK's 18-decimal fixed-point decimal (cosmossdk.io/math `LegacyDec`), as a
 * bigint of units of 10^-18, with its rounding: Mul and Quo round the 18 removed digits half to
 * even ("chopPrecisionAndRound"), QuoInt and TruncateInt truncate. Only what x/mint needs.
 */

export const PRECISION = 10n ** 18n
const HALF = PRECISION / 2n

/** A decimal string ("0.13", "-1e-10" is not accepted) to LegacyDec units. */
export const dec = (s: string): bigint => {
  const m = /^(-)?(\d+)(?:\.(\d{0,18}))?$/.exec(s)
  if (!m) throw new Error(`not an 18-decimal number: ${s}`)
  const units = BigInt(m[2]!) * PRECISION + BigInt((m[3] ?? "").padEnd(18, "0") || "0")
  return m[1] ? -units : units
}

/** LegacyDec from an integer. */
export const decInt = (n: bigint | number): bigint => BigInt(n) * PRECISION

/** Remove 18 digits, rounding half to even (banker's rounding), sign-symmetric. */
const chopAndRound = (x: bigint): bigint => {
  if (x < 0n) return -chopAndRound(-x)
  const quo = x / PRECISION
  const rem = x % PRECISION
  if (rem < HALF) return quo
  if (rem > HALF) return quo + 1n
  return quo % 2n === 0n ? quo : quo + 1n
}

export const mul = (a: bigint, b: bigint): bigint => chopAndRound(a * b)
/** Nearest integer, ties to even (LegacyDec.RoundInt64). */
export const roundInt = (a: bigint): bigint => chopAndRound(a)

/**
 * A JS number as the decimal a chain parameter would hold: its shortest text ("0.555", not the
 * binary expansion) when that fits 18 decimals, else its value to 18 decimals.
 */
export const decOfNumber = (x: number): bigint => {
  const short = String(x)
  return /^-?\d+(\.\d{1,18})?$/.test(short) ? dec(short) : dec(x.toFixed(18))
}
export const quo = (a: bigint, b: bigint): bigint => chopAndRound((a * PRECISION * PRECISION) / b)
/** Divide by an integer, truncating (LegacyDec.QuoInt). */
export const quoInt = (a: bigint, n: bigint): bigint => a / n
/** Integer part, truncated toward zero (LegacyDec.TruncateInt). */
export const truncateInt = (a: bigint): bigint => a / PRECISION

/** LegacyDec units to a JS number (for the simulation; loses precision beyond ~15 digits). */
export const toNumber = (a: bigint): number => Number(a) / 1e18

/** The exact decimal text of a LegacyDec. */
export const toText = (a: bigint): string => {
  const sign = a < 0n ? "-" : ""
  const x = a < 0n ? -a : a
  return `${sign}${x / PRECISION}.${(x % PRECISION).toString().padStart(18, "0")}`
}
