/**
 * SortedValues: a multiset of numbers kept in ascending order in one Float64Array, updated in
 * batches.
 *
 * Operator stakes change only when operators join, leave or are slashed, and the sorted order is
 * read once per epoch (concentration metrics). So `insert` and `remove` only queue the change,
 * and the first read after a change (`values` / `size`) applies the whole batch at once: sort the
 * k queued inserts and removals (O(k log k)) and merge them into the n sorted values in one pass
 * (O(n)). One merge per epoch instead of an O(n) memmove per change; building the index of n
 * initial values is one sort. The multiset, and so every value read, is the same as applying
 * the changes one at a time, provided each removed value is present (in the index or queued).
 */
export class SortedValues {
  private sorted: Float64Array
  private spare: Float64Array
  private count = 0
  private adds: Float64Array
  private addCount = 0
  private dels: Float64Array
  private delCount = 0

  constructor(capacity = 64) {
    const c = Math.max(1, capacity)
    this.sorted = new Float64Array(c)
    this.spare = new Float64Array(c)
    this.adds = new Float64Array(Math.min(c, 1024))
    this.dels = new Float64Array(Math.min(c, 1024))
  }

  /** The values in ascending order; entries at `size` and beyond are garbage. */
  get values(): Float64Array {
    if (this.addCount + this.delCount > 0) this.flush()
    return this.sorted
  }

  /** Number of values held. */
  get size(): number {
    if (this.addCount + this.delCount > 0) this.flush()
    return this.count
  }

  /** Queue x for insertion. */
  insert(x: number): void {
    if (this.addCount === this.adds.length) this.adds = grow(this.adds, this.addCount)
    this.adds[this.addCount++] = x
  }

  /**
   * Queue the removal of one occurrence of x. Removing a value that is neither held nor queued
   * for insertion is ignored when the batch is applied.
   */
  remove(x: number): void {
    if (this.delCount === this.dels.length) this.dels = grow(this.dels, this.delCount)
    this.dels[this.delCount++] = x
  }

  /** Apply queued inserts and removals: two small sorts and one merge pass. */
  private flush(): void {
    const adds = this.adds.subarray(0, this.addCount).sort()
    const dels = this.dels.subarray(0, this.delCount).sort()
    const need = this.count + this.addCount
    if (this.spare.length < need) this.spare = new Float64Array(Math.max(need, this.spare.length * 2))
    const src = this.sorted
    const out = this.spare
    const n = this.count
    const na = adds.length
    const nd = dels.length
    let i = 0
    let a = 0
    let d = 0
    let o = 0
    while (i < n || a < na) {
      // Next value of the merged sequence (existing values first on ties; equal values are
      // indistinguishable, so the order among them does not matter).
      let x: number
      if (a >= na || (i < n && src[i]! <= adds[a]!)) x = src[i++]!
      else x = adds[a++]!
      // Skip removals smaller than x: they matched nothing.
      while (d < nd && dels[d]! < x) d++
      if (d < nd && dels[d] === x) {
        d++
        continue
      }
      out[o++] = x
    }
    this.spare = src.length >= out.length ? src : new Float64Array(out.length)
    this.sorted = out
    this.count = o
    this.addCount = 0
    this.delCount = 0
  }
}

const grow = (a: Float64Array, used: number): Float64Array => {
  const next = new Float64Array(Math.max(16, a.length * 2))
  next.set(a.subarray(0, used))
  return next
}
