import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

declare module 'node:http' {
  interface IncomingMessage {
    /** This request's id: sent back as X-Request-Id, and named in error logs. */
    id?: string;
  }
}

const QUIET_PATHS = new Set(['/healthz', '/readyz']);

/**
 * One line per request: id, method, path, status and time. Never a body, a
 * query string, a header or an address: lookups carry names and birth dates, and
 * none of them may reach a log. Written with pino on the response's finish; the
 * pino-http middleware it replaces built a child logger for every request, and
 * under load that was the largest cost in the service after the kernel's socket
 * writes and garbage collection (docs/BENCHMARKS.md).
 */
export function requestLogging(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const id = randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const path = req.url.split('?', 1)[0]!;
    if (!QUIET_PATHS.has(path)) {
      const started = performance.now();
      res.once('finish', () => {
        const line = { reqId: id, method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started) };
        if (res.statusCode >= 500) logger.error(line, 'request failed');
        else logger.info(line, 'request completed');
      });
    }
    next();
  };
}
