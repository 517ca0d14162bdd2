import { identifierKey, kindKey } from './split';
import type { Identifier } from './types';

export interface GraphNode {
  key: string;
  kind: string;
  label: string;
  channel: string | null;
  x: number;
  y: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  center: { x: number; y: number };
  nodes: GraphNode[];
}

/** Ring order: account first, then the devices, then the rest, so the picture reads the same for every person. */
const ORDER = ['user_id', 'email_hash', 'external', 'device_id', 'anonymous_id'];

const shorten = (s: string, max = 18) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * A star layout of a person's identity graph: the person in the middle, each identifier on a ring around it
 * (evenly spaced, sorted by kind then value), so every node keeps its place between renders.
 */
export function graphLayout(identifiers: Pick<Identifier, 'kind' | 'value' | 'channel'>[], width = 560, height = 360): GraphLayout {
  const center = { x: width / 2, y: height / 2 };
  const radius = Math.max(60, Math.min(width, height) / 2 - 48);
  const sorted = [...identifiers].sort((a, b) => {
    const ka = ORDER.indexOf(kindKey(a.kind));
    const kb = ORDER.indexOf(kindKey(b.kind));
    return ka - kb || a.value.localeCompare(b.value);
  });
  const nodes = sorted.map((identifier, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(sorted.length, 1);
    return {
      key: identifierKey(identifier),
      kind: identifier.kind,
      label: shorten(identifier.value),
      channel: identifier.channel ?? null,
      x: Math.round(center.x + radius * Math.cos(angle)),
      y: Math.round(center.y + radius * Math.sin(angle)),
    };
  });
  return { width, height, center, nodes };
}
