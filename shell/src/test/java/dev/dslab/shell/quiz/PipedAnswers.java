package dev.dslab.shell.quiz;

import dev.dslab.curriculum.bank.BankLoader;
import dev.dslab.curriculum.bank.QuestionBanks;
import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.quiz.QuizTopics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** What a script pipes into `quiz start`: the questions a seed picks and the lines that answer them. */
public final class PipedAnswers {

    public static final QuestionBanks BANKS = BankLoader.loadBundled();

    private PipedAnswers() {
    }

    /** The questions `quiz start --topic T --count N --seed S` asks a learner who has answered nothing yet. */
    public static List<Question> picked(String topic, int count, long seed) {
        return QuizTopics.pick(new QuizTopics(BANKS).questions(topic), count, Map.of(), new Random(seed));
    }

    /** The piped lines that answer a question rightly (wrongly: a valid but wrong answer). */
    public static List<String> answer(Question question, boolean right) {
        AnswerKey key = question.key();
        if (key instanceof AnswerKey.SingleChoice single) {
            return List.of(letter(right ? single.correct() : (single.correct() + 1) % question.options().size()));
        }
        if (key instanceof AnswerKey.MultipleChoice multiple) {
            List<Integer> picks = right ? multiple.correct().stream().sorted().toList()
                    : IntStream.range(0, question.options().size()).filter(i -> !multiple.correct().contains(i)).boxed().toList();
            return List.of(picks.stream().map(PipedAnswers::letter).collect(Collectors.joining(",")));
        }
        if (key instanceof AnswerKey.Numeric numeric) {
            return List.of(Double.toString(right ? numeric.value() : numeric.value() + numeric.tolerance() + 1000));
        }
        if (key instanceof AnswerKey.Ordering ordering) {
            List<Integer> order = new ArrayList<>(ordering.order());
            if (!right) {
                Collections.reverse(order);
            }
            return List.of(order.stream().map(PipedAnswers::letter).collect(Collectors.joining(" ")));
        }
        AnswerKey.Open open = (AnswerKey.Open) key;
        List<String> lines = new ArrayList<>(List.of("My answer, in my own words.", ""));
        open.rubric().forEach(point -> lines.add(right ? "y" : "n"));
        return lines;
    }

    /** Every question's lines, one answer per line, ending in a newline. */
    public static String script(List<Question> questions, boolean right) {
        return questions.stream().flatMap(question -> answer(question, right).stream()).collect(Collectors.joining("\n")) + "\n";
    }

    private static String letter(int index) {
        return String.valueOf((char) ('a' + index));
    }
}
