// versus plugin (reports hook): adds a word count and a reading time to each
// criterion. Node.js standard library only.
//
// versus writes a JSON request to standard input and reads the answer from
// standard output; see docs/plugins.md. Logs go to standard error.
import { readFileSync } from "node:fs";

const PROTOCOL = 1;

const request = JSON.parse(readFileSync(0, "utf8"));
if (request.protocol !== PROTOCOL) {
  console.error(`reading-time speaks protocol ${PROTOCOL}, versus sent ${request.protocol}`);
  process.exit(1);
}
const wordsPerMinute = Number(request.options["words-per-minute"] ?? 230);

/** Words of prose: fenced code and HTML comments do not count. */
function countWords(markdown) {
  const prose = markdown
    .replace(/^```[\s\S]*?^```/gm, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/[#*_`>|[\]()-]/g, " ");
  return prose.split(/\s+/).filter((word) => /\p{L}|\p{N}/u.test(word)).length;
}

for (const report of request.reports) {
  for (const criterion of report.criteria) {
    const words = countWords(criterion.markdown);
    const minutes = Math.max(1, Math.round(words / wordsPerMinute));
    criterion.data["reading-time"] = { words, minutes };
    criterion.html =
      `<p class="vs-reading-time">${minutes} min read · ${words} words</p>\n` + criterion.html;
  }
}

process.stdout.write(JSON.stringify({ protocol: PROTOCOL, reports: request.reports }));
