import type { Config } from '../config.ts';
import { startEmbeddedPostgres } from './embedded.ts';

export interface DatabaseLocation {
  url: string;
  /** True when no DATABASE_URL was given and the embedded PostgreSQL under DATA_DIR serves. */
  embedded: boolean;
  close(): Promise<void>;
}

/** DATABASE_URL when set, else the embedded PostgreSQL under DATA_DIR (started if needed). */
export async function locateDatabase(config: Config, log: (line: string) => void): Promise<DatabaseLocation> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, close: async () => {} };
  const server = await startEmbeddedPostgres({ dir: config.dataDir, port: config.embeddedPgPort, persistent: true });
  log(`No DATABASE_URL: using the embedded PostgreSQL on 127.0.0.1:${config.embeddedPgPort}, its cluster in ${server.clusterDir}`);
  return { url: server.url, embedded: true, close: () => server.stop() };
}
