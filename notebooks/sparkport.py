"""Sparkport from Python: files in a data pool, SQL into pandas, Spark applications as jobs.

    from sparkport import Sparkport
    sp = Sparkport()                    # $SPARKPORT_URL, else http://localhost:8080
    sp.upload("sample-data/HairEyeColor.csv")
    df = sp.sql("SELECT Hair, SUM(Freq) AS n FROM HairEyeColor GROUP BY Hair")
    job = sp.submit("jars/examples.jar", main_class="io.sparkport.examples.SparkPi", args=["10"])
    job.wait()
    print(job.logs())
    spark = sp.spark()                  # a Spark Connect SparkSession on the pool's warm engine

One file, no install step: copy it next to a notebook. It needs only `requests`; with pandas
installed, SQL results come back as DataFrames, without it as lists of tuples. sp.spark() needs a
Spark Connect client as well (pip install "pyspark-client==4.2.0"). Waiting shows a
progress bar in Jupyter (plain HTML, no widget library) and one updating line in a terminal.
Every error the service answers is raised as a SparkportError with its problem details.
"""

import base64
import csv
import datetime as _dt
import html
import importlib
import io
import json
import os
import shutil
import sys
import time
import warnings
from decimal import Decimal
from urllib.parse import quote

import requests

__all__ = ["Sparkport", "Job", "Rows", "SparkportError", "JobFailedError", "TruncatedResultWarning"]

DEFAULT_URL = "http://localhost:8080"
FINAL_STATES = ("SUCCEEDED", "FAILED", "CANCELLED")
MIN_POLL_SECONDS = 0.25
MAX_POLL_SECONDS = 2.0
# Waiting on a job is a long-poll (GET /jobs/{id}?wait=): the service answers as soon as the job ends, or
# after this long; while a progress display shows, it refreshes at least this often.
LONG_POLL_SECONDS = 30.0
DISPLAY_REFRESH_SECONDS = 1.0
# sp.sql first asks POST /pools/{pool}/sql to answer within this long (1 s while a progress display shows).
SYNC_WAIT_SECONDS = 10.0
# sp.sql options that POST /pools/{pool}/sql takes; any other option submits the job with POST /jobs.
_SYNC_SQL_OPTIONS = ("engine",)
_TIMEOUT = (5, 120)  # connect, read (seconds)


class SparkportError(Exception):
    """An error answered by the service (RFC 9457 problem details) or on the way to it."""

    def __init__(self, status, title, detail=None, type=None, instance=None, problem=None):
        self.status = status
        self.title = title
        self.detail = detail
        self.type = type
        self.instance = instance
        self.problem = problem or {}
        super().__init__(str(self))

    def __str__(self):
        head = f"{self.status} {self.title}" if self.status else str(self.title)
        return f"{head}: {self.detail}" if self.detail else head

    @classmethod
    def from_response(cls, response):
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and ("title" in body or "detail" in body):
            return cls(body.get("status", response.status_code), body.get("title") or response.reason,
                       body.get("detail"), body.get("type"), body.get("instance"), body)
        text = (response.text or "").strip()
        return cls(response.status_code, response.reason or "HTTP error", text[:500] or None,
                   instance=response.request.path_url if response.request is not None else None)


class JobFailedError(SparkportError):
    """A job that ended FAILED or CANCELLED where a result was expected; `job.logs()` tells more."""

    def __init__(self, job):
        self.job = job
        self.state = job.info.get("state")
        reason = job.info.get("failureReason") or "no reason recorded; see job.logs()"
        super().__init__(None, f"job {job.id} {self.state}", reason)


class TruncatedResultWarning(UserWarning):
    """An SQL result holds more rows than the service sent back inline."""


warnings.simplefilter("always", TruncatedResultWarning)


class Rows(list):
    """An SQL result without pandas: a list of tuples, with the schema and row count beside it."""

    def __init__(self, rows, columns, types, row_count, truncated, result_path, job_id):
        super().__init__(rows)
        self.columns = columns
        self.types = types
        self.row_count = row_count
        self.truncated = truncated
        self.result_path = result_path
        self.job_id = job_id


def _token_from_file():
    """The token in $SPARKPORT_TOKEN_FILE, else in the nearest data/admin-token above the working directory."""
    path = os.environ.get("SPARKPORT_TOKEN_FILE")
    if not path:
        here = os.path.abspath(os.getcwd())
        while True:
            candidate = os.path.join(here, "data", "admin-token")
            if os.path.isfile(candidate):
                path = candidate
                break
            parent = os.path.dirname(here)
            if parent == here:
                return None
            here = parent
    try:
        with open(path) as f:
            return f.read().strip() or None
    except OSError:
        return None


class Sparkport:
    """A client of one Sparkport service.

    url:   the service, by default $SPARKPORT_URL, else http://localhost:8080
    token: sent as `Authorization: Bearer <token>`; by default $SPARKPORT_TOKEN, else the file
           $SPARKPORT_TOKEN_FILE, else the admin token a local service generated into
           `data/admin-token` (looked for in the current directory and its parents)
    poll_interval: seconds between two looks at a waiting job where the service answers a long-poll
           (GET /jobs/{id}?wait=) at once, as services before it did (at least 0.25; it grows to 2 s
           for long jobs); a service with the long-poll tells the end as it happens
    """

    def __init__(self, url=None, token=None, poll_interval=0.5):
        self.url = (url or os.environ.get("SPARKPORT_URL") or DEFAULT_URL).rstrip("/")
        self.poll_interval = max(MIN_POLL_SECONDS, float(poll_interval))
        self._http = requests.Session()
        token = token or os.environ.get("SPARKPORT_TOKEN") or _token_from_file()
        self._token = token or None
        if token:
            self._http.headers["Authorization"] = f"Bearer {token}"

    def __repr__(self):
        return f"Sparkport({self.url!r})"

    # --- HTTP -------------------------------------------------------------------------------

    def _request(self, method, path, accept=(), **kwargs):
        """The response; a SparkportError for an error status unless it is one of `accept`."""
        kwargs.setdefault("timeout", _TIMEOUT)
        try:
            response = self._http.request(method, self.url + path, **kwargs)
        except requests.RequestException as e:
            raise SparkportError(None, "Cannot reach Sparkport", f"{method} {self.url}{path}: {e}") from e
        if response.status_code >= 400 and response.status_code not in accept:
            raise SparkportError.from_response(response)
        return response

    def _json(self, method, path, **kwargs):
        # Decimals stay exact; doubles become floats again where the schema says so.
        return self._request(method, path, **kwargs).json(parse_float=Decimal)

    # --- pools and files ----------------------------------------------------------------------

    def pools(self):
        """The data pools: a list of dicts (name, workers, idleTimeout, ...)."""
        return self._json("GET", "/api/v1/pools")

    def cluster(self, pool="default"):
        """The pool's Spark cluster as observed now: state, workers, desiredWorkers, reason."""
        return self._json("GET", f"/api/v1/pools/{_q(pool)}/cluster")

    # --- Spark Connect --------------------------------------------------------------------------

    def spark(self, pool="default"):
        """A Spark Connect SparkSession on the pool's warm engine (DataFrames, spark.sql, spark.read, ...).

        The service starts the pool's cluster when it is down, so the first query may take tens of
        seconds. Each call opens a new session (SparkSession.builder.remote(url).create(), not
        getOrCreate(), which would hand back a session of another pool); spark.stop() ends it.

        The address is the pool view's `sparkConnectUrl` (GET /api/v1/pools/{pool}, for example
        `sc://localhost:15002/;x-sparkport-pool=demo`) plus `;token=<this helper's token>` when it has
        one (percent-encoded; pyspark decodes it and sends it as `authorization: Bearer <token>`).
        pyspark 4.x sends a token over plaintext only when the URL's host is exactly `localhost` and it
        has no `use_ssl=true`: it then uses gRPC's local credentials, which connect to a loopback
        address only. With any other host (`127.0.0.1` included) a token makes it use TLS, checked
        against the system's CA certificates, so a remote frontend must be served with TLS (its URL then
        carries `use_ssl=true`). pyspark also falls back to $SPARK_CONNECT_AUTHENTICATE_TOKEN when the
        URL has no token.

        Needs a Spark Connect Python client (pyspark >= 3.5 with grpcio, grpcio-status, pandas and
        pyarrow): `pip install "pyspark-client==4.2.0"`, or `pip install "pyspark[connect]==4.2.0"`
        where pyspark is installed already. Raises ImportError naming the missing module without one,
        and SparkportError when the service does not serve Spark Connect for the pool.
        """
        view = self._json("GET", f"/api/v1/pools/{_q(pool)}")
        url = view.get("sparkConnectUrl") if isinstance(view, dict) else None
        if not url:
            raise SparkportError(
                None, "Spark Connect is not served",
                f"the view of pool {pool!r} at {self.url}/api/v1/pools/{_q(pool)} has no sparkConnectUrl: "
                f"this Sparkport predates its Spark Connect frontend or does not serve it for this pool; "
                f"sp.sql(...) and sp.submit(...) work without it")
        if self._token:
            url += ";token=" + quote(self._token, safe="")
        return _spark_session_class().builder.remote(url).create()

    def upload(self, local_path, pool="default", path=None):
        """Uploads a local file into the pool, at `path` (default: the file's name). Returns its listing entry."""
        target = path or os.path.basename(local_path)
        with open(local_path, "rb") as f:
            return self._json("PUT", f"/api/v1/pools/{_q(pool)}/files/{_q(target)}", data=f,
                              headers={"Content-Type": "application/octet-stream"}, timeout=(5, None))

    def files(self, pool="default", prefix=""):
        """The pool's files under `prefix`: a list of dicts with path, size and modified."""
        return self._json("GET", f"/api/v1/pools/{_q(pool)}/files", params={"prefix": prefix})["files"]

    def download(self, path, pool="default", local_path=None):
        """A pool file's bytes, or, with `local_path`, the file written there (returns the path)."""
        response = self._request("GET", f"/api/v1/pools/{_q(pool)}/files/{_q(path)}", stream=True,
                                 timeout=(5, None))
        if local_path is None:
            return response.content
        with open(local_path, "wb") as out:
            for chunk in response.iter_content(chunk_size=1 << 20):
                out.write(chunk)
        return local_path

    def delete(self, path, pool="default"):
        """Deletes a file from the pool."""
        self._request("DELETE", f"/api/v1/pools/{_q(pool)}/files/{_q(path)}")

    # --- jobs -----------------------------------------------------------------------------

    def sql(self, query, pool="default", *, timeout=None, progress=True, full=False, pandas=None, **options):
        """Runs SQL in the pool and returns the last statement's result.

        Files in the pool are views by base name (HairEyeColor.csv -> HairEyeColor). Waits with a
        progress display. Returns a pandas DataFrame typed from the result's schema (a Rows list of
        tuples without pandas, or with pandas=False). The service sends back at most its preview
        size (10000 rows by default); a larger result warns and says how to get all of it, and
        full=True fetches all of it as CSV. Raises JobFailedError when the job fails.
        options: name, cores, executor_memory, driver_memory, conf, priority, engine ("warm", the
        default where the service has warm SQL engines, or "batch": a Spark driver of its own).

        With no options but engine it asks POST /pools/{pool}/sql, which answers a query that ends in
        time with its result in one round trip; a longer one (or one with other options, submitted with
        POST /jobs) is waited for with the long-poll GET /jobs/{id}?wait= until it ends.
        """
        start = time.monotonic()
        job = None
        if all(options.get(k) is None for k in options if k not in _SYNC_SQL_OPTIONS):
            answered = self._sql_answered(query, pool, start, timeout, progress, options)
            if isinstance(answered, _Answered):
                return answered.job._typed(answered.answer, full, pandas, stacklevel=3)
            job = answered
        if job is None:
            job = self.submit_sql(query, pool, **options)
        display = _ProgressDisplay(job.id) if progress else None
        try:
            state = job._wait(start, timeout, display)
        finally:
            if display:
                display.close(job.info, time.monotonic() - start)
        if state != "SUCCEEDED":
            raise JobFailedError(job)
        return job.result(full=full, pandas=pandas)

    def _sql_answered(self, query, pool, start, timeout, progress, options):
        """POST /pools/{pool}/sql: an _Answered when the query ended in time, else the Job to wait for
        (202), None where the service has no such endpoint; JobFailedError for a query that failed in time."""
        wait = DISPLAY_REFRESH_SECONDS if progress and _display_mode() else SYNC_WAIT_SECONDS
        if timeout is not None:
            wait = max(0.0, min(wait, timeout))
        body = _job_body({"sql": query}, options)
        response = self._request("POST", f"/api/v1/pools/{_q(pool)}/sql", accept=(404, 405, 422),
                                 params={"wait": _iso_seconds(wait)}, json=body, timeout=(5, wait + 60))
        if response.status_code in (404, 405):
            return None
        answer = response.json(parse_float=Decimal)
        if response.status_code == 422:
            if not str(answer.get("type", "")).endswith("/query-failed"):
                raise SparkportError.from_response(response)
            job = self.job(response.headers["Location"].rstrip("/").rpartition("/")[2])
            if progress:
                _ProgressDisplay(job.id).close(job.info, time.monotonic() - start)
            raise JobFailedError(job)
        if response.status_code == 202:
            return Job(self, answer)
        job = Job(self, {"id": answer["jobId"], "type": "SQL", "state": answer["state"], "engine": answer.get("engine")})
        if progress:
            _ProgressDisplay(job.id).close(job.info, time.monotonic() - start)
        return _Answered(job, answer)

    def submit_sql(self, query, pool="default", **options):
        """Submits SQL without waiting; returns the Job."""
        return self._submit({"pool": pool, "type": "SQL", "sql": query}, options)

    def submit(self, app_resource, main_class=None, args=(), pool="default", conf=None, **options):
        """Submits a Spark application: a jar (or .py) in the pool, or a file:/ or http(s) URL.

        options: name, cores, executor_memory, driver_memory, py_files, priority. Returns the Job.
        """
        body = {"pool": pool, "type": "SPARK", "appResource": app_resource, "mainClass": main_class,
                "args": [str(a) for a in args]}
        return self._submit(body, dict(options, conf=conf))

    def _submit(self, body, options):
        return Job(self, self._json("POST", "/api/v1/jobs", json=_job_body(body, options)))

    def schedule(self, name, cron, sql=None, app_resource=None, main_class=None, args=(), pool="default",
                 time_zone="UTC", concurrency_policy="Allow", suspend=False, starting_deadline=None, **options):
        """Creates a cron schedule whose runs submit the SQL (or the application) as jobs.

        cron: 5 fields or a macro such as "@daily"; options as for submit(). Returns the schedule (a dict
        with its status: nextRunAt, lastRunAt, runs).
        """
        if (sql is None) == (app_resource is None):
            raise TypeError("give either sql or app_resource")
        template = ({"pool": pool, "type": "SQL", "sql": sql} if sql is not None else
                    {"pool": pool, "type": "SPARK", "appResource": app_resource, "mainClass": main_class,
                     "args": [str(a) for a in args]})
        body = {"name": name, "cron": cron, "timeZone": time_zone, "concurrencyPolicy": concurrency_policy,
                "suspend": suspend, "template": _job_body(template, options)}
        if starting_deadline is not None:
            body["startingDeadline"] = starting_deadline
        return self._json("POST", "/api/v1/schedules", json=body)

    def schedules(self):
        """Every schedule with its status."""
        return self._json("GET", "/api/v1/schedules")

    def run_schedule(self, schedule_id):
        """Runs a schedule now (its concurrency policy applies); returns the Job."""
        return Job(self, self._json("POST", f"/api/v1/schedules/{_q(schedule_id)}/run"))

    def delete_schedule(self, schedule_id):
        """Deletes a schedule; the jobs it started stay."""
        self._request("DELETE", f"/api/v1/schedules/{_q(schedule_id)}")

    def job(self, job_id):
        """The Job with this id."""
        return Job(self, self._json("GET", f"/api/v1/jobs/{_q(job_id)}"))

    def jobs(self, pool=None, state=None, limit=50):
        """The newest jobs (optionally of one pool or in one state), newest first."""
        params = {k: v for k, v in {"pool": pool, "state": state, "limit": limit}.items() if v is not None}
        return [Job(self, info) for info in self._json("GET", "/api/v1/jobs", params=params)["jobs"]]


class Job:
    """A submitted job. `info` holds what was last read of it; `state` and `progress` read it again."""

    def __init__(self, sparkport, info):
        self._sp = sparkport
        self.id = info["id"]
        self.info = info

    def __repr__(self):
        return f"<Job {self.id} {self.info.get('type')} {self.info.get('state')}>"

    def refresh(self):
        """Reads the job again; returns its info dict."""
        self.info = self._sp._json("GET", f"/api/v1/jobs/{_q(self.id)}")
        return self.info

    @property
    def state(self):
        """QUEUED, STARTING, RUNNING, SUCCEEDED, FAILED or CANCELLED (read now)."""
        return self.refresh()["state"]

    @property
    def progress(self):
        """{stages: {completed, total}, tasks: ..., activeStages: [...], jobs: ..., observedAt} or None (read now)."""
        return self.refresh().get("progress")

    @property
    def failure_reason(self):
        return self.info.get("failureReason")

    def wait(self, timeout=None, progress=True):
        """Waits until the job ends and returns its final state; shows progress unless progress=False.

        Raises TimeoutError after `timeout` seconds (the job keeps running; cancel() stops it).
        """
        start = time.monotonic()
        display = _ProgressDisplay(self.id) if progress else None
        try:
            return self._wait(start, timeout, display)
        finally:
            if display:
                display.close(self.info, time.monotonic() - start)

    def _wait(self, start, timeout, display):
        """Long-polls GET /jobs/{id}?wait= until the job ends (or `timeout` seconds after `start` passed)."""
        while True:
            elapsed = time.monotonic() - start
            window = DISPLAY_REFRESH_SECONDS if display and display.mode else LONG_POLL_SECONDS
            if timeout is not None:
                window = max(0.0, min(window, timeout - elapsed))
            asked = time.monotonic()
            info = self._long_poll(window)
            answered_in = time.monotonic() - asked
            elapsed = time.monotonic() - start
            if info["state"] in FINAL_STATES:
                return info["state"]
            if timeout is not None and elapsed >= timeout:
                raise TimeoutError(f"job {self.id} is still {info['state']} after {timeout} s; it keeps "
                                   f"running (job.cancel() stops it)")
            if display:
                display.show(info, elapsed)
            if answered_in < window / 2:
                # the service did not wait: one without the long-poll, which ignores ?wait=
                pause = min(MAX_POLL_SECONDS, self._sp.poll_interval + elapsed / 60, window - answered_in)
                if timeout is not None:
                    pause = max(0.0, min(pause, timeout - elapsed))
                time.sleep(pause)

    def _long_poll(self, seconds):
        """The job once it ended, or after `seconds` (GET /jobs/{id}?wait=); its info dict."""
        self.info = self._sp._json("GET", f"/api/v1/jobs/{_q(self.id)}", params={"wait": _iso_seconds(seconds)},
                                   timeout=(5, seconds + 60))
        return self.info

    def cancel(self):
        """Asks the service to stop the job; returns the state it answered (wait() for the end)."""
        self.info = self._sp._json("POST", f"/api/v1/jobs/{_q(self.id)}/cancel")
        return self.info["state"]

    def logs(self, offset=0, limit=None):
        """The driver's log: lines [offset, offset + limit) as one string."""
        params = {"offset": offset}
        if limit is not None:
            params["limit"] = limit
        return self._sp._request("GET", f"/api/v1/jobs/{_q(self.id)}/logs", params=params).text

    def result(self, full=False, pandas=None):
        """An SQL job's result: a DataFrame (or Rows), typed from its schema.

        The inline preview holds at most the service's preview size; when the result has more
        rows, this warns, and full=True reads all of them (CSV from GET /jobs/{id}/result).
        """
        preview = self._sp._json("GET", f"/api/v1/jobs/{_q(self.id)}/result")
        return self._typed(preview, full, pandas, stacklevel=4)

    def _typed(self, preview, full, pandas, stacklevel):
        """The result from its preview ({columns, rows, rowCount, truncated, resultPath}); the warning of a
        truncated one points `stacklevel` frames up."""
        columns = preview["columns"]
        if full and preview["truncated"]:
            rows = self._full_rows(columns)
        else:
            rows = [tuple(_from_json(c["type"], v) for c, v in zip(columns, row)) for row in preview["rows"]]
            if preview["truncated"]:
                warnings.warn(
                    f"job {self.id}: showing the first {len(rows)} of {preview['rowCount']} rows. All of them: "
                    f"job.result(full=True) or sp.sql(..., full=True), GET /api/v1/jobs/{self.id}/result "
                    f"with 'Accept: text/csv', or the CSV files under {preview['resultPath']} in the pool",
                    TruncatedResultWarning, stacklevel=stacklevel)
        return _table(columns, rows, preview, self.id, pandas)

    def _full_rows(self, columns):
        response = self._sp._request("GET", f"/api/v1/jobs/{_q(self.id)}/result",
                                     headers={"Accept": "text/csv"}, timeout=(5, None))
        reader = csv.reader(io.StringIO(response.content.decode("utf-8"), newline=""))
        next(reader, None)  # header
        return [tuple(_from_csv(c["type"], v) for c, v in zip(columns, row)) for row in reader]


class _Answered:
    """A query answered by POST /pools/{pool}/sql: its job and the answer, which carries the preview."""

    def __init__(self, job, answer):
        self.job = job
        self.answer = answer


def _iso_seconds(seconds):
    """Seconds as an ISO-8601 duration, e.g. PT0.250S."""
    return f"PT{max(0.0, seconds):.3f}S"


# --- values typed from the result schema ---------------------------------------------------------

_INTS = ("tinyint", "smallint", "int", "bigint")
_FLOATS = ("float", "double")
_NESTED = ("array<", "map<", "struct<")


def _job_body(body, options):
    names = {"name": "name", "cores": "cores", "executor_memory": "executorMemory",
             "driver_memory": "driverMemory", "conf": "conf", "priority": "priority", "py_files": "pyFiles",
             "engine": "engine"}
    for key, value in options.items():
        if key not in names:
            raise TypeError(f"unknown option {key!r}; known: {', '.join(sorted(names))}")
        if value is not None:
            body[names[key]] = value
    return {k: v for k, v in body.items() if v is not None}


def _from_json(spark_type, value):
    """A preview value (JSON) as Python: ints, floats, Decimals, bools, dates, datetimes, bytes, lists, dicts."""
    if value is None:
        return None
    if spark_type in _FLOATS:
        return float(value)  # NaN and infinities arrive as strings
    if spark_type.startswith("decimal"):
        return Decimal(str(value))
    if spark_type == "date":
        return _dt.date.fromisoformat(value)
    if spark_type in ("timestamp", "timestamp_ntz"):
        return _datetime(value)
    if spark_type == "binary":
        return base64.b64decode(value)
    return value


def _from_csv(spark_type, text):
    """A cell of the full CSV result as Python; an empty cell is None (also for empty strings)."""
    if text == "":
        return None
    if spark_type in _INTS:
        return int(text)
    if spark_type == "boolean":
        return text == "true"
    if spark_type.startswith(_NESTED):
        return json.loads(text, parse_float=Decimal)
    return _from_json(spark_type, text)


def _datetime(text):
    try:
        return _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text


def _table(columns, rows, preview, job_id, use_pandas):
    names = [c["name"] for c in columns]
    types = [c["type"] for c in columns]
    pd = _pandas() if use_pandas is not False else None
    if use_pandas and pd is None:
        raise ImportError("pandas=True needs pandas installed")
    if pd is None:
        return Rows(rows, names, types, preview["rowCount"], preview["truncated"], preview.get("resultPath"), job_id)
    series = [_series(pd, c["type"], [row[i] for row in rows]) for i, c in enumerate(columns)]
    frame = pd.concat(series, axis=1) if series else pd.DataFrame()
    frame.columns = names
    frame.attrs.update(job_id=job_id, row_count=preview["rowCount"], truncated=preview["truncated"],
                       result_path=preview.get("resultPath"), types=dict(zip(names, types)))
    return frame


def _series(pd, spark_type, values):
    has_null = any(v is None for v in values)
    if spark_type in _INTS:
        return pd.Series(values, dtype="Int64" if has_null else "int64")
    if spark_type == "double":
        return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")
    if spark_type == "float":
        return pd.Series([float("nan") if v is None else v for v in values], dtype="float32")
    if spark_type == "boolean":
        return pd.Series(values, dtype="boolean" if has_null else "bool")
    if spark_type == "date":
        return pd.Series(pd.to_datetime(values), dtype="datetime64[ns]")
    if spark_type == "timestamp":
        return pd.Series(pd.to_datetime(values, utc=True))
    if spark_type == "timestamp_ntz":
        return pd.Series(pd.to_datetime(values))
    return pd.Series(values, dtype="object")


def _pandas():
    try:
        import pandas
        return pandas
    except ImportError:
        return None


def _q(text):
    return quote(str(text), safe="/")


# The modules a Spark Connect client imports, each with the pip package that brings it.
_CONNECT_MODULES = (("pyspark", "pyspark-client"), ("grpc", "grpcio"), ("grpc_status", "grpcio-status"),
                    ("pandas", "pandas"), ("pyarrow", "pyarrow"))
_CONNECT_INSTALL = ('install one with: pip install "pyspark-client==4.2.0" (the lightweight pure Spark Connect '
                    'client), or, where pyspark is installed, pip install "pyspark[connect]==4.2.0"')


def _spark_session_class():
    """pyspark's SparkSession once a Spark Connect client imports, else an ImportError saying what to install."""
    for module, package in _CONNECT_MODULES:
        try:
            importlib.import_module(module)
        except ImportError as e:
            raise ImportError(f"Sparkport.spark() needs a Spark Connect Python client, and the module {module!r} "
                              f"(pip package {package}) is missing; {_CONNECT_INSTALL}", name=module) from e
    try:
        # pyspark's own check of the rest (googleapis-common-protos, minimum versions) runs on this import
        importlib.import_module("pyspark.sql.connect.session")
        from pyspark.sql import SparkSession
    except ImportError as e:
        missing = e.name or getattr(e.__cause__, "name", None) or "pyspark.sql.connect"
        raise ImportError(f"Sparkport.spark() needs a Spark Connect Python client, and importing "
                          f"pyspark.sql.connect failed ({e}); {_CONNECT_INSTALL}", name=missing) from e
    return SparkSession


# --- progress display ------------------------------------------------------------------------------

def _display_mode():
    return "html" if _in_jupyter() else ("tty" if sys.stderr.isatty() else None)


class _ProgressDisplay:
    """An HTML progress bar in Jupyter, one updating line on a terminal, nothing elsewhere."""

    def __init__(self, job_id):
        self.job_id = job_id
        self.handle = None
        self.width = 0
        self.mode = _display_mode()

    def show(self, info, elapsed):
        if self.mode == "html":
            self._html(info, elapsed)
        elif self.mode == "tty":
            line = _line(self.job_id, info, elapsed)
            columns = shutil.get_terminal_size((100, 20)).columns - 1
            line = line[:columns]
            sys.stderr.write("\r" + line.ljust(self.width))
            sys.stderr.flush()
            self.width = len(line)

    def close(self, info, elapsed):
        self.show(info, elapsed)
        if self.mode == "tty":
            sys.stderr.write("\n")
            sys.stderr.flush()

    def _html(self, info, elapsed):
        from IPython.display import HTML, display
        done, total = _fraction(info)
        bar = (f'<progress value="{done}" max="{total}"' if total else "<progress") \
            + ' style="width: 20em; vertical-align: middle"></progress>'
        text = html.escape(_line(self.job_id, info, elapsed, bar=False))
        body = HTML(f'<div style="font-family: monospace">{bar} {text}</div>')
        if self.handle is None:
            self.handle = display(body, display_id=True)
        else:
            self.handle.update(body)


def _fraction(info):
    """(done, total) tasks for the bar; (0, 0) means not known yet."""
    state = info.get("state")
    tasks = (info.get("progress") or {}).get("tasks") or {}
    total = tasks.get("total") or 0
    if state == "SUCCEEDED":
        return (total, total) if total else (1, 1)
    return tasks.get("completed", 0), total


def _line(job_id, info, elapsed, bar=True):
    state = info.get("state", "?")
    parts = [f"job {job_id} {state}"]
    progress = info.get("progress")
    if bar:
        done, total = _fraction(info)
        filled = int(20 * done / total) if total else 0
        parts.insert(0, "[" + "#" * filled + "-" * (20 - filled) + "]" + (f" {100 * done // total:3d}%" if total else ""))
    if progress:
        parts.append(f"stages {progress['stages']['completed']}/{progress['stages']['total']}")
        parts.append(f"tasks {progress['tasks']['completed']}/{progress['tasks']['total']}")
        if progress.get("activeStages") and state not in FINAL_STATES:
            parts.append(", ".join(progress["activeStages"]))
    elif state == "QUEUED":
        parts.append("waiting for the pool's cluster")
    if info.get("failureReason") and state in ("FAILED", "CANCELLED"):
        parts.append(info["failureReason"])
    parts.append(f"{elapsed:.0f} s")
    return " · ".join(parts)


def _in_jupyter():
    if "IPython" not in sys.modules:
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None
