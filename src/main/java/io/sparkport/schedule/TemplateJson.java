package io.sparkport.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkport.job.JobRequest;
import jakarta.persistence.AttributeConverter;

/** Stores a schedule's job template as the JSON of its submission body. */
final class TemplateJson implements AttributeConverter<JobRequest, String> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String convertToDatabaseColumn(JobRequest template) {
        try {
            return template == null ? null : MAPPER.writeValueAsString(template);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store the template " + template, e);
        }
    }

    @Override
    public JobRequest convertToEntityAttribute(String json) {
        try {
            return json == null ? null : MAPPER.readValue(json, JobRequest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored template is corrupt: " + json, e);
        }
    }
}
