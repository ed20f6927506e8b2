package dev.dslab.shell.quiz;

import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.question.Source;
import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.engine.Experiment;
import dev.dslab.scenarios.engine.ExperimentInfo;
import dev.dslab.scenarios.engine.ExperimentResult;
import dev.dslab.scenarios.engine.Observation;
import dev.dslab.scenarios.engine.ParameterSpec;
import dev.dslab.scenarios.engine.QuizTemplate;
import dev.dslab.scenarios.engine.RunContext;
import dev.dslab.scenarios.engine.RunSummary;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An experiment for the quiz tests: its templates read a run's observations and verdicts the way the real
 * experiments' do (a number with a unit, a choice decided by the checks, an open question, and one template
 * that has nothing to ask when its observation is missing). Its run computes its figures without a target.
 */
final class SampleQuizExperiment implements Experiment {

    static final String NAME = "quiz-sample";
    static final Source SOURCE = new Source("Amazon DynamoDB Developer Guide: Read consistency",
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html");

    @Override
    public ExperimentInfo info() {
        return new ExperimentInfo(NAME, "Asks about a run's stale reads", "Eventual reads are sometimes stale.",
                "Readers and writers on one key.", List.of(SOURCE), Duration.ofSeconds(1), Set.of("local"), Optional.empty(),
                Duration.ofSeconds(10));
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of();
    }

    @Override
    public ExperimentResult run(RunContext context) {
        return result(12.5);
    }

    static ExperimentResult result(double staleShare) {
        return new ExperimentResult(List.of(new Observation("stale-share", "Stale share of eventual reads", staleShare, "%")),
                List.of(new Check("linearizability", "strong", Check.Verdict.PASS, "1 key"),
                        new Check("linearizability", "eventual", Check.Verdict.FAIL, "k1: stale read")),
                List.of(), java.util.Map.of());
    }

    @Override
    public List<QuizTemplate> quiz() {
        return List.of(SampleQuizExperiment::staleShare, SampleQuizExperiment::linearizableMode,
                SampleQuizExperiment::lagPercentile, SampleQuizExperiment::whyStale);
    }

    private static Optional<Question> staleShare(RunSummary run) {
        return run.observations().value("stale-share").map(share -> new Question("quiz-sample.stale-share",
                "In your run, what share of the eventually consistent reads were stale?", List.of(),
                new AnswerKey.Numeric(share, 2, "%"), "Your run observed " + share + " %.", List.of(SOURCE), Difficulty.EASY,
                List.of("consistency"), "Would the share grow with more replica lag?"));
    }

    private static Optional<Question> linearizableMode(RunSummary run) {
        List<String> modes = List.of("eventual", "strong");
        return run.checks().stream().filter(check -> check.verdict() == Check.Verdict.PASS).findFirst()
                .map(pass -> new Question("quiz-sample.linearizable-mode", "Which read mode gave only linearizable histories?",
                        modes, new AnswerKey.SingleChoice(modes.indexOf(pass.scope())),
                        "Strongly consistent reads go to the leader.", List.of(SOURCE), Difficulty.MEDIUM, List.of("consistency"),
                        "What does a strong read cost?"));
    }

    /** Asks nothing: the sample run does not observe a lag percentile. */
    private static Optional<Question> lagPercentile(RunSummary run) {
        return run.observations().value("lag-p99").map(lag -> new Question("quiz-sample.lag-p99", "What was the p99 lag?", List.of(),
                new AnswerKey.Numeric(lag, 5, "ms"), "Measured.", List.of(SOURCE), Difficulty.EASY, List.of("consistency"), "Why?"));
    }

    private static Optional<Question> whyStale(RunSummary run) {
        return Optional.of(new Question("quiz-sample.why-stale", "Why can an eventually consistent read be stale?", List.of(),
                new AnswerKey.Open("It may be served by a follower that has not applied the latest write yet.",
                        List.of("names a replica other than the leader", "says the write has not reached it yet", "mentions replication lag")),
                "Eventually consistent reads may go to any replica.", List.of(SOURCE), Difficulty.MEDIUM, List.of("replication"),
                "How would you get read-your-writes without strong reads?"));
    }
}
