import type { FileCollector } from './collector.js';

export interface UnreadableStats {
  unreadable: number;
}

/** A statement that could change columns but that nothing could read: reported, never skipped. */
export function reportUnreadable(out: FileCollector, stats: UnreadableStats, at: number, kind: string, parserMessage: string): void {
  stats.unreadable++;
  const why = parserMessage ? `: ${parserMessage}` : '';
  out.error(at, `${kind} statement could not be read${why}; its columns are unknown`, 'parse');
}
