// The desk: a preact app built by vite into dist/web/desk and served by the server at /desk.
import path from 'node:path'
import { defineConfig } from 'vite'

export default defineConfig({
  root: import.meta.dirname,
  base: '/desk/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.resolve(import.meta.dirname, '../../dist/web/desk'),
    emptyOutDir: true,
    sourcemap: true,
  },
})
