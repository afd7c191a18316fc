/**
 * ink-testing-library's `render` with a terminal of `columns` columns instead of its fixed 100:
 * the fake stdout gets its own `columns` and a resize event, so Ink lays the tree out at that
 * width (a 160-column screen is not wrapped at 100).
 */
import type { ReactElement } from "react"
import { render } from "ink-testing-library"

export const renderAt = (tree: ReactElement, columns: number): ReturnType<typeof render> => {
  const r = render(tree)
  Object.defineProperty(r.stdout, "columns", { value: columns, configurable: true })
  r.stdout.emit("resize")
  return r
}
