import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { ServiceMetrics } from './metrics.ts';

declare module 'node:http' {
  interface IncomingMessage {
    /** This request's id: sent back as X-Request-Id, and named in error logs. */
    id?: string;
  }
}

/** Each request's id, sent back as X-Request-Id. */
export const requestId: RequestHandler = (req, res, next) => {
  req.id = randomUUID();
  res.setHeader('X-Request-Id', req.id);
  next();
};

/** While the service drains for a shutdown, no client may reuse a keep-alive socket the server is about to close. */
export function closeWhileDraining(lifecycle: { draining: boolean }): RequestHandler {
  return (_req, res, next) => {
    if (lifecycle.draining) res.setHeader('Connection', 'close');
    next();
  };
}

/**
 * The route pattern a request matched (`/v1/states/:code`), or a fixed word: never
 * the raw path, where a client may have put a name or a birth date.
 */
function routePattern(req: Request, status: number): string {
  const pattern = (req.route as { path?: string } | undefined)?.path;
  if (pattern) return `${req.baseUrl}${pattern}`;
  if (req.baseUrl) return `${req.baseUrl}/*`;
  return status === 404 ? 'unmatched' : 'other';
}

const QUIET_ROUTES = new Set(['/healthz', '/readyz']);

/**
 * When a request has finished: its duration in the metrics and one log line (id,
 * method, route pattern, status and time; never a path, a body, a query string, a
 * header or an address, since lookups carry names and birth dates).
 */
export function requestLog(logger: Logger, metrics: ServiceMetrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      const ms = performance.now() - started;
      const route = routePattern(req, res.statusCode);
      metrics.observe(route, req.method, res.statusCode, ms / 1000);
      if (QUIET_ROUTES.has(route)) return;
      const line = { reqId: req.id, method: req.method, route, status: res.statusCode, ms: Math.round(ms) };
      if (res.statusCode >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request completed');
    });
    next();
  };
}
