package dev.dslab.scenarios.s3;

import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.question.Source;
import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.engine.Experiment;
import dev.dslab.scenarios.engine.ExperimentInfo;
import dev.dslab.scenarios.engine.ExperimentResult;
import dev.dslab.scenarios.engine.HistoryRecorder;
import dev.dslab.scenarios.engine.Numbers;
import dev.dslab.scenarios.engine.Observation;
import dev.dslab.scenarios.engine.ParameterSpec;
import dev.dslab.scenarios.engine.ParameterValues;
import dev.dslab.scenarios.engine.Prediction;
import dev.dslab.scenarios.engine.QuizTemplate;
import dev.dslab.scenarios.engine.RunContext;
import dev.dslab.scenarios.engine.RunSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The five access patterns whose consistency S3 documented differently before and after December 2020,
 * each tried many times in each consistency mode: the anomalies per pattern and mode.
 */
public final class S3ConsistencyExperiment implements Experiment {

    static final Source S3_CONSISTENCY = new Source("Amazon S3 User Guide: Amazon S3 data consistency model",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html#ConsistencyModel");
    static final Source STRONG_2020 = new Source("Jeff Barr, Amazon S3 Update: Strong Read-After-Write Consistency, AWS News Blog, "
            + "1 December 2020", "https://aws.amazon.com/blogs/aws/amazon-s3-update-strong-read-after-write-consistency/");
    static final Source S3_CONSISTENCY_PAGE = new Source("Amazon S3 Strong Consistency", "https://aws.amazon.com/s3/consistency/");
    static final Source VOGELS_S3 = new Source("Werner Vogels, Diving Deep on S3 Consistency, All Things Distributed, April 2021",
            "https://www.allthingsdistributed.com/2021/04/s3-strong-consistency.html");

    /** The patterns, in the order the report shows them. */
    enum Pattern {
        READ_AFTER_WRITE("read-after-write", "PUT a new key, then GET it"),
        READ_AFTER_OVERWRITE("read-after-overwrite", "PUT v1, PUT v2 over it, then GET"),
        READ_AFTER_DELETE("read-after-delete", "PUT, DELETE, then GET"),
        LIST_AFTER_WRITE("list-after-write", "PUT a new key, then LIST its prefix"),
        READ_AFTER_NEGATIVE_LOOKUP("read-after-negative-lookup", "GET a missing key (404), PUT it, then GET");

        final String id;
        final String description;

        Pattern(String id, String description) {
            this.id = id;
            this.description = description;
        }
    }

    @Override
    public ExperimentInfo info() {
        return new ExperimentInfo("s3-consistency",
                "S3's consistency model today and before December 2020, pattern by pattern",
                "In strong mode (S3 since December 2020) no pattern shows an anomaly. In the legacy model, overwrites, deletes, "
                        + "listings and a GET after a negative lookup can return old results for a while; a plain PUT of a new key "
                        + "then GET never does.",
                """
                        Since December 2020 Amazon S3 delivers strong read-after-write consistency for every PUT and DELETE of \
                        an object, and for LIST: once a write is acknowledged, every later read or listing reflects it, at no \
                        extra cost. Many articles, and many interview answers, still call S3 eventually consistent: that was the \
                        model documented before, and it is worth knowing exactly.

                        Before December 2020 S3 documented read-after-write consistency for PUTs of new objects, with one \
                        caveat: if a GET or HEAD of the key had been made before the object existed (a negative lookup), the \
                        read-after-write became eventual. Overwrite PUTs and DELETEs were eventually consistent (a GET could \
                        return the old object, or a deleted one, for a while), and so were listings (a new key could be \
                        missing, a deleted one still listed).

                        This experiment tries each of the five patterns many times and counts the anomalies. On the local target \
                        it runs both in the strong mode and in dslab's model of the legacy one (its lag is illustrative: AWS \
                        never published one). On a real account it observes today's S3, whose every pattern should be clean.""",
                List.of(S3_CONSISTENCY, STRONG_2020, S3_CONSISTENCY_PAGE, VOGELS_S3),
                Duration.ofSeconds(20), Set.of("local", "localstack", "aws"),
                Optional.of(new Prediction("In today's S3 (strong mode), what share of read-after-overwrite GETs return the old object?",
                        "anomaly-percent-read-after-overwrite-strong", List.of(
                                new Prediction.Choice("none", 0, 1e-9),
                                new Prediction.Choice("a few (under 10 %)", 1e-9, 10),
                                new Prediction.Choice("10 % or more", 10, Double.POSITIVE_INFINITY)))),
                Duration.ofSeconds(240));
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.integer("trials", 20, 1, 500, "tries of each pattern in each mode"),
                ParameterSpec.choice("modes", "both", List.of("both", "strong", "legacy-2019"),
                        "local target only: which consistency modes to run"),
                ParameterSpec.duration("lag-median", "200ms", "1ms", "10s", "local target only: median lag of the legacy model"),
                ParameterSpec.duration("lag-p99", "2s", "1ms", "60s", "local target only: 99th percentile lag of the legacy model"));
    }

    @Override
    public ExperimentResult run(RunContext context) throws InterruptedException {
        ParameterValues p = context.parameters();
        List<String> modes = new ArrayList<>();
        if (context.model().isEmpty()) {
            modes.add("service");
        } else if (p.choice("modes").equals("both")) {
            modes.addAll(List.of("strong", "legacy-2019"));
        } else {
            modes.add(p.choice("modes"));
        }
        Map<String, Map<Pattern, int[]>> counts = new LinkedHashMap<>();
        int trials = p.integer("trials");
        try (S3Client s3 = context.target().s3()) {
            for (String mode : modes) {
                if (!mode.equals("service")) {
                    context.progress().note("S3 consistency mode " + mode);
                    context.changeModel("s3/consistency", Map.of("mode", mode, "lagMedianMillis", Math.round(p.millis("lag-median")),
                            "lagP99Millis", Math.round(p.millis("lag-p99")), "seed", context.seed()));
                }
                Map<Pattern, int[]> byPattern = new LinkedHashMap<>();
                counts.put(mode, byPattern);
                Trials trialsOf = new Trials(context, s3, mode);
                for (Pattern pattern : Pattern.values()) {
                    int[] anomaliesAndTrials = new int[2];
                    byPattern.put(pattern, anomaliesAndTrials);
                    for (int trial = 0; trial < trials; trial++) {
                        if (Thread.interrupted()) {
                            throw new InterruptedException();
                        }
                        context.progress().update(mode + ": " + pattern.id, (long) pattern.ordinal() * trials + trial,
                                (long) Pattern.values().length * trials);
                        Optional<Boolean> anomaly = trialsOf.run(pattern, trial);
                        if (anomaly.isPresent()) {
                            anomaliesAndTrials[1]++;
                            if (anomaly.get()) {
                                anomaliesAndTrials[0]++;
                            }
                        }
                    }
                }
            }
        }
        return analyse(counts);
    }

    /** One pattern's trials in one mode: each trial uses fresh keys, so trials never see each other's writes. */
    private static final class Trials {
        private final HistoryRecorder history;
        private final S3Client s3;
        private final String bucket;
        private final String prefix;

        Trials(RunContext context, S3Client s3, String mode) {
            this.history = context.history();
            this.s3 = s3;
            this.bucket = context.sandbox().bucket();
            this.prefix = "dslab-experiments/" + context.runId() + "/" + mode + "/";
        }

        /** True when the trial saw the anomaly, false when clean, empty when an operation failed (not counted). */
        Optional<Boolean> run(Pattern pattern, int trial) {
            String key = prefix + pattern.id + "/" + String.format(Locale.ROOT, "%04d", trial);
            try {
                return Optional.of(switch (pattern) {
                    case READ_AFTER_WRITE -> {
                        put(key, "v1");
                        yield !"v1".equals(get(key));
                    }
                    case READ_AFTER_OVERWRITE -> {
                        put(key, "v1");
                        put(key, "v2");
                        yield !"v2".equals(get(key));
                    }
                    case READ_AFTER_DELETE -> {
                        put(key, "v1");
                        delete(key);
                        yield get(key) != null;
                    }
                    case LIST_AFTER_WRITE -> {
                        put(key, "v1");
                        yield !list(prefix + pattern.id + "/").contains(key);
                    }
                    case READ_AFTER_NEGATIVE_LOOKUP -> {
                        get(key);
                        put(key, "v1");
                        yield !"v1".equals(get(key));
                    }
                });
            } catch (SdkException failed) {
                return Optional.empty();
            }
        }

        private void put(String key, String value) {
            HistoryRecorder.Pending op = history.invoke(0, "put", key, value, null, null);
            try {
                s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromString(value));
                op.ok(value);
            } catch (SdkException failure) {
                op.indeterminate(describe(failure));
                throw failure;
            }
        }

        private String get(String key) {
            HistoryRecorder.Pending op = history.invoke(0, "get", key, null, null, null);
            try {
                ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(request -> request.bucket(bucket).key(key));
                String value = bytes.asUtf8String();
                op.ok(value);
                return value;
            } catch (NoSuchKeyException missing) {
                op.ok(null);
                return null;
            } catch (SdkException failure) {
                op.fail(describe(failure));
                throw failure;
            }
        }

        private void delete(String key) {
            HistoryRecorder.Pending op = history.invoke(0, "delete", key, null, null, null);
            try {
                s3.deleteObject(request -> request.bucket(bucket).key(key));
                op.ok(null);
            } catch (SdkException failure) {
                op.indeterminate(describe(failure));
                throw failure;
            }
        }

        private Set<String> list(String listPrefix) {
            HistoryRecorder.Pending op = history.invoke(0, "list", listPrefix, null, null, null);
            try {
                Set<String> keys = new LinkedHashSet<>();
                s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(listPrefix)).contents().stream()
                        .map(S3Object::key).forEach(keys::add);
                op.ok(keys.size() + " keys");
                return keys;
            } catch (SdkException failure) {
                op.fail(describe(failure));
                throw failure;
            }
        }

        private static String describe(SdkException failure) {
            if (failure instanceof S3Exception service && service.awsErrorDetails() != null) {
                return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")";
            }
            String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
            return message.lines().findFirst().orElse(message);
        }
    }

    ExperimentResult analyse(Map<String, Map<Pattern, int[]>> counts) {
        List<Observation> observations = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        List<Chart.Series> series = new ArrayList<>();
        counts.forEach((mode, byPattern) -> {
            List<Chart.Point> points = new ArrayList<>();
            int total = 0;
            for (Map.Entry<Pattern, int[]> entry : byPattern.entrySet()) {
                int anomalies = entry.getValue()[0];
                int trials = entry.getValue()[1];
                total += anomalies;
                double percent = trials == 0 ? Double.NaN : Numbers.percent(anomalies, trials);
                observations.add(new Observation("anomaly-percent-" + entry.getKey().id + "-" + mode,
                        entry.getKey().id + " anomalies, " + mode + " mode (" + entry.getKey().description + ")", percent, "%"));
                points.add(new Chart.Point(entry.getKey().ordinal(), trials == 0 ? 0 : percent, entry.getKey().id));
            }
            observations.add(new Observation("anomalies-" + mode, "anomalies of all patterns, " + mode + " mode", total, ""));
            series.add(new Chart.Series(mode, points));
            if (!mode.equals("legacy-2019")) {
                checks.add(new Check("read-after-write", mode + " mode: every pattern", total == 0 ? Check.Verdict.PASS : Check.Verdict.FAIL,
                        total == 0 ? "no anomaly: every read and listing reflected the acknowledged writes"
                                : total + " anomalies although S3 promises strong read-after-write consistency"));
            } else {
                int[] newKey = byPattern.get(Pattern.READ_AFTER_WRITE);
                checks.add(new Check("read-after-write", "legacy-2019 mode: PUT of a new key, then GET",
                        newKey[0] == 0 ? Check.Verdict.PASS : Check.Verdict.FAIL,
                        newKey[0] + " of " + newKey[1] + " new-key reads missed (the 2019 model promised none)"));
            }
        });
        Chart chart = new Chart("anomalies-by-pattern", "Anomalies by access pattern and consistency mode", Chart.Kind.BAR,
                "pattern", "% of trials with an anomaly", series);
        return new ExperimentResult(observations, checks, List.of(chart), Map.of());
    }

    @Override
    public List<QuizTemplate> quiz() {
        return List.of(this::overwriteLegacy, this::anomalousToday, this::whatChanged);
    }

    private Optional<Question> overwriteLegacy(RunSummary run) {
        Optional<Double> value = run.observations().value("anomaly-percent-read-after-overwrite-legacy-2019");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.s3-consistency.overwrite-legacy",
                "In your run " + run.runId() + ", in the legacy-2019 model, what percentage of GETs right after an overwrite PUT "
                        + "returned the old object?",
                List.of(), new AnswerKey.Numeric(Math.round(value.get()), Math.max(5, value.get() * 0.15), "%"),
                "Your run: " + Numbers.format(value.get()) + " %. Before December 2020 S3 documented overwrite PUTs and DELETEs as "
                        + "eventually consistent; the share you see depends on dslab's illustrative lag, AWS never published one.",
                List.of(S3_CONSISTENCY, STRONG_2020), Difficulty.EASY, List.of("s3", "consistency"),
                "How did applications (for example Hadoop's S3A with S3Guard) work around this before 2020?"));
    }

    private Optional<Question> anomalousToday(RunSummary run) {
        List<String> options = new ArrayList<>();
        for (Pattern pattern : Pattern.values()) {
            options.add(pattern.description);
        }
        options.add("none of them");
        return Optional.of(new Question("obs.s3-consistency.anomalous-today",
                "Which of these patterns can return a stale result on Amazon S3 today?",
                options, new AnswerKey.SingleChoice(options.size() - 1),
                "Since December 2020 every one of them is strongly consistent: after a successful PUT or DELETE, every subsequent "
                        + "GET, HEAD and LIST reflects it. Your run's strong mode "
                        + run.observations().value("anomalies-strong").map(n -> "had " + Numbers.format(n) + " anomalies.")
                        .orElse("was not run; the answer comes from S3's documentation."),
                List.of(S3_CONSISTENCY, STRONG_2020, S3_CONSISTENCY_PAGE), Difficulty.EASY, List.of("s3", "consistency"),
                "Does strong consistency make two concurrent PUTs to the same key safe? What does S3 offer for that?"));
    }

    private Optional<Question> whatChanged(RunSummary run) {
        return Optional.of(new Question("obs.s3-consistency.what-changed",
                "A candidate says \"S3 is eventually consistent, so after overwriting a file you must wait before reading it.\" "
                        + "Correct them precisely.",
                List.of(), new AnswerKey.Open(
                        "That was the documented model before December 2020: read-after-write only for new keys (and not after a "
                                + "negative lookup), eventual consistency for overwrites, deletes and listings. Since December 2020 S3 "
                                + "provides strong read-after-write consistency for all PUTs (new and overwrite) and DELETEs and for LIST, "
                                + "automatically and at no extra cost, so a GET after a successful overwrite returns the new object. "
                                + "Concurrent writers still race (last writer wins); conditional writes handle that.",
                        List.of("the statement describes the pre-December-2020 model",
                                "today: strong read-after-write for PUT (new and overwrite) and DELETE",
                                "LIST is strongly consistent too",
                                "concurrent writes still need coordination (last writer wins / conditional writes)")),
                "S3 changed its consistency model in December 2020; interviewers notice outdated answers.",
                List.of(STRONG_2020, S3_CONSISTENCY, VOGELS_S3), Difficulty.MEDIUM, List.of("s3", "consistency"),
                "How can S3 offer strong consistency without a latency penalty? (Vogels' post describes the cache-coherence design.)"));
    }
}
