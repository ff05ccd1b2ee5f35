/** Parser limits and their defaults (config `limits`); a file over one becomes a parse error. */
// maxFrontmatterBytes: the frontmatter as stored (JSON). The largest in the GitHub Docs
// snapshot is 6,778 bytes; aliases within YAML's alias limit can still multiply a few
// hundred bytes into megabytes, sent whole with every article.
export const DEFAULT_LIMITS = { maxFileBytes: 2 * 1024 * 1024, maxSections: 2000, maxLineLength: 100_000, maxFrontmatterBytes: 256 * 1024 } as const;
