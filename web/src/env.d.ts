/** esbuild bundles the stylesheet imported by main.tsx into its own fingerprinted file. */
declare module '*.css';
