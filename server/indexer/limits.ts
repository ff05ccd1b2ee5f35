/** Parser limits and their defaults (config `limits`); a file over one becomes a parse error. */
export const DEFAULT_LIMITS = { maxFileBytes: 2 * 1024 * 1024, maxSections: 2000, maxLineLength: 100_000 } as const;
