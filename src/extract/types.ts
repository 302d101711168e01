import type { Classifier } from '../classify/index.js';
import type { Config } from '../config.js';
import type { ExtractResult } from '../types.js';

/** Read access to one side (base or head) of the repository, for extractors that need neighbours (dbt). */
export interface FileTree {
  /** Every file path at this side, repository-relative, `/`-separated. */
  list(): Promise<string[]>;
  /** The text of a file at this side, or undefined when it does not exist there. */
  read(path: string): Promise<string | undefined>;
}

export interface SourceFile {
  path: string;
  text: string;
}

export interface ExtractContext {
  config: Config;
  /** The run's classifier (built-in rules plus the config's), for extractors that classify by themselves. */
  classifier?: Classifier;
  side: 'base' | 'head';
  tree: FileTree;
}

export interface Extractor {
  /** `sql`, `dbt`, `notebook`, `contract`: the file kind it owns. */
  name: string;
  /** Whether this extractor owns the file (first match wins, in registry order). */
  matches(path: string, ctx: ExtractContext): boolean | Promise<boolean>;
  extract(file: SourceFile, ctx: ExtractContext): ExtractResult | Promise<ExtractResult>;
}
