package dev.dslab.shell.interview;

import dev.dslab.curriculum.interview.InterviewBank;
import dev.dslab.curriculum.interview.InterviewLoader;
import dev.dslab.curriculum.interview.InterviewQuestion;
import dev.dslab.curriculum.interview.MockInterview;
import dev.dslab.curriculum.interview.Timetable;
import dev.dslab.curriculum.quiz.AnswerSource;
import dev.dslab.curriculum.quiz.Prose;
import dev.dslab.curriculum.quiz.QuizInputException;
import dev.dslab.shell.DslabProperties;
import dev.dslab.shell.console.DslabException;
import dev.dslab.shell.console.UsageException;
import dev.dslab.shell.experiment.LearnerConsole;
import dev.dslab.shell.learner.LearnerName;
import dev.dslab.shell.quiz.QuizConsole;
import dev.dslab.shell.render.Table;
import dev.dslab.shell.store.InterviewNoteRecord;
import dev.dslab.shell.store.InterviewScoreRecord;
import dev.dslab.shell.store.InterviewSessionRecord;
import dev.dslab.shell.store.InterviewStore;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * `interview mock`, `interview list` and `interview show`: timed system-design mock interviews on AWS, each note and
 * self-assessed score stored as it is entered. The interview itself is curriculum's plain Java ({@link MockInterview});
 * this class reads options, picks the question and stores what the learner enters.
 */
@Component
public class InterviewCommands {

    private static final String LEARNER_HELP = "whose interviews (default: $DSLAB_LEARNER, else your user name)";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final Pattern SESSION_ID = Pattern.compile("i([1-9][0-9]{0,17})");

    private final InterviewStore store;
    private final LearnerConsole console;
    private final DslabProperties properties;
    private final Clock clock = Clock.systemUTC();

    public InterviewCommands(InterviewStore store, LearnerConsole console, DslabProperties properties) {
        this.store = store;
        this.console = console;
        this.properties = properties;
    }

    @Command(name = {"interview", "mock"}, group = "Interview",
            description = "A timed system-design mock interview on AWS: your notes per phase, the follow-ups one at a time, the model "
                    + "outline, then your score per rubric criterion; notes can be piped (format in curriculum/README.md)")
    public void mock(CommandContext context,
                     @Option(longName = "minutes", description = "the interview's length, 15 to 90 (default 45); the phases keep their shares")
                     Integer minutes,
                     @Option(longName = "question", description = "the question's id ('interview list'); default: the one you practised least recently")
                     String questionId,
                     @Option(longName = "learner", description = LEARNER_HELP) String learnerOption) {
        int length = minutes == null ? Timetable.DEFAULT_MINUTES : minutes;
        if (length < Timetable.MIN_MINUTES || length > Timetable.MAX_MINUTES) {
            throw new UsageException("--minutes must be " + Timetable.MIN_MINUTES + " to " + Timetable.MAX_MINUTES + ", not " + length);
        }
        LearnerName learner = LearnerName.resolve(learnerOption, properties.learner(), System.getProperty("user.name"));
        InterviewBank bank = InterviewLoader.loadBundled();
        InterviewQuestion question = questionId != null
                ? bank.question(questionId).orElseThrow(() -> new UsageException("no interview question '" + questionId + "': the questions are "
                + bank.ids()))
                : leastRecentlyPractised(bank, store.sessions(learner));
        Timetable timetable = Timetable.of(question, length);
        PrintWriter out = context.outputWriter();
        long session = store.start(learner, question.id(), question.title(), length, question.maxScore(), clock.instant());
        String sessionId = "i" + session;
        AtomicInteger notes = new AtomicInteger();
        AtomicInteger scores = new AtomicInteger();
        AnswerSource answers = QuizConsole.answers(console, out);
        Prose prose = QuizConsole.prose(console);
        MockInterview interview = new MockInterview(answers, out, new MockInterview.Recorder() {
            @Override
            public void note(MockInterview.Note note) {
                store.note(session, note);
                notes.incrementAndGet();
            }

            @Override
            public void score(MockInterview.Score score) {
                store.score(session, score);
                scores.incrementAndGet();
            }
        }, clock, prose);
        // Ctrl-C (or SIGTERM) ends a one-shot JVM while it waits for a line: keep the note being typed and say the session stopped
        Thread keepWhatWasEntered = new Thread(() -> {
            interview.abandon().ifPresent(note -> store.note(session, note));
            store.finish(session, MockInterview.Ending.STOPPED, clock.instant());
        }, "interview-ctrl-c");
        Runtime.getRuntime().addShutdownHook(keepWhatWasEntered);
        MockInterview.Outcome outcome;
        try {
            outcome = interview.run(question, timetable);
        } catch (QuizInputException badInput) {
            store.finish(session, MockInterview.Ending.STOPPED, clock.instant());
            throw new UsageException(badInput.getMessage() + " (" + notes.get() + " notes and " + scores.get()
                    + " scores before it are stored as session " + sessionId + ")");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(keepWhatWasEntered);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it records what was entered
            }
        }
        store.finish(session, outcome.ending(), clock.instant());
        out.println();
        if (outcome.ending() == MockInterview.Ending.STOPPED && !answers.interactive()) {
            out.flush();
            throw new DslabException("the input ended before the interview did; what was entered is stored as session " + sessionId
                    + " ('interview show " + sessionId + "')");
        }
        out.println("Stored as session " + sessionId + ": 'interview show " + sessionId + "' shows it, 'interview list' your scores.");
        out.flush();
    }

    /** Never practised first (in the file's order), then the one whose last session is oldest. */
    static InterviewQuestion leastRecentlyPractised(InterviewBank bank, List<InterviewSessionRecord> sessions) {
        Map<String, Instant> last = new HashMap<>();
        sessions.forEach(session -> last.merge(session.question(), session.startedAt(), (a, b) -> a.isAfter(b) ? a : b));
        return bank.questions().stream().min(Comparator.comparing((InterviewQuestion question) -> last.getOrDefault(question.id(), Instant.MIN)))
                .orElseThrow();
    }

    @Command(name = {"interview", "list"}, group = "Interview", description = "The interview questions with your past scores, and your sessions")
    public void list(CommandContext context, @Option(longName = "learner", description = LEARNER_HELP) String learnerOption) {
        LearnerName learner = LearnerName.resolve(learnerOption, properties.learner(), System.getProperty("user.name"));
        InterviewBank bank = InterviewLoader.loadBundled();
        List<InterviewSessionRecord> sessions = store.sessions(learner);
        Map<Long, List<InterviewScoreRecord>> scores = new HashMap<>();
        sessions.forEach(session -> scores.put(session.id(), store.scores(session.id())));
        PrintWriter out = context.outputWriter();
        out.println("Interview questions ('interview mock --question <id>'; without it, the one practised least recently):");
        Table questions = new Table("id", "title", "difficulty", "sessions", "last practised", "last score", "best score");
        for (InterviewQuestion question : bank.questions()) {
            List<InterviewSessionRecord> of = sessions.stream().filter(session -> session.question().equals(question.id())).toList();
            List<InterviewSessionRecord> scored = of.stream().filter(session -> complete(session, scores.get(session.id()))).toList();
            String lastScore = scored.isEmpty() ? "-" : score(scored.get(scored.size() - 1), scores.get(scored.get(scored.size() - 1).id()));
            String best = scored.stream().max(Comparator.comparingInt(session -> total(scores.get(session.id()))))
                    .map(session -> score(session, scores.get(session.id()))).orElse("-");
            table(questions, question, of, lastScore, best);
        }
        out.print(questions.render("  "));
        out.println();
        if (sessions.isEmpty()) {
            out.println("No sessions yet for " + learner.value() + ": 'interview mock' starts one (45 minutes; --minutes 15 to 90).");
        } else {
            out.println("Your sessions ('interview show <session>' shows one with your notes):");
            Table table = new Table("session", "started (UTC)", "question", "minutes", "ending", "score");
            for (InterviewSessionRecord session : sessions) {
                List<InterviewScoreRecord> given = scores.get(session.id());
                table.row(session.sessionId(), WHEN.format(session.startedAt()), session.question(), session.minutes(), ending(session),
                        complete(session, given) ? score(session, given) : given.size() + " criteria scored");
            }
            out.print(table.render("  "));
        }
        out.flush();
    }

    private static void table(Table table, InterviewQuestion question, List<InterviewSessionRecord> of, String lastScore, String best) {
        table.row(question.id(), question.title(), question.difficulty().name().toLowerCase(Locale.ROOT), of.size(),
                of.isEmpty() ? "never" : WHEN.format(of.get(of.size() - 1).startedAt()), lastScore, best);
    }

    @Command(name = {"interview", "show"}, group = "Interview", description = "One of your interview sessions: your notes, scores and the weakest criteria")
    public void show(CommandContext context,
                     @Argument(index = 0, description = "the session (i1, i2, ...) or latest") String sessionId,
                     @Option(longName = "learner", description = LEARNER_HELP) String learnerOption) {
        if (sessionId == null || sessionId.isBlank()) {
            throw new UsageException("which session? interview show <session|latest>; 'interview list' lists yours");
        }
        LearnerName learner = LearnerName.resolve(learnerOption, properties.learner(), System.getProperty("user.name"));
        InterviewSessionRecord session;
        if (sessionId.equals("latest")) {
            List<InterviewSessionRecord> sessions = store.sessions(learner);
            if (sessions.isEmpty()) {
                throw new DslabException("no interview sessions yet for " + learner.value() + ": 'interview mock' starts one");
            }
            session = sessions.get(sessions.size() - 1);
        } else {
            Matcher id = SESSION_ID.matcher(sessionId);
            if (!id.matches()) {
                throw new UsageException("'" + sessionId + "' is not a session id: i1, i2, ... or latest ('interview list' lists yours)");
            }
            session = store.session(learner, Long.parseLong(id.group(1)))
                    .orElseThrow(() -> new DslabException("no session " + sessionId + " for " + learner.value() + "; 'interview list' lists yours"));
        }
        Prose prose = QuizConsole.prose(console);
        PrintWriter out = context.outputWriter();
        out.println("Session " + session.sessionId() + ": " + session.title() + " (" + session.question() + "), " + session.minutes()
                + " minutes, started " + WHEN.format(session.startedAt()) + " UTC, " + ending(session) + ".");
        for (InterviewNoteRecord note : store.notes(session.id())) {
            out.println();
            out.print(prose.lines(capitalized(note.step()) + ": " + note.prompt(), "", "  "));
            out.println("  (" + MockInterview.clockTime(Duration.ofSeconds(note.usedSeconds())) + " of "
                    + MockInterview.clockTime(Duration.ofSeconds(note.budgetSeconds())) + " suggested)");
            if (note.notes().isEmpty()) {
                out.println("  (no notes)");
            }
            note.notes().lines().forEach(line -> out.print(prose.lines(line, "  | ", "  | ")));
        }
        List<InterviewScoreRecord> scores = store.scores(session.id());
        out.println();
        if (scores.isEmpty()) {
            out.println("No scores: the session ended before the self-assessment.");
        } else {
            out.println("Your scores:");
            Table table = new Table("criterion", "score");
            scores.forEach(score -> table.row(score.criterion(), score.score()));
            out.print(table.render("  "));
            List<MockInterview.Score> given = scores.stream()
                    .map(score -> new MockInterview.Score(score.position(), score.criterion(), score.score(), score.scoredAt())).toList();
            if (complete(session, scores)) {
                out.println(MockInterview.summary(given, session.maxScore()));
            } else {
                out.println(scores.size() + " of " + session.maxScore() / 5 + " criteria scored before the session ended.");
            }
        }
        out.flush();
    }

    private static boolean complete(InterviewSessionRecord session, List<InterviewScoreRecord> scores) {
        return scores.size() * 5 == session.maxScore();
    }

    private static int total(List<InterviewScoreRecord> scores) {
        return scores.stream().mapToInt(InterviewScoreRecord::score).sum();
    }

    private static String score(InterviewSessionRecord session, List<InterviewScoreRecord> scores) {
        int total = total(scores);
        return total + " of " + session.maxScore() + " (" + Math.round(100.0 * total / session.maxScore()) + " %)";
    }

    private static String ending(InterviewSessionRecord session) {
        return session.ending() == null ? "no end recorded (killed, or still running)" : session.ending();
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
