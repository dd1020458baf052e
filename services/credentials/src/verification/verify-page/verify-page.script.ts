/**
 * The page's script (plain ES2017, no framework, no outside code). It sends what the verifier
 * gives to the public API — a QR link's `c` and `h` to `GET /verification`, a file with its own
 * media type or pasted text as text/plain to `POST /verification` — and shows the answer as it
 * is: the verdict, the six checks in order, and what the diploma says. Everything is written
 * with textContent, never as HTML, so nothing presented can run in the page.
 * Kept in a raw string: no backticks or template placeholders inside.
 */
export const VERIFY_PAGE_JS = String.raw`'use strict';
(function () {
  var api = document.body.getAttribute('data-api') || '/verification';
  var form = document.getElementById('verify-form');
  var fileInput = document.getElementById('file');
  var textInput = document.getElementById('text');
  var formError = document.getElementById('form-error');
  var submit = document.getElementById('submit');
  var result = document.getElementById('result');

  var CHECK_NAMES = {
    'well-formed': 'Định dạng văn bằng số',
    signature: 'Chữ ký số',
    'issuer-trusted': 'Cơ quan cấp văn bằng',
    'not-expired': 'Thời hạn hiệu lực',
    status: 'Trạng thái thu hồi, tạm đình chỉ',
    register: 'Đối chiếu sổ gốc'
  };
  var OUTCOMES = {
    passed: { mark: '✓', label: 'Đạt' },
    failed: { mark: '✗', label: 'Không đạt' },
    'not-checked': { mark: '–', label: 'Chưa kiểm tra' }
  };
  var KINDS = {
    'lower-secondary-diploma': 'Bằng tốt nghiệp trung học cơ sở',
    'upper-secondary-diploma': 'Bằng tốt nghiệp trung học phổ thông'
  };

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  /** dd/mm/yyyy on the Việt Nam calendar (UTC+7), from an ISO date-time. */
  function vietnameseDate(iso) {
    var t = Date.parse(iso);
    if (isNaN(t)) return '';
    var d = new Date(t + 7 * 3600000);
    var p = function (n) { return (n < 10 ? '0' : '') + n; };
    return p(d.getUTCDate()) + '/' + p(d.getUTCMonth() + 1) + '/' + d.getUTCFullYear();
  }

  function busy(on) {
    submit.disabled = on;
    result.setAttribute('aria-busy', on ? 'true' : 'false');
    if (on) {
      result.hidden = false;
      result.replaceChildren(el('p', 'verdict-text', 'Đang xác minh…'));
    }
  }

  function showProblem(message) {
    result.hidden = false;
    result.replaceChildren(el('h2', 'verdict invalid', 'Không xác minh được'), el('p', 'verdict-text', message));
  }

  function showAnswer(a) {
    var nodes = [];
    nodes.push(el('h2', 'verdict ' + (a.verified ? 'valid' : 'invalid'),
      a.verified ? 'VĂN BẰNG HỢP LỆ' : 'VĂN BẰNG KHÔNG HỢP LỆ'));
    nodes.push(el('p', 'verdict-text', a.verdict));
    nodes.push(el('h3', '', 'Kết quả từng bước kiểm tra'));
    var list = el('ol', 'checks');
    (a.checks || []).forEach(function (c) {
      var o = OUTCOMES[c.outcome] || OUTCOMES['not-checked'];
      var li = el('li', c.outcome);
      li.setAttribute('data-check', c.check);
      var mark = el('span', 'mark', o.mark);
      mark.setAttribute('aria-hidden', 'true');
      var name = el('span', 'name', CHECK_NAMES[c.check] || c.check);
      name.appendChild(el('span', 'outcome', ' — ' + o.label));
      li.append(mark, name, el('p', 'message', c.message));
      list.appendChild(li);
    });
    nodes.push(list);

    var s = a.subject || {};
    var facts = [
      ['Loại văn bằng', KINDS[s.kind] || s.achievementName],
      ['Họ và tên', s.holderName],
      ['Trường', s.schoolName],
      ['Năm tốt nghiệp', s.graduationYear],
      ['Số hiệu', s.serialNumber],
      ['Cơ quan cấp', a.issuer && a.issuer.name],
      ['Ngày cấp', s.validFrom && vietnameseDate(s.validFrom)],
      ['Mã văn bằng số', a.credentialId]
    ].filter(function (f) { return f[1] !== undefined && f[1] !== null && f[1] !== ''; });
    if (facts.length > 0) {
      nodes.push(el('h3', '', a.verified ? 'Thông tin trên văn bằng' : 'Thông tin ghi trên văn bằng được gửi'));
      if (!a.verified)
        nodes.push(el('p', 'caution', 'Văn bằng không hợp lệ: các thông tin dưới đây chưa được xác thực, không dùng làm căn cứ.'));
      var dl = el('dl', 'facts');
      facts.forEach(function (f) { dl.append(el('dt', '', f[0]), el('dd', '', f[1])); });
      nodes.push(dl);
    }
    result.hidden = false;
    result.replaceChildren.apply(result, nodes);
  }

  /** The API's refusals, in Vietnamese: it answers 200 for every verdict, so these are the exceptions. */
  function problemMessage(response, fromLink) {
    var s = response.status;
    if (s === 429) {
      var wait = parseInt(response.headers.get('Retry-After') || '', 10);
      return 'Quá nhiều yêu cầu, thử lại sau ' + (isNaN(wait) ? 60 : wait) + ' giây.';
    }
    if (s === 400 && fromLink) return 'Đường dẫn xác minh không hợp lệ: thiếu hoặc sai mã văn bằng (c) hay mã kiểm tra (h).';
    if (s === 400) return 'Nội dung gửi lên không đọc được: tệp .json phải là một văn bằng số (JSON) hợp lệ.';
    if (s === 413) return 'Tệp quá lớn để xác minh.';
    if (s === 415) return 'Loại tệp không được hỗ trợ: chỉ nhận tệp .json, ảnh PNG hoặc JPEG.';
    if (s >= 500) return 'Hệ thống xác minh đang gặp sự cố, vui lòng thử lại sau.';
    return 'Không xác minh được (mã lỗi ' + s + ').';
  }

  function send(url, init, fromLink) {
    busy(true);
    return fetch(url, Object.assign({ headers: { Accept: 'application/json' }, credentials: 'omit' }, init))
      .then(function (response) {
        if (response.status !== 200) return showProblem(problemMessage(response, fromLink));
        return response.json().then(showAnswer);
      })
      .catch(function () {
        showProblem('Không kết nối được tới máy chủ xác minh. Kiểm tra kết nối mạng rồi thử lại.');
      })
      .then(function () { busy(false); });
  }

  /** A file's media type: the browser's when it knows it, else by the name's extension. */
  function mediaTypeOf(file) {
    var type = (file.type || '').toLowerCase();
    var name = (file.name || '').toLowerCase();
    if (type === 'image/png' || /\.png$/.test(name)) return 'image/png';
    if (type === 'image/jpeg' || /\.jpe?g$/.test(name)) return 'image/jpeg';
    if (type === 'application/json' || type === 'application/vc+ld+json' || type === 'application/ld+json' || /\.json(ld)?$/.test(name))
      return 'application/json';
    return '';
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    formError.textContent = '';
    var file = fileInput.files && fileInput.files[0];
    var text = textInput.value.trim();
    if (file && text) {
      formError.textContent = 'Chỉ chọn một cách: tải lên tệp hoặc dán nội dung, không cả hai.';
      return;
    }
    if (!file && !text) {
      formError.textContent = 'Hãy chọn tệp hoặc dán nội dung văn bằng trước khi bấm Xác minh.';
      return;
    }
    var headers = { Accept: 'application/json' };
    var body;
    if (file) {
      var type = mediaTypeOf(file);
      if (!type) {
        formError.textContent = 'Loại tệp không được hỗ trợ: chỉ nhận tệp .json, ảnh PNG hoặc JPEG.';
        return;
      }
      headers['Content-Type'] = type;
      body = file;
    } else {
      headers['Content-Type'] = 'text/plain; charset=utf-8';
      body = text;
    }
    send(api, { method: 'POST', headers: headers, body: body }, false).then(function () {
      result.focus();
    });
  });

  form.addEventListener('reset', function () {
    formError.textContent = '';
  });

  // Opened from a diploma's QR code: ?c=<credential id>&h=<hash>. Verify at once.
  var params = new URLSearchParams(window.location.search);
  if (params.has('c') || params.has('h')) {
    var q = new URLSearchParams({ c: params.get('c') || '', h: params.get('h') || '' });
    send(api + '?' + q.toString(), { method: 'GET' }, true);
  }
})();
`;
