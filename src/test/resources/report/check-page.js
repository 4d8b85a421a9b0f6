#!/usr/bin/env node
// Opens one HTML file in headless Chromium and reports, as one JSON object on stdout, what a reader would meet:
// console errors and uncaught exceptions, every network request other than the page itself, the time to the
// load event, the charts (<svg class="chart"> with their <title>), and a full-page screenshot.
// Talks to Chromium over --remote-debugging-pipe (DevTools protocol on fds 3 and 4): node's standard library only.
//
// Usage: node check-page.js CHROMIUM PAGE.html SCREENSHOT.png [WIDTH]
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const url = require('url');

const [chromium, page, shot, widthArg] = process.argv.slice(2);
const width = Number(widthArg || 1000);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ddbr-chromium-'));
const proc = spawn(chromium, [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--no-default-browser-check', '--disable-extensions', '--mute-audio',
  '--user-data-dir=' + profile, '--remote-debugging-pipe', `--window-size=${width},900`, 'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
let stderr = '';
proc.stdio[2].on('data', d => { stderr += d; });
const send = proc.stdio[3];
const recv = proc.stdio[4];

let nextId = 1;
const pending = new Map();
const listeners = [];
function call(method, params = {}, sessionId) {
  const id = nextId++;
  send.write(JSON.stringify({ id, method, params, sessionId }) + '\0');
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject, method }));
}
let buf = '';
recv.on('data', d => {
  buf += d.toString('utf8');
  let i;
  while ((i = buf.indexOf('\0')) >= 0) {
    const msg = JSON.parse(buf.slice(0, i));
    buf = buf.slice(i + 1);
    if (msg.id && pending.has(msg.id)) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p.reject(new Error(p.method + ': ' + msg.error.message)); else p.resolve(msg.result);
    } else if (msg.method) {
      for (const l of listeners) l(msg);
    }
  }
});

function finish(code, out) {
  try { proc.kill('SIGKILL'); } catch (e) { /* gone */ }
  try { fs.rmSync(profile, { recursive: true, force: true }); } catch (e) { /* best effort */ }
  // exit once stdout is flushed: a pipe takes a large page's text in several writes
  process.stdout.write(JSON.stringify(out) + '\n', () => process.exit(code));
}
const timer = setTimeout(() => finish(3, { error: 'timed out after 60 s', stderr: stderr.slice(-2000) }), 60000);
proc.on('exit', c => { if (pending.size) finish(3, { error: 'chromium exited with ' + c, stderr: stderr.slice(-2000) }); });

(async () => {
  const pageUrl = url.pathToFileURL(path.resolve(page)).href;
  const { targetId } = await call('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await call('Target.attachToTarget', { targetId, flatten: true });
  const consoleErrors = [];
  const requests = [];
  let loaded;
  const loadedP = new Promise(r => { loaded = r; });
  listeners.push(m => {
    if (m.sessionId !== sessionId) return;
    if (m.method === 'Runtime.consoleAPICalled' && (m.params.type === 'error' || m.params.type === 'assert')) {
      consoleErrors.push(m.params.args.map(a => a.value ?? a.description).join(' '));
    } else if (m.method === 'Runtime.exceptionThrown') {
      consoleErrors.push('exception: ' + (m.params.exceptionDetails.exception?.description || m.params.exceptionDetails.text));
    } else if (m.method === 'Log.entryAdded' && m.params.entry.level === 'error') {
      consoleErrors.push('log: ' + m.params.entry.text + (m.params.entry.url ? ' ' + m.params.entry.url : ''));
    } else if (m.method === 'Network.requestWillBeSent') {
      requests.push(m.params.request.url);
    } else if (m.method === 'Page.loadEventFired') {
      loaded();
    }
  });
  await call('Page.enable', {}, sessionId);
  await call('Runtime.enable', {}, sessionId);
  await call('Log.enable', {}, sessionId);
  await call('Network.enable', {}, sessionId);
  const t0 = process.hrtime.bigint();
  await call('Page.navigate', { url: pageUrl }, sessionId);
  await loadedP;
  const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const { result } = await call('Runtime.evaluate', {
    returnByValue: true,
    expression: `(() => ({
      title: document.title,
      charts: [...document.querySelectorAll('svg.chart')].map(s => ({
        title: s.querySelector('title') ? s.querySelector('title').textContent : null,
        width: s.getBoundingClientRect().width, height: s.getBoundingClientRect().height })),
      headings: [...document.querySelectorAll('h3')].map(h => h.textContent),
      scripts: document.querySelectorAll('script').length,
      verdict: document.querySelector('#verdict') ? document.querySelector('#verdict').innerText : null,
      text: document.body.innerText,
      height: document.documentElement.scrollHeight }))()`,
  }, sessionId);
  const info = result.value;
  await call('Emulation.setDeviceMetricsOverride',
    { width, height: Math.min(info.height, 16000), deviceScaleFactor: 1, mobile: false }, sessionId);
  // the top of a very long page (a 10,000-key table) is what a person looks at; Chromium refuses huge captures
  const clip = { x: 0, y: 0, width, height: Math.min(info.height, 16000), scale: 1 };
  const { data } = await call('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true, clip }, sessionId);
  fs.writeFileSync(shot, Buffer.from(data, 'base64'));
  // every request but the page itself is a network request a self-contained page must not make
  const others = requests.filter(r => r !== pageUrl);
  clearTimeout(timer);
  finish(0, { url: pageUrl, loadMs, consoleErrors, requests: others, ...info });
})().catch(e => finish(2, { error: String(e && e.stack || e), stderr: stderr.slice(-2000) }));
