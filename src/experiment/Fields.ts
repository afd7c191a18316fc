/**
 * Fields: building blocks for parameter schemas with defaults and descriptions.
 *
 * Every parameter a model or an experiment accepts is declared with one of these, so each one
 * has a default (an experiment names only what it changes), a description (shown in docs and
 * errors) and a range check whose message says what was expected.
 */
import * as Schema from "effect/Schema"

/** Render the offending value for an error message. */
const got = (issue: { readonly actual: unknown }): string => {
  const a = issue.actual
  return typeof a === "string" ? JSON.stringify(a) : String(a)
}

const described = <A, I>(schema: Schema.Schema<A, I>, description: string) => schema.annotations({ description })

/** A finite number. */
export const Num = Schema.Number.pipe(Schema.finite({ message: (i) => `Expected a finite number, got ${got(i)}` }))

/** A number >= 0. */
export const NonNegative = Num.pipe(Schema.nonNegative({ message: (i) => `Expected a number >= 0, got ${got(i)}` }))

/** A number > 0. */
export const Positive = Num.pipe(Schema.positive({ message: (i) => `Expected a number > 0, got ${got(i)}` }))

/** A probability or fraction in [0, 1]. */
export const Probability = Num.pipe(
  Schema.between(0, 1, { message: (i) => `Expected a probability between 0 and 1, got ${got(i)}` })
)

/** A whole number >= 0. */
export const Count = Schema.Number.pipe(
  Schema.int({ message: (i) => `Expected a whole number, got ${got(i)}` }),
  Schema.nonNegative({ message: (i) => `Expected a whole number >= 0, got ${got(i)}` })
)

/** A whole number >= 1. */
export const PositiveInt = Schema.Number.pipe(
  Schema.int({ message: (i) => `Expected a whole number, got ${got(i)}` }),
  Schema.positive({ message: (i) => `Expected a whole number >= 1, got ${got(i)}` })
)

/** An optional field with a default value and a description. */
export const field = <A, I>(schema: Schema.Schema<A, I>, defaultValue: NoInfer<A>, description: string) =>
  Schema.optionalWith(described(schema, description), { default: () => defaultValue, exact: true })

/**
 * A nested group of fields, itself optional: when absent, every inner default applies.
 * The struct must have a default for each of its fields.
 */
export const section = <Fields extends Schema.Struct.Fields>(fields: Fields, description: string) => {
  const struct = Schema.Struct(fields).annotations({ description })
  const defaults = Schema.decodeUnknownSync(
    struct as unknown as Schema.Schema<Schema.Struct.Type<Fields>, Schema.Struct.Encoded<Fields>>
  )({})
  return Schema.optionalWith(struct, { default: () => defaults, exact: true })
}
