/**
 * SortedValues: a multiset of numbers kept in ascending order in one Float64Array.
 *
 * For distributions that change by a few inserts and removals per epoch (operator stakes change
 * only when operators join or leave) this replaces a full sort every epoch (O(n log n)) by a
 * binary search and a `copyWithin` per change (O(n) memmove, microseconds for 10^4 values).
 */
export class SortedValues {
  values: Float64Array
  size = 0

  constructor(capacity = 64) {
    this.values = new Float64Array(Math.max(1, capacity))
  }

  /** First index whose value is >= x. */
  private lowerBound(x: number): number {
    let lo = 0
    let hi = this.size
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.values[mid]! < x) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  insert(x: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2)
      grown.set(this.values)
      this.values = grown
    }
    const at = this.lowerBound(x)
    this.values.copyWithin(at + 1, at, this.size)
    this.values[at] = x
    this.size++
  }

  /** Remove one occurrence of x; false when x is not present. */
  remove(x: number): boolean {
    const at = this.lowerBound(x)
    if (at >= this.size || this.values[at] !== x) return false
    this.values.copyWithin(at, at + 1, this.size)
    this.size--
    return true
  }
}
