// Kept in step with package.json by the release process; the report's `tool.version`.
export const VERSION = '0.1.0';
