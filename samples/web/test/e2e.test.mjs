// End-to-end test of the browser reader in real headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core): starts the WebDemo (S2 server + writer + page server), opens the
// page, and checks that it shows records appended after it loaded, in order, across a server
// restart, and that a token without read permission shows a clear error.
//
// Needs WEB_DEMO_CLASSPATH (see ../run-e2e.sh, which builds it). Screenshots go to ../target/.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync, mkdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const webDir = join(here, '..');
const targetDir = join(webDir, 'target');
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync',
];

const started = Date.now();
const step = (what) => console.log(`  [e2e +${((Date.now() - started) / 1000).toFixed(1)}s] ${what}`);
let demo;
let urls;
let context;
let userDataDir;

/** Starts the WebDemo and resolves with the URLs it prints. */
function startDemo() {
  const classpath = process.env.WEB_DEMO_CLASSPATH;
  assert.ok(classpath, 'WEB_DEMO_CLASSPATH must be set (run samples/web/run-e2e.sh)');
  demo = spawn('java', ['-cp', classpath, 'dev.s2reactive.samples.web.WebDemo',
    '--interval-ms', '100', '--web-dir', webDir], {stdio: ['pipe', 'pipe', 'inherit']});
  return new Promise((resolve, reject) => {
    const found = {};
    let out = '';
    const timer = setTimeout(() => reject(new Error('WebDemo did not start:\n' + out)), 60000);
    demo.on('exit', (code) => reject(new Error('WebDemo exited with ' + code + ':\n' + out)));
    demo.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write('  [demo] ' + chunk);
      for (const key of ['server', 'page', 'no-read']) {
        const m = out.match(new RegExp('^\\s*' + key + ':\\s+(\\S+)', 'm'));
        if (m) found[key] = m[1];
      }
      if (found.server && found.page && found['no-read']) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
}

/** [seq_num, timestamp] of every record row the page shows, top to bottom. */
function shownRecords(page) {
  return page.$$eval('#records li', (rows) =>
    rows.map((li) => [Number(li.dataset.seq), Number(li.dataset.timestamp)]));
}

function assertContiguous(rows, what) {
  for (let i = 1; i < rows.length; i++) {
    assert.equal(rows[i][0], rows[i - 1][0] + 1,
        what + ': seq_num ' + rows[i][0] + ' follows ' + rows[i - 1][0]);
    assert.ok(rows[i][1] >= rows[i - 1][1], what + ': timestamps never decrease');
  }
}

before(async () => {
  mkdirSync(targetDir, {recursive: true});
  urls = await startDemo();
  step('demo started');
  userDataDir = mkdtempSync(join(tmpdir(), 's2-web-e2e-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: {width: 1200, height: 800},
  });
  step('chromium started');
});

after(async () => {
  if (context) await context.close();
  if (userDataDir) rmSync(userDataDir, {recursive: true, force: true});
  if (demo && demo.exitCode === null) {
    const exited = new Promise((resolve) => demo.once('exit', resolve));
    demo.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15000))]);
    if (demo.exitCode === null) demo.kill('SIGKILL');
  }
});

test('the page shows records appended after it loaded, in order, across a restart', async () => {
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e));

  // The tail before the page loads: every record the page shows in live mode must be later.
  const config = await (await fetch(urls.page + 'config.js')).text();
  const token = config.match(/"token": "([^"]+)"/)[1];
  const tailResponse = await fetch(urls.server + '/v1/streams/' + encodeURIComponent('app/logs') +
      '/records/tail', {headers: {'Authorization': 'Bearer ' + token, 's2-basin': 'web-demo'}});
  assert.equal(tailResponse.status, 200, 'the read-only token may check the tail');
  const tailBefore = (await tailResponse.json()).tail;

  await page.goto(urls.page);
  step('page loaded');
  await page.waitForFunction(() => document.querySelectorAll('#records li').length >= 10,
      null, {timeout: 30000});
  step('10 records shown');
  assert.equal(await page.textContent('#status'), 'live');
  const first = await shownRecords(page);
  assert.ok(first[0][0] >= tailBefore.seq_num,
      'first shown seq_num ' + first[0][0] + ' is at or after the tail at load ' + tailBefore.seq_num);
  assert.ok(first[0][1] >= tailBefore.timestamp, 'and no older than the last record before load');
  assertContiguous(first, 'before restart');

  // Restart the S2 server from the page; the reader must resume without a gap or duplicate.
  const lastBeforeRestart = first[first.length - 1][0];
  await page.click('#restart-server');
  await page.waitForFunction(() => Number(document.getElementById('reconnects').textContent) >= 1,
      null, {timeout: 30000});
  step('reconnected after the restart');
  await page.waitForFunction((n) => {
    const rows = document.querySelectorAll('#records li');
    return rows.length > 0 && Number(rows[rows.length - 1].dataset.seq) >= n;
  }, lastBeforeRestart + 20, {timeout: 30000});
  const all = await shownRecords(page);
  assertContiguous(all, 'across the restart');
  assert.match(await page.textContent('#reconnect-note'), /resumed after Last-Event-ID \d+,\d+,\d+/);
  assert.match(await page.textContent('#status'), /^live/);
  assert.equal(await page.isVisible('#error'), false);
  assert.deepEqual(pageErrors, []);
  await page.screenshot({path: join(targetDir, 'web-demo.png'), fullPage: true});
  step('screenshot taken');
  await page.close();
});

test('a token without read permission shows a clear error', async () => {
  const page = await context.newPage();
  await page.goto(urls['no-read']);
  await page.waitForSelector('#error', {state: 'visible', timeout: 30000});
  const message = await page.textContent('#error');
  assert.match(message, /403 permission_denied/);
  assert.match(message, /read/);
  assert.equal(await page.textContent('#status'), 'access denied');
  assert.equal(await page.$$eval('#records li', (rows) => rows.length), 0);
  await page.screenshot({path: join(targetDir, 'web-demo-denied.png')});
  await page.close();
});
