type Messages = { [key: string]: string | Messages };

/** Deep merge of message trees; later trees win. Lets a partial translation fall back to English key by key. */
export function mergeMessages(...trees: object[]): Messages {
  const out: Messages = {};
  for (const tree of trees) {
    for (const [key, value] of Object.entries(tree as Messages)) {
      const existing = out[key];
      out[key] =
        typeof value === 'object' && value !== null && typeof existing === 'object'
          ? mergeMessages(existing, value)
          : typeof value === 'object' && value !== null
            ? mergeMessages(value)
            : value;
    }
  }
  return out;
}
