package io.sparkport.api.kyuubi;

import java.util.List;
import java.util.Map;

/**
 * The JSON body of Kyuubi's {@code POST /api/v1/batches} ({@code BatchRequest}). Resources are Spark settings
 * in {@code conf}; {@code kyuubi.*} keys are Kyuubi's own and never reach Spark.
 */
public record KyuubiBatchRequest(String batchType, String resource, String className, String name,
                                 Map<String, Object> conf, List<String> args, Map<String, String> extraResourcesMap) {
}
