import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Absolute, so the build gives the same result from any working directory.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // Page paths such as /wilayah/35.02 load the same shell, so assets must not be relative.
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/', import.meta.url)),
    emptyOutDir: true,
  },
  server: {
    // The shell imports formatters from src/core, which lies outside the web root.
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
