// Reads a PDF on stdin and prints its text as JSON, one string per page: {"pages": [...]}.
// It runs in its own Node process because pdf.js starts its worker with a dynamic import(), which
// Jest's CommonJS sandbox refuses; plain Node has no such limit. pdf-parse (pdf.js) is pure JS, so
// this needs nothing but Node and npm (poppler's pdftotext gives the same text where installed).
const { PDFParse } = require('pdf-parse');

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const { pages } = await parser.getText();
    process.stdout.write(JSON.stringify({ pages: pages.map((page) => page.text) }));
  } finally {
    await parser.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
