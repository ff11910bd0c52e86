// `import css from "./styles.css?inline"`: Vite inlines the file (minified by lightningcss) as a string.
declare module "*.css?inline" {
  const css: string;
  export default css;
}
