package dev.dslab.curriculum.quiz;

import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Grade;
import dev.dslab.curriculum.question.Grader;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.question.Response;
import dev.dslab.curriculum.question.ResponseParser;
import dev.dslab.curriculum.question.Source;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Asks questions one by one: choices as lettered options, numbers with their unit, orderings as letters, open
 * questions as free text (ended by an empty line) followed by the model answer and a y/n per rubric point. Each
 * answer is graded by {@link Grader} and handed to the recorder before the next question is asked, so a quiz
 * killed midway keeps every answer given. With feedback {@code AT_ONCE} each answer is explained right away
 * (right or wrong, why, sources, the interviewer's follow-up); {@code AT_END} keeps it for {@link #explain}.
 */
public final class QuizSession {

    public enum Feedback { AT_ONCE, AT_END }

    /** How the quiz went: the answers given, in order, how many questions there were, and whether time ran out. */
    public record Outcome(List<QuizAnswer> answers, int questions, boolean timeUp) {
        public Outcome {
            answers = List.copyOf(answers);
        }

        public boolean complete() {
            return answers.size() == questions;
        }

        public double score() {
            return answers.stream().mapToDouble(answer -> answer.grade().score()).sum();
        }

        public long right() {
            return answers.stream().filter(answer -> answer.grade().correct()).count();
        }
    }

    private final AnswerSource in;
    private final PrintWriter out;
    private final Consumer<QuizAnswer> recorder;
    private final Clock clock;
    private final Prose prose;
    private final Feedback feedback;
    private final Duration timeLimit;

    /** @param timeLimit null for none; an answer given after it is not graded and ends the quiz */
    public QuizSession(AnswerSource in, PrintWriter out, Consumer<QuizAnswer> recorder, Clock clock, Prose prose, Feedback feedback,
                       Duration timeLimit) {
        this.in = in;
        this.out = out;
        this.recorder = recorder;
        this.clock = clock;
        this.prose = prose;
        this.feedback = feedback;
        this.timeLimit = timeLimit;
    }

    /**
     * Asks every item. Ends early, with the answers so far recorded, when the input ends or time is up.
     *
     * @throws QuizInputException piped input that does not answer the question asked
     */
    public Outcome run(List<QuizItem> items) {
        Instant deadline = timeLimit == null ? null : clock.instant().plus(timeLimit);
        List<QuizAnswer> answers = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            QuizItem item = items.get(i);
            Question question = item.question();
            out.println();
            String left = deadline == null ? "" : ", " + minutesSeconds(Duration.between(clock.instant(), deadline)) + " left";
            out.println("Question " + (i + 1) + " of " + items.size() + " (" + describeKind(question) + ", "
                    + question.difficulty().name().toLowerCase(Locale.ROOT) + (item.origin().isEmpty() ? "" : ", " + item.origin())
                    + left + ")");
            out.print(prose.lines(question.stem(), "", ""));
            for (int option = 0; option < question.options().size(); option++) {
                out.print(prose.lines(question.options().get(option), "  " + (char) ('a' + option) + ") ", "     "));
            }
            out.flush();
            Optional<Answered> answered = question.key() instanceof AnswerKey.Open open ? askOpen(question, open) : askClosed(question);
            if (answered.isEmpty()) {
                return new Outcome(answers, items.size(), false);
            }
            Instant now = clock.instant();
            if (deadline != null && now.isAfter(deadline)) {
                out.println("Time is up (" + minutesSeconds(timeLimit) + "): that answer came after it and does not count.");
                return new Outcome(answers, items.size(), true);
            }
            Grade grade = Grader.grade(question, answered.get().response());
            QuizAnswer answer = new QuizAnswer(item, questionText(question), answered.get().text(), grade, now);
            recorder.accept(answer);
            answers.add(answer);
            if (feedback == Feedback.AT_ONCE) {
                explain(answer);
            }
        }
        return new Outcome(answers, items.size(), false);
    }

    /** Right or wrong with the right answer, why, the sources and the interviewer's follow-up. */
    public void explain(QuizAnswer answer) {
        Grade grade = answer.grade();
        Question question = answer.item().question();
        boolean saysRight = grade.feedback().startsWith("Right");
        paragraph((saysRight ? "" : grade.correct() ? "Right. " : "Not quite. ") + grade.feedback()
                + (grade.score() > 0 && grade.score() < 1 ? " (score " + Math.round(grade.score() * 100) + " %)" : ""));
        paragraph("Why: " + question.explanation());
        for (Source source : question.sources()) {
            paragraph("Source: " + source);
        }
        paragraph("An interviewer would ask next: " + question.followUp());
        out.flush();
    }

    private record Answered(Response response, String text) {
    }

    private Optional<Answered> askClosed(Question question) {
        String prompt = "Your answer (" + ResponseParser.expected(question) + "): ";
        while (true) {
            Optional<String> line = in.ask(prompt);
            if (line.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Answered(ResponseParser.parse(question, line.get()), line.get().strip()));
            } catch (IllegalArgumentException badAnswer) {
                retryOrFail(question, badAnswer.getMessage());
            }
        }
    }

    private Optional<Answered> askOpen(Question question, AnswerKey.Open open) {
        out.println("Your answer in your own words; an empty line ends it:");
        List<String> lines = new ArrayList<>();
        while (true) {
            Optional<String> line = in.ask("> ");
            if (line.isEmpty()) {
                return Optional.empty();
            }
            if (!line.get().isBlank()) {
                lines.add(line.get().stripTrailing());
            } else if (!lines.isEmpty()) {
                break;
            } else {
                retryOrFail(question, "no answer given: write at least one line, then an empty line");
            }
        }
        String text = String.join("\n", lines);
        out.println();
        out.print(prose.lines("Model answer: " + open.modelAnswer(), "", "  "));
        out.println("Compare yours with it, point by point (y: your answer covers it, n: it does not).");
        Set<Integer> met = new LinkedHashSet<>();
        for (int point = 0; point < open.rubric().size(); point++) {
            Optional<Boolean> covered = askYesNo(question, "  " + (point + 1) + ". " + open.rubric().get(point) + " [y/n]: ");
            if (covered.isEmpty()) {
                return Optional.empty();
            }
            if (covered.get()) {
                met.add(point);
            }
        }
        String claimed = met.isEmpty() ? "none" : met.stream().map(index -> Integer.toString(index + 1)).collect(Collectors.joining(", "));
        return Optional.of(new Answered(new Response.Open(text, met), text + "\n[rubric points covered: " + claimed + " of "
                + open.rubric().size() + "]"));
    }

    private Optional<Boolean> askYesNo(Question question, String prompt) {
        while (true) {
            Optional<String> line = in.ask(prompt);
            if (line.isEmpty()) {
                return Optional.empty();
            }
            String answer = line.get().strip().toLowerCase(Locale.ROOT);
            if (answer.equals("y") || answer.equals("yes")) {
                return Optional.of(true);
            }
            if (answer.equals("n") || answer.equals("no")) {
                return Optional.of(false);
            }
            retryOrFail(question, "'" + line.get().strip() + "' is neither y nor n: type y or n");
        }
    }

    private void retryOrFail(Question question, String problem) {
        if (!in.interactive()) {
            throw new QuizInputException("question " + question.id() + ": " + problem);
        }
        out.println("  " + problem);
        out.flush();
    }

    private void paragraph(String text) {
        out.print(prose.lines(text, "", "  "));
    }

    /** The question as stored: its stem, then its options lettered a), b), ... */
    public static String questionText(Question question) {
        StringBuilder text = new StringBuilder(question.stem());
        for (int i = 0; i < question.options().size(); i++) {
            text.append("\n  ").append((char) ('a' + i)).append(") ").append(question.options().get(i));
        }
        return text.toString();
    }

    private static String describeKind(Question question) {
        if (question.key() instanceof AnswerKey.Numeric numeric && !numeric.unit().isEmpty()) {
            return "a number in " + numeric.unit();
        }
        return question.kindName();
    }

    static String minutesSeconds(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return seconds / 60 + ":" + String.format(Locale.ROOT, "%02d", seconds % 60);
    }
}
