package io.sparkport.pool;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An append-only record of what happened to a pool: cluster up, scaled 1→3, torn down, a worker died. */
@Entity
@Table(name = "pool_events")
public class PoolEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    public String pool;

    @Column(name = "occurred_at")
    public Instant at;

    public String kind;

    public String message;
}
