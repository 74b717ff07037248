import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark Connect frontend benchmark's client (run by bench/connect.sh with the JDK's source launcher, the stock
 * spark-connect-client-jvm 4.2.0 on the class path). Every query is the same small DataFrame group-by,
 * {@code spark.table("HairEyeColor").groupBy("Hair").agg(sum("Freq")).collectAsList()}, and every answer is checked
 * against Brown 286, Blond 127, Black 108, Red 71 (a wrong answer fails the run: exit 1).
 * <pre>
 * java FLAGS -cp 'target/spark-home/connect-client/*:target/spark-home/jars/*' bench/ConnectBench.java first URL LABEL
 *     one new session in this (fresh) JVM: wall time from before builder().create() to its first result
 * java ... bench/ConnectBench.java warm FRONTEND_URL DIRECT_URL WARMUP N K
 *     one session each way; WARMUP uncounted queries each, then N counted queries each, interleaved pair by pair
 *     (A B, B A, A B, ...: neither side always goes first); then K new sessions each way in this now-warm JVM,
 *     alternating, each timed to its first result
 * </pre>
 * Output: human-readable lines on stdout; the figures also as {@code RESULT key value} lines for the script.
 * Spark's own printing goes to stderr.
 */
public final class ConnectBench {

    static final Map<String, Long> EXPECTED = new TreeMap<>(Map.of("Black", 108L, "Blond", 127L, "Brown", 286L, "Red", 71L));
    static PrintStream out;

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        switch (args[0]) {
            case "first" -> first(args[1], args[2], t0);
            case "warm" -> warm(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]));
            default -> throw new IllegalArgumentException("usage: first URL LABEL | warm FRONTEND DIRECT WARMUP N K");
        }
    }

    static SparkSession open(String url) {
        return SparkSession.builder().config("spark.api.mode", "connect").remote(url).create();
    }

    /** The benchmark's query; returns its totals by hair colour. */
    static Map<String, Long> query(SparkSession spark) {
        List<Row> rows = spark.table("HairEyeColor").groupBy(col("Hair")).agg(sum(col("Freq"))).collectAsList();
        Map<String, Long> totals = new TreeMap<>();
        for (Row r : rows) {
            totals.put(r.getString(0), ((Number) r.get(1)).longValue());
        }
        return totals;
    }

    static void check(String label, Map<String, Long> totals) {
        if (!EXPECTED.equals(totals)) {
            out.println("WRONG ANSWER " + label + ": " + totals + ", expected " + EXPECTED);
            System.exit(1);
        }
    }

    static void close(SparkSession spark) {
        try {
            spark.close();
        } catch (Exception e) {
            out.println("note: closing a session: " + e);
        }
    }

    /** A new session in a fresh JVM ({@code t0} is the start of main, before any Spark class is loaded). */
    static void first(String url, String label, long t0) {
        SparkSession spark = open(url);
        Map<String, Long> totals = query(spark);
        double ms = (System.nanoTime() - t0) / 1e6;
        check(label + " first session", totals);
        // a second query on the same session, for scale: what the first result costs above a warm-ish query
        long t1 = System.nanoTime();
        check(label + " second query", query(spark));
        double second = (System.nanoTime() - t1) / 1e6;
        close(spark);
        out.printf(Locale.ROOT, "%s: first result of a new session in a fresh JVM %.0f ms (second query %.0f ms); answer %s%n",
                label, ms, second, totals);
        out.printf(Locale.ROOT, "RESULT first_fresh_%s %.1f%n", label, ms);
        out.printf(Locale.ROOT, "RESULT second_query_%s %.1f%n", label, second);
    }

    static void warm(String frontendUrl, String directUrl, int warmup, int n, int k) {
        String[] labels = {"frontend", "direct"};
        SparkSession[] sessions = {open(frontendUrl), open(directUrl)};
        for (int s = 0; s < 2; s++) {
            Map<String, Long> totals = query(sessions[s]);
            check(labels[s], totals);
            out.println(labels[s] + " session: answer " + totals + " (expected " + EXPECTED + "): correct");
        }
        for (int i = 0; i < warmup; i++) {
            for (int s = 0; s < 2; s++) {
                check(labels[s] + " warm-up", query(sessions[s]));
            }
        }
        double[][] ms = new double[2][n];
        long wall = System.nanoTime();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 2; j++) {
                int s = (i % 2 == 0) ? j : 1 - j; // A B, B A, ...
                long t = System.nanoTime();
                Map<String, Long> totals = query(sessions[s]);
                ms[s][i] = (System.nanoTime() - t) / 1e6;
                check(labels[s] + " query " + i, totals);
            }
        }
        double wallS = (System.nanoTime() - wall) / 1e9;
        for (SparkSession spark : sessions) {
            close(spark);
        }
        out.printf(Locale.ROOT, "%d + %d interleaved warm queries (after %d warm-up queries each) in %.1f s; every answer correct%n",
                n, n, warmup, wallS);
        for (int s = 0; s < 2; s++) {
            double[] sorted = ms[s].clone();
            Arrays.sort(sorted);
            out.printf(Locale.ROOT, "%-8s p50 %.2f ms  p90 %.2f ms  mean %.2f ms  min %.2f  max %.2f%n", labels[s],
                    pct(sorted, 50), pct(sorted, 90), mean(sorted), sorted[0], sorted[n - 1]);
            out.printf(Locale.ROOT, "RESULT %s_p50 %.3f%nRESULT %s_p90 %.3f%nRESULT %s_mean %.3f%nRESULT %s_min %.3f%nRESULT %s_max %.3f%n",
                    labels[s], pct(sorted, 50), labels[s], pct(sorted, 90), labels[s], mean(sorted), labels[s], sorted[0],
                    labels[s], sorted[n - 1]);
        }
        double[] f = ms[0].clone();
        double[] d = ms[1].clone();
        Arrays.sort(f);
        Arrays.sort(d);
        double diff = pct(f, 50) - pct(d, 50);
        double[] paired = new double[n];
        for (int i = 0; i < n; i++) {
            paired[i] = ms[0][i] - ms[1][i];
        }
        Arrays.sort(paired);
        double[] ci = bootstrapDiff(ms[0], ms[1], 2000);
        out.printf(Locale.ROOT, "p50 difference (frontend - direct) %.2f ms (95%% bootstrap interval %.2f .. %.2f ms); "
                + "ratio %.3f; median of the %d paired differences %.2f ms%n", diff, ci[0], ci[1], pct(f, 50) / pct(d, 50), n,
                pct(paired, 50));
        out.printf(Locale.ROOT, "RESULT p50_diff %.3f%nRESULT p50_diff_ci_low %.3f%nRESULT p50_diff_ci_high %.3f%n"
                + "RESULT p50_ratio %.4f%nRESULT paired_diff_median %.3f%nRESULT mean_diff %.3f%n", diff, ci[0], ci[1],
                pct(f, 50) / pct(d, 50), pct(paired, 50), mean(f) - mean(d));
        out.println("RESULT samples_frontend " + join(ms[0]));
        out.println("RESULT samples_direct " + join(ms[1]));

        // new sessions in this warm JVM: direct first, then frontend, alternating
        List<String> values = new ArrayList<>();
        double[][] firsts = new double[2][k];
        for (int i = 0; i < k; i++) {
            for (int s : new int[] {1, 0}) {
                long t = System.nanoTime();
                SparkSession spark = open(s == 0 ? frontendUrl : directUrl);
                Map<String, Long> totals = query(spark);
                firsts[s][i] = (System.nanoTime() - t) / 1e6;
                check(labels[s] + " new session " + i, totals);
                close(spark);
            }
        }
        for (int s = 0; s < 2; s++) {
            double[] sorted = firsts[s].clone();
            Arrays.sort(sorted);
            out.printf(Locale.ROOT, "%-8s new session in a warm JVM to its first result: median %.1f ms (%s); every answer correct%n",
                    labels[s], pct(sorted, 50), join(firsts[s]));
            out.printf(Locale.ROOT, "RESULT first_warmjvm_%s_median %.1f%nRESULT first_warmjvm_%s_samples %s%n", labels[s],
                    pct(sorted, 50), labels[s], join(firsts[s]));
        }
    }

    /** Nearest-rank percentile of sorted values; the median is the usual one (mean of the middle two). */
    static double pct(double[] sorted, int p) {
        if (p == 50) {
            int m = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    static double mean(double[] xs) {
        double t = 0;
        for (double x : xs) {
            t += x;
        }
        return t / xs.length;
    }

    /** A 95% percentile bootstrap interval of p50(a) - p50(b), resampling the pairs (they shared their moment). */
    static double[] bootstrapDiff(double[] a, double[] b, int rounds) {
        Random random = new Random(17);
        int n = a.length;
        double[] diffs = new double[rounds];
        double[] ra = new double[n];
        double[] rb = new double[n];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < n; i++) {
                int j = random.nextInt(n);
                ra[i] = a[j];
                rb[i] = b[j];
            }
            Arrays.sort(ra);
            Arrays.sort(rb);
            diffs[r] = pct(ra, 50) - pct(rb, 50);
        }
        Arrays.sort(diffs);
        return new double[] {diffs[(int) (0.025 * rounds)], diffs[(int) (0.975 * rounds) - 1]};
    }

    static String join(double[] xs) {
        StringBuilder b = new StringBuilder();
        for (double x : xs) {
            b.append(b.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.2f", x));
        }
        return b.toString();
    }
}
