// Vite's `?raw` imports (a file's text), used by tests that check a repository file such as .dev.vars.example.
declare module "*?raw" {
  const text: string;
  export default text;
}
