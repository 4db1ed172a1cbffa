/// <reference types="vite/client" />

// Fast Refresh's preamble as a module (see vite.config.ts): empty in a production build.
declare module '@vitejs/plugin-react/preamble';
