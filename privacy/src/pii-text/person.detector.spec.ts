import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIRST_NAME_COUNT, firstNameAmbiguity } from './first-names.ts';
import { found } from './spec-helpers.ts';

test('the gazetteer knows common names and flags the ones that are also words', () => {
  assert.ok(FIRST_NAME_COUNT > 5000);
  assert.equal(firstNameAmbiguity('jessica'), 0);
  assert.equal(firstNameAmbiguity('jack'), 1);
  assert.equal(firstNameAmbiguity('will'), 2);
  assert.equal(firstNameAmbiguity('italy'), 2);
  assert.equal(firstNameAmbiguity('table'), null);
});

test('cue phrases: "my name is", greetings, introductions, sign-offs, headers', () => {
  assert.deepEqual(found('Hi, my name is Anna Kowalski and I need help', 'PERSON'), ['Anna Kowalski']);
  assert.deepEqual(found('my name is patricia desrosiers and my order is late', 'PERSON'), ['patricia desrosiers']);
  assert.deepEqual(found('What is your name? Sölvi Salómonsson', 'PERSON'), ['Sölvi Salómonsson']);
  assert.deepEqual(found('Dear Bekbolat,\nyour parcel is on its way.', 'PERSON'), ['Bekbolat']);
  assert.deepEqual(found("I'm Jessica, the store manager", 'PERSON'), ['Jessica']);
  assert.deepEqual(found('The parcel was lost.\n\nBest regards,\nMaria Gonzalez', 'PERSON'), ['Maria Gonzalez']);
  assert.deepEqual(found('From: Tomasz Nowak\nSubject: refund', 'PERSON'), ['Tomasz Nowak']);
});

test('titles, middle initials, possessives and repeats', () => {
  assert.deepEqual(found('Please ask Dr. Ana Souza about it', 'PERSON'), ['Ana Souza']);
  assert.deepEqual(found('Mr. J. Smith called', 'PERSON'), ['J. Smith']);
  assert.deepEqual(found('Silvia J Křenová signed it', 'PERSON'), ['Silvia J Křenová']);
  assert.deepEqual(found("Mohmad R. Vizirov's order", 'PERSON'), ['Mohmad R. Vizirov']);
  assert.deepEqual(found('Dear Mr. Kowalczyk, thanks. Kowalczyk will call back.', 'PERSON'), ['Kowalczyk', 'Kowalczyk']);
});

test('letterheads and transcripts', () => {
  assert.deepEqual(found('Julcsa Kárpáthy\nMhealthcoach\nMobile: 03.93.92.16.85', 'PERSON'), ['Julcsa Kárpáthy']);
  assert.deepEqual(found('Nicole: Remember me?\nAgent: Sure.', 'PERSON'), ['Nicole']);
});

test('no person in words, places, brands, streets and organisations', () => {
  assert.deepEqual(found('Will you refund me? The grace period ends in May.', 'PERSON'), []);
  assert.deepEqual(found('We flew to Italy and then to the Jordan river', 'PERSON'), []);
  assert.deepEqual(found('Russell Investments and Johnson Inc. are clients', 'PERSON'), []);
  assert.deepEqual(found('These Ernie Ball Strings sound great', 'PERSON'), []);
  assert.deepEqual(found('He lives at 22 Isaac Lodge and 5850 Jana Nerudy 894', 'PERSON'), []);
  assert.deepEqual(found('Pros: cheap. Cons: none', 'PERSON'), []);
  assert.deepEqual(found('BEST PRODUCT EVER FROM AMAZON', 'PERSON'), []);
});
