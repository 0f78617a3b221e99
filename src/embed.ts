import { LANGUAGES } from './lookup/index.ts';
import { STATE_CODES } from './states/index.ts';

/**
 * GET /embed: the widget alone on the service's own page, for an iframe (public/embed.js
 * puts one on a host page). `state` and `lang` are used only when they are a USPS code
 * and one of the widget's languages; anything else is left out, never written back.
 */
export function embedPage(query: { state?: unknown; lang?: unknown }): string {
  const state = typeof query.state === 'string' && STATE_CODES.has(query.state.toUpperCase()) ? query.state.toUpperCase() : undefined;
  const asked = typeof query.lang === 'string' ? query.lang.toLowerCase() : '';
  const known = LANGUAGES.find((entry) => entry.code === asked) ?? LANGUAGES[0];
  return `<!doctype html>
<html lang="${known.code}" dir="${known.direction}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>voter-lookup</title>
    <link rel="stylesheet" href="/embed.css" />
    <script src="/widget.js" defer></script>
    <script src="/embed-frame.js" defer></script>
  </head>
  <body>
    <div data-voter-lookup data-styled${state ? ` data-state="${state}"` : ''} data-language="${known.code}"></div>
  </body>
</html>
`;
}
