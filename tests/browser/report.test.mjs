// Drives headless Chromium through the synoptic web page: submit the example cluster plus a
// hostile article, check the report (summary, highlighted source sentences, CSS debris toggle),
// check injected markup did not run, and save screenshots (desktop and phone).
// Usage: node report.test.mjs BASE_URL EXAMPLE_DIR ARTIFACT_DIR
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';

const [base, exampleDir, artDir] = process.argv.slice(2);
if (!base || !exampleDir || !artDir) {
  console.error('usage: node report.test.mjs BASE_URL EXAMPLE_DIR ARTIFACT_DIR');
  process.exit(2);
}

const HOSTILE = [
  'Commuters said the Kessling Harbor Bridge <script>window.__pwned=1</script> had been swaying for weeks before the eastbound deck collapsed into the Marrow Channel on Tuesday evening.',
  'One reader wrote that the bridge closure <img src=x onerror="window.__pwned=2"> has doubled her daily commute to the Port of Portvale.',
].join('\n');

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'synoptic-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

const step = (msg) => console.log(`  - ${msg}`);
let failed = false;
try {
  const page = context.pages()[0] ?? await context.newPage();
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));

  await page.goto(`${base}/`);
  assert.equal(await page.title(), 'Synoptic: brief a cluster of articles');
  step('loaded /');

  // An empty submission is refused on the page itself.
  await page.click('#submit');
  await page.waitForSelector('#status.error');
  step('empty submission shows an error');

  const files = fs.readdirSync(exampleDir).sort().map((f) => path.join(exampleDir, f));
  assert.ok(files.length >= 2, 'example cluster files');
  await page.setInputFiles('#files', files);
  await page.fill('#paste', HOSTILE);
  await page.fill('#cluster', 'harbor-bridge');
  await page.click('#submit');
  step(`submitted ${files.length} files and a pasted article with <script> and <img onerror>`);

  await page.waitForSelector('#result', { state: 'visible', timeout: 60_000 });
  const frameEl = await page.waitForSelector('#report');
  const frame = await frameEl.contentFrame();
  assert.ok(frame, 'report frame');
  await frame.waitForSelector('#summary ol.summary li', { timeout: 60_000 });
  const summary = await frame.$$eval('#summary ol.summary li', (els) => els.map((e) => e.textContent.trim()));
  assert.ok(summary.length >= 1, 'summary sentences');
  step(`report shows ${summary.length} summary sentences; first: ${summary[0].slice(0, 70)}…`);
  assert.match(await page.textContent('#status'), /Brief ready: 6 article/);
  fs.mkdirSync(artDir, { recursive: true });
  await page.screenshot({ path: path.join(artDir, 'report.png'), fullPage: true });

  // Every summary sentence is highlighted in its source; the first mark is visible.
  for (let n = 1; n <= summary.length; n++) {
    const mark = await frame.$(`mark#s-${n}`);
    assert.ok(mark, `mark#s-${n}`);
  }
  assert.ok(await frame.isVisible('mark#s-1'), 'highlighted source sentence is visible');
  const markText = (await frame.textContent('mark#s-1')).replace(/\s+/g, ' ').trim();
  const linkText = (await frame.textContent('#summary a.sent[href="#s-1"]')).trim();
  assert.equal(markText, linkText, 'summary sentence 1 equals its highlighted source text');
  step('every summary sentence has a highlighted <mark> in the sources panel');

  // The summary links to the source sentence.
  await frame.click('#summary a.sent[href="#s-1"]');
  assert.equal(await frame.evaluate(() => location.hash), '#s-1');
  step('summary link jumps to #s-1');

  // Removed debris is hidden until the CSS-only toggle is ticked.
  const del = 'del.removed';
  assert.ok(await frame.$(del), 'removed debris present');
  assert.equal(await frame.isVisible(del), false, 'debris hidden by default');
  await frame.check('#debris-all');
  assert.equal(await frame.isVisible(del), true, 'debris shown after toggle');
  await frame.uncheck('#debris-all');
  step('removed debris hidden by default, shown struck through by the checkbox');

  // Injected markup did not run and shows as text.
  assert.equal(await page.evaluate(() => typeof window.__pwned), 'undefined', 'page not pwned');
  assert.equal(await frame.evaluate(() => typeof window.__pwned), 'undefined', 'frame not pwned');
  assert.equal(await frame.evaluate(() => document.querySelectorAll('script').length), 0, 'no script in report');
  assert.equal(await frame.evaluate(() => document.querySelectorAll('img').length), 0, 'no img in report');
  const text = await frame.evaluate(() => document.body.textContent);
  assert.ok(text.includes('<script>window.__pwned=1</script>'), 'script shown as text');
  assert.ok(text.includes('<img src=x onerror="window.__pwned=2">'), 'img shown as text');
  step('injected <script> and <img onerror> shown as text, never run (window.__pwned undefined)');
  assert.deepEqual(consoleErrors, [], 'no page errors');

  // Screenshots: the page with the report, the report itself on desktop and on a phone.
  const blobUrl = frame.url().split('#')[0];
  const desk = await context.newPage();
  await desk.setViewportSize({ width: 1280, height: 900 });
  await desk.goto(blobUrl);
  await desk.screenshot({ path: path.join(artDir, 'report-desktop.png'), fullPage: true });
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(blobUrl);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal scrolling on a phone (overflow ${overflow}px)`);
  await phone.screenshot({ path: path.join(artDir, 'report-phone.png'), fullPage: true });
  await phone.screenshot({ path: path.join(artDir, 'report-phone-top.png') });
  await phone.locator('#coverage').scrollIntoViewIfNeeded();
  await phone.screenshot({ path: path.join(artDir, 'report-phone-coverage.png') });
  await phone.locator('#doc-1').scrollIntoViewIfNeeded();
  await phone.screenshot({ path: path.join(artDir, 'report-phone-sources.png') });
  await phone.goto(`${base}/`);
  await phone.screenshot({ path: path.join(artDir, 'index-phone.png') });
  step(`screenshots saved in ${artDir}`);
  console.log('browser test: ok');
} catch (e) {
  failed = true;
  console.error('browser test FAILED:', e);
  try {
    const p = context.pages()[0];
    if (p) await p.screenshot({ path: path.join(artDir, 'failure.png'), fullPage: true });
  } catch {}
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
