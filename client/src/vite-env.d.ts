/** Vite's `?url` imports give the asset's URL after the build (the pdf.js worker). */
declare module '*?url' {
  const url: string;
  export default url;
}
