package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.openapi.models.V1Secret;
import io.sparkport.SparkportException;
import io.sparkport.sql.ResultTokens;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The token of a pod Sparkport talks to (a file server, an engine's gateway), kept in a Secret of its own that
 * the pod reads: read from the Secret, which is created with a new token when missing. Any replica finds the
 * same token; two replicas creating at once agree on the one that was stored.
 */
final class TokenSecrets {

    private TokenSecrets() {
    }

    static String readOrCreate(KubeApi api, KubernetesSettings settings, String name, Map<String, String> labels) {
        Optional<String> existing = api.secret(name).map(TokenSecrets::tokenOf);
        if (existing.isPresent()) {
            return existing.get();
        }
        String token = ResultTokens.newToken();
        if (api.create(FileServerObjects.tokenSecret(settings, name, labels, token))) {
            return token;
        }
        return api.secret(name).map(TokenSecrets::tokenOf).orElseThrow(() -> new SparkportException(
                SparkportException.Kind.BACKEND, "the Secret " + name + " vanished while it was created"));
    }

    static String tokenOf(V1Secret secret) {
        byte[] value = secret.getData() == null ? null : secret.getData().get(KubeNames.TOKEN_KEY);
        if (value == null) {
            throw new SparkportException(SparkportException.Kind.BACKEND, "Secret " + secret.getMetadata().getName()
                    + " has no " + KubeNames.TOKEN_KEY);
        }
        return new String(value, StandardCharsets.UTF_8);
    }
}
