package io.sparkport.sql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The preview of an SQL job's result as the SQL runner reports it: the schema, the first rows, the full
 * row count, and where the full result lies in the pool.
 */
public record SqlResult(List<Column> columns, List<List<JsonNode>> rows, long rowCount, boolean truncated,
                        String resultPath) {

    public record Column(String name, String type) {
    }
}
