"""gunicorn's settings for one app server (`gunicorn -c python:lederspor.gunicorn_conf
--bind … lederspor.wsgi`; deploy/systemd/lederspor-web.service, docs/operations.md "Drift:
topologi").

The address comes from the command line (`--bind 127.0.0.1:8000` or a socket); the rest from
the environment (the unit's EnvironmentFile):

- GUNICORN_WORKERS: worker processes (default 2 × cores + 1);
- GUNICORN_TIMEOUT: seconds a request may take before its worker is restarted (default 30);
- FORWARDED_ALLOW_IPS: the load balancer's addresses, whose X-Forwarded-* headers gunicorn
  trusts (default 127.0.0.1);
- LOG_FORMAT: "json" (default outside development) or "text"; gunicorn's own lines (start,
  worker restarts, one access line per request with its X-Request-ID) in the same format as
  Django's (lederspor/core/lib/logs.py), on standard error.
"""

import multiprocessing

from lederspor.core.lib.env import env_bool, env_int, env_str
from lederspor.core.lib.logs import gunicorn_logconfig, log_format

wsgi_app = "lederspor.wsgi:application"
workers = env_int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
# a worker is replaced after this many requests (bounded memory over weeks of running)
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = env_str("FORWARDED_ALLOW_IPS", "127.0.0.1")
# one access line per request: client, request line, status, bytes, milliseconds, request id
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms %({x-request-id}o)s'
logconfig_dict = gunicorn_logconfig(
    log_format(development=env_bool("LEDERSPOR_DEV") or env_bool("DEBUG"))
)
control_socket_disable = True  # no gunicornc socket in the home directory (ProtectHome)
