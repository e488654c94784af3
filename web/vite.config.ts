import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  resolve: {
    alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) },
  },
  build: {
    rollupOptions: {
      // @sorstars/shared builds its zod schemas at module level, which looks like a side effect to
      // Rollup; it has none, so the browser bundle keeps only what components import (locale names).
      treeshake: { moduleSideEffects: (id) => !/[\\/]shared[\\/]dist[\\/]/.test(id) },
    },
  },
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
      },
    }),
  ],
});
