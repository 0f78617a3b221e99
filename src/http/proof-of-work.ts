import type { RequestHandler } from 'express';
import { createChallenge, verifySolution } from 'altcha-lib/v1';
import { ProblemError } from './problem.ts';

/** How long a challenge may be solved and spent. */
const CHALLENGE_LIFETIME_MS = 5 * 60_000;

/** The header that carries the solution: ALTCHA's base64 JSON payload. */
const PROOF_OF_WORK_HEADER = 'Altcha';

/**
 * The optional proof of work for public lookups (ALTCHA): each lookup spends one
 * challenge, which the widget solves in the background while the person types, with
 * no puzzle to see. A client that sends many lookups pays for each in CPU time. Each
 * solved challenge is accepted once (per process).
 */
export function createProofOfWork(options: { hmacKey: string; maxNumber: number }) {
  const spent = new Map<string, number>();
  const forget = () => {
    const now = Date.now();
    for (const [signature, expires] of spent) if (expires < now) spent.delete(signature);
  };
  return {
    /** A new challenge for one lookup. */
    challenge: () => createChallenge({ hmacKey: options.hmacKey, maxNumber: options.maxNumber, expires: new Date(Date.now() + CHALLENGE_LIFETIME_MS) }),
    /** Before a public lookup: a solved, unexpired, unspent challenge in the Altcha header, or 403. */
    require: (async (req, _res, next) => {
      const payload = req.get(PROOF_OF_WORK_HEADER);
      const refuse = () =>
        new ProblemError(
          'proof-of-work',
          `This service asks each lookup to carry a solved challenge (GET /v1/challenge) in the ${PROOF_OF_WORK_HEADER} header.`,
        );
      if (!payload || payload.length > 2000) throw refuse();
      let signature: unknown;
      try {
        signature = (JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { signature?: unknown }).signature;
      } catch {
        throw refuse();
      }
      if (typeof signature !== 'string' || spent.has(signature)) throw refuse();
      if (!(await verifySolution(payload, options.hmacKey, true).catch(() => false))) throw refuse();
      if (spent.size > 100_000) forget();
      spent.set(signature, Date.now() + CHALLENGE_LIFETIME_MS);
      next();
    }) as RequestHandler,
  };
}
