import type { RequestHandler } from 'express';
import { ProblemError } from './problem.ts';

/** A known path asked with another method: 405 with the Allow header. */
export function methodNotAllowed(allow: readonly string[]): RequestHandler {
  const listed = allow.filter((method) => method !== 'HEAD');
  return () => {
    throw new ProblemError('method-not-allowed', `Use ${listed.join(' or ')} on this path.`, { headers: { Allow: allow.join(', ') } });
  };
}
