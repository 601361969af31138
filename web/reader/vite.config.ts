/** @module web/reader/vite.config — builds the reader's live script, embed script and stylesheet into dist/web/reader. */
import path from 'node:path'
import { defineConfig } from 'vite'

const here = import.meta.dirname

export default defineConfig({
  root: here,
  base: '/assets/reader/',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.resolve(here, '../../dist/web/reader'),
    emptyOutDir: true,
    manifest: true,
    target: 'es2020',
    modulePreload: false,
    cssMinify: true,
    rollupOptions: {
      input: {
        live: path.resolve(here, 'live.ts'),
        'claim-live': path.resolve(here, 'claim-live.ts'),
        embed: path.resolve(here, 'embed.ts'),
        reader: path.resolve(here, 'reader.css'),
      },
      output: {
        entryFileNames: '[name]-[hash].js',
        chunkFileNames: '[name]-[hash].js',
        assetFileNames: '[name]-[hash][extname]',
      },
    },
  },
})
