import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { ServiceMetrics } from './metrics.ts';

declare module 'node:http' {
  interface IncomingMessage {
    /** This request's id: sent back as X-Request-Id, and named in error logs. */
    id?: string;
  }
}

const QUIET_PATHS = new Set(['/healthz', '/readyz']);

/**
 * What every request gets, in one middleware with one listener on its finish:
 * an id (X-Request-Id), its duration in the metrics, one log line (id, method,
 * path, status and time; never a body, a query string, a header or an address,
 * since lookups carry names and birth dates) and, while the service drains for a
 * shutdown, `Connection: close`, so no client reuses a keep-alive socket the server
 * is about to close. Written with pino on the response's finish; the pino-http
 * middleware it replaces built a child logger for every request. One layer and
 * one listener where there were four layers and three listeners: each costs every
 * request a dispatch of its own (docs/BENCHMARKS.md).
 */
export function requestLogging(logger: Logger, metrics: ServiceMetrics, lifecycle: { draining: boolean }): RequestHandler {
  return (req, res, next) => {
    const id = randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    if (lifecycle.draining) res.setHeader('Connection', 'close');
    const started = performance.now();
    res.once('finish', () => {
      const ms = performance.now() - started;
      metrics.observe(req, res, ms / 1000);
      const path = req.originalUrl.split('?', 1)[0]!;
      if (QUIET_PATHS.has(path)) return;
      const line = { reqId: id, method: req.method, path, status: res.statusCode, ms: Math.round(ms) };
      if (res.statusCode >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request completed');
    });
    next();
  };
}
