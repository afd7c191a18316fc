/**
 * Suggest: "did you mean" for a mistyped name (a field, a metric, a command), the closest
 * candidate by edit distance when it is close enough to be the likely intent.
 */
import { distance } from "fastest-levenshtein"

/**
 * The candidate closest to `word` (case-insensitive edit distance), when at most a third of the
 * word's length (at least 1, at most 3) edits away; undefined otherwise.
 */
export const closest = (word: string, candidates: Iterable<string>): string | undefined => {
  const w = word.toLowerCase()
  const limit = Math.min(3, Math.max(1, Math.floor(w.length / 3)))
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const c of candidates) {
    const d = distance(w, c.toLowerCase())
    if (d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return bestDistance <= limit ? best : undefined
}

/** ` (did you mean "x"?)` for a mistyped name, or "" when nothing is close. */
export const didYouMean = (word: string, candidates: Iterable<string>): string => {
  const c = closest(word, candidates)
  return c === undefined ? "" : ` (did you mean "${c}"?)`
}
