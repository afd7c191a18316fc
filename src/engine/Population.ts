/**
 * Population: a struct-of-arrays agent table.
 *
 * Each attribute is one typed-array column; agent i is slot i in every column. An `alive` mask
 * marks occupied slots, removed slots are reused lowest-first so the layout (and therefore any
 * iteration order) is a pure function of the history of adds and removes. Systems loop over
 * `0 .. size` and skip dead slots; nothing allocates per agent per epoch.
 */

/** Typed-array constructors a column may use. */
export type ColumnType = Float64ArrayConstructor | Float32ArrayConstructor | Uint32ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor

/** Column layout of a population: name -> typed-array constructor. */
export type ColumnSpec = Readonly<Record<string, ColumnType>>

/**
 * Bytes one slot of a population with `spec` takes: one element of every column, the alive mask
 * and the free-slot heap. A model's state estimate (Model.state) multiplies it by its capacity.
 */
export const slotBytes = (spec: ColumnSpec): number => {
  let bytes = Uint8Array.BYTES_PER_ELEMENT + Int32Array.BYTES_PER_ELEMENT
  for (const key of Object.keys(spec)) bytes += spec[key]!.BYTES_PER_ELEMENT
  return bytes
}

/** The live columns for a spec. */
export type Columns<S extends ColumnSpec> = { [K in keyof S]: InstanceType<S[K]> }

export class Population<S extends ColumnSpec> {
  /** One typed array per attribute; re-created (copied) when the population grows. */
  cols: Columns<S>
  /** 1 where the slot holds a live agent. */
  alive: Uint8Array
  /** High-water mark: every live slot is below it. Loops run `for (let i = 0; i < size; i++)`. */
  size = 0
  /** Number of live agents. */
  count = 0
  private capacity: number
  private readonly spec: S
  /** Free slots below `size` as a binary min-heap: the lowest is reused first, O(log n) a change. */
  private free: Int32Array
  private freeCount = 0

  constructor(spec: S, initialCapacity = 64) {
    this.spec = spec
    this.capacity = Math.max(1, initialCapacity)
    this.cols = Population.allocate(spec, this.capacity)
    this.alive = new Uint8Array(this.capacity)
    this.free = new Int32Array(this.capacity)
  }

  private static allocate<S extends ColumnSpec>(spec: S, capacity: number): Columns<S> {
    const out: Record<string, Float64Array | Float32Array | Uint32Array | Int32Array | Uint8Array> = {}
    for (const key of Object.keys(spec)) out[key] = new spec[key]!(capacity)
    return out as Columns<S>
  }

  private grow(): void {
    const next = this.capacity * 2
    const cols = Population.allocate(this.spec, next)
    for (const key of Object.keys(this.spec) as Array<keyof S>) {
      ;(cols[key] as Float64Array).set(this.cols[key] as Float64Array)
    }
    const alive = new Uint8Array(next)
    alive.set(this.alive)
    const free = new Int32Array(next)
    free.set(this.free)
    this.cols = cols
    this.alive = alive
    this.free = free
    this.capacity = next
  }

  /**
   * Add an agent and return its slot. Reuses the lowest free slot, else appends. Columns of a
   * reused slot are zeroed so no value leaks from the previous occupant.
   */
  add(): number {
    let slot: number
    if (this.freeCount > 0) {
      slot = this.popLowestFree()
      for (const key in this.cols) (this.cols[key] as Float64Array)[slot] = 0
    } else {
      if (this.size === this.capacity) this.grow()
      slot = this.size++
    }
    this.alive[slot] = 1
    this.count++
    return slot
  }

  /** Remove the agent in `slot` (no-op when it is not alive). */
  remove(slot: number): void {
    if (this.alive[slot] !== 1) return
    this.alive[slot] = 0
    this.count--
    // Sift up: a sorted free list cost O(free slots) per removal, O(exits^2) in an epoch of churn.
    const heap = this.free
    let i = this.freeCount++
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (heap[parent]! <= slot) break
      heap[i] = heap[parent]!
      i = parent
    }
    heap[i] = slot
  }

  /** Take the root of the free-slot heap and restore the heap (sift the last entry down). */
  private popLowestFree(): number {
    const heap = this.free
    const top = heap[0]!
    const n = --this.freeCount
    if (n === 0) return top
    const last = heap[n]!
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      if (left >= n) break
      const right = left + 1
      const child = right < n && heap[right]! < heap[left]! ? right : left
      if (heap[child]! >= last) break
      heap[i] = heap[child]!
      i = child
    }
    heap[i] = last
    return top
  }

  /** True when slot holds a live agent. */
  isAlive(slot: number): boolean {
    return this.alive[slot] === 1
  }
}
