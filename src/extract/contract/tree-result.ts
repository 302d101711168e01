import type { Pos, TreeNode } from './tree.js';

export interface TreeProblem extends Pos {
  message: string;
}

/** A parsed document, or the reasons it could not be read. A tree is only given when there are no problems. */
export interface TreeResult {
  tree?: TreeNode;
  problems: TreeProblem[];
}

/** Counts converted nodes so that one document cannot expand without bound. */
export class NodeBudget {
  private used = 0;
  constructor(private readonly limit: number) {}
  /** False once the budget is spent. */
  take(): boolean {
    this.used++;
    return this.used <= this.limit;
  }
}
