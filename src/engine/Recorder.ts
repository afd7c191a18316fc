/**
 * Recorder: named metrics, one value per epoch, stored as one Float64Array per metric.
 *
 * Metrics are declared once (name, description) by the model; systems write by index so the
 * hot path does no string lookups. Unwritten cells stay NaN, which the summaries skip.
 */

/** Declaration of one metric a model reports. */
export interface MetricDef {
  readonly name: string
  readonly description: string
  /** Unit of its values ("USD", "tokens", "epochs", "share", ...), when it has one. */
  readonly unit?: string
}

export class Recorder {
  readonly names: ReadonlyArray<string>
  readonly series: ReadonlyArray<Float64Array>
  private readonly index: ReadonlyMap<string, number>
  /** The epoch being recorded; set by the run loop. */
  epoch = 0

  constructor(defs: ReadonlyArray<MetricDef>, epochs: number) {
    this.names = defs.map((d) => d.name)
    this.series = defs.map(() => new Float64Array(epochs).fill(Number.NaN))
    this.index = new Map(this.names.map((n, i) => [n, i]))
    if (this.index.size !== defs.length) throw new Error("duplicate metric name in model definition")
  }

  /** The index of a metric, for fast writes; throws on an unknown name (a model bug). */
  id(name: string): number {
    const i = this.index.get(name)
    if (i === undefined) throw new Error(`unknown metric "${name}"`)
    return i
  }

  /** Record metric `id` for the current epoch. */
  set(id: number, value: number): void {
    this.series[id]![this.epoch] = value
  }

  /** Record a metric by name (convenient outside hot loops). */
  record(name: string, value: number): void {
    this.set(this.id(name), value)
  }

  /** The final recorded value of every metric. */
  finals(): Record<string, number> {
    const out: Record<string, number> = {}
    const last = this.series[0] ? this.series[0].length - 1 : 0
    for (let i = 0; i < this.names.length; i++) out[this.names[i]!] = this.series[i]![last]!
    return out
  }
}
