import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Express } from 'express';
import request from 'supertest';
import type { SyntheticVoter } from '../tools/ncvoter-synthetic.ts';
import { buildTestApp, capturedLogs, recordSent } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { importNcVoters } from './helpers/rolls.ts';

const ROLL: SyntheticVoter[] = [
  { ncid: 'T0001', lastName: 'DOE', firstName: 'JANE', middleName: 'QUINN', birthYear: 1985, county: 'WAKE', zip: '27601' },
  { ncid: 'T0002', lastName: 'NÚÑEZ', firstName: 'JOSÉ', birthYear: 1990, county: 'DURHAM', countyId: '32', zip: '27701' },
  { ncid: 'T0003', lastName: "O'BRIEN", firstName: 'MARY', birthYear: 1972, status: 'I' },
  { ncid: 'T0004', lastName: 'SMITH-JONES', firstName: 'ANA', birthYear: 1988 },
  { ncid: 'T0005', lastName: 'DE LA CRUZ', firstName: 'MARIA', birthYear: 1975 },
  { ncid: 'T0006', lastName: 'PUBLIC', firstName: 'JOHN', suffix: 'JR', birthYear: 1960 },
  { ncid: 'T0007', lastName: 'FAM', firstName: 'CHRIS', suffix: 'JR', birthYear: 1980, status: 'A' },
  { ncid: 'T0008', lastName: 'FAM', firstName: 'CHRIS', suffix: 'SR', birthYear: 1980, status: 'R' },
  { ncid: 'T0009', lastName: 'TWIN', firstName: 'ALEX', birthYear: 2001, county: 'WAKE', zip: '27601' },
  { ncid: 'T0010', lastName: 'TWIN', firstName: 'ALEX', birthYear: 2001, county: 'NEW HANOVER', countyId: '65', zip: '28401' },
  { ncid: 'T0011', lastName: 'FORMER', firstName: 'ROBIN', birthYear: 1950, status: 'R', reason: 'RD' },
  { ncid: 'T0012', lastName: 'MOVER', firstName: 'ROBIN', birthYear: 1950, status: 'R', reason: 'RL' },
  { ncid: 'T0013', lastName: 'APPLICANT', firstName: 'DANA', birthYear: 1999, status: 'D' },
  { ncid: 'T0014', lastName: 'OVERSEAS', firstName: 'SAM', birthYear: 1979, status: 'S' },
  { ncid: 'T0015', lastName: 'PRIVATE', firstName: 'CASEY', birthYear: 1980, confidential: true },
  { ncid: 'T0016', lastName: 'SMITH', firstName: 'PAT', middleName: 'ANN', birthYear: 1999 },
  { ncid: 'T0017', lastName: 'MOUNTAIN', firstName: 'LEE', birthYear: 1966, county: 'YANCEY', countyId: '100', zip: '28714' },
];

const PUBLIC_FIELDS = ['checkUrl', 'county', 'dataAsOf', 'language', 'match', 'message', 'nextSteps', 'registerUrl', 'registered', 'state', 'status'];

let db: TestDatabase;
let app: Express;
const sentNames = new Set<string>();
const sentDates = new Set<string>();

function lookup(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  for (const key of ['firstName', 'lastName', 'middleName']) if (typeof body[key] === 'string') sentNames.add(body[key]);
  if (typeof body.dateOfBirth === 'string') sentDates.add(body.dateOfBirth);
  recordSent([body.firstName, body.lastName, body.middleName, body.dateOfBirth].filter((v): v is string => typeof v === 'string'));
  return request(app).post('/v1/lookup').set(headers).send(body);
}

const person = (firstName: string, lastName: string, dateOfBirth: string, extra: Record<string, unknown> = {}) => ({
  state: 'NC',
  firstName,
  lastName,
  dateOfBirth,
  ...extra,
});

/** The ZIP a voter of ROLL lives at (the writer's default is 27601): on a year-only roll a status needs it. */
const HOME = { zip: '27601' };

before(async () => {
  db = await createTestDatabase();
  await importNcVoters(db.url, ROLL, '2026-11-21');
  app = await buildTestApp(db.knex);
});
after(async () => {
  await db.drop();
});

describe('POST /v1/lookup statuses', () => {
  it('when one active voter matches, then active with county, dataAsOf and exact match', async () => {
    const res = await lookup(person('Jane', 'Doe', '1985-03-14', HOME));
    assert.equal(res.status, 200);
    assert.deepEqual(
      { ...res.body, message: undefined, registerUrl: undefined, checkUrl: undefined, nextSteps: undefined },
      {
        status: 'active',
        registered: true,
        state: 'NC',
        county: 'Wake',
        language: 'en',
        dataAsOf: '2026-11-21',
        match: 'exact',
        message: undefined,
        registerUrl: undefined,
        checkUrl: undefined,
        nextSteps: undefined,
      },
    );
    assert.deepEqual(res.body.nextSteps, [{ action: 'check_with_state', url: res.body.checkUrl }]);
    assert.match(res.body.registerUrl, /^https:\/\//);
    assert.match(res.body.checkUrl, /ncsbe\.gov/);
  });

  it('when NC status S (military and overseas), then active', async () => {
    assert.equal((await lookup(person('Sam', 'Overseas', '1979-07-04', HOME))).body.status, 'active');
  });

  it('when the voter is inactive, then inactive and still registered', async () => {
    const res = await lookup(person('Mary', "O'Brien", '1972-01-01', HOME));
    assert.equal(res.body.status, 'inactive');
    assert.equal(res.body.registered, true);
  });

  it('when removed or denied, then registered false', async () => {
    const removed = await lookup(person('Robin', 'Former', '1950-01-01', HOME));
    assert.equal(removed.body.status, 'removed');
    assert.equal(removed.body.registered, false);
    const denied = await lookup(person('Dana', 'Applicant', '1999-01-01', HOME));
    assert.equal(denied.body.status, 'denied');
    assert.equal(denied.body.registered, false);
  });

  it('when removed for different reasons, then the answers are identical', async () => {
    const deceased = await lookup(person('Robin', 'Former', '1950-01-01', HOME));
    const moved = await lookup(person('Robin', 'Mover', '1950-01-01', HOME));
    assert.equal(deceased.text, moved.text);
  });

  it('when nobody matches, then not_found with null match and county', async () => {
    const res = await lookup(person('Nobody', 'Atall', '1985-03-14'));
    assert.equal(res.body.status, 'not_found');
    assert.deepEqual(
      res.body.nextSteps.map((s: { action: string }) => s.action),
      ['register', 'check_with_state'],
    );
    assert.equal(res.body.nextSteps[0].url, res.body.registerUrl);
    assert.equal(res.body.registered, false);
    assert.equal(res.body.match, null);
    assert.equal(res.body.county, null);
    assert.equal(res.body.dataAsOf, '2026-11-21');
  });

  it('when the birth year disagrees (NC has only the year), then not_found; any date in the year matches', async () => {
    assert.equal((await lookup(person('Jane', 'Doe', '1986-03-14'))).body.status, 'not_found');
    assert.equal((await lookup(person('Jane', 'Doe', '1985-12-31', HOME))).body.status, 'active');
  });

  it('when a year-only roll (NC) has one voter of that name and year, and no ZIP or county is sent, then multiple_matches: a namesake is never told they are registered', async () => {
    // An unregistered person who shares Jane Doe's name and birth year asks without a ZIP.
    const namesake = await lookup(person('Jane', 'Doe', '1985-07-01'));
    const twins = await lookup(person('Alex', 'Twin', '2001-05-05'));
    assert.equal(namesake.body.status, 'multiple_matches');
    assert.equal(namesake.body.registered, null);
    assert.equal(namesake.body.county, null);
    assert.equal(namesake.body.nextSteps[0].action, 'add_zip_or_county');
    assert.equal(namesake.text, twins.text, 'reads exactly like any other multiple_matches');
    // Only a ZIP or county that agrees gives the status; one that disagrees finds no one.
    assert.equal((await lookup(person('Jane', 'Doe', '1985-07-01', { zip: '27601' }))).body.status, 'active');
    assert.equal((await lookup(person('Jane', 'Doe', '1985-07-01', { county: 'Wake' }))).body.status, 'active');
    assert.equal((await lookup(person('Jane', 'Doe', '1985-07-01', { zip: '27701' }))).body.status, 'not_found');
  });

  it('when two voters fit, then multiple_matches revealing nothing about either', async () => {
    const twins = await lookup(person('Alex', 'Twin', '2001-05-05'));
    assert.equal(twins.body.status, 'multiple_matches');
    assert.equal(twins.body.registered, null);
    assert.equal(twins.body.county, null);
    assert.match(twins.body.message, /ZIP|county/);
    assert.equal(twins.body.nextSteps[0].action, 'add_zip_or_county');
    // Another pair, with other statuses and counties, gives the same bytes.
    const family = await lookup(person('Chris', 'Fam', '1980-05-05'));
    assert.equal(family.text, twins.text);
  });

  it('when the record is confidential, then not_found byte for byte like anyone absent', async () => {
    const hidden = await lookup(person('Casey', 'Private', '1980-01-01'));
    const absent = await lookup(person('Casey', 'Nobody', '1980-01-01'));
    assert.equal(hidden.body.status, 'not_found');
    assert.equal(hidden.text, absent.text.replace('Nobody', 'Private'));
    assert.equal(hidden.text, absent.text);
  });

  it('when the state has no roll loaded, then not_available with its links', async () => {
    const res = await lookup({ ...person('Jane', 'Doe', '1985-03-14'), state: 'oh' });
    assert.equal(res.body.status, 'not_available');
    assert.equal(res.body.registered, null);
    assert.equal(res.body.state, 'OH');
    assert.equal(res.body.dataAsOf, null);
    assert.match(res.body.registerUrl, /ohiosos/);
    assert.match(res.body.checkUrl, /ohiosos/);
  });

  it('when North Dakota, then not_required', async () => {
    const res = await lookup({ ...person('Jane', 'Doe', '1985-03-14'), state: 'ND' });
    assert.equal(res.body.status, 'not_required');
    assert.equal(res.body.registered, null);
  });
});

describe('POST /v1/lookup name normalisation', () => {
  const cases: [string, string, string, string, string?][] = [
    ['case', 'jAnE', 'dOE', '1985-01-01'],
    ['accents typed', 'José', 'Núñez', '1990-01-01', '27701'],
    ['accents left out', 'Jose', 'Nunez', '1990-01-01', '27701'],
    ['surrounding and repeated spaces', '  Ana ', '  Smith   Jones ', '1988-01-01'],
    ['straight apostrophe', 'Mary', "O'Brien", '1972-01-01'],
    ['curly apostrophe', 'Mary', 'O’Brien', '1972-01-01'],
    ['no apostrophe', 'Mary', 'OBrien', '1972-01-01'],
    ['hyphen against space', 'Ana', 'Smith Jones', '1988-01-01'],
    ['space against hyphen', 'Maria', 'De-La-Cruz', '1975-01-01'],
    ['suffix inside lastName', 'John', 'Public Jr.', '1960-01-01'],
  ];
  for (const [rule, firstName, lastName, dateOfBirth, zip = '27601'] of cases) {
    it(`when ${rule}, then the voter is found exactly`, async () => {
      const res = await lookup(person(firstName, lastName, dateOfBirth, { zip }));
      assert.equal(res.body.status === 'active' || res.body.status === 'inactive', true, JSON.stringify(res.body));
      assert.equal(res.body.match, 'exact');
    });
  }

  it('when % or _ is typed, then it is a literal character, not a wildcard', async () => {
    assert.equal((await lookup(person('Jane', 'D%', '1985-01-01'))).body.status, 'not_found');
    assert.equal((await lookup(person('Jane', 'D_E', '1985-01-01'))).body.status, 'not_found');
    assert.equal((await lookup(person('%', '%', '1985-01-01'))).body.status, 'not_found');
  });

  it('when a name is only punctuation, then nobody matches', async () => {
    assert.equal((await lookup(person("'", '-', '1985-01-01'))).body.status, 'not_found');
  });

  it('when the suffix tells two voters apart, then the right one', async () => {
    assert.equal((await lookup(person('Chris', 'Fam', '1980-01-01', { suffix: 'Jr', ...HOME }))).body.status, 'active');
    assert.equal((await lookup(person('Chris', 'Fam Sr', '1980-01-01', HOME))).body.status, 'removed');
  });

  it('when a middle name contradicts the roll, then nobody; its initial agrees', async () => {
    assert.equal((await lookup(person('Pat', 'Smith', '1999-01-01', { middleName: 'Beth' }))).body.status, 'not_found');
    assert.equal((await lookup(person('Pat', 'Smith', '1999-01-01', { middleName: 'A.', ...HOME }))).body.status, 'active');
  });
});

describe('POST /v1/lookup narrowing by ZIP and county', () => {
  it('when the ZIP is given, then it tells twins apart', async () => {
    const res = await lookup(person('Alex', 'Twin', '2001-01-01', { zip: '28401-1234' }));
    assert.equal(res.body.status, 'active');
    assert.equal(res.body.county, 'New Hanover');
  });
  it('when the county is given in any case, with or without "County", then it tells twins apart', async () => {
    for (const county of ['wake', 'Wake County', 'WAKE COUNTY']) {
      const res = await lookup(person('Alex', 'Twin', '2001-01-01', { county }));
      assert.equal(res.body.county, 'Wake', county);
    }
  });
  it('when the ZIP or county disagrees with the roll, then not_found', async () => {
    assert.equal((await lookup(person('Jane', 'Doe', '1985-01-01', { zip: '99999' }))).body.status, 'not_found');
    assert.equal((await lookup(person('Jane', 'Doe', '1985-01-01', { county: 'Durham' }))).body.status, 'not_found');
  });
  it('when Yancey appears as county 100, then the voter is found', async () => {
    assert.equal((await lookup(person('Lee', 'Mountain', '1966-01-01', { county: 'Yancey' }))).body.county, 'Yancey');
  });
});

describe('POST /v1/lookup privacy of the answer', () => {
  it('when any status, then only the contract fields leave and none holds roll data', async () => {
    const bodies = [
      person('Jane', 'Doe', '1985-03-14'),
      person('Robin', 'Former', '1950-01-01'),
      person('Alex', 'Twin', '2001-01-01'),
      person('Nobody', 'Atall', '1985-03-14'),
    ];
    for (const body of bodies) {
      const res = await lookup(body);
      assert.deepEqual(Object.keys(res.body).sort(), PUBLIC_FIELDS);
      for (const forbidden of ['1985', '1950', '2001', 'T0001', 'T0011', '27601', 'FICTIONAL', 'UNA', 'RD', 'DECEASED', 'MOVED']) {
        assert.ok(!res.text.includes(forbidden), `${forbidden} in ${res.text}`);
      }
    }
  });
});

describe('POST /v1/lookup language', () => {
  it('when language is es, then Spanish', async () => {
    const res = await lookup(person('Jane', 'Doe', '1985-03-14', { language: 'es', ...HOME }));
    assert.equal(res.body.language, 'es');
    assert.match(res.body.message, /inscrito/);
  });
  it('when Accept-Language prefers Spanish, then Spanish', async () => {
    const res = await lookup(person('Jane', 'Doe', '1985-03-14'), { 'Accept-Language': 'es-MX,es;q=0.9,en;q=0.5' });
    assert.equal(res.body.language, 'es');
  });
  it('when Accept-Language has neither, then English', async () => {
    assert.equal((await lookup(person('Jane', 'Doe', '1985-03-14'), { 'Accept-Language': 'fr-FR' })).body.language, 'en');
  });
  it('when language is each of zh, vi, ko and tl, then the message is in it and says so', async () => {
    const expected: Record<string, RegExp> = { zh: /登记为选民/, vi: /đăng ký cử tri/, ko: /유권자로 등록/, tl: /Nakarehistro ka/ };
    for (const [language, text] of Object.entries(expected)) {
      const res = await lookup(person('Jane', 'Doe', '1985-03-14', { language, ...HOME }));
      assert.equal(res.body.language, language);
      assert.match(res.body.message, text, language);
    }
  });
  it('when Accept-Language asks for Korean or Chinese by region, then that language', async () => {
    assert.equal((await lookup(person('Jane', 'Doe', '1985-03-14'), { 'Accept-Language': 'ko-KR,ko;q=0.9' })).body.language, 'ko');
    assert.equal((await lookup(person('Jane', 'Doe', '1985-03-14'), { 'Accept-Language': 'zh-CN' })).body.language, 'zh');
  });
  it('when language is one the service does not list, then 400 naming language', async () => {
    const res = await lookup(person('Jane', 'Doe', '1985-03-14', { language: 'nv' }));
    assert.equal(res.status, 400);
    assert.equal(res.body.errors[0].field, 'language');
  });
  it('when GET /v1/languages, then every language with its names and whether it is original text or the project’s translation', async () => {
    const res = await request(app).get('/v1/languages');
    assert.equal(res.status, 200);
    const codes = (res.body.languages as { code: string; translation: string }[]).map((l) => l.code);
    for (const code of ['en', 'es', 'zh', 'vi', 'ko', 'tl']) assert.ok(codes.includes(code), code);
    assert.deepEqual(res.body.languages[3], { code: 'vi', name: 'Vietnamese', nativeName: 'Tiếng Việt', direction: 'ltr', translation: 'project' });
  });
  it('when language is ar, then the message is Arabic and the language says it is written right to left', async () => {
    const res = await lookup(person('Jane', 'Doe', '1985-03-14', { language: 'ar', ...HOME }));
    assert.equal(res.body.language, 'ar');
    assert.match(res.body.message, /^أنت مسجَّل للتصويت في North Carolina\./);
    const languages = (await request(app).get('/v1/languages')).body.languages as { code: string; direction: string }[];
    assert.equal(languages.find((l) => l.code === 'ar')?.direction, 'rtl');
  });
  it('when the body says en and the header es, then the body wins', async () => {
    const res = await lookup(person('Jane', 'Doe', '1985-03-14', { language: 'en', ...HOME }), { 'Accept-Language': 'es' });
    assert.equal(res.body.language, 'en');
  });
});

describe('POST /v1/lookup headers', () => {
  it('when answered, then no-store, CORS open without credentials, and a JSON API CSP', async () => {
    const res = await lookup(person('Jane', 'Doe', '1985-03-14'), { Origin: 'https://elections.example' });
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['access-control-allow-credentials'], undefined);
    assert.match(res.headers['content-security-policy'] ?? '', /default-src 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-powered-by'], undefined);
  });
  it("when answered, then the OWASP REST headers and none of helmet's HTML-only ones; HSTS only behind TLS", async () => {
    const res = await lookup(person('Jane', 'Doe', '1985-03-14'));
    assert.equal(res.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'");
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['cross-origin-resource-policy'], 'same-origin');
    assert.match(res.headers['content-type'] ?? '', /^application\/json/);
    for (const htmlOnly of [
      'x-xss-protection',
      'x-dns-prefetch-control',
      'x-download-options',
      'x-permitted-cross-domain-policies',
      'origin-agent-cluster',
      'strict-transport-security',
    ]) {
      assert.equal(res.headers[htmlOnly], undefined, htmlOnly);
    }
    const behindTls = await buildTestApp(db.knex, { trustProxy: 1 });
    const secure = await request(behindTls)
      .post('/v1/lookup')
      .set('X-Forwarded-Proto', 'https')
      .send(person('Jane', 'Doe', '1985-03-14'));
    assert.match(secure.headers['strict-transport-security'] ?? '', /max-age=\d+/);
    const page = await request(app).get('/');
    assert.match(page.headers['content-security-policy'] ?? '', /script-src 'self'/);
    assert.equal(page.headers['x-frame-options'], 'SAMEORIGIN', 'pages keep helmet');
  });
  it('when a browser sends a preflight, then it is allowed from any origin', async () => {
    const res = await request(app)
      .options('/v1/lookup')
      .set('Origin', 'https://elections.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type');
    assert.equal(res.status, 204);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.match(res.headers['access-control-allow-methods'] ?? '', /POST/);
    assert.match(res.headers['access-control-allow-headers'] ?? '', /Content-Type/i);
  });
});

describe('many lookups at once', () => {
  it('when lookups arrive together (answered in one statement), then each gets the answer it gets alone', async () => {
    const asked = [
      person('Jane', 'Doe', '1985-03-14'),
      person('Jane', 'Doe', '1985-03-14', { zip: '27601' }),
      person('Jane', 'Doe', '1985-03-14', { zip: '99999' }),
      person('Alex', 'Twin', '2001-01-01'),
      person('Alex', 'Twin', '2001-01-01', { county: 'New Hanover County' }),
      person('Casey', 'Private', '1980-01-01'),
      person('Mary', "O'Brien", '1972-01-01', HOME),
      person('Nobody', 'Atall', '1970-01-01'),
      person('Jane', 'Doe', '1984-03-14'),
      person('Bill', 'Doe', '1985-03-14'),
      { ...person('Jane', 'Doe', '1985-03-14'), state: 'OH' },
      { ...person('Jane', 'Doe', '1985-03-14'), state: 'ND' },
    ];
    const alone: unknown[] = [];
    for (const body of asked) alone.push((await lookup(body)).body);
    // Several rounds, all in flight together: the service answers them in shared statements.
    const together = await Promise.all([...asked, ...asked, ...asked].map((body) => lookup(body)));
    together.forEach((res, i) => {
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, alone[i % asked.length], `lookup ${i % asked.length}`);
    });
    assert.deepEqual(
      alone.map((a) => (a as { status: string }).status),
      [
        'multiple_matches',
        'active',
        'not_found',
        'multiple_matches',
        'active',
        'not_found',
        'inactive',
        'not_found',
        'not_found',
        'not_found',
        'not_available',
        'not_required',
      ],
    );
  });

  it('when the pool opens a connection, then it plans lookups once (generic plans)', async () => {
    const { rows } = await db.knex.raw<{ rows: { plan_cache_mode: string }[] }>('SHOW plan_cache_mode');
    assert.equal(rows[0]?.plan_cache_mode, 'force_generic_plan');
  });
});

describe('logs', () => {
  it('when every lookup above has been logged, then no name or birth date is in any log line', () => {
    assert.ok(capturedLogs.length > 20, 'the requests were logged');
    const logs = capturedLogs.join('\n').toUpperCase();
    for (const name of sentNames) {
      const words = name
        .toUpperCase()
        .split(/[^\p{L}]+/u)
        .filter((w) => w.length >= 3);
      for (const word of words) {
        assert.ok(!new RegExp(`(^|[^\\p{L}])${word}([^\\p{L}]|$)`, 'u').test(logs), `"${word}" appears in the logs`);
      }
    }
    for (const date of sentDates) assert.ok(!logs.includes(date), `${date} appears in the logs`);
  });
});
