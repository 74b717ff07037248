package io.sparkport.auth;

import io.quarkus.runtime.StartupEvent;
import io.sparkport.SparkportConfig;
import io.sparkport.sql.ResultTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Bearer tokens: the SHA-256 of each known token maps to its caller. The tokens come from configuration
 * ({@code sparkport.auth.tokens.<user>.hash}) and from the admin token the service generates on its first
 * start into {@code <data-dir>/admin-token} (readable by its owner only), so a fresh install is usable at
 * once, as Jupyter's is. Only hashes are held in memory. Per-job SQL runner tokens are another kind and
 * never open {@code /api/v1}.
 */
@ApplicationScoped
public class Authenticator {

    public static final String ADMIN = "admin";
    static final String TOKEN_FILE = "admin-token";
    private static final Logger LOG = Logger.getLogger(Authenticator.class);

    private final SparkportConfig config;
    private final Map<String, Caller> byHash = new ConcurrentHashMap<>();

    public Authenticator(SparkportConfig config) {
        this.config = config;
        config.auth().tokens().forEach((user, token) -> byHash.put(token.hash().trim().toLowerCase(),
                new Caller(user, token.roles().contains(ADMIN), Set.copyOf(token.groups().orElse(List.of())))));
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled()) {
            LOG.warn("authentication is OFF (sparkport.auth.enabled=false): every caller of /api/v1 is an admin;"
                    + " use this for a local single-user run only");
            return;
        }
        if (config.auth().generateAdminToken()) {
            adminToken();
        }
        LOG.infof("authentication is on: %d bearer token(s) known", byHash.size());
    }

    public boolean enabled() {
        return config.auth().enabled();
    }

    /** Where the generated admin token is kept. */
    public Path tokenFile() {
        return config.dataDir().toAbsolutePath().normalize().resolve(TOKEN_FILE);
    }

    /** The caller a presented bearer token belongs to, if any. */
    public Optional<Caller> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 512) {
            return Optional.empty();
        }
        byte[] presented = ResultTokens.hash(token.trim()).getBytes(StandardCharsets.US_ASCII);
        Caller found = null;
        for (Map.Entry<String, Caller> known : byHash.entrySet()) {
            if (MessageDigest.isEqual(presented, known.getKey().getBytes(StandardCharsets.US_ASCII))) {
                found = known.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    private void adminToken() {
        Path file = tokenFile();
        try {
            if (!Files.exists(file)) {
                String token = ResultTokens.newToken();
                Files.createDirectories(file.getParent());
                write(file, token);
                LOG.infof("%n%n    Sparkport admin token (also in %s):%n        %s%n    Send it as: Authorization: Bearer <token>%n",
                        file, token);
            } else {
                LOG.infof("admin token: %s", file);
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            byHash.put(ResultTokens.hash(token), new Caller(ADMIN, true, new HashSet<>()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or read the admin token at " + file, e);
        }
    }

    private static void write(Path file, String token) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            return;
        }
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
    }
}
