/**
 * ParamDocs: the parameter reference of a schema (path, default, description), read from the
 * schema itself so the documentation cannot drift from the code. `sandbox params` prints it and
 * docs/parameters.md is generated from it.
 */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

export interface ParamDoc {
  readonly path: string
  /** JSON text of the default, or `(required)`. */
  readonly default: string
  readonly description: string
}

/** First description found on `ast` or the schemas it refines or transforms. */
const describe = (ast: AST.AST): string => {
  let cur: AST.AST | undefined = ast
  while (cur) {
    const d = AST.getDescriptionAnnotation(cur)
    if (Option.isSome(d)) return d.value
    cur = cur._tag === "Refinement" || cur._tag === "Transformation" ? cur.from : undefined
  }
  return ""
}

/** Strip refinements and transformations down to the structural type. */
const structural = (ast: AST.AST): AST.AST => {
  let cur = ast
  while (cur._tag === "Refinement" || cur._tag === "Transformation") cur = cur.from
  return cur
}

const getIn = (value: unknown, path: ReadonlyArray<string>): unknown => {
  let cur = value
  for (const k of path) cur = cur !== null && typeof cur === "object" ? (cur as Record<string, unknown>)[k] : undefined
  return cur
}

/** Whether `ast` is an object, or a choice of objects by `kind`: a list of these gets a reference of its items' fields. */
const isRecordLike = (ast: AST.AST): boolean => {
  const inner = structural(ast)
  return (inner._tag === "TypeLiteral" && inner.propertySignatures.length > 0) || (inner._tag === "Union" && inner.types.every((t) => structural(t)._tag === "TypeLiteral"))
}

/** The item type of a list schema (`Schema.Array(X)`), or undefined. */
const listItem = (ast: AST.AST): AST.AST | undefined => {
  const inner = structural(ast)
  return inner._tag === "TupleType" && inner.elements.length === 0 && inner.rest.length === 1 ? inner.rest[0]!.type : undefined
}

/** A choice of objects by `kind`: the `kind` row, then each kind's fields with its own defaults. */
const walkUnion = (inner: AST.Union, shown: ReadonlyArray<string>, description: string, kindDefault: unknown, out: Array<ParamDoc>): void => {
  const kinds = inner.types.flatMap((t) => {
    const kind = (structural(t) as AST.TypeLiteral).propertySignatures.find((p) => p.name === "kind")
    return kind && kind.type._tag === "Literal" ? [String(kind.type.literal)] : []
  })
  out.push({ path: [...shown, "kind"].join("."), default: kindDefault === undefined ? "(required)" : JSON.stringify(kindDefault), description: `${description} One of: ${kinds.join(", ")}.`.trim() })
  inner.types.forEach((t, i) => {
    // Each variant's own defaults: decode just its kind.
    const own = Schema.decodeUnknownOption(Schema.make(t))({ kind: kinds[i] })
    const variantDefaults = Option.isSome(own) ? Schema.encodeSync(Schema.make(t))(own.value) : {}
    walk(t, [], variantDefaults, out, kinds[i], shown)
  })
}

/**
 * The fields of every item of a list of objects (`params.attacks[].kind`, `...[].name`), with the
 * defaults an item takes when the field is left out.
 */
const walkItems = (item: AST.AST, shown: ReadonlyArray<string>, description: string, out: Array<ParamDoc>): void => {
  const inner = structural(item)
  if (inner._tag === "Union") return walkUnion(inner, shown, `Each item's kind (${description.replace(/\.$/, "")}).`, undefined, out)
  const own = Schema.decodeUnknownOption(Schema.make(item))({})
  walk(item, [], Option.isSome(own) ? Schema.encodeSync(Schema.make(item))(own.value) : {}, out, undefined, shown)
}

const walk = (
  ast: AST.AST,
  prefix: ReadonlyArray<string>,
  defaults: unknown,
  out: Array<ParamDoc>,
  variant?: string,
  shownPrefix: ReadonlyArray<string> = []
): void => {
  const shape = structural(ast)
  if (shape._tag !== "TypeLiteral") return
  for (const ps of shape.propertySignatures) {
    const name = String(ps.name)
    const path = [...prefix, name]
    const inner = structural(ps.type)
    const description = describe(ps.type)
    if (inner._tag === "TypeLiteral" && inner.propertySignatures.length > 0) {
      walk(ps.type, path, defaults, out, variant, shownPrefix)
      continue
    }
    if (inner._tag === "Union" && inner.types.every((t) => structural(t)._tag === "TypeLiteral")) {
      walkUnion(inner, [...shownPrefix, ...path], description, getIn(defaults, [...path, "kind"]), out)
      continue
    }
    if (variant !== undefined && name === "kind") continue
    const shown = getIn(defaults, path)
    out.push({
      path: [...shownPrefix, ...path].join("."),
      default: shown === undefined ? (ps.isOptional ? "" : "(required)") : JSON.stringify(shown),
      description: variant !== undefined ? `(kind ${variant}) ${description}` : description
    })
    const item = listItem(ps.type)
    if (item !== undefined && isRecordLike(item)) walkItems(item, [...shownPrefix, ...path.slice(0, -1), `${name}[]`], description, out)
  }
}

/**
 * Every field of `schema`, depth first, with its default: the value it takes when `sample`
 * (an object with just the required fields) is decoded.
 */
export const paramDocs = (schema: Schema.Schema<any, any>, prefix: ReadonlyArray<string> = [], sample: object = {}): ReadonlyArray<ParamDoc> => {
  const decoded = Schema.decodeUnknownOption(schema)(sample)
  const encoded: unknown = Option.isSome(decoded) ? Schema.encodeSync(schema)(decoded.value) : {}
  // Fields of the sample are the required ones: they have no default to show.
  const defaults = Object.fromEntries(Object.entries(encoded as object).filter(([k]) => !(k in sample)))
  const out: Array<ParamDoc> = []
  walk(schema.ast, [], defaults, out)
  return prefix.length === 0 ? out : out.map((d) => ({ ...d, path: `${prefix.join(".")}.${d.path}` }))
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ")

/** A Markdown table of `docs`. */
export const paramsMarkdown = (docs: ReadonlyArray<ParamDoc>): string =>
  ["| field | default | description |", "| --- | --- | --- |", ...docs.map((d) => `| \`${d.path}\` | ${d.default === "" ? "" : `\`${cell(d.default)}\``} | ${cell(d.description)} |`)].join("\n")
