package io.sparkport.progress;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.scheduler.JobSucceeded$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Sparkport adds this listener to every driver ({@code spark.extraListeners}). A driver stops its UI before
 * it exits, so the service cannot read the last counts there: at the application's end this prints them
 * as one line on stderr (the driver log), {@value #MARKER}{@code {"stages":...,"tasks":...,"jobs":...}}.
 * Events arrive on Spark's listener bus thread, one at a time; the bus is drained before the driver stops.
 */
public final class FinalProgressListener extends SparkListener {

    public static final String MARKER = "[sparkport] final progress ";

    private final ProgressCounter counter = new ProgressCounter();

    @Override
    public void onJobStart(SparkListenerJobStart event) {
        Map<Integer, Integer> stages = new LinkedHashMap<>();
        for (StageInfo stage : CollectionConverters.asJava(event.stageInfos())) {
            stages.put(stage.stageId(), stage.numTasks());
        }
        counter.jobStarted(event.jobId(), stages);
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        counter.stageSubmitted(event.stageInfo().stageId());
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
        System.err.println(MARKER + counter.json());
        System.err.flush();
    }
}
