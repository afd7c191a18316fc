/**
 * Png: a chart's SVG rendered to PNG with resvg, for forums that refuse SVG uploads and for
 * Markdown pasted where relative SVGs show nothing. The same SVG the HTML report inlines is
 * rasterised, so the PNG and the SVG cannot disagree.
 *
 * Text is drawn with the DejaVu Sans shipped by the `dejavu-fonts-ttf` package, never with the
 * machine's fonts: a chart renders the same (and with its labels) on a machine with no fonts.
 */
import { createRequire } from "node:module"
import { dirname, join } from "node:path"

const require = createRequire(import.meta.url)

/** The font files every PNG is drawn with (regular and bold: vega's titles are bold). */
export const fontFiles = (): ReadonlyArray<string> => {
  const dir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf")
  return [join(dir, "DejaVuSans.ttf"), join(dir, "DejaVuSans-Bold.ttf")]
}

/** Pixels per SVG unit: charts are drawn at twice their size so they stay sharp on high-density screens. */
export const PNG_SCALE = 2

/** Render an SVG document to PNG bytes on a white background. */
export const svgToPng = async (svg: string): Promise<Uint8Array> => {
  // Loaded on first use: only reports need the native renderer.
  const { Resvg } = await import("@resvg/resvg-js")
  const resvg = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: PNG_SCALE },
    font: { loadSystemFonts: false, fontFiles: [...fontFiles()], defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" }
  })
  return resvg.render().asPng()
}
