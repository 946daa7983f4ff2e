"""gunicorn's settings for the platform: production, `make demo` and `make bench` run these
(`gunicorn -c python:partnerstvo.gunicorn_conf partnerstvo.wsgi:application`).

Threaded workers keep connections alive: a sync worker closes every connection after one
response, so each request pays a new TCP handshake, and a slow client holds a whole process.
With threads, a worker serves several connections at once (Django is thread-safe; each thread
has its own database connection). Workers default to the number of cores; WEB_WORKERS,
WEB_THREADS and --workers/--threads on the command line override.
"""

import multiprocessing
import os

worker_class = "gthread"
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("WEB_THREADS", 4))
keepalive = 30  # seconds an idle keep-alive connection is held (behind nginx: its upstream pool)
graceful_timeout = 30
timeout = 60
loglevel = "warning"
