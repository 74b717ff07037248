package io.sparkport.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan$;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

class PoolFileRelationsTest {

    /** Sum of Freq by Hair in HairEyeColor.csv. */
    static final Map<String, Long> TOTALS = Map.of("Brown", 286L, "Blond", 127L, "Black", 108L, "Red", 71L);

    @TempDir
    static Path pool;

    static SparkSession spark;
    static final AtomicInteger jobs = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        copyHairEyeColor(pool);
        spark = session(SparkSession.builder().config(PoolFileRelations.POOL_DIR, pool.toString()));
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                jobs.incrementAndGet();
            }
        });
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** A small local session with the extension. */
    static SparkSession session(SparkSession.Builder builder) {
        SparkSession session = builder.master("local[1]")
                .appName("PoolFileRelationsTest")
                .config("spark.sql.extensions", PoolFileRelations.class.getName())
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        session.sparkContext().setLogLevel("WARN");
        return session;
    }

    static void copyHairEyeColor(Path dir) throws IOException {
        try (InputStream csv = PoolFileRelationsTest.class.getResourceAsStream("/HairEyeColor.csv")) {
            Files.copy(csv, dir.resolve("HairEyeColor.csv"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static Map<String, Long> totals(Dataset<Row> rows) {
        Map<String, Long> totals = new TreeMap<>();
        for (Row row : rows.collectAsList()) {
            totals.put(row.getString(0), ((Number) row.get(1)).longValue());
        }
        return totals;
    }

    @Test
    void aPoolCsvFileIsATableOfSqlAndOfSparkTable() {
        assertEquals(new TreeMap<>(TOTALS), totals(spark.sql("select Hair, sum(Freq) from HairEyeColor group by Hair")));
        assertEquals(new TreeMap<>(TOTALS), totals(spark.table("HairEyeColor").groupBy("Hair").sum("Freq")));
        // read as the SQL jobs read it: header, inferred types
        assertEquals("struct<Hair:string,Eye:string,Sex:string,Freq:int>",
                spark.table("HairEyeColor").schema().simpleString());
    }

    @Test
    void theNameIsCaseInsensitiveAndQualifiesColumns() {
        assertEquals(Map.of("Brown", 66L, "Blond", 64L), totals(spark.sql(
                "select HairEyeColor.Hair, HairEyeColor.Freq from haireyecolor where HairEyeColor.Freq > 60")));
        assertEquals(Map.of("Brown", 66L, "Blond", 64L),
                totals(spark.sql("select h.Hair, h.Freq from HAIREYECOLOR h where h.Freq > 60")));
    }

    @Test
    void selfJoinsAndSubqueriesResolve() {
        assertEquals(4 * 8 * 8L, spark.sql(
                "select count(*) from HairEyeColor a join HairEyeColor b on a.Hair = b.Hair").first().getLong(0));
        assertEquals(16L, spark.sql("select count(*) from HairEyeColor where Hair in "
                + "(select Hair from HairEyeColor where Freq > 60)").first().getLong(0));
    }

    @Test
    void aTempViewOrCteOfTheSameNameWins() {
        SparkSession session = spark.newSession();
        session.range(1).toDF("x").createOrReplaceTempView("HairEyeColor");
        assertArrayEquals(new String[] {"x"}, session.table("HairEyeColor").columns());
        assertArrayEquals(new String[] {"x"}, session.sql("select * from haireyecolor").columns());
        // the view is this session's: the others still read the file
        assertEquals(4, spark.table("HairEyeColor").columns().length);
        session.catalog().dropTempView("HairEyeColor");
        assertEquals(4, session.table("HairEyeColor").columns().length);

        assertArrayEquals(new String[] {"y"},
                spark.sql("with HairEyeColor as (select 1 as y) select * from HairEyeColor").columns());
    }

    @Test
    void unknownAndQualifiedNamesStayTableOrViewNotFound() {
        AnalysisException sql = assertThrows(AnalysisException.class, () -> spark.sql("select * from NoSuchFile"));
        assertEquals("TABLE_OR_VIEW_NOT_FOUND", sql.getCondition());
        AnalysisException table = assertThrows(AnalysisException.class, () -> spark.table("NoSuchFile"));
        assertEquals("TABLE_OR_VIEW_NOT_FOUND", table.getCondition());
        // only single-part names are pool files
        AnalysisException qualified = assertThrows(AnalysisException.class,
                () -> spark.sql("select * from default.HairEyeColor"));
        assertEquals("TABLE_OR_VIEW_NOT_FOUND", qualified.getCondition());
        // a file name with its extension is not a view name
        AnalysisException fileName = assertThrows(AnalysisException.class,
                () -> spark.sql("select * from `HairEyeColor.csv`"));
        assertEquals("TABLE_OR_VIEW_NOT_FOUND", fileName.getCondition());
    }

    @Test
    void streamingReadsWriteTargetsAndCatalogCommandsDoNotSeePoolFiles() {
        for (String statement : List.of("insert into HairEyeColor values ('Grey', 'Blue', 'Male', 1)",
                "delete from HairEyeColor where Freq > 0", "describe table HairEyeColor")) {
            AnalysisException e = assertThrows(AnalysisException.class, () -> spark.sql(statement), statement);
            assertEquals("TABLE_OR_VIEW_NOT_FOUND", e.getCondition(), statement);
        }
        assertFalse(spark.catalog().tableExists("HairEyeColor"));
        AnalysisException streaming = assertThrows(AnalysisException.class, () -> spark.readStream().table("HairEyeColor"));
        assertEquals("TABLE_OR_VIEW_NOT_FOUND", streaming.getCondition());
    }

    @Test
    void parquetJsonLinesAndJsonFilesAreTables(@TempDir Path scratch) throws IOException {
        Path out = scratch.resolve("sales");
        spark.sql("select Hair, Eye, Freq from HairEyeColor where Sex = 'Female'").coalesce(1).write().parquet(out.toString());
        try (Stream<Path> parts = Files.list(out)) {
            Path part = parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
            Files.copy(part, pool.resolve("sales-2024 q1.parquet"));
        }
        Files.writeString(pool.resolve("events.jsonl"), "{\"kind\":\"a\",\"n\":1}\n{\"kind\":\"b\",\"n\":2}\n{\"kind\":\"a\",\"n\":4}\n");
        Files.writeString(pool.resolve("Lines.json"), "{\"v\":10}\n{\"v\":20}\n");

        assertEquals(Map.of("Black", 52L, "Blond", 81L, "Brown", 143L, "Red", 37L),
                totals(spark.sql("select Hair, sum(Freq) from sales_2024_q1 group by Hair")));
        assertEquals(Map.of("a", 5L, "b", 2L), totals(spark.sql("select kind, sum(n) from events group by kind")));
        assertEquals(30L, spark.sql("select sum(v) from lines").first().getLong(0));
        assertEquals(3L, spark.table("Events").count());
    }

    @Test
    void aFileAddedAfterTheSessionStartedIsFound() throws IOException {
        assertThrows(AnalysisException.class, () -> spark.table("Later"));
        Files.writeString(pool.resolve("Later.csv"), "a,b\n1,x\n2,y\n");
        assertEquals(3L, spark.sql("select sum(a) from later").first().getLong(0));
    }

    @Test
    void sessionsMadeByNewSessionHaveTheExtension() {
        SparkSession connectLike = spark.newSession();
        assertEquals(new TreeMap<>(TOTALS),
                totals(connectLike.sql("select Hair, sum(Freq) from HairEyeColor group by Hair")));
        assertEquals(592L, connectLike.newSession().table("HairEyeColor").groupBy().sum("Freq").first().getLong(0));
    }

    @Test
    void theSchemaIsInferredOncePerFileVersion() throws IOException, TimeoutException {
        Path file = pool.resolve("Inferred.csv");
        Files.writeString(file, "a,b\n1,x\n2,y\n");

        int before = jobsSoFar();
        assertEquals("struct<a:int,b:string>", spark.table("Inferred").schema().simpleString());
        int inference = jobsSoFar() - before;
        assertTrue(inference > 0, "CSV inference runs Spark jobs");

        before = jobsSoFar();
        spark.table("Inferred").schema();
        spark.newSession().sql("select * from inferred").schema();
        assertEquals(0, jobsSoFar() - before, "a known version is not inferred again, in any session");

        // another version (size, modification time) is inferred afresh
        Files.writeString(file, "a,b,c\n1,x,1.5\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertEquals("struct<a:int,b:string,c:double>", spark.table("Inferred").schema().simpleString());
        assertEquals(1.5, spark.sql("select c from Inferred").first().getDouble(0));
    }

    @Test
    void theResolvedRelationKeepsTheSparkConnectPlanId() {
        UnresolvedRelation relation = new UnresolvedRelation(
                CollectionConverters.asScala(List.of("HairEyeColor")).toSeq(), CaseInsensitiveStringMap.empty(), false);
        relation.setTagValue(LogicalPlan$.MODULE$.PLAN_ID_TAG(), 42L);

        LogicalPlan resolved = new PoolFileRelations.ResolvePoolFiles(spark).apply(relation);

        SubqueryAlias alias = assertInstanceOf(SubqueryAlias.class, resolved);
        assertEquals("HairEyeColor", alias.alias());
        assertTrue(alias.child().resolved());
        // Spark Connect resolves df.col("Hair") by the plan id of the DataFrame's relation
        assertEquals(Option.apply(42L), alias.getTagValue(LogicalPlan$.MODULE$.PLAN_ID_TAG()));
    }

    static int jobsSoFar() throws TimeoutException {
        spark.sparkContext().listenerBus().waitUntilEmpty();
        return jobs.get();
    }

    /**
     * The warm engine's situation: the driver's working directory is the pool root, no {@code spark.sparkport.pool.dir}
     * is set. Pool files resolve from the working directory, and relative read and write paths land in it. A JVM's
     * working directory is fixed at its start, hence a JVM of its own.
     */
    @Test
    void inAnEngineStartedInThePoolRootRelativePathsAreInThePool(@TempDir Path root, @TempDir Path logs)
            throws IOException, InterruptedException {
        copyHairEyeColor(root);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(InPoolRoot.class.getName());
        Process engine = new ProcessBuilder(command).directory(root.toFile())
                .redirectError(logs.resolve("stderr").toFile()).start();
        String stdout = new String(engine.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(engine.waitFor(3, TimeUnit.MINUTES));
        assertEquals(0, engine.exitValue(), () -> stdout + tail(logs.resolve("stderr")));

        assertEquals("written=32 readBack=592 poolRootView=592 warehouseInPool=true", stdout.strip());
        assertTrue(Files.isRegularFile(root.resolve("out/_SUCCESS")), "the relative write is in the pool root");
        try (Stream<Path> parts = Files.list(root.resolve("out"))) {
            assertTrue(parts.anyMatch(p -> p.getFileName().toString().endsWith(".parquet")));
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Run in the pool root by {@link #inAnEngineStartedInThePoolRootRelativePathsAreInThePool}. */
    public static final class InPoolRoot {
        public static void main(String[] args) {
            SparkSession engine = session(SparkSession.builder());
            try {
                // a client session (Spark Connect's are newSession()s of the server's)
                SparkSession client = engine.newSession();
                Dataset<Row> pooled = client.table("HairEyeColor");
                pooled.write().parquet("out");
                Dataset<Row> back = client.read().parquet("out");
                long written = back.count();
                long readBack = back.groupBy().sum("Freq").first().getLong(0);
                long view = client.sql("select sum(Freq) from haireyecolor").first().getLong(0);
                boolean warehouse = Path.of(engine.conf().get("spark.sql.warehouse.dir").replaceFirst("^file:", ""))
                        .startsWith(Path.of("").toAbsolutePath());
                System.out.println("written=" + written + " readBack=" + readBack + " poolRootView=" + view
                        + " warehouseInPool=" + warehouse);
            } finally {
                engine.stop();
            }
        }
    }
}
