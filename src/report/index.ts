// One renderer per output format; the CLI and the Action pick from here.

import type { Report } from '../types.js';
import { renderAnnotations } from './annotations.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export const FORMATS = ['text', 'json', 'markdown', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  color?: boolean;
  verbose?: boolean;
}

export const RENDERERS: Record<Format, (report: Report, options: RenderOptions) => string> = {
  text: (r, o) => renderText(r, o),
  json: (r) => renderJson(r),
  markdown: (r) => renderMarkdown(r) + '\n',
  sarif: (r) => JSON.stringify(renderSarif(r), null, 2) + '\n',
  github: (r) => renderAnnotations(r),
};
