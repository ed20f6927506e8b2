package dev.dslab.shell.report;

import dev.dslab.scenarios.engine.ExperimentInfo;
import dev.dslab.scenarios.engine.ExperimentResult;
import dev.dslab.scenarios.engine.Numbers;
import dev.dslab.scenarios.engine.Observations;
import dev.dslab.scenarios.engine.Prediction;
import dev.dslab.scenarios.engine.RunRecord;
import dev.dslab.scenarios.engine.RunStatus;
import dev.dslab.scenarios.history.HistoryReader;
import dev.dslab.scenarios.history.RecordedHistory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What both reports show of one run: its record, what the catalogue says of its experiment (empty when the
 * experiment is no longer offered) and its recorded history.
 */
public record RunReport(RunRecord record, Optional<ExperimentInfo> info, RecordedHistory history) {

    /**
     * The report of the run in {@code directory}: its record as given and its history file (none when the run
     * recorded nothing).
     *
     * @throws IOException when the history file cannot be read or is corrupt before its last line
     */
    public static RunReport load(RunRecord record, Optional<ExperimentInfo> info, Path directory) throws IOException {
        Path file = directory.resolve(RunRecord.HISTORY_FILE);
        RecordedHistory history = Files.exists(file) ? HistoryReader.read(file) : new RecordedHistory(java.util.List.of(), Optional.empty());
        return new RunReport(record, info, history);
    }

    /** The learner's prediction beside what the run observed, when the experiment asked for one. */
    public record PredictionOutcome(String question, String predicted, String observed) {
    }

    public boolean partial() {
        return record.status() != RunStatus.COMPLETED;
    }

    public Optional<ExperimentResult> result() {
        return Optional.ofNullable(record.result());
    }

    public String duration() {
        if (record.startedAt() == null || record.endedAt() == null) {
            return "?";
        }
        return Numbers.format(Duration.between(record.startedAt(), record.endedAt()).toMillis() / 1000.0) + " s";
    }

    /** "COMPLETED", or "FAILED (partial): the target stopped answering". */
    public String statusLine() {
        if (!partial()) {
            return record.status().name();
        }
        return record.status().name() + " (partial)" + (record.reason() == null ? "" : ": " + record.reason());
    }

    public String parametersText() {
        return record.parameters() == null || record.parameters().isEmpty() ? "defaults"
                : record.parameters().entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    /** Each model control ("dynamodb/replication") with its settings as "name=value, ..." text. */
    public Map<String, String> modelText() {
        Map<String, String> text = new LinkedHashMap<>();
        if (record.model() != null) {
            record.model().forEach((control, settings) -> text.put(control, settings.entrySet().stream()
                    .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(", "))));
        }
        return text;
    }

    public Optional<PredictionOutcome> prediction() {
        Optional<Prediction> asked = info.flatMap(ExperimentInfo::prediction);
        if (asked.isEmpty()) {
            return Optional.empty();
        }
        Prediction prediction = asked.get();
        String predicted = record.prediction() == null ? "(not asked)" : choice(prediction, record.prediction());
        String observed = result().map(result -> {
            Observations observations = new Observations(result.observations());
            String value = observations.get(prediction.observationId()).map(observation -> observation.formatted()).orElse("not observed");
            return prediction.outcome(observations).map(index -> choice(prediction, index) + " (" + value + ")").orElse(value);
        }).orElse("no outcome: the run did not complete");
        return Optional.of(new PredictionOutcome(prediction.question(), predicted, observed));
    }

    private static String choice(Prediction prediction, int index) {
        if (index < 0 || index >= prediction.choices().size()) {
            return "choice " + (index + 1) + " (no longer offered)";
        }
        return (char) ('a' + index) + ") " + prediction.choices().get(index).label();
    }
}
