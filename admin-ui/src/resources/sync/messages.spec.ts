import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syncEn } from './messages';
import { syncZh } from './messages.zh';

type Tree = { [key: string]: string | Tree };
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`))).sort();
const placeholders = (s: string) => [...new Set([...s.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]))].sort();

test('the Chinese strings cover every English key, with the same placeholders', () => {
  assert.deepEqual(keys(syncZh as Tree), keys(syncEn as Tree));
  const get = (tree: Tree, path: string) => path.split('.').reduce<string | Tree>((t, k) => (t as Tree)[k]!, tree) as string;
  for (const key of keys(syncEn as Tree)) {
    assert.deepEqual(placeholders(get(syncZh as Tree, key)), placeholders(get(syncEn as Tree, key)), key);
  }
});
