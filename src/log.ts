/**
 * Values a user or a repository controls (input values, function and binary names, paths, key
 * prefixes, program output) made inert before they reach the log. The runner reads any log line
 * that starts with `::` after leading white space as a workflow command (actions/runner,
 * ActionCommand.TryParseV2), so a value carrying a newline and `::warning::` would run a command.
 * A zero-width space after the first colon breaks the `::` without changing what a reader sees;
 * .NET's TrimStart keeps it, so the line no longer starts with `::`.
 */
const ZWSP = '\u200b'

/** One value on one line: line breaks shown as `\n` / `\r`, a leading `::` or `##[` broken. */
export function inert(value: string): string {
  return inertLines(value.replace(/\r/g, '\\r').replace(/\n/g, '\\n'))
}

/** A block of lines kept as lines (program output): every line that would be a command is broken. */
export function inertLines(text: string): string {
  return text.replace(
    /(^|\r\n|\r|\n|\u2028|\u2029)(\s*)(::|##\[)/g,
    (_m, eol: string, space: string, cmd: string) =>
      `${eol}${space}${cmd.charAt(0)}${ZWSP}${cmd.slice(1)}`,
  )
}
