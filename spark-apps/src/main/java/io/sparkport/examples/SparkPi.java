package io.sparkport.examples;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Monte-Carlo estimate of Pi: {@code SparkPi [slices]} throws 100000 points per slice
 * (2 slices by default) and prints {@code Pi is roughly <value>}.
 */
public final class SparkPi {

    static final int POINTS_PER_SLICE = 100_000;

    private SparkPi() {
    }

    public static void main(String[] args) {
        int slices = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        SparkSession spark = SparkSession.builder().appName("SparkPi").getOrCreate();
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<Integer> sliceIds = IntStream.range(0, slices).boxed().collect(Collectors.toList());
            long inside = jsc.parallelize(sliceIds, slices)
                    .map(slice -> countInside(POINTS_PER_SLICE))
                    .reduce(Long::sum);
            double pi = 4.0 * inside / ((long) slices * POINTS_PER_SLICE);
            System.out.println("Pi is roughly " + pi);
        } finally {
            spark.stop();
        }
    }

    static long countInside(int points) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long inside = 0;
        for (int i = 0; i < points; i++) {
            double x = random.nextDouble() * 2 - 1;
            double y = random.nextDouble() * 2 - 1;
            if (x * x + y * y <= 1) {
                inside++;
            }
        }
        return inside;
    }
}
