package dev.dslab.curriculum.interview;

import dev.dslab.curriculum.interview.InterviewQuestion.Clarification;
import dev.dslab.curriculum.interview.InterviewQuestion.Criterion;
import dev.dslab.curriculum.interview.InterviewQuestion.FollowUp;
import dev.dslab.curriculum.interview.InterviewQuestion.OutlinePoint;
import dev.dslab.curriculum.interview.InterviewQuestion.Phase;
import dev.dslab.curriculum.question.Source;
import dev.dslab.curriculum.quiz.AnswerSource;
import dev.dslab.curriculum.quiz.Prose;
import dev.dslab.curriculum.quiz.QuizInputException;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A timed mock interview on one question. The learner writes notes for each phase (lines ended by an empty line
 * or a "." line); after the first phase come the clarifying questions a candidate should have asked, with the
 * interviewer's answers; the last phase asks the follow-ups one at a time, each shown only once the notes for the
 * one before are in. Then the model outline with its sources, then a score from 1 to 5 per rubric criterion, then
 * the total and the weakest criteria.
 *
 * <p>Every note and every score goes to the recorder as soon as it is complete, so a session killed midway keeps
 * all but the note being typed. The clock is read when a line arrives (a line being read cannot be interrupted
 * portably): a line that arrives after the session's end closes that note, keeps it, and moves on to the outline.
 * The end of input (Ctrl-D, the end of a pipe; the shell turns Ctrl-C at its prompt into the same) stops the
 * session with what was entered kept, the note in progress included.
 */
public final class MockInterview {

    public enum Ending {
        COMPLETED("completed"), TIME_UP("time up"), STOPPED("stopped");

        private final String label;

        Ending(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One note as written.
     *
     * @param step   "phase 2" or "follow-up 1"
     * @param prompt the phase's name, or the follow-up asked
     * @param text   the lines written ("" when the learner wrote none)
     */
    public record Note(int position, String step, String prompt, String text, Duration budget, Duration used, Instant writtenAt) {
    }

    /** The learner's score for one rubric criterion. */
    public record Score(int position, String criterion, int score, Instant scoredAt) {
    }

    /** Receives each note and score as soon as it is complete, before the session goes on. */
    public interface Recorder {
        void note(Note note);

        void score(Score score);
    }

    /** How the session went: the notes and scores entered, how it ended and how long it took. */
    public record Outcome(List<Note> notes, List<Score> scores, Ending ending, Duration elapsed) {
        public Outcome {
            notes = List.copyOf(notes);
            scores = List.copyOf(scores);
        }

        public int total() {
            return total(scores);
        }

        public static int total(List<Score> scores) {
            return scores.stream().mapToInt(Score::score).sum();
        }
    }

    private static final String NOTES_PROMPT = "> ";

    /** The note being written: its step and lines so far, for {@link #abandon()}; guarded by this. */
    private record InProgress(int position, String step, String prompt, Duration budget, Instant began, List<String> lines) {
    }

    private InProgress inProgress;
    private boolean abandoned;

    private final AnswerSource in;
    private final PrintWriter out;
    private final Recorder recorder;
    private final Clock clock;
    private final Prose prose;

    public MockInterview(AnswerSource in, PrintWriter out, Recorder recorder, Clock clock, Prose prose) {
        this.in = in;
        this.out = out;
        this.recorder = recorder;
        this.clock = clock;
        this.prose = prose;
    }

    /**
     * Runs the interview to its summary, or until the input ends.
     *
     * @throws QuizInputException piped input whose score line is not a score (the notes and scores before it are recorded)
     */
    public Outcome run(InterviewQuestion question, Timetable timetable) {
        Instant started = clock.instant();
        Instant deadline = started.plus(timetable.total());
        List<Note> notes = new ArrayList<>();
        List<Score> scores = new ArrayList<>();
        out.println("Mock interview: " + question.title() + " (" + question.difficulty().name().toLowerCase(Locale.ROOT) + ", "
                + minutes(timetable.total()) + ").");
        out.println("Write notes as you would talk them through: any number of lines, ended by an empty line or a '.' line.");
        out.print("Phases: ");
        List<String> plan = new ArrayList<>();
        for (int i = 0; i < question.phases().size(); i++) {
            plan.add(question.phases().get(i).name() + " " + clockTime(timetable.budget(i)));
        }
        out.println(String.join(", ", plan) + ".");
        out.println();
        paragraph("The question: " + question.prompt());
        Ending ending = Ending.COMPLETED;
        int last = question.phases().size() - 1;
        phases:
        for (int i = 0; i <= last; i++) {
            Phase phase = question.phases().get(i);
            Duration budget = timetable.budget(i);
            out.println();
            out.println("Phase " + (i + 1) + " of " + (last + 1) + ": " + phase.name() + " (" + clockTime(budget) + " suggested; "
                    + clockTime(Duration.between(clock.instant(), deadline)) + " left)");
            paragraph(phase.goal());
            if (i < last) {
                Written written = write("phase " + (i + 1), phase.name(), budget, notes, deadline);
                if (written.ending() != null) {
                    ending = written.ending();
                    break;
                }
                if (i == 0) {
                    clarifications(question.clarifications());
                }
                continue;
            }
            Duration each = budget.dividedBy(question.followUps().size());
            for (int k = 0; k < question.followUps().size(); k++) {
                FollowUp followUp = question.followUps().get(k);
                out.println();
                out.println("Follow-up " + (k + 1) + " of " + question.followUps().size() + " ("
                        + clockTime(Duration.between(clock.instant(), deadline)) + " left):");
                paragraph(followUp.question());
                Written written = write("follow-up " + (k + 1), followUp.question(), each, notes, deadline);
                if (written.ending() != null) {
                    ending = written.ending();
                    break phases;
                }
            }
        }
        if (ending == Ending.STOPPED) {
            out.println();
            out.println("Interview stopped: the input ended; " + notesStored(notes) + ".");
            out.flush();
            return new Outcome(notes, scores, ending, Duration.between(started, clock.instant()));
        }
        Duration interviewed = Duration.between(started, clock.instant());
        out.println();
        if (ending == Ending.TIME_UP) {
            out.println("Time is up (" + clockTime(timetable.total()) + "): " + notesStored(notes) + "; on to the model outline.");
        } else {
            out.println("Interview over in " + clockTime(interviewed) + " of " + clockTime(timetable.total()) + "; " + notesStored(notes) + ".");
        }
        outline(question);
        out.println();
        out.println("Score yourself on each criterion from 1 to 5 (1, 3 and 5 are described; 2 and 4 lie between):");
        for (int c = 0; c < question.rubric().size(); c++) {
            Criterion criterion = question.rubric().get(c);
            out.println();
            out.println((c + 1) + ". " + criterion.name());
            out.print(prose.lines(criterion.one(), "   1: ", "      "));
            out.print(prose.lines(criterion.three(), "   3: ", "      "));
            out.print(prose.lines(criterion.five(), "   5: ", "      "));
            out.flush();
            Optional<Integer> score = askScore(criterion);
            if (score.isEmpty()) {
                out.println();
                out.println("Interview stopped during the self-assessment: " + notesStored(notes) + ", and " + scores.size() + " of "
                        + question.rubric().size() + " scores.");
                out.flush();
                return new Outcome(notes, scores, Ending.STOPPED, interviewed);
            }
            Score scored = new Score(c, criterion.name(), score.get(), clock.instant());
            recorder.score(scored);
            scores.add(scored);
        }
        out.println();
        out.println(summary(scores, question.maxScore()));
        out.flush();
        return new Outcome(notes, scores, ending, interviewed);
    }

    /**
     * Ends the session from another thread (a shutdown hook when Ctrl-C or SIGTERM ends a one-shot command while a
     * line is being read): returns the note in progress if it has lines, and makes sure it is not recorded twice.
     */
    public synchronized Optional<Note> abandon() {
        abandoned = true;
        InProgress note = inProgress;
        inProgress = null;
        if (note == null || note.lines().isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return Optional.of(new Note(note.position(), note.step(), note.prompt(), String.join("\n", note.lines()), note.budget(),
                Duration.between(note.began(), now), now));
    }

    /** "Total 24 of 35 (69 %). Weakest: ..." for a complete self-assessment. */
    public static String summary(List<Score> scores, int maxScore) {
        int total = Outcome.total(scores);
        List<Score> weakest = weakest(scores);
        return "Total " + total + " of " + maxScore + " (" + Math.round(100.0 * total / maxScore) + " %). "
                + (weakest.isEmpty() ? "Every criterion scored " + scores.get(0).score() + "." : "Weakest: " + weakest.stream()
                .map(score -> score.criterion() + " " + score.score()).collect(Collectors.joining(", ")) + ".");
    }

    /** The criteria scored lowest (ties in rubric order, at most three); none when every criterion got the same score. */
    public static List<Score> weakest(List<Score> scores) {
        int lowest = scores.stream().mapToInt(Score::score).min().orElse(0);
        int highest = scores.stream().mapToInt(Score::score).max().orElse(0);
        if (lowest == highest) {
            return List.of();
        }
        return scores.stream().filter(score -> score.score() == lowest).limit(3).toList();
    }

    private record Written(Ending ending) {
    }

    /** Reads one note and records it; says when the note ran over its budget. The ending is set when the session must not go on. */
    private Written write(String step, String prompt, Duration budget, List<Note> notes, Instant deadline) {
        Instant began = clock.instant();
        List<String> lines = new ArrayList<>();
        synchronized (this) {
            inProgress = new InProgress(notes.size(), step, prompt, budget, began, lines);
        }
        Ending ending = null;
        while (true) {
            Optional<String> line = in.ask(NOTES_PROMPT);
            if (line.isEmpty()) {
                ending = Ending.STOPPED;
                break;
            }
            String text = line.get().stripTrailing();
            boolean closes = text.isBlank() || text.strip().equals(".");
            if (!closes) {
                synchronized (this) {
                    lines.add(text);
                }
            }
            if (!clock.instant().isBefore(deadline)) {
                ending = Ending.TIME_UP;
                break;
            }
            if (closes) {
                break;
            }
        }
        Instant now = clock.instant();
        Duration used = Duration.between(began, now);
        if (ending == Ending.STOPPED && lines.isEmpty()) {
            return new Written(ending);
        }
        Note note = new Note(notes.size(), step, prompt, String.join("\n", lines), budget, used, now);
        synchronized (this) {
            inProgress = null;
            if (abandoned) {
                return new Written(Ending.STOPPED);
            }
            recorder.note(note);
        }
        notes.add(note);
        if (ending == null && used.compareTo(budget) > 0) {
            out.println("(" + clockTime(used) + " on that, " + clockTime(used.minus(budget)) + " over the " + clockTime(budget)
                    + " suggested.)");
        }
        return new Written(ending);
    }

    private void clarifications(List<Clarification> clarifications) {
        out.println();
        out.println("Questions a strong candidate asks here, and the interviewer's answers:");
        for (Clarification clarification : clarifications) {
            out.print(prose.lines(clarification.ask(), "  - ", "    "));
            out.print(prose.lines(clarification.answer(), "    -> ", "       "));
        }
        out.flush();
    }

    private void outline(InterviewQuestion question) {
        List<Source> sources = question.sources();
        out.println();
        out.println("Model outline:");
        for (int i = 0; i < question.outline().size(); i++) {
            OutlinePoint point = question.outline().get(i);
            String cited = point.sources().stream().map(source -> "[" + (sources.indexOf(source) + 1) + "]").collect(Collectors.joining());
            out.print(prose.lines(point.text() + (cited.isEmpty() ? "" : " " + cited), String.format(Locale.ROOT, "%2d. ", i + 1), "    "));
        }
        out.println();
        out.println("What strong answers to the follow-ups cover:");
        for (int k = 0; k < question.followUps().size(); k++) {
            FollowUp followUp = question.followUps().get(k);
            out.print(prose.lines(followUp.question(), String.format(Locale.ROOT, "%2d. ", k + 1), "    "));
            out.print(prose.lines(followUp.strongAnswer(), "    ", "    "));
        }
        out.println();
        out.println("Sources:");
        for (int s = 0; s < sources.size(); s++) {
            out.print(prose.lines(sources.get(s).toString(), "  [" + (s + 1) + "] ", "      "));
        }
        out.flush();
    }

    private Optional<Integer> askScore(Criterion criterion) {
        while (true) {
            Optional<String> line = in.ask("   Your score (1-5): ");
            if (line.isEmpty()) {
                return Optional.empty();
            }
            String typed = line.get().strip();
            if (typed.matches("[1-5]")) {
                return Optional.of(Integer.parseInt(typed));
            }
            String problem = "criterion '" + criterion.name() + "': '" + typed + "' is not a score: type a whole number from 1 to 5";
            if (!in.interactive()) {
                throw new QuizInputException(problem);
            }
            out.println("   " + problem);
            out.flush();
        }
    }

    private void paragraph(String text) {
        out.print(prose.lines(text, "", ""));
        out.flush();
    }

    private static String notesStored(List<Note> notes) {
        return notes.size() + (notes.size() == 1 ? " note" : " notes") + " stored";
    }

    /** m:ss (negative durations read 0:00). */
    public static String clockTime(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return seconds / 60 + ":" + String.format(Locale.ROOT, "%02d", seconds % 60);
    }

    private static String minutes(Duration duration) {
        return duration.toMinutes() + " minutes";
    }
}
