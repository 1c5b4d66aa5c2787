// Post-build step of the portal (`nx run portal:build` runs it after the Angular bundle):
//
// 1. survey.html: index.html plus <link rel="modulepreload"> for the survey route's own chunks.
//    The server answers /s/... with it, so a patient's phone fetches the survey code together with
//    the framework instead of one round trip after it (400 ms each on slow 3G). The chunks are
//    found in the bundler's metafile (stats.json), by the survey routes' source file.
// 2. NAME.br and NAME.gz beside every text asset, at the strongest settings, once per build, so
//    the server sends compressed bytes without compressing on each request (@fastify/static
//    `preCompressed`). A patient downloads about a third of the JavaScript.
//
//   node tools/scripts/portal-postbuild.mjs dist/apps/portal
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const SURVEY_ROUTES = 'apps/portal/src/app/survey/survey.routes.ts';
const TEXT = /\.(js|mjs|css|html|svg|json|txt)$/;
// Below about one TCP packet, compression saves nothing worth a header.
const MIN_BYTES = 512;

/** The chunks /s/... needs beyond those index.html already loads: the survey chunk and its static imports. */
export function surveyChunks(stats, indexHtml) {
  const outputs = stats.outputs;
  const entry = Object.keys(outputs).find((file) => outputs[file].entryPoint === SURVEY_ROUTES);
  if (!entry) throw new Error(`no output chunk has the entry point ${SURVEY_ROUTES}: was the portal built with statsJson?`);
  const loaded = new Set([...indexHtml.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map((m) => m[1]));
  const needed = [];
  const visit = (file) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    needed.push(file);
    for (const dep of outputs[file]?.imports ?? []) if (dep.kind === 'import-statement') visit(dep.path);
  };
  visit(entry);
  return needed;
}

export function writeSurveyHtml(distDir) {
  const browserDir = join(distDir, 'browser');
  const index = readFileSync(join(browserDir, 'index.html'), 'utf8');
  const chunks = surveyChunks(JSON.parse(readFileSync(join(distDir, 'stats.json'), 'utf8')), index);
  const links = chunks.map((file) => `<link rel="modulepreload" href="${file}">`).join('');
  const at = index.indexOf('<script src="main');
  if (at < 0) throw new Error('index.html has no <script src="main...">');
  writeFileSync(join(browserDir, 'survey.html'), index.slice(0, at) + links + index.slice(at));
  return chunks;
}

export function precompress(dir) {
  let before = 0;
  let afterBr = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !TEXT.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    const raw = readFileSync(path);
    if (raw.length < MIN_BYTES) continue;
    const br = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    writeFileSync(`${path}.br`, br);
    writeFileSync(`${path}.gz`, gzipSync(raw, { level: constants.Z_BEST_COMPRESSION }));
    before += raw.length;
    afterBr += br.length;
    files += 1;
  }
  return { files, before, afterBr };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const distDir = process.argv[2];
  if (!distDir) {
    console.error('Usage: node tools/scripts/portal-postbuild.mjs <dist dir of the portal>');
    process.exit(1);
  }
  const chunks = writeSurveyHtml(distDir);
  console.log(`survey.html preloads the survey route's ${chunks.join(', ')}`);
  const { files, before, afterBr } = precompress(join(distDir, 'browser'));
  console.log(`precompressed ${files} files: ${(before / 1024).toFixed(0)} kB -> ${(afterBr / 1024).toFixed(0)} kB with brotli (.br and .gz beside each)`);
}
