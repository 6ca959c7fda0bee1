import { describe, expect, it } from 'vitest'
import {
  earlyExit,
  invocationErrorReason,
  spawnFailure,
  startFailure,
  tail,
  timeoutReason,
} from '../../src/smoke/classify.js'

describe('startFailure', () => {
  it('recognises a missing glibc version, as the loader prints it at cold start', () => {
    const stderr =
      "/var/task/bootstrap: /lib64/libc.so.6: version `GLIBC_2.39' not found (required by /var/task/bootstrap)\n"
    expect(startFailure(stderr)).toMatch(/^could not start: GLIBC_2\.39 not found: /)
  })

  it('recognises qemu refusing another architecture', () => {
    expect(
      startFailure(
        'qemu-aarch64-static: /tmp/t/bootstrap: Invalid ELF image for this architecture\n',
      ),
    ).toBe('could not start: exec format error: bootstrap is not a binary for this architecture')
  })

  it('recognises a missing loader under qemu and a missing shared library', () => {
    expect(
      startFailure(
        "qemu-aarch64-static: Could not open '/lib/ld-linux-aarch64.so.1': No such file or directory",
      ),
    ).toBe('could not start: its interpreter /lib/ld-linux-aarch64.so.1 is missing')
    expect(
      startFailure(
        './bootstrap: error while loading shared libraries: libssl.so.3: cannot open shared object file: No such file or directory',
      ),
    ).toMatch(/^could not start: the shared library libssl\.so\.3 is missing/)
  })

  it('says nothing about an ordinary panic', () => {
    expect(startFailure("thread 'main' panicked at src/main.rs:3:5:\nboom")).toBeUndefined()
  })
})

describe('spawnFailure', () => {
  it('names the missing loader when exec says ENOENT for a file that exists', () => {
    expect(
      spawnFailure({ code: 'ENOENT', message: 'spawn ENOENT' }, '/lib/ld-musl-x86_64.so.1'),
    ).toBe('could not start: its interpreter /lib/ld-musl-x86_64.so.1 is missing')
    expect(spawnFailure({ code: 'ENOEXEC', message: '' }, undefined)).toMatch(/exec format error/)
    expect(spawnFailure({ code: 'EACCES', message: '' }, undefined)).toMatch(/mode 0755/)
  })
})

describe('earlyExit', () => {
  it('gives the exit code and the end of stderr, without the backtrace hint', () => {
    const stderr =
      "\nthread 'main' (7) panicked at src/bin/panic-at-start.rs:4:20:\nDATABASE_URL must be set: NotPresent\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n"
    expect(earlyExit({ code: 101, signal: null, stderr })).toBe(
      "exited with code 101 before answering the event: thread 'main' (7) panicked at src/bin/panic-at-start.rs:4:20:\nDATABASE_URL must be set: NotPresent",
    )
  })

  it('names the signal of an abort (panic = "abort"), without qemu echoing it', () => {
    const stderr =
      "thread 'main' (9) panicked at src/main.rs:4:20:\nboom\nqemu: uncaught target signal 6 (Aborted) - core dumped\n"
    expect(earlyExit({ code: null, signal: 'SIGABRT', stderr })).toBe(
      "was ended by SIGABRT before answering the event: thread 'main' (9) panicked at src/main.rs:4:20:\nboom",
    )
  })

  it('says when there was no output', () => {
    expect(earlyExit({ code: null, signal: 'SIGABRT', stderr: '' })).toBe(
      'was ended by SIGABRT before answering the event (no output)',
    )
  })

  it('prefers the init error the runtime reported', () => {
    expect(
      earlyExit({
        code: 1,
        signal: null,
        stderr: 'x',
        initError: { errorType: 'Runtime.InitError', errorMessage: 'no model', body: '' },
      }),
    ).toBe('init error: Runtime.InitError: no model')
  })
})

describe('reasons', () => {
  it('quotes errorType and errorMessage of an invocation error', () => {
    expect(
      invocationErrorReason({
        errorType: 'ValidationError',
        errorMessage: 'name is required',
        body: '',
      }),
    ).toBe('invocation error: ValidationError: name is required')
  })

  it('tells a hang in init from a hang in the handler', () => {
    expect(timeoutReason({ timeoutMs: 10_000, deliveredAfterMs: undefined, stderr: '' })).toMatch(
      /^timed out: never asked for the event within 10 s/,
    )
    expect(timeoutReason({ timeoutMs: 1500, deliveredAfterMs: 42.4, stderr: '' })).toBe(
      'timed out: took the event after 42 ms but did not answer within 1.5 s (smoke-timeout)',
    )
  })

  it('keeps only the last lines of long output', () => {
    expect(tail('a\nb\nc\nd\ne\nf', 2)).toBe('e\nf')
    expect(tail('x'.repeat(700), 4, 10)).toBe(`…${'x'.repeat(10)}`)
  })
})
