package io.sparkport.job;

/** What a job runs: an SQL script through the project's SQL runner, or a user's Spark application. */
public enum JobType {
    SQL,
    SPARK
}
