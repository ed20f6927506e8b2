package dev.dslab.shell.quiz;

import dev.dslab.curriculum.anki.AnkiExport;
import dev.dslab.curriculum.bank.BankLoader;
import dev.dslab.curriculum.bank.QuestionBanks;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.quiz.QuizAnswer;
import dev.dslab.curriculum.quiz.QuizInputException;
import dev.dslab.curriculum.quiz.QuizItem;
import dev.dslab.curriculum.quiz.QuizMode;
import dev.dslab.curriculum.quiz.QuizSession;
import dev.dslab.curriculum.quiz.QuizTopics;
import dev.dslab.curriculum.quiz.TopicScores;
import dev.dslab.curriculum.review.Fsrs;
import dev.dslab.curriculum.review.Rating;
import dev.dslab.curriculum.review.ReviewCard;
import dev.dslab.curriculum.review.ReviewQueue;
import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.engine.Numbers;
import dev.dslab.scenarios.engine.RunRecord;
import dev.dslab.shell.DslabProperties;
import dev.dslab.shell.console.DslabException;
import dev.dslab.shell.console.UsageException;
import dev.dslab.shell.experiment.ExperimentRuns;
import dev.dslab.shell.experiment.LearnerConsole;
import dev.dslab.shell.learner.LearnerName;
import dev.dslab.shell.render.Table;
import dev.dslab.shell.report.RunReports;
import dev.dslab.shell.report.TextCharts;
import dev.dslab.shell.store.LearnerStore;
import dev.dslab.shell.store.QuizAnswerRecord;
import dev.dslab.shell.store.QuizAttemptRecord;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * `quiz start`, `quiz stats` and `quiz export`: the question banks as practice, exams and spaced-repetition
 * reviews (FSRS), every answer and schedule in the learner store. The quiz itself is curriculum's plain Java;
 * this class reads options, gathers questions and records answers.
 */
@Component
public class QuizBankCommands {

    static final int DEFAULT_COUNT = 10;
    static final int MAX_REVIEW_COUNT = 100;
    static final Duration EXAM_TIME_PER_QUESTION = Duration.ofSeconds(90);
    private static final String LEARNER_HELP = "whose answers (default: $DSLAB_LEARNER, else your user name)";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final LearnerStore store;
    private final LearnerConsole console;
    private final DslabProperties properties;
    private final ExperimentRuns runs;
    private final QuizCommands runQuizzes;
    private final RunReports reports;
    private final Clock clock;
    private final Fsrs fsrs = Fsrs.defaults();

    public QuizBankCommands(LearnerStore store, LearnerConsole console, DslabProperties properties, ExperimentRuns runs,
                            QuizCommands runQuizzes, RunReports reports) {
        this.store = store;
        this.console = console;
        this.properties = properties;
        this.runs = runs;
        this.runQuizzes = runQuizzes;
        this.reports = reports;
        this.clock = Clock.systemUTC();
    }

    @Command(name = {"quiz", "start"}, group = "Quiz",
            description = "Questions from the banks: practice (explained as you go), exam (timed, explained at the end) or review "
                    + "(what your schedule says is due); answers can be piped, one per line")
    public void start(CommandContext context,
                      @Option(longName = "topic", description = "a topic set (consensus) or a topic (raft); optional for review") String topic,
                      @Option(longName = "count", description = "how many questions (default 10, or all of a smaller topic)") Integer count,
                      @Option(longName = "mode", description = "practice, exam or review", defaultValue = "practice") String modeName,
                      @Option(longName = "minutes", description = "exam: the time limit (default 1.5 minutes a question)") Integer minutes,
                      @Option(longName = "seed", description = "the same seed picks the same questions in the same order (scripts)") Long seed,
                      @Option(longName = "learner", description = LEARNER_HELP) String learnerOption) {
        QuizMode mode = QuizMode.byId(modeName == null ? "practice" : modeName)
                .orElseThrow(() -> new UsageException("unknown mode '" + modeName + "': " + QuizMode.allowed()));
        LearnerName learner = LearnerName.resolve(learnerOption, properties.learner(), System.getProperty("user.name"));
        QuestionBanks banks = BankLoader.loadBundled();
        QuizTopics topics = new QuizTopics(banks);
        if (topic == null && mode != QuizMode.REVIEW) {
            throw new UsageException("which topic? --topic <topic>; the topics are " + topics.listing());
        }
        List<Question> pool;
        try {
            pool = topic == null ? banks.questions() : topics.questions(topic);
        } catch (IllegalArgumentException unknown) {
            throw new UsageException(unknown.getMessage());
        }
        if (minutes != null && mode != QuizMode.EXAM) {
            throw new UsageException("--minutes is the time limit of an exam: add --mode exam");
        }
        if (minutes != null && (minutes < 1 || minutes > 240)) {
            throw new UsageException("--minutes must be 1 to 240, not " + minutes);
        }
        Instant started = clock.instant();
        List<QuizItem> items = mode == QuizMode.REVIEW ? reviewItems(learner, topic, pool, count, started)
                : pickedItems(learner, pool, count, seed);
        PrintWriter out = context.outputWriter();
        String on = topic == null ? "every topic" : topic;
        if (items.isEmpty()) {
            out.println("Nothing is due for review on " + on + ". " + nextDue(learner, started));
            out.flush();
            return;
        }
        Duration limit = mode != QuizMode.EXAM ? null
                : minutes != null ? Duration.ofMinutes(minutes) : EXAM_TIME_PER_QUESTION.multipliedBy(items.size());
        out.println(switch (mode) {
            case PRACTICE -> "Practice on " + on + ": " + plural(items.size(), "question") + ", each explained once you answer.";
            case EXAM -> "Exam on " + on + ": " + plural(items.size(), "question") + " in " + minutesText(limit)
                    + "; answers are explained at the end, with your score by topic.";
            case REVIEW -> "Review: " + plural(items.size(), "question") + " due on " + on + ", the longest overdue first.";
        });
        AtomicInteger stored = new AtomicInteger();
        QuizSession session = new QuizSession(QuizConsole.answers(console, out), out, answer -> {
            record(learner, started, mode, topics, answer);
            stored.incrementAndGet();
        },
                clock, QuizConsole.prose(console), mode == QuizMode.EXAM ? QuizSession.Feedback.AT_END : QuizSession.Feedback.AT_ONCE, limit);
        QuizSession.Outcome outcome;
        try {
            outcome = session.run(items);
        } catch (QuizInputException badInput) {
            throw new UsageException(badInput.getMessage() + " (" + stored.get() + " answer(s) before it are stored)");
        }
        out.println();
        if (mode == QuizMode.EXAM && !outcome.answers().isEmpty()) {
            out.println("Your answers, explained:");
            for (int i = 0; i < outcome.answers().size(); i++) {
                QuizAnswer answer = outcome.answers().get(i);
                out.println();
                out.println((i + 1) + ". " + firstLine(answer.item().question().stem()) + " (you answered: " + firstLine(answer.response()) + ")");
                session.explain(answer);
            }
            out.println();
        }
        if (!outcome.complete() && !outcome.timeUp()) {
            String stopped = "the input ended at question " + (outcome.answers().size() + 1) + " of " + outcome.questions() + "; the "
                    + outcome.answers().size() + " answer(s) before it are stored";
            if (!QuizConsole.answers(console, out).interactive()) {
                throw new DslabException(stopped);
            }
            out.println("Quiz stopped: " + stopped + ".");
            return;
        }
        out.println("Score: " + Numbers.format(outcome.score()) + " of " + outcome.questions() + " (" + outcome.right() + " right"
                + (outcome.timeUp() ? ", " + (outcome.questions() - outcome.answers().size()) + " unanswered when time ran out" : "")
                + "); answers stored.");
        if (mode == QuizMode.EXAM) {
            out.print(topicTable(TopicScores.of(outcome.answers())));
        }
        out.println(nextDue(learner, clock.instant()));
        out.flush();
    }

    /** One answer and its card's next schedule, stored together before the next question is asked. */
    private void record(LearnerName learner, Instant started, QuizMode mode, QuizTopics topics, QuizAnswer answer) {
        Question question = answer.item().question();
        ReviewCard card = store.reviewCards(learner).getOrDefault(answer.item().card(), ReviewCard.fresh(answer.answeredAt()));
        ReviewCard next = fsrs.review(card, Rating.of(answer.grade()), answer.answeredAt());
        store.recordQuizAttempt(learner, new QuizAttemptRecord(started.toString(), mode.id(), answer.item().card(), topics.topicSetOf(question),
                question.topics(), answer.questionText(), answer.response(), answer.grade().score(), answer.grade().correct(),
                answer.answeredAt()), next);
    }

    private List<QuizItem> pickedItems(LearnerName learner, List<Question> pool, Integer count, Long seed) {
        int wanted = count != null ? count : Math.min(DEFAULT_COUNT, pool.size());
        Map<String, Integer> asked = new HashMap<>();
        store.quizAttempts(learner).forEach(attempt -> asked.merge(attempt.card(), 1, Integer::sum));
        try {
            return QuizTopics.pick(pool, wanted, asked, seed == null ? new Random() : new Random(seed)).stream().map(QuizItem::fromBank).toList();
        } catch (IllegalArgumentException outOfRange) {
            throw new UsageException("--" + outOfRange.getMessage());
        }
    }

    /** Due bank questions on the topic, and the questions of the learner's runs they got wrong (any topic when none is named). */
    private List<QuizItem> reviewItems(LearnerName learner, String topic, List<Question> pool, Integer count, Instant now) {
        int wanted = count != null ? count : DEFAULT_COUNT;
        if (wanted < 1 || wanted > MAX_REVIEW_COUNT) {
            throw new UsageException("--count must be 1 to " + MAX_REVIEW_COUNT + " for a review, not " + wanted);
        }
        Map<String, ReviewCard> cards = store.reviewCards(learner);
        Map<String, QuizItem> candidates = new LinkedHashMap<>();
        pool.stream().filter(question -> cards.containsKey(question.id()))
                .forEach(question -> candidates.put(question.id(), QuizItem.fromBank(question)));
        Map<String, List<Question>> runQuestions = new HashMap<>();
        for (Map.Entry<String, String> missed : store.missedRunQuestions(learner)) {
            List<Question> ofRun = runQuestions.computeIfAbsent(missed.getKey(), runId -> questionsOfRun(learner, runId));
            ofRun.stream().filter(question -> question.id().equals(missed.getValue()))
                    .filter(question -> topic == null || question.topics().contains(topic))
                    .findFirst().ifPresent(question -> candidates.put(QuizItem.runCard(missed.getKey(), question.id()),
                            QuizItem.fromRun(missed.getKey(), question)));
        }
        return ReviewQueue.due(cards, new ArrayList<>(candidates.keySet()), now, wanted).stream().map(candidates::get).toList();
    }

    /** A run's questions as its quiz asked them; none when the run or its experiment is gone. */
    private List<Question> questionsOfRun(LearnerName learner, String runId) {
        try {
            RunRecord record = runs.find(learner, runId);
            return runQuizzes.questions(record);
        } catch (DslabException gone) {
            return List.of();
        }
    }

    private String nextDue(LearnerName learner, Instant now) {
        Map<String, ReviewCard> cards = store.reviewCards(learner);
        long due = cards.values().stream().filter(card -> card.dueAt(now)).count();
        Instant next = cards.values().stream().map(ReviewCard::due).filter(at -> at.isAfter(now)).min(Instant::compareTo).orElse(null);
        if (cards.isEmpty()) {
            return "Next review: none scheduled yet (every answer schedules its question).";
        }
        return "Next review: " + due + " due now" + (next == null ? "" : ", the next at " + WHEN.format(next)) + ".";
    }

    @Command(name = {"quiz", "stats"}, group = "Quiz", description = "Your accuracy per topic, reviews due, weakest areas and a chart")
    public void stats(CommandContext context, @Option(longName = "learner", description = LEARNER_HELP) String learnerOption) {
        LearnerName learner = LearnerName.resolve(learnerOption, properties.learner(), System.getProperty("user.name"));
        PrintWriter out = context.outputWriter();
        List<QuizAttemptRecord> attempts = store.quizAttempts(learner);
        List<QuizAnswerRecord> runAnswers = store.quizAnswers(learner);
        if (attempts.isEmpty() && runAnswers.isEmpty()) {
            out.println("No answers yet for " + learner.value() + ": 'quiz start --topic <topic>' starts a quiz (topics: "
                    + new QuizTopics(BankLoader.loadBundled()).listing() + ").");
            out.flush();
            return;
        }
        TopicScores scores = new TopicScores();
        attempts.forEach(attempt -> scores.add(attempt.topics(), attempt.score(), attempt.correct()));
        long sessions = attempts.stream().map(QuizAttemptRecord::session).distinct().count();
        out.println("Quiz stats for " + learner.value() + ": " + plural(attempts.size(), "answer") + " in " + plural((int) sessions, "quiz")
                + ", " + plural(runAnswers.size(), "answer") + " on your runs' quizzes ("
                + Math.round(100 * runAnswers.stream().mapToDouble(QuizAnswerRecord::score).sum() / Math.max(1, runAnswers.size()))
                + " % right).");
        if (!attempts.isEmpty()) {
            out.println();
            out.print(topicTable(scores));
        }
        out.println();
        out.println(nextDue(learner, clock.instant()).replaceFirst("^Next review: ", "Reviews: "));
        List<TopicScores.Tally> weakest = scores.weakest(2, 3);
        if (!weakest.isEmpty()) {
            out.println("Weakest areas: " + String.join(", ", weakest.stream().map(tally -> tally.topic() + " "
                    + Math.round(tally.accuracy() * 100) + " % (" + plural(tally.answers(), "answer") + ")").toList())
                    + "; 'quiz start --topic " + weakest.get(0).topic() + "' practises the first.");
        }
        if (!scores.tallies().isEmpty()) {
            List<Chart.Point> points = new ArrayList<>();
            List<TopicScores.Tally> tallies = scores.tallies();
            for (int i = 0; i < tallies.size(); i++) {
                points.add(new Chart.Point(i, Math.round(tallies.get(i).accuracy() * 100), tallies.get(i).topic()));
            }
            out.println();
            out.print(TextCharts.render(new Chart("quiz-accuracy", "Accuracy per topic", Chart.Kind.BAR, "topic", "% right (partial credit counted)",
                    List.of(new Chart.Series("accuracy", points))), reports.style()));
        }
        out.flush();
    }

    @Command(name = {"quiz", "export"}, group = "Quiz",
            description = "The question banks as an Anki import file on standard output: quiz export --format anki > dslab.txt")
    public void export(CommandContext context,
                       @Option(longName = "format", description = "anki (Anki's text import: tab-separated, HTML fields)") String format,
                       @Option(longName = "topic", description = "only this topic set or topic (default: every bank)") String topic) {
        if (!"anki".equals(format)) {
            throw new UsageException((format == null ? "which format?" : "unknown format '" + format + "':")
                    + " --format anki is the one export (Anki's text import)");
        }
        QuestionBanks banks = BankLoader.loadBundled();
        QuizTopics topics = new QuizTopics(banks);
        List<Question> questions;
        try {
            questions = topic == null ? banks.questions() : topics.questions(topic);
        } catch (IllegalArgumentException unknown) {
            throw new UsageException(unknown.getMessage());
        }
        PrintWriter out = context.outputWriter();
        out.print(AnkiExport.export(questions, topics::topicSetOf));
        out.flush();
    }

    private static String topicTable(TopicScores scores) {
        Table table = new Table("topic", "answers", "right", "score");
        scores.tallies().forEach(tally -> table.row(tally.topic(), tally.answers(), tally.right(), Math.round(tally.accuracy() * 100) + " %"));
        return table.render("  ");
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : noun.endsWith("z") ? "zes" : "s");
    }

    private static String minutesText(Duration limit) {
        long seconds = limit.toSeconds();
        return seconds % 60 == 0 ? plural((int) (seconds / 60), "minute") : seconds / 60 + " min " + seconds % 60 + " s";
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 70 ? line.substring(0, 67) + "..." : line;
    }
}
