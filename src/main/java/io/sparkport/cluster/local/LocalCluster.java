package io.sparkport.cluster.local;

import io.sparkport.pool.PoolPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live processes of one pool's cluster: a master and workers keyed by ordinal, named like the pods
 * of the worker StatefulSet on Kubernetes ({@code sparkport-<pool>-worker-<n>}).
 */
final class LocalCluster {

    final String pool;
    final DaemonProcess master;
    final Instant upSince;
    final Map<Integer, DaemonProcess> workers = new TreeMap<>();
    volatile boolean masterAnswers;
    volatile int targetWorkers;
    volatile PoolPolicy policy;
    /** The pool's warm SQL engine, while one runs. */
    volatile LocalSqlEngine engine;

    LocalCluster(String pool, DaemonProcess master, Instant upSince) {
        this.pool = pool;
        this.master = master;
        this.upSince = upSince;
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + master.port();
    }

    String webUiUrl() {
        return "http://127.0.0.1:" + master.webUiPort();
    }

    static String workerName(String pool, int ordinal) {
        return "sparkport-" + pool + "-worker-" + ordinal;
    }

    int nextOrdinal() {
        int n = 0;
        while (workers.containsKey(n)) {
            n++;
        }
        return n;
    }

    /** Every process of the cluster; the SQL engine first, so that it stops before the workers under it. */
    List<DaemonProcess> all() {
        List<DaemonProcess> all = new ArrayList<>();
        LocalSqlEngine e = engine;
        if (e != null) {
            all.add(e.process);
        }
        all.addAll(workers.values());
        all.add(master);
        return all;
    }
}
