// Contracts arrive from pull requests, so every reader is bounded: a hostile or generated file must
// cost at most a fixed amount of work and end in a clear error, never a hang or a stack overflow.

/** Files above this size are reported as unsupported instead of parsed. */
export const MAX_CONTRACT_BYTES = 1024 * 1024;

/** Deepest nesting of objects, arrays, records or messages that is followed into field paths. */
export const MAX_FIELD_DEPTH = 32;

/** Deepest nesting the YAML/JSON tree conversion accepts (documents are converted recursively). */
export const MAX_TREE_DEPTH = 200;

/** Tree nodes one document may expand to; bounds YAML alias expansion ("billion laughs"). */
export const MAX_TREE_NODES = 250_000;

/** Column facts one file may produce. */
export const MAX_FIELDS_PER_FILE = 20_000;

/** Longest description or declaration text copied onto a fact. */
export const MAX_TEXT = 500;

/** Parse errors reported per file before the rest are summarised. */
export const MAX_ERRORS_PER_FILE = 20;
