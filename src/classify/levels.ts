import { LEVELS, levelRank, type Level } from '../types.js';

export function lowerBy(level: Level, steps: number): Level {
  return LEVELS[Math.max(0, levelRank(level) - steps)]!;
}

export function capAt(level: Level, cap: Level): Level {
  return levelRank(level) > levelRank(cap) ? cap : level;
}

export function atLeast(level: Level, floor: Level): Level {
  return levelRank(level) < levelRank(floor) ? floor : level;
}

export function isSensitive(level: Level): boolean {
  return levelRank(level) >= levelRank('confidential');
}
