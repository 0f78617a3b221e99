import type { RequestHandler } from 'express';
import { ProblemError } from './problem.ts';

/** A known path asked with another method: 405 with the Allow header. */
export function methodNotAllowed(...methods: string[]): RequestHandler {
  const allow = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
  return () => {
    throw new ProblemError(405, `Use ${methods.join(' or ')} on this path.`, { headers: { Allow: allow.join(', ') } });
  };
}
