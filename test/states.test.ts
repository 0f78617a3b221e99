import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { useDatabaseAndApp } from './helpers/app.ts';
import { importNcVoters } from './helpers/rolls.ts';

const ctx = useDatabaseAndApp();

describe('GET /v1/states', () => {
  it('when asked, then all 56 jurisdictions with every StateInfo field', async () => {
    const res = await request(ctx.app).get('/v1/states');
    assert.equal(res.status, 200);
    assert.equal(res.body.states.length, 56);
    for (const state of res.body.states) {
      assert.deepEqual(Object.keys(state).sort(), [
        'checkUrl',
        'code',
        'deadlines',
        'electionOfficeUrl',
        'name',
        'registerUrl',
        'registrationType',
        'roll',
        'sameDayRegistration',
      ]);
      assert.match(state.code, /^[A-Z]{2}$/);
      assert.ok(['online', 'by-mail', 'in-person', 'not-needed'].includes(state.registrationType));
      assert.match(state.registerUrl, /^https?:\/\//);
      assert.match(state.checkUrl, /^https?:\/\//);
      assert.deepEqual(Object.keys(state.deadlines).sort(), ['inPerson', 'mail', 'online']);
    }
  });

  it('when a state registers by mail only, then registerUrl is its page on how to register', async () => {
    const nh = (await request(ctx.app).get('/v1/states/NH')).body;
    assert.equal(nh.registrationType, 'by-mail');
    assert.match(nh.registerUrl, /sos\.nh\.gov/);
  });

  it('when North Dakota, then no registration and no deadlines', async () => {
    const nd = (await request(ctx.app).get('/v1/states/nd')).body;
    assert.equal(nd.registrationType, 'not-needed');
    assert.deepEqual(nd.deadlines, { online: null, mail: null, inPerson: null });
    assert.equal(nd.sameDayRegistration, false);
  });

  it('when a state allows registration on Election Day, then sameDayRegistration', async () => {
    assert.equal((await request(ctx.app).get('/v1/states/MN')).body.sameDayRegistration, true);
    assert.equal((await request(ctx.app).get('/v1/states/TX')).body.sameDayRegistration, false);
  });

  it('when the code is in any case, then the same state', async () => {
    const lower = await request(ctx.app).get('/v1/states/nc');
    const upper = await request(ctx.app).get('/v1/states/NC');
    assert.equal(lower.status, 200);
    assert.deepEqual(lower.body, upper.body);
    assert.equal(lower.body.name, 'North Carolina');
  });

  it('when a roll is loaded, then roll.available and its as-of date; other states say not available', async () => {
    assert.deepEqual((await request(ctx.app).get('/v1/states/NC')).body.roll, { available: false, dataAsOf: null });
    await importNcVoters(ctx.db.url, [{ ncid: 'S1', lastName: 'DOE', firstName: 'JANE', birthYear: 1985 }], '2026-10-31');
    assert.deepEqual((await request(ctx.app).get('/v1/states/NC')).body.roll, { available: true, dataAsOf: '2026-10-31' });
    const listed = (await request(ctx.app).get('/v1/states')).body.states.find((s: { code: string }) => s.code === 'NC');
    assert.deepEqual(listed.roll, { available: true, dataAsOf: '2026-10-31' });
    assert.deepEqual((await request(ctx.app).get('/v1/states/OH')).body.roll, { available: false, dataAsOf: null });
  });
});
