// Eleventy configuration for bench/eleventy.sh: the input folder written by
// `examples/synthetic_site.rs --eleventy DIR`, code blocks coloured by Prism
// through the official syntax-highlight plugin at build time.
import syntaxHighlight from "@11ty/eleventy-plugin-syntaxhighlight";

export default function (eleventyConfig) {
  eleventyConfig.addPlugin(syntaxHighlight);
  // Prism's stock light theme, so that the pages are styled as a user of the
  // plugin would ship them.
  eleventyConfig.addPassthroughCopy({
    "node_modules/prismjs/themes/prism.css": "prism.css",
  });
}

export const config = {
  // Markdown is not run through Liquid first: versus runs no template
  // language over content either, and skipping it only spares Eleventy work.
  markdownTemplateEngine: false,
};
