import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
/** The API server the dev server proxies to (`npm run dev:api` listens there by default). */
const API_TARGET = 'http://127.0.0.1:3000';

/** Vendor chunks: the three big dependency families each get their own cacheable file. */
const VENDOR_CHUNKS: Array<[name: string, test: RegExp]> = [
  ['vendor-react', /[\\/]node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/],
  ['vendor-mui', /[\\/]node_modules[\\/](@mui|@emotion)[\\/]/],
  ['vendor-react-admin', /[\\/]node_modules[\\/](react-admin|ra-[^\\/]+|@tanstack)[\\/]/],
  ['vendor-charts', /[\\/]node_modules[\\/](recharts|d3-[^\\/]+|victory-vendor)[\\/]/],
];


export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Rollup's `manualChunks`, as Vite 8 (Rolldown) spells it without the deprecation warning.
        codeSplitting: { groups: VENDOR_CHUNKS.map(([name, test]) => ({ name, test })) },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      // ws: the live event stream (GET /api/events/stream) is a WebSocket.
      '/api': { target: API_TARGET, ws: true },
      '/health': API_TARGET,
      '/docs': API_TARGET,
    },
  },
});
