package io.sparkport.cluster.kubernetes;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.util.ModelMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Strict validation of Kubernetes objects against the API model classes of client-java: the kind must be
 * known for its apiVersion, the JSON must deserialise (wrong types and missing required fields fail
 * there), and every field must survive a round trip through the model (an unknown field does not).
 */
final class StrictKube {

    private StrictKube() {
    }

    /** Validates one object given as JSON; returns its model object. Throws AssertionError with the reason. */
    static Object validate(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        String apiVersion = text(o, "apiVersion");
        String kind = text(o, "kind");
        if (apiVersion == null || kind == null) {
            throw new AssertionError("object without apiVersion/kind: " + shorten(json));
        }
        Class<?> type = ModelMapper.getApiTypeClass(apiVersion, kind);
        if (type == null) {
            throw new AssertionError("unknown kind " + apiVersion + " " + kind);
        }
        Object model;
        try {
            model = KubeJson.read(json, type);
        } catch (RuntimeException e) {
            throw new AssertionError(kind + " " + name(o) + " does not fit " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        List<String> unknown = new ArrayList<>();
        compare(o, JsonParser.parseString(KubeJson.write(model)), "", unknown);
        if (!unknown.isEmpty()) {
            throw new AssertionError(kind + " " + name(o) + " has fields " + type.getSimpleName() + " does not know: " + unknown);
        }
        return model;
    }

    /** Validates every document of a YAML file; returns them as JSON objects. */
    static List<JsonObject> validateYaml(Path file) throws IOException {
        List<JsonObject> out = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                if (doc == null) {
                    continue;
                }
                if (!(doc instanceof Map)) {
                    throw new AssertionError(file + ": a document is not a mapping");
                }
                String json = new Gson().toJson(doc);
                try {
                    validate(json);
                } catch (AssertionError e) {
                    throw new AssertionError(file.getFileName() + ": " + e.getMessage(), e);
                }
                out.add(JsonParser.parseString(json).getAsJsonObject());
            }
        }
        return out;
    }

    /** Paths present in {@code original} that the model's round trip dropped. */
    static void compare(JsonElement original, JsonElement roundTrip, String path, List<String> unknown) {
        if (original.isJsonObject()) {
            JsonObject back = roundTrip != null && roundTrip.isJsonObject() ? roundTrip.getAsJsonObject() : new JsonObject();
            for (Map.Entry<String, JsonElement> e : original.getAsJsonObject().entrySet()) {
                if (e.getValue().isJsonNull()) {
                    continue;
                }
                if (!back.has(e.getKey())) {
                    unknown.add(path + "." + e.getKey());
                } else {
                    compare(e.getValue(), back.get(e.getKey()), path + "." + e.getKey(), unknown);
                }
            }
        } else if (original.isJsonArray() && roundTrip != null && roundTrip.isJsonArray()) {
            for (int i = 0; i < original.getAsJsonArray().size() && i < roundTrip.getAsJsonArray().size(); i++) {
                compare(original.getAsJsonArray().get(i), roundTrip.getAsJsonArray().get(i), path + "[" + i + "]", unknown);
            }
        }
    }

    private static String text(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || !e.isJsonPrimitive() ? null : e.getAsString();
    }

    private static String name(JsonObject o) {
        JsonObject meta = o.getAsJsonObject("metadata");
        return meta == null || !meta.has("name") ? "(unnamed)" : meta.get("name").getAsString();
    }

    private static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
