package io.sparkport.sql;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.deploy.master.Master;
import org.apache.spark.deploy.worker.Worker;
import org.apache.spark.rpc.RpcEnv;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.service.SparkConnectService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * The workload the build runs once, under {@code -XX:ArchiveClassesAtExit}, to write the Spark home's class
 * data archive ({@code cds/spark.jsa}): the classes that a Master, a Worker, a driver running SQL and RDD jobs,
 * and the warm SQL engine's server load, all in this one JVM. It is started by {@code bin/spark-submit}, so its
 * classpath is the one every Spark JVM of the home has; those JVMs then map the archive instead of loading,
 * parsing and verifying the same classes again (about 40% less CPU to start a Spark JVM, see BENCHMARKS.md).
 * <p>
 * Argument: a scratch directory.
 */
public final class ClassDataTraining {

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataTraining.class);
    private static final String HOST = "127.0.0.1";

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(work.resolve("worker"));
        Path pool = Files.createDirectories(work.resolve("pool"));
        Files.writeString(pool.resolve("Sample.csv"), sampleCsv(), StandardCharsets.UTF_8);

        RpcEnv master = Master.startRpcEnvAndEndpoint(HOST, 0, 0, new SparkConf())._1();
        String masterUrl = "spark://" + HOST + ":" + master.address().port();
        RpcEnv worker = Worker.startRpcEnvAndEndpoint(HOST, 0, 0, 1, 1024, new String[] {masterUrl},
                work.resolve("worker").toString(), Option.empty(), new SparkConf(), Option.empty());
        SparkSession spark = SparkSession.builder()
                .master(masterUrl)
                .appName("sparkport-class-data-training")
                .config("spark.executor.memory", "512m")
                .config("spark.ui.port", "0")
                .config("spark.local.dir", work.resolve("tmp").toString())
                .config("spark.connect.grpc.binding.address", HOST)
                .config("spark.connect.grpc.binding.port", String.valueOf(freePort()))
                .getOrCreate();
        try {
            rdd(spark);
            sql(spark, pool);
            SparkConnectService.start(spark.sparkContext());
            SparkConnectService.stop(Option.empty(), Option.empty());
        } finally {
            spark.stop();
            worker.shutdown();
            master.shutdown();
        }
        LOG.info("Class data training done");
        System.exit(0); // the archive is written at exit; non-daemon threads of the daemons must not hold it up
    }

    /** A SparkPi-like job: parallelize, map, reduce, with a shuffle. */
    private static void rdd(SparkSession spark) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Integer> numbers = IntStream.range(0, 10_000).boxed().collect(Collectors.toList());
        long inside = sc.parallelize(numbers, 2).filter(i -> {
            double x = Math.random() * 2 - 1;
            double y = Math.random() * 2 - 1;
            return x * x + y * y <= 1;
        }).count();
        long groups = sc.parallelize(numbers, 2).mapToPair(i -> new scala.Tuple2<>(i % 7, 1)).reduceByKey(Integer::sum).count();
        LOG.info("RDD jobs: {} inside, {} groups", inside, groups);
    }

    /** The SQL runner's own path on a pool CSV file, then Parquet and JSON round trips. */
    private static void sql(SparkSession spark, Path pool) throws IOException {
        String query = "SELECT Hair, SUM(Freq) AS total FROM Sample GROUP BY Hair ORDER BY Hair";
        new SqlJob(spark, new RunnerArgs("training", pool, query, 100, null)).run();
        spark.sql("SELECT Hair, Eye, Freq FROM Sample WHERE Freq > 3").write().mode("overwrite").parquet(pool.resolve("s.parquet").toString());
        spark.read().parquet(pool.resolve("s.parquet").toString()).groupBy("Eye").count().collectAsList();
        spark.sql("SELECT Hair, Freq FROM Sample").write().mode("overwrite").json(pool.resolve("s.json").toString());
        spark.read().json(pool.resolve("s.json").toString()).orderBy("Freq").limit(3).collectAsList();
    }

    private static String sampleCsv() {
        StringBuilder csv = new StringBuilder("Hair,Eye,Sex,Freq\n");
        String[] hair = {"Black", "Brown", "Red", "Blond"};
        String[] eye = {"Brown", "Blue", "Hazel", "Green"};
        for (int i = 0; i < 32; i++) {
            csv.append(hair[i % 4]).append(',').append(eye[(i / 4) % 4]).append(',').append(i < 16 ? "Male" : "Female")
                    .append(',').append(i * 3 % 29).append('\n');
        }
        return csv.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
