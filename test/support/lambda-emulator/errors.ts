/** Lambda's error responses: the HTTP status, the `x-amzn-errortype` code and the message. */

// No parameter properties: the files stay runnable by Node's type stripping.
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly headers: Record<string, string>
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message)
    this.status = status
    this.code = code
    this.headers = headers
  }
}

export const notFound = (message: string): ApiError =>
  new ApiError(404, 'ResourceNotFoundException', message)

export const invalidParameter = (message: string): ApiError =>
  new ApiError(400, 'InvalidParameterValueException', message)

export const validation = (message: string): ApiError =>
  new ApiError(400, 'ValidationException', message)

export const invalidContent = (message: string): ApiError =>
  new ApiError(400, 'InvalidRequestContentException', message)

export const conflict = (message: string): ApiError =>
  new ApiError(409, 'ResourceConflictException', message)

/** A RevisionId was given and is not the current one: 412 PreconditionFailedException. */
export function checkRevision(actual: string, given: unknown): void {
  if (given !== undefined && given !== actual) {
    throw new ApiError(
      412,
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    )
  }
}
