package io.sparkport.progress;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.JobSucceeded$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Sparkport adds this listener to every driver ({@code spark.extraListeners}). It counts the application's
 * Spark jobs, stages and tasks and reports them to the service while the application runs (see
 * {@link ProgressSender}); the driver pays for no HTTP server, as it would if the service read its UI.
 * At the application's end it prints the final counts as one line on stderr (the driver log),
 * {@value #MARKER}{@code {"stages":...,"tasks":...,"jobs":...}}, which outlives the driver and its UI.
 * Events arrive on Spark's listener bus thread, one at a time; the bus is drained before the driver stops.
 */
public final class ProgressListener extends SparkListener {

    public static final String MARKER = "[sparkport] final progress ";
    static final String URL_CONF = "spark.sparkport.progress.url";
    static final String TOKEN_CONF = "spark.sparkport.token";
    static final String INTERVAL_CONF = "spark.sparkport.progress.intervalMs";

    private final ProgressCounter counter = new ProgressCounter();
    private final ProgressSender sender;

    /** Spark calls this constructor with the application's configuration. */
    public ProgressListener(SparkConf conf) {
        String url = conf.get(URL_CONF, "").trim();
        this.sender = url.isEmpty() ? null
                : new ProgressSender(url, conf.get(TOKEN_CONF, ""), Math.max(100L, conf.getLong(INTERVAL_CONF, 1000L)), counter);
    }

    @Override
    public void onApplicationStart(SparkListenerApplicationStart event) {
        if (event.appId().isDefined()) {
            counter.applicationStarted(event.appId().get());
        }
    }

    @Override
    public void onJobStart(SparkListenerJobStart event) {
        Map<Integer, Integer> stages = new LinkedHashMap<>();
        for (StageInfo stage : CollectionConverters.asJava(event.stageInfos())) {
            stages.put(stage.stageId(), stage.numTasks());
        }
        counter.jobStarted(event.jobId(), stages);
        if (sender != null) {
            sender.start();
        }
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        counter.stageSubmitted(event.stageInfo().stageId(), event.stageInfo().name());
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted event) {
        counter.stageCompleted(event.stageInfo().stageId(), event.stageInfo().failureReason().isEmpty());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        if (event.taskInfo() != null && event.taskInfo().successful()) {
            counter.taskSucceeded(event.stageId(), event.taskInfo().index());
        }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd event) {
        counter.jobEnded(event.jobId(), event.jobResult() == JobSucceeded$.MODULE$);
    }

    @Override
    public void onApplicationEnd(SparkListenerApplicationEnd event) {
        if (sender != null) {
            sender.stop();
        }
        System.err.println(MARKER + counter.json());
        System.err.flush();
    }
}
