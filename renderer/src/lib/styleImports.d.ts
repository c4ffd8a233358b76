// Stylesheets imported for their side effect (Vite bundles them); TypeScript needs to know the
// module exists.
declare module '*.css';
