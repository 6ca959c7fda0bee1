/** Markdown building blocks of the job summary. */

/** A markdown table; cells are escaped for pipes and newlines. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
  return [
    `| ${header.map(esc).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n')
}

/** A code span, so HTML-like text shows as it is; empty text gives an empty cell. */
export function codeSpan(text: string): string {
  if (text === '') return ''
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``
}
