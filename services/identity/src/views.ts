/** The sign-in page, in Vietnamese: simple HTML, no outside scripts, fonts or styles. */
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function loginPage(o: {
  action: string;
  clientName: string;
  error?: string;
  username?: string;
}): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Đăng nhập — Chuyển đổi số giáo dục Quảng Ninh</title>
<style>
  body { font-family: system-ui, "DejaVu Sans", sans-serif; background: #f5f7fa; color: #1d2733; margin: 0; }
  main { max-width: 380px; margin: 60px auto; background: #fff; padding: 24px 28px; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  h1 { font-size: 20px; margin: 0 0 4px; color: #0b5394; }
  p.sub { margin: 0 0 18px; font-size: 13px; color: #4a5562; }
  label { display: block; margin: 12px 0 4px; font-size: 14px; }
  input { width: 100%; box-sizing: border-box; font: inherit; padding: 6px 8px; }
  button { margin-top: 18px; width: 100%; font: inherit; padding: 8px; background: #0b5394; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  .error { color: #a40000; font-size: 14px; margin: 10px 0 0; }
  footer { font-size: 12px; color: #6b7785; margin-top: 18px; }
</style>
</head>
<body>
<main>
  <h1>Đăng nhập</h1>
  <p class="sub">Hệ thống chuyển đổi số giáo dục tỉnh Quảng Ninh — ${escape(o.clientName)}</p>
  <form method="post" action="${escape(o.action)}" autocomplete="off">
    <label for="username">Tên đăng nhập</label>
    <input id="username" name="username" required autofocus value="${escape(o.username ?? '')}">
    <label for="password">Mật khẩu</label>
    <input id="password" name="password" type="password" required>
    ${o.error ? `<p class="error" role="alert">${escape(o.error)}</p>` : ''}
    <button type="submit">Đăng nhập</button>
  </form>
  <footer>Máy chủ định danh dùng cho môi trường thử nghiệm (demo).</footer>
</main>
</body>
</html>`;
}

export function messagePage(title: string, text: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 480px; margin: 60px auto"><h1 style="font-size: 20px">${escape(title)}</h1><p>${escape(text)}</p></body></html>`;
}
