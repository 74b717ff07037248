package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.openapi.JSON;
import java.lang.reflect.Type;

/** The client's own JSON mapping of Kubernetes objects (Gson, with its date and quantity adapters). */
public final class KubeJson {

    private static final JSON JSON = new JSON();

    private KubeJson() {
    }

    public static String write(Object object) {
        return JSON.serialize(object);
    }

    public static <T> T read(String json, Type type) {
        return JSON.deserialize(json, type);
    }
}
