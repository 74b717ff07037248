package io.sparkport.auth;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * OIDC bearer tokens (quarkus-oidc), off unless {@code quarkus.oidc.tenant-enabled=true} with an
 * {@code auth-server-url} or a {@code public-key}. The token is verified by quarkus-oidc on demand
 * (authentication is not proactive); the caller is its principal, an admin when it has the role
 * {@code admin}, and its roles (by default the {@code groups} claim) are its groups.
 */
@ApplicationScoped
public class OidcCallers {

    private static final Logger LOG = Logger.getLogger(OidcCallers.class);

    private final boolean enabled;
    private final Instance<CurrentIdentityAssociation> identities;

    public OidcCallers(Config config, Instance<CurrentIdentityAssociation> identities) {
        this.identities = identities;
        boolean tenant = config.getOptionalValue("quarkus.oidc.tenant-enabled", Boolean.class).orElse(false);
        boolean configured = config.getOptionalValue("quarkus.oidc.auth-server-url", String.class).isPresent()
                || config.getOptionalValue("quarkus.oidc.public-key", String.class).isPresent();
        this.enabled = tenant && configured;
        if (enabled) {
            LOG.info("OIDC bearer tokens are accepted on /api/v1");
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** The caller of the request's OIDC token, or empty when it has none or an invalid one. */
    public Uni<Optional<Caller>> caller() {
        return identities.get().getDeferredIdentity()
                .map(OidcCallers::caller)
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("OIDC token refused: %s", e.toString());
                    return Optional.empty();
                });
    }

    static Optional<Caller> caller(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return Optional.empty();
        }
        Set<String> roles = Set.copyOf(identity.getRoles());
        return Optional.of(new Caller(identity.getPrincipal().getName(), roles.contains(Authenticator.ADMIN), roles));
    }
}
