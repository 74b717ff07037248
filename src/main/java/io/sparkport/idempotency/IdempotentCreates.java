package io.sparkport.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.sparkport.SparkportConfig;
import io.sparkport.SparkportException;
import io.sparkport.sql.ResultTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Creates a resource at most once per {@code Idempotency-Key}: the key's record and the resource are
 * written in one transaction, and the database's unique constraint on (scope, caller, key) lets only one
 * of two concurrent uses commit. The other one then finds the record and answers with the same resource,
 * or, when its request differs, with a 422. A key is kept for {@code sparkport.idempotency.retention}
 * (24 hours by default, as Stripe's are): an older one is forgotten, by the next use of it or by the
 * prune that runs every 10 minutes, and the key creates again.
 */
@ApplicationScoped
public class IdempotentCreates {

    public static final String HEADER = "Idempotency-Key";
    static final int MAX_KEY = 200;
    private static final int ATTEMPTS = 8;
    private static final Logger LOG = Logger.getLogger(IdempotentCreates.class);

    /** The resource's id, and whether this call created it. */
    public record Outcome(String resourceId, boolean created) {
    }

    private final ObjectMapper canonical = JsonMapper.builder()
            .findAndAddModules()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private final Clock clock;
    private final Duration retention;

    @Inject
    public IdempotentCreates(Clock clock, SparkportConfig config) {
        this(clock, config.idempotency().retention());
    }

    IdempotentCreates(Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * @param scope   what is created ({@code job}, {@code schedule}): a key is scoped to it and to the caller
     * @param request the parsed request; its canonical JSON is what "the same body" means
     * @param create  creates the resource inside the current transaction and returns its id
     */
    public Outcome create(String scope, String caller, String key, Object request, Supplier<String> create) {
        String checked = check(key);
        String hash = hash(request);
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> once(scope, caller, checked, hash, create));
            } catch (SparkportException e) {
                throw e;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                LOG.debugf("%s key %s: concurrent use (%s); reading it again", scope, checked, e.toString());
                pause(attempt);
            }
        }
    }

    private Outcome once(String scope, String caller, String key, String hash, Supplier<String> create) {
        Instant now = clock.instant();
        IdempotencyKey existing = IdempotencyKey.byKey(scope, caller, key);
        if (existing != null && expired(existing.createdAt, now, retention)) {
            existing.delete();
            IdempotencyKey.getEntityManager().flush(); // before the new record takes its place
            existing = null;
        }
        if (existing != null) {
            if (!existing.requestHash.equals(hash)) {
                throw SparkportException.invalid(HEADER + " '" + key + "' was used for a different request; use a new key"
                        + " for a new request");
            }
            return new Outcome(existing.resourceId, false);
        }
        IdempotencyKey record = new IdempotencyKey();
        record.scope = scope;
        record.caller = caller;
        record.idemKey = key;
        record.requestHash = hash;
        record.createdAt = now;
        record.persist();
        IdempotencyKey.getEntityManager().flush(); // a concurrent first use fails here, before anything is created
        record.resourceId = create.get();
        return new Outcome(record.resourceId, true);
    }

    /** Whether a key used at {@code usedAt} is forgotten at {@code now}. */
    static boolean expired(Instant usedAt, Instant now, Duration retention) {
        return !usedAt.plus(retention).isAfter(now);
    }

    /** Forgets the keys past their retention. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void prune() {
        Instant cutoff = clock.instant().minus(retention);
        long deleted = QuarkusTransaction.requiringNew().call(() -> IdempotencyKey.delete("createdAt <= ?1", cutoff));
        if (deleted > 0) {
            LOG.debugf("forgot %d idempotency keys used before %s", deleted, cutoff);
        }
    }

    static String check(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY) {
            throw SparkportException.badRequest(HEADER + " must have 1 to " + MAX_KEY + " characters");
        }
        if (!key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw SparkportException.badRequest(HEADER + " may hold only visible ASCII characters");
        }
        return key;
    }

    String hash(Object request) {
        try {
            return ResultTokens.hash(canonical.writeValueAsString(request));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot hash the request", e);
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(5L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
