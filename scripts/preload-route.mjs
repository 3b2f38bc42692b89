// Vite plugin: index.html asks for the image list pages' code (a lazy route chunk, its imports, its
// styles and the URL schemas' chunk it loads alongside) with the entry, as <link rel=modulepreload>
// and <link rel=preload as=style>. Without them the browser learns of those ~20 files only once the
// entry has downloaded and run, and then asks for them all at once, six at a time (HTTP/1.1), with
// the catalogues; the lists are the pages most addresses open (bench/app.bench.ts times one).
// Preloading fetches and compiles; the code still runs only when the router loads the page.
import path from 'node:path';

/**
 * @param {readonly string[]} modules the modules whose chunks to preload, relative to the root
 * @returns {import('vite').Plugin}
 */
export function preloadRoute(modules) {
  let root = process.cwd();
  let base = '/';
  return {
    name: 'imagewatch:preload-route',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const bundle = context.bundle;
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((output) => output.type === 'chunk');
        const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
        // What the entry already loads: index.html asks for it and Vite preloads its imports.
        /** @type {Set<string>} */
        const loaded = new Set();
        /** @param {string} fileName @param {Set<string>} into */
        const visit = (fileName, into) => {
          if (into.has(fileName) || loaded.has(fileName)) return;
          into.add(fileName);
          for (const imported of byFile.get(fileName)?.imports ?? []) visit(imported, into);
        };
        if (context.chunk) visit(context.chunk.fileName, loaded);
        /** @type {Set<string>} */
        const wanted = new Set();
        for (const module of modules) {
          const id = path.resolve(root, module);
          const chunk = chunks.find((candidate) => candidate.moduleIds.includes(id));
          if (!chunk) throw new Error(`preload-route: no chunk holds ${module}`);
          visit(chunk.fileName, wanted);
        }
        /** @type {Set<string>} */
        const styles = new Set();
        for (const fileName of wanted)
          for (const css of byFile.get(fileName)?.viteMetadata?.importedCss ?? []) styles.add(css);
        return [
          ...[...wanted].map((fileName) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${fileName}` },
            injectTo: 'head',
          })),
          ...[...styles].map((fileName) => ({
            tag: 'link',
            attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `${base}${fileName}` },
            injectTo: 'head',
          })),
        ];
      },
    },
  };
}
