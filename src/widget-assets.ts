import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The scripts a host page loads from this service, each also at a versioned URL
 * (`/widget.<version>.js`) whose content never changes, for a Subresource
 * Integrity snippet: the version is the start of the file's SHA-256, and the
 * integrity its SHA-384 (README, "The widget"; `npm run openapi` writes the snippets).
 */
export interface WidgetAsset {
  readonly content: string;
  readonly version: string;
  readonly path: string;
  readonly integrity: string;
}

function asset(name: 'widget' | 'embed'): WidgetAsset {
  const content = readFileSync(new URL(`../public/${name}.js`, import.meta.url), 'utf8');
  const version = createHash('sha256').update(content).digest('hex').slice(0, 16);
  return { content, version, path: `/${name}.${version}.js`, integrity: `sha384-${createHash('sha384').update(content).digest('base64')}` };
}

export const WIDGET_ASSETS = { widget: asset('widget'), embed: asset('embed') } as const;

/** The README's two snippets, pinned to this version with its integrity. */
export function sriSnippets(origin = 'https://<your voter-lookup>'): string {
  const { widget, embed } = WIDGET_ASSETS;
  return [
    '```html',
    `<script src="${origin}${embed.path}" integrity="${embed.integrity}" crossorigin="anonymous" data-state="NC" defer></script>`,
    '```',
    '',
    '```html',
    `<script src="${origin}${widget.path}" integrity="${widget.integrity}" crossorigin="anonymous" defer></script>`,
    '<div data-voter-lookup data-state="NC"></div>',
    '```',
  ].join('\n');
}
