/**
 * Escaping for the HTML report: text and attribute values, and JSON placed inside a <script>.
 * Every value that reaches report.html (scenario names, variant names, overrides, file paths, the
 * scenario text) goes through one of these.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * JSON that is safe inside `<script type="application/json">` (or a script body): `<`, `>` and `&`
 * become `\u003c`, `\u003e`, `\u0026`, so neither `</script` nor `<!--` can appear, and U+2028 and
 * U+2029 are escaped as well. `JSON.parse` of the element's text gives back exactly `value`.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A JavaScript library's source, checked to be safe inside a <script> element: it must not contain
 * `</script` or `<!--` (which would end or confuse the element). Source-map comments are removed,
 * so that no browser ever asks for a .map file next to the report.
 */
export function scriptSource(name: string, source: string): string {
  const stripped = source.replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, '\n');
  const bad = /<\/script|<!--/i.exec(stripped);
  if (bad !== null) throw new Error(`${name} contains "${bad[0]}" at offset ${bad.index}; it cannot be inlined in a <script> element`);
  return stripped;
}

/**
 * The head of a self-contained page (the run and experiment reports, the diagram): doctype,
 * charset, its content security policy, the viewport, `meta` lines, the title (escaped) and the
 * inline style, through `</head>`.
 */
export function pageHead(options: { csp: string; title: string; style: string; meta?: readonly string[] }): string[] {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${options.csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ...(options.meta ?? []),
    `<title>${escapeHtml(options.title)}</title>`,
    `<style>${options.style}</style>`,
    '</head>',
  ];
}
