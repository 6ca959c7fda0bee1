/**
 * Typed errors. Every error the action raises on purpose is an ActionError whose message is
 * complete for the user: what went wrong, about which input/file/function, and the fix.
 * The top-level catch prints only the message for these (no stack trace).
 */
import { inert } from './log.js'

export class ActionError extends Error {
  override name = 'ActionError'
}

/** A bad input value: names the input, the value, and what is allowed. */
export class InputError extends ActionError {
  override name = 'InputError'
  constructor(
    readonly input: string,
    readonly value: string,
    allowed: string,
  ) {
    super(`Input '${input}' ${value === '' ? 'is empty' : `is '${truncate(value)}'`}: ${allowed}`)
  }
}

/** A downloaded file that failed its checksum or signature. */
export class VerificationError extends ActionError {
  override name = 'VerificationError'
}

/** A tool that could not be installed or found. */
export class ToolError extends ActionError {
  override name = 'ToolError'
}

/** The build failed (compile error, missing output). */
export class BuildError extends ActionError {
  override name = 'BuildError'
}

/** A built artifact failed a check (architecture, glibc, size). */
export class PackageError extends ActionError {
  override name = 'PackageError'
}

/** The local smoke invocation failed. */
export class SmokeError extends ActionError {
  override name = 'SmokeError'
}

/** An AWS call failed; the message names the operation, function and AWS error code. */
export class DeployError extends ActionError {
  override name = 'DeployError'
}

/**
 * A container registry call failed: names the registry, the repository, the step (`fetch base
 * manifest`, `upload blob sha256:…`, `put manifest`) and what the registry said, then the fix.
 */
export class RegistryError extends ActionError {
  override name = 'RegistryError'
  constructor(
    readonly registry: string,
    readonly repository: string,
    readonly step: string,
    detail: string,
    fix?: string,
  ) {
    super(
      `Registry ${registry}, repository ${repository}: ${step} failed: ${detail}${fix ? ` ${fix}` : ''}`,
    )
  }
}

function truncate(value: string): string {
  const oneLine = inert(value)
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine
}

/** The message the top-level catch reports for anything thrown. */
export function failureMessage(error: unknown): string {
  if (error instanceof ActionError) return error.message
  if (error instanceof Error) return `Unexpected error: ${error.message}`
  return `Unexpected error: ${String(error)}`
}
