// Opens the HTML report in headless Chromium (Debian's `chromium`, driven
// by playwright-core) and checks what a reader would see: no console
// error or page error, no request for anything but the file itself, and
// every chart drawn with its data (marks with a size, a title and a
// description, a data table). Screenshots the page, each chart, and the
// charts in greyscale (as printed in black and white).
//
// Each VTT file given after them is loaded as a <track> and its cues
// read back by Chromium's WebVTT parser (one per cue in the file, times
// increasing, text decoded).
//
// node scripts/html-check.mjs REPORT.html OUT_DIR [X.vtt...]  (PLAYWRIGHT_DIR: where
// node_modules/playwright-core is; CHROMIUM: the browser, /usr/bin/chromium)
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [report, outDir, ...vtts] = process.argv.slice(2);
if (!report || !outDir) {
  console.error('usage: node scripts/html-check.mjs REPORT.html OUT_DIR');
  process.exit(2);
}
const require = createRequire(path.join(process.env.PLAYWRIGHT_DIR || process.cwd(), 'x.js'));
const { chromium } = require('playwright-core');

const problems = [];
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'facilitator-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1100, height: 900 },
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    // For the VTT files beside the report (a <track> from file://).
    '--allow-file-access-from-files',
  ],
});
try {
  const page = context.pages()[0] || (await context.newPage());
  const url = pathToFileURL(path.resolve(report)).href;
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== url) problems.push(`request for ${r.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });

  const charts = await page.evaluate(() => [...document.querySelectorAll('figure.chart')].map((f) => {
    const svg = f.querySelector('svg');
    const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
    const marks = svg ? [...svg.querySelectorAll('[data-value]')] : [];
    const drawn = marks.filter((m) => {
      const b = m.getBBox();
      return b.width > 0 && b.height > 0;
    });
    const nonzero = marks.filter((m) => m.dataset.value !== '0' && m.dataset.value !== '');
    const flat = nonzero.filter((m) => {
      const b = m.getBBox();
      return !(b.width > 0 && b.height > 0);
    });
    return {
      name: f.dataset.chart,
      width: Math.round(box.width),
      height: Math.round(box.height),
      title: svg?.querySelector(':scope > title')?.textContent || '',
      desc: svg?.querySelector(':scope > desc')?.textContent || '',
      marks: marks.length,
      nonzero: nonzero.length,
      drawn: drawn.length,
      flat: flat.length,
      texts: svg ? svg.querySelectorAll('text').length : 0,
      rows: f.querySelectorAll('table tbody tr').length,
    };
  }));
  const sections = await page.evaluate(() => [...document.querySelectorAll('h2')].map((h) => h.textContent));
  for (const c of charts) {
    const bad = [];
    if (c.width < 200 || c.height < 40) bad.push(`drawn ${c.width}x${c.height}`);
    if (!c.title || !c.desc) bad.push('no title or description');
    if (c.marks === 0) bad.push('no data marks');
    if (c.nonzero === 0) bad.push('every mark is zero');
    if (c.flat > 0) bad.push(`${c.flat} non-zero marks drawn with no size`);
    if (c.rows === 0) bad.push('no data table');
    if (c.texts === 0) bad.push('no text in the chart');
    if (bad.length) problems.push(`chart ${c.name}: ${bad.join('; ')}`);
    console.log(`chart ${c.name}: ${c.width}x${c.height}, ${c.marks} marks (${c.nonzero} non-zero), ${c.texts} texts, ${c.rows} table rows`);
  }
  for (const want of ['coverage', 'stickers', 'picks', 'ratings']) {
    if (!charts.some((c) => c.name === want)) problems.push(`no ${want} chart`);
  }
  console.log(`sections: ${sections.join(' | ')}`);

  fs.mkdirSync(outDir, { recursive: true });
  await page.screenshot({ path: path.join(outDir, 'report.png'), fullPage: true });
  await page.screenshot({ path: path.join(outDir, 'report-top.png') });
  const stickers = await page.$('h2[id$="-stickers"]');
  if (stickers) {
    await stickers.scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -10));
    await page.screenshot({ path: path.join(outDir, 'report-stickers.png') });
  }
  for (const f of await page.$$('figure.chart')) {
    const name = await f.getAttribute('data-chart');
    await f.screenshot({ path: path.join(outDir, `chart-${name}.png`) });
  }
  // As printed in black and white.
  await page.emulateMedia({ media: 'print' });
  await page.addStyleTag({ content: 'html{filter:grayscale(1)}' });
  for (const name of ['stickers', 'picks', 'ratings', 'coverage']) {
    const f = await page.$(`figure[data-chart="${name}"]`);
    if (f) await f.screenshot({ path: path.join(outDir, `chart-${name}-grey.png`) });
  }
  console.log(`screenshots in ${outDir}`);

  for (const vtt of vtts) {
    const text = fs.readFileSync(vtt, 'utf8');
    const want = text.split('\n').filter((l) => l.includes(' --> ')).length;
    const holder = path.join(path.dirname(path.resolve(vtt)), 'track-check.html');
    fs.writeFileSync(holder, `<!DOCTYPE html><video><track kind="subtitles" src="${path.basename(vtt)}" default></video>`);
    const p = await context.newPage();
    p.on('console', (m) => { if (m.type() === 'error') problems.push(`${vtt}: console error: ${m.text()}`); });
    await p.goto(pathToFileURL(holder).href);
    const cues = await p.evaluate(async () => {
      const t = document.querySelector('track');
      t.track.mode = 'hidden';
      for (let i = 0; i < 100 && t.readyState < 2; i++) await new Promise((r) => setTimeout(r, 50));
      if (t.readyState !== 2) return null;
      return [...t.track.cues].map((c) => [c.id, c.startTime, c.endTime, c.getCueAsHTML().textContent]);
    });
    await p.close();
    fs.rmSync(holder);
    if (!cues) { problems.push(`${vtt}: Chromium did not load it`); continue; }
    if (cues.length !== want) problems.push(`${vtt}: ${cues.length} cues read, ${want} in the file`);
    for (const [id, start, end, shown] of cues) {
      if (!(end > start)) problems.push(`${vtt}: cue ${id} ends before it starts`);
      if (/&(amp|lt|gt);/.test(shown)) problems.push(`${vtt}: cue ${id} shows an entity: ${shown}`);
    }
    console.log(`${vtt}: ${cues.length} cues read by Chromium, e.g. ${JSON.stringify(cues[0])}`);
  }
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
if (problems.length) {
  for (const p of problems) console.error(`PROBLEM: ${p}`);
  process.exit(1);
}
console.log(`html-check: no console error, nothing fetched, every chart has its data${vtts.length ? `, ${vtts.length} VTT file(s) read back` : ''}`);
