import type { RequestHandler } from 'express';

/**
 * The headers that matter for a JSON API (OWASP's REST Security Cheat Sheet), not
 * the ones helmet adds for HTML documents: what a browser may do with the body
 * (nosniff; a CSP that allows nothing, framing included), no Referer leaked onward,
 * the resource kept to this origin except through CORS, and HSTS once behind TLS.
 * Pages (/docs, /) carry helmet's full set of their own. Cache-Control is set per
 * route: no-store on every lookup.
 */
export const apiSecurityHeaders: RequestHandler = (req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  next();
};
