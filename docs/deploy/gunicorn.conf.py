"""gunicorn settings for the portal (docs/deployment.md explains each choice).

    gunicorn --config docs/deploy/gunicorn.conf.py "participation:create_app()"

Environment: WEB_CONCURRENCY (workers, default one per core), BIND (default 127.0.0.1:8000).
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# The portal is CPU-bound (templates) with short database round trips: one synchronous
# worker per core, behind nginx, which buffers slow clients.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "sync"
# A request that takes longer than this is a fault; the worker is replaced.
timeout = 30
graceful_timeout = 30
# Workers are not recycled: memory stays flat (the benchmark's soak run checks it).
max_requests = 0
# Each worker opens its own database connections after the fork.
preload_app = False
accesslog = "-"
errorlog = "-"
# Only nginx on this host may set X-Forwarded-*; the app trusts PROXY_COUNT hops.
forwarded_allow_ips = "127.0.0.1"
