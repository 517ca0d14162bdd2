import type { FastifyInstance } from 'fastify';
import { consentError } from './consent.errors.ts';
import type { ConsentSnapshot } from './consent-service.ts';
import type { PurposeVersion, PurposeView } from './purpose-catalog.ts';
import { declaredPurposes, type DeclaredPurpose } from './purposes.ts';

/** The tenant's purposes: the base ones plus what every loaded plugin declares (purposes, events.purpose). */
export function declaredOf(app: FastifyInstance): DeclaredPurpose[] {
  return declaredPurposes(app.lockstep.host.active().map(({ name, definition }) => ({ name, purposes: definition.purposes, eventsPurpose: definition.events?.purpose })));
}

/** Throws PRIVACY_ERR_CONSENT_UNKNOWN_PURPOSE (400) naming the purposes there are. */
export function requireDeclared(declared: DeclaredPurpose[], names: string[]): DeclaredPurpose[] {
  return names.map((name) => {
    const found = declared.find((d) => d.purpose === name);
    if (!found) throw consentError('PRIVACY_ERR_CONSENT_UNKNOWN_PURPOSE', [name.slice(0, 60), declared.map((d) => d.purpose).join(', ')], { purpose: name.slice(0, 60), purposes: declared.map((d) => d.purpose) });
    return found;
  });
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export const versionOut = (v: PurposeVersion) => ({ ...v, publishedAt: iso(v.publishedAt) });
export const purposeOut = (p: PurposeView) => ({ id: p.purpose, ...p, current: versionOut(p.current) });

/** What a shopper's device is told: booleans per purpose and, per purpose, why and since when. No person id. */
export function publicState(s: ConsentSnapshot) {
  const purposes: Record<string, boolean> = {};
  const records: Record<string, { granted: boolean; basis: string; at: string | null; version: number | null }> = {};
  for (const [p, st] of Object.entries(s.purposes)) {
    purposes[p] = st.granted;
    records[p] = { granted: st.granted, basis: st.basis, at: iso(st.at), version: st.version };
  }
  return { purposes, records };
}

export function adminState(s: ConsentSnapshot) {
  return { personId: s.personId, purposes: Object.fromEntries(Object.entries(s.purposes).map(([p, st]) => [p, { ...st, at: iso(st.at) }])) };
}

export function historyOut(d: Record<string, any>) {
  const { _id, __v, tenantId, createdAt, updatedAt, ...rest } = d;
  return { id: _id, ...rest, subjects: rest.subjects ?? [], at: iso(rest.at), recordedAt: iso(rest.recordedAt) };
}
