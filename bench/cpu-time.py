"""
Runs a command and writes, as JSON to the file named first, the CPU time (user and system seconds)
of every process it started, daemons included: `cpu-time.py <out.json> <command> [args...]`.

A build leg's work runs partly outside its own process tree: sccache starts its server as a
daemon, whose parent is then init, and the server runs the compilers. So this process makes itself
a child subreaper (prctl PR_SET_CHILD_SUBREAPER): orphaned descendants are re-parented to it, it
waits for them (the action stops its sccache server before it exits), and the kernel's
RUSAGE_CHILDREN then holds the time of every process of the leg. Node cannot call prctl, hence Python.
"""

import ctypes
import json
import os
import resource
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
# How long to wait for descendants still running after the command exits (a daemon that was not
# stopped is left alone after this, and counted as `left`).
GRACE_SECONDS = 30


def main() -> int:
    out, command = sys.argv[1], sys.argv[2:]
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print(f"cpu-time: prctl failed (errno {ctypes.get_errno()})", file=sys.stderr)
        return 125
    code = subprocess.Popen(command).wait()
    deadline = time.monotonic() + GRACE_SECONDS
    left = 0
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            if time.monotonic() > deadline:
                left = 1
                break
            time.sleep(0.05)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out, "w", encoding="utf8") as f:
        json.dump({"user": usage.ru_utime, "sys": usage.ru_stime, "left": left}, f)
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())
