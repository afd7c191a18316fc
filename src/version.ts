/** The version reported by `sandbox --version` and recorded in reports. */
export const VERSION = "0.1.0"
