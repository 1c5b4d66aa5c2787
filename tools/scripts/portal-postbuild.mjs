// Post-build step of the portal (`nx run portal:build` runs it after both Angular bundles):
//
// 1. The patient survey is its own small app (apps/portal/src/survey-main.ts, built by
//    `portal:survey-bundle`): its survey.html, script and stylesheet are copied beside the
//    portal's files, so the server answers /s/... with survey.html, which loads only the survey's
//    code (no router, nothing of the clinician portal). Every name but survey.html carries a
//    content hash, so the two builds can share one folder.
// 2. NAME.br and NAME.gz beside every text asset, at the strongest settings, once per build, so
//    the server sends compressed bytes without compressing on each request (@fastify/static
//    `preCompressed`). A patient downloads about a third of the JavaScript.
//
//   node tools/scripts/portal-postbuild.mjs dist/apps/portal dist/apps/portal-survey
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TEXT = /\.(js|mjs|css|html|svg|json|txt)$/;
// Below about one TCP packet, compression saves nothing worth a header.
const MIN_BYTES = 512;

/** Copies the survey app's built files into the portal's folder; returns their names. */
export function mergeSurveyApp(distDir, surveyDistDir) {
  const from = join(surveyDistDir, 'browser');
  const to = join(distDir, 'browser');
  const files = readdirSync(from, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
  if (!files.includes('survey.html')) throw new Error(`${from} has no survey.html: was portal:survey-bundle built?`);
  for (const file of files) {
    const target = join(to, file);
    // Same name, same content hash: the portal already has this very file (the shared stylesheet).
    if (existsSync(target) && !readFileSync(target).equals(readFileSync(join(from, file)))) {
      throw new Error(`${file} differs between the portal and the survey builds`);
    }
    copyFileSync(join(from, file), target);
  }
  return files;
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
  const [distDir, surveyDistDir] = process.argv.slice(2);
  if (!distDir || !surveyDistDir) {
    console.error('Usage: node tools/scripts/portal-postbuild.mjs <dist dir of the portal> <dist dir of the survey app>');
    process.exit(1);
  }
  console.log(`the survey app's ${mergeSurveyApp(distDir, surveyDistDir).join(', ')} copied into ${distDir}/browser`);
  const { files, before, afterBr } = precompress(join(distDir, 'browser'));
  console.log(`precompressed ${files} files: ${(before / 1024).toFixed(0)} kB -> ${(afterBr / 1024).toFixed(0)} kB with brotli (.br and .gz beside each)`);
}
