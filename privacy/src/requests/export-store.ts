import type { Model } from 'mongoose';

/** Base64 characters per stored part: well under the store's 16 MiB document limit, sealed included. */
export const PART_CHARS = 4 * 1024 * 1024;

/** Replaces a request's archive with a new one, split into parts (sealed at rest by the model's field encryption). */
export async function storeArchive(Exports: Model<any>, tenantId: string, requestId: string, personId: string | null, zip: Buffer, expiresAt: Date): Promise<number> {
  await Exports.deleteMany({ tenantId, requestId });
  const b64 = zip.toString('base64');
  const parts = Math.max(1, Math.ceil(b64.length / PART_CHARS));
  for (let part = 0; part < parts; part++) {
    await Exports.create({ tenantId, requestId, personId, part, content: b64.slice(part * PART_CHARS, (part + 1) * PART_CHARS), expiresAt });
  }
  return parts;
}

/** The archive bytes, or null when its parts are gone (expired and purged, or erased). */
export async function loadArchive(Exports: Model<any>, tenantId: string, requestId: string, parts: number): Promise<Buffer | null> {
  const docs = await Exports.find({ tenantId, requestId }).sort({ part: 1 }).lean<{ part: number; content: string }[]>();
  if (docs.length !== parts || docs.some((d, i) => d.part !== i || typeof d.content !== 'string')) return null;
  return Buffer.from(docs.map((d) => d.content).join(''), 'base64');
}
