package dev.dslab.shell.quiz;

import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.quiz.AnswerSource;
import dev.dslab.curriculum.quiz.QuizInputException;
import dev.dslab.curriculum.quiz.QuizItem;
import dev.dslab.curriculum.quiz.QuizSession;
import dev.dslab.scenarios.engine.Experiment;
import dev.dslab.scenarios.engine.ExperimentCatalog;
import dev.dslab.scenarios.engine.Numbers;
import dev.dslab.scenarios.engine.Observations;
import dev.dslab.scenarios.engine.QuizTemplate;
import dev.dslab.scenarios.engine.RunRecord;
import dev.dslab.scenarios.engine.RunStatus;
import dev.dslab.scenarios.engine.RunSummary;
import dev.dslab.shell.DslabProperties;
import dev.dslab.shell.console.DslabException;
import dev.dslab.shell.console.UsageException;
import dev.dslab.shell.experiment.ExperimentRuns;
import dev.dslab.shell.experiment.LearnerConsole;
import dev.dslab.shell.learner.LearnerName;
import dev.dslab.shell.store.LearnerStore;
import dev.dslab.shell.store.QuizAnswerRecord;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** `quiz run`: questions about what the learner's own run observed, graded, explained and stored. */
@Component
public class QuizCommands {

    private final ExperimentRuns runs;
    private final ExperimentCatalog catalog;
    private final LearnerStore store;
    private final LearnerConsole console;
    private final DslabProperties properties;

    public QuizCommands(ExperimentRuns runs, ExperimentCatalog catalog, LearnerStore store, LearnerConsole console,
                        DslabProperties properties) {
        this.runs = runs;
        this.catalog = catalog;
        this.store = store;
        this.console = console;
        this.properties = properties;
    }

    @Command(name = {"quiz", "run"}, group = "Quiz",
            description = "Questions on what your run observed, graded and explained; answers can be piped, one per line")
    public void run(CommandContext context,
                    @Argument(index = 0, description = "the run id (r1, r2, ...) or latest") String runId,
                    @Option(longName = "learner", description = "whose runs (default: $DSLAB_LEARNER, else your user name)") String learnerOption) {
        if (runId == null || runId.isBlank()) {
            throw new UsageException("which run? quiz run <run-id|latest>; 'experiment runs' lists yours");
        }
        PrintWriter out = context.outputWriter();
        LearnerName learner = LearnerName.resolve(learnerOption, properties.learner(), System.getProperty("user.name"));
        RunRecord record = runs.find(learner, runId);
        List<Question> questions = questions(record);
        out.println("Quiz on run " + record.runId() + " of " + record.experiment() + ": " + questions.size() + " question"
                + (questions.size() == 1 ? "" : "s") + " about what your run observed.");
        AtomicInteger stored = new AtomicInteger();
        AnswerSource answers = QuizConsole.answers(console, out);
        List<QuizItem> items = questions.stream().map(question -> new QuizItem(QuizItem.runCard(record.runId(), question.id()), question, ""))
                .toList();
        QuizSession.Outcome outcome;
        try {
            outcome = new QuizSession(answers, out, answer -> {
                store.recordQuizAnswer(new QuizAnswerRecord(record.runId(), answer.item().question().id(), answer.questionText(),
                        answer.response(), answer.grade().score(), answer.grade().correct(), answer.answeredAt()));
                stored.incrementAndGet();
            }, Clock.systemUTC(), QuizConsole.prose(console), QuizSession.Feedback.AT_ONCE, null).run(items);
        } catch (QuizInputException badInput) {
            throw new DslabException(badInput.getMessage() + " (" + stored.get() + " answer(s) before it are stored)");
        }
        out.println();
        boolean interactive = answers.interactive();
        if (!outcome.complete()) {
            String stopped = "the input ended at question " + (outcome.answers().size() + 1) + " of " + outcome.questions()
                    + "; the " + outcome.answers().size() + " answer(s) before it are stored";
            if (!interactive) {
                throw new DslabException(stopped);
            }
            out.println("Quiz stopped: " + stopped + ".");
            return;
        }
        out.println("Score: " + Numbers.format(outcome.score()) + " of " + outcome.questions() + " (" + outcome.right()
                + " right); answers stored.");
        out.flush();
    }

    /** The experiment's questions that this run's observations can answer. */
    List<Question> questions(RunRecord record) {
        if (record.status() != RunStatus.COMPLETED || record.result() == null) {
            throw new DslabException("run " + record.runId() + " did not complete (" + record.status() + (record.reason() == null ? ""
                    : ": " + record.reason()) + "), so it has no observations to quiz on; run the experiment again");
        }
        Experiment experiment = catalog.all().stream().filter(candidate -> candidate.name().equals(record.experiment())).findFirst()
                .orElseThrow(() -> new DslabException("experiment " + record.experiment() + " of run " + record.runId()
                        + " is no longer offered, so its questions are gone"));
        RunSummary summary = new RunSummary(record.runId(), record.experiment(), record.seed(), record.target(), record.parameters(),
                new Observations(record.result().observations()), record.result().checks());
        List<Question> questions = new ArrayList<>();
        for (QuizTemplate template : experiment.quiz()) {
            template.instantiate(summary).ifPresent(questions::add);
        }
        if (questions.isEmpty()) {
            throw new DslabException("run " + record.runId() + " observed too little for any of " + record.experiment()
                    + "'s questions (e.g. too few operations); a longer run gives the quiz its figures");
        }
        return questions;
    }
}
