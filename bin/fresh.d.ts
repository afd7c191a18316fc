/** Types of bin/fresh.js (plain JavaScript: bin/ runs before any TypeScript loader). */
export declare const ROOT: string
export declare const bundleIsFresh: (file: string) => boolean
export declare const importBundleOrSources: (bundle: string, source: URL) => Promise<unknown>
