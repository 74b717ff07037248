package io.sparkport.sql;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias$;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.catalyst.trees.TreePattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function1;
import scala.Option;
import scala.runtime.AbstractPartialFunction;
import scala.runtime.BoxedUnit;

/**
 * A Spark SQL extension ({@code spark.sql.extensions=io.sparkport.sql.PoolFileRelations}) that makes the data pool's
 * files tables of every session of the application, as {@link PoolViews} makes them views of a SQL job: a
 * single-part table name that the analyzer could not resolve (no temporary view, no table of that name) and that is
 * the view name of a pool file (regular file directly in the pool directory with extension csv, parquet, json or
 * jsonl; base name, anything outside {@code [A-Za-z0-9_]} replaced by '_'; compared case-insensitively) becomes the
 * plan of reading that file the way {@link PoolViews} reads it (CSV with header and inferred schema, JSON as JSON
 * Lines), under the view name as alias. A file is looked up when a query names it, so files added later are found.
 * <p>
 * The pool directory is the session's {@value #POOL_DIR} (default: the JVM's working directory, which is the pool
 * root for the warm SQL engine). Inferred schemas are kept per file version (path, size, modification time) for the
 * JVM's lifetime, so a file is inferred once per version, not at every query. Only reads resolve: a streaming read,
 * a write target ({@code INSERT}, {@code DELETE}, ...) and catalog commands ({@code DESCRIBE}, {@code SHOW TABLES},
 * {@code spark.catalog().tableExists}) do not see pool files.
 */
public final class PoolFileRelations implements Function1<SparkSessionExtensions, BoxedUnit> {

    /** Session conf key: the pool directory whose files resolve. */
    public static final String POOL_DIR = "spark.sparkport.pool.dir";

    private static final Logger LOG = LoggerFactory.getLogger(PoolFileRelations.class);

    /** One per JVM: all sessions of the engine read the same pool. */
    private static final PoolViews.SchemaCache SCHEMAS = new PoolViews.SchemaCache();

    /** Spark instantiates the extension by its public no-argument constructor. */
    public PoolFileRelations() {
    }

    @Override
    public BoxedUnit apply(SparkSessionExtensions extensions) {
        extensions.injectResolutionRule(ResolvePoolFiles::new);
        return BoxedUnit.UNIT;
    }

    /** The pool directory of {@code spark}: {@value #POOL_DIR}, else the working directory. */
    static Path poolDir(SparkSession spark) {
        Option<String> dir = spark.conf().getOption(POOL_DIR);
        String value = dir.isDefined() ? dir.get().trim() : "";
        return (value.isEmpty() ? Path.of("") : Path.of(value)).toAbsolutePath().normalize();
    }

    /** The analyzer rule: unresolved single-part relations that name a pool file become reads of it. */
    static final class ResolvePoolFiles extends Rule<LogicalPlan> {
        private final SparkSession spark;

        ResolvePoolFiles(SparkSession spark) {
            this.spark = spark;
        }

        @Override
        public LogicalPlan apply(LogicalPlan plan) {
            if (!plan.containsPattern(TreePattern.UNRESOLVED_RELATION())) {
                return plan;
            }
            return plan.resolveOperatorsUp(new AbstractPartialFunction<LogicalPlan, LogicalPlan>() {
                @Override
                public boolean isDefinedAt(LogicalPlan node) {
                    return candidate(node) != null;
                }

                @Override
                public <A1 extends LogicalPlan, B1> B1 applyOrElse(A1 node, Function1<A1, B1> otherwise) {
                    String name = candidate(node);
                    LogicalPlan resolved = name == null ? null : resolve(name);
                    @SuppressWarnings("unchecked")
                    B1 result = resolved == null ? otherwise.apply(node) : (B1) resolved;
                    return result;
                }
            });
        }

        /** The name of a relation this rule may resolve: one part, read in batch, not a write target; else null. */
        private static String candidate(LogicalPlan node) {
            if (!(node instanceof UnresolvedRelation relation) || relation.isStreaming()
                    || relation.multipartIdentifier().size() != 1
                    || relation.options().containsKey(UnresolvedRelation.REQUIRED_WRITE_PRIVILEGES())) {
                return null;
            }
            return relation.multipartIdentifier().head();
        }

        /** The read of the pool file named {@code name}, or null when there is none. */
        private LogicalPlan resolve(String name) {
            Path dir = poolDir(spark);
            Path file;
            String version;
            try {
                file = PoolViews.viewFile(dir, name);
                if (file == null) {
                    return null;
                }
                version = PoolViews.version(file);
            } catch (IOException e) { // no pool directory, or the file went meanwhile: the name stays unresolved
                LOG.warn("Pool file {} in {} not resolved: {}", name, dir, e.toString());
                return null;
            }
            LogicalPlan read = ((org.apache.spark.sql.classic.Dataset<?>) SCHEMAS.read(spark, file, version))
                    .queryExecution().analyzed();
            // resolveOperatorsUp gives the alias the relation's tags, among them the plan id by which Spark Connect
            // resolves a DataFrame's columns (df.col("x"))
            return SubqueryAlias$.MODULE$.apply(PoolViews.viewName(file.getFileName().toString()), read);
        }
    }
}
