import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import request from 'supertest';
import { buildTestApp, recordSent } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { importNcVoters } from './helpers/rolls.ts';
import { WIDGET_ASSETS } from '../src/widget-assets.ts';

/**
 * The widget in a real browser (Debian's chromium, installed by .ci/run), on a
 * host page of another origin whose CSP allows no inline script or style.
 */
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);

let db: TestDatabase;
let browser: Browser;
const servers: Server[] = [];

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The API, as its own origin. */
async function startApi(rateLimitPerMinute = 1000, proofOfWork?: { hmacKey: string; maxNumber: number }): Promise<string> {
  const app = await buildTestApp(db.knex, { rateLimitPerMinute, ...(proofOfWork ? { proofOfWork } : {}) });
  return listen(createServer(app));
}

/** An election office's page on another origin, embedding the widget with one script tag and one element. */
async function startHost(api: string, attributes = 'data-state="NC"', lang = 'en'): Promise<string> {
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>County elections</title>
<script src="${api}/widget.js" defer></script></head>
<body><main><h1>County Board of Elections</h1><div data-voter-lookup ${attributes}></div></main></body></html>`;
  return listen(
    createServer((_req, res) => {
      res.setHeader('Content-Security-Policy', `default-src 'none'; script-src ${api}; connect-src ${api}; style-src 'self'`);
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(html);
    }),
  );
}

async function openPage(url: string, options: { bypassCSP?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('First name').waitFor();
  return page;
}

async function fill(page: Page, first: string, last: string, dob: string, zip = '27601') {
  await page.getByLabel('First name').fill(first);
  await page.getByLabel('Last name').fill(last);
  await page.getByLabel('Date of birth').fill(dob);
  await page.getByLabel('ZIP code').fill(zip);
}

before(async () => {
  if (!haveChromium) return;
  db = await createTestDatabase();
  await importNcVoters(db.url, [{ ncid: 'W1', lastName: 'DOE', firstName: 'JANE', birthYear: 1985, county: 'WAKE' }]);
  recordSent(['Jane', 'Doe', 'Nobody', 'Keyboard', '1985-03-14']);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});
after(async () => {
  if (!haveChromium) return;
  await browser.close();
  for (const server of servers) server.close();
  await db.drop();
});

describe('the embeddable widget', { skip: haveChromium ? false : `no browser at ${CHROMIUM} (.ci/run installs Debian's chromium)` }, () => {
  it('when served, then widget.js alone carries Cross-Origin-Resource-Policy: cross-origin, and / is a demo page embedding it', async () => {
    const app = await buildTestApp(db.knex);
    const widget = await request(app).get('/widget.js');
    assert.equal(widget.status, 200);
    assert.equal(widget.headers['cross-origin-resource-policy'], 'cross-origin');
    assert.match(widget.headers['content-type'] ?? '', /javascript/);
    assert.equal((await request(app).post('/v1/lookup').send({})).headers['cross-origin-resource-policy'], 'same-origin');
    const demo = await request(app).get('/');
    assert.match(demo.text, /<script src="\/widget.js"/);
    assert.match(demo.text, /data-voter-lookup/);
  });

  it('when an active voter fills the form on another origin, then the result, a Register and a Check button appear in the live region', async () => {
    const page = await openPage(await startHost(await startApi()));
    await fill(page, 'Jane', 'Doe', '1985-03-14');
    await page.getByRole('button', { name: 'Check my registration' }).click();
    const status = page.getByRole('status');
    await status.getByText('You are registered to vote in North Carolina').waitFor();
    assert.equal(await status.getAttribute('aria-live'), 'polite');
    assert.match((await status.getByRole('link', { name: 'Register' }).getAttribute('href')) ?? '', /^https:/);
    assert.match((await status.getByRole('link', { name: 'Check with your state' }).getAttribute('href')) ?? '', /ncsbe/);
    mkdirSync('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/widget-active.png', fullPage: true });
    await page.context().close();
  });

  it('when the service asks for a proof of work, then the widget solves it in the background, with no puzzle, and the lookup answers; twice in a row', async (t) => {
    const api = await startApi(1000, { hmacKey: 'widget-test-altcha-key-of-at-least-32-chars', maxNumber: 50_000 });
    const page = await openPage(await startHost(api));
    assert.equal(await page.getByRole('checkbox').count(), 0, 'nothing for the person to tick or solve');
    for (const round of [1, 2]) {
      await fill(page, 'Jane', 'Doe', '1985-03-14');
      const started = Date.now();
      await page.getByRole('button', { name: 'Check my registration' }).click();
      await page.getByRole('status').getByText('You are registered to vote in North Carolina').waitFor();
      t.diagnostic(`proof of work, lookup ${round}: answered ${Date.now() - started} ms after the click (maxNumber 50,000)`);
    }
    // The cost itself, as a browser pays it: one challenge solved from scratch.
    const solveMs = await page.evaluate(async (base) => {
      const challenge = (await (await fetch(`${base}/v1/challenge`)).json()) as { salt: string; challenge: string; maxnumber: number };
      const started = performance.now();
      const encoder = new TextEncoder();
      for (let n = 0; n <= challenge.maxnumber; n += 1000) {
        const digests = await Promise.all(Array.from({ length: 1000 }, (_, i) => crypto.subtle.digest('SHA-256', encoder.encode(challenge.salt + (n + i)))));
        if (digests.some((d) => Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('') === challenge.challenge)) break;
      }
      return performance.now() - started;
    }, api);
    t.diagnostic(`proof of work: one challenge solved in Chromium in ${Math.round(solveMs)} ms`);
    await page.context().close();
  });

  it('when the person is not on the roll, then the not-found message', async () => {
    const page = await openPage(await startHost(await startApi()));
    await fill(page, 'Nobody', 'Doe', '1985-03-14');
    await page.getByRole('button', { name: 'Check my registration' }).click();
    await page.getByRole('status').getByText('We could not find a registration').waitFor();
    await page.context().close();
  });

  it('when a lookup has answered and the next one has a field error, then the earlier answer is gone', async () => {
    const page = await openPage(await startHost(await startApi()));
    await fill(page, 'Jane', 'Doe', '1985-03-14');
    await page.getByRole('button', { name: 'Check my registration' }).click();
    const status = page.getByRole('status');
    await status.getByText('You are registered to vote').waitFor();
    await fill(page, '', 'Doe', '1985-03-14');
    await page.getByRole('button', { name: 'Check my registration' }).click();
    await page.getByText('This is required.').waitFor();
    assert.equal((await status.textContent())?.trim(), '', 'no answer stands beside the corrected form');
    await page.context().close();
  });

  it('when a field is wrong, then its error is tied to its input and focus moves to it', async () => {
    const page = await openPage(await startHost(await startApi()));
    await fill(page, '', 'Doe', '1985-03-14');
    await page.getByRole('button', { name: 'Check my registration' }).click();
    const first = page.getByLabel('First name');
    assert.equal(await first.getAttribute('aria-invalid'), 'true');
    const described = await first.getAttribute('aria-describedby');
    assert.equal(await page.locator(`#${described}`).textContent(), 'This is required.');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'firstName');
    // A rule only the server knows: a date in the future, answered 400 and shown on the field.
    await fill(page, 'Jane', 'Doe', '2999-01-01');
    await page.getByRole('button', { name: 'Check my registration' }).click();
    await page.getByText('dateOfBirth must not be in the future').waitFor();
    assert.equal(await page.getByLabel('Date of birth').getAttribute('aria-invalid'), 'true');
    await page.context().close();
  });

  it('when the rate limit is hit, then the 429 detail is shown', async () => {
    const page = await openPage(await startHost(await startApi(1)));
    await fill(page, 'Jane', 'Doe', '1985-03-14');
    const button = page.getByRole('button', { name: 'Check my registration' });
    await button.click();
    await page.getByRole('status').getByText('You are registered').waitFor();
    await button.click();
    await page.getByRole('status').getByText('Too many lookups').waitFor();
    await page.context().close();
  });

  it('when used with the keyboard alone, then it can be filled and submitted', async () => {
    const page = await openPage(await startHost(await startApi()));
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'firstName');
    await page.keyboard.type('Jane');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Doe');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'dateOfBirth');
    await page.keyboard.type('03141985');
    // On to the ZIP field and then the button (a date field may take a Tab between its parts).
    const visited: string[] = [];
    for (let i = 0; i < 6 && visited.at(-1) !== 'BUTTON'; i += 1) {
      await page.keyboard.press('Tab');
      const name = await page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.tagName ?? '');
      if (name === 'zip') await page.keyboard.type('27601');
      visited.push(name);
    }
    assert.ok(visited.includes('zip'), visited.join(' '));
    assert.equal(visited.at(-1), 'BUTTON', visited.join(' '));
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('You are registered to vote').waitFor();
    await page.context().close();
  });

  it('when the page is in Spanish, then the widget is too', async () => {
    const page = await (async () => {
      const context = await browser.newContext();
      const p = await context.newPage();
      await p.goto(await startHost(await startApi(), 'data-state="NC"', 'es'));
      await p.getByLabel('Nombre').waitFor();
      return p;
    })();
    await page.getByLabel('Nombre').fill('Jane');
    await page.getByLabel('Apellido').fill('Doe');
    await page.getByLabel('Fecha de nacimiento').fill('1985-03-14');
    await page.getByLabel('Código postal').fill('27601');
    await page.getByRole('button', { name: 'Verificar mi inscripción' }).click();
    await page.getByRole('status').getByText('Usted está inscrito para votar').waitFor();
    await page.context().close();
  });

  it('when the page is in Vietnamese, Korean, Chinese or Tagalog, then the widget speaks it and the answer comes in it', async () => {
    const api = await startApi();
    const cases = [
      { lang: 'vi', first: 'Tên', submit: 'Kiểm tra đăng ký của tôi', answer: 'đăng ký cử tri' },
      { lang: 'ko', first: '이름', submit: '내 등록 확인', answer: '유권자로 등록' },
      { lang: 'zh-Hans', first: '名', submit: '查询我的登记', answer: '登记为选民' },
      { lang: 'tl', first: 'Pangalan', submit: 'Tingnan ang aking rehistro', answer: 'Nakarehistro ka' },
    ];
    for (const { lang, first, submit, answer } of cases) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(await startHost(api, 'data-state="NC"', lang));
      await page.getByLabel(first, { exact: true }).fill('Jane');
      await page.locator('input[name=lastName]').fill('Doe');
      await page.locator('input[name=dateOfBirth]').fill('1985-03-14');
      await page.locator('input[name=zip]').fill('27601');
      await page.getByRole('button', { name: submit }).click();
      await page.getByRole('status').getByText(answer).waitFor();
      await context.close();
    }
  });

  it('when the page is in Arabic, then the widget runs right to left, speaks Arabic, and the answer comes in it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(await startHost(await startApi(), 'data-state="NC"', 'ar'));
    await page.getByLabel('الاسم الأول').fill('Jane');
    await page.getByLabel('اسم العائلة').fill('Doe');
    await page.getByLabel('تاريخ الميلاد').fill('1985-03-14');
    await page.getByLabel('الرمز البريدي (ZIP)').fill('27601');
    const form = page.locator('form.vl-form');
    assert.deepEqual(await form.evaluate((node) => [node.getAttribute('dir'), node.getAttribute('lang'), getComputedStyle(node).direction]), [
      'rtl',
      'ar',
      'rtl',
    ]);
    // Right to left: the label starts at the form's right edge.
    const [label, box] = await Promise.all([page.getByText('الاسم الأول').boundingBox(), form.boundingBox()]);
    assert.ok(Math.abs(label!.x + label!.width - (box!.x + box!.width)) < 2, 'the label is at the right');
    await page.getByRole('button', { name: 'تحقَّق من تسجيلي' }).click();
    await page.getByRole('status').getByText('أنت مسجَّل للتصويت').waitFor();
    await page.screenshot({ path: 'test-output/widget-ar.png', fullPage: true });
    await context.close();
  });

  it('when scanned with axe-core, then no serious or critical violation, and none of the WCAG 2.2 AA rules fails', async () => {
    const page = await openPage(await startHost(await startApi()), { bypassCSP: true });
    await fill(page, 'Jane', 'Doe', '1985-03-14');
    await page.getByRole('button', { name: 'Check my registration' }).click();
    await page.getByRole('status').getByText('You are registered').waitFor();
    await page.evaluate(axe.source);
    const scan = (options: object) =>
      page.evaluate(async (runOptions) => {
        const result = await (globalThis as unknown as { axe: { run(options: object): Promise<{ violations: { id: string; impact: string }[] }> } }).axe.run(
          runOptions,
        );
        return result.violations.map((v) => ({ id: v.id, impact: v.impact }));
      }, options);
    const serious = (await scan({})).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(serious, []);
    assert.deepEqual(await scan({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }), []);
    await page.screenshot({ path: 'test-output/widget-axe.png', fullPage: true });
    await page.context().close();
  });
});

/** An election office's page on another origin embedding the widget in a frame, with the one-line snippet. */
async function startFramingHost(api: string, attributes = 'data-state="NC"'): Promise<string> {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>County elections</title></head>
<body><main><h1>County Board of Elections</h1><script src="${api}/embed.js" ${attributes} defer></script><p>After the widget.</p></main></body></html>`;
  return listen(
    createServer((_req, res) => {
      res.setHeader('Content-Security-Policy', `default-src 'none'; script-src ${api}; frame-src ${api}; style-src 'self'`);
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(html);
    }),
  );
}

describe('the widget in a frame (/embed)', { skip: haveChromium ? false : `no browser at ${CHROMIUM} (.ci/run installs Debian's chromium)` }, () => {
  it('when served, then /embed may be framed by any site (or only ALLOWED_ORIGINS), and writes back only a known state and language', async () => {
    const app = await buildTestApp(db.knex);
    const page = await request(app).get('/embed?state=nc&lang=es');
    assert.equal(page.status, 200);
    assert.match(page.headers['content-security-policy'] ?? '', /frame-ancestors \*/);
    assert.equal(page.headers['x-frame-options'], undefined);
    assert.match(page.text, /data-state="NC" data-language="es"/);
    const odd = await request(app).get('/embed?state=%22%3E%3Cscript%3E&lang=Jane');
    assert.ok(!odd.text.includes('<script>') && !odd.text.includes('Jane'));
    assert.match(odd.text, /<div data-voter-lookup data-styled data-language="en">/);
    const limited = await buildTestApp(db.knex, { allowedOrigins: ['https://elections.example'] });
    assert.match((await request(limited).get('/embed')).headers['content-security-policy'] ?? '', /frame-ancestors https:\/\/elections\.example/);
    assert.equal((await request(app).get('/embed.js')).headers['cross-origin-resource-policy'], 'cross-origin');
  });

  it('when a person looks up in the frame on another origin, then the answer shows, the frame grows to fit it, and the host page can read nothing typed', async () => {
    const api = await startApi();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(await startFramingHost(api));
    const frameElement = page.locator('iframe[data-voter-lookup-frame]');
    const frame = page.frameLocator('iframe[data-voter-lookup-frame]');
    await frame.getByLabel('First name').waitFor();
    const fitted = async () => Number(await frameElement.getAttribute('height'));
    const before = await fitted();
    await frame.getByLabel('First name').fill('Jane');
    await frame.getByLabel('Last name').fill('Doe');
    await frame.getByLabel('Date of birth').fill('1985-03-14');
    await frame.getByLabel('ZIP code').fill('27601');
    await frame.getByRole('button', { name: 'Check my registration' }).click();
    await frame.getByRole('status').getByText('You are registered to vote in North Carolina').waitFor();
    // The frame is told its new height and takes it: its content fits, with nothing to scroll.
    await page.waitForFunction((old) => Number(document.querySelector('iframe')?.getAttribute('height')) !== old, before);
    const inside = await frame.locator('html').evaluate((html) => Math.ceil(html.getBoundingClientRect().height));
    assert.ok(Math.abs((await fitted()) - inside) <= 2, `frame ${await fitted()} px, content ${inside} px`);
    // What the host's own scripts can reach: no field, no text typed, no document of the frame.
    const seen = await page.evaluate(() => ({
      inputs: document.querySelectorAll('input').length,
      frameDocument: document.querySelector('iframe')?.contentDocument ?? null,
      text: document.body.innerText,
    }));
    assert.deepEqual({ inputs: seen.inputs, frameDocument: seen.frameDocument }, { inputs: 0, frameDocument: null });
    assert.ok(!seen.text.includes('Jane') && !seen.text.includes('registered'));
    mkdirSync('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/embed-active.png', fullPage: true });
    await context.close();
  });

  it('when data-lang="es", then the frame speaks Spanish; the answer is a card with an icon; targets are 44 px; axe’s WCAG 2.2 AA rules find nothing', async () => {
    const api = await startApi();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(await startFramingHost(api, 'data-state="NC" data-lang="es"'));
    const frame = page.frameLocator('iframe[data-voter-lookup-frame]');
    await frame.getByLabel('Nombre').fill('Jane');
    await frame.getByLabel('Apellido').fill('Doe');
    await frame.getByLabel('Fecha de nacimiento').fill('1985-03-14');
    await frame.getByLabel('Código postal').fill('27601');
    await frame.getByRole('button', { name: 'Verificar mi inscripción' }).click();
    const card = frame.locator('.vl-answer[data-registered="true"]');
    await card.waitFor();
    assert.equal(await card.locator('.vl-icon').getAttribute('aria-hidden'), 'true');
    for (const target of [frame.getByRole('button'), frame.getByRole('link').first(), frame.getByLabel('Nombre')]) {
      const height = await target.evaluate((node) => node.getBoundingClientRect().height);
      assert.ok(height >= 44, `a target of ${height} px`);
    }
    const inner = page.frames().find((f) => f.url().startsWith(`${api}/embed`))!;
    await inner.evaluate(axe.source);
    const result = await inner.evaluate(async () => {
      const run = await (globalThis as unknown as { axe: { run(options: object): Promise<{ violations: { id: string; impact: string }[] }> } }).axe.run({
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      });
      return run.violations.map((v) => `${v.impact} ${v.id}`);
    });
    assert.deepEqual(result, []);
    await context.close();
  });

  it('when used with the keyboard alone on the host page, then Tab reaches into the frame, fills it and submits it, and the answer is announced', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(await startFramingHost(await startApi()));
    const frame = page.frameLocator('iframe[data-voter-lookup-frame]');
    await frame.getByLabel('First name').waitFor();
    const inner = page.frames().find((f) => f.url().includes('/embed'))!;
    const focused = () => inner.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.tagName ?? '');
    // From the host page's top, Tab moves into the frame and on through its fields, as it would on one page.
    let steps = 0;
    while ((await focused()) !== 'firstName' && steps < 6) {
      await page.keyboard.press('Tab');
      steps += 1;
    }
    assert.equal(await focused(), 'firstName', `not in the frame after ${steps} presses of Tab`);
    await page.keyboard.type('Jane');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Doe');
    await page.keyboard.press('Tab');
    await page.keyboard.type('03141985');
    const visited: string[] = [];
    for (let i = 0; i < 6 && visited.at(-1) !== 'BUTTON'; i += 1) {
      await page.keyboard.press('Tab');
      const name = await focused();
      if (name === 'zip') await page.keyboard.type('27601');
      visited.push(name);
    }
    assert.equal(visited.at(-1), 'BUTTON', visited.join(' '));
    await page.keyboard.press('Enter');
    // The answer lands in the frame's live region, which a screen reader announces.
    const status = frame.getByRole('status');
    await status.getByText('You are registered to vote').waitFor();
    assert.equal(await status.getAttribute('aria-live'), 'polite');
    await context.close();
  });

  it('when data-lang="ar", then the frame is right to left, and the answer card mirrors: its bar on the right', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(await startFramingHost(await startApi(), 'data-state="NC" data-lang="ar"'));
    const frame = page.frameLocator('iframe[data-voter-lookup-frame]');
    await frame.getByLabel('الاسم الأول').fill('Jane');
    await frame.getByLabel('اسم العائلة').fill('Doe');
    await frame.getByLabel('تاريخ الميلاد').fill('1985-03-14');
    await frame.getByLabel('الرمز البريدي (ZIP)').fill('27601');
    await frame.getByRole('button', { name: 'تحقَّق من تسجيلي' }).click();
    const card = frame.locator('.vl-answer[data-registered="true"]');
    await card.waitFor();
    const sides = await card.evaluate((node) => {
      const css = getComputedStyle(node);
      return [document.documentElement.dir, css.direction, css.borderRightWidth, css.borderLeftWidth];
    });
    assert.deepEqual(sides, ['rtl', 'rtl', '6px', '0px']);
    await context.close();
  });

  it('when shown on a phone and on a desktop, in English and Spanish, then screenshots of the answered frame (test-output/, README)', async () => {
    const api = await startApi();
    mkdirSync('test-output', { recursive: true });
    for (const [language, labels] of [
      ['en', ['First name', 'Last name', 'Date of birth', 'ZIP code', 'Check my registration']],
      ['es', ['Nombre', 'Apellido', 'Fecha de nacimiento', 'Código postal', 'Verificar mi inscripción']],
    ] as const) {
      for (const [device, viewport] of [
        ['phone', { width: 390, height: 844 }],
        ['desktop', { width: 1280, height: 800 }],
      ] as const) {
        const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
        const page = await context.newPage();
        await page.goto(await startFramingHost(api, `data-state="NC" data-lang="${language}"`));
        const frame = page.frameLocator('iframe[data-voter-lookup-frame]');
        await frame.getByLabel(labels[0]).fill('Jane');
        await frame.getByLabel(labels[1]).fill('Doe');
        await frame.getByLabel(labels[2]).fill('1985-03-14');
        await frame.getByLabel(labels[3]).fill('27601');
        await frame.getByRole('button', { name: labels[4] }).click();
        await frame.locator('.vl-answer').waitFor();
        await page.waitForTimeout(300); // the card's fade-in
        await page.screenshot({ path: `test-output/embed-${language}-${device}.png`, fullPage: true });
        await context.close();
      }
    }
  });
});

describe(
  'the widget at a versioned URL with Subresource Integrity',
  { skip: haveChromium ? false : `no browser at ${CHROMIUM} (.ci/run installs Debian's chromium)` },
  () => {
    it('when fetched, then immutable for a year and loadable with CORS; another version is 404', async () => {
      const app = await buildTestApp(db.knex);
      const pinned = await request(app).get(WIDGET_ASSETS.widget.path);
      assert.equal(pinned.status, 200);
      assert.equal(pinned.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(pinned.headers['access-control-allow-origin'], '*');
      assert.equal(pinned.text, WIDGET_ASSETS.widget.content);
      assert.equal((await request(app).get('/widget.0000000000000000.js')).status, 404);
      assert.equal((await request(app).get(WIDGET_ASSETS.embed.path)).status, 200);
    });

    it('when a host pins it with its integrity, then it runs; with another integrity, the browser refuses it', async () => {
      const api = await startApi();
      const { path, integrity } = WIDGET_ASSETS.widget;
      const host = (sri: string) =>
        listen(
          createServer((_req, res) => {
            res.setHeader('Content-Security-Policy', `default-src 'none'; script-src ${api}; connect-src ${api}; style-src 'self'`);
            res.setHeader('Content-Type', 'text/html; charset=utf-8');
            res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>County elections</title>
<script src="${api}${path}" integrity="${sri}" crossorigin="anonymous" defer></script></head>
<body><main><h1>County</h1><div data-voter-lookup data-state="NC"></div></main></body></html>`);
          }),
        );
      const page = await openPage(await host(integrity));
      await fill(page, 'Jane', 'Doe', '1985-03-14');
      await page.getByRole('button', { name: 'Check my registration' }).click();
      await page.getByRole('status').getByText('You are registered to vote in North Carolina').waitFor();
      await page.context().close();

      const context = await browser.newContext();
      const refused = await context.newPage();
      const blocked = refused.waitForEvent('console', (message) => /integrity/i.test(message.text()));
      await refused.goto(await host(`sha384-${Buffer.alloc(48).toString('base64')}`));
      await blocked;
      assert.equal(await refused.getByLabel('First name').count(), 0);
      await context.close();
    });
  },
);

/** A host page with the custom element, its own stylesheet theming it, and a rule for every button on the page. */
async function startElementHost(api: string): Promise<string> {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>County elections</title>
<link rel="stylesheet" href="/site.css"><script src="${api}/widget.js" defer></script></head>
<body><main><h1>County Board of Elections</h1><voter-lookup state="NC"></voter-lookup></main></body></html>`;
  const css = `voter-lookup { --vl-accent: rgb(1, 2, 3); }
voter-lookup::part(button) { border-radius: 17px; }
voter-lookup::part(input) { border-color: rgb(4, 5, 6); }
button, input { background: rgb(255, 0, 0) !important; font-family: monospace !important; }`;
  return listen(
    createServer((req, res) => {
      res.setHeader('Content-Security-Policy', `default-src 'none'; script-src ${api}; connect-src ${api}; style-src 'self'`);
      res.setHeader('Content-Type', req.url === '/site.css' ? 'text/css' : 'text/html; charset=utf-8');
      res.end(req.url === '/site.css' ? css : html);
    }),
  );
}

describe('the <voter-lookup> element', { skip: haveChromium ? false : `no browser at ${CHROMIUM} (.ci/run installs Debian's chromium)` }, () => {
  it('when a host page themes it, then custom properties and ::part() reach inside its Shadow DOM and the page’s own rules do not; it answers', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(await startElementHost(await startApi()));
    await page.getByLabel('First name').waitFor();
    // The form is in the element's shadow root, not in the page's document.
    assert.equal(await page.evaluate(() => document.querySelectorAll('form, input').length), 0);
    const button = page.getByRole('button', { name: 'Check my registration' });
    const look = await button.evaluate((node) => {
      const css = getComputedStyle(node);
      return [css.backgroundColor, css.borderTopLeftRadius, css.fontFamily.includes('monospace')];
    });
    assert.deepEqual(look, ['rgb(1, 2, 3)', '17px', false]);
    assert.equal(await page.getByLabel('First name').evaluate((node) => getComputedStyle(node).borderTopColor), 'rgb(4, 5, 6)');
    await fill(page, 'Jane', 'Doe', '1985-03-14');
    await button.click();
    await page.getByRole('status').getByText('You are registered').waitFor();
    const card = page.locator('voter-lookup').locator('.vl-answer');
    assert.equal(await card.getAttribute('part'), 'answer');
    await page.evaluate(axe.source);
    const violations = await page.evaluate(async () => {
      const run = await (globalThis as unknown as { axe: { run(options: object): Promise<{ violations: { id: string; impact: string }[] }> } }).axe.run({
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      });
      return run.violations.map((v) => `${v.impact} ${v.id}`);
    });
    assert.deepEqual(violations, []);
    await context.close();
  });
});
