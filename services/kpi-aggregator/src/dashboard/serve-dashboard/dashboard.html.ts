/** Where the page signs people in: an OpenID Provider and the dashboard's public client there. */
export interface DashboardOidc {
  issuer: string;
  clientId: string;
}

/** Shown when the token expired or the API answered 401, before signing in again. */
export const SESSION_EXPIRED_VI = 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại';

/**
 * The province's dashboard, one page served by the aggregator: pick an indicator, a period and a
 * segment; drill down from the province to communes and schools; actual vs target over time;
 * the projection's lag; the reports to download. Every number comes from the query API with the
 * user's bearer token. The page gets it by signing in with OpenID Connect (authorization code
 * with PKCE S256, in the browser: redirect to the provider, code exchanged at its token
 * endpoint) and keeps it in sessionStorage, never in the URL. When it expires or the API answers
 * 401, the page says so in Vietnamese and signs in again. Without a provider configured
 * (`oidc` null: tests) it uses a token already in sessionStorage (`qn-token`). No outside
 * scripts or fonts: the page works on a closed network and under a strict CSP.
 */
export function dashboardHtml(oidc: DashboardOidc | null): string {
  // JSON in a script element: "<" escaped so no value can close it.
  const config = JSON.stringify({ oidc, expiredMessage: SESSION_EXPIRED_VI }).replace(
    /</g,
    '\\u003c',
  );
  return DASHBOARD_HTML.replace('__QN_CONFIG__', config);
}

const DASHBOARD_HTML = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chuyển đổi số giáo dục Quảng Ninh — Dashboard</title>
<style>
  body { font-family: system-ui, "DejaVu Sans", sans-serif; margin: 0; color: #1d2733; background: #f5f7fa; }
  header { background: #0b5394; color: #fff; padding: 12px 24px; display: flex; justify-content: space-between; align-items: end; flex-wrap: wrap; gap: 8px; }
  header h1 { margin: 0; font-size: 20px; }
  header p { margin: 2px 0 0; opacity: .85; font-size: 13px; }
  #lag { font-size: 12px; background: rgba(255,255,255,.15); padding: 4px 8px; border-radius: 4px; }
  main { padding: 14px 24px; display: grid; gap: 14px; }
  .bar { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; font-size: 14px; }
  .bar select, .bar input { font: inherit; padding: 3px 6px; }
  .card { background: #fff; border-radius: 6px; padding: 12px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  #breadcrumb a { color: #0b5394; cursor: pointer; text-decoration: underline; }
  #summary .big { font-size: 28px; font-weight: 600; margin-right: 12px; }
  table { border-collapse: collapse; width: 100%; font-size: 14px; }
  th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e5e9ef; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  tr.drill { cursor: pointer; } tr.drill:hover { background: #eef3fa; }
  .status { padding: 1px 8px; border-radius: 10px; font-size: 12px; white-space: nowrap; }
  .status.met { background: #d4f3dd; color: #125a2a; } .status.on-track { background: #dff0ff; color: #0b4680; }
  .status.at-risk { background: #fff1cc; color: #7a5200; } .status.off-track { background: #ffd9d6; color: #8a1208; }
  .status.no-data, .status.no-target { background: #eceff3; color: #4a5562; }
  #chart text { font-size: 11px; fill: #3a4654; }
  .legend { font-size: 12px; color: #4a5562; }
  .error { color: #a40000; }
  footer { font-size: 12px; color: #6b7785; padding: 8px 24px 16px; }
  button { font: inherit; padding: 3px 10px; cursor: pointer; }
  #session { background: #fff1cc; color: #5a3d00; padding: 10px 24px; display: flex; gap: 12px; align-items: center; }
  #session[hidden] { display: none; }
  #user { font-size: 12px; opacity: .9; }
</style>
<script id="qn-config" type="application/json">__QN_CONFIG__</script>
</head>
<body>
<header>
  <div>
    <h1>Chuyển đổi số giáo dục tỉnh Quảng Ninh</h1>
    <p>Chỉ tiêu chuyển đổi số ngành giáo dục — thực hiện so với chỉ tiêu giao</p>
  </div>
  <div>
    <div id="lag" title="Projection lag: events on Kafka not yet applied">Độ trễ số liệu: …</div>
    <div id="user"></div>
  </div>
</header>
<div id="session" role="alert" hidden><span id="sessionText"></span> <button id="signIn">Đăng nhập lại</button></div>
<main>
  <div class="bar card">
    <label>Chỉ tiêu <select id="indicator"></select></label>
    <label>Kỳ <input id="period" size="14" title="2025-2026 · HK1-2025-2026 · 2025 · 2025-12-31"></label>
    <label>Vùng <select id="segment"><option value="">Tất cả</option></select></label>
    <span id="status"></span>
  </div>
  <div class="card">
    <div id="breadcrumb"></div>
    <div id="summary"></div>
  </div>
  <div class="card">
    <table id="children">
      <thead><tr><th>Đơn vị</th><th class="num">Kết quả</th><th class="num">Chỉ tiêu</th><th>Đánh giá</th><th class="num">Tử số / Mẫu số</th></tr></thead>
      <tbody></tbody>
    </table>
  </div>
  <div class="card">
    <div class="legend">Thực hiện (cột) so với chỉ tiêu (vạch đỏ) theo kỳ — <span id="chartUnit"></span></div>
    <svg id="chart" width="680" height="230" role="img" aria-label="actual vs target over time"></svg>
  </div>
  <div class="card bar" id="reports">
    <b>Báo cáo</b>
    <select id="reportKind"><option value="semester-1">Sơ kết học kỳ I</option><option value="year-end">Tổng kết năm học</option></select>
    <input id="reportYear" size="10">
    <button data-format="xlsx">XLSX</button><button data-format="csv">CSV</button><button data-format="pdf">PDF</button>
    <span id="completeness"></span>
  </div>
</main>
<footer>Số liệu: các sự kiện của nền tảng (tuyển sinh, học bạ số, thanh toán…) trên Kafka, tổng hợp theo cây đơn vị hành chính có hiệu lực theo thời gian. Giờ Việt Nam (Asia/Ho_Chi_Minh).</footer>
<script>
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var CONFIG = JSON.parse($('qn-config').textContent), OIDC = CONFIG.oidc;
  var REDIRECT = location.origin + location.pathname;
  var token = sessionStorage.getItem('qn-token');
  var expiresAt = +(sessionStorage.getItem('qn-token-exp') || 0);
  var ended = false, timers = [];

  // --- sign-in: OpenID Connect, authorization code + PKCE (S256) ---
  function b64url(bytes) {
    var s = ''; for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  }
  function random() { var a = new Uint8Array(32); crypto.getRandomValues(a); return b64url(a); }
  var metadata;
  function discover() {
    metadata = metadata || fetch(OIDC.issuer + '/.well-known/openid-configuration').then(function (r) {
      if (!r.ok) throw new Error('Không kết nối được máy chủ đăng nhập (' + r.status + ').');
      return r.json();
    });
    return metadata;
  }
  function signIn() {
    if (!OIDC) return show(new Error('Chưa cấu hình máy chủ đăng nhập (DASHBOARD_OIDC_ISSUER).'));
    var verifier = random(), st = random();
    sessionStorage.setItem('qn-oidc', JSON.stringify({ verifier: verifier, state: st, back: location.search }));
    return crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)).then(function (hash) {
      return discover().then(function (meta) {
        var u = new URL(meta.authorization_endpoint);
        u.search = new URLSearchParams({ client_id: OIDC.clientId, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid profile',
          code_challenge: b64url(new Uint8Array(hash)), code_challenge_method: 'S256', state: st }).toString();
        location.assign(u.toString());
        return new Promise(function () {}); // leaving the page
      });
    }).catch(show);
  }
  function keep(accessToken, expiresIn) {
    token = accessToken; expiresAt = Date.now() + expiresIn * 1000;
    sessionStorage.setItem('qn-token', token); sessionStorage.setItem('qn-token-exp', String(expiresAt));
  }
  // Back from the provider with ?code=…&state=…: exchange the code, then restore the address.
  function callback(query) {
    var saved = JSON.parse(sessionStorage.getItem('qn-oidc') || 'null');
    sessionStorage.removeItem('qn-oidc');
    history.replaceState(null, '', location.pathname + (saved && saved.back ? saved.back : ''));
    if (query.get('error')) return Promise.reject(new Error('Đăng nhập không thành công: ' + (query.get('error_description') || query.get('error'))));
    if (!saved || saved.state !== query.get('state')) return Promise.reject(new Error('Đăng nhập không hợp lệ (state), vui lòng đăng nhập lại.'));
    return discover().then(function (meta) {
      return fetch(meta.token_endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: query.get('code'), code_verifier: saved.verifier, client_id: OIDC.clientId, redirect_uri: REDIRECT }).toString() });
    }).then(function (r) {
      return r.json().then(function (b) {
        if (!r.ok) throw new Error('Đăng nhập không thành công: ' + (b.error_description || b.error || r.status));
        keep(b.access_token, b.expires_in);
      });
    });
  }
  // The token is over (its time, or the API said 401): say so, stop, offer to sign in again.
  function expired() {
    if (ended) return;
    ended = true; token = null;
    sessionStorage.removeItem('qn-token'); sessionStorage.removeItem('qn-token-exp');
    timers.forEach(clearInterval);
    $('sessionText').textContent = CONFIG.expiredMessage;
    $('session').hidden = false;
  }
  $('signIn').onclick = signIn;
  function authenticate() {
    var query = new URLSearchParams(location.search);
    if (OIDC && (query.get('code') || query.get('error')) && query.get('state')) return callback(query);
    if (token && expiresAt && Date.now() >= expiresAt) { expired(); return Promise.reject(null); }
    if (!token) {
      if (OIDC) { signIn(); return new Promise(function () {}); }
      return Promise.reject(new Error('Chưa đăng nhập: chưa cấu hình máy chủ đăng nhập (DASHBOARD_OIDC_ISSUER).'));
    }
    return Promise.resolve();
  }
  function whoAmI() {
    try {
      var bin = atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'));
      var claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, function (c) { return c.charCodeAt(0); })));
      $('user').textContent = (claims.name || claims.sub) + (claims.roles ? ' · ' + claims.roles.join(', ') : '');
    } catch (e) { /* not a JWT: nothing to show */ }
  }
  var SEGMENTS = { 'urban': 'Thành thị', 'rural': 'Nông thôn', 'ethnic-minority-mountain': 'Vùng DTTS & miền núi', 'island': 'Hải đảo' };
  var KINDS = { province: 'Tỉnh', commune: 'Xã', ward: 'Phường', 'special-zone': 'Đặc khu', district: 'Huyện (cũ)', school: 'Trường' };
  var state = { indicators: [], path: [], rootId: null };
  var today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  var year = +today.slice(0, 4), md = today.slice(5);
  var schoolYear = md >= '08-01' ? year + '-' + (year + 1) : (year - 1) + '-' + year;

  function api(path) {
    if (ended) return Promise.reject(new Error(CONFIG.expiredMessage));
    return fetch(path, { headers: token ? { authorization: 'Bearer ' + token } : {} }).then(function (r) {
      if (r.status === 401) { expired(); throw new Error(CONFIG.expiredMessage); }
      return r.json().then(function (body) { if (!r.ok) throw new Error(body.detail || body.title || r.status); return body; });
    });
  }
  function fmt(v, unit) {
    if (v === null || v === undefined) return '—';
    return unit === 'percent' ? v.toFixed(1).replace('.', ',') + '%' : String(v).replace('.', ',');
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function statusBadge(cell) {
    return el('span', { class: 'status ' + cell.status, 'data-status': cell.status }, cell.statusLabel.vi);
  }
  function current() { return state.indicators.filter(function (i) { return i.code === $('indicator').value; })[0]; }
  function defaultPeriod(type) {
    if (type === 'school-year') return schoolYear;
    if (type === 'semester') { var y1 = schoolYear.slice(0, 4); return (today >= y1 + '-09-05' && today < (+y1 + 1) + '-01-18' ? 'HK1-' : 'HK2-') + schoolYear; }
    if (type === 'calendar-year') return String(year);
    return today;
  }
  function seriesPeriods(type, period) {
    var out = [], i;
    if (type === 'school-year') { var y = +period.slice(0, 4); for (i = 3; i >= 0; i--) out.push((y - i) + '-' + (y - i + 1)); }
    else if (type === 'semester') {
      var sy = +period.slice(4, 8), hk = period.slice(0, 3), all = [];
      for (i = 2; i >= 0; i--) { all.push('HK1-' + (sy - i) + '-' + (sy - i + 1)); all.push('HK2-' + (sy - i) + '-' + (sy - i + 1)); }
      out = all.slice(0, all.indexOf(period) + 1).slice(-4);
    } else if (type === 'calendar-year') { for (i = 3; i >= 0; i--) out.push(String(+period - i)); }
    else { var d = new Date(period + 'T00:00:00Z'); for (i = 3; i >= 0; i--) { var m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i + 1, 0)); out.push(i === 0 ? period : m.toISOString().slice(0, 10)); } }
    return out;
  }
  function cellOf(node) { var s = $('segment').value; return s ? node.bySegment[s] : node.total; }

  function show(err) { $('status').className = 'error'; $('status').textContent = err.message; }

  function loadLag() {
    api('/projections').then(function (p) {
      var g = p.generations.filter(function (x) { return x.status === 'active'; })[0] || p.generations[0];
      if (!g) return;
      var at = g.lastAppliedAt ? new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'medium' }).format(new Date(g.lastAppliedAt)) : '—';
      $('lag').textContent = 'Độ trễ số liệu: ' + (g.lag === null ? '?' : g.lag) + ' sự kiện chưa xử lý · cập nhật ' + at;
      $('lag').dataset.lag = g.lag === null ? '' : String(g.lag);
    }).catch(function () {});
  }

  var seq = 0;
  function drill() {
    var ind = current(), unitId = state.path[state.path.length - 1].id, period = $('period').value, mine = ++seq;
    $('status').className = ''; $('status').textContent = 'đang tải…';
    api('/indicators/' + ind.code + '/values?orgUnitId=' + unitId + '&period=' + encodeURIComponent(period)).then(function (v) {
      if (mine !== seq) return; // a later choice is on its way: do not paint an older answer over it
      $('status').textContent = '';
      var bc = $('breadcrumb'); bc.textContent = '';
      state.path.forEach(function (p, i) {
        if (i) bc.appendChild(document.createTextNode(' › '));
        if (i < state.path.length - 1) { var a = el('a', {}, p.name); a.onclick = function () { state.path = state.path.slice(0, i + 1); drill(); }; bc.appendChild(a); }
        else bc.appendChild(el('b', {}, p.name));
      });
      var own = cellOf(v.orgUnit), sum = $('summary'); sum.textContent = '';
      if (!own) { sum.appendChild(el('span', {}, 'Không có số liệu cho vùng này.')); }
      else {
        sum.appendChild(el('span', { class: 'big', id: 'unitValue', 'data-value': own.value === null ? '' : String(own.value) }, fmt(own.value, v.indicator.unit)));
        sum.appendChild(el('span', {}, 'chỉ tiêu ' + fmt(own.target, v.indicator.unit) + ' · '));
        sum.appendChild(statusBadge(own));
        sum.appendChild(el('span', { class: 'legend' }, '  ' + v.indicator.nameVi + ' — kỳ ' + v.period.code + ' (' + own.numerator + '/' + own.denominator + ')'));
      }
      var tbody = $('children').querySelector('tbody'); tbody.textContent = '';
      v.children.forEach(function (c) {
        var cell = cellOf(c);
        var tr = el('tr', { 'data-org-unit-id': c.orgUnitId, 'data-kind': c.kind || '' });
        tr.appendChild(el('td', {}, (c.name || c.orgUnitId) + ' '));
        tr.firstChild.appendChild(el('span', { class: 'legend' }, KINDS[c.kind] || c.kind || ''));
        tr.appendChild(el('td', { class: 'num value', 'data-value': cell && cell.value !== null ? String(cell.value) : '' }, cell ? fmt(cell.value, v.indicator.unit) : '—'));
        tr.appendChild(el('td', { class: 'num' }, cell ? fmt(cell.target, v.indicator.unit) : '—'));
        var st = el('td'); if (cell) st.appendChild(statusBadge(cell)); tr.appendChild(st);
        tr.appendChild(el('td', { class: 'num' }, cell ? cell.numerator + ' / ' + cell.denominator : ''));
        if (c.kind !== 'school') { tr.className = 'drill'; tr.onclick = function () { state.path.push({ id: c.orgUnitId, name: c.name || c.orgUnitId }); drill(); }; }
        tbody.appendChild(tr);
      });
      if (!v.children.length) tbody.appendChild(el('tr', {}, '')).appendChild(el('td', { colspan: '5', class: 'legend' }, 'Không có đơn vị trực thuộc.'));
      chart(ind, unitId, period);
    }).catch(function (e) { if (mine === seq) show(e); });
  }

  function chart(ind, unitId, period) {
    var periods = seriesPeriods(ind.periodType, period);
    $('chartUnit').textContent = state.path[state.path.length - 1].name;
    api('/indicators/' + ind.code + '/series?orgUnitId=' + unitId + '&periods=' + periods.join(',')).then(function (s) {
      var svg = $('chart'); while (svg.firstChild) svg.removeChild(svg.firstChild);
      var ns = 'http://www.w3.org/2000/svg', W = 680, H = 230, L = 44, B = 30, T = 10;
      var pts = s.points.map(function (p) { var c = $('segment').value ? p.bySegment[$('segment').value] : p.total; return { period: p.period, value: c ? c.value : null, target: c ? c.target : null }; });
      var max = Math.max(100, Math.max.apply(null, pts.map(function (p) { return Math.max(p.value || 0, p.target || 0); })));
      var y = function (v) { return T + (H - T - B) * (1 - v / max); };
      function add(tag, attrs, text) { var e = document.createElementNS(ns, tag); Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); if (text !== undefined) e.textContent = text; svg.appendChild(e); return e; }
      [0, 50, 100].forEach(function (g) { add('line', { x1: L, x2: W - 8, y1: y(g), y2: y(g), stroke: '#e5e9ef' }); add('text', { x: 4, y: y(g) + 4 }, g + (ind.unit === 'percent' ? '%' : '')); });
      var step = (W - L - 8) / Math.max(1, pts.length);
      pts.forEach(function (p, i) {
        var x = L + i * step + step * 0.2, w = step * 0.6;
        if (p.value !== null) { add('rect', { x: x, y: y(p.value), width: w, height: H - B - y(p.value), fill: '#3d85c6', 'data-period': p.period, 'data-value': String(p.value) }); add('text', { x: x, y: y(p.value) - 3 }, fmt(p.value, ind.unit)); }
        if (p.target !== null) add('line', { x1: x - 4, x2: x + w + 4, y1: y(p.target), y2: y(p.target), stroke: '#cc0000', 'stroke-width': 2 });
        add('text', { x: x, y: H - 10 }, p.period);
      });
    }).catch(function () {});
  }

  function loadCompleteness() {
    api('/reports/' + $('reportYear').value + '/' + $('reportKind').value + '/completeness').then(function (c) {
      $('completeness').textContent = 'Đơn vị đã báo cáo: ' + c.submitted + '/' + c.expected + (c.missing.length ? ' — chưa báo cáo: ' + c.missing.slice(0, 5).map(function (u) { return u.name; }).join(', ') + (c.missing.length > 5 ? '…' : '') : '');
    }).catch(function (e) { $('completeness').textContent = e.message; });
  }
  Array.prototype.forEach.call(document.querySelectorAll('#reports button'), function (b) {
    b.onclick = function () {
      var path = '/reports/' + $('reportYear').value + '/' + $('reportKind').value + '/export?format=' + b.dataset.format + '&orgUnitId=' + state.rootId;
      fetch(path, { headers: { authorization: 'Bearer ' + token } }).then(function (r) {
        if (r.status === 401) { expired(); throw new Error(CONFIG.expiredMessage); }
        if (!r.ok) return r.json().then(function (p) { throw new Error(p.detail || p.title); });
        var name = (r.headers.get('content-disposition') || '').replace(/.*filename="([^"]+)".*/, '$1');
        return r.blob().then(function (blob) { var a = el('a', { href: URL.createObjectURL(blob), download: name }); document.body.appendChild(a); a.click(); a.remove(); });
      }).catch(show);
    };
  });

  function onIndicator(period) {
    var ind = current();
    $('period').value = typeof period === 'string' && period ? period : defaultPeriod(ind.periodType);
    var seg = $('segment'), keep = seg.value; seg.length = 1;
    ind.segments.forEach(function (s) { seg.appendChild(el('option', { value: s }, SEGMENTS[s] || s)); });
    seg.value = ind.segments.indexOf(keep) >= 0 ? keep : '';
    drill();
  }
  $('indicator').onchange = function () { onIndicator(); };
  $('period').onchange = drill;
  $('segment').onchange = drill;
  $('reportKind').onchange = loadCompleteness;
  $('reportYear').onchange = loadCompleteness;
  $('reportYear').value = schoolYear;

  function start() {
    whoAmI();
    // Signed in again (not every API call happens when the token ends): at expiry, say so.
    if (expiresAt) timers.push(setTimeout(expired, Math.max(0, expiresAt - Date.now())));
    return Promise.all([api('/indicators'), api('/org-units?asOf=' + today)]);
  }
  authenticate().then(start).then(function (r) {
    state.indicators = r[0];
    r[0].forEach(function (i) { $('indicator').appendChild(el('option', { value: i.code }, i.nameVi)); });
    if (!r[1].length) throw new Error('Chưa có cây đơn vị (registry chưa công bố).');
    state.rootId = r[1][0].id;
    state.path = [{ id: r[1][0].id, name: r[1][0].name }];
    var query = new URLSearchParams(location.search);
    if (query.get('indicator')) $('indicator').value = query.get('indicator');
    onIndicator(query.get('period'));
    loadLag(); timers.push(setInterval(loadLag, 5000));
    loadCompleteness();
  }).catch(function (e) { if (e) show(e); });
})();
</script>
</body>
</html>
`;
