// Drives metronome.js against a fake DOM: node tracker-harness.js <path to metronome.js>. Prints "ok"/"FAIL" lines; exits 1 on a failure.
const fs = require('fs');
const src = fs.readFileSync(process.argv[2], 'utf8');
function setup(attrs, href, opts = {}) {
  const sent = [];
  const listeners = {};
  const loc = new URL(href);
  const location = { get href() { return loc.href; }, get hostname() { return loc.hostname; }, get protocol() { return loc.protocol; }, get pathname() { return loc.pathname; }, get host() { return loc.host; } };
  const script = { src: 'https://stats.example/metronome.js', getAttribute: a => a in attrs ? attrs[a] : null };
  const document = { currentScript: script, referrer: opts.referrer || '', querySelector: q => opts.meta404 && q.includes('metronome-404') ? {} : null,
    addEventListener: (t, f) => (listeners['d' + t] = f), prerendering: false };
  const history = { pushState(s, t, u) { const n = new URL(u, loc.href); loc.href = n.href; }, replaceState(s, t, u) { const n = new URL(u, loc.href); loc.href = n.href; } };
  const window = { location, addEventListener: (t, f) => (listeners['w' + t] = f), metronome: opts.queue };
  const navigator = { sendBeacon: (url, body) => { sent.push({ url, body: JSON.parse(body) }); return true; } };
  const f = new Function('window', 'document', 'navigator', 'history', 'screen', 'URL', src);
  f(window, document, navigator, history, { width: 1440 }, URL);
  return { sent, listeners, window, history, loc };
}
const eq = (a, b, m) => { if (JSON.stringify(a) !== JSON.stringify(b)) { console.log('FAIL', m, JSON.stringify(a), '!=', JSON.stringify(b)); process.exitCode = 1; } else console.log('ok', m); };

// queue before load
const q = function () { (q.q = q.q || []).push(arguments); }; q('signup', { plan: 'pro' });
let t = setup({ 'data-key': 'K' }, 'https://site.example/a?x=1', { referrer: 'https://www.google.com/', queue: q });
eq(t.sent[0].url, 'https://stats.example/tick?key=K', 'endpoint');
eq(t.sent[0].body, { name: 'view', url: 'https://site.example/a?x=1', w: 1440, referrer: 'https://www.google.com/' }, 'pageview');
eq(t.sent[1].body, { name: 'signup', url: 'https://site.example/a?x=1', w: 1440, referrer: 'https://www.google.com/', plan: 'pro' }, 'queued short form');
t.history.pushState({}, '', '/b'); eq(t.sent[2].body.url, 'https://site.example/b', 'pushState view');
t.history.replaceState({}, '', '/b'); eq(t.sent.length, 3, 'no duplicate for same URL');
t.loc.href = 'https://site.example/b#x'; t.listeners.whashchange(); eq(t.sent[3].body.url, 'https://site.example/b#x', 'hashchange');
t.loc.href = 'https://site.example/a'; t.listeners.wpopstate(); eq(t.sent[4].body.name, 'view', 'popstate');
t.window.metronome('buy', { props: { plan: 'pro', n: 2, o: { a: 1 }, z: null }, revenue: { amount: '10.5', currency: 'EUR' } });
eq(t.sent[5].body, { name: 'buy', url: 'https://site.example/a', w: 1440, referrer: 'https://www.google.com/', plan: 'pro', n: 2, o: '{"a":1}', revenue: 10.5, currency: 'EUR' }, 'long form');
let called = 0; t.window.metronome('cb', { callback: () => called++ }); eq(called, 1, 'callback');
t.window.metronome('name', { name: 'evil' }); eq(t.sent[7].body.name, 'name', 'props cannot rename');
const link = (href, attrs = {}) => ({ getAttribute: a => a === 'href' ? href : (attrs[a] ?? null) });
const click = (a, extra = {}) => t.listeners.dclick({ type: 'click', target: { closest: () => a }, ...extra });
click(link('/files/Report%202026.PDF')); eq(t.sent[8].body, { name: 'download', url: 'https://site.example/files/Report%202026.PDF', w: 1440, referrer: 'https://www.google.com/', page: '/a', format: 'pdf', id: 'Report 2026.PDF' }, 'download');
click(link('https://data.example/x.csv?y=1', { 'data-metronome-id': 'dataset-42' })); eq([t.sent[9].body.format, t.sent[9].body.id], ['csv', 'dataset-42'], 'download id attr');
click(link('https://other.example/page')); eq([t.sent[10].body.name, t.sent[10].body.url, t.sent[10].body.page], ['outbound', 'https://other.example/page', '/a'], 'outbound');
click(link('/internal')); click(link('mailto:a@b.c')); click(null); eq(t.sent.length, 11, 'internal/mailto/non-link ignored');
t.listeners.dauxclick({ type: 'auxclick', button: 2, target: { closest: () => link('https://other.example/') } }); eq(t.sent.length, 11, 'right click ignored');
t.listeners.dauxclick({ type: 'auxclick', button: 1, target: { closest: () => link('https://other.example/') } }); eq(t.sent.length, 12, 'middle click counted');

t = setup({ 'data-key': 'K', 'data-404': '' }, 'https://site.example/missing');
eq(t.sent.map(s => s.body.name), ['view', '404'], '404 via attribute');
t.history.pushState({}, '', '/other'); eq(t.sent.map(s => s.body.name), ['view', '404', 'view'], '404 only once');
t = setup({ 'data-key': 'K' }, 'https://site.example/missing', { meta404: true }); eq(t.sent.map(s => s.body.name), ['view', '404'], '404 via meta');
t = setup({ 'data-key': 'K' }, 'http://localhost:3000/'); eq(t.sent.length, 0, 'localhost ignored');
t = setup({ 'data-key': 'K' }, 'http://127.0.0.1/'); eq(t.sent.length, 0, '127.0.0.1 ignored');
t = setup({ 'data-key': 'K', 'data-allow-localhost': '' }, 'http://localhost:3000/'); eq(t.sent.length, 1, 'localhost allowed');
t = setup({ 'data-key': 'K W', 'data-api': 'https://api.example/t' }, 'https://site.example/'); eq(t.sent[0].url, 'https://api.example/t?key=K%20W', 'data-api');
