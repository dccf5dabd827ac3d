// Builds static/vendor/bootstrap/bootstrap.subset.css: Bootstrap 5.3 compiled from its Sass
// sources (assets/css/bootstrap-subset.scss imports only the parts the site uses), then
// PurgeCSS keeps only the rules whose class names appear in the templates, the content,
// the Python code (forms, template tags, markdown rendering) and crispy-forms' Bootstrap 5
// templates, and Sass minifies the result.
//
//   make css        (runs: node scripts/build_css.mjs <crispy_bootstrap5 folder>)
//
// Re-run it after adding templates or content that use a Bootstrap class for the first
// time; commit the output, so `make run` and production need no Node.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { PurgeCSS } from "purgecss";
import * as sass from "sass";

const SOURCE = "assets/css/bootstrap-subset.scss";
const OUTPUT = "static/vendor/bootstrap/bootstrap.subset.css";
// Every class name the whole of Bootstrap defines: tests/web/test_stylesheets.py checks that
// each one a template uses made it into the subset (no Node needed to run the tests).
const CLASS_LIST = "assets/css/bootstrap-classes.txt";
const crispy = process.argv[2];
if (!crispy) {
  throw new Error("usage: node scripts/build_css.mjs <path of the crispy_bootstrap5 package>");
}

// Element rules (reboot, type, tables) stay whatever the content holds: markdown makes
// elements (blockquote, dl, kbd...) whose names no source file has to spell out.
const ELEMENTS = [
  "html", "body", "main", "header", "footer", "nav", "section", "article", "aside",
  "h1", "h2", "h3", "h4", "h5", "h6", "p", "hr", "address", "blockquote", "figure",
  "figcaption", "ol", "ul", "li", "dl", "dt", "dd", "a", "abbr", "b", "strong", "small",
  "mark", "sub", "sup", "em", "i", "u", "s", "del", "ins", "q", "cite", "code", "kbd",
  "pre", "samp", "img", "svg", "table", "caption", "thead", "tbody", "tfoot", "tr", "th",
  "td", "label", "button", "input", "optgroup", "select", "textarea", "fieldset",
  "legend", "output", "progress", "summary", "details", "iframe", "template", "span", "div",
];  // prettier-ignore

// Bootstrap's CSS variables that no remaining Bootstrap rule reads are dropped, except
// those the site's own stylesheets read (they are not part of this build).
const SITE_CSS = readdirSync("static/css").filter((name) => name.endsWith(".css"));
const siteVariables = new Set(
  SITE_CSS.flatMap((name) =>
    [...readFileSync(`static/css/${name}`, "utf8").matchAll(/var\((--bs-[\w-]+)/g)].map((m) => m[1]),
  ),
);

const compiled = sass.compile(SOURCE, {
  loadPaths: ["node_modules"],
  style: "expanded",
  quietDeps: true, // Bootstrap 5.3's own Sass deprecation notices
  silenceDeprecations: ["import"],
}).css;

const [purged] = await new PurgeCSS().purge({
  content: [
    "templates/**/*.html",
    "ipt_site/**/*.html",
    "ipt_site/**/*.py",
    "content/**/*.md",
    "static/js/**/*.js",
    `${crispy}/templates/bootstrap5/**/*.html`,
  ],
  css: [{ raw: compiled }],
  safelist: {
    standard: ELEMENTS.map((name) => new RegExp(`^${name}$`)),
    variables: [...siteVariables],
  },
  variables: true,
});

const minified = sass.compileString(purged.css, { syntax: "css", style: "compressed" }).css;
writeFileSync(OUTPUT, `${minified}\n`);

const whole = sass.compile("node_modules/bootstrap/scss/bootstrap.scss", {
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
}).css;
const classes = new Set([...whole.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map((m) => m[1]));
writeFileSync(CLASS_LIST, `${[...classes].sort().join("\n")}\n`);
console.log(`${OUTPUT}: ${compiled.length} bytes compiled, ${minified.length} after purging`);
