/**
 * A command's failures that it did not answer itself: one line on stderr naming
 * what to check, then exit 1. No stack trace reaches someone running an npm
 * command (README, "Run it").
 */
export function reportFailuresInOneLine(command: string): void {
  process.on('uncaughtException', (error) => {
    console.error(`${command} failed: ${describeFailure(error)}`);
    process.exit(1);
  });
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN']);
/** PostgreSQL's codes for a wrong password, user or database name. */
const WRONG_ADDRESS = new Set(['28P01', '28000', '3D000']);

/** One line, without values from the input: what failed and what to check. */
export function describeFailure(error: unknown): string {
  const first = error instanceof AggregateError && error.errors.length > 0 ? (error.errors[0] as unknown) : error;
  if (!(first instanceof Error)) return String(first).split('\n')[0]!;
  const code = (first as NodeJS.ErrnoException).code;
  if ((code && UNREACHABLE.has(code)) || first.name === 'KnexTimeoutError') {
    return `cannot reach the database${code ? ` (${code})` : ''}: check DATABASE_URL and that PostgreSQL is running`;
  }
  const message = first.message.split('\n')[0]!;
  return code && WRONG_ADDRESS.has(code) ? `${message}: check DATABASE_URL` : message;
}
