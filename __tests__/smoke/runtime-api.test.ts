import { afterEach, describe, expect, it } from 'vitest'
import {
  MAX_RESPONSE_BYTES,
  startRuntimeApi,
  type RuntimeApi,
} from '../../src/smoke/runtime-api.js'

let api: RuntimeApi | undefined
afterEach(async () => {
  await api?.close()
  api = undefined
})

const base = (a: RuntimeApi): string => `http://${a.address}/2018-06-01/runtime`

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const r = await fetch(url, { method: 'POST', body, headers })
  return { status: r.status, body: await r.text() }
}

describe('startRuntimeApi', () => {
  it('listens on 127.0.0.1 with a random port', async () => {
    api = await startRuntimeApi()
    expect(api.address).toMatch(/^127\.0\.0\.1:\d+$/)
    expect(api.port).toBeGreaterThan(0)
  })

  it('hands an event to GET /invocation/next with the Lambda headers and returns the response', async () => {
    api = await startRuntimeApi({ functionName: 'api', region: 'eu-west-1', now: () => 1000 })
    const result = api.invoke('{"name":"ferris"}', { requestId: 'req-1', traceId: 'Root=1-abc' })
    const next = await fetch(`${base(api)}/invocation/next`)
    expect(next.status).toBe(200)
    expect(await next.text()).toBe('{"name":"ferris"}')
    expect(next.headers.get('lambda-runtime-aws-request-id')).toBe('req-1')
    expect(next.headers.get('lambda-runtime-deadline-ms')).toBe('11000')
    expect(next.headers.get('lambda-runtime-invoked-function-arn')).toBe(
      'arn:aws:lambda:eu-west-1:000000000000:function:api',
    )
    expect(next.headers.get('lambda-runtime-trace-id')).toBe('Root=1-abc')
    expect(api.delivered('req-1')).toBe(true)
    const posted = await post(`${base(api)}/invocation/req-1/response`, '{"hello":"ferris"}')
    expect(posted.status).toBe(202)
    expect(await result).toEqual({ kind: 'response', body: '{"hello":"ferris"}', ms: 0 })
  })

  it('long-polls: GET /next waits until an event is queued, and marks the end of init', async () => {
    api = await startRuntimeApi()
    let answered = false
    const next = fetch(`${base(api)}/invocation/next`).then(async (r) => {
      answered = true
      return { id: r.headers.get('lambda-runtime-aws-request-id'), body: await r.text() }
    })
    const polledAt = await api.firstPoll
    expect(polledAt).toBeGreaterThan(0)
    await new Promise((r) => setTimeout(r, 50))
    expect(answered).toBe(false)
    const result = api.invoke('[1,2]', { requestId: 'x' })
    expect(await next).toEqual({ id: 'x', body: '[1,2]' })
    await post(`${base(api)}/invocation/x/response`, 'ok')
    expect((await result).kind).toBe('response')
  })

  it('returns an invocation error with its errorType and errorMessage', async () => {
    api = await startRuntimeApi()
    const result = api.invoke('{}', { requestId: 'e1' })
    await fetch(`${base(api)}/invocation/next`).then((r) => r.text())
    const posted = await post(
      `${base(api)}/invocation/e1/error`,
      JSON.stringify({ errorType: 'ValidationError', errorMessage: 'name is required' }),
      { 'Lambda-Runtime-Function-Error-Type': 'Unhandled' },
    )
    expect(posted.status).toBe(202)
    expect(await result).toMatchObject({
      kind: 'error',
      errorType: 'ValidationError',
      errorMessage: 'name is required',
    })
  })

  it('takes the error type from the header when the body is not JSON', async () => {
    api = await startRuntimeApi()
    const result = api.invoke('{}', { requestId: 'e2' })
    await fetch(`${base(api)}/invocation/next`).then((r) => r.text())
    await post(`${base(api)}/invocation/e2/error`, 'plain text', {
      'Lambda-Runtime-Function-Error-Type': 'Runtime.Crash',
    })
    expect(await result).toMatchObject({ errorType: 'Runtime.Crash', errorMessage: 'plain text' })
  })

  it('reports /init/error', async () => {
    api = await startRuntimeApi()
    const posted = await post(
      `${base(api)}/init/error`,
      JSON.stringify({ errorType: 'Runtime.ExitError', errorMessage: 'no config' }),
    )
    expect(posted.status).toBe(202)
    expect(await api.initError).toMatchObject({
      errorType: 'Runtime.ExitError',
      errorMessage: 'no config',
    })
  })

  it('rejects an unknown or not yet delivered request id, a wrong method and an unknown path', async () => {
    api = await startRuntimeApi()
    void api.invoke('{}', { requestId: 'queued' })
    expect((await post(`${base(api)}/invocation/nope/response`, 'x')).status).toBe(400)
    expect((await post(`${base(api)}/invocation/queued/response`, 'x')).status).toBe(400)
    expect((await fetch(`${base(api)}/invocation/next`, { method: 'POST' })).status).toBe(405)
    expect((await fetch(`http://${api.address}/2018-06-01/other`)).status).toBe(404)
  })

  it('answers only once per request id', async () => {
    api = await startRuntimeApi()
    const result = api.invoke('{}', { requestId: 'once' })
    await fetch(`${base(api)}/invocation/next`).then((r) => r.text())
    expect((await post(`${base(api)}/invocation/once/response`, 'a')).status).toBe(202)
    expect((await post(`${base(api)}/invocation/once/response`, 'b')).status).toBe(400)
    expect(await result).toMatchObject({ body: 'a' })
  })

  // Lambda's synchronous payload limit is 6,291,556 bytes each way (its errors quote the figure:
  // "Response payload size exceeded maximum allowed payload size (6291556 bytes)"), not 6 MiB.
  it('takes a response of exactly 6,291,556 bytes and refuses one byte more, as Lambda does', async () => {
    expect(MAX_RESPONSE_BYTES).toBe(6_291_556)
    api = await startRuntimeApi()
    const fits = api.invoke('{}', { requestId: 'fits' })
    await fetch(`${base(api)}/invocation/next`).then((r) => r.text())
    const atLimit = await post(`${base(api)}/invocation/fits/response`, 'x'.repeat(6_291_556))
    expect(atLimit.status).toBe(202)
    expect(await fits).toMatchObject({ kind: 'response' })

    const big = api.invoke('{}', { requestId: 'big' })
    await fetch(`${base(api)}/invocation/next`).then((r) => r.text())
    const over = await post(`${base(api)}/invocation/big/response`, 'x'.repeat(6_291_557))
    expect(over.status).toBe(413)
    expect(await big).toMatchObject({
      kind: 'error',
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
    })
  })

  it('flags an event over 6,291,556 bytes before it is sent, as Invoke refuses it', async () => {
    api = await startRuntimeApi()
    const over = await api.invoke(`"${'x'.repeat(6_291_555)}"`, { requestId: 'over' })
    expect(over).toMatchObject({
      kind: 'error',
      errorType: 'RequestEntityTooLargeException',
      errorMessage: expect.stringContaining('6291557 bytes') as unknown,
    })
    expect(api.delivered('over')).toBe(false)

    const fits = api.invoke(`"${'x'.repeat(6_291_554)}"`, { requestId: 'fits' })
    const next = await fetch(`${base(api)}/invocation/next`)
    expect((await next.text()).length).toBe(6_291_556)
    await post(`${base(api)}/invocation/fits/response`, '{}')
    expect(await fits).toMatchObject({ kind: 'response' })
  })

  it('close() ends a pending long poll', async () => {
    api = await startRuntimeApi()
    const next = fetch(`${base(api)}/invocation/next`).then(
      () => 'answered',
      () => 'dropped',
    )
    await api.firstPoll
    await api.close()
    api = undefined
    expect(await next).toBe('dropped')
  })
})
