package io.sparkport.sql;

import java.lang.reflect.Method;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Function1;
import scala.runtime.BoxedUnit;

/**
 * A query as a Spark Connect relation that the engine parses and analyses only when its result is asked for.
 * {@code spark.sql} on a Connect session is a round trip of its own: the engine parses and analyses the statement
 * to learn whether it is a command, and answers a query with the same SQL text, which it analyses again when the
 * result is collected. For a plain query ({@link SqlScript#isQuery}) the first trip tells nothing, so the
 * warm path skips it. The Connect client builds such a relation with {@code newDataFrame}, which Scala keeps
 * package-private (public in the bytecode) and whose protocol classes are only on the gateway's classpath, so it
 * is found by reflection; a session without it (a classic one) runs {@code spark.sql}.
 */
final class LazyQuery {

    private LazyQuery() {
    }

    /** {@code query}, a plain query, as a lazily analysed relation of {@code spark}. */
    @SuppressWarnings("unchecked")
    static Dataset<Row> of(SparkSession spark, String query) {
        Method newDataFrame;
        try {
            newDataFrame = spark.getClass().getMethod("newDataFrame", Function1.class);
        } catch (NoSuchMethodException e) {
            return spark.sql(query);
        }
        Function1<Object, BoxedUnit> sqlRelation = relation -> {
            try {
                Object sql = relation.getClass().getMethod("getSqlBuilder").invoke(relation);
                sql.getClass().getMethod("setQuery", String.class).invoke(sql, query);
                return BoxedUnit.UNIT;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build a SQL relation", e);
            }
        };
        try {
            return (Dataset<Row>) newDataFrame.invoke(spark, sqlRelation);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a SQL relation", e);
        }
    }
}
