/*! Metronome tracker, no cookies or storage; see docs/tracker.md. Each event is a POST to
(data-api | script origin + /tick)?key=(data-key), body text/plain: one flat JSON object
{"name":"view"|"404"|"outbound"|"download"|custom, "url":page URL, "referrer"?, "w":screen width, ...props};
outbound, download: url = the link, page = page path; download: format, id; custom: revenue, currency */
(function(w, d) {
var s = d.currentScript, l = w.location, n = navigator, last, i,
get = function(a) { return s.getAttribute(a) },
api = (get('data-api') || new URL(s.src).origin + '/tick') + '?key=' + encodeURIComponent(get('data-key')),
off = get('data-allow-localhost') == null && (/^(localhost|127(\.\d+){3}|\[::1\])$/.test(l.hostname) || l.protocol == 'file:'),
notFound = get('data-404') != null || d.querySelector('meta[name=metronome-404]'),
files = /\.(csv|tsv|json|geojson|xml|kml|kmz|shp|pdf|zip|gz|7z|txt|xlsx?|docx?|pptx?|epub|dmg|exe|msi|apk|mp[34]|wav|mov)$/i;

function send(name, props, done, extra) {
  var e = {name: name, url: l.href, w: screen.width}, k, v;
  if (d.referrer) e.referrer = d.referrer;
  [props, extra].forEach(function(p) {
    for (k in p) if ((v = p[k]) != null) e[k] = typeof v == 'object' ? JSON.stringify(v) : v;
  });
  e.name = name;
  e = JSON.stringify(e);
  done = done || function() {};
  if (off || n.sendBeacon && n.sendBeacon(api, e)) done();
  else if (w.fetch) fetch(api, {method: 'POST', body: e, keepalive: !0, mode: 'no-cors'}).then(done, done);
}

function metronome(name, o) {
  o = o || {};
  var full = o.props || typeof o.revenue == 'object' || o.callback, r = full && o.revenue;
  send(name, full ? o.props : o, full && o.callback, r && {revenue: +r.amount, currency: r.currency});
}

function view() {
  if (l.href == last) return;
  last = l.href;
  send('view');
  if (notFound) send('404', notFound = 0);
}

function click(e) {
  if (e.type == 'auxclick' && e.button != 1) return;
  try {
    var a = e.target.closest('a[href]'), u = new URL(a.getAttribute('href'), l.href), m = u.pathname.match(files);
    if (m) send('download', {url: u.href, page: l.pathname, format: m[1].toLowerCase(),
      id: a.getAttribute('data-metronome-id') || decodeURIComponent(u.pathname.split('/').pop())});
    else if (u.host != l.host && /^https?:$/.test(u.protocol)) send('outbound', {url: u.href, page: l.pathname});
  } catch (x) {}
}

// SPA navigation
['pushState', 'replaceState'].forEach(function(m) {
  var f = history[m];
  history[m] = function() { var r = f.apply(this, arguments); view(); return r };
});
w.addEventListener('popstate', view);
w.addEventListener('hashchange', view);
d.addEventListener('click', click);
d.addEventListener('auxclick', click);

var queue = w.metronome && w.metronome.q || [];
w.metronome = metronome;
if (d.prerendering) d.addEventListener('prerenderingchange', view, {once: !0});
else view();
for (i = 0; i < queue.length; i++) metronome.apply(w, queue[i]);
})(window, document);
