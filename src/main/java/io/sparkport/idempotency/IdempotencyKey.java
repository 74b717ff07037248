package io.sparkport.idempotency;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A used {@code Idempotency-Key}: who used it for what (the request's hash) and what it created. */
@Entity
@Table(name = "idempotency_keys")
public class IdempotencyKey extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    public String scope;

    public String caller;

    @Column(name = "idem_key")
    public String idemKey;

    @Column(name = "request_hash")
    public String requestHash;

    @Column(name = "resource_id")
    public String resourceId;

    @Column(name = "created_at")
    public Instant createdAt;

    static IdempotencyKey byKey(String scope, String caller, String key) {
        return find("scope = ?1 and caller = ?2 and idemKey = ?3", scope, caller, key).firstResult();
    }
}
