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
  /** Min-heap-free approach: a sorted stack of free slots below `size` (ascending pop order). */
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
      // free[] is kept in descending order, so the lowest slot is at the top of the stack.
      slot = this.free[--this.freeCount]!
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
    // Insert keeping descending order; removals are rare relative to iterations.
    let i = this.freeCount++
    while (i > 0 && this.free[i - 1]! < slot) {
      this.free[i] = this.free[i - 1]!
      i--
    }
    this.free[i] = slot
  }

  /** True when slot holds a live agent. */
  isAlive(slot: number): boolean {
    return this.alive[slot] === 1
  }
}
