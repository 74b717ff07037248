package io.sparkport.cluster.kubernetes;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiException;
import io.sparkport.SparkportException;

/** Pure: a Kubernetes API failure as the user reads it: what Sparkport tried, the status code, reason and message. */
public final class KubeErrors {

    private KubeErrors() {
    }

    public static SparkportException of(String action, ApiException e) {
        if (e.getCode() == 0) {
            return new SparkportException(SparkportException.Kind.BACKEND,
                    "Kubernetes API unreachable while trying to " + action + ": " + rootMessage(e), e);
        }
        return of(action, e.getCode(), e.getResponseBody(), e);
    }

    public static SparkportException of(String action, int code, String body, Throwable cause) {
        String reason = null;
        String message = null;
        try {
            JsonElement json = body == null || body.isBlank() ? null : JsonParser.parseString(body);
            if (json != null && json.isJsonObject()) {
                JsonObject status = json.getAsJsonObject();
                reason = text(status, "reason");
                message = text(status, "message");
            }
        } catch (RuntimeException notJson) {
            message = body.length() > 300 ? body.substring(0, 300) + "…" : body;
        }
        StringBuilder s = new StringBuilder("Kubernetes refused to ").append(action).append(": ").append(code);
        if (reason != null) {
            s.append(' ').append(reason);
        }
        if (message != null && !message.isBlank()) {
            s.append(": ").append(message);
        }
        return new SparkportException(SparkportException.Kind.BACKEND, s.toString(), cause);
    }

    private static String text(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
