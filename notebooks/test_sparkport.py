"""Tests of sparkport.py against a real running service ($SPARKPORT_URL, see run-tests.sh).

Spark jobs run in the pool `default`; files go under a fresh prefix per run. The tests of sp.spark()
use a small local HTTP server for the pool views and a fake pyspark in sys.modules (no Spark Connect
client can be installed here), apart from one against the real service.
"""

import datetime as dt
import importlib.util
import json
import os
import sys
import threading
import time
import types
import urllib.parse
import uuid
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd
import pytest

import sparkport
from sparkport import JobFailedError, Rows, Sparkport, SparkportError, TruncatedResultWarning

HERE = os.path.dirname(os.path.abspath(__file__))
HAIR_EYE = os.path.join(HERE, "..", "sample-data", "HairEyeColor.csv")
EXAMPLES_JAR = os.environ.get("SPARKPORT_EXAMPLES_JAR",
                              os.path.join(HERE, "..", "target", "spark-home", "sparkport", "sparkport-examples.jar"))
PI = "io.sparkport.examples.SparkPi"
TIMEOUT = 300


@pytest.fixture(scope="module")
def sp():
    client = Sparkport()
    client.upload(HAIR_EYE, pool="default")
    client.upload(EXAMPLES_JAR, pool="default", path="jars/sparkport-examples.jar")
    return client


@pytest.fixture
def prefix():
    return f"pytest-{uuid.uuid4().hex[:8]}/"


def test_the_address_comes_from_the_environment_then_localhost(monkeypatch):
    monkeypatch.setenv("SPARKPORT_URL", "http://example.invalid:1234/")
    assert Sparkport().url == "http://example.invalid:1234"
    monkeypatch.delenv("SPARKPORT_URL")
    assert Sparkport().url == "http://localhost:8080"
    assert Sparkport("http://other:9").url == "http://other:9"
    assert Sparkport(poll_interval=0.01).poll_interval == 0.25


def test_files_go_up_list_and_come_back(sp, prefix, tmp_path):
    entry = sp.upload(HAIR_EYE, path=prefix + "data/hair eye.csv")
    assert entry["path"] == prefix + "data/hair eye.csv"
    assert entry["size"] == os.path.getsize(HAIR_EYE)
    assert [f["path"] for f in sp.files("default", prefix=prefix)] == [prefix + "data/hair eye.csv"]

    with open(HAIR_EYE, "rb") as f:
        original = f.read()
    assert sp.download(prefix + "data/hair eye.csv") == original
    local = sp.download(prefix + "data/hair eye.csv", local_path=str(tmp_path / "copy.csv"))
    assert open(local, "rb").read() == original

    sp.delete(prefix + "data/hair eye.csv")
    assert sp.files("default", prefix=prefix) == []


def test_errors_carry_the_services_problem_details(sp):
    with pytest.raises(SparkportError) as unknown_pool:
        sp.submit_sql("SELECT 1", pool="no-such-pool")
    assert unknown_pool.value.status == 422
    assert unknown_pool.value.title == "Invalid request"
    assert "no-such-pool" in unknown_pool.value.detail
    assert unknown_pool.value.problem["type"].endswith("/invalid-request")

    with pytest.raises(SparkportError) as owned_conf:
        sp.submit("jars/sparkport-examples.jar", main_class=PI, conf={"spark.master": "local[*]"})
    assert owned_conf.value.status == 422 and "set by Sparkport" in owned_conf.value.detail

    with pytest.raises(SparkportError) as missing:
        sp.job("nosuchjob000")
    assert missing.value.status == 404 and "nosuchjob000" in str(missing.value)

    with pytest.raises(SparkportError) as missing_file:
        sp.download("no/such/file.csv")
    assert missing_file.value.status == 404

    with pytest.raises(TypeError):
        sp.submit_sql("SELECT 1", executor_memroy="1g")

    with pytest.raises(SparkportError) as unreachable:
        Sparkport("http://127.0.0.1:9").pools()
    assert unreachable.value.status is None and unreachable.value.title == "Cannot reach Sparkport"


TYPED_SQL = """
SELECT Hair, SUM(Freq) AS students, SUM(Freq) / 592.0D AS share, CAST(1.5 AS DECIMAL(4, 2)) AS exact,
       DATE'2024-02-29' AS day, TIMESTAMP'2024-02-29 12:30:00' AS seen, Hair = 'Red' AS red,
       CAST(NULL AS INT) AS nothing, array(1, 2) AS pair, X'CAFE' AS raw
FROM HairEyeColor GROUP BY Hair ORDER BY students DESC
"""


@pytest.fixture(scope="module")
def typed(sp):
    return sp.sql(TYPED_SQL, name="typed", progress=False)


def test_sql_answers_with_a_dataframe_typed_from_the_schema(typed):
    assert list(typed.Hair) == ["Brown", "Blond", "Black", "Red"]
    assert list(typed.students) == [286, 127, 108, 71]
    assert str(typed.students.dtype) == "int64"
    assert str(typed.share.dtype) == "float64" and typed.share.sum() == pytest.approx(1.0)
    assert list(typed.exact) == [Decimal("1.50")] * 4
    assert str(typed.day.dtype) == "datetime64[ns]" and typed.day[0] == pd.Timestamp("2024-02-29")
    assert typed.seen[0].tzinfo is not None
    assert str(typed.red.dtype) == "bool" and list(typed.red) == [False, False, False, True]
    assert str(typed.nothing.dtype) == "Int64" and typed.nothing.isna().all()
    assert typed.pair[0] == [1, 2]
    assert typed.raw[0] == b"\xca\xfe"
    assert typed.attrs["row_count"] == 4 and typed.attrs["truncated"] is False
    assert typed.attrs["result_path"] == f"results/{typed.attrs['job_id']}/"
    assert typed.attrs["types"]["exact"] == "decimal(4,2)"


def test_without_pandas_the_answer_is_rows_of_python_values(sp, typed):
    rows = sp.job(typed.attrs["job_id"]).result(pandas=False)
    assert isinstance(rows, Rows)
    assert rows.columns[:3] == ["Hair", "students", "share"] and rows.types[1] == "bigint"
    assert rows.row_count == 4 and not rows.truncated
    first = rows[0]
    assert first[:2] == ("Brown", 286)
    assert first[3] == Decimal("1.50") and first[4] == dt.date(2024, 2, 29)
    assert isinstance(first[5], dt.datetime) and first[7] is None and first[8] == [1, 2]


def test_a_finished_batch_sql_job_keeps_its_final_progress(sp):
    # progress comes from a driver's own UI: the batch path (jobs on the warm engine share its UI)
    batch = sp.sql(TYPED_SQL, name="typed-batch", progress=False, engine="batch")
    assert sp.job(batch.attrs["job_id"]).info["engine"] == "batch"
    progress = sp.job(batch.attrs["job_id"]).progress
    assert progress is not None, "the SQL job's progress was not kept"
    assert progress["stages"]["total"] >= 2
    assert progress["stages"]["completed"] == progress["stages"]["total"]
    assert progress["tasks"]["completed"] == progress["tasks"]["total"] > 0
    assert progress["jobs"]["completed"] == progress["jobs"]["total"]
    assert progress["activeStages"] == []


def test_a_large_result_says_it_was_truncated_and_full_fetches_all(sp):
    job = sp.submit_sql("SELECT id, id * 2 AS twice FROM range(0, 10001)")
    assert job.wait(timeout=TIMEOUT, progress=False) == "SUCCEEDED", job.info
    with pytest.warns(TruncatedResultWarning, match=r"full=True.*Accept: text/csv.*results/"):
        preview = job.result()
    assert len(preview) < 10001 and preview.attrs["truncated"] and preview.attrs["row_count"] == 10001

    full = job.result(full=True)
    assert len(full) == 10001 and str(full.id.dtype) == "int64"
    assert full.id.sum() == 10000 * 10001 // 2 and (full.twice == full.id * 2).all()
    assert len(job.result(full=True, pandas=False)) == 10001


def test_failed_sql_raises_with_sparks_reason(sp):
    with pytest.raises(JobFailedError) as failed:
        sp.sql("SELECT * FROM NoSuchTable", progress=False, timeout=TIMEOUT)
    assert failed.value.state == "FAILED"
    assert "NoSuchTable" in failed.value.detail
    assert "NoSuchTable" in failed.value.job.logs()


def test_an_application_runs_and_its_log_has_the_answer(sp):
    job = sp.submit("jars/sparkport-examples.jar", main_class=PI, args=[4], name="pi from pytest")
    assert job.info["state"] == "QUEUED" and job.info["name"] == "pi from pytest"
    assert job.wait(timeout=TIMEOUT, progress=False) == "SUCCEEDED", job.info
    assert "Pi is roughly 3.1" in job.logs()
    assert job.logs(offset=0, limit=2).count("\n") == 2
    assert job.info["sparkAppId"].startswith("app-")
    # the driver's own report at its end: its UI is gone by then
    assert job.progress == {"stages": {"completed": 1, "total": 1}, "tasks": {"completed": 4, "total": 4},
                            "activeStages": [], "jobs": {"completed": 1, "total": 1},
                            "observedAt": job.info["progress"]["observedAt"]}


def test_a_running_job_shows_progress_and_cancels(sp):
    job = sp.submit("jars/sparkport-examples.jar", main_class=PI, args=[100000])
    with pytest.raises(TimeoutError, match="keeps running"):
        job.wait(timeout=0.3, progress=False)

    deadline = time.monotonic() + TIMEOUT
    progress = None
    while time.monotonic() < deadline:
        progress = job.progress
        if progress and progress["tasks"]["completed"] > 0:
            break
        assert job.info["state"] not in sparkport.FINAL_STATES, job.info
        time.sleep(0.5)
    assert job.info["state"] == "RUNNING"
    assert progress["stages"] == {"completed": 0, "total": 1}
    assert progress["tasks"]["total"] == 100000 and 0 < progress["tasks"]["completed"] < 100000
    assert progress["activeStages"] and progress["activeStages"][0].startswith("reduce at SparkPi.java")

    assert job.cancel() in ("RUNNING", "CANCELLED")
    assert job.wait(timeout=120, progress=False) == "CANCELLED"
    kept = job.info["progress"]
    assert kept["tasks"]["total"] == 100000 and kept["tasks"]["completed"] < 100000
    with pytest.raises(SparkportError) as again:
        job.cancel()
    assert again.value.status == 409


def test_the_progress_line_reads_like_a_bar():
    info = {"state": "RUNNING", "progress": {"stages": {"completed": 1, "total": 3},
                                             "tasks": {"completed": 5, "total": 20},
                                             "activeStages": ["count at X.java:1"]}}
    line = sparkport._line("abc", info, 12.4)
    assert line.startswith("[#####---------------]  25% · job abc RUNNING · stages 1/3 · tasks 5/20")
    assert line.endswith("count at X.java:1 · 12 s")
    queued = sparkport._line("abc", {"state": "QUEUED"}, 0)
    assert "waiting for the pool's cluster" in queued
    done = sparkport._line("abc", {"state": "SUCCEEDED", "progress": info["progress"]}, 3)
    assert done.startswith("[####################] 100%") and "count at" not in done


def test_a_schedule_runs_now_and_its_job_carries_its_id(sp):
    schedule = sp.schedule(f"pytest-{uuid.uuid4().hex[:8]}", "@yearly", sql="SELECT 1", time_zone="Europe/Bucharest")
    assert schedule["status"]["nextRunAt"]
    assert any(s["id"] == schedule["id"] for s in sp.schedules())
    job = sp.run_schedule(schedule["id"])
    assert job.info["scheduleId"] == schedule["id"]
    job.cancel()
    sp.delete_schedule(schedule["id"])
    with pytest.raises(SparkportError) as e:
        sp.schedule("bad", "61 * * * *", sql="SELECT 1")
    assert e.value.status == 422


# --- sp.spark(): a Spark Connect session ----------------------------------------------------------

LOCAL_URL = "sc://localhost:15002/;x-sparkport-pool=demo"
TLS_URL = "sc://spark.example.com:443/;x-sparkport-pool=demo;use_ssl=true"


class FakePools:
    """A local HTTP server answering GET /api/v1/pools/<name> with `views`; it records what it was asked."""

    def __init__(self):
        self.views = {}
        self.requests = []
        pools = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                pools.requests.append((self.path, self.headers.get("Authorization")))
                name = urllib.parse.unquote(self.path.rpartition("/")[2])
                if self.path.startswith("/api/v1/pools/") and name in pools.views:
                    status, body = 200, pools.views[name]
                else:
                    status, body = 404, {"type": "https://sparkport.io/problems/not-found", "title": "Not found",
                                         "status": 404, "detail": f"no pool {name}"}
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/problem+json" if status >= 400 else "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def pools():
    fake = FakePools()
    fake.views = {"demo": {"name": "demo", "workers": 2, "sparkConnectUrl": LOCAL_URL},
                  "tls": {"name": "tls", "workers": 2, "sparkConnectUrl": TLS_URL},
                  "old": {"name": "old", "workers": 2},
                  "unset": {"name": "unset", "workers": 2, "sparkConnectUrl": None}}
    yield fake
    fake.close()


@pytest.fixture
def no_token(monkeypatch, tmp_path):
    monkeypatch.delenv("SPARKPORT_TOKEN", raising=False)
    monkeypatch.setenv("SPARKPORT_TOKEN_FILE", str(tmp_path / "no-such-token"))


class FakeSparkSession:
    """pyspark.sql.SparkSession as sp.spark() uses it: builder (a new Builder each time) .remote(url) .create()."""

    calls = []

    class Builder:
        def remote(self, url):
            FakeSparkSession.calls.append(("remote", url))
            self.url = url
            return self

        def create(self):
            FakeSparkSession.calls.append(("create", self.url))
            return FakeSparkSession(self.url)

        def getOrCreate(self):
            raise AssertionError("getOrCreate() would hand back the session of another pool")

    class _NewBuilder:
        def __get__(self, obj, cls):
            return FakeSparkSession.Builder()

    builder = _NewBuilder()

    def __init__(self, url):
        self.url = url


@pytest.fixture
def fake_pyspark(monkeypatch):
    """A Spark Connect client in sys.modules: pyspark, pyspark.sql (SparkSession), pyspark.sql.connect.session,
    grpc, grpc_status and pyarrow (pandas is the real one)."""
    FakeSparkSession.calls = []
    for name in ("pyspark", "pyspark.sql", "pyspark.sql.connect", "pyspark.sql.connect.session", "grpc",
                 "grpc_status", "pyarrow"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    sys.modules["pyspark.sql"].SparkSession = FakeSparkSession
    return FakeSparkSession


def test_spark_connects_to_the_pools_url_with_the_token(pools, fake_pyspark):
    session = Sparkport(pools.url, token="s3cret").spark("demo")
    assert isinstance(session, FakeSparkSession)
    assert session.url == LOCAL_URL + ";token=s3cret"
    assert fake_pyspark.calls == [("remote", LOCAL_URL + ";token=s3cret"), ("create", LOCAL_URL + ";token=s3cret")]
    assert pools.requests == [("/api/v1/pools/demo", "Bearer s3cret")]


def test_spark_without_a_token_uses_the_url_as_served(pools, fake_pyspark, no_token):
    sp = Sparkport(pools.url)
    assert sp.spark("tls").url == TLS_URL
    assert sp.spark("demo").url == LOCAL_URL
    assert [url for call, url in fake_pyspark.calls if call == "remote"] == [TLS_URL, LOCAL_URL]
    assert pools.requests == [("/api/v1/pools/tls", None), ("/api/v1/pools/demo", None)]


def test_spark_opens_a_new_session_per_call_and_pool(pools, fake_pyspark):
    sp = Sparkport(pools.url, token="t")
    first, again, other = sp.spark("demo"), sp.spark("demo"), sp.spark("tls")
    assert first is not again and first.url == again.url == LOCAL_URL + ";token=t"
    assert other.url == TLS_URL + ";token=t"
    assert [call for call, _ in fake_pyspark.calls] == ["remote", "create"] * 3


def test_a_token_with_reserved_characters_reaches_pyspark_intact(pools, fake_pyspark):
    token = "a=b;c/d+e%f g"
    url = Sparkport(pools.url, token=token).spark("demo").url
    assert url == LOCAL_URL + ";token=a%3Db%3Bc%2Fd%2Be%25f%20g"
    # pyspark 4.x's DefaultChannelBuilder: urlparse of http://..., params split on ';', each on '=' into
    # exactly two parts, the value unquoted
    params = dict(p.split("=") for p in urllib.parse.urlparse("http" + url[2:]).params.split(";"))
    assert {k: urllib.parse.unquote(v) for k, v in params.items()} == {"x-sparkport-pool": "demo", "token": token}


def test_spark_on_a_service_without_spark_connect_says_so(pools, fake_pyspark):
    sp = Sparkport(pools.url, token="t")
    for pool in ("old", "unset"):
        with pytest.raises(SparkportError) as e:
            sp.spark(pool)
        assert e.value.status is None and e.value.title == "Spark Connect is not served"
        assert f"pool '{pool}'" in e.value.detail and "no sparkConnectUrl" in e.value.detail
    with pytest.raises(SparkportError) as unknown:
        sp.spark("nope")
    assert unknown.value.status == 404 and "no pool nope" in unknown.value.detail
    assert fake_pyspark.calls == []


def test_spark_without_a_connect_client_says_how_to_install_one(pools, monkeypatch):
    if importlib.util.find_spec("pyspark") is not None:
        pytest.skip("pyspark is installed here; the fake-module tests below cover the missing parts")
    with pytest.raises(ImportError) as e:
        Sparkport(pools.url, token="t").spark("demo")
    assert e.value.name == "pyspark"
    message = str(e.value)
    assert "Spark Connect Python client" in message and "'pyspark' (pip package pyspark-client) is missing" in message
    assert 'pip install "pyspark-client==4.2.0"' in message and 'pip install "pyspark[connect]==4.2.0"' in message
    assert isinstance(e.value.__cause__, ModuleNotFoundError)


@pytest.mark.parametrize("missing, package", [("grpc", "grpcio"), ("grpc_status", "grpcio-status"),
                                              ("pyarrow", "pyarrow"), ("pandas", "pandas")])
def test_spark_names_a_missing_dependency_of_the_client(pools, fake_pyspark, monkeypatch, missing, package):
    monkeypatch.setitem(sys.modules, missing, None)  # the import system then raises ModuleNotFoundError
    with pytest.raises(ImportError) as e:
        Sparkport(pools.url, token="t").spark("demo")
    assert e.value.name == missing
    assert f"{missing!r} (pip package {package}) is missing" in str(e.value)
    assert 'pip install "pyspark-client==4.2.0"' in str(e.value)
    assert fake_pyspark.calls == []


def test_spark_passes_on_pysparks_own_dependency_check(pools, fake_pyspark, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark.sql.connect.session", None)
    with pytest.raises(ImportError) as e:
        Sparkport(pools.url, token="t").spark("demo")
    assert e.value.name == "pyspark.sql.connect.session"
    assert "importing pyspark.sql.connect failed" in str(e.value) and "pyspark[connect]==4.2.0" in str(e.value)


def test_spark_against_the_real_service(sp):
    served = sp._json("GET", "/api/v1/pools/default").get("sparkConnectUrl")
    if not served:
        with pytest.raises(SparkportError, match="no sparkConnectUrl"):
            sp.spark()
    elif importlib.util.find_spec("pyspark") is None:
        with pytest.raises(ImportError, match="pyspark-client==4.2.0"):
            sp.spark()
    else:
        spark = sp.spark()
        try:
            assert spark.range(10).count() == 10
        finally:
            spark.stop()


# --- waiting: POST /pools/{pool}/sql?wait= and the long-poll GET /jobs/{id}?wait= ---------------------

class FakeService:
    """A local HTTP server answering with `route(method, path, query, body)` -> (status, body[, headers]);
    it records each request as (method, path, query, body, monotonic time it arrived)."""

    def __init__(self, route):
        self.route = route
        self.requests = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                parsed = urllib.parse.urlparse(self.path)
                query = dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True))
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                service.requests.append((self.command, parsed.path, query, body, time.monotonic()))
                status, payload, *headers = service.route(self.command, parsed.path, query, body)
                data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
                self.send_response(status)
                kind = "application/problem+json" if status >= 400 else "application/json"
                self.send_header("Content-Type", "text/csv" if isinstance(payload, str) else kind)
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers[0] if headers else {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def calls(self):
        return [(method, path, query) for method, path, query, _, _ in self.requests]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_service():
    services = []

    def start(route):
        services.append(FakeService(route))
        return services[-1]
    yield start
    for service in services:
        service.close()


COLUMNS = [{"name": "Hair", "type": "string"}, {"name": "n", "type": "bigint"}]
PREVIEW = {"columns": COLUMNS, "rows": [["Brown", 286], ["Blond", 127]], "rowCount": 2, "truncated": False,
           "resultPath": "results/j1/"}


def job_view(state, **more):
    return dict({"id": "j1", "pool": "default", "type": "SQL", "state": state, "progress": None}, **more)


def seconds(iso):
    assert iso.startswith("PT") and iso.endswith("S"), iso
    return float(iso[2:-1])


def test_sql_that_ends_in_time_is_one_round_trip(fake_service):
    service = fake_service(lambda method, path, query, body: (200, dict(PREVIEW, jobId="j1", state="SUCCEEDED",
                                                                        engine="warm"), {"Location": "/api/v1/jobs/j1"}))
    sp = Sparkport(service.url, token="t")
    frame = sp.sql("SELECT Hair, n FROM t")
    assert list(frame.Hair) == ["Brown", "Blond"] and str(frame.n.dtype) == "int64"
    assert frame.attrs["job_id"] == "j1" and frame.attrs["row_count"] == 2 and frame.attrs["truncated"] is False
    rows = sp.sql("SELECT Hair, n FROM t", pool="my pool", engine="batch", pandas=False)
    assert isinstance(rows, Rows) and rows == [("Brown", 286), ("Blond", 127)] and rows.job_id == "j1"
    assert service.calls() == [("POST", "/api/v1/pools/default/sql", {"wait": "PT10.000S"}),
                               ("POST", "/api/v1/pools/my%20pool/sql", {"wait": "PT10.000S"})]
    assert [body for _, _, _, body, _ in service.requests] == [{"sql": "SELECT Hair, n FROM t"},
                                                               {"sql": "SELECT Hair, n FROM t", "engine": "batch"}]


def test_a_truncated_sync_answer_warns_and_full_reads_the_csv(fake_service):
    def route(method, path, query, body):
        if method == "POST":
            return 200, dict(PREVIEW, rowCount=3, truncated=True, jobId="j1", state="SUCCEEDED", engine="warm")
        return 200, "Hair,n\nBrown,286\nBlond,127\nRed,71\n"
    sp = Sparkport(fake_service(route).url, token="t")
    with pytest.warns(TruncatedResultWarning, match=r"first 2 of 3 rows.*full=True") as warned:
        assert len(sp.sql("SELECT 1")) == 2
    assert warned[0].filename == __file__  # the warning points at the caller of sp.sql
    assert list(sp.sql("SELECT 1", full=True).n) == [286, 127, 71]


def test_a_longer_query_is_waited_for_with_the_long_poll(fake_service):
    def route(method, path, query, body):
        if method == "POST":
            return 202, job_view("RUNNING"), {"Location": "/api/v1/jobs/j1"}
        if path == "/api/v1/jobs/j1":
            time.sleep(0.3)  # the job ends while the helper waits
            return 200, job_view("SUCCEEDED")
        return 200, PREVIEW
    service = fake_service(route)
    start = time.monotonic()
    frame = Sparkport(service.url, token="t").sql("SELECT Hair, n FROM t", timeout=100)
    assert time.monotonic() - start < 3
    assert list(frame.n) == [286, 127]
    assert service.calls() == [("POST", "/api/v1/pools/default/sql", {"wait": "PT10.000S"}),
                               ("GET", "/api/v1/jobs/j1", {"wait": "PT30.000S"}),
                               ("GET", "/api/v1/jobs/j1/result", {})]


def test_sql_with_options_the_sync_endpoint_lacks_submits_and_long_polls(fake_service):
    polls = []

    def route(method, path, query, body):
        if method == "POST":
            return 201, job_view("QUEUED", name=body.get("name"))
        if path == "/api/v1/jobs/j1":
            polls.append(query)
            time.sleep(seconds(query["wait"]) if len(polls) == 1 else 0.1)  # a first wait that runs its course
            return 200, job_view("RUNNING" if len(polls) == 1 else "SUCCEEDED")
        return 200, PREVIEW
    service = fake_service(route)
    sp = Sparkport(service.url, token="t")
    sparkport.LONG_POLL_SECONDS, saved = 0.4, sparkport.LONG_POLL_SECONDS
    try:
        frame = sp.sql("SELECT 1", name="named", conf={"spark.sql.ansi.enabled": "true"})
    finally:
        sparkport.LONG_POLL_SECONDS = saved
    assert list(frame.Hair) == ["Brown", "Blond"]
    assert [c[:2] for c in service.calls()] == [("POST", "/api/v1/jobs"), ("GET", "/api/v1/jobs/j1"),
                                                ("GET", "/api/v1/jobs/j1"), ("GET", "/api/v1/jobs/j1/result")]
    assert service.requests[0][3] == {"pool": "default", "type": "SQL", "sql": "SELECT 1", "name": "named",
                                      "conf": {"spark.sql.ansi.enabled": "true"}}
    assert polls == [{"wait": "PT0.400S"}, {"wait": "PT0.400S"}]


def test_a_query_that_failed_in_time_raises_job_failed(fake_service):
    def route(method, path, query, body):
        if method == "POST":
            return 422, {"type": "https://sparkport.io/problems/query-failed", "title": "Query failed", "status": 422,
                         "detail": "job j1 FAILED: no table t"}, {"Location": "http://x/api/v1/jobs/j1"}
        return 200, job_view("FAILED", failureReason="[TABLE_OR_VIEW_NOT_FOUND] no table t")
    service = fake_service(route)
    with pytest.raises(JobFailedError) as failed:
        Sparkport(service.url, token="t").sql("SELECT * FROM t")
    assert failed.value.state == "FAILED" and failed.value.job.id == "j1"
    assert "TABLE_OR_VIEW_NOT_FOUND" in failed.value.detail
    assert [c[:2] for c in service.calls()] == [("POST", "/api/v1/pools/default/sql"), ("GET", "/api/v1/jobs/j1")]


def test_an_invalid_sync_query_raises_the_services_problem(fake_service):
    service = fake_service(lambda *request: (422, {"type": "https://sparkport.io/problems/invalid-request",
                                                   "title": "Invalid request", "status": 422,
                                                   "detail": "pool 'nope' does not exist"}))
    with pytest.raises(SparkportError) as refused:
        Sparkport(service.url, token="t").sql("SELECT 1", pool="nope")
    assert not isinstance(refused.value, JobFailedError)
    assert refused.value.status == 422 and "does not exist" in refused.value.detail
    assert len(service.requests) == 1


def test_a_service_without_the_sync_endpoint_or_the_long_poll_is_polled(fake_service):
    # as services before both: POST /pools/{pool}/sql is unknown and GET /jobs/{id} ignores ?wait=
    gets = []

    def route(method, path, query, body):
        if path.endswith("/sql"):
            return 404, {"title": "Not Found", "status": 404}
        if method == "POST":
            return 201, job_view("QUEUED")
        if path == "/api/v1/jobs/j1":
            gets.append(time.monotonic())
            return 200, job_view("SUCCEEDED" if len(gets) == 4 else "RUNNING")
        return 200, PREVIEW
    service = fake_service(route)
    frame = Sparkport(service.url, token="t", poll_interval=0.25).sql("SELECT 1", timeout=60)
    assert list(frame.n) == [286, 127]
    assert [c[:2] for c in service.calls()][:2] == [("POST", "/api/v1/pools/default/sql"), ("POST", "/api/v1/jobs")]
    assert len(gets) == 4
    assert all(later - earlier >= 0.2 for earlier, later in zip(gets, gets[1:])), "it polled without pausing"


def test_waiting_honours_the_timeout_with_the_long_poll(fake_service):
    def route(method, path, query, body):
        time.sleep(seconds(query.get("wait", "PT0S")))  # a job that never ends: every wait runs its course
        return 200, job_view("RUNNING")
    service = fake_service(route)
    job = Sparkport(service.url, token="t").job("j1")  # the first look, without ?wait
    start = time.monotonic()
    with pytest.raises(TimeoutError, match="keeps running"):
        job.wait(timeout=0.6, progress=False)
    assert 0.5 <= time.monotonic() - start < 3
    waits = [seconds(query["wait"]) for _, _, query in service.calls()[1:]]
    assert waits and all(w <= 0.6 for w in waits) and sum(waits) == pytest.approx(0.6, abs=0.2)


def test_the_long_poll_of_the_real_service(sp):
    job = sp.submit_sql("SELECT Hair, SUM(Freq) AS n FROM HairEyeColor GROUP BY Hair")
    try:
        sp._request("GET", f"/api/v1/jobs/{job.id}", params={"wait": "soon"})
        long_poll = False  # a service from before GET /jobs/{id}?wait=
    except SparkportError as e:
        assert e.status == 422 and "wait must be an ISO-8601 duration" in e.detail
        long_poll = True
    assert job.wait(timeout=TIMEOUT, progress=False) == "SUCCEEDED", job.info
    returned = dt.datetime.now(dt.timezone.utc)
    finished = dt.datetime.fromisoformat(job.info["finishedAt"].replace("Z", "+00:00"))
    if long_poll:
        assert (returned - finished).total_seconds() < 1.5, (returned, finished)
    start = time.monotonic()
    assert sp._json("GET", f"/api/v1/jobs/{job.id}", params={"wait": "PT5M"})["state"] == "SUCCEEDED"
    assert time.monotonic() - start < 5  # an ended job is answered at once
    frame = sp.sql("SELECT Hair, SUM(Freq) AS n FROM HairEyeColor GROUP BY Hair ORDER BY n DESC", progress=False)
    assert list(frame.n) == [286, 127, 108, 71]
    assert sp.job(frame.attrs["job_id"]).info["state"] == "SUCCEEDED"
