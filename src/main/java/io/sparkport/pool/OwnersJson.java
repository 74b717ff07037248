package io.sparkport.pool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import java.util.ArrayList;
import java.util.List;

/** Stores a pool's owners as a JSON list in one column. */
final class OwnersJson implements AttributeConverter<List<String>, String> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String convertToDatabaseColumn(List<String> owners) {
        try {
            return owners == null || owners.isEmpty() ? null : MAPPER.writeValueAsString(owners);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store owners " + owners, e);
        }
    }

    @Override
    public List<String> convertToEntityAttribute(String json) {
        try {
            return json == null ? new ArrayList<>() : MAPPER.readValue(json, new TypeReference<ArrayList<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored owners are corrupt: " + json, e);
        }
    }
}
