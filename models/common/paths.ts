/**
 * Dotted parameter paths, for models: the engine's helper (src/engine/ParamPath.ts), which the
 * engine's scheduled changes and the TUI use too, so every caller sets a path the same way.
 */
export { getPath, setPath } from "../../src/engine/ParamPath.ts"
