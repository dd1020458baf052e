/**
 * The public verification page (trang xác minh văn bằng): one HTML document whose stylesheet
 * and script are served beside it (`/verify/assets/…`), so the CSP allows no inline code and
 * nothing from elsewhere. `basePath` is the public URL's path (empty at a host's root), so the
 * page finds its assets and the API behind a reverse proxy that serves the service under a path.
 */
export function verifyPageHtml(basePath: string): string {
  const attr = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return PAGE.replace(/__BASE__/g, attr(basePath));
}

const PAGE = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Xác minh văn bằng tốt nghiệp — Quảng Ninh</title>
<link rel="stylesheet" href="__BASE__/verify/assets/verify-page.css">
<script src="__BASE__/verify/assets/verify-page.js" defer></script>
</head>
<body data-api="__BASE__/verification">
<a class="skip" href="#main">Bỏ qua, tới nội dung chính</a>
<header>
  <p class="org">Văn bằng số tỉnh Quảng Ninh</p>
  <h1>Xác minh văn bằng tốt nghiệp</h1>
</header>
<main id="main">
  <p class="intro">Trang này kiểm tra một văn bằng tốt nghiệp trung học cơ sở hoặc trung học phổ thông
  do cơ quan có thẩm quyền của tỉnh cấp dưới dạng văn bằng số: chữ ký số, cơ quan cấp, hiệu lực,
  trạng thái thu hồi và đối chiếu với sổ gốc.</p>

  <section id="result" class="result" aria-live="polite" aria-atomic="true" tabindex="-1" hidden></section>

  <form id="verify-form" class="card" novalidate>
    <h2>Gửi văn bằng cần xác minh</h2>
    <p class="hint">Chọn <strong>một</strong> trong hai cách: tải lên tệp, hoặc dán nội dung.</p>
    <div class="field">
      <label for="file">Tệp văn bằng số (.json) hoặc ảnh chụp mã QR (PNG, JPEG)</label>
      <input type="file" id="file" name="file"
        accept=".json,application/json,application/vc+ld+json,image/png,image/jpeg"
        aria-describedby="file-hint">
      <p id="file-hint" class="hint">Tệp .json nhận từ nhà trường hoặc trích từ bản PDF của văn bằng;
      hoặc ảnh chụp rõ mã QR in trên văn bằng.</p>
    </div>
    <div class="field">
      <label for="text">Hoặc dán nội dung văn bằng số (JSON) hay nội dung mã QR (đường dẫn xác minh)</label>
      <textarea id="text" name="text" rows="6" spellcheck="false" autocomplete="off"
        aria-describedby="text-hint"></textarea>
      <p id="text-hint" class="hint">Ví dụ: https://…/verify?c=…&amp;h=…</p>
    </div>
    <p id="form-error" class="form-error" role="alert"></p>
    <div class="actions">
      <button type="submit" id="submit">Xác minh</button>
      <button type="reset" class="secondary">Xóa</button>
    </div>
  </form>
</main>
<footer>
  <p>Trang chỉ hiển thị kết quả kiểm tra và những gì ghi trên văn bằng số.</p>
  <noscript><p class="form-error">Trang cần bật JavaScript để xác minh.</p></noscript>
</footer>
</body>
</html>
`;
