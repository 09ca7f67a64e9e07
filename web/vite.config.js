import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// In `vite dev`, API and auth calls go to the running app (scripts/start.sh, port 3000).
const app = process.env.PUBLIC_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [sveltekit()],
  // The app imports pure modules from ../domain (incident states and view types).
  server: { fs: { allow: ['..'] }, proxy: { '/api': app, '/auth': app, '/metrics': app } },
});
