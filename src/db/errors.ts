const UNREACHABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
// SQLSTATE: 08 connection exception; 57014 statement timeout; 57P01-57P03 shutdown
// or start-up; 53300 too many connections.
const UNAVAILABLE_SQLSTATE = /^(08...|57014|57P0[123]|53300)$/;
const DRIVER_MESSAGES = /Connection terminated|Query read timeout|timeout exceeded when trying to connect|Client has encountered a connection error/;

/** True when the error means the database is down or too slow, not that the query was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (error.name === 'KnexTimeoutError') return true;
  if (typeof code === 'string' && (UNREACHABLE_ERRNO.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  return DRIVER_MESSAGES.test(error.message);
}

/**
 * SQLSTATE 26000: a named prepared statement the server session has never seen.
 * It happens behind a transaction pooler when DATABASE_POOLER=transaction is not
 * set (the service refuses to start where it can tell; src/main.ts).
 */
export function isLostPreparedStatement(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === '26000';
}
