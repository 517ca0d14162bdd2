import mongoose, { type Connection } from 'mongoose';

/** Opens the store connection (MongoDB or the embedded FerretDB; both speak the MongoDB wire protocol). */
export async function connectStore(uri: string): Promise<Connection> {
  mongoose.set('strictQuery', true);
  const conn = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 5_000,
    maxPoolSize: 20,
    // FerretDB v1 has no retryable writes (no replica set / transactions); MongoDB replica sets enable them from the URI.
    retryWrites: false,
    autoIndex: true,
  });
  await conn.asPromise();
  return conn;
}

/** Round-trip to the store for health checks. */
export async function pingStore(conn: Connection): Promise<number> {
  const started = performance.now();
  await conn.db!.command({ ping: 1 });
  return performance.now() - started;
}
