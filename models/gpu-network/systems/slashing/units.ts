/**
 * Tokens and gwei: the Ethereum rules of models/mechanisms/slashing/ethereum.ts count in gwei
 * (1 token = 1 ETH = 1e9 gwei); the model counts in tokens.
 */
import { EFFECTIVE_BALANCE_INCREMENT } from "../../../mechanisms/slashing/ethereum.ts"

export const GWEI = 1e9
export const gwei = (tokens: number): bigint => BigInt(Math.max(0, Math.round(tokens * GWEI)))
export const tokensOf = (g: bigint): number => Number(g) / GWEI

/**
 * Ethereum effective balance of a stake, in gwei: whole increments (1 token = 1 ETH = 1e9 gwei),
 * rounded down as process_effective_balance_updates does. No 32 / 2,048 ETH cap: a model
 * validator stands for a staking pool.
 */
export const effectiveBalanceGwei = (stakeTokens: number): bigint =>
  BigInt(Math.max(0, Math.floor(stakeTokens))) * EFFECTIVE_BALANCE_INCREMENT
