package io.sparkport.api.livy;

import java.util.List;
import java.util.Map;

/**
 * The body of Livy's {@code POST /batches}, field for field as Livy 0.9's {@code CreateBatchRequest}. Numbers
 * may come as JSON strings ({@code "driverCores": "2"}) and conf values as numbers: Airflow's LivyHook sends both.
 */
public record LivyBatchRequest(String file, String proxyUser, String className, List<String> args, List<String> jars,
                               List<String> pyFiles, List<String> files, String driverMemory, Integer driverCores,
                               String executorMemory, Integer executorCores, Integer numExecutors,
                               List<String> archives, String queue, String name, Map<String, Object> conf) {
}
