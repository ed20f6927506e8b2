package dev.dslab.shell.learn;

import dev.dslab.curriculum.lesson.Lesson;
import dev.dslab.curriculum.lesson.LessonIndex;
import dev.dslab.curriculum.lesson.LessonRenderer;
import dev.dslab.curriculum.lesson.Lessons;
import dev.dslab.curriculum.lesson.TextStyle;
import dev.dslab.shell.DslabProperties;
import dev.dslab.shell.console.UsageException;
import dev.dslab.shell.experiment.LearnerConsole;
import dev.dslab.shell.learner.LearnerName;
import dev.dslab.shell.render.TextWrap;
import dev.dslab.shell.report.RunReports;
import dev.dslab.shell.store.ExerciseCheckRecord;
import dev.dslab.shell.store.LearnerStore;
import dev.dslab.shell.store.QuizAttemptRecord;
import dev.dslab.shell.store.StoredRun;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code learn}: the lessons. {@code learn list} (progress: read, linked experiments run, exercises checked, quiz
 * accuracy on the lesson's topics), {@code learn <topic>} (rendered for the terminal, paged in the interactive
 * shell, and marked read), {@code learn search <text>} and {@code learn services}. One command with its words
 * parsed here, because a lesson id sits where a sub-command would.
 */
@Component
public class LearnCommands {

    static final String GROUP = "Learn";
    /** Prose wider than this is hard to read, however wide the terminal. */
    static final int MAX_WIDTH = 100;
    static final int SECTIONS_PER_HIT = 3;
    /** The words after `learn` that are not lesson ids. */
    static final Set<String> VERBS = Set.of("list", "search", "services");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final LessonLibrary library;
    private final LearnerStore store;
    private final LearnerConsole console;
    private final DslabProperties properties;
    private final RunReports reports;
    private final Pager pager;

    public LearnCommands(LessonLibrary library, LearnerStore store, LearnerConsole console, DslabProperties properties, RunReports reports,
                         Pager pager) {
        this.library = library;
        this.store = store;
        this.console = console;
        this.properties = properties;
        this.reports = reports;
        this.pager = pager;
    }

    @Command(name = "learn", group = GROUP,
            description = "Lessons: 'learn list' (topics and your progress), 'learn <topic>' (read one), 'learn search <text>', "
                    + "'learn services' (what each AWS service guarantees)")
    public void learn(CommandContext context, @Arguments List<String> words,
                      @Option(longName = "learner", description = "whose progress (default: $DSLAB_LEARNER, else your user name)")
                      String learnerOption) {
        PrintWriter out = context.outputWriter();
        if (words == null || words.isEmpty()) {
            throw new UsageException("which topic? learn <topic>, one of: " + library.lessons().allowed()
                    + "; or learn list, learn search <text>, learn services");
        }
        String first = words.get(0);
        List<String> rest = words.subList(1, words.size());
        switch (VERBS.contains(first) ? first : "") {
            case "list" -> {
                noMore("learn list", rest);
                list(out, learner(learnerOption));
            }
            case "search" -> search(out, String.join(" ", rest).strip());
            case "services" -> {
                noMore("learn services", rest);
                pager.show(library.services().render(width(), style()), "services", out);
            }
            default -> {
                noMore("learn " + first, rest);
                read(out, first, learner(learnerOption));
            }
        }
    }

    private void read(PrintWriter out, String topic, LearnerName learner) {
        Lessons lessons = library.lessons();
        Lesson lesson = lessons.byId(topic).orElseThrow(() -> new UsageException("unknown topic '" + topic + "'; the topics are "
                + lessons.allowed() + " (also: learn list, learn search <text>, learn services)"));
        pager.show(new LessonRenderer(width(), style()).render(lesson), lesson.id(), out);
        store.recordLessonRead(learner, lesson.id());
    }

    private void list(PrintWriter out, LearnerName learner) {
        List<Lesson> lessons = library.lessons().lessons();
        Map<String, Instant> read = store.lessonsRead(learner);
        List<StoredRun> runs = store.runs(learner);
        List<ExerciseCheckRecord> checks = store.exerciseChecks(learner);
        List<QuizAttemptRecord> attempts = store.quizAttempts(learner);
        TextStyle style = style();
        int width = width();
        long readCount = lessons.stream().filter(lesson -> read.containsKey(lesson.id())).count();
        out.println("Lessons for " + learner.value() + ": " + readCount + " of " + lessons.size() + " read. 'learn <topic>' reads one.");
        for (Lesson lesson : lessons) {
            out.println();
            Instant when = read.get(lesson.id());
            String status = when == null ? "not read" : "read " + WHEN.format(when);
            String head = style.apply(lesson.id(), TextStyle.BOLD) + "  " + lesson.title();
            int room = width - TextStyle.width(head) - status.length() - 2;
            out.println(room > 0 ? head + " ".repeat(room + 2) + status : head + "  (" + status + ")");
            out.print(TextWrap.paragraphs(lesson.summary(), "    ", width));
            List<String> facts = new ArrayList<>();
            if (!lesson.questionTopics().isEmpty()) {
                facts.add("quiz: " + String.join(", ", lesson.questionTopics().stream().map(topic -> quiz(topic, attempts)).toList()));
            }
            if (!lesson.experiments().isEmpty()) {
                facts.add("experiments: " + String.join(", ", lesson.experiments().stream().map(id -> experiment(id, runs)).toList()));
            }
            if (!lesson.exercises().isEmpty()) {
                facts.add("exercises: " + String.join(", ", lesson.exercises().stream().map(id -> exercise(id, checks)).toList()));
            }
            facts.forEach(fact -> out.print(TextWrap.paragraphs(fact, "    ", "      ", width)));
        }
        out.flush();
    }

    /** "consensus 7/10 right" or "consensus not practised": the learner's answers in `quiz start` on that topic set or topic. */
    private static String quiz(String topic, List<QuizAttemptRecord> attempts) {
        List<QuizAttemptRecord> onTopic = attempts.stream()
                .filter(attempt -> attempt.topicSet().equals(topic) || attempt.topics().contains(topic)).toList();
        if (onTopic.isEmpty()) {
            return topic + " not practised";
        }
        long right = onTopic.stream().filter(QuizAttemptRecord::correct).count();
        return topic + " " + right + "/" + onTopic.size() + " right (" + Math.round(100.0 * right / onTopic.size()) + " %)";
    }

    private static String experiment(String id, List<StoredRun> runs) {
        List<StoredRun> ofIt = runs.stream().filter(run -> run.experiment().equals(id)).toList();
        if (ofIt.isEmpty()) {
            return id + " not run";
        }
        return id + " run " + ofIt.size() + "x (last " + ofIt.get(ofIt.size() - 1).runId() + ")";
    }

    private static String exercise(String id, List<ExerciseCheckRecord> checks) {
        List<ExerciseCheckRecord> ofIt = checks.stream().filter(check -> check.exercise().equals(id)).toList();
        if (ofIt.isEmpty()) {
            return id + " not checked";
        }
        return ofIt.stream().filter(ExerciseCheckRecord::passedStage).reduce((first, second) -> second)
                .map(passed -> id + " passed " + WHEN.format(passed.checkedAt()))
                .orElse(id + " checked, not passed yet");
    }

    private void search(PrintWriter out, String query) {
        String text = unquoted(query);
        if (text.isBlank()) {
            throw new UsageException("search for what? learn search <text>, e.g. learn search \"read-your-writes\"");
        }
        List<LessonIndex.LessonHit> hits = library.index().search(text);
        if (hits.isEmpty()) {
            out.println("No lesson mentions '" + text + "'. 'learn list' shows the topics.");
            out.flush();
            return;
        }
        TextStyle style = style();
        int width = width();
        for (LessonIndex.LessonHit hit : hits) {
            out.println(style.apply(hit.lesson().id(), TextStyle.BOLD) + "  " + hit.lesson().title());
            for (LessonIndex.SectionHit section : hit.sections().subList(0, Math.min(SECTIONS_PER_HIT, hit.sections().size()))) {
                out.println("  " + section.section().heading());
                LessonIndex.Snippet snippet = section.snippet();
                // wrap the plain snippet, then mark the hit: escape codes must not count towards the width
                String wrapped = TextWrap.paragraphs(snippet.text(), "    ", width);
                out.print(style.ansi() ? highlight(wrapped, snippet, style) : wrapped);
            }
        }
        out.println("'learn <topic>' reads a lesson.");
        out.flush();
    }

    private static String highlight(String wrapped, LessonIndex.Snippet snippet, TextStyle style) {
        String hit = snippet.text().substring(snippet.start(), snippet.end());
        int at = wrapped.indexOf(hit);
        return hit.isEmpty() || at < 0 ? wrapped : wrapped.substring(0, at) + style.apply(hit, TextStyle.BOLD) + wrapped.substring(at + hit.length());
    }

    /** A query typed with its quotes in the interactive shell ("read-your-writes") searches for what is inside them. */
    private static String unquoted(String query) {
        String text = query.strip();
        if (text.length() >= 2 && (text.startsWith("\"") && text.endsWith("\"") || text.startsWith("'") && text.endsWith("'"))) {
            return text.substring(1, text.length() - 1).strip();
        }
        return text;
    }

    private static void noMore(String command, List<String> rest) {
        if (!rest.isEmpty()) {
            throw new UsageException("'" + command + "' takes nothing more, not '" + String.join(" ", rest) + "'");
        }
    }

    private int width() {
        return Math.min(MAX_WIDTH, console.width());
    }

    private TextStyle style() {
        return new TextStyle(console.isTerminal(), reports.style().unicode());
    }

    private LearnerName learner(String option) {
        return LearnerName.resolve(option, properties.learner(), System.getProperty("user.name"));
    }
}
