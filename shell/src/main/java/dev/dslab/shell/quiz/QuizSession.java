package dev.dslab.shell.quiz;

import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Grade;
import dev.dslab.curriculum.question.Grader;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.question.Response;
import dev.dslab.curriculum.question.ResponseParser;
import dev.dslab.curriculum.question.Source;
import dev.dslab.scenarios.engine.Numbers;
import dev.dslab.shell.render.TextWrap;
import dev.dslab.shell.store.QuizAnswerRecord;

import java.io.PrintWriter;
import java.time.Clock;
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
 * Asks a run's questions one by one: choices as lettered options, numbers with their unit, open questions as
 * free text (ended by an empty line) followed by the model answer and a y/n per rubric point. Each answer is
 * graded by curriculum's {@link Grader}, explained, and handed to the store before the next question is asked.
 */
public final class QuizSession {

    /** How the quiz went: the answers given, in order, and whether every question was answered. */
    public record Outcome(List<QuizAnswerRecord> answers, int questions) {
        public boolean complete() {
            return answers.size() == questions;
        }

        public double score() {
            return answers.stream().mapToDouble(QuizAnswerRecord::score).sum();
        }
    }

    private final AnswerSource in;
    private final PrintWriter out;
    private final Consumer<QuizAnswerRecord> store;
    private final Clock clock;
    private final int width;

    /** @param width the columns prose is wrapped to (the terminal's) */
    public QuizSession(AnswerSource in, PrintWriter out, Consumer<QuizAnswerRecord> store, Clock clock, int width) {
        this.width = width;
        this.in = in;
        this.out = out;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Asks every question. Ends early, with the answers so far stored, when the input ends.
     *
     * @throws QuizInputException piped input that does not answer the question asked
     */
    public Outcome run(String runId, List<Question> questions) {
        List<QuizAnswerRecord> answers = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            Question question = questions.get(i);
            out.println();
            out.println("Question " + (i + 1) + " of " + questions.size() + " (" + describeKind(question) + ", "
                    + question.difficulty().name().toLowerCase(Locale.ROOT) + ")");
            out.print(TextWrap.paragraphs(question.stem(), "", width));
            for (int option = 0; option < question.options().size(); option++) {
                out.print(TextWrap.paragraphs(question.options().get(option), "  " + (char) ('a' + option) + ") ", "     ", width));
            }
            out.flush();
            Optional<Answered> answered = question.key() instanceof AnswerKey.Open open ? askOpen(question, open) : askClosed(question);
            if (answered.isEmpty()) {
                return new Outcome(answers, questions.size());
            }
            Grade grade = Grader.grade(question, answered.get().response());
            QuizAnswerRecord answer = new QuizAnswerRecord(runId, question.id(), questionText(question), answered.get().text(),
                    grade.score(), grade.correct(), Instant.now(clock));
            store.accept(answer);
            answers.add(answer);
            feedback(question, grade);
        }
        return new Outcome(answers, questions.size());
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
        out.print(TextWrap.paragraphs("Model answer: " + open.modelAnswer(), "", "  ", width));
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

    private void feedback(Question question, Grade grade) {
        boolean saysRight = grade.feedback().startsWith("Right");
        prose((saysRight ? "" : grade.correct() ? "Right. " : "Not quite. ") + grade.feedback()
                + (grade.score() > 0 && grade.score() < 1 ? " (score " + Numbers.format(Math.round(grade.score() * 100)) + " %)" : ""));
        prose("Why: " + question.explanation());
        for (Source source : question.sources()) {
            prose("Source: " + source);
        }
        prose("An interviewer would ask next: " + question.followUp());
        out.flush();
    }

    private void prose(String text) {
        out.print(TextWrap.paragraphs(text, "", "  ", width));
    }

    /** The question as stored: its stem, then its options lettered a), b), ... */
    static String questionText(Question question) {
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
}
