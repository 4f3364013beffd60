"""Runs moto's S3 server for mlx's tests and stops it on SIGTERM or once the test process
is gone, however it ended (see Sources/MLXTestSupport/MotoServer.swift).

usage: moto_server.py PORT LOG_PATH PARENT_PID

Python rather than sh: children of Swift Testing's threads inherit a mask that blocks SIGCHLD
and SIGTERM, which leaves a shell's `wait` hanging; polling needs no signals.
"""
import os, signal, subprocess, sys, time
signal.pthread_sigmask(signal.SIG_SETMASK, [])
port, log, parent = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(log, "wb") as out:
    moto = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", port], stdout=out, stderr=out)
def stop(*_):
    moto.kill()
    moto.wait()
    os._exit(0)
signal.signal(signal.SIGTERM, stop)
while moto.poll() is None:
    try:
        os.kill(parent, 0)
    except OSError:
        stop()
    time.sleep(0.5)
