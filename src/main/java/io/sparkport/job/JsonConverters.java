package io.sparkport.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.persistence.AttributeConverter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stores small collections of a job (arguments, Spark conf) as JSON text in one column. */
final class JsonConverters {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Readers made once: a pass of the reconciler reads every unfinished job's columns, thousands at a burst. */
    private static final ObjectReader STRING_LIST = MAPPER.readerFor(new TypeReference<List<String>>() { });
    private static final ObjectReader STRING_MAP = MAPPER.readerFor(new TypeReference<LinkedHashMap<String, String>>() { });

    private JsonConverters() {
    }

    static String write(Object value) {
        try {
            return value == null ? null : MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store " + value, e);
        }
    }

    static <T> T read(String json, ObjectReader reader) {
        try {
            return json == null ? null : reader.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is corrupt: " + json, e);
        }
    }

    static final class StringList implements AttributeConverter<List<String>, String> {
        @Override
        public String convertToDatabaseColumn(List<String> value) {
            return write(value);
        }

        @Override
        public List<String> convertToEntityAttribute(String json) {
            return json == null || json.equals("[]") ? List.of() : read(json, STRING_LIST);
        }
    }

    /** The finished attempts of a job, with ISO-8601 times. */
    static final class Attempts implements AttributeConverter<List<JobAttempt>, String> {
        private static final ObjectMapper TIMES = new ObjectMapper().findAndRegisterModules()
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        private static final ObjectReader READER = TIMES.readerFor(new TypeReference<java.util.ArrayList<JobAttempt>>() { });

        @Override
        public String convertToDatabaseColumn(List<JobAttempt> value) {
            try {
                return value == null || value.isEmpty() ? null : TIMES.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot store " + value, e);
            }
        }

        @Override
        public List<JobAttempt> convertToEntityAttribute(String json) {
            try {
                return json == null ? new java.util.ArrayList<>()
                        : READER.readValue(json);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored JSON is corrupt: " + json, e);
            }
        }
    }

    static final class StringMap implements AttributeConverter<Map<String, String>, String> {
        @Override
        public String convertToDatabaseColumn(Map<String, String> value) {
            return write(value);
        }

        @Override
        public Map<String, String> convertToEntityAttribute(String json) {
            return json == null || json.equals("{}") ? Map.of() : read(json, STRING_MAP);
        }
    }
}
