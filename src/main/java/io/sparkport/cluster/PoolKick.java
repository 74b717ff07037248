package io.sparkport.cluster;

/** A CDI event asking for a reconcile pass of the pool now (a driver changed state, a job arrived). */
public record PoolKick(String pool) {
}
