"""gunicorn settings for `make serve-prod` (the number of workers, the bind address and the
timeouts come from the Makefile's command line). gunicorn reads this file from the directory it
starts in."""

#: Threads in each worker: a request waiting on something slow (an upload read in its child
#: process, a large export) leaves the worker's other threads free for everyone else.
worker_class = "gthread"
threads = 4

#: Access lines without feed tokens or one-time links (invitations, resets).
logger_class = "tracker.logging.RedactingAccessLogger"
accesslog = "-"
