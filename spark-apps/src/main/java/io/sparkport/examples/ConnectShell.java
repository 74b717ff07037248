package io.sparkport.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A stock Spark Connect client (the DataFrame API, nothing of Sparkport's) driven one line at a time: try a
 * pool's {@code sparkConnectUrl} from a terminal, or script a session from a test.
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED ... -cp 'connect-client/*:jars/*:sparkport/sparkport-examples.jar' \
 *     io.sparkport.examples.ConnectShell 'sc://localhost:15002/;x-sparkport-pool=demo;token=...'
 * </pre>
 * Commands on stdin, one answer line each on stdout, {@code ok ...} or {@code error <exception>: <message>}:
 * <pre>
 * groupsum TABLE BY COLUMN     ok {"value of BY": sum of COLUMN, ...}  (table().groupBy().agg(sum()))
 * count TABLE                  ok N
 * tempview NAME N              ok      (a temporary view of N rows: spark.range(N))
 * writeparquet TABLE PATH      ok      (overwrites PATH)
 * readparquet PATH             ok N    (its row count)
 * sql STATEMENT                ok N    (rows of its result)
 * quit                         ok      (closes the session, then exits)
 * </pre>
 */
public final class ConnectShell {

    private ConnectShell() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ConnectShell sc://host:port/;token=...;x-sparkport-pool=...");
        }
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err); // Spark's own printing stays out of the answers
        SparkSession spark = SparkSession.builder().config("spark.api.mode", "connect").remote(args[0]).create();
        out.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            try {
                out.println("ok " + run(spark, line.trim().split(" ", 2)));
            } catch (Exception e) {
                out.println("error " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
            }
            if (line.trim().equals("quit")) {
                break;
            }
        }
    }

    static String run(SparkSession spark, String[] command) throws Exception {
        String rest = command.length > 1 ? command[1] : "";
        String[] words = rest.split(" ");
        switch (command[0]) {
            case "groupsum" -> {
                Map<String, Object> sums = new TreeMap<>();
                List<Row> rows = spark.table(words[0]).groupBy(col(words[1])).agg(sum(col(words[2]))).collectAsList();
                rows.forEach(r -> sums.put(String.valueOf(r.get(0)), r.get(1)));
                StringBuilder json = new StringBuilder("{");
                sums.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
                return json.append('}').toString();
            }
            case "count" -> {
                return String.valueOf(spark.table(words[0]).count());
            }
            case "tempview" -> {
                spark.range(Long.parseLong(words[1])).createOrReplaceTempView(words[0]);
                return "";
            }
            case "writeparquet" -> {
                spark.table(words[0]).write().mode("overwrite").parquet(words[1]);
                return "";
            }
            case "readparquet" -> {
                return String.valueOf(spark.read().parquet(words[0]).count());
            }
            case "sql" -> {
                return String.valueOf(spark.sql(rest).collectAsList().size());
            }
            case "quit" -> {
                spark.close();
                return "";
            }
            default -> throw new IllegalArgumentException("unknown command " + command[0]);
        }
    }
}
