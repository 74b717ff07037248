package io.sparkport.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code GroupByCount <csvPath> <column>}: reads a CSV with header (schema inferred),
 * groups by the column, sums the {@code Freq} column when there is one (else counts rows),
 * orders by the column and prints {@code <value>\t<total>} per group.
 */
public final class GroupByCount {

    private GroupByCount() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("Usage: GroupByCount <csvPath> <column>");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("GroupByCount").getOrCreate();
        try {
            Dataset<Row> data = spark.read().option("header", "true").option("inferSchema", "true").csv(args[0]);
            Column key = col(quoted(args[1]));
            Optional<String> freq = Arrays.stream(data.columns()).filter("Freq"::equalsIgnoreCase).findFirst();
            Column total = freq.map(f -> sum(col(quoted(f)))).orElse(count(lit(1))).as("total");
            for (Row row : data.groupBy(key).agg(total).orderBy(key).collectAsList()) {
                System.out.println(row.get(0) + "\t" + row.get(1));
            }
        } finally {
            spark.stop();
        }
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
