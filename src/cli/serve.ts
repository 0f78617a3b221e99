import { loadConfig } from '../config.ts';
import { startServer } from '../main.ts';
import { describeFailure } from './one-line.ts';

/** `npm start`: the service until SIGTERM or SIGINT, then a drain within 10 seconds. */
const server = await startServer(loadConfig()).catch((error: unknown) => {
  // One line for a newcomer, never a stack: every start-up failure says what to set or fix.
  console.error(`voter-lookup could not start: ${describeFailure(error)}`);
  process.exit(1);
});
const shutdown = () => {
  setTimeout(() => process.exit(1), 9_500).unref();
  void server.stop().then(() => process.exit(0));
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
