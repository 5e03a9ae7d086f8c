"""Imported first by the worker server (the multiprocessing forkserver's preload): from here on it ignores
SIGINT. The server is in the CLI's process group, so a terminal's Ctrl-C reaches it too; multiprocessing
ignores SIGINT there only once the preload (torch and Triton, seconds) is done, and a Ctrl-C before that
printed a KeyboardInterrupt traceback into the CLI's stderr. The CLI stops the server itself. Its children,
the judges and candidates, inherit the setting; they are stopped by the orchestrator with SIGKILL."""

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
