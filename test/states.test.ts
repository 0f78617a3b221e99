import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
        'language',
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
    assert.deepEqual((await request(ctx.app).get('/v1/states/NC')).body.roll, { available: false, dataAsOf: null, reason: 'not_loaded' });
    await importNcVoters(ctx.db.url, [{ ncid: 'S1', lastName: 'DOE', firstName: 'JANE', birthYear: 1985 }], '2026-10-31');
    assert.deepEqual((await request(ctx.app).get('/v1/states/NC')).body.roll, { available: true, dataAsOf: '2026-10-31', reason: null });
    const listed = (await request(ctx.app).get('/v1/states')).body.states.find((s: { code: string }) => s.code === 'NC');
    assert.deepEqual(listed.roll, { available: true, dataAsOf: '2026-10-31', reason: null });
    assert.deepEqual((await request(ctx.app).get('/v1/states/OH')).body.roll, { available: false, dataAsOf: null, reason: 'not_loaded' });
  });

  it('when a state’s public file cannot answer a lookup, then roll.reason says why, and a lookup there still links its registration and lookup pages', async () => {
    const reasons = Object.fromEntries(
      (await request(ctx.app).get('/v1/states')).body.states.map((s: { code: string; roll: { reason: string } }) => [s.code, s.roll.reason]),
    );
    for (const code of ['WI', 'NH', 'MD', 'DC', 'AK', 'WY', 'UT', 'MS']) assert.equal(reasons[code], 'no_birth_date', code);
    assert.equal(reasons.ID, 'age_only');
    assert.equal(reasons.LA, 'age_only');
    assert.equal(reasons.MA, 'no_statewide_file');
    assert.equal(reasons.ND, 'not_required');
    assert.equal(reasons.PA, 'not_loaded');
    const wi = await request(ctx.app).post('/v1/lookup').send({ state: 'WI', firstName: 'Jane', lastName: 'Doe', dateOfBirth: '1985-03-14' });
    assert.equal(wi.body.status, 'not_available');
    assert.match(wi.body.registerUrl, /^https:/);
    assert.match(wi.body.checkUrl, /^https:/);
  });
});

/** vote.gov's own files, read here as the test's reference (the service reads its copies in seeds/). */
const voteGov = (file: string) =>
  JSON.parse(readFileSync(new URL(`../seeds/vote-gov-translations/${file}.state-data.json`, import.meta.url), 'utf8')) as Record<
    string,
    Record<string, string>
  >;

describe('GET /v1/states in other languages', () => {
  it('when ?language=es, then the deadlines in vote.gov’s Spanish, a state’s own Spanish page where it has one, and language es', async () => {
    const spanish = voteGov('es');
    const ak = (await request(ctx.app).get('/v1/states/ak?language=es')).body;
    assert.equal(ak.language, 'es');
    assert.equal(ak.deadlines.inPerson, spanish.ak!.default_ip_deadline);
    assert.equal(ak.electionOfficeUrl, spanish.ak!.hp_link_override);
    const nc = (await request(ctx.app).get('/v1/states/NC').query({ language: 'ES' })).body;
    assert.equal(nc.language, 'es');
    assert.equal(nc.deadlines.online, spanish.nc!.default_online_deadline);
    const english = (await request(ctx.app).get('/v1/states/NC')).body;
    assert.equal(english.language, 'en');
    assert.notEqual(english.deadlines.online, nc.deadlines.online);
    assert.equal(nc.sameDayRegistration, english.sameDayRegistration);
  });

  it('when Accept-Language asks, then it chooses; zh is Simplified (vote.gov’s zh-hans) and zh-hant Traditional; the answer varies by it', async () => {
    const res = await request(ctx.app).get('/v1/states/TX').set('Accept-Language', 'vi;q=0.9, fr;q=0.5');
    assert.equal(res.body.language, 'vi');
    assert.equal(
      res.body.deadlines.online ?? res.body.deadlines.mail,
      voteGov('vi').tx!.default_online_deadline ?? voteGov('vi').tx!.default_mail_postmarked_deadline,
    );
    assert.match(res.headers.vary ?? '', /Accept-Language/i);
    const simplified = (await request(ctx.app).get('/v1/states/CA?language=zh')).body;
    const traditional = (await request(ctx.app).get('/v1/states/CA?language=zh-hant')).body;
    assert.equal(simplified.deadlines.inPerson, voteGov('zh-hans').ca!.default_ip_deadline);
    assert.equal(traditional.deadlines.inPerson, voteGov('zh').ca!.default_ip_deadline);
  });

  it('when every language vote.gov publishes is asked for all 56, then each answer says its language, and nearly all are in the one asked', async () => {
    for (const language of ['es', 'zh', 'zh-hant', 'vi', 'ko', 'tl', 'ar', 'bn', 'fr', 'hi', 'ht', 'km', 'nv', 'pt', 'ru', 'ypk']) {
      const states = (await request(ctx.app).get(`/v1/states?language=${language}`)).body.states as {
        language: string;
        deadlines: Record<string, string | null>;
      }[];
      assert.equal(states.length, 56);
      const inIt = states.filter((state) => state.language === language).length;
      assert.ok(inIt >= 54, `${language}: ${inIt} of 56`);
      assert.ok(states.every((state) => state.language === language || state.language === 'en'));
    }
  });

  it('when ?language= is not one of them, then 400 naming the field, without the value', async () => {
    const res = await request(ctx.app).get('/v1/states/NC?language=JaneDoe1985');
    assert.equal(res.status, 400);
    assert.equal(res.body.type, '/problems/invalid-request');
    assert.deepEqual(
      res.body.errors.map((error: { field: string }) => error.field),
      ['language'],
    );
    assert.ok(!JSON.stringify(res.body).includes('JaneDoe'));
    assert.equal((await request(ctx.app).get('/v1/states?language=xx')).status, 400);
  });
});
