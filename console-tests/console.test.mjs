// Browser test of Sparkport's web console against a real service with real Spark (started by run-tests.sh):
// headless Debian Chromium driven by playwright-core. On failure each test saves a screenshot under
// $CONSOLE_TEST_ARTIFACTS (target/console-tests); CONSOLE_TEST_SCREENSHOTS=always saves them on success too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const BASE = process.env.SPARKPORT_URL ?? 'http://127.0.0.1:8080';
/** The admin token, for the API (a bearer header) and the console (its cookie), when authentication is on. */
const TOKEN = process.env.SPARKPORT_TOKEN ?? '';
const ARTIFACTS = process.env.CONSOLE_TEST_ARTIFACTS ?? 'target/console-tests';
const ALWAYS = process.env.CONSOLE_TEST_SCREENSHOTS === 'always';
const POOL = 'console-' + Math.random().toString(36).slice(2, 8);
const SQL = 'SELECT Hair, SUM(Freq) AS students FROM HairEyeColor GROUP BY Hair ORDER BY students DESC';
// Generous: on a loaded 2-core machine a first SQL job (cluster start, driver, executor) took 4.6 minutes.
const JOB_TIMEOUT_MS = 480_000;

let browser;

async function api(method, path, body, type = 'application/json') {
  const res = await fetch(BASE + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': type }),
      ...(TOKEN ? { Authorization: `Bearer ${TOKEN}` } : {}),
    },
    body: body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : body,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}: ${text}`);
  return text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
}

async function eventually(what, timeoutMs, check) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`not true after ${timeoutMs / 1000} s: ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function awaitJob(id, state) {
  return eventually(`job ${id} ${state}`, JOB_TIMEOUT_MS, async () => {
    const job = await api('GET', `/api/v1/jobs/${id}`);
    if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(job.state) && job.state !== state) {
      throw new Error(`job ${id} ended ${job.state}: ${job.failureReason}`);
    }
    return job.state === state;
  });
}

/** Runs the test body with a fresh page; saves a screenshot when it fails (or always, if asked). */
async function withPage(name, options, body) {
  const context = await browser.newContext(options);
  if (TOKEN) await context.addCookies([{ name: 'sparkport_token', value: TOKEN, url: BASE }]);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  try {
    await body(page);
    if (ALWAYS) await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
  } catch (e) {
    await page.screenshot({ path: `${ARTIFACTS}/${name}-failed.png`, fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
}

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  await api('POST', '/api/v1/pools', {
    name: POOL, workers: { min: 0, max: 2, cores: 1, memory: '512m' }, idleTimeout: 'PT8S', scaleDownDelay: 'PT2S',
  });
  await api('PUT', `/api/v1/pools/${POOL}/files/HairEyeColor.csv`,
    await readFile(process.env.SPARKPORT_SAMPLE_CSV ?? 'sample-data/HairEyeColor.csv'), 'text/csv');
  await api('PUT', `/api/v1/pools/${POOL}/files/jars/examples.jar`,
    await readFile(process.env.SPARKPORT_EXAMPLES_JAR ?? 'target/spark-home/sparkport/sparkport-examples.jar'),
    'application/java-archive');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
});

test('the SQL form runs a job on a real cluster and shows its result table', { timeout: 600_000 }, async () => {
  await withPage('sql-form', {}, async (page) => {
    await page.goto(`${BASE}/sql?pool=${POOL}`);
    await page.getByLabel('Pool').selectOption(POOL);
    await page.getByLabel('SQL').fill(SQL);
    await page.getByRole('button', { name: 'Run' }).click();
    await page.waitForURL(/\/sql\?job=/);
    const jobId = new URL(page.url()).searchParams.get('job');

    const table = page.locator('#result-table');
    await table.waitFor({ timeout: JOB_TIMEOUT_MS });
    assert.deepEqual(await table.locator('thead th').allInnerTexts(), ['Hair string', 'students bigint']);
    const rows = await table.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
    assert.deepEqual(rows, [['Brown', '286'], ['Blond', '127'], ['Black', '108'], ['Red', '71']]);
    assert.match(await page.getByRole('status').first().innerText(), /SUCCEEDED/);

    const csvHref = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    assert.equal(csvHref, `/jobs/${jobId}/result.csv`);
    const csv = await (await page.request.get(BASE + csvHref)).text();
    assert.deepEqual(csv.trim().split('\n'), ['Hair,students', 'Brown,286', 'Blond,127', 'Black,108', 'Red,71']);

    await page.getByRole('link', { name: jobId }).click();
    await page.locator('#result-table').waitFor();
    assert.match(await page.locator('#job-history').innerText(), /Ended SUCCEEDED/);
    assert.match(await page.locator('pre.log').innerText(), /\S/);
  });
});

test('a burst on the pool draws the timeline with its points and events', { timeout: 900_000 }, async () => {
  const ids = [];
  for (let i = 0; i < 3; i++) {
    const job = await api('POST', '/api/v1/jobs', {
      pool: POOL, type: 'SPARK', appResource: 'jars/examples.jar', mainClass: 'io.sparkport.examples.SparkPi',
      args: ['4'], executorMemory: '512m', name: `burst ${i + 1}`,
    });
    ids.push(job.id);
  }
  // The first job's page, opened while the burst runs, follows it to its end without a reload.
  await withPage('job-follows', {}, async (page) => {
    await page.goto(`${BASE}/jobs/${ids[0]}`);
    const live = await page.locator('main[data-refresh]').count() === 1; // still running (it should be)
    const navigations = [];
    page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) navigations.push(frame.url()); });
    await page.getByRole('button', { name: 'Resubmit' }).waitFor({ timeout: JOB_TIMEOUT_MS });
    assert.match(await page.getByRole('status').innerText(), /SUCCEEDED/);
    assert.match(await page.locator('pre.log').innerText(), /Pi is roughly 3\.1/);
    assert.match(await page.locator('#job-history').innerText(), /Ended SUCCEEDED/);
    if (live) assert.deepEqual(navigations, [], 'the page updated in place');
  });
  for (const id of ids) await awaitJob(id, 'SUCCEEDED');
  await eventually('the cluster is torn down after the burst', 90_000, async () =>
    (await api('GET', `/api/v1/pools/${POOL}/events`)).some((e) => e.kind === 'teardown'));

  await withPage('pool-timeline', { viewport: { width: 1280, height: 900 } }, async (page) => {
    await page.goto(`${BASE}/pools/${POOL}?window=1h`);
    const chart = page.locator('#timeline-chart[data-drawn="true"]');
    await chart.waitFor();
    const points = Number(await chart.getAttribute('data-points'));
    assert.ok(points >= 4, `the timeline has ${points} points`);
    assert.equal(await chart.locator('canvas').count(), 1);
    const drawn = await chart.locator('canvas').evaluate((canvas) => {
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let blue = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - 11) < 30 && Math.abs(data[i + 1] - 92) < 30 && Math.abs(data[i + 2] - 173) < 30) blue++;
      }
      return blue;
    });
    assert.ok(drawn > 50, `the workers line is drawn (${drawn} pixels of its colour)`);

    const markers = chart.locator('.event-marker');
    assert.ok(await markers.count() >= 2, `event marks: ${await markers.count()}`);
    assert.ok(await chart.locator('.event-marker.kind-teardown').count() >= 1, 'the teardown is marked');
    await chart.locator('.event-marker.kind-teardown').last().hover();
    const tip = page.locator('#timeline-tip');
    await tip.waitFor({ state: 'visible' });
    assert.match(await tip.innerText(), /teardown: torn down: idle for PT8S/);
    await chart.locator('.event-marker').first().focus();
    assert.match(await tip.innerText(), /(start|scale-up): /);

    assert.match(await page.locator('table.events').innerText(), /torn down: idle for PT8S/);
    assert.match(await page.locator('.u-legend').innerText(), /Workers \(registered\)/);
  });
});

test('the read-only pages work without JavaScript', { timeout: 120_000 }, async () => {
  await withPage('no-javascript', { javaScriptEnabled: false }, async (page) => {
    await page.goto(`${BASE}/`);
    assert.match(await page.locator('table.pools').innerText(), new RegExp(POOL));
    await page.getByRole('link', { name: POOL, exact: true }).first().click();
    await page.waitForURL(new RegExp(`/pools/${POOL}$`));
    assert.equal(await page.locator('#timeline-chart canvas').count(), 0, 'no chart without JavaScript');
    await page.getByText('The timeline as a table').click();
    assert.ok(await page.locator('details.timeline-table tbody tr').count() >= 3);
    await page.goto(`${BASE}/jobs?pool=${POOL}`);
    assert.ok(await page.locator('table.jobs tbody tr').count() >= 4);
    await page.getByLabel('State').selectOption('SUCCEEDED');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/state=SUCCEEDED/);
    assert.equal(await page.locator('table.jobs tbody tr').count(), 4);
    await page.goto(`${BASE}/schedules`);
    assert.match(await page.locator('h1').innerText(), /Schedules/);
  });
});

test('the pages fit a phone screen', { timeout: 60_000 }, async () => {
  await withPage('phone', { viewport: { width: 390, height: 844 }, isMobile: true }, async (page) => {
    for (const path of ['/', '/jobs', `/pools/${POOL}`, '/schedules', '/sql']) {
      await page.goto(BASE + path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${path} is ${overflow} px wider than the screen`);
    }
  });
});
