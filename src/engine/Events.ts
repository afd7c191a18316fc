/**
 * Events: the rare, human-readable happenings of a run (a proposal passed, a parameter changed,
 * an attack launched or detected), for the TUI and logs. Metrics carry the numbers; events carry
 * the story. Systems push at most a few per epoch, never per agent.
 */

export type EventKind = "governance" | "attack" | "params" | "info"

export interface SimEvent {
  readonly epoch: number
  readonly kind: EventKind
  readonly message: string
}

/** Append-only log of a run's events, bounded so a long run cannot grow it without limit. */
export class EventLog {
  private readonly items: Array<SimEvent> = []
  /** Events dropped because the log was full (oldest first). */
  dropped = 0

  constructor(readonly capacity = 10_000) {}

  push(epoch: number, kind: EventKind, message: string): void {
    if (this.items.length >= this.capacity) {
      this.items.shift()
      this.dropped++
    }
    this.items.push({ epoch, kind, message })
  }

  get entries(): ReadonlyArray<SimEvent> {
    return this.items
  }

  /** Events pushed at or after `epoch`. */
  since(epoch: number): ReadonlyArray<SimEvent> {
    return this.items.filter((e) => e.epoch >= epoch)
  }
}
