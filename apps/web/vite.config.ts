import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { upstreams } from './server/upstreams';

/**
 * The app is built into dist/public (served by server/server.ts). `npm run dev -w apps/web`
 * proxies the same /api/<service> paths and /config.json as the production server, so the
 * browser talks to one origin in development too.
 */
export default defineConfig({
  plugins: [react()],
  // One page behind sign-in: React, Mantine and Recharts in one chunk (~290 kB gzipped).
  build: { outDir: 'dist/public', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1200 },
  server: {
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    proxy: Object.fromEntries(
      upstreams(process.env).map((u) => [
        u.prefix,
        { target: u.target, changeOrigin: true, rewrite: (p: string) => p.slice(u.prefix.length) },
      ]),
    ),
  },
});
