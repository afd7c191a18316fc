/**
 * The YAML structure an experiment may use (src/experiment/Decode.ts): unique keys in each mapping,
 * core-schema tags only.
 */
import { isScalar, visit, type Document, type Node as YamlNode } from "yaml"

/** The tags of YAML's core schema: all an experiment needs. */
const CORE_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`))

/**
 * The first structural problem in document order, and where: a key repeated in one mapping, or a
 * tag outside the core schema (as written). `!!omap` and `!!set` read as empty mappings (their
 * content silently dropped: a parameter inside one would never be checked) and unknown tags
 * (`!!js/function`) as strings, so both are refused. One pass, a set per mapping.
 */
export const structureProblem = (doc: Document, text: string): { readonly message: string; readonly at: number } | undefined => {
  let found: { message: string; at: number } | undefined
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<string>()
      for (const pair of map.items) {
        const k = pair.key
        const id = isScalar(k) ? `${typeof k.value}:${String(k.value)}` : String(k)
        if (seen.has(id)) {
          found = { message: `Map keys must be unique: ${isScalar(k) ? JSON.stringify(String(k.value)) : id} appears twice`, at: (k as YamlNode | null)?.range?.[0] ?? map.range?.[0] ?? 0 }
          return visit.BREAK
        }
        seen.add(id)
      }
      return checkTag(map)
    },
    Node(_key, node: YamlNode) {
      return checkTag(node)
    }
  })
  function checkTag(node: YamlNode) {
    if (node.tag === undefined || CORE_TAGS.has(node.tag)) return undefined
    const written = node.tag.startsWith("tag:yaml.org,2002:") ? `!!${node.tag.slice("tag:yaml.org,2002:".length)}` : node.tag
    const start = node.range?.[0] ?? 0
    const at = text.lastIndexOf(written, start)
    found = { message: `unsupported tag ${written}: only plain YAML is read (mappings, lists, strings, numbers, booleans, null); write the value without the tag`, at: at >= 0 ? at : start }
    return visit.BREAK
  }
  return found
}
