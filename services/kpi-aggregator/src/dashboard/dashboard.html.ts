/** Single-page dashboard: the organisation tree with drill-down and school counts by segment. */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chuyển đổi số giáo dục Quảng Ninh — Dashboard</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; color: #1d2733; background: #f5f7fa; }
  header { background: #0b5394; color: #fff; padding: 14px 24px; }
  header h1 { margin: 0; font-size: 20px; }
  header p { margin: 4px 0 0; opacity: .85; font-size: 13px; }
  main { padding: 16px 24px; }
  .bar { display: flex; gap: 12px; align-items: center; margin-bottom: 12px; font-size: 14px; }
  ul.tree { list-style: none; padding-left: 18px; margin: 0; }
  ul.tree > li { margin: 2px 0; }
  .node { cursor: pointer; padding: 3px 6px; border-radius: 4px; display: inline-block; }
  .node:hover { background: #e3ecf7; }
  .kind { font-size: 11px; color: #5b6b7c; margin-left: 6px; }
  .counts { font-size: 12px; color: #335; margin-left: 8px; }
  .seg { display: inline-block; padding: 0 6px; margin-right: 4px; border-radius: 8px; background: #e8eef5; }
  .error { color: #a40000; }
  footer { font-size: 12px; color: #6b7785; padding: 8px 24px; }
</style>
</head>
<body>
<header>
  <h1>Chuyển đổi số giáo dục tỉnh Quảng Ninh</h1>
  <p>Education digital transformation — organisation tree (indicators arrive with the KPI projections)</p>
</header>
<main>
  <div class="bar">
    <label>Ngày / as of <input id="asOf" type="date"></label>
    <span id="status"></span>
  </div>
  <div id="tree"></div>
</main>
<footer>Data: the aggregator's copy of the registry, rebuilt from Kafka. Times shown in Asia/Ho_Chi_Minh.</footer>
<script>
(function () {
  var token = new URLSearchParams(location.hash.slice(1)).get('token') || sessionStorage.getItem('qn-token');
  if (token) { sessionStorage.setItem('qn-token', token); history.replaceState(null, '', location.pathname); }
  var asOfInput = document.getElementById('asOf');
  asOfInput.value = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  var statusEl = document.getElementById('status');
  var SEGMENTS = { 'urban': 'thành thị', 'rural': 'nông thôn', 'ethnic-minority-mountain': 'DTTS & miền núi', 'island': 'hải đảo' };
  function api(path) {
    return fetch(path, { headers: token ? { authorization: 'Bearer ' + token } : {} }).then(function (r) {
      return r.json().then(function (body) { if (!r.ok) throw new Error(body.detail || body.title || r.status); return body; });
    });
  }
  function counts(el, id) {
    api('/org-units/' + id + '/school-counts?asOf=' + asOfInput.value).then(function (c) {
      el.textContent = '';
      var total = document.createElement('b'); total.textContent = c.total + ' trường';
      el.appendChild(total);
      Object.keys(c.bySegment).forEach(function (s) {
        var span = document.createElement('span'); span.className = 'seg'; span.dataset.segment = s;
        span.textContent = (SEGMENTS[s] || s) + ': ' + c.bySegment[s]; el.appendChild(document.createTextNode(' ')); el.appendChild(span);
      });
    }).catch(function () {});
  }
  function render(units, container) {
    var ul = document.createElement('ul'); ul.className = 'tree';
    units.forEach(function (u) {
      var li = document.createElement('li'); li.dataset.id = u.id; li.dataset.code = u.code;
      var node = document.createElement('span'); node.className = 'node'; node.textContent = u.name;
      var kind = document.createElement('span'); kind.className = 'kind'; kind.textContent = u.kind + (u.school ? ' · ' + (SEGMENTS[u.school.segment] || u.school.segment) : '');
      var c = document.createElement('span'); c.className = 'counts';
      li.appendChild(node); li.appendChild(kind); li.appendChild(c);
      if (u.kind !== 'school') counts(c, u.id);
      node.addEventListener('click', function () {
        var open = li.querySelector('ul');
        if (open) { open.remove(); return; }
        api('/org-units/' + u.id + '/children?asOf=' + asOfInput.value).then(function (kids) { render(kids, li); }).catch(show);
      });
      ul.appendChild(li);
    });
    container.appendChild(ul);
  }
  function show(err) { statusEl.className = 'error'; statusEl.textContent = err.message; }
  function load() {
    var tree = document.getElementById('tree'); tree.textContent = '';
    statusEl.className = ''; statusEl.textContent = 'loading…';
    api('/org-units?asOf=' + asOfInput.value).then(function (roots) {
      statusEl.textContent = roots.length ? '' : 'No units yet for this date.';
      render(roots, tree);
    }).catch(show);
  }
  asOfInput.addEventListener('change', load);
  if (!token) { show(new Error('No token: open the link printed by "npm start".')); } else { load(); }
})();
</script>
</body>
</html>
`;
