import assert from 'node:assert/strict';
import { test } from 'node:test';
import { found } from './spec-helpers.ts';

test('finds IPv4 and IPv6 addresses', () => {
  assert.deepEqual(found('login from 203.0.113.42 failed', 'IP_ADDRESS'), ['203.0.113.42']);
  assert.deepEqual(found('my IP is 8.8.8.8', 'IP_ADDRESS'), ['8.8.8.8']);
  assert.deepEqual(found('client 2001:db8::ff00:42:8329 and fe80::1ff:fe23:4567:890a.', 'IP_ADDRESS'), ['2001:db8::ff00:42:8329', 'fe80::1ff:fe23:4567:890a']);
  assert.deepEqual(found('host 192.168.1.20:8080', 'IP_ADDRESS'), ['192.168.1.20']);
});

test('skips version numbers, section numbers, OIDs, times and out-of-range octets', () => {
  assert.deepEqual(found('updated to version 10.0.0.1 today', 'IP_ADDRESS'), []);
  assert.deepEqual(found('firmware v1.2.3.4', 'IP_ADDRESS'), []);
  assert.deepEqual(found('see section 1.2.3.4 of the manual', 'IP_ADDRESS'), []);
  assert.deepEqual(found('works with 2.0.1.3 too', 'IP_ADDRESS'), [], 'small octets without an IP cue read as a version');
  assert.deepEqual(found('OID 1.3.6.1.4.1.311', 'IP_ADDRESS'), []);
  assert.deepEqual(found('999.10.10.10', 'IP_ADDRESS'), []);
  assert.deepEqual(found('meet at 12:30:45, std::vector, ::1', 'IP_ADDRESS'), []);
  assert.deepEqual(found('MAC 00:1A:2B:3C:4D:5E', 'IP_ADDRESS'), []);
});
