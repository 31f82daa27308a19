// versus plugin (reports hook): adds a word count and a reading time to each
// criterion. Node.js standard library only.
//
// versus starts this once per build (or per `versus serve`) and writes one
// JSON request per line to standard input; each is answered with one line of
// JSON on standard output, saying only what changes. See docs/plugins.md.
// Logs go to standard error.
import { createInterface } from "node:readline";

const PROTOCOL = 3;

/** Words of prose: fenced code and HTML comments do not count. */
function countWords(markdown) {
  const prose = markdown
    .replace(/^```[\s\S]*?^```/gm, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/[#*_`>|[\]()-]/g, " ");
  return prose.split(/\s+/).filter((word) => /\p{L}|\p{N}/u.test(word)).length;
}

/** The answer to one request: a line and a word count for each criterion. */
function answer(request) {
  const wordsPerMinute = Number(request.options["words-per-minute"] ?? 230);
  const reports = request.reports.map((report) => ({
    slug: report.slug,
    criteria: report.criteria.map((criterion) => {
      const words = countWords(criterion.markdown);
      const minutes = Math.max(1, Math.round(words / wordsPerMinute));
      return {
        slug: criterion.slug,
        data: { "reading-time": { words, minutes } },
        // Added in front of the body: no need to send the body back.
        prepend_html: `<p class="vs-reading-time">${minutes} min read · ${words} words</p>\n`,
      };
    }),
  }));
  return { protocol: PROTOCOL, reports };
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  const request = JSON.parse(line);
  if (request.protocol !== PROTOCOL) {
    console.error(`reading-time speaks protocol ${PROTOCOL}, versus sent ${request.protocol}`);
    process.exit(1);
  }
  process.stdout.write(JSON.stringify(answer(request)) + "\n");
}
